//! "Did you mean …": the known names closest to a name a model got wrong.
//!
//! Closeness is the edit distance between lower-cased names, with a name that contains the
//! other (`org` and `org_id`) counted as one edit away: models drop suffixes more often than
//! they misspell.

/// Longer than any tool, category or argument name.
pub(crate) const MAX_SUGGESTED_LEN: usize = 128;

/// The names in `known` closest to `given`, closest first, at most `n`, none further than
/// half the longer name's length.
pub(crate) fn closest<'a, I>(given: &str, known: I, n: usize) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    // No name is this long: a longer value gets no suggestion, and the edit distance (whose
    // cost grows with the product of both lengths) is never run on a hostile megabyte.
    if given.chars().nth(MAX_SUGGESTED_LEN).is_some() {
        return Vec::new();
    }
    let given = given.trim().to_lowercase();
    let mut scored: Vec<(usize, usize, &'a str)> = known
        .into_iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let lower = name.to_lowercase();
            let mut d = distance(&given, &lower);
            if given.len() >= 2 && (lower.contains(&given) || given.contains(&lower)) {
                d = d.min(1);
            }
            let limit = given.len().max(lower.len()).div_ceil(2);
            (d <= limit).then_some((d, i, name))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(n).map(|(_, _, name)| name).collect()
}

/// Levenshtein distance over characters.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_suffix_or_a_typo_finds_the_name() {
        let known = ["org_id", "site_id", "limit", "type"];
        assert_eq!(closest("org", known, 1), ["org_id"]);
        assert_eq!(closest("limt", known, 1), ["limit"]);
        assert_eq!(closest("Site_ID", known, 1), ["site_id"]);
    }

    #[test]
    fn nothing_close_suggests_nothing() {
        assert!(closest("telepathy", ["orgs", "sites", "webhooks"], 3).is_empty());
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }
}
