//! Any gateway answer becomes a value or a typed error, never a panic; a 5xx is never a success,
//! and no success holds a number past a double's range.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paykassma::php::{Array, Value};

fn finite(a: &Array) -> bool {
    a.values().all(|v| match v {
        Value::Float(f) => f.is_finite(),
        Value::Array(inner) => finite(inner),
        _ => true,
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&status, body)) = data.split_first() else { return };
    let Ok(body) = std::str::from_utf8(body) else { return };
    let http_status = 200 + u16::from(status) * 2;
    match paykassma::client::parse_answer(http_status, body) {
        Ok(answer) => {
            assert!(http_status < 500, "HTTP {http_status} taken as success: {body}");
            assert!(finite(&answer), "a non-finite number in a success: {body}");
        }
        Err(e) => assert!(matches!(e.code(), "api_error" | "unexpected_response"), "{e}"),
    }
});
