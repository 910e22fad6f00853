//! Withholding an answer's secrets, narrowing it to its `fields` and fitting it under the cap,
//! off the async runtime when the answer is large.
//!
//! Each walks the whole answer. On a large one that is milliseconds of CPU in one go, and on the
//! HTTP server's runtime those milliseconds would stall every other session's I/O (health
//! checks included); the blocking pool has threads to spare for them.

use super::fields::Fields;
use super::shape::{self, Fit};
use crate::secrets::{self, SecretPolicy};
use serde_json::Value;

/// Answers at least this large (bytes of JSON) are shaped on the blocking pool; smaller ones
/// cost less than the hand-over.
const OFF_RUNTIME_BYTES: usize = 256 * 1024;

/// An answer's data after shaping.
pub(crate) struct Shaped {
    pub(crate) data: Value,
    /// The notes on secrets withheld and on fields no item has.
    pub(crate) notes: Vec<String>,
    /// How the data was fitted under the cap (`Whole` when no cap applies).
    pub(crate) fitted: Fit,
}

/// Withholds the secrets of `data` (`len` bytes of JSON) as `policy` says, keeps its `fields`,
/// then fits it under `cap` when one applies; `measured` is the data's known length when
/// nothing changed it since it was measured.
pub(crate) async fn shape(
    data: Value,
    fields: &Fields,
    policy: SecretPolicy,
    cap: Option<usize>,
    measured: Option<usize>,
    len: usize,
) -> Shaped {
    if len < OFF_RUNTIME_BYTES {
        return shape_now(data, fields, policy, cap, measured);
    }
    let fields = fields.clone();
    match tokio::task::spawn_blocking(move || shape_now(data, &fields, policy, cap, measured)).await {
        Ok(shaped) => shaped,
        // A panic in shaping would have unwound the request inline as well.
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        // The runtime is shutting down: no one is left to read the answer.
        Err(_) => Shaped {
            data: Value::Null,
            notes: vec!["the server is shutting down; the answer was not finished".into()],
            fitted: Fit::Whole,
        },
    }
}

fn shape_now(
    mut data: Value,
    fields: &Fields,
    policy: SecretPolicy,
    cap: Option<usize>,
    measured: Option<usize>,
) -> Shaped {
    let withheld = secrets::apply(policy, &mut data);
    // A withheld value can be longer than the secret it replaces: the measure no longer holds.
    let measured = measured.filter(|_| withheld.is_none());
    let mut notes: Vec<String> = withheld.into_iter().collect();
    notes.extend(fields.select(&mut data));
    let fitted = match (cap, measured) {
        (None, _) => Fit::Whole,
        (Some(cap), Some(len)) => shape::fit_measured(&mut data, cap, len),
        (Some(cap), None) => shape::fit(&mut data, cap),
    };
    Shaped { data, notes, fitted }
}
