//! `sign(data, privateKey)`: the gateway's request signature.

use napi::bindgen_prelude::Unknown;
use napi::{Env, JsValue, Result, ValueType};
use napi_derive::napi;

use crate::error::{core_error, refusal, type_error};
use crate::from_js::{Numbers, Reader};
use crate::js::Js;

/// Signs request data with the withdrawal private key, exactly as the gateway's PHP does:
/// `sha1(privateKey . md5(multiImplode(':', ksort(data))))`. A top-level `signature` key is left out.
///
/// `data` is a plain object or array (nested objects, arrays, strings, numbers, booleans, null,
/// bigint), or the raw JSON text (string or Buffer), which is decoded as PHP's `json_decode`
/// would. A number is a PHP int when it is an integer within 64 bits (`1000`), a float otherwise
/// (`1000.5`): the same as PHP sees after `json_decode(JSON.stringify(data))`. NaN, Infinity and
/// -Infinity sign as PHP signs its floats `NAN`, `INF`, `-INF`; a BigInt beyond 64 bits as the
/// float `json_decode` makes of its digits.
///
/// @throws {TypeError} code `validation_error`, `.field` naming the path
///   (`bank_details.bank_code`), when a value has a type PHP data cannot hold (undefined,
///   function, Date, Map, ...) or a string holds a lone surrogate.
/// @throws {Error} code `validation_error` for invalid JSON text (a lone surrogate in it
///   included) or an empty key.
#[napi(
    ts_args_type = "data: Record<string, unknown> | unknown[] | string | Buffer, privateKey: string"
)]
pub fn sign(env: Env, data: Unknown, private_key: Unknown) -> Result<String> {
    let mut key_buf = [0u8; 256];
    let key_text;
    let key = match short_key(env, private_key, &mut key_buf)? {
        Some(key) => key,
        None => {
            key_text = key_argument(env, private_key)?;
            &key_text
        }
    };
    let js = Js(env.raw());
    let v = data.raw();
    let mut text_buf = [0u8; 4096];
    let signed = match js.type_of(v)? {
        // Read as UTF-8 in place when it is short and V8 replaced no lone surrogate; else as
        // UTF-16, where a lone surrogate (which has no UTF-8 form) is seen for what it is.
        ValueType::String => match js.utf8_into(v, &mut text_buf)? {
            Some(text) if !text.contains('\u{FFFD}') => paykassma::sign_json(text, key),
            _ => match String::from_utf16(&js.get_utf16(v)?) {
                Ok(text) => paykassma::sign_json(&text, key),
                Err(_) => Err(paykassma::Error::Validation {
                    field: "data".into(),
                    reason: "holds a lone UTF-16 surrogate, which has no UTF-8 form".into(),
                }),
            },
        },
        ValueType::Object if js.is_typedarray(v)? => {
            let Some(bytes) = js.uint8_bytes(v)? else {
                return Err(type_error(
                    env,
                    "data",
                    "sign: `data` must be a Buffer or Uint8Array of JSON, not another typed array",
                ));
            };
            match std::str::from_utf8(bytes) {
                Ok(text) => paykassma::sign_json(text, key),
                Err(e) => {
                    return Err(core_error(
                        env,
                        &paykassma::Error::Validation {
                            field: "data".into(),
                            reason: format!("is not valid UTF-8 (byte {})", e.valid_up_to()),
                        },
                    ))
                }
            }
        }
        _ => {
            let reader = Reader::new(js, Numbers::Php)?;
            if !reader.is_data(v)? {
                return Err(type_error(
                    env,
                    "data",
                    "sign: `data` must be a plain object, an array, JSON text or a Buffer of JSON",
                ));
            }
            if !js.is_array(v)? {
                if let Some(signed) = reader.sign_object(v, key) {
                    return signed.map_err(|e| core_error(env, &e));
                }
            }
            let array = reader
                .array(v, "", 0)
                .map_err(|r| refusal(env, "sign", r))?;
            paykassma::sign(&array, key)
        }
    };
    signed.map_err(|e| core_error(env, &e))
}

/// A private key that is a string short enough for `buf`, read in place; `None` otherwise (then
/// [`key_argument`] reads it, or refuses it).
fn short_key<'b>(env: Env, key: Unknown, buf: &'b mut [u8]) -> Result<Option<&'b str>> {
    let js = Js(env.raw());
    if js.type_of(key.raw())? != ValueType::String {
        return Ok(None);
    }
    js.utf8_into(key.raw(), buf)
}

/// A private key argument: a string, else a TypeError (the key itself is never echoed).
pub fn key_argument(env: Env, key: Unknown) -> Result<String> {
    let js = Js(env.raw());
    if js.type_of(key.raw())? != ValueType::String {
        return Err(type_error(
            env,
            "private_key",
            "the private key must be a string",
        ));
    }
    js.get_utf8(key.raw())
}
