//! The PHP JSON decoder never panics, and its encoding reaches a fixpoint: after one round (where
//! PHP itself turns `4e5` into the int 400000 and `-0` into 0) decoding and re-encoding change nothing.
//! The check that builds nothing (`check`, the path postbacks' unsigned parts take) gives the
//! decoder's verdict and error on every text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paykassma::php::{check, decode, encode};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let decoded = decode(text);
    assert_eq!(check(text).err(), decoded.as_ref().err().cloned(), "check and decode differ on {text:?}");
    let Ok(value) = decoded else { return };
    let Ok(first) = encode(&value) else { return };
    let round = |json: &str| encode(&decode(json).expect("encoded JSON decodes")).expect("re-encodes");
    let second = round(&first);
    assert_eq!(round(&second), second, "no fixpoint for {text:?}");
});
