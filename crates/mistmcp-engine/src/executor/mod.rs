//! The generic executor: one code path serves every catalog tool.
//!
//! It validates the arguments against the tool's parameters, builds the request from the
//! operation's path template (or opens the cursor the model passed back), calls Mist through
//! [`MistClient`] (cache, single-flight, budget, retries), follows further pages when asked,
//! and shapes the answer into the envelope described in [`envelope`].

pub mod args;
pub(crate) mod call_error;
pub mod compact;
pub mod controls;
pub mod envelope;
pub mod fields;
pub(crate) mod notes;
pub(crate) mod paging;
pub(crate) mod path_guard;
pub(crate) mod progress;
pub mod request;
pub mod shape;
mod shaping;
#[cfg(test)]
pub(crate) mod test_support;
pub(crate) mod walk;

pub use call_error::CallError;

use crate::secrets::SecretPolicy;
use args::CheckedArgs;
use envelope::{Continue, Paged};
use fields::Fields;
use http::Method;
use mist_catalog::{Pagination, ResponseKind, ToolDef};
use mist_client::{ApiToken, BodyKind, CursorKey, CursorScope, MistBase, MistClient, Request};
use paging::{Next, PageInfo};
use progress::ProgressSink;
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use walk::{Bounds, Step, Walk};

/// Where a call goes and as whom.
#[derive(Debug, Clone)]
pub struct Target {
    /// The Mist cloud the call goes to.
    pub base: MistBase,
    /// The caller's Mist API token: it decides what Mist lets the call see and do.
    pub token: ApiToken,
}

/// Limits on what one answer may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerLimits {
    /// Largest `data` JSON text an answer carries; larger ones are cut at item boundaries.
    pub max_bytes: usize,
    /// Whether secret values reach the model ([`SecretPolicy`]).
    pub secrets: SecretPolicy,
}

impl Default for AnswerLimits {
    fn default() -> Self {
        Self {
            max_bytes: 100 * 1024,
            secrets: SecretPolicy::Withhold,
        }
    }
}

/// Room kept for `pagination` and `notes` next to `data`.
const ENVELOPE_RESERVE: usize = 1024;

/// Per-call options that come from the request rather than the tool's arguments.
#[derive(Clone, Default)]
pub struct CallOptions {
    /// Skip the cache for this call (MCP: `_meta: {"mistmcp/fresh": true}`).
    pub fresh: bool,
    /// Where to report pages fetched, when the client asked for progress.
    pub progress: Option<Arc<dyn ProgressSink>>,
    /// Cancelled when the client cancels the request; a multi-page fetch stops there.
    pub cancel: Option<CancellationToken>,
}

impl std::fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallOptions")
            .field("fresh", &self.fresh)
            .field("progress", &self.progress.is_some())
            .field("cancel", &self.cancel.is_some())
            .finish()
    }
}

/// The one code path of every catalog tool: arguments checked, request built, Mist called
/// through [`MistClient`], pages followed, answer shaped ([`Executor::answer_operation`]).
#[derive(Clone)]
pub struct Executor {
    client: MistClient,
    cursors: CursorKey,
    limits: AnswerLimits,
}

impl Executor {
    /// An executor calling Mist through `client`, its answers held to `limits`; its cursors
    /// are signed with a key of its own until [`Executor::with_cursor_key`] gives a shared one.
    pub fn new(client: MistClient, limits: AnswerLimits) -> Self {
        Self {
            client,
            cursors: CursorKey::random(),
            limits,
        }
    }

    /// Signs cursors with `key` (one every replica holds) instead of the process's own.
    pub fn with_cursor_key(self, key: CursorKey) -> Self {
        Self { cursors: key, ..self }
    }

    /// The Mist client the calls go through, for reads made outside a tool's answer (a write
    /// reading the object it changes) and for its cache figures.
    pub fn client(&self) -> &MistClient {
        &self.client
    }

    /// Whether answers show secret values or withhold them.
    pub(crate) fn secrets(&self) -> SecretPolicy {
        self.limits.secrets
    }

    /// Runs one Mist operation: the generic path of every catalog tool but the workflows.
    pub async fn answer_operation(
        &self,
        tool: &'static ToolDef,
        arguments: Option<&Map<String, Value>>,
        target: &Target,
        options: &CallOptions,
    ) -> Result<Map<String, Value>, CallError> {
        let (controls, mut page_args) = controls::check_call(tool, arguments)?;
        let who = target.token.digest();
        let scope = CursorScope {
            tool: &tool.name,
            base: &target.base,
            who: &who,
        };
        let mut path = match &controls.cursor {
            Some(cursor) => self.cursors.open(&scope, cursor)?,
            None => request::build(tool, &page_args).inspect_err(|e| {
                if let request::BuildError::Mismatch(m) = e {
                    tracing::error!(tool = %tool.name, segment = m.segment, "built path left its template");
                }
            })?,
        };
        let bounds = Bounds {
            max_pages: controls.max_pages,
            cap: self.limits.max_bytes.saturating_sub(ENVELOPE_RESERVE).max(1024),
            max_bytes: self.limits.max_bytes,
        };
        let mut walk = Walk::default();
        loop {
            let (body, info) = match self
                .fetch_page(tool, &path, target, options, &page_args, &mut walk)
                .await
            {
                Ok(page) => page,
                // The pages read so far are an answer; the failed one is where to go on from.
                Err(error) if walk.pages > 0 => {
                    walk.failed_at(path, &error);
                    break;
                }
                Err(error) => return Err(error),
            };
            let cancelled = options
                .cancel
                .as_ref()
                .is_some_and(CancellationToken::is_cancelled);
            let step = walk.keep(body, info, &path, bounds, cancelled);
            if let Some(progress) = options.progress.as_ref().filter(|_| bounds.max_pages > 1) {
                progress
                    .report(walk.pages, bounds.max_pages, walk.progress_message())
                    .await;
            }
            let Step::Next(next) = step else { break };
            if tool.pagination == Pagination::Page
                && let Some(last) = &walk.last
            {
                page_args = paging::with_page(tool, &page_args, last.page.unwrap_or(1) + 1, last.limit);
            }
            path = next;
        }
        Ok(self
            .finish(tool, &scope, walk, bounds.cap, &controls.fields)
            .await)
    }

