//! `json_encode(json_decode($text))` written straight from the text, without building the value:
//! what postback verification hashes. Tokens are read by the decoder and written by the encoder,
//! so this path cannot drift from theirs, and it reports the same errors at the same offsets.
//!
//! One case needs the value: an object that repeats a key (the key keeps its first position and
//! takes the last value). Then the answer is `Ok(false)` and the caller decodes and encodes
//! instead; so it is for a number too large for a double, to get the encoder's refusal.

use std::borrow::Cow;

use super::decode::{Parser, Result};
use super::encode::{write_string, write_value};
use super::value::Value;

/// What the caller also wants decoded while the text is re-encoded: some members of the objects
/// directly inside the top-level list or object (a postback's documented entry fields).
pub(crate) trait Capture {
    /// The slot for `key`'s value, or `None` to leave it undecoded.
    fn slot(&self, key: &str) -> Option<usize>;
    fn put(&mut self, slot: usize, value: Value);
    /// One item is done; `text` is how the body wrote it.
    fn item(&mut self, text: &str);
}

/// The keys of the open objects as ranges of the output, innermost last.
type KeyStack = Vec<(usize, usize)>;

impl<'a> Parser<'a> {
    /// Writes the next value as PHP re-encodes it, and tells `capture` about its items.
    /// `Ok(false)`: write it from a decoded value instead.
    pub(crate) fn reencode(&mut self, out: &mut String, capture: &mut dyn Capture) -> Result<bool> {
        let mut keys = KeyStack::with_capacity(32);
        let mut item = |p: &mut Parser<'a>, out: &mut String, keys: &mut KeyStack| {
            p.skip_ws();
            let start = p.offset();
            let plain = p.reencode_item(out, keys, capture)?;
            capture.item(p.slice(start, p.offset()));
            Ok(plain)
        };
        self.skip_ws();
        match self.peek() {
            Some(b'[') => self.reencode_list(out, &mut keys, &mut item),
            Some(b'{') => self.members(out, &mut keys, |p, _, out, keys| item(p, out, keys)),
            _ => self.reencode_value(out, &mut keys),
        }
    }

    fn reencode_value(&mut self, out: &mut String, keys: &mut KeyStack) -> Result<bool> {
        self.skip_ws();
        match self.peek() {
            Some(b'{') => self.members(out, keys, |p, _, out, keys| p.reencode_value(out, keys)),
            Some(b'[') => {
                self.reencode_list(out, keys, &mut |p, out, keys| p.reencode_value(out, keys))
            }
            Some(b'"') => {
                write_token(out, &self.string()?);
                Ok(true)
            }
            _ => Ok(write_value(out, &self.scalar()?).is_ok()),
        }
    }

    /// An item of the top-level value: the captured members of an object are decoded on the way.
    fn reencode_item(
        &mut self,
        out: &mut String,
        keys: &mut KeyStack,
        capture: &mut dyn Capture,
    ) -> Result<bool> {
        if self.peek() != Some(b'{') {
            return self.reencode_value(out, keys);
        }
        self.members(out, keys, |p, key, out, keys| {
            let Some(slot) = capture.slot(key) else {
                return p.reencode_value(out, keys);
            };
            let value = p.value()?;
            let written = write_value(out, &value).is_ok();
            capture.put(slot, value);
            Ok(written)
        })
    }

    fn reencode_list(
        &mut self,
        out: &mut String,
        keys: &mut KeyStack,
        item: &mut dyn FnMut(&mut Parser<'a>, &mut String, &mut KeyStack) -> Result<bool>,
    ) -> Result<bool> {
        out.push('[');
        let mut plain = true;
        let mut first = true;
        self.list_items(|p| {
            if !plain {
                return p.skip_value();
            }
            if !std::mem::take(&mut first) {
                out.push(',');
            }
            plain = item(p, out, keys)?;
            Ok(())
        })?;
        out.push(']');
        Ok(plain)
    }

    /// An object: each key is written here, each value by `value`. Stops writing at a repeated
    /// key (the rest is only checked) and answers `Ok(false)`.
    fn members(
        &mut self,
        out: &mut String,
        keys: &mut KeyStack,
        mut value: impl FnMut(&mut Parser<'a>, &str, &mut String, &mut KeyStack) -> Result<bool>,
    ) -> Result<bool> {
        out.push('{');
        let base = keys.len();
        let mut plain = true;
        self.object_entries(|p, key| {
            if !plain {
                return p.skip_value();
            }
            if keys.len() > base {
                out.push(',');
            }
            let start = out.len();
            write_token(out, &key);
            // Encoding is deterministic: equal keys are equal text.
            let written = &out.as_bytes()[start..];
            if keys[base..]
                .iter()
                .any(|&(s, e)| &out.as_bytes()[s..e] == written)
            {
                plain = false;
                return p.skip_value();
            }
            keys.push((start, out.len()));
            out.push(':');
            plain = value(p, &key, out, keys)?;
            Ok(())
        })?;
        keys.truncate(base);
        out.push('}');
        Ok(plain)
    }
}

/// A decoded string token, written. Borrowed text had no escapes: the decoder refused control
/// characters and stopped at `"` and `\`, so only U+2028 and U+2029 (E2 80 A8/A9) can need one.
#[allow(clippy::ptr_arg)] // Whether the token is borrowed is the point.
fn write_token(out: &mut String, token: &Cow<'_, str>) {
    match token {
        Cow::Borrowed(s) if !s.as_bytes().contains(&0xe2) => {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        s => write_string(out, s),
    }
}

#[cfg(test)]
mod tests {
    use super::Capture;
    use crate::php::decode::Parser;
    use crate::php::{decode, encode, Value};

    /// Captures `id` of every item, and the items' texts.
    #[derive(Default)]
    struct Ids {
        current: Option<Value>,
        items: Vec<(String, Option<Value>)>,
    }

    impl Capture for Ids {
        fn slot(&self, key: &str) -> Option<usize> {
            (key == "id").then_some(0)
        }
        fn put(&mut self, _: usize, value: Value) {
            self.current = Some(value);
        }
        fn item(&mut self, text: &str) {
            self.items.push((text.to_owned(), self.current.take()));
        }
    }

    /// Either the re-encoder's text is the decoder's and encoder's, or both refuse alike.
    fn agrees(json: &str) -> bool {
        let mut out = String::new();
        let mut ids = Ids::default();
        let mut p = Parser::new(json);
        let fast = p.reencode(&mut out, &mut ids).and_then(|plain| {
            p.finish()?;
            Ok(plain)
        });
        match (fast, decode(json)) {
            (Ok(true), Ok(v)) => {
                assert_eq!(Ok(out), encode(&v).map_err(drop), "{json:?}");
                if let Value::Array(items) = v {
                    assert_eq!(ids.items.len(), items.len());
                    for ((text, id), item) in ids.items.iter().zip(items.values()) {
                        assert_eq!(&decode(text).unwrap(), item);
                        let expected = match item {
                            Value::Array(a) if text.starts_with('{') => a.get("id").cloned(),
                            _ => None,
                        };
                        assert_eq!(id, &expected, "{json:?}");
                    }
                }
                true
            }
            (Ok(false), _) => false,
            (Err(a), Err(b)) => {
                assert_eq!(a, b, "{json:?}");
                true
            }
            (fast, slow) => panic!("{json:?}: {fast:?} against {slow:?}"),
        }
    }

    #[test]
    fn writes_what_decode_then_encode_writes() {
        for json in [
            r#" [ { "id" : 1.0, "a" : [ 1, -0, 1.0, -0.0, 1e25, 0.1, 123456789012345678901, true, null ], "b" : { } }, [], "x", {"id":{"k":[1]}} ] "#,
            r#"["a\/b \u00e9 \u2028 \u001f \n \" \\ \ud83d\ude00", "\u2028", "é"]"#,
            r#"{"0":{"id":"x"},"1":"y","10":{"01":[]}}"#,
            r#"[[], {}, [{}], {"a":{"b":{"c":[]}}}]"#,
            r#"{"a":1,"b":2,"A":3}"#,
            "\"\u{2028}\u{2029}\u{2027}\"",
            "17",
        ] {
            assert!(agrees(json), "{json}");
        }
    }

    #[test]
    fn errors_are_the_decoders() {
        for json in [
            "[1,]",
            "{\"a\":1,}",
            "[1}",
            "{\"a\":1]",
            "[{\"id\":\"\\ud800\"}]",
            "\"a\u{1}\"",
            "[01]",
            "{\"a\" 1}",
            "[\"abc",
            "tru",
        ] {
            assert!(agrees(json), "{json}");
        }
        let deep = format!("{}{}", "[".repeat(512), "]".repeat(512));
        assert!(agrees(&deep));
    }

    #[test]
    fn leaves_repeated_keys_and_infinity_to_the_decoder() {
        for json in [
            r#"{"a":1,"b":2,"a":3}"#,
            r#"[{"x":{"k":1,"k":2}}, 5]"#,
            r#"[{"id":1,"id":2}]"#,
            r#"{"k":"\u0061","k":1}"#,
            "[1e400]",
            r#"[{"id":1e400}]"#,
        ] {
            assert!(!agrees(json), "{json}");
        }
        // The same key in different objects is not a repeat.
        assert!(agrees(r#"[{"a":{"a":{"a":1}},"b":{"a":2}}]"#));
    }
}
