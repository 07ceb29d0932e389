//! The compact value encoding bindings read and write instead of JSON text (the C header documents
//! it at `pk_sign_encoded`): tagged scalars, strings with their length, arrays with their count.
//! Writing JSON text straight into it gives a binding the decoded value (as `json_decode($json,
//! true)` gives it) in one sequential read, without building a [`super::Value`] tree first.

use super::decode::{Parser, Result};
use super::value::{canonical_int, Value};

/// Appends one JSON text, as `json_decode($json, true)` reads it, to `out`: objects as `'m'`
/// arrays (keys as PHP makes them: `"10"` is the integer 10; a repeated key is written again, as
/// the encoding's readers replace it in place), lists as `'l'`, integers outside i64 as floats.
pub fn write_json(json: &str, out: &mut Vec<u8>) -> Result<()> {
    let mut p = Parser::new(json);
    write_value(&mut p, out)?;
    p.finish()
}

/// Writes the items of a JSON list or object (the values, in order) one after the other, each
/// after what `before(index, out)` writes: for a binding that wraps each item in its own array.
/// Returns how many items there were.
pub fn write_json_items(
    json: &str,
    out: &mut Vec<u8>,
    mut before: impl FnMut(usize, &mut Vec<u8>),
) -> Result<usize> {
    let mut p = Parser::new(json);
    let mut count = 0;
    let mut item = |p: &mut Parser<'_>| {
        before(count, out);
        count += 1;
        write_value(p, out)
    };
    p.skip_ws();
    if p.peek() == Some(b'[') {
        p.list_items(|p| item(p))?;
    } else {
        p.object_entries(|p, _| item(p))?;
    }
    p.finish()?;
    Ok(count)
}

/// [`write_json_items`] for a text this crate's encoder wrote (no whitespace, so each token
/// starts where the last ended): structure and plain strings are copied in one scan, and only
/// escaped strings and numbers go through the parser. Anything else it meets (whitespace, a
/// control byte) ends it with `None`, having written part of the items: the caller truncates
/// `out` and walks the text with [`write_json_items`].
pub fn write_encoded_items(
    json: &str,
    out: &mut Vec<u8>,
    mut before: impl FnMut(usize, &mut Vec<u8>),
) -> Option<usize> {
    let mut w = EncodedWalk {
        p: Parser::new(json),
        bytes: json.as_bytes(),
        depth: 1,
    };
    let (open, close) = match w.bytes.first() {
        Some(b'[') => (b'[', b']'),
        Some(b'{') => (b'{', b'}'),
        _ => return None,
    };
    let mut at = 1;
    let mut count = 0;
    if w.bytes.get(at) == Some(&close) {
        return (at + 1 == w.bytes.len()).then_some(0);
    }
    loop {
        if open == b'{' {
            at = w.key(at)?.1;
        }
        before(count, out);
        count += 1;
        at = w.value(at, out)?;
        match w.bytes.get(at) {
            Some(b',') => at += 1,
            Some(&b) if b == close => break,
            _ => return None,
        }
    }
    (at + 1 == w.bytes.len()).then_some(count)
}

/// The cursor of [`write_encoded_items`]: offsets into `bytes`, the parser for what it delegates.
struct EncodedWalk<'a> {
    p: Parser<'a>,
    bytes: &'a [u8],
    /// Arrays open around the cursor: past the parser's limit the parser reports it.
    depth: usize,
}

impl<'a> EncodedWalk<'a> {
    /// The value at `at`, written to `out`; returns the offset after it.
    fn value(&mut self, at: usize, out: &mut Vec<u8>) -> Option<usize> {
        match *self.bytes.get(at)? {
            b'{' => self.array(at, out, b'm', b'}'),
            b'[' => self.array(at, out, b'l', b']'),
            b'"' => {
                let (s, end) = self.string(at)?;
                write_str(out, &s);
                Some(end)
            }
            _ => {
                self.p.seek(at);
                write_scalar(out, self.p.scalar().ok()?);
                Some(self.p.offset())
            }
        }
    }