    /// Fetches one page and reads it: the body (empty fields stripped, the search link
    /// removed) and what it says about paging.
    async fn fetch_page(
        &self,
        tool: &'static ToolDef,
        path: &str,
        target: &Target,
        options: &CallOptions,
        page_args: &CheckedArgs,
        walk: &mut Walk,
    ) -> Result<(Value, PageInfo), CallError> {
        let body_kind = if tool.response == ResponseKind::Text {
            BodyKind::Text
        } else {
            BodyKind::Lean
        };
        let request = Request {
            method: Method::GET,
            path,
            class: tool.cache,
            body: body_kind,
            fresh: options.fresh,
        };
        tracing::debug!(tool = %tool.name, %path, host = %target.base, "calling Mist");
        let fetched = self
            .client
            .fetch(&target.base, &target.token, &request)
            .await
            .inspect_err(|e| tracing::info!(tool = %tool.name, kind = e.kind(), "Mist call failed"))?;
        if let Some(age) = fetched.cached_age {
            walk.cached(age);
        }
        // The client parsed the body (its empty fields dropped on the way).
        let reply = Arc::clone(&fetched.reply);
        let mut body = fetched.into_value();
        let info = paging::read(tool, &body, &reply.page, page_args, &target.base);
        if tool.pagination == Pagination::Search
            && let Value::Object(map) = &mut body
        {
            map.remove("next");
        }
        Ok((body, info))
    }

    /// Builds the envelope from the pages kept: keeps the fields asked for, fits the data
    /// under the cap, seals the cursor, and adds the notes.
    async fn finish(
        &self,
        tool: &'static ToolDef,
        scope: &CursorScope<'_>,
        walk: Walk,
        cap: usize,
        fields: &Fields,
    ) -> Map<String, Value> {
        let Walk {
            data,
            data_len,
            last,
            total,
            mut returned,
            pages,
            mut notes,
            oldest,
            ..
        } = walk;
        let data = data.unwrap_or(Value::Null);
        // One page, untouched since it was measured: its size is known.
        let measured = (pages == 1 && fields.is_empty()).then_some(data_len);
        let fit_cap = last.is_some().then_some(cap);
        let shaped = shaping::shape(data, fields, self.limits.secrets, fit_cap, measured, data_len).await;
        let data = shaped.data;
        notes.extend(shaped.notes);
        let Some(last) = last else {
            return envelope::envelope(data, None, notes);
        };
        let cursor = match &last.next {
            Next::Path(next) if tool.pagination == Pagination::Search => self.cursors.seal(scope, next),
            _ => None,
        };
        let mut next = envelope::continuation(tool, &last, cursor);
        match shaped.fitted {
            shape::Fit::Whole => {}
            shape::Fit::Cut(cut) => {
                if (cut.at.is_empty() || cut.at == "/results") && cut.unit == "items" {
                    returned = returned.saturating_sub(cut.of - cut.kept);
                    // Following the cursor now would skip the items cut from this page.
                    next = Continue::Blocked;
                }
                notes.insert(
                    0,
                    notes::truncation_note(tool, &cut, self.limits.max_bytes / 1024),
                );
            }
            shape::Fit::TooLarge => notes.insert(0, notes::too_large(cap / 1024)),
        }
        notes.extend(self.closing_notes(tool, &last, &next, oldest));
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

    /// Notes on where more can be had, and on the cache.
    fn closing_notes(
        &self,
        tool: &ToolDef,
        last: &PageInfo,
        next: &Continue,
        oldest: Option<Duration>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        if last.next == Next::Unfollowable {
            out.push(notes::UNFOLLOWABLE.to_owned());
        }
        if last.guessed && *next != Continue::None && tool.pagination == Pagination::Page {
            out.push(notes::GUESSED_TOTAL.to_owned());
        }
        if tool.pagination == Pagination::Limit && *next == Continue::Blocked {
            out.push(notes::RAISE_LIMIT.to_owned());
        }
        if let Some(age) = oldest {
            out.push(notes::cached(age, self.client.ttl_of(tool.cache)));
        }
        out
    }
}
