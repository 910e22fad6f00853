//! The endpoint URL's query parameters: `/mcp?cloud=…&mode=…&categories=…&debug=…&readonly=…`.
//!
//! They are a client's configuration, as in the seed. Every request carries them (clients post
//! to the same URL each time), so a stateless request needs nothing else; a legacy session takes
//! its mode and categories from its `initialize` request and keeps them.

use mist_catalog::Catalog;
use mist_client::echo::clip;
use mistmcp_engine::parse_list;
use mistmcp_engine::{CategorySet, ToolMode};
use std::fmt;

/// The names this endpoint understands, for error messages.
pub(crate) const PARAMS: [&str; 5] = ["cloud", "mode", "categories", "debug", "readonly"];

/// What the server was started with; a URL without `mode` or `categories` gets these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointDefaults {
    /// The server's mode.
    pub mode: ToolMode,
    /// The server's categories.
    pub categories: CategorySet,
}

/// One endpoint's configuration, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub mode: ToolMode,
    /// Enabled at start (managed), fixed (custom) or every category (all).
    pub categories: CategorySet,
    /// The `cloud` value as given; resolved against the host policy when a call needs it.
    pub cloud: Option<String>,
    /// Accepted for the seed's URLs; logging is configured for the whole process.
    pub debug: bool,
    /// `readonly=true`: this endpoint's requests see and call no write tool, whatever the
    /// operator allows (a URL can only narrow the server's switches, never widen them).
    pub read_only: bool,
}

/// A query parameter that cannot be used, with what would work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    pub param: String,
    pub message: String,
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "query parameter '{}' of the MCP endpoint URL: {}",
            self.param, self.message
        )
    }
}

impl std::error::Error for ParamError {}

/// `param` is echoed clipped: a client may send a megabyte where a name belongs.
fn bad(param: &str, message: impl Into<String>) -> ParamError {
    ParamError {
        param: clip(param).to_string(),
        message: message.into(),
    }
}

/// The endpoint's parameters as the query gives them, each at most once (categories may
/// repeat).
#[derive(Default)]
struct Given {
    mode: Option<String>,
    categories: Option<Vec<String>>,
    cloud: Option<String>,
    debug: Option<String>,
    readonly: Option<String>,
}

/// Reads the query string of a request to the endpoint.
pub fn parse(
    catalog: &Catalog,
    query: Option<&str>,
    defaults: EndpointDefaults,
) -> Result<Endpoint, ParamError> {
    let given = read_query(query)?;
    let mode = match given.mode {
        None => defaults.mode,
        // A long value is no mode: parsing its clipped form gives the error with a short echo.
        Some(m) => clip(&m)
            .to_string()
            .parse::<ToolMode>()
            .map_err(|e| bad("mode", e.to_string()))?,
    };
    let categories = categories_of(catalog, mode, given.categories.as_deref(), defaults)?;
    if given.cloud.as_deref() == Some("") {
        return Err(bad(
            "cloud",
            "empty; give a Mist API host such as api.mist.com or api.eu.mist.com",
        ));
    }
    Ok(Endpoint {
        mode,
        categories,
        cloud: given.cloud,
        debug: flag("debug", given.debug.as_deref())?,
        read_only: flag("readonly", given.readonly.as_deref())?,
    })
}

/// The query's parameters; an unknown one, or one given twice with two values, is refused.
fn read_query(query: Option<&str>) -> Result<Given, ParamError> {
    let mut given = Given::default();
    for (name, value) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        let value = value.trim().to_owned();
        match name.as_ref() {
            "categories" => given.categories.get_or_insert_with(Vec::new).push(value),
            "mode" => set_once(&mut given.mode, "mode", value)?,
            "cloud" => set_once(&mut given.cloud, "cloud", value)?,
            "debug" => set_once(&mut given.debug, "debug", value)?,
            "readonly" => set_once(&mut given.readonly, "readonly", value)?,
            other => {
                return Err(bad(
                    other,
                    format!("unknown parameter; this endpoint takes {}", PARAMS.join(", ")),
                ));
            }
        }
    }
    Ok(given)
}

/// The categories a connection in `mode` starts with: those named, else the server's own when
/// the mode is the server's (another mode starts from none).
fn categories_of(
    catalog: &Catalog,
    mode: ToolMode,
    named: Option<&[String]>,
    defaults: EndpointDefaults,
) -> Result<CategorySet, ParamError> {
    let named = match named {
        Some(items) => Some(
            parse_list(catalog, items.iter().map(String::as_str))
                .map_err(|e| bad("categories", e.to_string()))?,
        ),
        None => None,
    };
    let fallback = if mode == defaults.mode {
        defaults.categories
    } else {
        CategorySet::EMPTY
    };
    mode.starting_categories(&catalog.categories, named, fallback).map_err(|_| {
        bad(
            "categories",
            "mode=custom needs the categories to load, e.g. &categories=orgs,sites (manageMcpTools lists them all)",
        )
    })
}

