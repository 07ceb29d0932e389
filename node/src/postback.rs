//! `verifyPostback(body, privateKey)`: checks a postback and returns it as plain data.

use napi::bindgen_prelude::Unknown;
use napi::{Env, JsValue, Result, ValueType};
use napi_derive::napi;

use crate::error::{core_error, type_error};
use crate::js::{Js, Raw};
use crate::postback_js;
use crate::sign::key_argument;

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
    check_body(env, body, |bytes| paykassma::verify_postback(bytes, &key))
}

/// Reads a raw body argument and hands its bytes to `verify`; converts the result.
pub fn check_body(
    env: Env,
    body: Unknown,
    verify: impl FnOnce(&[u8]) -> std::result::Result<paykassma::Postback, paykassma::Error>,
) -> Result<Raw> {
    let js = Js(env.raw());
    let v = body.raw();
    let owned;
    let bytes: &[u8] =
        match js.type_of(v)? {
            ValueType::String => {
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
    let postback = verify(bytes).map_err(|e| core_error(env, &e))?;
    Ok(Raw(postback_js::postback(js, &postback)?))
}
