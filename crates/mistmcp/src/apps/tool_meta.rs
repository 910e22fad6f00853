//! The one thing a view adds to `tools/list`: `_meta.ui.resourceUri` on each tool whose answers
//! a view shows. Nothing else of the tool changes, so a model reads the same description and
//! schema whether or not its client renders views.

use super::views;
use rmcp::model::{MetaObject, Tool};
use serde_json::json;

/// `tools` with the view of each tool that has one named in its `_meta`.
pub(crate) fn annotate(mut tools: Vec<Tool>) -> Vec<Tool> {
    for tool in &mut tools {
        if let Some(view) = views::opened_by(&tool.name) {
            let mut meta = tool.meta.take().unwrap_or_else(|| MetaObject(Default::default()));
            meta.0.insert("ui".into(), json!({"resourceUri": view.uri}));
            tool.meta = Some(meta);
        }
    }
    tools
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn tool(name: &'static str) -> Tool {
        Tool::new(name, "reads something", Arc::new(Default::default()))
    }

    #[test]
    fn a_tool_with_a_view_names_it_and_keeps_everything_else() {
        let before = tool("getSiteHealth");
        let after = annotate(vec![before.clone()]).remove(0);
        let (mut before_json, after_json) = (json!(before), json!(after));
        assert_eq!(
            after_json["_meta"],
            json!({"ui": {"resourceUri": "ui://mistmcp/site-card"}})
        );
        before_json["_meta"] = after_json["_meta"].clone();
        assert_eq!(before_json, after_json);
    }

    #[test]
    fn a_tool_without_a_view_is_left_as_it_is() {
        let before = tool("getSelf");
        assert_eq!(annotate(vec![before.clone()]), vec![before]);
    }
}
