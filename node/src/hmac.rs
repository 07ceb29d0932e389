//! The newer platform's signature over a document's JSON text. `paykassma.js` writes a plain
//! object as the JSON Python would read for it (`hmacSign`, `hmacVerify`); the core does the rest.

use napi::bindgen_prelude::Unknown;
use napi::{Env, JsValue, Result, ValueType};
use napi_derive::napi;

use crate::error::{core_error, type_error};
use crate::js::Js;
use crate::sign::key_argument;

/// base64 HMAC-SHA512 of a JSON document's text (string or Buffer), `general.signature` left out.
#[napi(js_name = "hmacSignJson", skip_typescript)]
pub fn hmac_sign_json(env: Env, json: Unknown, key: Unknown) -> Result<String> {
    let key = key_argument(env, key)?;
    let text = document_text(env, json, "hmacSign")?;
    paykassma::hmac_sign_json(&text, &key).map_err(|e| core_error(env, &e))
}

/// Checks a JSON document's `general.signature` in constant time; throws on a mismatch.
#[napi(js_name = "hmacVerifyJson", skip_typescript)]
pub fn hmac_verify_json(env: Env, json: Unknown, key: Unknown) -> Result<()> {
    let key = key_argument(env, key)?;
    let text = document_text(env, json, "hmacVerify")?;
    paykassma::hmac_verify_json(&text, &key).map_err(|e| core_error(env, &e))
}

fn document_text(env: Env, json: Unknown, function: &str) -> Result<String> {
    let js = Js(env.raw());
    let v = json.raw();
    let invalid = |reason: String| {
        core_error(
            env,
            &paykassma::Error::Validation {
                field: "json".into(),
                reason,
            },
        )
    };
    match js.type_of(v)? {
        // As UTF-16 first: a lone surrogate has no UTF-8 form, and would otherwise become U+FFFD.
        ValueType::String => String::from_utf16(&js.get_utf16(v)?).map_err(|_| {
            invalid("holds a lone surrogate, which Python cannot encode to sign".into())
        }),
        ValueType::Object if js.is_typedarray(v)? => match js.uint8_bytes(v)? {
            Some(bytes) => std::str::from_utf8(bytes)
                .map(str::to_owned)
                .map_err(|e| invalid(format!("is not valid UTF-8 (byte {})", e.valid_up_to()))),
            None => Err(type_error(
                env,
                "json",
                &format!("{function}: a typed array must be a Buffer or Uint8Array of JSON"),
            )),
        },
        _ => Err(type_error(
            env,
            "json",
            &format!("{function}: the document must be a plain object, JSON text or a Buffer"),
        )),
    }
}
