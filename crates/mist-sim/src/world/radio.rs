//! An AP's radios, decided once per AP from its model, and what a client on one of them uses:
//! every record that names a band, channel or protocol reads them from here, so a client is
//! always on a channel its AP transmits on.

use crate::rng::Rng;

/// One radio of an AP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Radio {
    /// `24`, `5` or `6`, as Mist spells bands.
    pub band: &'static str,
    /// The channel it transmits on (the channel of every client on it).
    pub channel: u16,
    /// MHz.
    pub bandwidth: u16,
    /// dBm.
    pub power: u8,
}

/// The bands an AP model has radios for (Wi-Fi 6E models add 6 GHz).
pub(crate) fn model_bands(model: &str) -> &'static [&'static str] {
    match model {
        "AP45" | "AP34" => &["24", "5", "6"],
        _ => &["24", "5"],
    }
}

/// The radios of an AP of `model`, with channels an RRM plan would give neighbours.
pub(crate) fn radios(model: &str, rng: &mut Rng) -> Vec<Radio> {
    model_bands(model)
        .iter()
        .map(|band| match *band {
            "24" => Radio {
                band,
                channel: *rng.pick(&[1, 6, 11]),
                bandwidth: 20,
                power: rng.range(8, 14) as u8,
            },
            "5" => Radio {
                band,
                channel: *rng.pick(&[36, 44, 52, 100, 116, 149, 157]),
                bandwidth: 40,
                power: rng.range(12, 18) as u8,
            },
            _ => Radio {
                band,
                channel: *rng.pick(&[5, 21, 37, 53, 69, 85]),
                bandwidth: 80,
                power: rng.range(14, 21) as u8,
            },
        })
        .collect()
}

/// The radio a new client joins: 5 GHz mostly, 6 GHz where the AP has it, 2.4 GHz for some.
pub(crate) fn pick_radio<'a>(radios: &'a [Radio], rng: &mut Rng) -> Option<&'a Radio> {
    let roll = rng.below(100);
    let wanted = match roll {
        0..20 => "24",
        20..75 => "5",
        _ => "6",
    };
    radios
        .iter()
        .find(|r| r.band == wanted)
        .or_else(|| radios.iter().find(|r| r.band == "5"))
        .or_else(|| radios.first())
}

/// The 802.11 protocol a client speaks on a band: 6 GHz is ax only, 2.4 GHz is n or ax, 5 GHz
/// is ac or ax.
pub(crate) fn protocol(band: &str, rng: &mut Rng) -> &'static str {
    match band {
        "6" => "ax",
        "24" => rng.pick_copy(&["n", "ax"]),
        _ => rng.pick_copy(&["ac", "ax", "ax"]),
    }
}

/// The stats key of a band's radio (`band_24`).
pub(crate) fn stat_key(band: &str) -> &'static str {
    match band {
        "24" => "band_24",
        "5" => "band_5",
        _ => "band_6",
    }
}
