//! The generic executor: one code path serves every catalog tool.
//!
//! It validates the arguments against the tool's parameters, builds the request from the
//! operation's path template (or opens the cursor the model passed back), calls Mist through
//! [`MistClient`] (cache, single-flight, budget, retries), follows further pages when asked,
//! and shapes the answer into the envelope described in [`envelope`].

pub mod args;
pub mod controls;
pub mod envelope;
pub mod paging;
pub mod path_guard;
pub mod progress;
pub mod request;
pub mod result;
pub mod shape;
#[cfg(test)]
mod test_support;

use crate::mist::{ApiToken, BodyKind, CursorKey, CursorScope, MistBase, MistClient, Request};
use controls::Controls;
use envelope::{Continue, Paged};
use http::Method;
use mist_catalog::{Pagination, ResponseKind, ToolDef};
use paging::{Next, PageInfo};
use progress::Progress;
use rmcp::RoleServer;
use rmcp::model::CallToolResult;
use rmcp::service::RequestContext;
use serde_json::{Map, Value};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Where a call goes and as whom.
#[derive(Debug, Clone)]
pub struct Target {
    pub base: MistBase,
    pub token: ApiToken,
}

/// Limits on what one answer may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerLimits {
    /// Largest `data` JSON text an answer carries; larger ones are cut at item boundaries.
    pub max_bytes: usize,
}

impl Default for AnswerLimits {
    fn default() -> Self {
        Self {
            max_bytes: 100 * 1024,
        }
    }
}

/// Room kept for `pagination` and `notes` next to `data`.
const ENVELOPE_RESERVE: usize = 1024;

/// Per-call options that come from the MCP request rather than the tool's arguments.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Skip the cache for this call (`_meta: {"mistmcp/fresh": true}`).
    pub fresh: bool,
    /// Where to report pages fetched, when the client asked for progress.
    pub progress: Option<Progress>,
    /// Cancelled when the client cancels the request; a multi-page fetch stops there.
    pub cancel: Option<CancellationToken>,
}

/// The `_meta` key that asks for a fresh answer, bypassing the cache for one call.
pub const FRESH_META: &str = "mistmcp/fresh";

impl CallOptions {
    /// Options of an MCP request: `_meta.progressToken`, `_meta["mistmcp/fresh"]` and the
    /// request's cancellation.
    pub fn from_request(ctx: &RequestContext<RoleServer>) -> Self {
        let fresh = ctx
            .meta
            .0
            .0
            .get(FRESH_META)
            .is_some_and(|v| v.as_bool() == Some(true));
        let progress = ctx
            .meta
            .get_progress_token()
            .map(|token| Progress::new(ctx.peer.clone(), token));
        Self {
            fresh,
            progress,
            cancel: Some(ctx.ct.clone()),
        }
    }
}

#[derive(Clone)]
pub struct Executor {
    client: MistClient,
    cursors: CursorKey,
    limits: AnswerLimits,
}

impl Executor {
    pub fn new(client: MistClient, limits: AnswerLimits) -> Self {
        Self {
            client,
            cursors: CursorKey::random(),
            limits,
        }
    }

    pub fn client(&self) -> &MistClient {
        &self.client
    }

    pub async fn call(
        &self,
        tool: &'static ToolDef,
        arguments: Option<&Map<String, Value>>,
        target: &Target,
        options: &CallOptions,
    ) -> CallToolResult {
        match self.run(tool, arguments, target, options).await {
            Ok(envelope) => result::success(envelope),
            Err(message) => result::failure(format!("{}: {message}", tool.name)),
        }
    }

