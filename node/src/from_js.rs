//! JS data to the core's PHP value model, for `sign(data)` and the client's parameters.
//!
//! The rule for each type is what PHP would see after `json_decode(JSON.stringify(data), true)`,
//! so that signing an object and signing its JSON text agree:
//! - a number that is an integer within i64 becomes a PHP int (JS has no `1000.0`: `JSON.stringify`
//!   writes `1000`, which PHP reads as int 1000 and signs as `1000`; `-0` is written `0`), any
//!   other number a float (`1000.5`); beyond 2^53 the int is the digits JS prints for the number;
//! - a BigInt becomes an int when it fits i64;
//! - an object becomes an object-shaped array, its keys converted by PHP's rules (`"10"` is int 10);
//! - `undefined`, functions, symbols, class instances (Date, Map, Buffer ...) are refused, with the
//!   path of the offending value, rather than silently dropped as `JSON.stringify` would.
//!
//! Where JSON has no form, [`Numbers`] decides: `sign` follows PHP's formula over the value (NaN
//! and ±Infinity are the floats PHP signs as `NAN`, `INF`, `-INF`; a BigInt beyond 64 bits is what
//! `json_decode` makes of its digits, a float), while parameters, which travel as JSON, refuse them.

use napi::sys;
use paykassma::php::{decode, Array, Key, Value, MAX_DEPTH};
use paykassma::{Field, FieldKey, RequestSigner};

use crate::js::Js;

/// Why a value cannot be signed, with where it is (`bank_details.bank_code`).
pub enum Refusal {
    /// A type PHP data cannot hold.
    Type { path: String, message: String },
    /// A number outside what PHP can receive.
    Range { path: String, message: String },
    /// The N-API call itself failed (a throwing getter, for one).
    Napi(napi::Error),
}

impl From<napi::Error> for Refusal {
    fn from(e: napi::Error) -> Refusal {
        Refusal::Napi(e)
    }
}

type Result<T> = std::result::Result<T, Refusal>;

/// What becomes of the numbers JSON cannot write: NaN, ±Infinity, BigInts beyond 64 bits.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    /// PHP's values for them, as PHP's formula signs them (`sign`).
    Php,
    /// Refused with a `RangeError`: the data travels as JSON (client parameters).
    Json,
}

pub struct Reader {
    js: Js,
    object_prototype: sys::napi_value,
    numbers: Numbers,
}

impl Reader {
    pub fn new(js: Js, numbers: Numbers) -> napi::Result<Reader> {
        Ok(Reader {
            js,
            object_prototype: js.object_prototype()?,
            numbers,
        })
    }

    /// True for an array or a plain object (`{}` or `Object.create(null)`).
    pub fn is_data(&self, v: sys::napi_value) -> napi::Result<bool> {
        let js = self.js;
        if js.type_of(v)? != napi::ValueType::Object {
            return Ok(false);
        }
        if js.is_array(v)? {
            return Ok(true);
        }
        let proto = js.prototype_of(v)?;
        Ok(js.type_of(proto)? == napi::ValueType::Null
            || js.strict_equals(proto, self.object_prototype)?)
    }

    /// Reads an array or a plain object (check with [`Reader::is_data`] first).
    pub fn array(&self, v: sys::napi_value, path: &str, depth: usize) -> Result<Array> {
        let js = self.js;
        if depth > MAX_DEPTH {
            let short: String = path.chars().take(60).collect();
            return Err(Refusal::Type {
                path: format!("{short}..."),
                message: format!("nests deeper than {MAX_DEPTH} levels (is there a cycle?)"),
            });
        }
        if js.is_array(v)? {
            // Items of a top-level list are `data[0]`, as the other bindings name them.
            let base = if path.is_empty() { "data" } else { path };
            let mut out = Array::list();
            for i in 0..js.array_len(v)? {
                let item = js.element(v, i)?;
                out.push(self.value(item, &format!("{base}[{i}]"), depth + 1)?);
            }
            return Ok(out);
        }
        let keys = js.own_keys(v)?;
        let mut out = Array::object();
        for i in 0..js.array_len(keys)? {
            let key = js.element(keys, i)?;
            let name = self.string(key, path)?;
            let item = js.property(v, key)?;
            let item_path = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            out.insert(Key::from(name), self.value(item, &item_path, depth + 1)?);
        }
        Ok(out)
    }

    /// Signs a plain object field by field, without building the core's array: keys and
    /// scalar values go straight to the signer, nested objects and arrays are read as values.
    /// `None` for anything [`Reader::array`] must look at (which names what is wrong): a value
    /// of another type, a string with a lone surrogate, a BigInt past 64 bits.
    pub fn sign_object(
        &self,
        v: sys::napi_value,
        private_key: &str,
    ) -> Option<std::result::Result<String, paykassma::Error>> {
        use napi::ValueType as T;
        let js = self.js;
        let keys = js.own_keys(v).ok()?;
        let mut signer = RequestSigner::new();
        let mut units = [0u16; 256];
        let (mut key, mut text) = (String::new(), String::new());
        for i in 0..js.array_len(keys).ok()? {
            let k = js.element(keys, i).ok()?;
            self.utf8_into(k, &mut units, &mut key)?;
            let item = js.property(v, k).ok()?;
            let nested;
            let field = match js.type_of(item).ok()? {
                T::Null => Field::Null,
                T::Boolean => Field::Bool(js.get_bool(item).ok()?),
                T::String => {
                    self.utf8_into(item, &mut units, &mut text)?;
                    Field::Str(&text)
                }
                T::Number => match number(js.get_f64(item).ok()?, "", self.numbers).ok()? {
                    Value::Int(i) => Field::Int(i),
                    Value::Float(f) => Field::Float(f),
                    _ => return None,
                },
                T::BigInt => Field::Int(js.get_bigint_i64(item).ok()??),
                T::Object if self.is_data(item).ok()? => {
                    nested = Value::Array(self.array(item, &key, 1).ok()?);
                    Field::Value(&nested)
                }
                _ => return None,
            };
            signer.field_copied(FieldKey::Str(&key), field);
        }
        Some(signer.sign(private_key))
    }

