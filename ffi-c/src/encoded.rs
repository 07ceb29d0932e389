//! Signing data handed over as a compact value encoding instead of JSON text: what a binding that
//! walks its own values (the PHP extension) writes in one pass, with no JSON escaping or float
//! printing on its side. The core does the rest (ordering, string conversion, hashing).

use std::ffi::c_char;

use sdk::php::{Array, Key, Shape, Value};
use sdk::{Field, FieldKey};

use crate::boundary::{bytes_in, call, out_param, string_out, text_in, Failure};
use crate::status::pk_status;

/// Arrays nest at most 511 levels, as in JSON text read with `json_decode`'s default depth of 512.
const MAX_LEVELS: usize = sdk::php::MAX_DEPTH - 1;

/// Signs request data given in the value encoding (below), as `pk_sign_json` signs JSON text:
/// `sha1(private_key . md5(multiImplode(':', ksort($data))))`, a top-level `signature` key left
/// out. On success `*out_signature` receives the 40-character signature; free it with
/// `pk_string_free`.
///
/// The encoding, integers in the host's byte order, `u64` lengths and counts:
/// - `'n'` null, `'f'` false, `'t'` true;
/// - `'i'` then an `int64_t`; `'d'` then a `double` (INF, -INF and NAN sign as PHP prints them);
/// - `'s'` then a `u64` length and that many UTF-8 bytes (any byte, NUL included);
/// - `'l'` (a list: keys 0..n-1 in order) or `'m'` (any other array), then a `u64` count and
///   that many pairs of a key and a value; a key is `'i'` then an `int64_t`, or `'s'` then a
///   length and UTF-8 bytes (numeric strings such as `"10"` become integer keys, as in PHP; a
///   repeated key replaces the earlier value in place).
///
/// The data itself is an `'l'` or `'m'` array; arrays nest at most 511 levels (as `json_decode`
/// reads JSON text with its default depth of 512). Fails with
/// `PK_STATUS_VALIDATION`: field `data` for a truncated or unknown encoding, the path of the value
/// (`a.b`, `items[0]`, `data[1]` for an item of a top-level list) for a string that is not
/// UTF-8 or an array nested too deep, the path of the array for a key that is not UTF-8; field
/// `private_key` for an empty key.
///
/// # Safety
/// `data` and `private_key` must point to `data_len` and `key_len` readable bytes;
/// `out_signature` to a writable `char *`.
#[no_mangle]
pub unsafe extern "C" fn pk_sign_encoded(
    data: *const c_char,
    data_len: usize,
    private_key: *const c_char,
    key_len: usize,
    out_signature: *mut *mut c_char,
) -> pk_status {
    call(|| {
        let out = out_param(out_signature, "out_signature")?;
        let data = bytes_in(data, data_len, "data")?;
        let key = text_in(private_key, key_len, "private_key")?;
        // An ordinary request is signed as it is read; anything else (and every error) goes
        // through the full reader, which names what is wrong.
        if let Some(signed) = sign_direct(data, key) {
            return string_out(out, signed?);
        }
        let data = decode_data(data)?;
        string_out(out, sdk::sign_owned(data, key)?)
    })
}

/// Signs the encoded data without building it: top-level scalars go straight to the signer,
/// keys and strings borrowed from the encoding; nested arrays are read as values. `None` for
/// anything the full reader must look at (an error, a string or key that is not UTF-8).
fn sign_direct(bytes: &[u8], private_key: &str) -> Option<Result<String, sdk::Error>> {
    let mut r = Direct { bytes, at: 0 };
    if !matches!(r.byte()?, b'l' | b'm') {
        return None;
    }
    let count = r.length()?;
    let mut signer = sdk::RequestSigner::new();
    for _ in 0..count {
        let key = match r.byte()? {
            b'i' => FieldKey::Int(i64::from_ne_bytes(r.word()?)),
            b's' => FieldKey::Str(r.utf8()?),
            _ => return None,
        };
        let field = match r.byte()? {
            b'n' => Field::Null,
            b'f' => Field::Bool(false),
            b't' => Field::Bool(true),
            b'i' => Field::Int(i64::from_ne_bytes(r.word()?)),
            b'd' => Field::Float(f64::from_ne_bytes(r.word()?)),
            b's' => Field::Str(r.utf8()?),
            tag @ (b'l' | b'm') => {
                let mut full = Reader { bytes, at: r.at };
                let nested = full.array(tag == b'l', 1).ok()?;
                r.at = full.at;
                signer.field_copied(key, Field::Value(&Value::Array(nested)));
                continue;
            }
            _ => return None,
        };
        signer.field(key, field);
    }
    (r.at == bytes.len()).then(|| signer.sign(private_key))
}