    async fn run(
        &self,
        tool: &'static ToolDef,
        arguments: Option<&Map<String, Value>>,
        target: &Target,
        options: &CallOptions,
    ) -> Result<Map<String, Value>, String> {
        let controls = Controls::read(tool, arguments)?;
        let require = controls.cursor.is_none();
        let mut page_args =
            args::check_with(tool, arguments, controls::names(tool), require).map_err(|e| e.to_string())?;
        let who = target.token.digest();
        let scope = CursorScope {
            tool: &tool.name,
            base: &target.base,
            who: &who,
        };
        let mut path = match &controls.cursor {
            Some(cursor) => self.cursors.open(&scope, cursor).map_err(|e| e.to_string())?,
            None => request::build(tool, &page_args).map_err(|e| {
                if let request::BuildError::Mismatch(m) = &e {
                    tracing::error!(tool = %tool.name, segment = m.segment, "built path left its template");
                }
                e.to_string()
            })?,
        };
        let body_kind = if tool.response == ResponseKind::Text {
            BodyKind::Text
        } else {
            BodyKind::Json
        };
        let cap = self.limits.max_bytes.saturating_sub(ENVELOPE_RESERVE).max(1024);

        let mut walk = Walk::default();
        loop {
            let request = Request {
                method: Method::GET,
                path: &path,
                class: tool.cache,
                body: body_kind,
                fresh: options.fresh,
            };
            tracing::debug!(tool = %tool.name, %path, host = %target.base, "calling Mist");
            let fetched = self
                .client
                .fetch(&target.base, &target.token, &request)
                .await
                .map_err(|e| {
                    tracing::info!(tool = %tool.name, kind = e.kind(), "Mist call failed");
                    e.to_string()
                })?;
            if let Some(age) = fetched.cached_age {
                walk.oldest = Some(walk.oldest.map_or(age, |o: Duration| o.max(age)));
            }
            let mut body = parse(body_kind, &fetched.reply.body)?;
            shape::strip_empty(&mut body);
            let info = paging::read(tool, &body, &fetched.reply.page, &page_args, &target.base);
            if tool.pagination == Pagination::Search
                && let Value::Object(map) = &mut body
            {
                map.remove("next");
            }
            if !walk.add(body, info, cap) {
                // This page would break the size cap: it becomes the next page to ask for.
                walk.rewind_to(path.clone());
                break;
            }
            if let Some(progress) = options.progress.as_ref().filter(|_| controls.max_pages > 1) {
                progress
                    .report(walk.pages, controls.max_pages, walk.progress_message())
                    .await;
            }
            let Some(Next::Path(next)) = walk.last.as_ref().map(|l| l.next.clone()) else {
                break;
            };
            if walk.pages >= controls.max_pages {
                break;
            }
            if options
                .cancel
                .as_ref()
                .is_some_and(CancellationToken::is_cancelled)
            {
                walk.notes.push(format!(
                    "Stopped after {} pages: the request was cancelled.",
                    walk.pages
                ));
                break;
            }
            if walk.next_would_overflow(cap) {
                walk.stop_for_size(self.limits.max_bytes);
                break;
            }
            if tool.pagination == Pagination::Page
                && let Some(last) = &walk.last
            {
                page_args = paging::with_page(tool, &page_args, last.page.unwrap_or(1) + 1, last.limit);
            }
            path = next;
        }
        Ok(self.finish(tool, &scope, walk, cap))
    }