    /// A string as UTF-8 into `out`, read through `units` when it fits; `None` for a lone
    /// surrogate.
    fn utf8_into(&self, v: sys::napi_value, units: &mut [u16], out: &mut String) -> Option<()> {
        out.clear();
        let long;
        let units: &[u16] = match self.js.utf16_into(v, units).ok()? {
            Some(n) => &units[..n],
            None => {
                long = self.js.get_utf16(v).ok()?;
                &long
            }
        };
        for c in char::decode_utf16(units.iter().copied()) {
            out.push(c.ok()?);
        }
        Some(())
    }

    fn value(&self, v: sys::napi_value, path: &str, depth: usize) -> Result<Value> {
        use napi::ValueType as T;
        let js = self.js;
        let refuse = |what: &str| Refusal::Type {
            path: path.to_owned(),
            message: what.to_owned(),
        };
        match js.type_of(v)? {
            T::Null => Ok(Value::Null),
            T::Boolean => Ok(Value::Bool(js.get_bool(v)?)),
            T::String => Ok(Value::Str(self.string(v, path)?)),
            T::Number => number(js.get_f64(v)?, path, self.numbers),
            T::BigInt => match js.get_bigint_i64(v)? {
                Some(i) => Ok(Value::Int(i)),
                None if self.numbers == Numbers::Php => big_integer(&js.to_text(v)?, path),
                None => Err(Refusal::Range {
                    path: path.to_owned(),
                    message: "is a BigInt outside the 64-bit range PHP integers have".to_owned(),
                }),
            },
            T::Object if self.is_data(v)? => Ok(Value::Array(self.array(v, path, depth)?)),
            T::Object if js.is_typedarray(v)? => Err(refuse(
                "is a Buffer or typed array; only the whole data may be raw JSON bytes",
            )),
            T::Object if js.is_date(v)? => Err(refuse(
                "is a Date; pass it as a string in the format the gateway expects",
            )),
            T::Object => Err(refuse(
                "is an object that is neither a plain object nor an array (a class instance, Map, Set ...)",
            )),
            T::Undefined => Err(refuse(
                "is undefined; leave the key out, or use null for an empty value",
            )),
            T::Function => Err(refuse("is a function")),
            T::Symbol => Err(refuse("is a symbol")),
            other => Err(refuse(&format!("has an unsupported type ({other})"))),
        }
    }

    /// A string, refusing lone surrogates (PHP's `json_decode` refuses them too).
    fn string(&self, v: sys::napi_value, path: &str) -> Result<String> {
        let units = self.js.get_utf16(v)?;
        String::from_utf16(&units).map_err(|_| Refusal::Type {
            path: path.to_owned(),
            message: "holds a lone UTF-16 surrogate, which is not valid Unicode".to_owned(),
        })
    }
}

/// 2^53: up to here every integer is exact in a double.
const MAX_EXACT: f64 = 9_007_199_254_740_992.0;

/// 2^63 as a double: the first value past `i64::MAX`.
const I64_END: f64 = 9_223_372_036_854_775_808.0;

fn number(f: f64, path: &str, numbers: Numbers) -> Result<Value> {
    if !f.is_finite() && numbers == Numbers::Php {
        return Ok(Value::Float(f));
    }
    if !f.is_finite() {
        return Err(Refusal::Range {
            path: path.to_owned(),
            message: format!("is {f}, which JSON (and so PHP) cannot carry"),
        });
    }
    if f.fract() != 0.0 || !(-I64_END..I64_END).contains(&f) {
        return Ok(Value::Float(f));
    }
    if f.abs() <= MAX_EXACT {
        // -0 becomes int 0, as `JSON.stringify(-0)` is `0`.
        return Ok(Value::Int(f as i64));
    }
    // Beyond 2^53 a double stands for the digits JS prints for it (`6109118461608886000`, not
    // the binary value `6109118461608885760`): that is what JSON.stringify sends and PHP reads.
    // Rust's shortest round-trip printing gives the same digits.
    Ok(format!("{f}")
        .parse::<i64>()
        .map_or(Value::Float(f), Value::Int))
}

/// A JS number as `sign` signs it (see [`number`]): a PHP int or float.
pub fn php_number(f: f64) -> Field<'static> {
    match number(f, "", Numbers::Php) {
        Ok(Value::Int(i)) => Field::Int(i),
        _ => Field::Float(f),
    }
}

/// What `json_decode` makes of an integer's digits beyond 64 bits: a float (INF past any double).
fn big_integer(digits: &str, path: &str) -> Result<Value> {
    match decode(digits) {
        Ok(v @ Value::Float(_)) => Ok(v),
        _ => Err(Refusal::Range {
            path: path.to_owned(),
            message: format!("is a BigInt whose digits ({digits}) are not a JSON number"),
        }),
    }
}
