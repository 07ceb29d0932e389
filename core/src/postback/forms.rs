//! The two published encodings of the signed list, hashed in one pass.
//!
//! Today's postback page hashes `json_encode($list, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE)`;
//! an earlier revision (and the Russian page) hashes `$transactions->toJson()`, PHP's default
//! flags: `/` as `\/` and every non-ASCII character as `\uXXXX` (a surrogate pair past U+FFFF).
//! Numbers, literals and every other escape are the same in both, so the older text is the newer
//! one with those characters escaped, written from the same re-encoding.

use crate::digest::Md5Out;
use crate::php::encode::Out;

/// Which published form a postback's signature matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureForm {
    /// The documented flags: `JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE`.
    Current,
    /// The earlier page's `toJson()` with no flags: `\/` and `\uXXXX`.
    Legacy,
}

impl SignatureForm {
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureForm::Current => "current",
            SignatureForm::Legacy => "legacy",
        }
    }
}

/// md5 of the documented encoding (with its text while short, see [`Md5Out`]), noting whether
/// the default-flags encoding of the same value writes anything differently: the two texts are
/// the same but for `/` and non-ASCII characters. Only a list that has one, and whose signature
/// did not match in the documented form, is hashed again in the older form ([`LegacyMd5`]).
pub(crate) struct CurrentMd5 {
    md5: Md5Out,
    legacy_differs: bool,
}

/// The md5 of the documented encoding, as 32 hex digits, and whether the older form differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FormMd5 {
    pub current: [u8; 32],
    pub legacy_differs: bool,
}

impl CurrentMd5 {
    pub(crate) fn new() -> CurrentMd5 {
        CurrentMd5 {
            md5: Md5Out::new(),
            legacy_differs: false,
        }
    }

    /// The md5, and the text when it was short enough to keep.
    pub(crate) fn finish(mut self) -> (FormMd5, Option<String>) {
        if self.md5.is_whole() {
            self.legacy_differs |= differs_in(self.md5.kept());
        }
        let (current, text) = self.md5.finish();
        let md5 = FormMd5 {
            current,
            legacy_differs: self.legacy_differs,
        };
        (md5, text)
    }

    /// The text no longer fits the buffer: what it holds, if it has not been looked at yet, and
    /// each piece from now on are looked at as they come.
    #[cold]
    fn note_unkept(&mut self, s: &str) {
        if self.md5.is_whole() {
            self.legacy_differs |= differs_in(self.md5.kept());
        }
        self.legacy_differs |= differs_in(s);
    }
}

fn differs(b: u8) -> bool {
    b == b'/' || b >= 0x80
}

/// Word-at-a-time and memchr: the common case costs little.
fn differs_in(s: &str) -> bool {
    !s.is_ascii() || s.as_bytes().contains(&b'/')
}

/// Whether the older form differs is decided once, over the whole text when it is kept (a real
/// postback's always is), rather than for each of the many small pieces it is written in.
impl Out for CurrentMd5 {
    #[inline]
    fn push_str(&mut self, s: &str) {
        if !self.legacy_differs && !self.md5.keeps(s.len()) {
            self.note_unkept(s);
        }
        self.md5.push_str(s);
    }

    #[inline]
    fn push(&mut self, c: char) {
        if !self.legacy_differs && !self.md5.keeps(c.len_utf8()) {
            self.note_unkept(c.encode_utf8(&mut [0; 4]));
        }
        self.md5.push(c);
    }
}

/// md5 of the default-flags encoding, written from a stream of the documented encoding.
pub(crate) struct LegacyMd5(Md5Out);

impl LegacyMd5 {
    pub(crate) fn new() -> LegacyMd5 {
        LegacyMd5(Md5Out::new())
    }

    pub(crate) fn finish(self) -> [u8; 32] {
        self.0.finish().0
    }
}