    fn finish(
        &self,
        tool: &'static ToolDef,
        scope: &CursorScope<'_>,
        walk: Walk,
        cap: usize,
    ) -> Map<String, Value> {
        let Walk {
            data,
            last,
            total,
            mut returned,
            pages,
            mut notes,
            oldest,
            ..
        } = walk;
        let mut data = data.unwrap_or(Value::Null);
        let Some(last) = last else {
            return envelope::envelope(data, None, notes);
        };
        let cursor = match &last.next {
            Next::Path(next) if tool.pagination == Pagination::Search => self.cursors.seal(scope, next),
            _ => None,
        };
        let mut next = envelope::continuation(tool, &last, cursor);
        match shape::fit(&mut data, cap) {
            shape::Fit::Whole => {}
            shape::Fit::Cut(cut) => {
                let records = cut.at.is_empty() || cut.at == "/results";
                if records && cut.unit == "items" {
                    returned = returned.saturating_sub(cut.of - cut.kept);
                    // Following the cursor now would skip the items cut from this page.
                    next = Continue::Blocked;
                }
                notes.insert(
                    0,
                    envelope::truncation_note(tool, &cut, self.limits.max_bytes / 1024),
                );
            }
            shape::Fit::TooLarge => {
                notes.insert(
                    0,
                    format!(
                        "The answer is larger than {} KB and could not be cut at item boundaries.",
                        cap / 1024
                    ),
                );
            }
        }
        if last.next == Next::Unfollowable {
            notes.push(
                "Mist's link to the next page points outside this cloud's API, so it was not followed."
                    .into(),
            );
        }
        if last.guessed && next != Continue::None && tool.pagination == Pagination::Page {
            notes.push("Mist sent no total; has_more is inferred from a full page.".into());
        }
        if tool.pagination == Pagination::Limit && next == Continue::Blocked {
            notes.push("The list may hold more than limit; raise limit (Mist allows up to 1000).".into());
        }
        if let Some(age) = oldest {
            let ttl = self
                .client
                .ttl_of(tool.cache)
                .map(|t| format!(" (kept up to {} s)", t.as_secs()))
                .unwrap_or_default();
            notes.push(format!(
                "Served from this server's cache, {} s old{ttl}.",
                age.as_secs()
            ));
        }
        let paged = Paged {
            tool,
            last: &last,
            total,
            returned,
            pages,
            next,
        };
        envelope::envelope(data, envelope::pagination(&paged), notes)
    }
}

/// The state of a (possibly multi-page) fetch.
#[derive(Debug, Default)]
struct Walk {
    data: Option<Value>,
    data_len: usize,
    last_page_len: usize,
    last: Option<PageInfo>,
    total: Option<u64>,
    returned: usize,
    pages: u32,
    notes: Vec<String>,
    oldest: Option<Duration>,
}

impl Walk {
    /// Adds a page; false (and nothing added) when a second or later page would not fit.
    fn add(&mut self, body: Value, info: PageInfo, cap: usize) -> bool {
        let len = shape::json_len(&body);
        match &mut self.data {
            None => {
                self.data = Some(body);
                self.total = info.total;
            }
            Some(data) => {
                if self.data_len + len > cap || !paging::merge(data, body) {
                    return false;
                }
            }
        }
        self.data_len += len;
        self.last_page_len = len;
        self.returned += info.returned;
        self.pages += 1;
        self.last = Some(info);
        true
    }

    /// The page at `path` was fetched but left out: it is where the model continues.
    fn rewind_to(&mut self, path: String) {
        if let Some(last) = &mut self.last {
            last.next = Next::Path(path);
        }
        self.notes.push(format!(
            "Stopped after {} pages to stay under the size cap; continue from the pagination fields.",
            self.pages
        ));
    }

    /// Whether a page like the last one would break the cap.
    fn next_would_overflow(&self, cap: usize) -> bool {
        self.data_len + self.last_page_len > cap
    }

    fn stop_for_size(&mut self, max_bytes: usize) {
        self.notes.push(format!(
            "Stopped after {} pages: one more would exceed {} KB; continue from the pagination fields.",
            self.pages,
            max_bytes / 1024
        ));
    }

    fn progress_message(&self) -> String {
        match self.total {
            Some(total) => format!("page {}: {} of {} records", self.pages, self.returned, total),
            None => format!("page {}: {} records", self.pages, self.returned),
        }
    }
}

fn parse(kind: BodyKind, body: &[u8]) -> Result<Value, String> {
    match kind {
        BodyKind::Text => Ok(Value::String(String::from_utf8_lossy(body).into_owned())),
        BodyKind::Json if body.iter().all(u8::is_ascii_whitespace) => Ok(Value::Null),
        BodyKind::Json => serde_json::from_slice(body)
            .map_err(|e| format!("Mist's answer is not valid JSON ({e}); try again.")),
    }
}
