//! Whether a client renders views: it declares the MCP Apps extension
//! (`io.modelcontextprotocol/ui`, SEP-1865) among its capabilities, with HTML views among the
//! kinds it takes.

use rmcp::model::{ClientCapabilities, ExtensionCapabilities, JsonObject};
use serde_json::{Value, json};

/// The extension's identifier.
pub(crate) const EXTENSION: &str = "io.modelcontextprotocol/ui";
/// The MIME type of an HTML view.
pub(crate) const MIME: &str = "text/html;profile=mcp-app";

/// Whether `capabilities` declare the extension for HTML views. The extension's settings name
/// the kinds of view the client takes (`mimeTypes`); a client that names none is taken at its
/// word that it renders the extension's one kind.
pub(crate) fn declared(capabilities: Option<&ClientCapabilities>) -> bool {
    let Some(settings) = capabilities
        .and_then(|c| c.extensions.as_ref())
        .and_then(|e| e.get(EXTENSION))
    else {
        return false;
    };
    match settings.get("mimeTypes") {
        None => true,
        Some(Value::Array(kinds)) => kinds.iter().any(|k| k.as_str() == Some(MIME)),
        Some(_) => false,
    }
}

/// The server's side of the extension, for its capabilities: the kind of view it serves.
pub(crate) fn offered() -> ExtensionCapabilities {
    let mut settings = JsonObject::new();
    settings.insert("mimeTypes".into(), json!([MIME]));
    ExtensionCapabilities::from([(EXTENSION.to_owned(), settings)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(extensions: Value) -> ClientCapabilities {
        serde_json::from_value(json!({"extensions": extensions})).unwrap()
    }

    #[test]
    fn a_client_declaring_html_views_renders_them() {
        let caps = client(json!({EXTENSION: {"mimeTypes": [MIME]}}));
        assert!(declared(Some(&caps)));
    }

    #[test]
    fn a_client_declaring_the_extension_without_settings_renders_them() {
        assert!(declared(Some(&client(json!({EXTENSION: {}})))));
    }

    #[test]
    fn a_client_without_the_extension_or_with_other_kinds_of_view_does_not() {
        assert!(!declared(None));
        assert!(!declared(Some(&ClientCapabilities::default())));
        assert!(!declared(Some(&client(json!({"io.example/other": {}})))));
        let other_kind = client(json!({EXTENSION: {"mimeTypes": ["text/uri-list"]}}));
        assert!(!declared(Some(&other_kind)));
    }
}
