//! A request's JSON text read straight into a [`SigningText`]: each top-level value's `(string)`
//! form is written as it is read (strings unescaped, numbers printed as PHP prints what
//! `json_decode` makes of them, nested arrays imploded in their own order), with no value tree.
//!
//! It declines (`None`) whatever it does not read exactly as `json_decode($json, true)` would:
//! any malformed text, keys with escapes, a repeated key in a nested object, integers past i64,
//! floats PHP must round, nesting past [`MAX_NESTING`]. The caller then signs with the general
//! decoder, which also names the error, so this path never changes a result.

use super::lexical::{hex_unit, simple_escape};
use super::signing_text::{write_float, write_int, Buf, Decimal, SigningText, Value};

/// Nesting this reader takes on; deeper data goes to the general decoder.
const MAX_NESTING: usize = 32;
/// Keys of one nested object it checks for repeats; longer objects go to the general decoder.
const MAX_NESTED_KEYS: usize = 32;

/// Reads the data (an object or a list) into `text`, or `None` to leave it to the general path.
pub(crate) fn read<'a>(json: &'a str, text: &mut SigningText<'a>) -> Option<()> {
    let mut r = Reader {
        json,
        b: json.as_bytes(),
        at: 0,
    };
    text.read_from(json.as_bytes());
    r.ws();
    match r.next()? {
        b'{' => r.members(text)?,
        b'[' => r.items(text)?,
        _ => return None,
    }
    r.ws();
    (r.at == r.b.len()).then_some(())
}

/// The length of the run of string bytes from `from` taken as they are (no `"`, `\\` or control
/// byte), eight bytes at a time; `None` when the text ends first.
fn plain_run(b: &[u8], from: usize) -> Option<usize> {
    let words = super::words::skip_plain_words(b, from, None);
    let rest = b[words..]
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
    Some(words - from + rest)
}

/// A number token and what PHP prints for what `json_decode` makes of it.
enum Number<'a> {
    /// The token itself (`1500`, `1500.25`).
    AsIs(&'a str),
    Int(i64),
    Decimal(Decimal<'a>),
    Float(f64),
}

impl Number<'_> {
    fn write(self, out: &mut Buf) {
        match self {
            Number::AsIs(token) => out.push_str(token),
            Number::Int(i) => write_int(out, i),
            Number::Decimal(d) => d.write(out),
            Number::Float(f) => write_float(out, f),
        }
    }
}

/// A character of the Basic Multilingual Plane (`unit`, not a surrogate) as UTF-8: its bytes
/// as one word, first byte lowest (built in a register: bytes stored one by one and read back as
/// a word would wait for each other), and their count.
fn utf8_word(unit: u32) -> (u32, usize) {
    match unit {
        0..=0x7f => (unit, 1),
        0x80..=0x7ff => (0x80c0 | (unit >> 6) | (unit & 0x3f) << 8, 2),
        _ => (
            0x80_80e0 | (unit >> 12) | (unit >> 6 & 0x3f) << 8 | (unit & 0x3f) << 16,
            3,
        ),
    }
}

