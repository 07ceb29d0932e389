//! `(string)` conversion and the documented `multiImplode(':', ...)`.

use super::float::to_php_string;
use super::value::Value;

/// PHP's `(string)$v` for a scalar: null and false give `""`, true gives `"1"`, floats use
/// `precision=14`. An array is imploded with `glue`, as `multiImplode` does with nested arrays.
pub fn to_php_string_with(value: &Value, glue: &str, out: &mut String) {
    match value {
        Value::Null | Value::Bool(false) => {}
        Value::Bool(true) => out.push('1'),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&to_php_string(*f)),
        Value::Str(s) => out.push_str(s),
        Value::Array(a) => multi_implode(glue, a.values(), out),
    }
}

/// `multiImplode($glue, $array)`: values in their own order, nested arrays imploded recursively.
pub fn multi_implode<'a>(glue: &str, values: impl Iterator<Item = &'a Value>, out: &mut String) {
    for (i, v) in values.enumerate() {
        if i > 0 {
            out.push_str(glue);
        }
        to_php_string_with(v, glue, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php::decode::decode;

    #[test]
    fn implodes_like_php() {
        let v = decode(r#"[null, true, false, 1, 1.0, 0.1, "s", [2, [3, []], 4], 1e-5]"#).unwrap();
        let mut out = String::new();
        multi_implode(":", v.as_array().unwrap().values(), &mut out);
        assert_eq!(out, ":1::1:1:0.1:s:2:3::4:1.0E-5");
    }
}
