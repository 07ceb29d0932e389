//! `verifyPostback(body, privateKey)`: checks a postback and returns it as plain data.

use std::mem::MaybeUninit;

use napi::bindgen_prelude::Unknown;
use napi::{sys, Env, JsValue, Result, ValueType};
use napi_derive::napi;
use paykassma::php::Value;
use paykassma::postback::Member;

use crate::error::{core_error, type_error};
use crate::js::{Js, Raw};
use crate::sign::read_private_key;
use crate::to_js::{self, is_safe_integer};

const PARSED_BODY: &str =
    "verifyPostback: `body` must be the raw request body (a Buffer or string), \
not a parsed object: the signature covers the gateway's own JSON encoding, which parsing loses. \
With Express, use express.raw({ type: '*/*' }) on this route instead of express.json().";

/// Verifies a postback from the gateway with the postback private key, and returns it.
///
/// `body` is the raw request body, exactly as received (a Buffer, or a string). An already
/// parsed object is refused: with Express, read this route with `express.raw({ type: '*\/*' })`,
/// not `express.json()`.
///
/// Answer every verified postback, repeats included, with HTTP 200 and
/// `postback.acknowledgement` (`{"status":"ok"}`), and process each `idempotency_key` once.
///
/// @throws {Error} code `signature_mismatch` when the body was not signed with this key,
///   `malformed_postback` when it cannot be checked at all, `validation_error` for an empty key.
/// @throws {TypeError} code `validation_error` when `body` is not a Buffer or string.
#[napi(
    js_name = "verifyPostback",
    ts_args_type = "body: Buffer | Uint8Array | string, privateKey: string",
    ts_return_type = "Postback"
)]
pub fn verify_postback(env: Env, body: Unknown, private_key: Unknown) -> Result<Raw> {
    let (mut key_buf, mut key_text) = ([MaybeUninit::uninit(); 256], String::new());
    let key = read_private_key(env, private_key, &mut key_buf, &mut key_text)?;
    let postback = check_body(env, body, |bytes| paykassma::verify_postback(bytes, key))?;
    Ok(Raw(parts(Js(env.raw()), &postback)?))
}

/// Reads a raw body argument and hands its bytes to `verify`.
pub fn check_body(
    env: Env,
    body: Unknown,
    verify: impl FnOnce(&[u8]) -> std::result::Result<paykassma::Postback, paykassma::Error>,
) -> Result<paykassma::Postback> {
    let js = Js(env.raw());
    let v = body.raw();
    let owned;
    let bytes: &[u8] =
        match js.type_of(v)? {
            ValueType::String => {
                // Copied out of the JS heap, so refused by size before that: UTF-8 takes a byte
                // or more for each UTF-16 unit, so only a string past the cap in units is
                // measured (exactly, for the error); the others are copied in one pass.
                if js.utf16_len(v)? > paykassma::postback::MAX_POSTBACK_BYTES {
                    paykassma::postback::check_body_size(js.utf8_len(v)?)
                        .map_err(|e| core_error(env, &e))?;
                }
                owned = js.get_utf8_one_pass(v)?;
                owned.as_bytes()
            }
            ValueType::Object if js.is_typedarray(v)? => match js.uint8_bytes(v)? {
                Some(bytes) => bytes,
                None => return Err(type_error(env, "body", PARSED_BODY)),
            },
            ValueType::Undefined | ValueType::Null => return Err(type_error(
                env,
                "body",
                "verifyPostback: `body` is missing: pass the raw request body (a Buffer or string)",
            )),
            _ => return Err(type_error(env, "body", PARSED_BODY)),
        };
    verify(bytes).map_err(|e| core_error(env, &e))
}

/// The members that `paykassma.js` decodes when they are read, named here so that no member name
/// is written in JS: each entry's `signed` and the unsigned `converted_amount` (see [`parts`]).
#[napi(skip_typescript)]
pub const POSTBACK_LAZY_MEMBERS: [&str; 4] = ["entries", "signed", "unsigned", "converted_amount"];

/// The members that are plain text, named here so that no member name is written in JS, in
/// their order among the postback's members: all but the last come before the others, the last
/// after them. `paykassma.js` sets them as they are when it returns a postback, and makes the
/// others accessors, built when first read: defining an accessor costs about five times as much
/// as setting a value (see [`parts`]).
#[napi(skip_typescript)]
pub const POSTBACK_TEXT_MEMBERS: [&str; 5] = [
    "kind",
    "idempotency_key",
    "signed_list",
    "signature_form",
    "acknowledgement",
];

