//! Path templates compiled into a segment tree, where a literal segment is tried before a
//! placeholder; the read and the write routes are each one such tree.

use std::collections::HashMap;

#[derive(Debug, Default)]
struct Node {
    literal: HashMap<String, Node>,
    param: Option<Box<Node>>,
    /// Index into `Routes::ops` and the placeholder names met on the way, in order.
    leaf: Option<(usize, Vec<String>)>,
}

/// Path templates compiled into a segment tree; each leaf holds the index of what it names.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    root: Node,
}

impl Tree {
    /// Adds `template` for entry `idx`; a template already present keeps its first entry.
    pub(crate) fn insert(&mut self, template: &str, idx: usize) {
        let mut node = &mut self.root;
        let mut names = Vec::new();
        for seg in split(template) {
            node = if let Some(name) = placeholder(seg) {
                names.push(name.to_string());
                node.param.get_or_insert_with(Box::default)
            } else {
                node.literal.entry(seg.to_string()).or_default()
            };
        }
        node.leaf.get_or_insert((idx, names));
    }

    /// The entry `path` names and its placeholders' values, in path order.
    pub(crate) fn find(&self, path: &str) -> Option<(usize, Vec<(&str, String)>)> {
        let segs: Vec<&str> = split(path).collect();
        let mut values = Vec::new();
        let (idx, names) = walk(&self.root, &segs, &mut values)?;
        let params = names
            .iter()
            .map(String::as_str)
            .zip(values.into_iter().map(str::to_string))
            .collect();
        Some((*idx, params))
    }
}

fn walk<'n, 's>(
    node: &'n Node,
    segs: &[&'s str],
    values: &mut Vec<&'s str>,
) -> Option<&'n (usize, Vec<String>)> {
    let Some((first, rest)) = segs.split_first() else {
        return node.leaf.as_ref();
    };
    if let Some(next) = node.literal.get(*first)
        && let Some(found) = walk(next, rest, values)
    {
        return Some(found);
    }
    // `count` and `search` end a path and never name an object: `/sites/{id}/zones/count`
    // counts zone sessions rather than reading a zone called "count".
    if matches!(*first, "count" | "search") {
        return None;
    }
    let next = node.param.as_deref()?;
    values.push(first);
    let found = walk(next, rest, values);
    if found.is_none() {
        values.pop();
    }
    found
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn placeholder(seg: &str) -> Option<&str> {
    seg.strip_prefix('{')?.strip_suffix('}')
}