/// A boolean parameter (`debug`, `readonly`): false when absent.
fn flag(name: &str, text: Option<&str>) -> Result<bool, ParamError> {
    match text {
        None => Ok(false),
        Some(text) => crate::config::values::boolean(text)
            .map_err(|e| bad(name, format!("'{}' is not a boolean: {e}", clip(text)))),
    }
}

fn set_once(slot: &mut Option<String>, name: &str, value: String) -> Result<(), ParamError> {
    match slot {
        Some(first) if *first != value => Err(bad(
            name,
            format!(
                "given twice ('{}' and '{}'); give it once",
                clip(first),
                clip(&value)
            ),
        )),
        _ => {
            *slot = Some(value);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANAGED: EndpointDefaults = EndpointDefaults {
        mode: ToolMode::Managed,
        categories: CategorySet::EMPTY,
    };

    fn catalog() -> &'static Catalog {
        mist_catalog::catalog()
    }

    #[test]
    fn long_names_and_values_come_back_clipped() {
        let long = "x".repeat(10_000);
        for query in [
            format!("mode={long}"),
            format!("{long}=1"),
            format!("debug={long}"),
            format!("mode=all&mode={long}"),
        ] {
            let e = parse(catalog(), Some(&query), MANAGED).unwrap_err().to_string();
            assert!(e.len() < 400 && e.contains("(10000 characters)"), "{e}");
        }
    }

    #[test]
    fn a_bare_endpoint_gets_the_server_defaults() {
        let e = parse(catalog(), None, MANAGED).unwrap();
        assert_eq!(
            (e.mode, e.categories, e.cloud, e.debug),
            (ToolMode::Managed, CategorySet::EMPTY, None, false)
        );
    }

    #[test]
    fn the_seed_example_urls_parse() {
        let e = parse(catalog(), Some("cloud=api.mist.com&mode=all&debug=true"), MANAGED).unwrap();
        assert_eq!(e.mode, ToolMode::All);
        assert_eq!(e.categories, CategorySet::all(catalog()));
        assert_eq!(e.cloud.as_deref(), Some("api.mist.com"));
        assert!(e.debug);
        let e = parse(
            catalog(),
            Some("cloud=api.mist.com&mode=custom&categories=orgs,sites,devices"),
            MANAGED,
        )
        .unwrap();
        assert_eq!(e.categories.names(catalog()), vec!["devices", "orgs", "sites"]);
    }

    #[test]
    fn encoded_and_repeated_categories_are_merged() {
        let e = parse(
            catalog(),
            Some("mode=custom&categories=Orgs%20Stats&categories=sites"),
            MANAGED,
        )
        .unwrap();
        assert_eq!(e.categories.names(catalog()), vec!["orgs_stats", "sites"]);
    }

    #[test]
    fn bad_values_name_the_parameter_and_the_valid_choices() {
        let e = parse(catalog(), Some("mode=turbo"), MANAGED).unwrap_err();
        assert_eq!(e.param, "mode");
        assert!(e.to_string().contains("managed, all, custom"), "{e}");
        let e = parse(catalog(), Some("mode=custom&categories=orgs,nope"), MANAGED).unwrap_err();
        assert!(e.param == "categories" && e.message.contains("'nope'"), "{e}");
        let e = parse(catalog(), Some("mode=custom"), MANAGED).unwrap_err();
        assert!(e.message.contains("categories=orgs,sites"), "{e}");
        let e = parse(catalog(), Some("debug=maybe"), MANAGED).unwrap_err();
        assert_eq!(e.param, "debug");
        let e = parse(catalog(), Some("mdoe=all"), MANAGED).unwrap_err();
        assert!(
            e.param == "mdoe" && e.message.contains("cloud, mode, categories, debug"),
            "{e}"
        );
        let e = parse(catalog(), Some("mode=all&mode=custom"), MANAGED).unwrap_err();
        assert!(e.message.contains("given twice"), "{e}");
    }

    #[test]
    fn the_server_categories_apply_only_to_the_server_mode() {
        let custom = EndpointDefaults {
            mode: ToolMode::Custom,
            categories: parse_list(catalog(), ["sites"]).unwrap(),
        };
        assert_eq!(
            parse(catalog(), None, custom)
                .unwrap()
                .categories
                .names(catalog()),
            vec!["sites"]
        );
        assert!(
            parse(catalog(), Some("mode=managed"), custom)
                .unwrap()
                .categories
                .is_empty()
        );
    }

    #[test]
    fn managed_mode_may_start_with_categories_enabled() {
        let e = parse(catalog(), Some("categories=orgs"), MANAGED).unwrap();
        assert_eq!(
            (e.mode, e.categories.names(catalog())),
            (ToolMode::Managed, vec!["orgs"])
        );
    }
}
