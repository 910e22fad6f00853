//! Which write tools a request may reach: the operator's switches, narrowed (never widened) by
//! the request itself (`readonly=true` on an HTTP endpoint).

use super::options::WriteOptions;
use super::options::{ENABLE_DELETES, ENABLE_WRITES};
use mist_catalog::{Deletes, ToolDef};
use serde_json::Value;

/// What a request may change in Mist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Access {
    /// POST and PUT tools.
    pub writes: bool,
    /// DELETE tools (never without `writes`).
    pub deletes: bool,
    /// The request narrowed the operator's access itself (`readonly=true`).
    pub narrowed: bool,
}

impl Access {
    /// Reads only.
    pub const READ_ONLY: Access = Access {
        writes: false,
        deletes: false,
        narrowed: false,
    };

    /// What the operator's switches allow.
    pub(crate) fn of(options: &WriteOptions) -> Self {
        Self {
            writes: options.writes,
            deletes: options.writes && options.deletes,
            narrowed: false,
        }
    }

    /// This access, narrowed to reads when the request asks for read-only; a request can
    /// never add what the operator did not allow.
    pub(crate) fn narrowed(self, read_only: bool) -> Self {
        if !read_only {
            return self;
        }
        Self {
            writes: false,
            deletes: false,
            narrowed: self.writes,
        }
    }

    /// Whether any write tool is reachable.
    pub fn any(&self) -> bool {
        self.writes
    }

    /// Whether the tool may be called: every read; a write when its switch is on.
    pub fn allows(&self, tool: &ToolDef) -> bool {
        !tool.is_write() || (self.writes && (!tool.is_delete() || self.deletes))
    }

    /// Whether a tool [`Self::allows`] may be sent this body: for a write whose body chooses
    /// its action, the delete switch when the body chooses to delete. Admission has already
    /// asked [`Self::allows`] when it found the tool, so this asks only about the body.
    pub(crate) fn allows_body(&self, tool: &ToolDef, body: Option<&Value>) -> bool {
        !tool.is_write() || self.deletes || !tool.deletes_with(body)
    }

    /// Why this call cannot be made here, and how to enable it.
    pub(crate) fn call_refusal(&self, tool: &ToolDef, body: Option<&Value>) -> String {
        let Deletes::When { field, values } = &tool.deletes else {
            return self.refusal(tool);
        };
        if self.narrowed || !self.writes {
            return self.refusal(tool);
        }
        let given = match body.and_then(|b| b.get(field)) {
            Some(Value::String(action)) => format!("body.{field} \"{}\"", mist_client::echo::clip(action)),
            _ => format!("no body.{field}"),
        };
        format!(
            "{} with {given} deletes or unassigns objects in Mist (body.{field} {}), and deletes are \
             disabled by the operator: to allow them, start the server with {} as well. Its other \
             actions are allowed",
            tool.name,
            values.join(", "),
            ENABLE_DELETES.named()
        )
    }

    /// Why a write tool cannot be called here, and how to enable it.
    pub(crate) fn refusal(&self, tool: &ToolDef) -> String {
        if self.narrowed {
            return format!(
                "{} changes Mist, and this connection asked for read-only access (readonly=true); \
                 connect without readonly=true to use write tools the server allows",
                tool.name
            );
        }
        let kind = if tool.is_delete() { "deletes" } else { "changes" };
        let how = if tool.is_delete() && self.writes {
            format!("start the server with {} as well", ENABLE_DELETES.named())
        } else if tool.is_delete() {
            format!(
                "start the server with {} and {}",
                ENABLE_WRITES.named(),
                ENABLE_DELETES.named()
            )
        } else {
            format!("start the server with {}", ENABLE_WRITES.named())
        };
        // With writes on, only deletes are off: say that, not that writes are.
        let off = if tool.is_delete() && self.writes {
            "the operator allows writes but not deletes"
        } else if tool.is_delete() {
            "delete tools are disabled by the operator"
        } else {
            "write tools are disabled by the operator"
        };
        format!(
            "{} {kind} objects in Mist ({} {}); {off}: to allow them, {how}. Each write is then \
             shown as a plan and sent only after the user confirms it",
            tool.name, tool.method, tool.path
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::test_support::tool;

    fn full() -> Access {
        Access {
            writes: true,
            deletes: true,
            narrowed: false,
        }
    }

    #[test]
    fn reads_are_always_allowed_and_writes_only_with_their_switch() {
        let read = tool("listSiteWlans");
        let create = tool("createSiteWlan");
        let delete = tool("deleteSiteWlan");
        assert!(Access::READ_ONLY.allows(read));
        assert!(!Access::READ_ONLY.allows(create));
        let writes = Access {
            deletes: false,
            ..full()
        };
        assert!(writes.allows(create) && !writes.allows(delete));
        assert!(full().allows(delete));
    }

    #[test]
    fn read_only_narrows_and_says_so_but_cannot_widen() {
        let narrowed = full().narrowed(true);
        assert!(!narrowed.allows(tool("createSiteWlan")));
        assert!(narrowed.refusal(tool("createSiteWlan")).contains("readonly=true"));
        assert_eq!(Access::READ_ONLY.narrowed(false), Access::READ_ONLY);
        assert!(!Access::READ_ONLY.narrowed(true).narrowed);
    }

    #[test]
    fn a_body_that_chooses_to_delete_needs_the_delete_switch() {
        let inventory = tool("updateOrgInventoryAssignment");
        let writes = Access {
            deletes: false,
            ..full()
        };
        let body = |op: &str| serde_json::json!({"op": op, "macs": ["5c5b350e0001"]});
        assert!(writes.allows(inventory), "listed: only some calls delete");
        assert!(writes.allows_body(inventory, Some(&body("assign"))));
        assert!(!writes.allows_body(inventory, Some(&body("delete"))));
        assert!(!writes.allows_body(inventory, Some(&body("unassign"))));
        assert!(
            !writes.allows_body(inventory, None),
            "an action that cannot be told counts"
        );
        assert!(full().allows_body(inventory, Some(&body("delete"))));
        let text = writes.call_refusal(inventory, Some(&body("delete")));
        assert!(
            text.contains("body.op \"delete\"") && text.contains("--enable-delete-tools"),
            "{text}"
        );
        assert!(!writes.allows(tool("deleteOrgPskList")), "a POST that deletes");
    }

    #[test]
    fn a_refusal_names_the_switches_that_enable_the_tool() {
        let text = Access::READ_ONLY.refusal(tool("deleteSiteWlan"));
        assert!(
            text.contains("--enable-write-tools") && text.contains("--enable-delete-tools"),
            "{text}"
        );
        let text = Access::READ_ONLY.refusal(tool("createSiteWlan"));
        assert!(
            text.contains("MISTMCP_ENABLE_WRITE_TOOLS") && !text.contains("delete-tools"),
            "{text}"
        );
    }

    #[test]
    fn with_writes_on_a_delete_refusal_says_only_deletes_are_off() {
        let writes = Access::of(&crate::writes::options::WriteOptions {
            writes: true,
            ..Default::default()
        });
        let text = writes.refusal(tool("deleteSiteWlan"));
        assert!(text.contains("allows writes but not deletes"), "{text}");
        assert!(!text.contains("write tools are disabled"), "{text}");
    }
}
