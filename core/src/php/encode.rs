//! `json_encode($v, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE)`, the encoding the gateway
//! hashes postback data in. Arrays keep the shape they were decoded with (see [`Shape`]).

use std::fmt::Write;

use super::float::to_json_number;
use super::value::{Array, Key, Shape, Value};

/// Where encoded JSON goes: a string, or straight into a hash so that nothing is kept.
pub(crate) trait Out {
    fn push_str(&mut self, s: &str);

    fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }
}

impl Out for String {
    #[inline]
    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }

    #[inline]
    fn push(&mut self, c: char) {
        String::push(self, c);
    }
}

/// `write!` into any [`Out`], for numbers.
struct Formatted<'o, O: ?Sized>(&'o mut O);

impl<O: Out + ?Sized> Write for Formatted<'_, O> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.push_str(s);
        Ok(())
    }
}

/// Why a value cannot be encoded: PHP's `json_encode` refuses INF and NAN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NonFiniteFloat;

/// Encodes a value as PHP does with `JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE`.
pub fn encode(value: &Value) -> Result<String, NonFiniteFloat> {
    let mut out = String::with_capacity(2048);
    write_value(&mut out, value)?;
    Ok(out)
}

pub(super) fn write_value<O: Out + ?Sized>(
    out: &mut O,
    value: &Value,
) -> Result<(), NonFiniteFloat> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Int(i) => {
            let _ = write!(Formatted(out), "{i}");
        }
        Value::Float(f) => out.push_str(&to_json_number(*f).ok_or(NonFiniteFloat)?),
        Value::Str(s) => write_string(out, s),
        Value::Array(a) => write_array(out, a)?,
    }
    Ok(())
}

fn write_array<O: Out + ?Sized>(out: &mut O, array: &Array) -> Result<(), NonFiniteFloat> {
    if array.shape() == Shape::List && array.is_list() {
        out.push('[');
        for (i, v) in array.values().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_value(out, v)?;
        }
        out.push(']');
    } else {
        out.push('{');
        for (i, (k, v)) in array.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match k {
                Key::Int(n) => {
                    let _ = write!(Formatted(out), "\"{n}\"");
                }
                Key::Str(s) => write_string(out, s),
            }
            out.push(':');
            write_value(out, v)?;
        }
        out.push('}');
    }
    Ok(())
}

/// Escapes `"` and `\`, control characters (`\n` style where JSON has one, else `\u00XX`), and
/// U+2028/U+2029; slashes and other non-ASCII characters stay as they are.
pub(crate) fn write_string<O: Out + ?Sized>(out: &mut O, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    loop {
        i = plain_run(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
        let (escaped, len): (Option<&str>, usize) = match b {
            b'"' => (Some("\\\""), 1),
            b'\\' => (Some("\\\\"), 1),
            0x08 => (Some("\\b"), 1),
            0x0c => (Some("\\f"), 1),
            b'\n' => (Some("\\n"), 1),
            b'\r' => (Some("\\r"), 1),
            b'\t' => (Some("\\t"), 1),
            0x00..=0x1f => (None, 1),
            0xe2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9)) =>
            {
                (
                    Some(if bytes[i + 2] == 0xa8 {
                        "\\u2028"
                    } else {
                        "\\u2029"
                    }),
                    3,
                )
            }
            // Another character starting with E2 stays as it is.
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[run..i]);
        match escaped {
            Some(e) => out.push_str(e),
            None => {
                let _ = write!(Formatted(out), "\\u{:04x}", b);
            }
        }
        i += len;
        run = i;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

/// The end of the run from `from` that is copied as it is. Everything to escape starts with an
/// ASCII byte below 0x20, `"`, `\` or 0xE2 (U+2028 and U+2029 are E2 80 A8/A9), so a byte scan,
/// eight bytes at a time, finds it without decoding characters.
fn plain_run(bytes: &[u8], from: usize) -> usize {
    let mut from = super::words::skip_plain_words(bytes, from, Some(0xe2));
    while let Some(&b) = bytes.get(from) {
        if STOPS[usize::from(b)] {
            break;
        }
        from += 1;
    }
    from
}

/// The bytes [`plain_run`] stops at, as a table: one lookup per byte instead of four comparisons.
static STOPS: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t[0xe2] = true;
    t
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php::decode::decode;

    fn roundtrip(json: &str) -> String {
        encode(&decode(json).unwrap()).unwrap()
    }

    #[test]
    fn escapes_like_php_with_both_flags() {
        assert_eq!(
            roundtrip(r#""a\/b é \u2028 \u001f \n ""#),
            r#""a/b é \u2028 \u001f \n ""#
        );
        assert_eq!(roundtrip(r#""q\"b\\""#), r#""q\"b\\""#);
    }

    #[test]
    fn byte_scan_escapes_only_u2028_and_u2029() {
        // Neighbours that share the E2 80 prefix, and other E2 characters, stay as they are.
        let mut out = String::new();
        write_string(&mut out, "\u{2027}\u{2028}\u{2029}\u{202a}€\u{1}é\\");
        assert_eq!(out, "\"\u{2027}\\u2028\\u2029\u{202a}€\\u0001é\\\\\"");
    }

    #[test]
    fn keeps_object_and_list_shapes() {
        assert_eq!(
            roundtrip(r#"{ "a" : [ ], "b" : { } }"#),
            r#"{"a":[],"b":{}}"#
        );
        assert_eq!(roundtrip(r#"{"0":"x","1":"y"}"#), r#"{"0":"x","1":"y"}"#);
        assert_eq!(
            roundtrip(r#"["x", 1.0, 1e25, -0.0]"#),
            r#"["x",1,1.0e+25,-0]"#
        );
        let mut a = Array::list();
        a.insert(1, "x");
        assert_eq!(encode(&Value::Array(a)).unwrap(), r#"{"1":"x"}"#);
    }

    #[test]
    fn refuses_infinity() {
        assert_eq!(encode(&Value::Float(f64::INFINITY)), Err(NonFiniteFloat));
    }
}