/// The reader of [`sign_direct`]: `None` wherever the full reader would stop, with no error built.
struct Direct<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Direct<'a> {
    #[inline]
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    #[inline]
    fn word(&mut self) -> Option<[u8; 8]> {
        let word = self.bytes.get(self.at..self.at.checked_add(8)?)?;
        self.at += 8;
        word.try_into().ok()
    }

    /// A length or count: a `u64` no larger than what is left.
    #[inline]
    fn length(&mut self) -> Option<u64> {
        let n = u64::from_ne_bytes(self.word()?);
        (n <= (self.bytes.len() - self.at) as u64).then_some(n)
    }

    /// A length and that many bytes, when they are UTF-8.
    #[inline]
    fn utf8(&mut self) -> Option<&'a str> {
        let n = self.length()? as usize;
        let bytes = &self.bytes[self.at..self.at + n];
        self.at += n;
        if bytes.is_ascii() {
            // SAFETY: ASCII is UTF-8.
            return Some(unsafe { std::str::from_utf8_unchecked(bytes) });
        }
        std::str::from_utf8(bytes).ok()
    }
}

/// Reads the encoded data: an array, and nothing after it.
pub(crate) fn decode_data(bytes: &[u8]) -> Result<Array, Failure> {
    let mut reader = Reader { bytes, at: 0 };
    let value = match reader.value(0) {
        Ok(Value::Array(a)) => a,
        Ok(other) => {
            return Err(invalid(
                "data",
                format!("must be an array, got {}", other.type_name()),
            ))
        }
        Err(unreadable) => return Err(unreadable.into_failure()),
    };
    if reader.at != bytes.len() {
        return Err(invalid(
            "data",
            format!(
                "is not a valid value encoding: {} bytes after the data",
                bytes.len() - reader.at
            ),
        ));
    }
    Ok(value)
}

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Failure {
    Failure::Core(sdk::Error::Validation {
        field: field.into(),
        reason: reason.into(),
    })
}

/// Why the data cannot be read, and where: the levels are collected as the reader unwinds, so no
/// path is built while nothing is wrong.
struct Unreadable {
    reason: String,
    /// From the value up: (in a list?, key).
    levels: Vec<(bool, String)>,
    /// The encoding itself is broken: reported on `data`, whatever the position.
    broken: bool,
}

impl Unreadable {
    fn at(reason: impl Into<String>) -> Unreadable {
        Unreadable {
            reason: reason.into(),
            levels: Vec::new(),
            broken: false,
        }
    }

    fn broken(reason: impl Into<String>) -> Unreadable {
        Unreadable {
            broken: true,
            ..Unreadable::at(reason)
        }
    }

    fn within(mut self, list: bool, key: &Key) -> Unreadable {
        self.levels.push((list, key.as_text().into_owned()));
        self
    }

