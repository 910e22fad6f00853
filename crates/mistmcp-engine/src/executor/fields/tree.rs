//! The tree of `fields` paths, built once, and keeping what it names of one record.

use serde_json::{Map, Value};
use std::collections::HashMap;

/// One level of the paths: the keys named here, in the order first asked, each either kept
/// whole or narrowed further.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Node {
    whole: bool,
    children: Vec<(String, Node)>,
}

/// Builds the tree, finding each key's child through an index so that adding a path costs
/// its length, whatever came before.
#[derive(Default)]
pub(super) struct Builder {
    whole: bool,
    order: Vec<String>,
    children: HashMap<String, Builder>,
}

impl Builder {
    pub(super) fn add<'a>(&mut self, mut path: impl Iterator<Item = &'a str>) {
        let Some(key) = path.next() else {
            self.whole = true;
            return;
        };
        let child = match self.children.get_mut(key) {
            Some(child) => child,
            None => {
                self.order.push(key.to_owned());
                self.children.entry(key.to_owned()).or_default()
            }
        };
        child.add(path);
    }

    pub(super) fn finish(mut self) -> Node {
        let children = self
            .order
            .into_iter()
            .filter_map(|key| {
                let child = self.children.remove(&key)?;
                Some((key, child.finish()))
            })
            .collect();
        Node {
            whole: self.whole,
            children,
        }
    }
}

/// The parts of `map` that `node` names, in the order they were asked for.
pub(super) fn project(mut map: Map<String, Value>, node: &Node) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, child) in &node.children {
        let Some(value) = map.remove(key) else { continue };
        if child.whole {
            out.insert(key.clone(), value);
        } else if let Some(kept) = nested(value, child) {
            out.insert(key.clone(), kept);
        }
    }
    out
}

fn nested(value: Value, node: &Node) -> Option<Value> {
    match value {
        Value::Object(map) => {
            let kept = project(map, node);
            (!kept.is_empty()).then_some(Value::Object(kept))
        }
        Value::Array(items) => {
            let kept: Vec<Value> = items
                .into_iter()
                .map(|item| nested(item, node).unwrap_or(Value::Null))
                .collect();
            kept.iter().any(|v| !v.is_null()).then_some(Value::Array(kept))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Fields, MAX_NAMES};
    use serde_json::{Map, Value, json};

    fn fields(v: Value) -> Fields {
        Fields::parse(&v).unwrap()
    }

    #[test]
    fn dot_paths_keep_nested_fields_and_reach_through_lists() {
        let mut v = json!({"name": "sw-1", "radio": {"band_5": {"util": 3, "noise": -90}, "band_24": {"util": 1}},
                           "ports": [{"id": "ge-0/0/1", "speed": 1000}, {"id": "ge-0/0/2", "speed": 10}]});
        fields(json!("radio.band_5.util,ports.speed")).select(&mut v);
        assert_eq!(
            v,
            json!({"radio": {"band_5": {"util": 3}}, "ports": [{"speed": 1000}, {"speed": 10}]})
        );
    }

    #[test]
    fn a_whole_field_and_a_path_inside_it_keep_the_whole_field() {
        let mut v = json!({"radio": {"band_5": {"util": 3}, "band_24": {"util": 1}}, "name": "ap"});
        fields(json!("radio.band_5.util,radio")).select(&mut v);
        assert_eq!(
            v,
            json!({"radio": {"band_5": {"util": 3}, "band_24": {"util": 1}}})
        );
    }

    #[test]
    fn paths_that_share_a_head_are_kept_together_in_the_order_first_asked() {
        let names: Vec<String> = (0..MAX_NAMES / 2)
            .flat_map(|i| [format!("stat.k{i}"), format!("other{i}")])
            .collect();
        let mut item = Map::new();
        let mut stat = Map::new();
        for i in 0..MAX_NAMES / 2 {
            stat.insert(format!("k{i}"), json!(i));
            item.insert(format!("other{i}"), json!(i));
        }
        item.insert("stat".into(), Value::Object(stat.clone()));
        let mut v = Value::Object(item);
        assert_eq!(fields(json!(names)).select(&mut v), None);
        let kept = v.as_object().unwrap();
        assert_eq!(kept.keys().next().map(String::as_str), Some("stat"));
        assert_eq!(kept["stat"], Value::Object(stat));
        assert_eq!(kept.len(), 1 + MAX_NAMES / 2);
    }
}
