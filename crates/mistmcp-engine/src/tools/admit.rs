//! Admission: whether a caller may call a catalog tool by this name. It is the authorization
//! gate of every call: the tool exists, the caller's view reaches its category, and a write is
//! allowed by the operator's switches, the request, and (for a body that deletes) the delete
//! switch. A refused write is audited like any other.

use super::{Caller, Failure, Route, Tools};
use crate::discovery::answers;
use crate::executor::CallError;
use crate::surface::own_names::CALL_TOOL;
use crate::writes::BODY;
use mist_catalog::ToolDef;
use serde_json::{Map, Value};

impl Tools {
    /// The catalog tool `name`, if `caller` may call it with these arguments.
    pub(super) fn admit(
        &self,
        caller: &Caller,
        name: &str,
        arguments: Option<&Map<String, Value>>,
        route: Route,
    ) -> Result<&'static ToolDef, Failure> {
        let reach = self.reach(caller);
        let refused_as = if route == Route::ByName { CALL_TOOL } else { name };
        let def = match answers::find(&self.registry, reach, name) {
            Ok(def) => def,
            Err(error @ CallError::UnknownTool { .. }) => {
                return Err(Failure {
                    tool: refused_as.to_owned(),
                    error: Box::new(error),
                    unknown_name: route == Route::Direct,
                });
            }
            Err(error @ CallError::NotEnabled(_)) => {
                // A write refused here (its switch is off, or the request is read-only) is
                // audited like any other refused write.
                let catalog = self.registry.catalog();
                let error = match catalog.tool(name.trim()).filter(|t| t.is_write()) {
                    Some(def) => self.writes.refused(def, caller.target.as_ref().ok(), error),
                    None => error,
                };
                return Err(Failure::of(refused_as, error));
            }
            Err(error) => return Err(Failure::of(refused_as, error)),
        };
        if caller.one_shot && def.is_write() {
            // A write needs the user's confirmation of its plan, which an MCP client asks for;
            // a one-shot command has no one to show the plan to.
            return Err(Failure::of(
                &def.name,
                CallError::Usage(format!(
                    "{} changes the Mist configuration: writes go through an MCP client, which \
                     shows the plan and asks the user before anything is sent; `mistmcp call` runs reads",
                    def.name
                )),
            ));
        }
        let body = arguments.and_then(|a| a.get(BODY));
        if !reach.access.allows_body(def, body) {
            // A write whose body chooses to delete, without the delete switch.
            let error = CallError::NotEnabled(reach.access.call_refusal(def, body));
            let error = self.writes.refused(def, caller.target.as_ref().ok(), error);
            let tool = if route == Route::ByName {
                CALL_TOOL
            } else {
                &def.name
            };
            return Err(Failure::of(tool, error));
        }
        Ok(def)
    }
}
