//! A correctly signed postback around any signed list: the list re-encoded straight from the text
//! must hash as PHP's decode-then-encode does (never a signature mismatch), the signed text kept
//! must be that encoding, each entry's raw form must be the decoded item, and the result's JSON
//! text must be the encoder's text of its value (byte for byte without the large members, which
//! are checked above).
#![no_main]
use libfuzzer_sys::fuzz_target;
use paykassma::php::{decode, encode, Value};
use paykassma::postback::without_large_members;

fuzz_target!(|data: &[u8]| {
    let Ok(list) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(value) = decode(list) else { return };
    let Ok(signature) = paykassma::sign_postback("AK", "key", &value) else {
        return;
    };
    // The text again, as an unsigned string member: any characters, escaped or not.
    let label = encode(&Value::from(list)).expect("a string encodes");
    let body = format!(
        r#"{{"access_key":"AK","signature":"{signature}","label":{label},"additional_data":{list}}}"#
    );
    match paykassma::verify_postback(body.as_bytes(), "key") {
        Ok(p) => {
            let Value::Array(items) = &value else {
                panic!("a scalar list verified")
            };
            assert_eq!(Ok(p.signed_json()), encode(&value).as_deref());
            assert_eq!(p.entries().len(), items.len());
            for (e, item) in p.entries().iter().zip(items.values()) {
                assert_eq!(&Value::Array(e.raw().clone()), item);
            }
            // `signed` decodes as PHP reads the encoding (1.0 is written `1`), so only the rest
            // of `to_json` is held to the value.
            let value = p.to_value();
            let json = decode(&p.to_json()).expect("to_json decodes");
            assert_eq!(without_large_members(&json), without_large_members(&value));
            assert_eq!(
                Ok(p.to_json_without_large()),
                encode(&without_large_members(&value))
            );
        }
        Err(e) => assert_eq!(e.code(), "malformed_postback", "{e}"),
    }
});
