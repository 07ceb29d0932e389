//! PHP's `json_encode` with the flags the gateway uses ([`Flags`]): both unescape flags for the
//! postback data it hashes ([`encode`]), its defaults or `JSON_PRETTY_PRINT` for the answers and
//! postbacks it writes ([`encode_with`]). Arrays keep the shape they were decoded with (see
//! [`Shape`]).

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
/// The `json_encode` flags the SDK and its sandbox need; every other flag is off.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// `JSON_UNESCAPED_SLASHES`: `/` as it is instead of `\/`.
    pub unescaped_slashes: bool,
    /// `JSON_UNESCAPED_UNICODE`: non-ASCII characters as they are instead of `\uXXXX` (UTF-16,
    /// lowercase hex); U+2028 and U+2029 are escaped either way.
    pub unescaped_unicode: bool,
    /// `JSON_PRETTY_PRINT`: four-space indents, `": "` after keys, empty arrays as `[]` or `{}`.
    pub pretty_print: bool,
}

impl Flags {
    /// `json_encode($v)`: how the gateway writes its answers and postback bodies.
    pub const DEFAULT: Flags = Flags {
        unescaped_slashes: false,
        unescaped_unicode: false,
        pretty_print: false,
    };
    /// `JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE`: the signed list the postback signature
    /// hashes.
    pub const UNESCAPED: Flags = Flags {
        unescaped_slashes: true,
        unescaped_unicode: true,
        pretty_print: false,
    };
    /// `JSON_PRETTY_PRINT`: how some gateways send postbacks.
    pub const PRETTY_PRINT: Flags = Flags {
        pretty_print: true,
        ..Flags::DEFAULT
    };
}

/// Encodes a value as PHP does with `JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE`.
pub fn encode(value: &Value) -> Result<String, NonFiniteFloat> {
    encode_with(value, Flags::UNESCAPED)
}

/// Encodes a value as PHP's `json_encode($value, $flags)` does.
pub fn encode_with(value: &Value, flags: Flags) -> Result<String, NonFiniteFloat> {
    let mut out = String::with_capacity(2048);
    write_flagged(&mut out, value, flags, 0)?;
    Ok(out)
}

/// Writes a value with [`Flags::UNESCAPED`], the form the postback signature hashes.
pub(super) fn write_value<O: Out + ?Sized>(
    out: &mut O,
    value: &Value,
) -> Result<(), NonFiniteFloat> {
    write_flagged(out, value, Flags::UNESCAPED, 0)
}

/// Writes a value nested `depth` arrays deep (pretty printing indents by it).
fn write_flagged<O: Out + ?Sized>(
    out: &mut O,
    value: &Value,
    flags: Flags,
    depth: usize,
) -> Result<(), NonFiniteFloat> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Int(i) => {
            let _ = write!(Formatted(out), "{i}");
        }
        Value::Float(f) => out.push_str(&to_json_number(*f).ok_or(NonFiniteFloat)?),
        Value::Str(s) => write_flagged_string(out, s, flags),
        Value::Array(a) => write_array(out, a, flags, depth)?,
    }
    Ok(())
}

fn write_array<O: Out + ?Sized>(
    out: &mut O,
    array: &Array,
    flags: Flags,
    depth: usize,
) -> Result<(), NonFiniteFloat> {
    let list = array.shape() == Shape::List && array.is_list();
    let (open, close) = if list { ('[', ']') } else { ('{', '}') };
    out.push(open);
    if array.is_empty() {
        out.push(close);
        return Ok(());
    }
    for (i, (k, v)) in array.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        new_line(out, flags, depth + 1);
        if !list {
            match k {
                Key::Int(n) => {
                    let _ = write!(Formatted(out), "\"{n}\"");
                }
                Key::Str(s) => write_flagged_string(out, s, flags),
            }
            out.push_str(if flags.pretty_print { ": " } else { ":" });
        }
        write_flagged(out, v, flags, depth + 1)?;
    }
    new_line(out, flags, depth);
    out.push(close);
    Ok(())
}

/// A line break and `depth` indents, when pretty printing.
fn new_line<O: Out + ?Sized>(out: &mut O, flags: Flags, depth: usize) {
    if flags.pretty_print {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("    ");
        }
    }
}

fn write_flagged_string<O: Out + ?Sized>(out: &mut O, s: &str, flags: Flags) {
    if flags.unescaped_slashes && flags.unescaped_unicode {
        write_string(out, s);
    } else {
        write_escaped_string(out, s, flags);
    }
}

/// A string with `/` or non-ASCII characters escaped as the flags say, character by character:
/// this is the form of the gateway's answers, not of the hashed data, so it needs no byte scan.
fn write_escaped_string<O: Out + ?Sized>(out: &mut O, s: &str, flags: Flags) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' if !flags.unescaped_slashes => out.push_str("\\/"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20
                || c == '\u{2028}'
                || c == '\u{2029}'
                || (!c.is_ascii() && !flags.unescaped_unicode) =>
            {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(Formatted(out), "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
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
        assert_eq!(
            encode_with(&Value::Float(f64::NAN), Flags::DEFAULT),
            Err(NonFiniteFloat)
        );
    }

    /// Expected texts are PHP 8.2's `json_encode(json_decode($json), $flags)`.
    #[test]
    fn escapes_like_php_default_flags() {
        let v = decode(r#"{"u":"https://x/é😀","e":{},"l":[1.0,0.5],"c":"\u0001\u007f\u2028"}"#)
            .unwrap();
        let written = encode_with(&v, Flags::DEFAULT).unwrap();
        assert_eq!(
            written,
            r#"{"u":"https:\/\/x\/\u00e9\ud83d\ude00","e":{},"l":[1,0.5],"c":"\u0001"#.to_owned()
                + "\u{7f}"
                + r#"\u2028"}"#
        );
        // What PHP's defaults write decodes to a value that hashes as the original: a postback
        // sent this way keeps its signature.
        assert_eq!(encode(&decode(&written).unwrap()), encode(&v));
    }

    #[test]
    fn one_unescape_flag_at_a_time() {
        let v = decode(r#"["a/é"]"#).unwrap();
        let slashes = Flags {
            unescaped_slashes: true,
            ..Flags::DEFAULT
        };
        let unicode = Flags {
            unescaped_unicode: true,
            ..Flags::DEFAULT
        };
        assert_eq!(encode_with(&v, slashes).unwrap(), r#"["a/\u00e9"]"#);
        assert_eq!(encode_with(&v, unicode).unwrap(), r#"["a\/é"]"#);
    }

    #[test]
    fn pretty_prints_like_php() {
        let v = decode(r#"{"a":[1,{"b":"\/"}],"e":[],"o":{}}"#).unwrap();
        let want = r#"{
    "a": [
        1,
        {
            "b": "\/"
        }
    ],
    "e": [],
    "o": {}
}"#;
        assert_eq!(encode_with(&v, Flags::PRETTY_PRINT).unwrap(), want);
    }
}