    /// `a.b`, `items[0]`, `data[1]` for an item of a top-level list, `data` for the data itself.
    fn path(&self) -> String {
        let mut path = String::new();
        for (list, key) in self.levels.iter().rev() {
            if *list {
                if path.is_empty() {
                    path.push_str("data");
                }
                path.push('[');
                path.push_str(key);
                path.push(']');
            } else {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
        }
        if path.is_empty() {
            "data".to_owned()
        } else {
            path
        }
    }

    fn into_failure(self) -> Failure {
        if self.broken {
            invalid(
                "data",
                format!("is not a valid value encoding: {}", self.reason),
            )
        } else {
            invalid(self.path(), self.reason)
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Unreadable> {
        let end = self
            .at
            .checked_add(n)
            .filter(|end| *end <= self.bytes.len());
        let end = end.ok_or_else(|| {
            Unreadable::broken(format!("truncated at byte {} (needs {n} more)", self.at))
        })?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn eight(&mut self) -> Result<[u8; 8], Unreadable> {
        let mut out = [0u8; 8];
        out.copy_from_slice(self.take(8)?);
        Ok(out)
    }

    fn length(&mut self) -> Result<usize, Unreadable> {
        let at = self.at;
        let n = u64::from_ne_bytes(self.eight()?);
        // A length can never exceed what is left, which also bounds every allocation below.
        match usize::try_from(n) {
            Ok(n) if n <= self.bytes.len() - self.at => Ok(n),
            _ => Err(Unreadable::broken(format!(
                "length {n} at byte {at} is past the end"
            ))),
        }
    }

    fn text(&mut self) -> Result<Result<String, ()>, Unreadable> {
        let n = self.length()?;
        let bytes = self.take(n)?;
        Ok(std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| ()))
    }

    fn value(&mut self, depth: usize) -> Result<Value, Unreadable> {
        let at = self.at;
        Ok(match self.take(1)?[0] {
            b'n' => Value::Null,
            b'f' => Value::Bool(false),
            b't' => Value::Bool(true),
            b'i' => Value::Int(i64::from_ne_bytes(self.eight()?)),
            b'd' => Value::Float(f64::from_ne_bytes(self.eight()?)),
            b's' => Value::Str(self.text()?.map_err(|()| {
                Unreadable::at("not valid UTF-8, which the signed text cannot carry")
            })?),
            tag @ (b'l' | b'm') => Value::Array(self.array(tag == b'l', depth)?),
            tag => {
                return Err(Unreadable::broken(format!(
                    "unknown tag {tag:#04x} at byte {at}"
                )))
            }
        })
    }

    fn array(&mut self, list: bool, depth: usize) -> Result<Array, Unreadable> {
        if depth >= MAX_LEVELS {
            return Err(Unreadable::at(format!(
                "nested {} levels deep or more, past json_decode's depth of {} (does it hold itself?)",
                MAX_LEVELS + 1,
                sdk::php::MAX_DEPTH
            )));
        }
        let count = self.length()?;
        // Each pair takes at least two bytes, so `count` is bounded by the input's size.
        let mut entries = Vec::with_capacity(count.min(self.bytes.len() / 2));
        for _ in 0..count {
            let key = self.key()?;
            let value = self.value(depth + 1).map_err(|e| e.within(list, &key))?;
            entries.push((key, value));
        }
        let shape = if list { Shape::List } else { Shape::Object };
        Ok(Array::from_entries(shape, entries))
    }

    fn key(&mut self) -> Result<Key, Unreadable> {
        let at = self.at;
        match self.take(1)?[0] {
            b'i' => Ok(Key::Int(i64::from_ne_bytes(self.eight()?))),
            b's' => self.text()?.map(Key::from).map_err(|()| {
                Unreadable::at(
                    "holds a key that is not valid UTF-8, which the signed text cannot carry",
                )
            }),
            tag => Err(Unreadable::broken(format!(
                "unknown key tag {tag:#04x} at byte {at}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small writer of the encoding, as a binding writes it.
    #[derive(Default)]
    struct W(Vec<u8>);
    impl W {
        fn tag(mut self, t: u8) -> W {
            self.0.push(t);
            self
        }
        fn int(self, i: i64) -> W {
            let mut w = self.tag(b'i');
            w.0.extend_from_slice(&i.to_ne_bytes());
            w
        }
        fn float(self, f: f64) -> W {
            let mut w = self.tag(b'd');
            w.0.extend_from_slice(&f.to_ne_bytes());
            w
        }
        fn len(mut self, n: u64) -> W {
            self.0.extend_from_slice(&n.to_ne_bytes());
            self
        }
        fn str(self, s: &[u8]) -> W {
            let mut w = self.tag(b's').len(s.len() as u64);
            w.0.extend_from_slice(s);
            w
        }
        fn map(self, n: u64) -> W {
            self.tag(b'm').len(n)
        }
        fn list(self, n: u64) -> W {
            self.tag(b'l').len(n)
        }
    }

    fn sign(w: W) -> Result<String, Failure> {
        Ok(sdk::sign_owned(decode_data(&w.0)?, "pk")?)
    }

    fn field(w: W) -> String {
        sign(w).unwrap_err().field().unwrap().to_owned()
    }

    #[test]
    fn signs_what_the_same_json_signs() {
        let w = W::default()
            .map(5)
            .str(b"b")
            .float(f64::INFINITY)
            .str(b"a")
            .list(2)
            .int(0)
            .tag(b't')
            .int(1)
            .float(-0.0)
            .str(b"10")
            .str(b"x\0y")
            .str(b"signature")
            .str(b"dropped")
            .int(9)
            .tag(b'n');
        let want = sdk::sign_json(
            r#"{"b":"INF","a":[true,-0.0],"10":"x\u0000y","9":null}"#,
            "pk",
        );
        let want = want.unwrap();
        assert_eq!(sign_direct(&w.0, "pk").unwrap().unwrap(), want);
        assert_eq!(sign(w).unwrap(), want);
    }

    #[test]
    fn bad_strings_and_keys_are_named_by_their_path() {
        let w = W::default().map(1).str(b"a").map(1).str(b"b").str(b"\xff");
        assert_eq!(field(w), "a.b");
        let w = W::default().list(2).int(0).str(b"x").int(1).str(b"\xff");
        assert_eq!(field(w), "data[1]");
        let w = W::default()
            .map(1)
            .str(b"a")
            .list(1)
            .int(0)
            .map(1)
            .str(b"k\xff")
            .tag(b'n');
        assert_eq!(field(w), "a[0]");
        let w = W::default().map(1).str(b"\xff").tag(b'n');
        assert_eq!(field(w), "data");
    }

    #[test]
    fn depth_is_refused_at_512_levels_and_accepted_at_511_as_in_json_text() {
        let nested = |levels: usize| {
            let mut w = W::default();
            for _ in 0..levels - 1 {
                w = w.list(1).int(0);
            }
            w.list(0)
        };
        let json = |levels: usize| "[".repeat(levels) + &"]".repeat(levels);
        assert!(sign(nested(511)).is_ok());
        assert!(sdk::sign_json(&json(511), "pk").is_ok());
        let e = sign(nested(512)).unwrap_err();
        assert!(e.message().contains("512 levels deep"), "{}", e.message());
        assert!(sdk::sign_json(&json(512), "pk").is_err());
    }

    #[test]
    fn the_direct_path_signs_what_the_full_reader_signs_or_leaves_it_alone() {
        // Every one-byte change and every cut of an encoding: the direct path never reads past
        // the end, and what it signs the full reader signs the same.
        let w = W::default()
            .map(4)
            .str(b"withdrawal_id")
            .str(b"51_2788")
            .str(b"amount")
            .float(1500.25)
            .int(7)
            .map(1)
            .str(b"k")
            .tag(b't')
            .str(b"name")
            .str("Jos\u{e9}".as_bytes());
        let check = |bytes: &[u8]| {
            if let Some(direct) = sign_direct(bytes, "pk") {
                let full = decode_data(bytes).map(|data| sdk::sign_owned(data, "pk"));
                match (direct, full) {
                    (Ok(d), Ok(Ok(f))) => assert_eq!(d, f, "{bytes:?}"),
                    (d, f) => panic!("{bytes:?}: direct {d:?}, full {:?}", f.is_ok()),
                }
            }
        };
        check(&w.0);
        for at in 0..w.0.len() {
            check(&w.0[..at]);
            for b in [0u8, 1, 2, 4, b'i', b'm', b's', 0x80, 0xff] {
                let mut bytes = w.0.clone();
                bytes[at] = b;
                check(&bytes);
            }
        }
    }

    #[test]
    fn broken_encodings_are_refused_on_data() {
        let huge = W::default().map(u64::MAX);
        let short = W::default().map(1).str(b"a").tag(b'i');
        let trailing = W::default().map(0).tag(b'n');
        let tag = W::default().map(1).str(b"a").tag(b'x');
        let scalar = W::default().int(1);
        let bad_utf8 = W::default().map(1).str(b"a").str(b"\xff");
        assert!(sign_direct(&bad_utf8.0, "pk").is_none());
        for (w, what) in [
            (huge, "past the end"),
            (short, "truncated"),
            (trailing, "after the data"),
            (tag, "unknown tag"),
            (scalar, "must be an array"),
        ] {
            assert!(sign_direct(&w.0, "pk").is_none(), "{what}");
            let e = sign(w).unwrap_err();
            assert_eq!(e.field(), Some("data"));
            assert!(e.message().contains(what), "{}", e.message());
        }
        assert!(sign(W::default()).is_err());
    }
}
