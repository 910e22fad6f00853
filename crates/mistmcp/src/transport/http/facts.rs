//! What one HTTP request to the MCP endpoint says about itself, read once.
//!
//! The outermost MCP layer reads the session id, the token headers, the endpoint's query and
//! the read-only header, and puts them in the request's extensions as [`RequestFacts`]. Every
//! layer inside it (the token binding, the session replication) and the handler (through the
//! request parts rmcp forwards) take them from there; none parses a header again.

use super::credentials::{BadTokenHeader, token_from_headers};
use super::endpoint::{self, Endpoint, EndpointDefaults, ParamError};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use mist_catalog::Catalog;
use mist_client::ApiToken;

/// The header that names a legacy session.
pub(crate) const SESSION_HEADER: &str = "mcp-session-id";

/// The header that narrows a request to reads, like `readonly=true` in the URL.
pub(crate) const READONLY_HEADER: &str = "x-mistmcp-readonly";

/// One request's facts, as it sent them.
#[derive(Debug, Clone)]
pub(crate) struct RequestFacts {
    /// The legacy session it names (`Mcp-Session-Id`), if any.
    pub session: Option<String>,
    /// The Mist token it carries, or why its token header cannot be used.
    pub token: Result<Option<ApiToken>, BadTokenHeader>,
    /// The endpoint's configuration from the URL's query, or the parameter that is wrong.
    pub endpoint: Result<Endpoint, ParamError>,
    /// `readonly=true` in the URL or the `X-Mistmcp-Readonly: true` header.
    pub read_only: bool,
    /// What a confirmation is bound to: the session, or for a stateless request the URL.
    pub channel: String,
}

/// What reading the facts needs: the catalog (for category names) and the server's defaults.
#[derive(Clone, Copy)]
pub(crate) struct FactsReader {
    /// The catalog the endpoint's categories are named from.
    pub catalog: &'static Catalog,
    /// What a URL without `mode` or `categories` gets.
    pub defaults: EndpointDefaults,
}

impl FactsReader {
    /// The facts of a request with these parts.
    pub(crate) fn read(&self, uri: &http::Uri, headers: &http::HeaderMap) -> RequestFacts {
        let endpoint = endpoint::parse(self.catalog, uri.query(), self.defaults);
        let header_read_only = headers
            .get(READONLY_HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| crate::config::values::boolean(v).unwrap_or(true));
        let session = headers
            .get(SESSION_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let channel = match &session {
            Some(session) => format!("session:{session}"),
            None => format!("endpoint:{uri}"),
        };
        RequestFacts {
            read_only: header_read_only || endpoint.as_ref().is_ok_and(|e| e.read_only),
            token: token_from_headers(headers),
            session,
            endpoint,
            channel,
        }
    }
}

/// Axum middleware: reads the request's facts and keeps them in its extensions.
pub(crate) async fn read(State(reader): State<FactsReader>, mut request: Request, next: Next) -> Response {
    let facts = reader.read(request.uri(), request.headers());
    request.extensions_mut().insert(facts);
    next.run(request).await
}

/// The facts the outermost layer read, from a request's extensions.
pub(crate) fn of(extensions: &http::Extensions) -> Option<&RequestFacts> {
    extensions.get::<RequestFacts>()
}
