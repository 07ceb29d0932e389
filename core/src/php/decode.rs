//! `json_decode($raw, true)`: the same values, the same errors.
//!
//! Integers outside i64 become floats, numeric-string keys become int keys, a repeated key keeps
//! its first position and takes the last value, lone surrogates and raw control characters are
//! errors, and nesting as deep as PHP's default depth of 512 is refused (PHP counts the values
//! inside the innermost array as a level: 511 nested arrays decode, 512 do not).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::value::{Array, Key, Shape, Value};

pub use super::lexical::MAX_DEPTH;
use super::lexical::{hex_unit, simple_escape};

/// Objects longer than this get a hash index for repeated-key lookups.
const INDEX_FROM: usize = 24;

/// Key hash -> position of the first key with that hash. A collision only costs a linear scan.
type KeyIndex = HashMap<u64, usize, BuildHasherDefault<Identity>>;

/// Why a JSON text was refused, with the byte offset where it went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub kind: JsonErrorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonErrorKind {
    Syntax,
    TooDeep,
    ControlCharacter,
    LoneSurrogate,
    /// A list closed with `}` or an object with `]` (PHP's `JSON_ERROR_STATE_MISMATCH`).
    StateMismatch,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            JsonErrorKind::Syntax => "syntax error",
            JsonErrorKind::TooDeep => "arrays nested 512 levels deep or more",
            JsonErrorKind::ControlCharacter => "unescaped control character",
            JsonErrorKind::LoneSurrogate => "lone UTF-16 surrogate escape",
            JsonErrorKind::StateMismatch => "mismatched brackets",
        };
        write!(f, "invalid JSON: {what} at byte {}", self.offset)
    }
}

impl std::error::Error for JsonError {}

/// Decodes a JSON text as `json_decode($json, true)` does.
pub fn decode(json: &str) -> Result<Value> {
    let mut p = Parser::new(json);
    let v = p.value()?;
    p.finish()?;
    Ok(v)
}

/// Whether `json_decode` accepts a text, and PHP's error if not, without building its value: one
/// validating pass, what any verifier must spend on a body at least.
pub fn check(json: &str) -> Result<()> {
    let mut p = Parser::new(json);
    p.skip_value()?;
    p.finish()
}

pub(super) type Result<T> = std::result::Result<T, JsonError>;

