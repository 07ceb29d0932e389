//! `verifyPostback(body, privateKey)`: checks a postback and returns it as plain data.

use napi::bindgen_prelude::Unknown;
use napi::{Env, JsValue, Result, ValueType};
use napi_derive::napi;

use napi::sys;
use paykassma::php::Value;
use paykassma::postback::{legacy_text, Member};

use crate::error::{core_error, type_error};
use crate::js::{Js, Raw};
use crate::sign::key_argument;
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
    let key = key_argument(env, private_key)?;
    let postback = check_body(env, body, |bytes| paykassma::verify_postback(bytes, &key))?;
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
                // Copied out of the JS heap, so refused by size before that.
                paykassma::postback::check_body_size(js.utf8_len(v)?)
                    .map_err(|e| core_error(env, &e))?;
                owned = js.get_utf8(v)?;
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

/// A verified postback as `paykassma.js` receives it to build the JS objects (N-API defines
/// properties one call at a time, which cost more than verifying; V8 builds objects from JSON
/// text in a fraction of that time):
///
/// `[json, converted_amount, big integers, signed_0, ..., signed_n]`
///
/// - `json`: the core's `to_json_without_large()`;
/// - `converted_amount`: its text, or null; each `signed_i`: entry i's text as signed. Both are
///   decoded (`decodeJson`) when first read;
/// - big integers: null, or JSON text `[[path, digits], ...]` for the integers of `json` past
///   2^53, which JSON.parse would round: they become BigInt.
///
/// The texts are written in ASCII (`\uXXXX` beyond), which V8 copies as it is rather than decoding
/// UTF-8 character by character.
pub fn parts(js: Js, p: &paykassma::Postback) -> Result<sys::napi_value> {
    let signed = p.signed_texts().ok_or_else(|| {
        napi::Error::from_reason("verifyPostback: the signed list cannot be walked")
    })?;
    let out = js.array(3 + signed.len())?;
    js.set_element(out, 0, ascii(js, &p.to_json_without_large())?)?;
    let rates = match &p.unsigned().converted_amount {
        Some(text) => ascii(js, text)?,
        None => js.null()?,
    };
    js.set_element(out, 1, rates)?;
    let mut big = Vec::new();
    for (i, e) in p.entries().iter().enumerate() {
        let path = vec![Value::from("entries"), Value::Int(i as i64)];
        big_integers(&path, &e.members(), &mut big);
    }
    let big = match big.is_empty() {
        true => js.null()?,
        false => js.string(&paykassma::php::encode(&big.into()).map_err(|_| {
            napi::Error::from_reason("verifyPostback: cannot write big integers")
        })?)?,
    };
    js.set_element(out, 2, big)?;
    for (i, text) in signed.iter().enumerate() {
        js.set_element(out, 3 + i as u32, ascii(js, text)?)?;
    }
    Ok(out)
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

fn ascii(js: Js, text: &str) -> Result<sys::napi_value> {
    if text.is_ascii() {
        js.string(text)
    } else {
        js.string(&legacy_text(text))
    }
}

/// Decodes a text of [`parts`] PHP-style, when `paykassma.js` first reads it: integers past 2^53
/// become BigInt. Internal: the package does not export it.
#[napi(js_name = "decodeJson", skip_typescript)]
pub fn decode_json(env: Env, text: String) -> Result<Raw> {
    let value =
        paykassma::php::decode(&text).map_err(|e| napi::Error::from_reason(e.to_string()))?;
    Ok(Raw(to_js::value(Js(env.raw()), &value)?))
}
