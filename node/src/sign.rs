//! `sign(data, privateKey)`: the gateway's request signature.

use std::mem::MaybeUninit;

use napi::bindgen_prelude::Unknown;
use napi::{Env, JsValue, Result, ValueType};
use napi_derive::napi;

use paykassma::php::{Array, Shape, Value, MAX_DEPTH};
use paykassma::{Field, FieldKey, RequestSigner};

use crate::error::{core_error, refusal, type_error};
use crate::from_js::{php_number, Numbers, Reader};
use crate::js::{Js, Raw};

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
    let (mut key_buf, mut key_text) = ([MaybeUninit::uninit(); 256], String::new());
    let key = read_private_key(env, private_key, &mut key_buf, &mut key_text)?;
    let js = Js(env.raw());
    let v = data.raw();
    let mut text_buf = [MaybeUninit::uninit(); 4096];
    let signed = match js.type_of(v)? {
        // Read as UTF-8 in place when it is short and V8 replaced no lone surrogate; else as
        // UTF-16, where a lone surrogate (which has no UTF-8 form) is seen for what it is.
        ValueType::String => match js.utf8_in(v, &mut text_buf)? {
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

/// `sign` for a plain object of strings, numbers, booleans, null, and plain objects and arrays of
/// those, handed over by `paykassma.js` in one call: reading an object one N-API call per key and
/// value costs more than signing it, and writing it as JSON text more than half of that.
///
/// `text` is the keys and string values one after the other, in the object's order; `fields`
/// holds three numbers a field, in the same order: the key's length (0 for an array's item), its
/// kind (0 null, 1 false, 2 true, 3 number, 4 string, 5 object, 6 array) and then the string's
/// length, the number itself, or how many fields of the object or array follow (its own, each
/// with those of its nested values after it). Lengths are in UTF-16 units, as JS counts. The
/// signature, or null when a key or string holds a lone surrogate: then the object is signed by
/// [`sign`], which refuses it naming where it is. Internal: the package does not export it.
#[napi(js_name = "signFields", skip_typescript)]
pub fn sign_fields(
    env: Env,
    text: Unknown,
    fields: Unknown,
    count: u32,
    private_key: Unknown,
) -> Result<Raw> {
    let js = Js(env.raw());
    let mut key_buf = [MaybeUninit::uninit(); 256];
    let Some(key) = short_key(env, private_key, &mut key_buf)? else {
        return Ok(Raw(js.null()?));
    };
    let numbers = js.f64_array(fields.raw())?;
    let Some(numbers) = numbers.get(..3 * count as usize) else {
        return Err(bad("fewer numbers than fields"));
    };
    // The keys and strings as UTF-8, each where it ends; a lone surrogate leaves the data to the
    // object reader. The text is read in place when it is short (a request's is).
    let mut units_buf = [MaybeUninit::<u16>::uninit(); 2048];
    let long;
    let units = match js.utf16_in(text.raw(), &mut units_buf)? {
        Some(units) => units,
        None => {
            long = js.get_utf16(text.raw())?;
            &long
        }
    };
    let mut utf8 = Vec::with_capacity(3 * units.len());
    let mut ends = Vec::with_capacity(2 * count as usize);
    let mut rest = units;
    for field in numbers.chunks_exact(3) {
        for piece in [
            Some(field[0]),
            (field[1] as u8 == STRING).then_some(field[2]),
        ]
        .into_iter()
        .flatten()
        {
            let (piece, after) = rest
                .split_at_checked(piece as usize)
                .ok_or_else(|| bad("a length past the text"))?;
            if !push_utf16(&mut utf8, piece) {
                return Ok(Raw(js.null()?));
            }
            ends.push(utf8.len());
            rest = after;
        }
    }
    debug_assert!(std::str::from_utf8(&utf8).is_ok());
    // SAFETY: `push_utf16` wrote only ASCII bytes and whole characters' UTF-8.
    let text = unsafe { std::str::from_utf8_unchecked(&utf8) };
    let mut fields = Fields {
        text,
        at: 0,
        ends: ends.iter(),
        numbers: numbers.chunks_exact(3),
    };
    let mut signer = RequestSigner::new();
    while let Some((name, kind, number)) = fields.next()? {
        match kind {
            OBJECT | ARRAY => {
                let nested = fields.nested(kind, number, 1)?;
                signer.field_copied(FieldKey::Str(name), Field::Value(&nested));
            }
            _ => signer.field(FieldKey::Str(name), fields.scalar(kind, number)?),
        }
    }
    let signature = signer.sign(key).map_err(|e| core_error(env, &e))?;
    // Hex digits: Latin-1, which V8 copies without decoding.
    Ok(Raw(js.latin1(signature.as_bytes())?))
}

/// The benchmark's floor for signing an object (node/benches/sign.js): the least a native call
/// must do with a request handed over as [`sign_fields`] takes it, which is to read the key, the
/// text and the numbers, and answer a 40-character string. It hashes nothing: the core's md5 and
/// sha1 of the signing string are timed on their own (core/benches/sign.rs, `limit`). Internal:
/// the package does not export it.
#[napi(js_name = "signFloor", skip_typescript)]
pub fn sign_floor(env: Env, text: Unknown, fields: Unknown, private_key: Unknown) -> Result<Raw> {
    let js = Js(env.raw());
    let mut key_buf = [MaybeUninit::uninit(); 256];
    let key = short_key(env, private_key, &mut key_buf)?;
    let mut units_buf = [MaybeUninit::uninit(); 2048];
    let units = js.utf16_in(text.raw(), &mut units_buf)?;
    let numbers = js.f64_array(fields.raw())?;
    std::hint::black_box((key, units, numbers));
    Ok(Raw(js.latin1(b"0000000000000000000000000000000000000000")?))
}

// The kinds of [`sign_fields`]'s fields.
const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const NUMBER: u8 = 3;
const STRING: u8 = 4;
const OBJECT: u8 = 5;
const ARRAY: u8 = 6;

/// The fields of [`sign_fields`], read in order.
struct Fields<'t> {
    text: &'t str,
    at: usize,
    ends: std::slice::Iter<'t, usize>,
    numbers: std::slice::ChunksExact<'t, f64>,
}

/// Appends UTF-16 units as UTF-8 (ASCII bytes and whole characters only: [`sign_fields`] relies
/// on it); false for a lone surrogate.
fn push_utf16(out: &mut Vec<u8>, units: &[u16]) -> bool {
    // ASCII, unit by unit (most of a request), then the rest as characters.
    let ascii = units.iter().position(|&u| u >= 0x80).unwrap_or(units.len());
    out.extend(units[..ascii].iter().map(|&u| u as u8));
    for c in char::decode_utf16(units[ascii..].iter().copied()) {
        match c {
            Ok(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            Err(_) => return false,
        }
    }
    true
}

fn bad(what: &str) -> napi::Error {
    napi::Error::from_reason(format!("signFields: {what}"))
}

impl<'t> Fields<'t> {
    /// The next field's key, kind and number; `None` after the last.
    fn next(&mut self) -> Result<Option<(&'t str, u8, f64)>> {
        let Some(field) = self.numbers.next() else {
            return Ok(None);
        };
        Ok(Some((self.take()?, field[1] as u8, field[2])))
    }

    fn scalar(&mut self, kind: u8, number: f64) -> Result<Field<'t>> {
        Ok(match kind {
            NULL => Field::Null,
            FALSE => Field::Bool(false),
            TRUE => Field::Bool(true),
            NUMBER => php_number(number),
            STRING => Field::Str(self.take()?),
            _ => return Err(bad("an unknown kind")),
        })
    }

    /// An object or array of `count` fields, as the core's value.
    fn nested(&mut self, kind: u8, count: f64, depth: usize) -> Result<Value> {
        if depth > MAX_DEPTH {
            return Err(bad("nested too deep"));
        }
        let mut out = if kind == OBJECT {
            Array::object()
        } else {
            Array::list()
        };
        for _ in 0..count as usize {
            let (name, kind, number) = self
                .next()?
                .ok_or_else(|| bad("fewer fields than counted"))?;
            let value = match kind {
                OBJECT | ARRAY => self.nested(kind, number, depth + 1)?,
                _ => match self.scalar(kind, number)? {
                    Field::Null => Value::Null,
                    Field::Bool(b) => Value::Bool(b),
                    Field::Int(i) => Value::Int(i),
                    Field::Float(f) => Value::Float(f),
                    Field::Str(s) => Value::from(s),
                    Field::Value(v) => v.clone(),
                },
            };
            match out.shape() {
                Shape::List => out.push(value),
                _ => out.insert(name, value),
            }
        }
        Ok(out.into())
    }

    /// The next key or string of the text.
    fn take(&mut self) -> Result<&'t str> {
        let end = *self
            .ends
            .next()
            .ok_or_else(|| bad("more pieces than counted"))?;
        let piece = self
            .text
            .get(self.at..end)
            .ok_or_else(|| bad("a piece out of order"))?;
        self.at = end;
        Ok(piece)
    }
}

/// A private key that is a string short enough for `buf`, read in place; `None` otherwise (then
/// [`key_argument`] reads it, or refuses it).
pub fn short_key<'b>(
    env: Env,
    key: Unknown,
    buf: &'b mut [MaybeUninit<u8>],
) -> Result<Option<&'b str>> {
    let js = Js(env.raw());
    if js.type_of(key.raw())? != ValueType::String {
        return Ok(None);
    }
    js.utf8_in(key.raw(), buf)
}

/// A private key argument, read in place into `buf` when it is short enough, else into `owned`;
/// a TypeError when it is not a string (the key itself is never echoed).
pub fn read_private_key<'b>(
    env: Env,
    key: Unknown,
    buf: &'b mut [MaybeUninit<u8>],
    owned: &'b mut String,
) -> Result<&'b str> {
    if let Some(key) = short_key(env, key, buf)? {
        return Ok(key);
    }
    *owned = key_argument(env, key)?;
    Ok(owned)
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
