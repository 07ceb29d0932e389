//! `json_encode($v)` with PHP's DEFAULT flags, the way the gateway writes postbacks and answers:
//! `/` as `\/` and every non-ASCII character as `\uXXXX` (UTF-16, lowercase hex). The core's
//! encoder is the other one (unescaped slashes and unicode), used for hashing; both must agree on
//! everything else, so numbers and shapes go through the same rules.

use std::fmt::Write;

use paykassma::php::float::to_json_number;
use paykassma::php::{Array, Key, Shape, Value};

/// Encodes `value`; INF and NAN (which PHP refuses) are written as 0, and never occur in what the
/// sandbox builds.
pub fn encode_default(value: &Value) -> String {
    let mut out = String::with_capacity(512);
    write_value(&mut out, value, None);
    out
}

/// The same with `JSON_PRETTY_PRINT`: four-space indents, `": "` after keys, empty arrays as
/// `[]` or `{}` (gateways sometimes send postbacks this way).
pub fn encode_pretty(value: &Value) -> String {
    let mut out = String::with_capacity(1024);
    write_value(&mut out, value, Some(0));
    out
}

/// A line break and the indentation of `depth` (pretty printing only).
fn newline(out: &mut String, depth: Option<usize>) {
    if let Some(d) = depth {
        out.push('\n');
        for _ in 0..d {
            out.push_str("    ");
        }
    }
}

fn write_value(out: &mut String, value: &Value, depth: Option<usize>) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&to_json_number(*f).unwrap_or_else(|| "0".to_owned())),
        Value::Str(s) => write_string(out, s),
        Value::Array(a) => write_array(out, a, depth),
    }
}

fn write_array(out: &mut String, array: &Array, depth: Option<usize>) {
    let list = array.shape() == Shape::List && array.is_list();
    let (open, close) = if list { ('[', ']') } else { ('{', '}') };
    out.push(open);
    if array.is_empty() {
        out.push(close);
        return;
    }
    let inner = depth.map(|d| d + 1);
    for (i, (k, v)) in array.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        newline(out, inner);
        if !list {
            match k {
                Key::Int(n) => {
                    let _ = write!(out, "\"{n}\"");
                }
                Key::Str(s) => write_string(out, s),
            }
            out.push_str(if depth.is_some() { ": " } else { ":" });
        }
        write_value(out, v, inner);
    }
    newline(out, depth);
    out.push(close);
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || (c as u32) >= 0x80 => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use paykassma::php::decode;

    #[test]
    fn escapes_like_php_default_flags() {
        let v = decode(r#"{"u":"https://x/é😀","e":{},"l":[1.0,0.5],"c":"\u0001\u007f"}"#).unwrap();
        assert_eq!(
            encode_default(&v),
            "{\"u\":\"https:\\/\\/x\\/\\u00e9\\ud83d\\ude00\",\"e\":{},\"l\":[1,0.5],\"c\":\"\\u0001\u{7f}\"}"
        );
        // Decoding what we wrote and re-encoding with the core's flags gives what the core
        // would write for the original: the postback hash is unchanged.
        let back = decode(&encode_default(&v)).unwrap();
        assert_eq!(paykassma::php::encode(&back), paykassma::php::encode(&v));
    }

    #[test]
    fn pretty_prints_like_php() {
        let v = decode(r#"{"a":[1,{"b":"\/"}],"e":[],"o":{}}"#).unwrap();
        assert_eq!(
            encode_pretty(&v),
            "{\n    \"a\": [\n        1,\n        {\n            \"b\": \"\\/\"\n        }\n    ],\n    \"e\": [],\n    \"o\": {}\n}"
        );
    }
}
