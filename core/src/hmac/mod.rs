//! The newer platform's signature (docs.paykassma.io, "Signature"): for requests, answers and
//! postbacks, `base64(HMAC-SHA512(key, ";".join(sorted(flatten(data)))))`, where `flatten` yields
//! `"path:value"` (path parts joined by `:`, list items by index, each value as Python's `str()`
//! prints it), `general.signature` is removed first, and the signature travels there.
//!
//! The page's reference implementation is Python, so the document is read as Python's
//! `json.loads` reads it (see `document.rs`) and printed as Python's `str()` prints it.

mod document;
mod repr;

use hmac::{Hmac, Mac};
use sha2::Sha512;

use crate::digest::constant_time_eq;
use crate::Error;

pub use document::MAX_DEPTH;
use document::{parse, Document};
pub use repr::float_repr;

/// The signature of a JSON document: base64 (standard alphabet, padded) of HMAC-SHA512.
///
/// ```
/// let signature = paykassma::hmac::hmac_sign_json(r#"{"general":{"id":1},"amount":1.5}"#, "key").unwrap();
/// assert_eq!(signature.len(), 88);
/// ```
pub fn hmac_sign_json(json: &str, key: &str) -> Result<String, Error> {
    let doc = read(json)?;
    sign_document(&doc, key)
}

/// Checks the signature in `general.signature` of a JSON document against the rest of it, in
/// constant time. `Ok(())` when it matches.
pub fn hmac_verify_json(json: &str, key: &str) -> Result<(), Error> {
    let doc = read(json)?;
    let given = given_signature(&doc)?;
    let expected = sign_document(&doc, key)?;
    if constant_time_eq(expected.as_bytes(), given) {
        Ok(())
    } else {
        Err(Error::SignatureMismatch)
    }
}

/// `";".join(sorted(flatten(data)))` of a JSON document, `general.signature` left out: the text
/// the HMAC is taken of.
pub fn hmac_signing_string(json: &str) -> Result<String, Error> {
    signing_string(&read(json)?)
}

fn read(json: &str) -> Result<Document, Error> {
    let doc = parse(json).map_err(|e| Error::validation("json", e.to_string()))?;
    match &doc {
        Document::Dict(_) => Ok(doc),
        other => Err(Error::validation(
            "json",
            format!("must be a JSON object, got {}", type_name(other)),
        )),
    }
}

fn type_name(doc: &Document) -> &'static str {
    match doc {
        Document::None => "null",
        Document::Bool(_) => "a boolean",
        Document::Int(_) | Document::Float(_) => "a number",
        Document::Str(_) => "a string",
        Document::List(_) => "a list",
        Document::Dict(_) => "an object",
    }
}

/// The `general` object's members, when the document has one.
fn general(doc: &Document) -> Option<&[(Vec<u8>, Document)]> {
    let Document::Dict(members) = doc else {
        return None;
    };
    match members.iter().find(|(k, _)| k == b"general") {
        Some((_, Document::Dict(general))) => Some(general),
        _ => None,
    }
}

fn given_signature(doc: &Document) -> Result<&[u8], Error> {
    let field = "general.signature";
    match general(doc).and_then(|g| g.iter().find(|(k, _)| k == b"signature")) {
        None => Err(Error::validation(field, "missing: nothing to verify")),
        Some((_, Document::Str(s))) => Ok(s),
        Some((_, other)) => Err(Error::validation(
            field,
            format!("must be a string, got {}", type_name(other)),
        )),
    }
}

fn sign_document(doc: &Document, key: &str) -> Result<String, Error> {
    if key.is_empty() {
        return Err(Error::validation("key", "must not be empty"));
    }
    let text = signing_string(doc)?;
    let mut mac = Hmac::<Sha512>::new_from_slice(key.as_bytes()).expect("HMAC takes any key");
    mac.update(text.as_bytes());
    Ok(base64(&mac.finalize().into_bytes()))
}

fn signing_string(doc: &Document) -> Result<String, Error> {
    let mut lines = Vec::new();
    let mut prefix = Vec::new();
    if let Document::Dict(members) = doc {
        for (key, value) in members {
            let len = push_part(&mut prefix, key);
            match value {
                // `general.signature` is removed before signing.
                Document::Dict(general) if key == b"general" => {
                    for (k, v) in general.iter().filter(|(k, _)| k != b"signature") {
                        let len = push_part(&mut prefix, k);
                        flatten(v, &mut prefix, &mut lines);
                        prefix.truncate(len);
                    }
                }
                value => flatten(value, &mut prefix, &mut lines),
            }
            prefix.truncate(len);
        }
    }
    // By code point, as Python sorts strings; for UTF-8 that is byte order.
    lines.sort_unstable();
    let joined = lines.join(&b';');
    String::from_utf8(joined).map_err(|_| {
        Error::validation(
            "json",
            "holds a lone surrogate (a \\uD800-\\uDFFF escape without its pair), which Python cannot encode to sign",
        )
    })
}