/// The members whose value is the same list of texts in every postback, named here so that no
/// member name is written in JS, in their order, between the accessors and the last text member:
/// `paykassma.js` sets a copy of the first postback's list as a plain value (an accessor costs
/// about as much to define as the whole postback takes to return).
#[napi(skip_typescript)]
pub const POSTBACK_CONSTANT_MEMBERS: [&str; 1] = ["unsigned_fields"];

/// A verified postback as `paykassma.js` receives it to build the JS objects when first read
/// (N-API defines properties one call at a time, which cost more than verifying; V8 builds
/// objects from JSON text in a fraction of that time): one Latin-1 string (one character a byte,
/// which V8 copies without decoding, and cheaper to make than a Buffer; one value, so one N-API
/// call): the lengths `jsonLength,bigLength,ratesLength,`, those of the values of
/// [`POSTBACK_TEXT_MEMBERS`], then `texts;` (see [`HEAD`]), then in this order:
///
/// - the text members' values, each its length in bytes of UTF-8 (`texts` is `1` when any of
///   them goes past ASCII, `0` otherwise: `paykassma.js` decodes them then);
/// - the core's `to_json_without_large()` in ASCII (`\uXXXX` beyond: decoding UTF-8 in JS,
///   then parsing the two-byte string it makes, cost more than JSON.parse takes to read the
///   escapes, about 3 us at the median on the first read), `jsonLength` bytes;
/// - JSON text `[[path, digits], ...]` for the integers of the JSON past 2^53, which JSON.parse
///   would round: they become BigInt (`bigLength` bytes, -1 when there is none);
/// - `converted_amount`'s text (`ratesLength` bytes, -1 when there is none), then the signed
///   list as re-encoded, the text the signature covers, to the end. These two are UTF-8, read
///   when first read (by [`decode_json`] where JSON.parse would read them otherwise).
pub fn parts(js: Js, p: &paykassma::Postback) -> Result<sys::napi_value> {
    let json = p.to_json_without_large();
    let rates = p.unsigned().converted_amount.as_deref();
    let mut big = Vec::new();
    let entries = if may_hold_big_integer(p) {
        p.entries()
    } else {
        &[]
    };
    for (i, e) in entries.iter().enumerate() {
        let members = e.members();
        if has_big_integer(&members) {
            let path = vec![Value::from(POSTBACK_LAZY_MEMBERS[0]), Value::Int(i as i64)];
            big_integers(&path, &members, &mut big);
        }
    }
    let big =
        if big.is_empty() {
            None
        } else {
            Some(paykassma::php::encode(&big.into()).map_err(|_| {
                napi::Error::from_reason("verifyPostback: cannot write big integers")
            })?)
        };
    let rates_text = rates.unwrap_or("");
    let big_text = big.as_deref().unwrap_or("");
    let key = p.idempotency_key();
    let texts = [
        p.kind().as_str(),
        &key,
        p.signed_list().field_name(),
        p.signature_form().as_str(),
        p.acknowledgement(),
    ];
    let texts_len: usize = texts.iter().map(|t| t.len()).sum();
    let mut text = Vec::with_capacity(
        HEAD.len()
            + texts_len
            + 3 * json.len() // room for the escapes: six bytes for two or three, twelve for four
            + big_text.len()
            + rates_text.len()
            + p.signed_json().len(),
    );
    text.extend_from_slice(&HEAD); // the lengths, known once the rest is written
    for t in texts {
        text.extend_from_slice(t.as_bytes());
    }
    let json_at = text.len();
    push_ascii(&mut text, &json);
    let json_len = text.len() - json_at;
    text.extend_from_slice(big_text.as_bytes()); // ASCII: names, indices and digits
    text.extend_from_slice(rates_text.as_bytes());
    text.extend_from_slice(p.signed_json().as_bytes());
    let present = |text: Option<&str>| text.map(str::len);
    let lengths = [Some(json_len), present(big.as_deref()), present(rates)];
    for (field, len) in text[..33].chunks_exact_mut(11).zip(lengths) {
        write_length(&mut field[..10], len);
    }
    for (field, t) in text[33..48].chunks_exact_mut(3).zip(texts) {
        if t.len() >= 1 << 24 {
            return Err(napi::Error::from_reason(
                "verifyPostback: a text member is past 16 MiB",
            ));
        }
        field.copy_from_slice(&(t.len() as u32).to_be_bytes()[1..]);
    }
    if !texts.iter().all(|t| t.is_ascii()) {
        text[48] = b'1';
    }
    js.latin1(&text)
}

