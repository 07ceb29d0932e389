//! Signing never panics and always gives 40 lowercase hex digits.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(sig) = paykassma::sign_json(text, "fuzz-key") {
        assert!(sig.len() == 40 && sig.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    }
});
