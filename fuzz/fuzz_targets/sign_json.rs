//! Signing never panics and always gives 40 lowercase hex digits; the direct path (the JSON text
//! read straight into the signing string) signs exactly what the general one does (decode, then
//! sign the array), and that signing string is the plain formula's (drop `signature`, ksort,
//! multiImplode); text that does not decode to an array is refused.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paykassma::php::implode::multi_implode;
use paykassma::php::ksort::ksort;
use paykassma::php::{decode, Value};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let signed = paykassma::sign_json(text, "fuzz-key");
    match decode(text) {
        Ok(Value::Array(array)) => {
            let sig = signed.expect("an array decodes, so it signs");
            assert!(sig.len() == 40 && sig.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
            assert_eq!(sig, paykassma::sign(&array, "fuzz-key").unwrap(), "{text}");
            let mut plain = array.clone();
            plain.remove("signature");
            ksort(&mut plain);
            let mut want = String::new();
            multi_implode(":", plain.values(), &mut want);
            assert_eq!(paykassma::signing_string(&array), want, "{text}");
        }
        _ => assert!(signed.is_err(), "{text}"),
    }
});