/// `len` in ten decimal digits, or `-000000001` for none (`format!` costs more than a postback's
/// JSON text takes to write).
fn write_length(field: &mut [u8], len: Option<usize>) {
    match len {
        Some(mut n) => {
            for digit in field.iter_mut().rev() {
                *digit = b'0' + (n % 10) as u8;
                n /= 10;
            }
        }
        None => field.copy_from_slice(b"-000000001"),
    }
}

/// Room for the lengths in front of the parts: the JSON's, the big integers' and the rates', ten
/// digits each (`-000000001` for none: up to 10 GB, far past what a body of at most 1 MiB can
/// expand to); then those of the text members' values, three bytes each (big-endian: JS reads
/// them with `charCodeAt`, cheaper than parsing digits on every postback); then whether the text
/// members go past ASCII.
const HEAD: [u8; 50] = {
    let mut head = *b"0000000000,0000000000,0000000000,...............0;";
    let mut at = 33;
    while at < 48 {
        head[at] = 0;
        at += 1;
    }
    head
};

/// JSON text with every non-ASCII character written as `\uXXXX` (two for one past U+FFFF), which
/// JSON.parse reads back as the same text. Runs of ASCII are found eight bytes at a time and
/// copied whole; each other character is written in one copy. `out` has room for all of it.
fn push_ascii(out: &mut Vec<u8>, json: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = json.as_bytes();
    let mut from = 0;
    loop {
        let at = from + first_non_ascii(&bytes[from..]);
        out.extend_from_slice(&bytes[from..at]);
        from = at;
        // A run of other characters (a name in another script), one at a time.
        for c in json[from..].chars().take_while(|c| !c.is_ascii()) {
            for &unit in c.encode_utf16(&mut [0; 2]).iter() {
                let u = usize::from(unit);
                let digits = [u >> 12, (u >> 8) & 0xf, (u >> 4) & 0xf, u & 0xf].map(|d| HEX[d]);
                out.extend_from_slice(br"\u");
                out.extend_from_slice(&digits);
            }
            from += c.len_utf8();
        }
        if from == bytes.len() {
            return;
        }
    }
}

/// The index of the first byte of `bytes` past ASCII, or its length.
fn first_non_ascii(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(bytes.len() - at)
}

/// Whether an entry may hold an integer past 2^53: most postbacks hold none, and then their
/// entries' members are never listed (a few allocations each).
fn may_hold_big_integer(p: &paykassma::Postback) -> bool {
    p.entries().iter().any(|e| {
        e.integers()
            .into_iter()
            .flatten()
            .any(|i| !is_safe_integer(i))
    })
}

/// Whether any integer member, nested ones included, is past 2^53 (most postbacks hold none:
/// their paths are then never built).
fn has_big_integer(members: &[(&'static str, Member<'_>)]) -> bool {
    members.iter().any(|(_, member)| match member {
        Member::Int(Some(i)) => !is_safe_integer(*i),
        Member::Object(members) => has_big_integer(members),
        _ => false,
    })
}

/// `[path, digits]` for each integer member past 2^53, nested objects included.
fn big_integers(path: &[Value], members: &[(&'static str, Member<'_>)], out: &mut Vec<Value>) {
    for (name, member) in members {
        let path = || [path, &[Value::from(*name)]].concat();
        match member {
            Member::Int(Some(i)) if !is_safe_integer(*i) => {
                out.push(vec![path().into(), Value::from(i.to_string())].into())
            }
            Member::Object(members) => big_integers(&path(), members, out),
            _ => {}
        }
    }
}

/// Decodes `bytes[start..end]` (of [`parts`]) PHP-style when `paykassma.js` first reads it, or
/// only the value of its item `item` (an entry of the signed list, which is decoded whole each
/// time: entries' `signed` are rarely read); integers past 2^53 become BigInt. Internal: the
/// package does not export it.
#[napi(js_name = "decodeJson", skip_typescript)]
pub fn decode_json(env: Env, bytes: &[u8], start: u32, end: u32, item: Option<u32>) -> Result<Raw> {
    let fail = |reason: String| napi::Error::from_reason(format!("decodeJson: {reason}"));
    let text = bytes
        .get(start as usize..end as usize)
        .and_then(|b| std::str::from_utf8(b).ok())
        .ok_or_else(|| fail("not a UTF-8 slice of the buffer".into()))?;
    let value = paykassma::php::decode(text).map_err(|e| fail(e.to_string()))?;
    let value = match (item, value) {
        (None, value) => value,
        (Some(i), Value::Array(list)) => list
            .values()
            .nth(i as usize)
            .cloned()
            .ok_or_else(|| fail(format!("no item {i}")))?,
        (Some(_), _) => return Err(fail("not a list".into())),
    };
    Ok(Raw(to_js::value(Js(env.raw()), &value)?))
}