/// Appends a path part and its `:` to `prefix`; returns the length to truncate back to.
fn push_part(prefix: &mut Vec<u8>, part: &[u8]) -> usize {
    let len = prefix.len();
    prefix.extend_from_slice(part);
    prefix.push(b':');
    len
}

/// `"path:value"` for each scalar under `value`, `prefix` being the path with a `:` after each
/// part; empty lists and objects yield nothing.
fn flatten(value: &Document, prefix: &mut Vec<u8>, lines: &mut Vec<Vec<u8>>) {
    match value {
        Document::List(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = push_part(prefix, i.to_string().as_bytes());
                flatten(item, prefix, lines);
                prefix.truncate(len);
            }
        }
        Document::Dict(members) => {
            for (k, v) in members {
                let len = push_part(prefix, k);
                flatten(v, prefix, lines);
                prefix.truncate(len);
            }
        }
        scalar => {
            let text = scalar.scalar_text().expect("a scalar");
            let mut line = Vec::with_capacity(prefix.len() + text.len());
            line.extend_from_slice(prefix);
            line.extend_from_slice(&text);
            lines.push(line);
        }
    }
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 0x3f) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_the_standard_padded_alphabet() {
        for (bytes, want) in [
            (&b""[..], ""),
            (b"f", "Zg=="),
            (b"fo", "Zm8="),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg=="),
            (&[0xfb, 0xff, 0xbf][..], "+/+/"),
        ] {
            assert_eq!(base64(bytes), want);
        }
    }

    #[test]
    fn the_signing_string_is_sorted_path_value_pairs() {
        let doc = r#"{"general":{"signature":"x","id":7},"b":[true,null,{"c":1.0}],"a":{},"":[],"k:;":"v;:","n":-0,"f":1e-5}"#;
        assert_eq!(
            hmac_signing_string(doc).unwrap(),
            "b:0:True;b:1:None;b:2:c:1.0;f:1e-05;general:id:7;k:;:v;:;n:0"
        );
        assert_eq!(hmac_signing_string(r#"{"":1}"#).unwrap(), ":1");
    }

    #[test]
    fn known_answer() {
        // Python: base64.b64encode(hmac.new(b"key", b"a:1", hashlib.sha512).digest())
        assert_eq!(
            hmac_sign_json(r#"{"a":1}"#, "key").unwrap(),
            "oWiTSrTe2hmovr+XNsJEYeqvD/5kUjOTpanWBh5nrNJ7sNQo4R7A1WpubrjxLYdGC+10obQGTyKrQe/etEobDg=="
        );
    }

    #[test]
    fn refusals_name_the_problem() {
        let err = |json: &str, key: &str| hmac_sign_json(json, key).unwrap_err().to_string();
        assert!(err("[1]", "k").contains("must be a JSON object, got a list"));
        assert!(err("{}", "").contains("key"));
        assert!(err(r#"{"a":"\ud800"}"#, "k").contains("lone surrogate"));
        assert!(err("{\"a\":1,}", "k").contains("at byte"));
        // A lone surrogate that is not signed does not matter, as in Python.
        assert!(hmac_sign_json(r#"{"general":{"signature":"\udc00"},"\ud800":{}}"#, "k").is_ok());
        let verify = |json: &str| hmac_verify_json(json, "k").unwrap_err().to_string();
        assert!(verify(r#"{"a":1}"#).contains("general.signature"));
        assert!(verify(r#"{"general":{"signature":1}}"#).contains("must be a string"));
    }

    #[test]
    fn verify_accepts_its_own_signature_and_nothing_else() {
        let doc = r#"{"general":{"id":"1"},"amount":"10.5","list":[1,2]}"#;
        let signature = hmac_sign_json(doc, "k").unwrap();
        let signed = doc.replace(
            r#""id":"1""#,
            &format!(r#""id":"1","signature":"{signature}""#),
        );
        hmac_verify_json(&signed, "k").unwrap();
        for tampered in [
            signed.replace("10.5", "10.6"),
            signed.replace("[1,2]", "[2,1]"),
            signed.replace(&signature, &signature.to_lowercase()),
        ] {
            assert_eq!(
                hmac_verify_json(&tampered, "k").unwrap_err().code(),
                "signature_mismatch"
            );
        }
        assert_eq!(
            hmac_verify_json(&signed, "other").unwrap_err().code(),
            "signature_mismatch"
        );
    }
}