impl Out for LegacyMd5 {
    fn push_str(&mut self, s: &str) {
        write_escaped(&mut self.0, s);
    }
}

/// Writes a piece of the documented encoding as PHP's default flags write it: runs of unchanged
/// text as they are, `/` and each non-ASCII character escaped. Outside strings the text is ASCII
/// without `/`, so only string contents change.
fn write_escaped<O: Out + ?Sized>(out: &mut O, s: &str) {
    let mut rest = s;
    while let Some(at) = rest.bytes().position(differs) {
        out.push_str(&rest[..at]);
        let c = rest[at..].chars().next().expect("a character starts here");
        let mut escaped = [0u8; 12];
        out.push_str(escape(c, &mut escaped));
        rest = &rest[at + c.len_utf8()..];
    }
    out.push_str(rest);
}

/// `\/`, or `\uXXXX` (twice for a character past U+FFFF), in lowercase hex as PHP writes it.
fn escape(c: char, buf: &mut [u8; 12]) -> &str {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    if c == '/' {
        return "\\/";
    }
    let mut units = [0u16; 2];
    let units = c.encode_utf16(&mut units);
    for (i, u) in units.iter().enumerate() {
        let out = &mut buf[6 * i..6 * i + 6];
        out[..2].copy_from_slice(b"\\u");
        for (k, shift) in [12, 8, 4, 0].into_iter().enumerate() {
            out[2 + k] = DIGITS[usize::from((u >> shift) & 0xf)];
        }
    }
    std::str::from_utf8(&buf[..6 * units.len()]).expect("ASCII")
}

/// The documented encoding rewritten with PHP's default flags: what the older form hashes.
pub fn legacy_text(current: &str) -> String {
    let mut out = String::with_capacity(current.len() + current.len() / 4);
    write_escaped(&mut out, current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::md5_hex;

    #[test]
    fn escapes_as_php_default_flags_do() {
        assert_eq!(
            legacy_text(r#"["a/b","é","😀","\u2028","\\/",1.5e-7,{"k/é":null}]"#),
            r#"["a\/b","\u00e9","\ud83d\ude00","\u2028","\\\/",1.5e-7,{"k\/\u00e9":null}]"#
        );
    }

    #[test]
    fn both_md5s_come_from_the_stream_in_any_pieces() {
        let unicode = r#"[{"a":"x/y é 😀 ","b":[1,2.5,null]}]"#.repeat(200);
        // The first differing character comes late: past the first buffer, within a piece, or never.
        let late = format!("{}{unicode}", "[1,2]".repeat(2000));
        // Or early: in the first buffer only, which is hashed away before the text ends.
        let early = format!("[\"/\"]{}", "[1,2]".repeat(2000));
        let early_unicode = format!("[\"é\"]{}", "[1,2]".repeat(2000));
        for (text, piece) in [1, 2, 7, 300, 5000].into_iter().flat_map(|p| {
            [
                (unicode.clone(), p),
                (late.clone(), p),
                (early.clone(), p),
                (early_unicode.clone(), p),
                ("[\"a/b\"]".to_owned(), p),
                ("[\"ab\"]".to_owned(), p),
                ("[1,\"a\"]".repeat(3000), p),
            ]
        }) {
            let (mut current, mut legacy) = (CurrentMd5::new(), LegacyMd5::new());
            let mut rest = text.as_str();
            while !rest.is_empty() {
                let mut cut = piece.min(rest.len());
                while !rest.is_char_boundary(cut) {
                    cut += 1;
                }
                current.push_str(&rest[..cut]);
                legacy.push_str(&rest[..cut]);
                rest = &rest[cut..];
            }
            let (md5, _) = current.finish();
            assert_eq!(md5.current, md5_hex(text.as_bytes()));
            assert_eq!(md5.legacy_differs, legacy_text(&text) != text);
            assert_eq!(legacy.finish(), md5_hex(legacy_text(&text).as_bytes()));
        }
    }
}