/// A cursor over a JSON text. Besides whole values it can walk an object key by key and skip
/// values without building them, which keeps postback verification fast on large bodies.
#[derive(Clone)]
pub(crate) struct Parser<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    pub fn new(text: &'a str) -> Parser<'a> {
        Parser {
            text,
            pos: 0,
            depth: 0,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn error(&self, kind: JsonErrorKind) -> JsonError {
        JsonError {
            offset: self.pos,
            kind,
        }
    }

    /// The error for an unexpected token. PHP's scanner reads the whole token before its parser
    /// finds it misplaced, so a raw control character, or a string with its own error (say,
    /// unterminated), is reported as that error rather than as a syntax error.
    fn token_error(&self) -> JsonError {
        match self.peek() {
            Some(0x00..=0x1f) => self.error(JsonErrorKind::ControlCharacter),
            Some(b'"') => {
                let mut probe = Parser {
                    text: self.text,
                    pos: self.pos,
                    depth: 0,
                };
                match probe.string() {
                    Err(e) => e,
                    Ok(_) => self.error(JsonErrorKind::Syntax),
                }
            }
            _ => self.error(JsonErrorKind::Syntax),
        }
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    pub fn skip_ws(&mut self) {
        self.pos = super::skip::skip_ws(self.bytes(), self.pos);
    }

    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.token_error())
        }
    }

    /// Only whitespace may follow the value.
    pub fn finish(&mut self) -> Result<()> {
        self.skip_ws();
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.token_error()),
        }
    }

    /// The byte offset of the cursor.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// Moves the cursor to an offset of a text already read, to read a part of it again.
    pub(crate) fn seek(&mut self, offset: usize) {
        debug_assert!(offset <= self.text.len());
        self.pos = offset;
    }

    /// Reads the member whose key starts at `offset` up to its value: the key, with the cursor
    /// left before the value.
    pub(crate) fn member_at(&mut self, offset: usize) -> Result<Cow<'a, str>> {
        self.seek(offset);
        let key = self.string()?;
        self.skip_ws();
        self.expect(b':')?;
        Ok(key)
    }

    /// The whole text the cursor is over.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// The text between two offsets.
    pub fn slice(&self, from: usize, to: usize) -> &'a str {
        &self.text[from..to]
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            return Err(self.error(JsonErrorKind::TooDeep));
        }
        Ok(())
    }

    /// Parses one value.
    pub fn value(&mut self) -> Result<Value> {
        self.skip_ws();
        match self.peek() {
            Some(b'{') => {
                let mut array = Array::with_capacity(Shape::Object, 8);
                let mut index: Option<KeyIndex> = None;
                self.object_entries(|p, key| {
                    let value = p.value()?;
                    insert_decoded(&mut array, &mut index, Key::from(key.into_owned()), value);
                    Ok(())
                })?;
                Ok(Value::Array(array))
            }
            Some(b'[') => {
                let mut array = Array::with_capacity(Shape::List, 0);
                self.list_items(|p| {
                    let value = p.value()?;
                    let next = array.len() as i64;
                    array.entries_mut().push((Key::Int(next), value));
                    Ok(())
                })?;
                Ok(Value::Array(array))
            }
            Some(b'"') => Ok(Value::Str(self.string()?.into_owned())),
            _ => self.scalar(),
        }
    }

    /// Checks one value without building it.
    pub fn skip_value(&mut self) -> Result<()> {
        match super::skip::skip_value(self.bytes(), self.pos, self.depth) {
            Some(end) => {
                self.pos = end;
                Ok(())
            }
            None => self.skip_value_slow(),
        }
    }

    /// [`Parser::skip_value`] for any input, with PHP's error when there is one.
    pub(crate) fn skip_value_slow(&mut self) -> Result<()> {
        self.skip_ws();
        match self.peek() {
            Some(b'{') => self.object_entries(|p, _| p.skip_value_slow()),
            Some(b'[') => self.list_items(|p| p.skip_value_slow()),
            Some(b'"') => self.string().map(drop),
            Some(b'-' | b'0'..=b'9') => self.number_token().map(drop),
            _ => self.scalar().map(drop),
        }
    }

    /// Walks an object: `each` gets every key and must consume its value.
    pub fn object_entries(
        &mut self,
        mut each: impl FnMut(&mut Parser<'a>, Cow<'a, str>) -> Result<()>,
    ) -> Result<()> {
        self.object_members(|p, _, key| each(p, key))
    }

    /// [`Parser::object_entries`], with where each key's token starts and ends.
    pub(crate) fn object_members(
        &mut self,
        mut each: impl FnMut(&mut Parser<'a>, Range<usize>, Cow<'a, str>) -> Result<()>,
    ) -> Result<()> {
        self.skip_ws();
        self.expect(b'{')?;
        self.enter()?;
        self.skip_ws();
        match self.peek() {
            Some(b'}') => {
                self.pos += 1;
                self.depth -= 1;
                return Ok(());
            }
            Some(b']') => return Err(self.error(JsonErrorKind::StateMismatch)),
            _ => {}
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.token_error());
            }
            let at = self.pos;
            let key = self.string()?;
            let end = self.pos;
            self.skip_ws();
            self.expect(b':')?;
            each(self, at..end, key)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                Some(b']') => return Err(self.error(JsonErrorKind::StateMismatch)),
                _ => return Err(self.token_error()),
            }
        }
    }

    pub(crate) fn list_items(
        &mut self,
        mut each: impl FnMut(&mut Parser<'a>) -> Result<()>,
    ) -> Result<()> {
        self.expect(b'[')?;
        self.enter()?;
        self.skip_ws();
        match self.peek() {
            Some(b']') => {
                self.pos += 1;
                self.depth -= 1;
                return Ok(());
            }
            Some(b'}') => return Err(self.error(JsonErrorKind::StateMismatch)),
            _ => {}
        }
        loop {
            each(self)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                Some(b'}') => return Err(self.error(JsonErrorKind::StateMismatch)),
                _ => return Err(self.token_error()),
            }
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value> {
        if self.bytes()[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error(JsonErrorKind::Syntax))
        }
    }

    pub(super) fn scalar(&mut self) -> Result<Value> {
        match self.peek() {
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.token_error()),
        }
    }

    fn digits(&mut self) -> usize {
        let rest = &self.bytes()[self.pos..];
        let n = rest
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(rest.len());
        self.pos += n;
        n
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`; an integer outside i64 becomes a float.
    fn number(&mut self) -> Result<Value> {
        let start = self.pos;
        let is_float = self.number_token()?;
        let text = &self.text[start..self.pos];
        if !is_float {
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Value::Int(i));
            }
        }
        // Rust's parser is correctly rounded like zend_strtod, and gives ±INF past f64's range.
        Ok(Value::Float(
            text.parse::<f64>()
                .map_err(|_| self.error(JsonErrorKind::Syntax))?,
        ))
    }

    /// Reads a number token without converting it; true when it has a fraction or exponent.
    fn number_token(&mut self) -> Result<bool> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        match self.digits() {
            0 => return Err(self.error(JsonErrorKind::Syntax)),
            n if n > 1 && self.bytes()[int_start] == b'0' => {
                self.pos = int_start + 1;
                return Err(self.error(JsonErrorKind::Syntax));
            }
            _ => {}
        }
        let mut is_float = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error(JsonErrorKind::Syntax));
            }
            is_float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error(JsonErrorKind::Syntax));
            }
            is_float = true;
        }
        Ok(is_float)
    }

    /// A string token; borrowed when it has no escapes.
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>> {
        self.expect(b'"')?;
        let bytes = self.bytes();
        let start = self.pos;
        self.pos = plain_run(bytes, self.pos);
        match bytes.get(self.pos) {
            // PHP's scanner meets the end of the text inside a string as a control character.
            None => return Err(self.error(JsonErrorKind::ControlCharacter)),
            Some(b'"') => {
                self.pos += 1;
                return Ok(Cow::Borrowed(&self.text[start..self.pos - 1]));
            }
            Some(b'\\') => {}
            Some(_) => return Err(self.error(JsonErrorKind::ControlCharacter)),
        }
        // The decoded text is no longer than the token, which usually ends at the next quote:
        // room for that much, so that a long escaped name does not grow the string step by step.
        let rest = &self.text[self.pos..];
        let guess = rest.find('"').unwrap_or(rest.len());
        let mut out = String::with_capacity(self.pos - start + guess);
        out.push_str(&self.text[start..self.pos]);
        loop {
            let run = self.pos;
            self.pos = plain_run(bytes, self.pos);
            out.push_str(&self.text[run..self.pos]);
            match bytes.get(self.pos) {
                None => return Err(self.error(JsonErrorKind::ControlCharacter)),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => self.escapes(&mut out)?,
                Some(_) => return Err(self.error(JsonErrorKind::ControlCharacter)),
            }
        }
    }

    /// A run of escapes from the `\` at `self.pos`, up to the first byte that is not one.
    fn escapes(&mut self, out: &mut String) -> Result<()> {
        // Text in another script, escaped, is a run of `\uXXXX`: each is read here in one step,
        // a surrogate pair as one character; any other escape, and every error, goes through
        // `escape`, which names it. A single plain byte between escapes (a space between
        // words) is taken here too, rather than by a scan for a run.
        let bytes = self.bytes();
        loop {
            self.pos = unicode_escapes(bytes, self.pos, out);
            match bytes.get(self.pos) {
                Some(b'\\') => self.escape(out)?,
                Some(&b) if is_plain_ascii(b) && bytes.get(self.pos + 1) == Some(&b'\\') => {
                    out.push(char::from(b));
                    self.pos += 1;
                }
                _ => return Ok(()),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<()> {
        let at = self.pos;
        self.pos += 1;
        let c = match self.peek() {
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4()?;
                let c = match unit {
                    0xD800..=0xDBFF => {
                        let low = if self.bytes()[self.pos..].starts_with(b"\\u") {
                            self.pos += 2;
                            self.hex4()?
                        } else {
                            0
                        };
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(JsonError {
                                offset: at,
                                kind: JsonErrorKind::LoneSurrogate,
                            });
                        }
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => {
                        return Err(JsonError {
                            offset: at,
                            kind: JsonErrorKind::LoneSurrogate,
                        })
                    }
                    _ => unit,
                };
                out.push(char::from_u32(c).expect("surrogates handled above"));
                return Ok(());
            }
            other => match other.and_then(simple_escape) {
                Some(byte) => char::from(byte),
                None => return Err(self.error(JsonErrorKind::Syntax)),
            },
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32> {
        match self.bytes().get(self.pos..self.pos + 4).and_then(hex_unit) {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => Err(self.error(JsonErrorKind::Syntax)),
        }
    }
}

/// Decodes the run of `\uXXXX` escapes at `pos` into `out`, and gives where it ends:
/// at the first byte that is not such an escape, or at an escape left to [`Parser::escape`] (a
/// bad digit, a surrogate not in a pair), which names the error.
fn unicode_escapes(bytes: &[u8], mut pos: usize, out: &mut String) -> usize {
    while let Some(&[b'\\', b'u', a, b, c, d]) = bytes.get(pos..pos + 6) {
        let Some(unit) = hex_unit(&[a, b, c, d]) else {
            break;
        };
        let c = match char::from_u32(unit) {
            Some(c) => c,
            // A surrogate: a high one followed by a low one makes a character.
            None => {
                let pair = low_surrogate(bytes.get(pos + 6..pos + 12))
                    .filter(|_| unit < 0xdc00)
                    .and_then(|low| {
                        char::from_u32(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00))
                    });
                let Some(c) = pair else { break };
                pos += 6;
                c
            }
        };
        out.push(c);
        pos += 6;
    }
    pos
}

/// An ASCII byte a string holds as it is: not a control character, `"` or `\`.
fn is_plain_ascii(b: u8) -> bool {
    (0x20..0x80).contains(&b) && b != b'"' && b != b'\\'
}

/// The unit of the `\uXXXX` escape in `next` when it is a low surrogate.
fn low_surrogate(next: Option<&[u8]>) -> Option<u32> {
    let Some(&[b'\\', b'u', a, b, c, d]) = next else {
        return None;
    };
    hex_unit(&[a, b, c, d]).filter(|low| (0xdc00..=0xdfff).contains(low))
}

/// The end of the run of bytes from `from` that a string takes as they are (no `"`, `\\` or
/// control character), eight bytes at a time.
fn plain_run(bytes: &[u8], from: usize) -> usize {
    let from = super::words::skip_plain_words(bytes, from, None);
    from + bytes[from..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .unwrap_or(bytes.len() - from)
}

/// Adds a decoded object member: a repeated key keeps its first position and takes the last value.
fn insert_decoded(array: &mut Array, index: &mut Option<KeyIndex>, key: Key, value: Value) {
    let found = match index {
        Some(map) => match map.get(&key_hash(&key)) {
            Some(&i) if array.entries()[i].0 == key => Some(i),
            Some(_) => array.position(&key),
            None => None,
        },
        None => array.position(&key),
    };
    if let Some(i) = found {
        array.entries_mut()[i].1 = value;
        return;
    }
    let i = array.len();
    if let Some(map) = index {
        map.entry(key_hash(&key)).or_insert(i);
    }
    array.entries_mut().push((key, value));
    if index.is_none() && array.len() >= INDEX_FROM {
        let mut map = KeyIndex::with_capacity_and_hasher(64, Default::default());
        for (i, (k, _)) in array.entries().iter().enumerate() {
            map.entry(key_hash(k)).or_insert(i);
        }
        *index = Some(map);
    }
}

/// FNV-1a over the key: fast on short keys, and the index never trusts it alone.
fn key_hash(key: &Key) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    match key {
        Key::Int(i) => {
            eat(b"i");
            eat(&i.to_le_bytes());
        }
        Key::Str(s) => {
            eat(b"s");
            eat(s.as_bytes());
        }
    }
    h
}

/// The index's keys are already hashes.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys")
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wherever the fast check answers, it must end where the full parser ends.
    #[test]
    fn the_fast_check_agrees_with_the_full_parser() {
        let agrees = |json: &str| {
            let fast = super::super::skip::skip_value(json.as_bytes(), 0, 0);
            let mut p = Parser::new(json);
            let slow = p.skip_value_slow().map(|()| p.offset());
            if let Some(end) = fast {
                assert_eq!(slow, Ok(end), "{json:?}");
            }
        };
        for json in [
            " {\"a\" : [1, -0.5e+3, true, false, null, \"x\"], \"b\":{}} ",
            "[]",
            "{}",
            "[ ]",
            "01",
            "-",
            "1.",
            "1e",
            "1.5E-2",
            "0",
            "-0",
            "[1,]",
            "{\"a\":1,}",
            "[1}",
            "{\"a\":1]",
            "\"a\\nb\"",
            "\"a\\u00e9\\/\\\"\\\\b\"",
            "\"\\ud83d\\ude00\"",
            "\"\\ud83d\"",
            "\"\\ude00\"",
            "\"\\ud83d\\u0041\"",
            "\"\\ud83d\\ud83d\"",
            "\"\\ud83d\\ude0\"",
            "\"\\ud83d\\\"",
            "\"\\u00g0\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"a\u{1}\"",
            "\"abc",
            "tru",
            "nul",
            "[1 2]",
            "{\"a\" 1}",
            "{1:2}",
            "\"é\"",
            "[0 1]",
            "1e5x",
            "-a",
        ] {
            agrees(json);
        }
    }

    /// Every short text of number characters, alone, in a list and as a member's value: the
    /// fast check ends where the parser does whenever it answers, and answers for every number.
    #[test]
    fn the_fast_check_reads_numbers_as_the_parser_does() {
        const CHARS: &[u8] = b"019.eE+-,";
        let mut text = Vec::new();
        for len in 1..=5u32 {
            for n in 0..CHARS.len().pow(len) {
                text.clear();
                let mut n = n;
                for _ in 0..len {
                    text.push(CHARS[n % CHARS.len()]);
                    n /= CHARS.len();
                }
                let token = std::str::from_utf8(&text).unwrap();
                for json in [
                    token.to_owned(),
                    format!("[{token}]"),
                    format!("{{\"k\":{token}}}"),
                ] {
                    let fast = super::super::skip::skip_value(json.as_bytes(), 0, 0);
                    let mut p = Parser::new(&json);
                    let slow = p.skip_value_slow().map(|()| p.offset());
                    match fast {
                        Some(end) => assert_eq!(slow, Ok(end), "{json:?}"),
                        None => assert!(slow.is_err(), "{json:?} left to the parser"),
                    }
                }
            }
        }
    }

    fn kind(json: &str) -> JsonErrorKind {
        decode(json).unwrap_err().kind
    }

    #[test]
    fn scalars() {
        assert_eq!(decode(" 1 ").unwrap(), Value::Int(1));
        assert_eq!(decode("-0").unwrap(), Value::Int(0));
        assert_eq!(decode("9223372036854775807").unwrap(), Value::Int(i64::MAX));
        assert_eq!(
            decode("9223372036854775808").unwrap(),
            Value::Float(9223372036854775808.0)
        );
        assert_eq!(
            decode("-9223372036854775808").unwrap(),
            Value::Int(i64::MIN)
        );
        assert_eq!(decode("1e400").unwrap(), Value::Float(f64::INFINITY));
        assert_eq!(
            decode("\"a\\/b\\u00e9\\ud83d\\ude00\"").unwrap(),
            Value::from("a/bé😀")
        );
    }

    #[test]
    fn objects_keep_php_key_rules() {
        let v = decode(r#"{"b":1,"10":2,"a":3,"b":4,"01":5}"#).unwrap();
        let a = v.as_array().unwrap();
        let keys: Vec<Key> = a.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(
            keys,
            [
                Key::Str("b".into()),
                Key::Int(10),
                Key::Str("a".into()),
                Key::Str("01".into())
            ]
        );
        assert_eq!(a.get("b"), Some(&Value::Int(4)));
        assert_eq!(a.shape(), Shape::Object);
    }

    #[test]
    fn repeated_keys_in_long_objects() {
        let members: Vec<String> = (0..40).map(|i| format!("\"k{}\":{i}", i % 20)).collect();
        let v = decode(&format!("{{{}}}", members.join(","))).unwrap();
        let a = v.as_array().unwrap();
        assert_eq!(a.len(), 20);
        assert_eq!(a.get("k3"), Some(&Value::Int(23)));
    }

    #[test]
    fn string_scan_stops_at_every_position() {
        // The eight-bytes-at-a-time scan must find a stop byte wherever it falls.
        for len in 0..40 {
            for stop in ["\\n", "\\\"", "\u{1}"] {
                let text = format!("\"{}{stop}x\"", "a".repeat(len));
                let got = decode(&text);
                match stop {
                    "\u{1}" => assert_eq!(got.unwrap_err().kind, JsonErrorKind::ControlCharacter),
                    _ => {
                        let want = format!(
                            "{}{}x",
                            "a".repeat(len),
                            if stop == "\\n" { "\n" } else { "\"" }
                        );
                        assert_eq!(got.unwrap(), Value::Str(want));
                    }
                }
            }
        }
    }

    /// Runs of `\uXXXX` escapes, read in one step each, decode as one escape at a time would,
    /// wherever they start against the eight-byte plain scan; every irregular escape is refused
    /// with the kind and offset PHP's scanner gives.
    #[test]
    fn escape_runs_at_every_alignment() {
        let cases: &[(&str, std::result::Result<&str, (usize, JsonErrorKind)>)] = &[
            (r"\u00e9\u00E9\u041e\uae40", Ok("ééО\u{ae40}")),
            (
                r"\ud83d\ude00\uD83D\uDE00x\uDBFF\uDFFF",
                Ok("😀😀x\u{10ffff}"),
            ),
            (r"\u0041\n\u0042\/\u0000\uffff", Ok("A\nB/\0\u{ffff}")),
            (r"\u00e9\u00g9", Err((8, JsonErrorKind::Syntax))),
            (r"\u00e9\u00G9", Err((8, JsonErrorKind::Syntax))),
            (r"\u00e\u0041", Err((2, JsonErrorKind::Syntax))),
            (r"\u00e9\ud800", Err((6, JsonErrorKind::LoneSurrogate))),
            (r"\ude00\ud83d", Err((0, JsonErrorKind::LoneSurrogate))),
            (
                r"\ud83d\ud83d\ude00",
                Err((0, JsonErrorKind::LoneSurrogate)),
            ),
            (r"\ude00\ude00", Err((0, JsonErrorKind::LoneSurrogate))),
            (r"\ud83d\u0041", Err((0, JsonErrorKind::LoneSurrogate))),
            (r"\ud83d\n", Err((0, JsonErrorKind::LoneSurrogate))),
            (r"\ud83d\ude0g", Err((8, JsonErrorKind::Syntax))),
            (r"\ud83dA", Err((0, JsonErrorKind::LoneSurrogate))),
            (r"\u00e9\x", Err((7, JsonErrorKind::Syntax))),
            // One plain byte between escapes (a space between words) is taken on the way, and
            // a byte that is not plain is still refused or left to end the string.
            (r"\u0418 \u0432~\u0430/\n ", Ok("И в~а/\n ")),
            (
                r"\u00e9 \ud83d \ude00",
                Err((7, JsonErrorKind::LoneSurrogate)),
            ),
            (
                "\\u00e9\u{1}\\u0041",
                Err((6, JsonErrorKind::ControlCharacter)),
            ),
            (
                "\\u00e9\t\\u0041",
                Err((6, JsonErrorKind::ControlCharacter)),
            ),
            ("\\u00e9\u{7f}\\u0041\u{e9}\\u0041", Ok("é\u{7f}AéA")),
        ];
        for lead in 0..17 {
            let plain = "a".repeat(lead);
            for (escaped, expected) in cases {
                let json = format!("\"{plain}{escaped}\"");
                let expected = match expected {
                    Ok(text) => Ok(Value::Str(format!("{plain}{text}"))),
                    Err((at, kind)) => Err(JsonError {
                        offset: 1 + lead + at,
                        kind: *kind,
                    }),
                };
                assert_eq!(decode(&json), expected, "{json}");
            }
        }
        // A high surrogate, or a part of an escape, where the text ends.
        for (json, expected) in [
            (r#""\ud800"#, JsonErrorKind::LoneSurrogate),
            (r#""\ud83d\ude0"#, JsonErrorKind::Syntax),
            (r#""\u00e9\u00"#, JsonErrorKind::Syntax),
            (r#""\u00e9"#, JsonErrorKind::ControlCharacter),
        ] {
            assert_eq!(kind(json), expected, "{json}");
        }
    }

    #[test]
    fn errors() {
        assert_eq!(kind(""), JsonErrorKind::Syntax);
        assert_eq!(kind("01"), JsonErrorKind::Syntax);
        assert_eq!(kind("[1,]"), JsonErrorKind::Syntax);
        assert_eq!(kind("{\"a\":1,}"), JsonErrorKind::Syntax);
        assert_eq!(kind("1 2"), JsonErrorKind::Syntax);
        assert_eq!(kind("\"\\ud800\""), JsonErrorKind::LoneSurrogate);
        assert_eq!(kind("\"\\udc00\""), JsonErrorKind::LoneSurrogate);
        assert_eq!(kind("\"\\ud800\\u0041\""), JsonErrorKind::LoneSurrogate);
        assert_eq!(kind("\"a\u{1}\""), JsonErrorKind::ControlCharacter);
        assert_eq!(kind("True"), JsonErrorKind::Syntax);
    }

    #[test]
    fn errors_are_classified_like_php() {
        // Found by the differential tests: PHP's scanner reports raw control characters outside
        // strings as control characters, and a wrong closing bracket as a state mismatch.
        assert_eq!(kind("\u{1}"), JsonErrorKind::ControlCharacter);
        assert_eq!(kind("1\u{1}"), JsonErrorKind::ControlCharacter);
        assert_eq!(kind("{\"a\"\u{1}:1}"), JsonErrorKind::ControlCharacter);
        assert_eq!(kind("\u{0}"), JsonErrorKind::ControlCharacter);
        assert_eq!(kind("[1,\u{7f}]"), JsonErrorKind::Syntax);
        assert_eq!(kind("[1}"), JsonErrorKind::StateMismatch);
        assert_eq!(kind("{\"a\":1]"), JsonErrorKind::StateMismatch);
        assert_eq!(kind("[}"), JsonErrorKind::StateMismatch);
        assert_eq!(kind("{]"), JsonErrorKind::StateMismatch);
        assert_eq!(kind("[1,}"), JsonErrorKind::Syntax);
        assert_eq!(
            kind("{\"a\":\"unterminated"),
            JsonErrorKind::ControlCharacter
        );
        assert_eq!(kind("\"a\\u00e9b"), JsonErrorKind::ControlCharacter);
        assert_eq!(kind("\"a\\"), JsonErrorKind::Syntax);
        // A misplaced string token reports its own error first, as PHP's scanner does.
        assert_eq!(kind("{\"c\":\"x,\"\":0}"), JsonErrorKind::ControlCharacter);
        assert_eq!(kind("[1 \"\\ud800\"]"), JsonErrorKind::LoneSurrogate);
        assert_eq!(kind("[1 \"a\"]"), JsonErrorKind::Syntax);
    }

    #[test]
    fn depth_limit_is_phps() {
        // Found by the differential tests: json_decode($j, true) with its default depth of 512
        // accepts 511 nested arrays and refuses 512.
        let ok = format!("{}{}", "[".repeat(511), "]".repeat(511));
        assert!(decode(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(512), "]".repeat(512));
        assert_eq!(kind(&deep), JsonErrorKind::TooDeep);
        let mut p = Parser::new(&deep);
        assert_eq!(p.skip_value().unwrap_err().kind, JsonErrorKind::TooDeep);
    }
}
