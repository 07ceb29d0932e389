//! The two published encodings of the signed list, hashed in one pass.
//!
//! Today's postback page hashes `json_encode($list, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE)`;
//! an earlier revision (and the Russian page) hashes `$transactions->toJson()`, PHP's default
//! flags: `/` as `\/` and every non-ASCII character as `\uXXXX` (a surrogate pair past U+FFFF).
//! Numbers, literals and every other escape are the same in both, so the older text is the newer
//! one with those characters escaped: one re-encoding feeds both md5 states.

use md5::{Digest, Md5};

use crate::digest::{hex, Md5Out};
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

/// md5 of the documented encoding (with its text while short, see [`Md5Out`]) and md5 of the
/// default-flags encoding of the same value, from one stream of the documented encoding.
pub(crate) struct BothMd5 {
    pub current: Md5Out,
    legacy: Md5,
    /// Escaped text gathered into blocks for the hasher.
    pending: String,
}

/// The md5 of each form, as 32 hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FormMd5s {
    pub current: [u8; 32],
    pub legacy: [u8; 32],
}

const PENDING: usize = 1024;

impl BothMd5 {
    pub(crate) fn new() -> BothMd5 {
        BothMd5 {
            current: Md5Out::new(),
            legacy: Md5::new(),
            pending: String::with_capacity(PENDING + 16),
        }
    }

    /// Both md5s, and the documented encoding's text when it was short enough to keep.
    pub(crate) fn finish(mut self) -> (FormMd5s, Option<String>) {
        self.legacy.update(self.pending.as_bytes());
        let (current, text) = self.current.finish();
        let legacy = hex(&self.legacy.finalize());
        (FormMd5s { current, legacy }, text)
    }

    fn flush_if_full(&mut self) {
        if self.pending.len() >= PENDING {
            self.legacy.update(self.pending.as_bytes());
            self.pending.clear();
        }
    }
}

impl Out for BothMd5 {
    #[inline]
    fn push_str(&mut self, s: &str) {
        self.current.push_str(s);
        if s.bytes().all(|b| b != b'/' && b < 0x80) {
            self.pending.push_str(s);
        } else {
            s.chars().for_each(|c| escape_default(&mut self.pending, c));
        }
        self.flush_if_full();
    }

    #[inline]
    fn push(&mut self, c: char) {
        self.current.push(c);
        escape_default(&mut self.pending, c);
        self.flush_if_full();
    }
}

/// One character of the documented encoding as PHP's default flags write it. Outside strings
/// the text is ASCII without `/`, so only string contents change.
fn escape_default(out: &mut String, c: char) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut unit = |u: u16| {
        out.push_str("\\u");
        for shift in [12, 8, 4, 0] {
            out.push(char::from(DIGITS[usize::from((u >> shift) & 0xf)]));
        }
    };
    match c {
        '/' => out.push_str("\\/"),
        c if c.is_ascii() => out.push(c),
        c => {
            let mut units = [0u16; 2];
            c.encode_utf16(&mut units).iter().for_each(|&u| unit(u));
        }
    }
}

/// The documented encoding rewritten with PHP's default flags: what the older form hashes.
pub fn legacy_text(current: &str) -> String {
    let mut out = String::with_capacity(current.len() + current.len() / 4);
    current.chars().for_each(|c| escape_default(&mut out, c));
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
    fn both_md5s_come_from_one_stream_in_any_pieces() {
        let text = r#"[{"a":"x/y é 😀 ","b":[1,2.5,null]}]"#.repeat(200);
        for piece in [1, 2, 7, 300, 5000] {
            let mut out = BothMd5::new();
            let mut rest = text.as_str();
            while !rest.is_empty() {
                let mut cut = piece.min(rest.len());
                while !rest.is_char_boundary(cut) {
                    cut += 1;
                }
                out.push_str(&rest[..cut]);
                rest = &rest[cut..];
            }
            let (md5s, _) = out.finish();
            assert_eq!(md5s.current, md5_hex(text.as_bytes()));
            assert_eq!(md5s.legacy, md5_hex(legacy_text(&text).as_bytes()));
        }
    }
}
