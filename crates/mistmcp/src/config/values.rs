//! Typed value parsers for the command line: every kind of setting value is read in one place.
//!
//! Each parser takes the text of a flag or of its environment variable and returns the typed
//! value or a reason; clap reports the reason, and [`super::settings`] names the flag and the
//! variable around it. A blank value (an empty environment variable) counts as not given.

use mist_client::{AllowedHost, CacheTtl};
use std::net::IpAddr;
use std::ops::RangeInclusive;
use std::time::Duration;

/// A setting's value as given; blank text gives `Given(None)`, so an empty environment
/// variable means the default rather than a mistake.
#[derive(Debug, Clone, PartialEq)]
pub struct Given<T>(pub Option<T>);

/// Reads a setting that may be absent or blank.
pub(crate) fn given<T: Clone>(setting: &Option<Given<T>>) -> Option<T> {
    setting.as_ref().and_then(|g| g.0.clone())
}

/// The values of a repeatable setting, blanks dropped.
pub(crate) fn all_given<T: Clone>(settings: &[Given<T>]) -> Vec<T> {
    settings.iter().filter_map(|g| g.0.clone()).collect()
}

/// Wraps a parser so that blank text is "not given".
pub(crate) fn blank_or<T, F>(
    parse: F,
) -> impl Fn(&str) -> Result<Given<T>, String> + Clone + Send + Sync + 'static
where
    F: Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static,
{
    move |text: &str| {
        let text = text.trim();
        if text.is_empty() {
            Ok(Given(None))
        } else {
            parse(text).map(|v| Given(Some(v)))
        }
    }
}

/// `true`/`false` and their usual spellings; a bare flag (`--debug`) arrives as `true`.
pub(crate) fn boolean(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err("expected true or false".into()),
    }
}

/// A number of seconds (fractions allowed) within `range`.
pub(crate) fn seconds(
    range: RangeInclusive<f64>,
) -> impl Fn(&str) -> Result<Duration, String> + Clone + Send + Sync {
    move |text: &str| {
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && range.contains(s))
            .map(Duration::from_secs_f64)
            .ok_or_else(|| format!("expected seconds, from {} to {}", range.start(), range.end()))
    }
}

/// A number of minutes, more than 0 and at most `max`.
pub(crate) fn minutes(max: f64) -> impl Fn(&str) -> Result<Duration, String> + Clone + Send + Sync {
    move |text: &str| {
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|m| m.is_finite() && *m > 0.0 && *m <= max)
            .map(|m| Duration::from_secs_f64(m * 60.0))
            .ok_or_else(|| format!("expected minutes, more than 0 and at most {max}"))
    }
}

/// A whole number within `range`.
pub(crate) fn whole(
    range: RangeInclusive<u64>,
) -> impl Fn(&str) -> Result<u64, String> + Clone + Send + Sync {
    move |text: &str| {
        text.trim()
            .parse::<u64>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| {
                format!(
                    "expected a whole number from {} to {}",
                    range.start(),
                    range.end()
                )
            })
    }
}

/// A TCP port to listen on.
pub(crate) fn port(text: &str) -> Result<u16, String> {
    text.trim()
        .parse::<u16>()
        .ok()
        .filter(|p| *p != 0)
        .ok_or_else(|| "expected a number from 1 to 65535".into())
}

/// An address to bind to; `localhost` is the IPv4 loopback.
pub(crate) fn bind_address(text: &str) -> Result<IpAddr, String> {
    match text.trim() {
        "localhost" => Ok(IpAddr::from([127, 0, 0, 1])),
        other => other
            .trim_matches(['[', ']'])
            .parse::<IpAddr>()
            .map_err(|_| "expected an IP address such as 127.0.0.1 or 0.0.0.0".into()),
    }
}

/// A host Mist calls may go to besides the Mist clouds.
pub(crate) fn allowed_host(text: &str) -> Result<AllowedHost, String> {
    AllowedHost::parse(text).map_err(|e| e.to_string())
}

/// Cache lifetimes: `constant=1h,config=60s,volatile=10` (a bare number is seconds; unnamed
/// classes keep their defaults; 0 stops caching that class).
pub(crate) fn cache_ttl(list: &str) -> Result<CacheTtl, String> {
    let mut ttl = CacheTtl::default();
    let fail =
        |item: &str, why: &str| format!("'{item}': {why}; example: constant=1h,config=60s,volatile=10s");
    for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let Some((class, value)) = item.split_once('=') else {
            return Err(fail(item, "expected CLASS=DURATION"));
        };
        let value = value.trim();
        let duration = match value.parse::<u64>() {
            Ok(secs) => Duration::from_secs(secs),
            Err(_) => {
                humantime::parse_duration(value).map_err(|_| fail(item, "the duration is not understood"))?
            }
        };
        let slot = match class.trim().to_ascii_lowercase().as_str() {
            "constant" => &mut ttl.constant,
            "config" => &mut ttl.config,
            "volatile" => &mut ttl.volatile,
            _ => return Err(fail(item, "the classes are constant, config and volatile")),
        };
        *slot = duration;
    }
    Ok(ttl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_take_the_usual_words_and_refuse_others() {
        for yes in ["", "true", "YES", " on ", "1"] {
            assert_eq!(boolean(yes), Ok(true), "{yes}");
        }
        for no in ["false", "No", "off", "0"] {
            assert_eq!(boolean(no), Ok(false), "{no}");
        }
        assert!(boolean("maybe").is_err());
    }

    #[test]
    fn numbers_are_held_to_their_range() {
        let s = seconds(0.1..=3600.0);
        assert_eq!(s("12.5"), Ok(Duration::from_millis(12_500)));
        assert!(s("0").unwrap_err().contains("from 0.1 to 3600"));
        assert!(s("NaN").is_err());
        assert_eq!(minutes(10_080.0)("0.5"), Ok(Duration::from_secs(30)));
        assert!(minutes(10_080.0)("0").is_err());
        assert_eq!(whole(0..=10)("3"), Ok(3));
        assert!(whole(0..=10)("11").unwrap_err().contains("0 to 10"));
        assert!(port("0").is_err() && port("70000").is_err());
        assert_eq!(bind_address("[::1]").map(|a| a.is_loopback()), Ok(true));
    }

    #[test]
    fn blank_text_counts_as_not_given() {
        let parse = blank_or(port);
        assert_eq!(parse("  "), Ok(Given(None)));
        assert_eq!(parse("8080"), Ok(Given(Some(8080))));
        assert!(parse("eighty").is_err());
    }

    #[test]
    fn cache_lifetimes_name_the_item_that_is_wrong() {
        let ttl = cache_ttl("config=2m, volatile=5").unwrap();
        assert_eq!(ttl.config, Duration::from_secs(120));
        assert_eq!(ttl.volatile, Duration::from_secs(5));
        assert!(
            cache_ttl("forever=1h")
                .unwrap_err()
                .contains("constant, config and volatile")
        );
        assert!(cache_ttl("config=soon").unwrap_err().contains("not understood"));
    }
}
