//! The core's PHP values to plain JS data, for verified postbacks.
//!
//! Lists become arrays and everything else objects. Integers become numbers when they are exact
//! in a double (|i| <= 2^53 - 1) and BigInt beyond, so no id is ever silently rounded.

use napi::sys;
use paykassma::php::{Array, Shape, Value};

use crate::js::Js;

const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Whether a JS number holds `i` exactly.
pub fn is_safe_integer(i: i64) -> bool {
    i.unsigned_abs() <= MAX_SAFE_INTEGER
}

pub fn value(js: Js, v: &Value) -> napi::Result<sys::napi_value> {
    match v {
        Value::Null => js.null(),
        Value::Bool(b) => js.boolean(*b),
        Value::Int(i) if is_safe_integer(*i) => js.double(*i as f64),
        Value::Int(i) => js.bigint(*i),
        Value::Float(f) => js.double(*f),
        Value::Str(s) => js.string(s),
        Value::Array(a) => array(js, a),
    }
}

pub fn array(js: Js, a: &Array) -> napi::Result<sys::napi_value> {
    if a.shape() == Shape::List && a.is_list() {
        let out = js.array(a.len())?;
        for (i, item) in a.values().enumerate() {
            js.set_element(out, i as u32, value(js, item)?)?;
        }
        return Ok(out);
    }
    let mut props = Vec::with_capacity(a.len());
    for (k, item) in a.iter() {
        props.push((js.string(&k.as_text())?, value(js, item)?));
    }
    js.object_with(&props)
}
