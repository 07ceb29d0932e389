//! A correctly signed postback around any signed list: the list re-encoded straight from the text
//! must hash as PHP's decode-then-encode does (never a signature mismatch), the signed text kept
//! must be that encoding, and each entry's raw form must be the decoded item.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paykassma::php::{decode, encode, Value};

fuzz_target!(|data: &[u8]| {
    let Ok(list) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(value) = decode(list) else { return };
    let Ok(signature) = paykassma::sign_postback("AK", "key", &value) else {
        return;
    };
    let body =
        format!(r#"{{"access_key":"AK","signature":"{signature}","additional_data":{list}}}"#);
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
            assert!(decode(&p.to_json()).is_ok());
        }
        Err(e) => assert_eq!(e.code(), "malformed_postback", "{e}"),
    }
});
