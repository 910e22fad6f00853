//! Lean, bounded answers: what Mist says, minus what costs tokens and says nothing.
//!
//! Mist objects carry many null, empty-string, empty-list and empty-object fields; they are
//! removed at every depth, as the body is parsed (`mist_client::lean`). List elements are never removed, since their positions can matter
//! (time series with gaps). An answer above the size cap is cut at item boundaries: the longest
//! list keeps its first items, the tail goes, and the caller learns how many were kept of how many.

use serde_json::Value;
use std::io;

pub use mist_client::lean::strip_empty;

/// The largest char boundary of `text` at or below `at` (`str::floor_char_boundary` is newer
/// than this crate's minimum Rust).
pub(crate) fn char_floor(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0)
}

/// Length of a value's compact JSON text, without building the text.
pub fn json_len(value: &Value) -> usize {
    let mut counter = ByteCount(0);
    // Writing to a counter cannot fail, and serializing a `Value` cannot either.
    let _ = serde_json::to_writer(&mut counter, value);
    counter.0
}

struct ByteCount(usize);

impl io::Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// How an answer fared against the size cap; measuring it once serves every outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fit {
    /// Within the budget, untouched.
    Whole,
    /// Cut down to the budget.
    Cut(Cut),
    /// Over the budget with no list or text to cut.
    TooLarge,
}

/// What was cut to make an answer fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    pub(crate) kept: usize,
    pub(crate) of: usize,
    /// `items` of a list, or `characters` of a text answer.
    pub(crate) unit: &'static str,
    /// JSON pointer of the list that was cut inside the data (`""` for the data itself).
    pub(crate) at: String,
}

/// Cuts `data` so its JSON text is at most `budget` bytes, if it is larger. The longest list
/// (the data itself, or the largest list within three levels) keeps as many leading items as
/// fit; a text answer keeps its beginning.
pub fn fit(data: &mut Value, budget: usize) -> Fit {
    fit_measured(data, budget, json_len(data))
}

/// [`fit`] of a value whose JSON text is known to be `len` bytes long.
pub fn fit_measured(data: &mut Value, budget: usize, len: usize) -> Fit {
    if len <= budget {
        return Fit::Whole;
    }
    cut(data, budget).map_or(Fit::TooLarge, Fit::Cut)
}

/// Cuts an answer known to exceed `budget`; `None` when there is nothing to cut.
fn cut(data: &mut Value, budget: usize) -> Option<Cut> {
    if let Value::String(text) = data {
        let of = text.chars().count();
        let keep = char_floor(text, budget.saturating_sub(2));
        text.truncate(keep);
        return Some(Cut {
            kept: text.chars().count(),
            of,
            unit: "characters",
            at: String::new(),
        });
    }
    let at = largest_list(data, String::new(), 0)?.1;
    let list = data.pointer_mut(&at)?.as_array_mut()?;
    let items = std::mem::take(list);
    // With the list emptied, what is left is the rest of the answer plus `[]`.
    let around = json_len(data).saturating_sub(2);
    let room = budget.saturating_sub(around);
    let mut used = 2; // the brackets
    let mut kept = 0;
    for item in &items {
        let cost = json_len(item) + usize::from(kept > 0);
        if used + cost > room {
            break;
        }
        used += cost;
        kept += 1;
    }
    let of = items.len();
    let list = data.pointer_mut(&at)?.as_array_mut()?;
    *list = items;
    list.truncate(kept);
    Some(Cut {
        kept,
        of,
        unit: "items",
        at,
    })
}

/// The largest list (by JSON size) in `value` down to depth 3: (size, JSON pointer).
fn largest_list(value: &Value, here: String, depth: usize) -> Option<(usize, String)> {
    let mut best: Option<(usize, String)> = None;
    let mut consider = |candidate: Option<(usize, String)>| {
        if let Some(c) = candidate
            && best.as_ref().is_none_or(|b| c.0 > b.0)
        {
            best = Some(c);
        }
    };
    match value {
        Value::Array(items) if !items.is_empty() => consider(Some((json_len(value), here.clone()))),
        Value::Object(map) if depth < 3 => {
            for (name, field) in map {
                let pointer = format!("{here}/{}", name.replace('~', "~0").replace('/', "~1"));
                consider(largest_list(field, pointer, depth + 1));
            }
        }
        _ => {}
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_fields_go_at_every_depth_but_list_positions_stay() {
        let mut v = json!({
            "name": "ap-1", "notes": "", "tags": [], "vars": {}, "ip": null,
            "radio": {"band": null, "extra": {"x": ""}}, "series": [1, null, 3], "zero": 0, "off": false
        });
        strip_empty(&mut v);
        assert_eq!(
            v,
            json!({"name": "ap-1", "series": [1, null, 3], "zero": 0, "off": false})
        );
    }

    #[test]
    fn objects_inside_lists_are_stripped_too() {
        let mut v = json!([{"a": 1, "b": null}, {"c": ""}]);
        strip_empty(&mut v);
        assert_eq!(v, json!([{"a": 1}, {}]));
    }

    #[test]
    fn json_len_matches_the_compact_text() {
        let v = json!({"a": [1, "x\"y"], "b": {"c": null}});
        assert_eq!(json_len(&v), serde_json::to_string(&v).unwrap().len());
    }

    #[test]
    fn a_small_answer_is_left_alone() {
        let mut v = json!({"results": [1, 2, 3]});
        assert_eq!(fit(&mut v, 1000), Fit::Whole);
        assert_eq!(v, json!({"results": [1, 2, 3]}));
    }

    #[test]
    fn the_results_list_keeps_whole_leading_items_within_the_budget() {
        let items: Vec<Value> = (0..100)
            .map(|i| json!({"id": i, "pad": "x".repeat(50)}))
            .collect();
        let mut v = json!({"total": 100, "results": items});
        let Fit::Cut(cut) = fit(&mut v, 1000) else {
            panic!("expected a cut")
        };
        assert_eq!((cut.of, cut.unit, cut.at.as_str()), (100, "items", "/results"));
        assert!(cut.kept > 5 && cut.kept < 20, "{cut:?}");
        assert!(json_len(&v) <= 1000);
        assert_eq!(v["results"].as_array().unwrap().len(), cut.kept);
        assert_eq!(v["results"][0]["id"], 0);
        assert_eq!(v["total"], 100);
    }

    #[test]
    fn a_bare_list_is_cut_in_place() {
        let mut v = Value::Array((0..1000).map(|i| json!(i)).collect());
        let Fit::Cut(cut) = fit(&mut v, 200) else {
            panic!("expected a cut")
        };
        assert_eq!(cut.at, "");
        assert!(json_len(&v) <= 200);
        assert_eq!(v.as_array().unwrap().len(), cut.kept);
    }

    #[test]
    fn a_text_answer_keeps_its_beginning() {
        let mut v = Value::String("é".repeat(500));
        let Fit::Cut(cut) = fit(&mut v, 101) else {
            panic!("expected a cut")
        };
        assert_eq!(cut.unit, "characters");
        assert!(json_len(&v) <= 101 && cut.kept > 0);
    }

    #[test]
    fn an_oversized_answer_without_lists_is_reported_as_uncuttable() {
        let mut v = json!({"blob": "x".repeat(500)});
        assert_eq!(fit(&mut v, 100), Fit::TooLarge);
    }
}