    fn array(&mut self, at: usize, out: &mut Vec<u8>, tag: u8, close: u8) -> Option<usize> {
        self.depth += 1;
        if self.depth >= super::decode::MAX_DEPTH {
            return None;
        }
        let head = begin_array(out, tag);
        let mut at = at + 1;
        let mut count = 0;
        if self.bytes.get(at) == Some(&close) {
            end_array(out, head, 0);
            self.depth -= 1;
            return Some(at + 1);
        }
        loop {
            if tag == b'm' {
                let (key, next) = self.key(at)?;
                write_key(out, &key);
                at = next;
            } else {
                write_int(out, count as i64);
            }
            count += 1;
            at = self.value(at, out)?;
            match self.bytes.get(at) {
                Some(b',') => at += 1,
                Some(&b) if b == close => break,
                _ => return None,
            }
        }
        end_array(out, head, count);
        self.depth -= 1;
        Some(at + 1)
    }

    /// A member's key and the offset of its value, after the `:`.
    fn key(&mut self, at: usize) -> Option<(std::borrow::Cow<'a, str>, usize)> {
        let (key, end) = self.string(at)?;
        (self.bytes.get(end) == Some(&b':')).then_some((key, end + 1))
    }

    /// The string at `at` and the offset after it: borrowed when it has no escape.
    fn string(&mut self, at: usize) -> Option<(std::borrow::Cow<'a, str>, usize)> {
        if self.bytes.get(at) != Some(&b'"') {
            return None;
        }
        let from = at + 1;
        let run = super::words::skip_plain_words(self.bytes, from, None);
        let end = run
            + self.bytes[run..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        if self.bytes[end] == b'"' {
            return Some((std::borrow::Cow::Borrowed(self.p.slice(from, end)), end + 1));
        }
        self.p.seek(at);
        let s = self.p.string().ok()?;
        Some((s, self.p.offset()))
    }
}

fn write_value(p: &mut Parser<'_>, out: &mut Vec<u8>) -> Result<()> {
    p.skip_ws();
    match p.peek() {
        Some(b'{') => {
            let at = begin_array(out, b'm');
            let mut count = 0;
            p.object_entries(|p, key| {
                write_key(out, &key);
                count += 1;
                write_value(p, out)
            })?;
            end_array(out, at, count);
        }
        Some(b'[') => {
            let at = begin_array(out, b'l');
            let mut count = 0;
            p.list_items(|p| {
                write_int(out, count as i64);
                count += 1;
                write_value(p, out)
            })?;
            end_array(out, at, count);
        }
        Some(b'"') => write_str(out, &p.string()?),
        _ => write_scalar(out, p.scalar()?),
    }
    Ok(())
}

/// A key: an integer for a string PHP takes as one, else the string.
pub fn write_key(out: &mut Vec<u8>, key: &str) {
    match canonical_int(key) {
        Some(i) => write_int(out, i),
        None => write_str(out, key),
    }
}

pub fn write_str(out: &mut Vec<u8>, s: &str) {
    // One reservation and two copies: these run once per key and string of a postback.
    out.reserve(9 + s.len());
    out.extend_from_slice(&tagged(b's', s.len() as u64));
    out.extend_from_slice(s.as_bytes());
}

pub fn write_int(out: &mut Vec<u8>, i: i64) {
    out.extend_from_slice(&tagged(b'i', i as u64));
}

/// A tag and its eight-byte payload, as one copy.
#[inline]
fn tagged(tag: u8, payload: u64) -> [u8; 9] {
    let mut head = [tag; 9];
    head[1..].copy_from_slice(&payload.to_ne_bytes());
    head
}

/// A scalar the parser read (strings are written by `write_str`).
fn write_scalar(out: &mut Vec<u8>, value: Value) {
    match value {
        Value::Bool(false) => out.push(b'f'),
        Value::Bool(true) => out.push(b't'),
        Value::Int(i) => write_int(out, i),
        Value::Float(f) => {
            out.push(b'd');
            out.extend_from_slice(&f.to_ne_bytes());
        }
        _ => write_null(out),
    }
}

pub fn write_null(out: &mut Vec<u8>) {
    out.push(b'n');
}

/// Starts an array (`'l'` or `'m'`) whose count [`end_array`] writes once known.
pub fn begin_array(out: &mut Vec<u8>, tag: u8) -> usize {
    out.push(tag);
    out.extend_from_slice(&[0; 8]);
    out.len() - 8
}

pub fn end_array(out: &mut Vec<u8>, at: usize, count: usize) {
    out[at..at + 8].copy_from_slice(&(count as u64).to_ne_bytes());
}

#[cfg(test)]
mod tests {
    use super::super::decode::MAX_DEPTH;
    use super::*;

