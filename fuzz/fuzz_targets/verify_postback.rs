//! Postback verification never panics, and refuses with a postback error code.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = paykassma::verify_postback(data, "fuzz-key") {
        assert!(matches!(e.code(), "malformed_postback" | "signature_mismatch"), "{e}");
    }
});
