//! The hash primitives of both signature formulas, as PHP's `md5()` and `sha1()` print them.

use md5::{Digest, Md5};
use sha1::Sha1;

use crate::php::encode::Out;

pub(crate) fn md5_hex(data: &[u8]) -> [u8; 32] {
    hex(&Md5::digest(data))
}

/// md5 of text written to it piece by piece, which is hashed and not kept. Re-encoded JSON comes
/// in pieces of a few bytes: they are gathered into blocks before they reach the hasher.
pub(crate) struct Md5Out {
    hasher: Md5,
    pending: [u8; 256],
    len: usize,
}

impl Md5Out {
    pub(crate) fn new() -> Md5Out {
        Md5Out {
            hasher: Md5::new(),
            pending: [0; 256],
            len: 0,
        }
    }

    pub(crate) fn hex(mut self) -> [u8; 32] {
        self.hasher.update(&self.pending[..self.len]);
        hex(&self.hasher.finalize())
    }
}

impl Out for Md5Out {
    fn push_str(&mut self, s: &str) {
        let bytes = s.as_bytes();
        if self.len + bytes.len() > self.pending.len() {
            self.hasher.update(&self.pending[..self.len]);
            self.len = 0;
            if bytes.len() > self.pending.len() {
                self.hasher.update(bytes);
                return;
            }
        }
        self.pending[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }
}

/// `sha1(a . b . c)` as 40 lowercase hex digits.
pub(crate) fn sha1_hex(parts: &[&[u8]]) -> [u8; 40] {
    let mut h = Sha1::new();
    for p in parts {
        h.update(p);
    }
    hex(&h.finalize())
}

fn hex<const N: usize>(bytes: &[u8]) -> [u8; N] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; N];
    for (i, b) in bytes.iter().enumerate() {
        out[2 * i] = DIGITS[usize::from(b >> 4)];
        out[2 * i + 1] = DIGITS[usize::from(b & 0xf)];
    }
    out
}

/// Equality whose time does not depend on where the inputs differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_out_hashes_what_was_written_in_any_pieces() {
        let text = "x".repeat(700) + "abc";
        for piece in [1, 3, 255, 256, 257, 1000] {
            let mut out = Md5Out::new();
            for chunk in text.as_bytes().chunks(piece) {
                out.push_str(std::str::from_utf8(chunk).unwrap());
            }
            assert_eq!(out.hex(), md5_hex(text.as_bytes()), "pieces of {piece}");
        }
        assert_eq!(&Md5Out::new().hex(), b"d41d8cd98f00b204e9800998ecf8427e");
    }

    #[test]
    fn matches_known_digests() {
        assert_eq!(&md5_hex(b"abc"), b"900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            &sha1_hex(&[b"a", b"bc"]),
            b"a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
