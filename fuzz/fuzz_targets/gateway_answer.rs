//! Any gateway answer becomes a value or a typed error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&status, body)) = data.split_first() else { return };
    let Ok(body) = std::str::from_utf8(body) else { return };
    let http_status = 200 + u16::from(status) * 2;
    if let Err(e) = paykassma::client::parse_answer(http_status, body) {
        assert!(matches!(e.code(), "api_error" | "unexpected_response"), "{e}");
    }
});
