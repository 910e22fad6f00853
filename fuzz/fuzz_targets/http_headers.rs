//! Any bytes as the head of an HTTP request: a query string on the first line, then
//! `name: value` header lines. Reading the endpoint's query parameters, the credentials
//! headers and the declared length never panics; every error stays short (names and values
//! are echoed clipped), a token is never repeated in an error, and a declared length over the
//! limit is always refused.
#![no_main]

use http::{HeaderMap, HeaderName, HeaderValue};
use libfuzzer_sys::fuzz_target;
use mistmcp::surface::{CategorySet, ToolMode};
use mistmcp::transport::http::credentials::token_from_headers;
use mistmcp::transport::http::endpoint::{self, EndpointDefaults};
use mistmcp::transport::http::intake::check_declared_length;

const LIMIT: usize = 4096;

fuzz_target!(|data: &[u8]| {
    let mut lines = data.split(|b| *b == b'\n');
    let query = String::from_utf8_lossy(lines.next().unwrap_or_default());
    let defaults = EndpointDefaults {
        mode: ToolMode::Managed,
        categories: CategorySet::EMPTY,
    };
    if let Err(e) = endpoint::parse(mist_catalog::catalog(), Some(&query), defaults) {
        let text = e.to_string();
        assert!(text.len() < 2048, "error of {} bytes", text.len());
    }

    let mut headers = HeaderMap::new();
    for line in lines {
        let Some(colon) = line.iter().position(|b| *b == b':') else { continue };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name), HeaderValue::from_bytes(value.trim_ascii()))
        else {
            continue;
        };
        headers.append(name, value);
    }
    if let Err(e) = token_from_headers(&headers) {
        let text = e.to_string();
        assert!(text.len() < 1024, "error of {} bytes", text.len());
        for value in headers.values() {
            let value = value.as_bytes().trim_ascii();
            if value.len() >= 24 {
                assert!(!text.as_bytes().windows(value.len()).any(|w| w == value), "a token is echoed: {text}");
            }
        }
    }
    let declared = headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match check_declared_length(&headers, LIMIT) {
        Ok(length) => assert!(length.is_none_or(|n| n <= LIMIT as u64) && length == declared),
        Err(refusal) => {
            assert_eq!(refusal.status, 413);
            assert!(declared.is_some_and(|n| n > LIMIT as u64));
        }
    }
});
