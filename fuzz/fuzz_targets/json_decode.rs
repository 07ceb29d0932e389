//! The PHP JSON decoder never panics, and its encoding reaches a fixpoint: after one round (where
//! PHP itself turns `4e5` into the int 400000 and `-0` into 0) decoding and re-encoding change nothing.
//! The check that builds nothing (`check`, the path postbacks' unsigned parts take) gives the
//! decoder's verdict and error on every text. The value encoding written straight from the text
//! (what the PHP extension reads entries from) holds the decoded value, or the decoder's error;
//! the quick walk of an array's items either declines or writes what the parser's walk writes, and
//! never declines the encoder's own text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paykassma::php::value_encoding::{write_encoded_items, write_int, write_json, write_json_items};
use paykassma::php::{check, decode, encode, Array, Key, Shape, Value};

/// Reads one value of the value encoding, a repeated key replacing the earlier value in place.
fn read(r: &mut &[u8]) -> Value {
    fn take<'a>(r: &mut &'a [u8], n: usize) -> &'a [u8] {
        let (head, rest) = r.split_at(n);
        *r = rest;
        head
    }
    fn eight(r: &mut &[u8]) -> [u8; 8] {
        take(r, 8).try_into().unwrap()
    }
    fn text(r: &mut &[u8]) -> String {
        let n = u64::from_ne_bytes(eight(r)) as usize;
        String::from_utf8(take(r, n).to_vec()).expect("UTF-8")
    }
    match take(r, 1)[0] {
        b'n' => Value::Null,
        b'f' => Value::Bool(false),
        b't' => Value::Bool(true),
        b'i' => Value::Int(i64::from_ne_bytes(eight(r))),
        b'd' => Value::Float(f64::from_ne_bytes(eight(r))),
        b's' => Value::Str(text(r)),
        tag @ (b'l' | b'm') => {
            let n = u64::from_ne_bytes(eight(r));
            let entries: Vec<(Key, Value)> = (0..n)
                .map(|_| {
                    let key = match take(r, 1)[0] {
                        b'i' => Key::Int(i64::from_ne_bytes(eight(r))),
                        b's' => Key::Str(text(r)),
                        other => panic!("key tag {other}"),
                    };
                    (key, read(r))
                })
                .collect();
            let shape = if tag == b'l' { Shape::List } else { Shape::Object };
            Value::Array(Array::from_entries(shape, entries))
        }
        other => panic!("tag {other}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let decoded = decode(text);
    assert_eq!(check(text).err(), decoded.as_ref().err().cloned(), "check and decode differ on {text:?}");
    let mut encoded = Vec::new();
    let written = write_json(text, &mut encoded);
    assert_eq!(written.err(), decoded.as_ref().err().cloned(), "write_json and decode differ on {text:?}");
    if let Ok(value) = &decoded {
        let mut r = &encoded[..];
        assert_eq!(&read(&mut r), value, "the encoding of {text:?}");
        assert!(r.is_empty(), "bytes past the value for {text:?}");
    }
    let walks = |json: &str| {
        let before = |i: usize, out: &mut Vec<u8>| write_int(out, i as i64);
        let mut quick = Vec::new();
        let n = write_encoded_items(json, &mut quick, before)?;
        let mut parsed = Vec::new();
        let m = write_json_items(json, &mut parsed, before).expect("the parser walks what the quick walk did");
        assert_eq!((n, quick), (m, parsed), "the two walks of {json:?}");
        Some(())
    };
    walks(text);
    let Ok(value) = decoded else { return };
    let Ok(first) = encode(&value) else { return };
    if matches!(value, Value::Array(_)) {
        assert!(walks(&first).is_some(), "the quick walk declined the encoder's {first:?}");
    }
    let round = |json: &str| encode(&decode(json).expect("encoded JSON decodes")).expect("re-encodes");
    let second = round(&first);
    assert_eq!(round(&second), second, "no fixpoint for {text:?}");
});