struct Reader<'a> {
    json: &'a str,
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn next(&mut self) -> Option<u8> {
        let c = *self.b.get(self.at)?;
        self.at += 1;
        Some(c)
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    /// JSON's whitespace, as PHP's scanner takes it.
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// After an item: `,` (true, another follows) or the closing bracket (false).
    fn separator(&mut self, close: u8) -> Option<bool> {
        self.ws();
        match self.next()? {
            b',' => Some(true),
            c if c == close => Some(false),
            _ => None,
        }
    }

    /// Whether the container just opened is empty (and then closes it).
    fn empty(&mut self, close: u8) -> bool {
        self.ws();
        if self.peek() == Some(close) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// A key without escapes, and the `:` after it: whole UTF-8, between two ASCII quotes.
    #[inline(always)]
    fn key(&mut self) -> Option<&'a [u8]> {
        self.ws();
        if self.next()? != b'"' {
            return None;
        }
        let start = self.at;
        let len = plain_run(self.b, start)?;
        self.at = start + len;
        if self.next()? != b'"' {
            return None;
        }
        self.ws();
        if self.next()? != b':' {
            return None;
        }
        Some(&self.b[start..start + len])
    }

    /// The top-level object's members.
    fn members(&mut self, text: &mut SigningText<'a>) -> Option<()> {
        if self.empty(b'}') {
            return Some(());
        }
        loop {
            let key = self.key()?;
            let value = self.top_value(text)?;
            text.add_utf8(key, value);
            if !self.separator(b'}')? {
                return Some(());
            }
        }
    }

    /// The top-level list's items (keys 0, 1, ...).
    fn items(&mut self, text: &mut SigningText<'a>) -> Option<()> {
        if self.empty(b']') {
            return Some(());
        }
        for i in 0.. {
            let value = self.top_value(text)?;
            text.add_int(i, value);
            if !self.separator(b']')? {
                break;
            }
        }
        Some(())
    }

    /// A top-level member's value: a string without escapes is signed as the text holds it.
    #[inline(always)]
    fn top_value(&mut self, text: &mut SigningText<'a>) -> Option<Value<'a>> {
        self.ws();
        if let Some(b'-' | b'0'..=b'9') = self.peek() {
            self.at += 1;
            return Some(match self.number()? {
                Number::AsIs(token) => Value::Data(token.as_bytes()),
                other => {
                    let from = text.mark();
                    other.write(text.out());
                    Value::Since(from)
                }
            });
        }
        let from = text.mark();
        match self.peek()? {
            b'"' => {
                let start = self.at + 1;
                let run = plain_run(self.b, start)?;
                self.at = start + run;
                if self.b[self.at] == b'"' {
                    self.at += 1;
                    return Some(Value::Data(&self.b[start..start + run]));
                }
                // An escape: the run before it is written, and the string goes on from there.
                text.out().push_bytes(&self.b[start..start + run]);
                self.string(text.out())?;
            }
            b't' | b'f' | b'n' => {
                // Every request has one (`is_test`): `true` prints as 1, the others as nothing.
                let (rest, printed): (&[u8], &'static [u8]) = match self.b[self.at] {
                    b't' => (b"rue", b"1"),
                    b'f' => (b"alse", b""),
                    _ => (b"ull", b""),
                };
                self.at += 1;
                self.word(rest)?;
                return Some(Value::Data(printed));
            }
            _ => self.value(text.out(), 1)?,
        }
        Some(Value::Since(from))
    }

    /// One value's `(string)` form; an array imploded with `:`.
    fn value(&mut self, out: &mut Buf, depth: usize) -> Option<()> {
        self.ws();
        match self.next()? {
            b'"' => self.string(out),
            b'-' | b'0'..=b'9' => {
                self.number()?.write(out);
                Some(())
            }
            b't' => self.word(b"rue").map(|()| out.push_byte(b'1')),
            b'f' => self.word(b"alse"),
            b'n' => self.word(b"ull"),
            b'[' if depth < MAX_NESTING => self.nested_list(out, depth + 1),
            b'{' if depth < MAX_NESTING => self.nested_object(out, depth + 1),
            _ => None,
        }
    }

    fn word(&mut self, rest: &[u8]) -> Option<()> {
        if self.b[self.at..].starts_with(rest) {
            self.at += rest.len();
            Some(())
        } else {
            None
        }
    }

    fn nested_list(&mut self, out: &mut Buf, depth: usize) -> Option<()> {
        if self.empty(b']') {
            return Some(());
        }
        loop {
            self.value(out, depth)?;
            if !self.separator(b']')? {
                return Some(());
            }
            out.push_byte(b':');
        }
    }

    /// Values in their own order; a repeated key (PHP keeps its first position and last value)
    /// is left to the general decoder.
    fn nested_object(&mut self, out: &mut Buf, depth: usize) -> Option<()> {
        if self.empty(b'}') {
            return Some(());
        }
        let mut keys: [&[u8]; MAX_NESTED_KEYS] = [b""; MAX_NESTED_KEYS];
        let mut count = 0;
        loop {
            let key = self.key()?;
            // Distinct key texts are distinct PHP keys: "1" is 1, and only "1" is.
            if count == MAX_NESTED_KEYS || keys[..count].contains(&key) {
                return None;
            }
            keys[count] = key;
            count += 1;
            self.value(out, depth)?;
            if !self.separator(b'}')? {
                return Some(());
            }
            out.push_byte(b':');
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, its first byte already read.
    #[inline(always)]
    fn number(&mut self) -> Option<Number<'a>> {
        let start = self.at - 1;
        let digits = |r: &mut Reader| {
            let n = r.b[r.at..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            r.at += n;
            n
        };
        let first = if self.b[start] == b'-' {
            self.next()?
        } else {
            self.b[start]
        };
        if !first.is_ascii_digit() {
            return None;
        }
        let int_digits = 1 + digits(self);
        if first == b'0' && int_digits > 1 {
            return None;
        }
        let mut fraction = false;
        let mut frac_digits = 0;
        if self.peek() == Some(b'.') {
            self.at += 1;
            frac_digits = digits(self);
            if frac_digits == 0 {
                return None;
            }
            fraction = true;
        }
        let mut exponent = false;
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if digits(self) == 0 {
                return None;
            }
            exponent = true;
        }
        let token = &self.json[start..self.at];
        // The common amounts, told from what was just read: an integer of at most 18 digits
        // (within i64) other than `-0`, and `D.DD` with at most 14 digits, neither starting
        // with `0.` nor ending in `0`, which PHP prints as they are (see `Decimal::prints_as`).
        if !exponent {
            let plain_int = !fraction && int_digits <= 18 && token != "-0";
            let plain_decimal = fraction
                && first != b'0'
                && int_digits + frac_digits <= 14
                && self.b[self.at - 1] != b'0';
            if plain_int || plain_decimal {
                return Some(Number::AsIs(token));
            }
        }
        if !fraction && !exponent {
            // Past i64 json_decode makes a float: left to the general decoder.
            let i: i64 = token.parse().ok()?;
            return Some(if token == "-0" {
                Number::Int(i)
            } else {
                Number::AsIs(token)
            });
        }
        if !exponent {
            if let Some(d) = Decimal::of(token) {
                return Some(if d.prints_as(token) {
                    Number::AsIs(token)
                } else {
                    Number::Decimal(d)
                });
            }
        }
        Some(Number::Float(token.parse().ok()?))
    }

    /// A string's content unescaped, its opening quote already read.
    fn string(&mut self, out: &mut Buf) -> Option<()> {
        loop {
            let start = self.at;
            let run = plain_run(self.b, start)?;
            out.push_bytes(&self.b[start..start + run]);
            self.at = start + run;
            match self.next()? {
                b'"' => return Some(()),
                b'\\' => self.escapes(out)?,
                _ => return None,
            }
        }
    }

    /// A run of escapes, the first one's `\` already read. Text in another script, escaped, is a
    /// run of `\uXXXX`: each that is one character is decoded here in one step; any other escape
    /// (a surrogate pair, `\n` ...) and every error go through `escape`.
    fn escapes(&mut self, out: &mut Buf) -> Option<()> {
        // Characters are gathered here and written to `out` when the run ends or this is full:
        // a count held in a register, not the buffer's length in memory at every character.
        let mut utf8 = [0u8; 64];
        let mut n = 0;
        loop {
            // `\uXXXX` and the byte after it, which ends the run unless it is another `\`.
            let unit = match self.b.get(self.at..self.at + 6) {
                Some(&[b'u', a, b, c, d, after]) => hex_unit(&[a, b, c, d])
                    .filter(|u| !(0xD800..=0xDFFF).contains(u))
                    .map(|u| (u, after)),
                _ => None,
            };
            match unit {
                Some((unit, after)) => {
                    let (word, len) = utf8_word(unit);
                    utf8[n..n + 4].copy_from_slice(&word.to_le_bytes());
                    n += len;
                    if n > utf8.len() - 4 {
                        out.push_bytes(&utf8[..n]);
                        n = 0;
                    }
                    if after != b'\\' {
                        out.push_bytes(&utf8[..n]);
                        self.at += 5;
                        return Some(());
                    }
                    self.at += 6;
                }
                None => {
                    out.push_bytes(&utf8[..n]);
                    n = 0;
                    self.escape(out)?;
                    if self.peek() != Some(b'\\') {
                        return Some(());
                    }
                    self.at += 1;
                }
            }
        }
    }

    fn escape(&mut self, out: &mut Buf) -> Option<()> {
        let c = match self.next()? {
            b'u' => {
                let unit = self.hex4()?;
                let code = match unit {
                    0xD800..=0xDBFF => {
                        if self.next()? != b'\\' || self.next()? != b'u' {
                            return None;
                        }
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return None;
                        }
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return None,
                    _ => unit,
                };
                let mut utf8 = [0u8; 4];
                out.push_str(char::from_u32(code)?.encode_utf8(&mut utf8));
                return Some(());
            }
            letter => simple_escape(letter)?,
        };
        out.push_bytes(&[c]);
        Some(())
    }

    fn hex4(&mut self) -> Option<u32> {
        let unit = hex_unit(self.b.get(self.at..self.at + 4)?)?;
        self.at += 4;
        Some(unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php::implode::multi_implode;
    use crate::php::ksort::ksort;
    use crate::php::{decode, Value};

    /// The signing string by the general path: decode, drop `signature`, ksort, implode.
    fn general(json: &str) -> Option<String> {
        let Ok(Value::Array(mut a)) = decode(json) else {
            return None;
        };
        a.remove("signature");
        ksort(&mut a);
        let mut out = String::new();
        multi_implode(":", a.values(), &mut out);
        Some(out)
    }

    fn fast(json: &str) -> Option<String> {
        let mut text = SigningText::new();
        read(json, &mut text)?;
        Some(text.into_string())
    }

    #[test]
    fn reads_what_the_general_decoder_reads() {
        let cases = [
            r#"{"withdrawal_id":"51_2788","amount":1500.25,"is_test":true,"account_name":"Jos\u00e9 M\u00fcller","bank_details":{"bank_code":"HDFC","branch_code":""},"comment":"a\/b \"q\" \ud83d\ude00","signature":"x"}"#,
            r#" { "b" : [1, [2, {}], [] ] , "a" : null , "c" : false , "10": -0, "9": -0.0, "1e1": 1e2 } "#,
            r#"{"a":1,"b":2,"a":3}"#,
            r#"{"x":0.1,"y":12345678901234.5,"z":1e-7,"w":-12.50,"v":0.00001,"u":123456789012345678}"#,
            r#"["z","a",3]"#,
            "{}",
            "[]",
            r#"{"k":"\t\n\r\b\f"}"#,
            // A key that is the start of another, the next byte in the text past the first.
            r#"{"k!":1,"k":2,"k ":3,"a":"                                "}"#,
        ];
        for json in cases {
            assert_eq!(fast(json), general(json), "{json}");
        }
    }

    #[test]
    fn keys_and_values_of_any_length_at_any_distance_from_the_end() {
        // Keys and values are read a fixed width past their end when the text has room for it.
        for len in [0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40] {
            let key: String = (0..len)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            let value: String = (0..len)
                .map(|i| char::from(b'A' + (i % 26) as u8))
                .collect();
            for pad in 0..40 {
                let json = format!(
                    r#"{{"z{key}":"{value}","y{key}":"\/{value}","x{key}":-0.0,"{key}w":"{value}é"}}{}"#,
                    " ".repeat(pad)
                );
                assert_eq!(fast(&json), general(&json), "{json}");
                assert!(fast(&json).is_some(), "{json}");
            }
        }
    }

    #[test]
    fn numbers_at_the_edges_of_the_quick_check_read_as_the_general_decoder_reads_them() {
        let numbers = [
            "0",
            "-0",
            "7",
            "-7",
            "999999999999999999",
            "-999999999999999999",
            "1000000000000000000",
            "9223372036854775807",
            "-9223372036854775808",
            "1.5",
            "-1.5",
            "1.50",
            "10.05",
            "0.5",
            "-0.5",
            "0.0001",
            "0.00001",
            "-0.0",
            "1234567890123.4",
            "12345678901234.5",
            "1.234567890123",
            "1.2345678901234",
            "99999999999999.9",
            "81014.82",
            "1e2",
            "1.5E-3",
        ];
        for n in numbers {
            for json in [format!(r#"{{"a":{n}}}"#), format!(r#"{{"a":[{n}, {n}]}}"#)] {
                assert_eq!(fast(&json), general(&json), "{json}");
            }
        }
    }

    #[test]
    fn runs_of_escapes_read_as_the_general_decoder_reads_them() {
        // One, two, three and four UTF-8 bytes, a pair, other escapes inside a run; each run
        // once inside a value, once at its end, once after plain text, nested and at the top.
        let runs = [
            r"\u0041\u00e9\u0b9a\ud83d\ude00",
            r"\u0b9a\u0bc6\u0bb2\u0bcd \u0bb5\u0bbf",
            r"\u0b9a\n\u0bc6\/\u00E9\\\u0000\u001f\uFFFF\u007f",
            r"\ud83d\ude00\u0041",
        ];
        for run in runs {
            for json in [
                format!(r#"{{"a":"{run}","b":"x{run}y","c":["{run}"],"d":{{"k":"{run}x"}}}}"#),
                format!(r#"["{run}", "\u0041{run}"]"#),
            ] {
                assert_eq!(fast(&json), general(&json), "{json}");
                assert!(fast(&json).is_some(), "{json}");
            }
        }
        // Broken runs are declined wherever the break is.
        for broken in [
            r"\u0b9a\u0bc",
            r"\u0b9a\u0bcg",
            r"\u0b9a\ud800",
            r"\u0b9a\ud800\u0041",
            r"\u0b9a\udc00",
            r"\u0b9a\x",
            r"\u0b9a\",
        ] {
            let json = format!(r#"{{"a":"{broken}"}}"#);
            assert_eq!(fast(&json), None, "{json}");
            assert_eq!(fast(&json[..json.len() - 2]), None, "{json}");
        }
        // A long escaped name moves the written text to the heap partway through a character.
        let long = r"\u0b9a".repeat(400);
        let json = format!(r#"{{"z":"{long}","a":"{long}x"}}"#);
        assert_eq!(fast(&json), general(&json));
    }

    #[test]
    fn declines_what_it_does_not_read_exactly() {
        let cases = [
            r#"{"a":1,}"#,
            r#"{"a":01}"#,
            r#"{"a":1.}"#,
            r#"{"a":"\ud800"}"#,
            r#"{"a":"\udc00x"}"#,
            "{\"a\":\"\u{1}\"}",
            r#"{"a":tru}"#,
            r#"{"\u0061":1}"#,
            r#"{"a":{"k":1,"k":2}}"#,
            r#"{"a":99999999999999999999}"#,
            r#"{"a":1} x"#,
            r#"{"a":[1}"#,
            "1",
            r#""s""#,
            "",
        ];
        for json in cases {
            assert_eq!(fast(json), None, "{json}");
        }
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(40), "]".repeat(40));
        assert_eq!(fast(&deep), None);
        assert_eq!(general(&deep).as_deref(), Some(""));
    }
}
