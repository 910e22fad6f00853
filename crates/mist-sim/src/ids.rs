//! Ids the simulator hands out and recognises: minted UUIDs that check themselves (so any id an
//! answer ever carried is accepted later as a path id, without being stored), the UUID layout,
//! and which catalog parameters hold an id.

use crate::rng::Rng;

/// Stream that checksums minted ids, so the simulator recognises the ids it handed out.
const MINT_STREAM: &str = "minted-id";

/// A reproducible UUID whose last four hex digits check the rest: any id the simulator
/// generates for an answer is accepted later as a path id, without storing it.
pub(crate) fn mint(seed: u64, stream: &str) -> String {
    let uuid = Rng::derive(seed, stream).uuid();
    let head = &uuid[..32];
    format!("{head}{:04x}", check(seed, head))
}

/// Whether `id` is one [`mint`] gave for this seed.
pub(crate) fn is_minted(seed: u64, id: &str) -> bool {
    id.len() == 36
        && id.is_char_boundary(32)
        && u16::from_str_radix(&id[32..], 16).is_ok_and(|c| c == check(seed, &id[..32]))
}

fn check(seed: u64, head: &str) -> u16 {
    (Rng::derive(seed, &format!("{MINT_STREAM}:{head}")).next_u64() & 0xffff) as u16
}

/// Whether `x` has a UUID's layout (8-4-4-4-12 hex digits).
pub(crate) fn looks_like_uuid(x: &str) -> bool {
    x.len() == 36
        && x.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// Whether a catalog parameter holds an object's id.
pub(crate) fn is_id(p: &mist_catalog::Param) -> bool {
    p.format.as_deref() == Some("uuid") || p.name.ends_with("_id")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minted_id_is_recognised_and_an_altered_one_is_not() {
        let id = mint(42, "some/stream");
        assert!(is_minted(42, &id));
        assert!(!is_minted(7, &id), "another world's ids are not ours");
        let mut altered = id.clone();
        altered.replace_range(0..1, if id.starts_with('0') { "1" } else { "0" });
        assert!(!is_minted(42, &altered));
        assert!(!is_minted(42, "00000000-0000-0000-0000-000000000000"));
    }

    #[test]
    fn only_the_canonical_layout_looks_like_a_uuid() {
        assert!(looks_like_uuid(&mint(1, "x")));
        assert!(!looks_like_uuid("5c5b35000001"));
        assert!(!looks_like_uuid("6f4bb2a1-3c5d-4e8f-9a01-2b3c4d5e6f7"));
    }
}
