//! Query-string parsing and the window, limit and page rules shared by every operation.

/// The decoded query pairs of one request, in order.
#[derive(Debug, Default)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

/// A client mistake, answered with 400 and `{"detail"}`.
#[derive(Debug)]
pub(crate) struct BadRequest(pub String);

/// Largest page Mist serves.
pub(crate) const MAX_LIMIT: usize = 1000;

impl Query {
    pub(crate) fn parse(raw: Option<&str>) -> Self {
        let pairs = raw
            .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
            .unwrap_or_default();
        Self { pairs }
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    pub(crate) fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    fn int(&self, name: &str) -> Result<Option<i64>, BadRequest> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<i64>()
                .map(Some)
                .map_err(|_| BadRequest(format!("'{name}' must be an integer"))),
        }
    }

    /// `limit`, defaulting to `default`, capped at [`MAX_LIMIT`].
    pub(crate) fn limit(&self, default: usize) -> Result<usize, BadRequest> {
        let n = self.int("limit")?.unwrap_or(default as i64);
        if n < 0 {
            return Err(BadRequest("'limit' must not be negative".into()));
        }
        Ok((n as usize).clamp(1, MAX_LIMIT))
    }

    /// 1-based `page`.
    pub(crate) fn page(&self) -> Result<usize, BadRequest> {
        let n = self.int("page")?.unwrap_or(1);
        if n < 1 {
            return Err(BadRequest("'page' starts at 1".into()));
        }
        Ok(n as usize)
    }

    /// The time window from `start`/`end` (epoch seconds or milliseconds) or `duration`
    /// before `end`; `now` when `end` is absent.
    pub(crate) fn window(&self, now: i64, default_duration: &str) -> Result<Window, BadRequest> {
        let end = self.int("end")?.map(seconds).unwrap_or(now);
        let start = match self.int("start")?.map(seconds) {
            Some(s) => s,
            None => {
                let text = self.get("duration").unwrap_or(default_duration);
                let span =
                    parse_duration(text).ok_or_else(|| BadRequest(format!("invalid duration '{text}'")))?;
                end.saturating_sub(span)
            }
        };
        if start > end {
            return Err(BadRequest("'start' is after 'end'".into()));
        }
        Ok(Window { start, end })
    }
}

/// Inclusive epoch-second bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    pub(crate) start: i64,
    pub(crate) end: i64,
}

impl Window {
    pub(crate) fn contains(&self, ts: i64) -> bool {
        ts >= self.start && ts <= self.end
    }
}

/// Mist accepts milliseconds in some places; anything past year 33658 in seconds is ms.
fn seconds(v: i64) -> i64 {
    if v > 1_000_000_000_000 { v / 1000 } else { v }
}

/// `30s`, `5m`, `1h`, `7d`, `2w` (a bare number is seconds).
pub(crate) fn parse_duration(text: &str) -> Option<i64> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (num, unit) = text.split_at(split);
    let n: i64 = num.parse().ok()?;
    let mult = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return None,
    };
    n.checked_mul(mult)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_in_every_unit() {
        assert_eq!(parse_duration("1h"), Some(3_600));
        assert_eq!(parse_duration("7d"), Some(604_800));
        assert_eq!(parse_duration("90"), Some(90));
        assert_eq!(parse_duration("1y"), None);
        assert_eq!(parse_duration("h"), None);
    }

    #[test]
    fn window_prefers_start_and_end_over_duration() {
        let q = Query::parse(Some("start=100&end=200&duration=1d"));
        assert_eq!(q.window(1_000, "1d").unwrap(), Window { start: 100, end: 200 });
        let q = Query::parse(Some("duration=1h"));
        assert_eq!(
            q.window(10_000, "1d").unwrap(),
            Window {
                start: 6_400,
                end: 10_000
            }
        );
    }

    #[test]
    fn limit_is_capped_and_validated() {
        assert_eq!(Query::parse(Some("limit=5000")).limit(100).unwrap(), 1000);
        assert_eq!(Query::parse(None).limit(100).unwrap(), 100);
        assert!(Query::parse(Some("limit=abc")).limit(100).is_err());
        assert!(Query::parse(Some("page=0")).page().is_err());
    }
}
