//! A JSON document as Python's `json.loads` sees it, which is what the newer platform signs:
//! integers of any size (kept as their digits), floats as doubles, `NaN`, `Infinity` and
//! `-Infinity` accepted, a repeated key's last value kept, and strings that may hold a lone
//! surrogate (`"\ud800"` decodes in Python; only encoding it for the hash fails).

use super::repr::float_repr;
use crate::php::lexical::{hex_unit, simple_escape};

/// Python's `json.loads` nests as deep as its recursion limit lets it; past this depth a
/// document is refused here rather than risk the stack.
pub const MAX_DEPTH: usize = 512;

/// A decoded document. Strings are WTF-8: UTF-8 that may also hold a lone surrogate, so that
/// keys compare as Python compares them and a lone surrogate is refused only if it is signed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Document {
    None,
    Bool(bool),
    /// The digits, with `-` for a negative number; `-0` is `0`.
    Int(String),
    Float(f64),
    Str(Vec<u8>),
    List(Vec<Document>),
    /// Members in the order of their first occurrence, each with its last value.
    Dict(Vec<(Vec<u8>, Document)>),
}

impl Document {
    /// `str()` of a scalar, as bytes of WTF-8.
    pub fn scalar_text(&self) -> Option<std::borrow::Cow<'_, [u8]>> {
        use std::borrow::Cow::{Borrowed, Owned};
        Some(match self {
            Document::None => Borrowed(b"None"),
            Document::Bool(true) => Borrowed(b"True"),
            Document::Bool(false) => Borrowed(b"False"),
            Document::Int(digits) => Borrowed(digits.as_bytes()),
            Document::Float(x) => Owned(float_repr(*x).into_bytes()),
            Document::Str(s) => Borrowed(s),
            Document::List(_) | Document::Dict(_) => return None,
        })
    }
}

/// Why a text is not a document Python's `json.loads` would read, with the byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub reason: &'static str,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at byte {}", self.reason, self.offset)
    }
}

pub(crate) fn parse(text: &str) -> Result<Document, ParseError> {
    let mut p = Parser {
        s: text.as_bytes(),
        at: 0,
    };
    p.ws();
    let value = p.value(0)?;
    p.ws();
    if p.at != p.s.len() {
        return p.fail("extra data after the document");
    }
    Ok(value)
}

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn fail<T>(&self, reason: &'static str) -> Result<T, ParseError> {
        Err(ParseError {
            offset: self.at,
            reason,
        })
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &str, value: Document) -> Result<Document, ParseError> {
        if self.s[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            self.fail("expecting a value")
        }
    }

    fn value(&mut self, depth: usize) -> Result<Document, ParseError> {
        if depth >= MAX_DEPTH {
            return self.fail("nested deeper than 512 levels");
        }
        match self.peek() {
            Some(b'{') => self.dict(depth),
            Some(b'[') => self.list(depth),
            Some(b'"') => self.string().map(Document::Str),
            Some(b'n') => self.literal("null", Document::None),
            Some(b't') => self.literal("true", Document::Bool(true)),
            Some(b'f') => self.literal("false", Document::Bool(false)),
            Some(b'N') => self.literal("NaN", Document::Float(f64::NAN)),
            Some(b'I') => self.literal("Infinity", Document::Float(f64::INFINITY)),
            Some(b'-') if self.s[self.at..].starts_with(b"-Infinity") => {
                self.literal("-Infinity", Document::Float(f64::NEG_INFINITY))
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => self.fail("expecting a value"),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    /// Python's number pattern `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`: a fraction or exponent
    /// makes a float, anything else an integer of any size.
    fn number(&mut self) -> Result<Document, ParseError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return self.fail("expecting a value"),
        }
        let int_end = self.at;
        if self.peek() == Some(b'.') && matches!(self.s.get(self.at + 1), Some(b'0'..=b'9')) {
            self.at += 1;
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            let mark = self.at;
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                // Not an exponent: the number ends before the `e`, as in Python's pattern.
                self.at = mark;
            }
        }
        let text = std::str::from_utf8(&self.s[start..self.at]).expect("ASCII");
        if self.at == int_end {
            let digits = if text == "-0" { "0" } else { text };
            return Ok(Document::Int(digits.to_owned()));
        }
        // Correctly rounded, as Python's float(); past the double range it is inf, as there.
        Ok(Document::Float(text.parse().expect("a valid float text")))
    }

    fn hex4(&mut self) -> Result<u16, ParseError> {
        let Some(unit) = self.s.get(self.at..self.at + 4).and_then(hex_unit) else {
            return self.fail("invalid \\uXXXX escape");
        };
        self.at += 4;
        Ok(unit as u16)
    }

    /// A string as WTF-8: a surrogate pair of escapes is one character, as in Python; a lone
    /// surrogate is kept as its three-byte form.
    fn string(&mut self) -> Result<Vec<u8>, ParseError> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let start = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.extend_from_slice(&self.s[start..self.at]);
            match self.peek() {
                None => return self.fail("unterminated string"),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {}
                Some(_) => return self.fail("invalid control character in a string"),
            }
            self.at += 1;
            let escaped = match self.peek() {
                Some(b'u') => {
                    self.at += 1;
                    let unit = self.hex4()?;
                    let code = if (0xd800..0xdc00).contains(&unit)
                        && self.s[self.at..].starts_with(b"\\u")
                    {
                        let mark = self.at;
                        self.at += 2;
                        let low = self.hex4()?;
                        if (0xdc00..0xe000).contains(&low) {
                            0x10000 + ((u32::from(unit) - 0xd800) << 10) + (u32::from(low) - 0xdc00)
                        } else {
                            self.at = mark;
                            u32::from(unit)
                        }
                    } else {
                        u32::from(unit)
                    };
                    push_wtf8(&mut out, code);
                    continue;
                }
                other => match other.and_then(simple_escape) {
                    Some(byte) => byte,
                    None => return self.fail("invalid escape in a string"),
                },
            };
            self.at += 1;
            out.push(escaped);
        }
    }

    fn list(&mut self, depth: usize) -> Result<Document, ParseError> {
        self.at += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Document::List(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Document::List(items));
                }
                _ => return self.fail("expecting , or ] in a list"),
            }
        }
    }

    fn dict(&mut self, depth: usize) -> Result<Document, ParseError> {
        self.at += 1;
        let mut members: Vec<(Vec<u8>, Document)> = Vec::new();
        let mut index = std::collections::HashMap::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Document::Dict(members));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return self.fail("expecting a property name in double quotes");
            }
            let key = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return self.fail("expecting : after a property name");
            }
            self.at += 1;
            self.ws();
            let value = self.value(depth + 1)?;
            // A repeated key keeps its first place and takes the last value, as in a dict.
            match index.get(&key) {
                Some(&i) => members[i] = (key, value),
                None => {
                    index.insert(key.clone(), members.len());
                    members.push((key, value));
                }
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Document::Dict(members));
                }
                _ => return self.fail("expecting , or } in an object"),
            }
        }
    }
}

