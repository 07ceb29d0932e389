//! `verifyPostback(body, privateKey)`: checks a postback and returns it as plain data.

use napi::bindgen_prelude::Unknown;
use napi::{Env, JsValue, Result, ValueType};
use napi_derive::napi;

use crate::error::{core_error, type_error};
use crate::js::{Js, Raw};
use crate::sign::key_argument;
use crate::{postback_js, postback_parts};

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
    Ok(Raw(postback_parts::postback(Js(env.raw()), &postback)?))
}

/// `verifyPostback` with the whole object built in the addon: the reference the tests hold
/// `paykassma.js`'s assembly to. Internal: the package does not export it.
#[napi(js_name = "verifyPostbackInAddon", skip_typescript)]
pub fn verify_postback_in_addon(env: Env, body: Unknown, private_key: Unknown) -> Result<Raw> {
    let key = key_argument(env, private_key)?;
    let postback = check_body(env, body, |bytes| paykassma::verify_postback(bytes, &key))?;
    Ok(Raw(postback_js::postback(Js(env.raw()), &postback)?))
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

/// Decodes `converted_amount`'s text PHP-style when `paykassma.js` first reads it. Internal: the
/// package does not export it.
#[napi(js_name = "decodeConvertedAmount", skip_typescript)]
pub fn decode_converted_amount(env: Env, text: String) -> Result<Raw> {
    let value = paykassma::php::decode(&text)
        .map_err(|e| napi::Error::from_reason(format!("converted_amount: {e}")))?;
    Ok(Raw(crate::to_js::value(Js(env.raw()), &value)?))
}
