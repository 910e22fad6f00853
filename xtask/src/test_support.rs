//! Builders of catalog values for the generator's unit tests.

use mist_catalog::{CacheClass, Location, Pagination, Param, ParamType, ResponseKind, ToolDef};

pub fn param(name: &str, location: Location) -> Param {
    Param {
        name: name.into(),
        location,
        required: location == Location::Path,
        ty: ParamType::String,
        format: None,
        enum_values: vec![],
        default: None,
        minimum: None,
        maximum: None,
        items: None,
        description: String::new(),
        source: None,
        wire: None,
    }
}

pub fn tool(name: &str, path: &str, params: Vec<Param>, pagination: Pagination) -> ToolDef {
    ToolDef {
        name: name.into(),
        aliases: vec![],
        operation_id: name.into(),
        category: "c".into(),
        method: mist_catalog::Method::Get,
        path: path.into(),
        title: String::new(),
        description: String::new(),
        pagination,
        response: ResponseKind::Object,
        cache: CacheClass::Config,
        params,
        item: None,
        item_in_results: false,
        body: None,
        body_required: false,
        destructive: false,
        deletes: mist_catalog::Deletes::No,
        kind: mist_catalog::ToolKind::Operation,
    }
}