/// A code point (a lone surrogate included) in UTF-8's byte pattern.
fn push_wtf8(out: &mut Vec<u8>, code: u32) {
    match code {
        0..=0x7f => out.push(code as u8),
        0x80..=0x7ff => out.extend([0xc0 | (code >> 6) as u8, 0x80 | (code & 0x3f) as u8]),
        0x800..=0xffff => out.extend([
            0xe0 | (code >> 12) as u8,
            0x80 | ((code >> 6) & 0x3f) as u8,
            0x80 | (code & 0x3f) as u8,
        ]),
        _ => out.extend([
            0xf0 | (code >> 18) as u8,
            0x80 | ((code >> 12) & 0x3f) as u8,
            0x80 | ((code >> 6) & 0x3f) as u8,
            0x80 | (code & 0x3f) as u8,
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Document {
        Document::Str(text.as_bytes().to_vec())
    }

    #[test]
    fn reads_what_python_reads() {
        assert_eq!(parse(" -0 ").unwrap(), Document::Int("0".into()));
        assert_eq!(
            parse("123456789012345678901234567890").unwrap(),
            Document::Int("123456789012345678901234567890".into())
        );
        assert_eq!(parse("1E2").unwrap(), Document::Float(100.0));
        assert_eq!(parse("1e400").unwrap(), Document::Float(f64::INFINITY));
        assert_eq!(parse(r#""\ud83d\ude00\u00e9\/""#).unwrap(), s("😀é/"));
        assert_eq!(
            parse(r#"{"a":1,"b":2,"a":3}"#).unwrap(),
            Document::Dict(vec![
                (b"a".to_vec(), Document::Int("3".into())),
                (b"b".to_vec(), Document::Int("2".into()))
            ])
        );
        assert!(matches!(parse("[NaN,-Infinity]").unwrap(), Document::List(v) if v.len() == 2));
        assert_eq!(
            parse(r#""\ud800x""#).unwrap(),
            Document::Str(vec![0xed, 0xa0, 0x80, b'x'])
        );
    }

    #[test]
    fn refuses_what_python_refuses() {
        for text in [
            "",
            "01",
            "1.",
            ".5",
            "+1",
            "-",
            "[1,]",
            "{\"a\":1,}",
            "\"a\u{1}\"",
            "\"\\x\"",
            "\"\\u12\"",
            "nul",
            "-NaN",
            "infinity",
            "[1] x",
            "{'a':1}",
            "\u{feff}{}",
            "[1e]x",
        ] {
            assert!(parse(text).is_err(), "{text:?}");
        }
        // 512 levels, the last one accepted; 513 refused.
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&deep).is_ok());
        let deeper = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(
            parse(&deeper).unwrap_err().reason,
            "nested deeper than 512 levels"
        );
    }
}
