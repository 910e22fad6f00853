//! The state of a (possibly multi-page) fetch, and the decision taken after each page.

use super::notes;
use super::paging::{self, Next, PageInfo};
use super::shape;
use serde_json::Value;
use std::time::Duration;

/// What to do after a page was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// Fetch the page at this path.
    Next(String),
    /// The answer is complete as far as this call goes.
    Stop,
}

/// Pages fetched so far, merged.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    pub(crate) data: Option<Value>,
    /// Bytes of the pages' JSON texts: that of `data` itself while it holds one page.
    pub(crate) data_len: usize,
    last_page_len: usize,
    pub(crate) last: Option<PageInfo>,
    pub(crate) total: Option<u64>,
    pub(crate) returned: usize,
    pub(crate) pages: u32,
    pub(crate) notes: Vec<String>,
    /// Age of the oldest page that came from the cache.
    pub(crate) oldest: Option<Duration>,
}

/// The limits one walk works within.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    /// Pages this call may fetch.
    pub(crate) max_pages: u32,
    /// Bytes of `data` JSON the answer may hold.
    pub(crate) cap: usize,
    /// The operator's answer limit, for notes.
    pub(crate) max_bytes: usize,
}

impl Walk {
    /// Keeps a page, and says what comes next. `path` is where the page was fetched from: a
    /// second or later page that would break the cap is left out and becomes the place to
    /// continue from.
    pub(crate) fn keep(
        &mut self,
        body: Value,
        info: PageInfo,
        path: &str,
        bounds: Bounds,
        cancelled: bool,
    ) -> Step {
        if !self.add(body, info, bounds.cap) {
            self.rewind_to(path.to_owned());
            return Step::Stop;
        }
        let Some(Next::Path(next)) = self.last.as_ref().map(|l| l.next.clone()) else {
            return Step::Stop;
        };
        // An empty follow-up page has nothing after it, whatever link it carries. (A first page
        // may hold its records where they are not counted, as insight metrics do.)
        if self.pages > 1 && self.last.as_ref().is_some_and(|l| l.returned == 0) {
            if let Some(last) = &mut self.last {
                last.next = Next::End;
            }
            return Step::Stop;
        }
        if self.pages >= bounds.max_pages {
            return Step::Stop;
        }
        if cancelled {
            self.notes.push(notes::cancelled(self.pages));
            return Step::Stop;
        }
        if self.data_len + self.last_page_len > bounds.cap {
            self.notes
                .push(notes::size_stop(self.pages, bounds.max_bytes / 1024));
            return Step::Stop;
        }
        Step::Next(next)
    }

    /// Notes that a page came from the cache, `age` old.
    pub(crate) fn cached(&mut self, age: Duration) {
        self.oldest = Some(self.oldest.map_or(age, |o| o.max(age)));
    }

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

    /// The page at `path` failed after the pages kept: they are the answer, and the failed page
    /// is where the model continues (the cursor or `next_page` points at it).
    pub(crate) fn failed_at(&mut self, path: String, error: &dyn std::fmt::Display) {
        if let Some(last) = &mut self.last {
            last.next = Next::Path(path);
        }
        self.notes.push(notes::page_failed(self.pages, error));
    }

    /// The page at `path` was fetched but left out: it is where the model continues.
    fn rewind_to(&mut self, path: String) {
        if let Some(last) = &mut self.last {
            last.next = Next::Path(path);
        }
        self.notes.push(notes::rewound(self.pages));
    }

    pub(crate) fn progress_message(&self) -> String {
        match self.total {
            Some(total) => format!("page {}: {} of {} records", self.pages, self.returned, total),
            None => format!("page {}: {} records", self.pages, self.returned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BOUNDS: Bounds = Bounds {
        max_pages: 5,
        cap: 100_000,
        max_bytes: 100_000,
    };

    fn page(returned: usize, next: &str) -> PageInfo {
        PageInfo {
            total: None,
            returned,
            page: None,
            limit: Some(2),
            guessed: false,
            next: Next::Path(next.into()),
        }
    }

    #[test]
    fn an_empty_follow_up_page_ends_the_walk_with_nothing_more_to_fetch() {
        let mut walk = Walk::default();
        let step = walk.keep(json!({"results": [1, 2]}), page(2, "/p2"), "/p1", BOUNDS, false);
        assert_eq!(step, Step::Next("/p2".into()));
        let step = walk.keep(json!({"results": []}), page(0, "/p3"), "/p2", BOUNDS, false);
        assert_eq!(step, Step::Stop);
        assert_eq!(walk.last.as_ref().map(|l| l.next.clone()), Some(Next::End));
        assert!(walk.notes.is_empty(), "{:?}", walk.notes);
    }

    #[test]
    fn a_failed_page_keeps_the_pages_read_and_continues_from_itself() {
        let mut walk = Walk::default();
        walk.keep(json!({"results": [1, 2]}), page(2, "/p2"), "/p1", BOUNDS, false);
        walk.failed_at("/p2".into(), &"Mist answered 503");
        assert_eq!(walk.pages, 1);
        assert_eq!(
            walk.last.as_ref().map(|l| l.next.clone()),
            Some(Next::Path("/p2".into()))
        );
        assert!(
            walk.notes[0].contains("Page 2 failed (Mist answered 503)"),
            "{:?}",
            walk.notes
        );
    }
}
