//! Parameters of client calls and `pluginUrl`: a plain JS object, converted by the same rules as
//! `sign` data, handed to the core as JSON (the core validates every field).

use napi::bindgen_prelude::Unknown;
use napi::{Env, JsValue, Result, ValueType};
use paykassma::php::{encode, Array, Value};

use crate::error::{refusal, type_error};
use crate::from_js::{Numbers, Reader};
use crate::js::Js;

/// The parameters as a PHP array; `undefined` reads as no parameters.
pub fn read(env: Env, function: &str, params: Option<Unknown>) -> Result<Array> {
    let js = Js(env.raw());
    let Some(params) = params else {
        return Ok(Array::object());
    };
    let v = params.raw();
    if js.type_of(v)? == ValueType::Undefined {
        return Ok(Array::object());
    }
    let reader = Reader::new(js, Numbers::Json)?;
    if js.is_array(v)? || !reader.is_data(v)? {
        return Err(type_error(
            env,
            "params",
            &format!("{function}: the parameters must be a plain object"),
        ));
    }
    reader
        .array(v, "", 0)
        .map_err(|r| refusal(env, function, r))
}

/// The settings as the JSON text the core's `Config::from_json` reads.
pub fn json(params: Array) -> String {
    // Finite numbers only reach here (the reader refuses NaN and Infinity), so encoding succeeds.
    encode(&Value::Array(params)).unwrap_or_else(|_| "{}".to_owned())
}