    fn encoded(json: &str) -> Vec<u8> {
        let mut out = Vec::new();
        write_json(json, &mut out).unwrap();
        out
    }

    fn len(n: u64) -> [u8; 8] {
        n.to_ne_bytes()
    }

    #[test]
    fn objects_lists_and_scalars() {
        let mut want = vec![b'm'];
        want.extend(len(3));
        want.push(b's');
        want.extend(len(1));
        want.push(b'a');
        want.push(b'l');
        want.extend(len(2));
        want.push(b'i');
        want.extend(0i64.to_ne_bytes());
        want.push(b'n');
        want.push(b'i');
        want.extend(1i64.to_ne_bytes());
        want.push(b't');
        // "10" is PHP's integer key 10; "01" stays a string.
        want.push(b'i');
        want.extend(10i64.to_ne_bytes());
        want.push(b'd');
        want.extend(1.5f64.to_ne_bytes());
        want.push(b's');
        want.extend(len(2));
        want.extend(b"01");
        want.push(b's');
        want.extend(len(3));
        want.extend("é\n".as_bytes());
        assert_eq!(
            encoded(r#"{"a":[null,true],"10":1.5,"01":"\u00e9\n"}"#),
            want
        );
    }

    #[test]
    fn integers_past_i64_are_floats_and_empty_arrays_have_no_items() {
        let mut want = vec![b'l'];
        want.extend(len(3));
        want.push(b'i');
        want.extend(0i64.to_ne_bytes());
        want.push(b'd');
        want.extend(9223372036854775808f64.to_ne_bytes());
        want.push(b'i');
        want.extend(1i64.to_ne_bytes());
        want.push(b'm');
        want.extend(len(0));
        want.push(b'i');
        want.extend(2i64.to_ne_bytes());
        want.push(b'l');
        want.extend(len(0));
        assert_eq!(encoded("[9223372036854775808, {}, []]"), want);
    }

    #[test]
    fn items_of_lists_and_objects_follow_what_before_writes() {
        for json in [r#"[{"a":1},"x"]"#, r#"{"k":{"a":1},"j":"x"}"#] {
            let mut out = Vec::new();
            let n =
                write_json_items(json, &mut out, |i, out| write_int(out, 100 + i as i64)).unwrap();
            let mut want = Vec::new();
            write_int(&mut want, 100);
            write_json(r#"{"a":1}"#, &mut want).unwrap();
            write_int(&mut want, 101);
            write_json(r#""x""#, &mut want).unwrap();
            assert_eq!((n, out), (2, want), "{json}");
        }
    }

    fn items(json: &str, quick: bool) -> Option<(usize, Vec<u8>)> {
        let mut out = Vec::new();
        let before = |i: usize, out: &mut Vec<u8>| write_int(out, 100 + i as i64);
        let n = if quick {
            write_encoded_items(json, &mut out, before)?
        } else {
            write_json_items(json, &mut out, before).ok()?
        };
        Some((n, out))
    }

    #[test]
    fn the_encoders_text_is_walked_as_the_parser_walks_it() {
        for json in [
            "[]",
            "{}",
            r#"[{"a":1,"10":-2.5e-7,"-3":[],"01":{},"e":"x\"y\u2028\\","é/":"é/"}]"#,
            r#"{"k":[true,false,null,9223372036854775808,-0.0,"long plain text, past a word"],"j":"\n"}"#,
            r#"[[[1]],{"a":{"b":{"c":"d"}}},"",0]"#,
        ] {
            let quick = items(json, true);
            assert!(quick.is_some(), "{json}");
            assert_eq!(quick, items(json, false), "{json}");
        }
    }

    #[test]
    fn text_not_as_the_encoder_writes_it_is_left_to_the_parser() {
        let deep = format!("[{}{}]", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        for json in [
            "",
            "1",
            " []",
            "[1 ]",
            "[1] ",
            r#"{"a" :1}"#,
            "[\"a\u{1}\"]",
            "[1,]",
            "[1",
            &deep,
        ] {
            assert_eq!(items(json, true), None, "{json:?}");
        }
    }

    #[test]
    fn invalid_json_is_refused() {
        let mut out = Vec::new();
        assert!(write_json("{\"a\":}", &mut out).is_err());
        assert!(write_json("[1] x", &mut out).is_err());
    }
}
