//! Any bytes as the head of an HTTP request: a query string on the first line, then
//! `name: value` header lines. Reading the endpoint's query parameters, the credentials
//! headers and the declared length never panics; every error stays short (names and values
//! are echoed clipped), a credentials error is one of a closed set of messages (so no byte
//! of a token can reach it), and a declared length over the limit is always refused.
#![no_main]

use http::{HeaderMap, HeaderName, HeaderValue};
use libfuzzer_sys::fuzz_target;
use mistmcp_engine::{CategorySet, ToolMode};
use mist_client::TokenError;
use mistmcp::intake::{BadTokenHeader, BadTokenReason, token_from_headers};
use mistmcp::intake::{EndpointDefaults, parse_endpoint};
use mistmcp::intake::check_declared_length;

const LIMIT: usize = 4096;

fuzz_target!(|data: &[u8]| {
    let mut lines = data.split(|b| *b == b'\n');
    let query = String::from_utf8_lossy(lines.next().unwrap_or_default());
    let defaults = EndpointDefaults {
        mode: ToolMode::Managed,
        categories: CategorySet::EMPTY,
    };
    if let Err(e) = parse_endpoint(mist_catalog::catalog(), Some(&query), defaults) {
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
        // Comparing with every possible message, not searching the text for the header
        // values: a value may well be a piece of the fixed prose, which is no echo.
        let text = e.to_string();
        let possible = ["X-Authorization", "Authorization"].into_iter().flat_map(|header| {
            [
                BadTokenReason::NotText,
                TokenError::Empty.into(),
                TokenError::BadCharacters.into(),
            ]
            .map(|reason| BadTokenHeader { header, reason }.to_string())
        });
        assert!(possible.into_iter().any(|m| m == text), "an error outside the closed set: {text}");
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
