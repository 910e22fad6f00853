//! Any bytes as a Mist answer body: the one-pass lean parse gives exactly what parsing and then
//! dropping the empty fields gives (the same value and the same bytes, or the same error), and
//! the answer built from it (measured, fitted under a cap, rendered as compact text) never
//! panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mistmcp_engine::{compact, envelope, shape};
use mist_client::lean;
use serde_json::Value;

/// A small cap, so that fitting cuts often.
const BUDGET: usize = 1024;

fuzz_target!(|data: &[u8]| {
    let one_pass = lean::from_slice(data);
    let two_pass = serde_json::from_slice::<Value>(data).map(|mut value| {
        lean::strip_empty(&mut value);
        value
    });
    let value = match (one_pass, two_pass) {
        (Ok(one), Ok(two)) => {
            assert_eq!(one, two, "the same value either way");
            let text = serde_json::to_string(&one).expect("a value serializes");
            assert_eq!(text, serde_json::to_string(&two).expect("a value serializes"));
            assert_eq!(shape::json_len(&one), text.len(), "the measured size is the text's");
            one
        }
        (Err(one), Err(two)) => {
            assert_eq!(one.to_string(), two.to_string(), "the parser's own error");
            return;
        }
        (one, two) => panic!(
            "one pass {} but two passes {}",
            if one.is_ok() { "parsed" } else { "failed" },
            if two.is_ok() { "parsed" } else { "failed" }
        ),
    };
    let mut data = value;
    if shape::fit(&mut data, BUDGET) == shape::Fit::Whole {
        assert!(shape::json_len(&data) <= BUDGET, "a whole answer is within the cap");
    }
    let answer = envelope::envelope(data, None, vec!["a note".into()]);
    let _ = compact::render(&answer);
});
