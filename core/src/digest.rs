//! The hash primitives of both signature formulas, as PHP's `md5()` and `sha1()` print them.

use md5::{Digest, Md5};
use sha1::Sha1;

use crate::php::encode::Out;

pub(crate) fn md5_hex(data: &[u8]) -> [u8; 32] {
    hex(&Md5::digest(data))
}

/// md5 of text written to it in pieces, with the text itself while it is short: a real
/// postback's signed list (about 1.3 KB) is kept, so that it need not be written again once the
/// signature matches. Past [`Md5Out::KEPT`] bytes the same buffer gathers pieces into blocks for
/// the hasher, and nothing more is kept, however long the text.
#[derive(Clone)]
pub(crate) struct Md5Out {
    text: String,
    /// Set once the text outgrew the buffer: it has been hashed up to what the buffer holds.
    hasher: Option<Md5>,
}

impl Md5Out {
    pub(crate) const KEPT: usize = 8 << 10;

    pub(crate) fn new() -> Md5Out {
        Md5Out {
            // Never grows: a real list fits, and a longer one is hashed from this buffer.
            text: String::with_capacity(Self::KEPT),
            hasher: None,
        }
    }

    /// The md5 as 32 hex digits, and the whole text when it was short enough to keep.
    pub(crate) fn finish(self) -> ([u8; 32], Option<String>) {
        match self.hasher {
            None => (md5_hex(self.text.as_bytes()), Some(self.text)),
            Some(mut hasher) => {
                hasher.update(self.text.as_bytes());
                (hex(&hasher.finalize()), None)
            }
        }
    }
}

impl Md5Out {
    /// Whether the text, with `len` more bytes, is still kept whole.
    #[inline]
    pub(crate) fn keeps(&self, len: usize) -> bool {
        self.is_whole() && self.text.len() + len <= Self::KEPT
    }

    /// Whether [`Md5Out::kept`] is the whole text written so far: nothing was hashed away yet.
    #[inline]
    pub(crate) fn is_whole(&self) -> bool {
        self.hasher.is_none()
    }

    /// The text the buffer holds.
    pub(crate) fn kept(&self) -> &str {
        &self.text
    }
}

impl Out for Md5Out {
    #[inline]
    fn push_str(&mut self, s: &str) {
        if self.text.len() + s.len() > Self::KEPT {
            self.hash_kept();
            if s.len() > Self::KEPT {
                self.hasher
                    .get_or_insert_with(Md5::new)
                    .update(s.as_bytes());
                return;
            }
        }
        self.text.push_str(s);
    }

    #[inline]
    fn push(&mut self, c: char) {
        if self.text.len() + c.len_utf8() > Self::KEPT {
            self.hash_kept();
        }
        self.text.push(c);
    }
}

impl Md5Out {
    /// The buffer is full: what it holds goes to the hasher, and nothing is kept from now on.
    #[cold]
    fn hash_kept(&mut self) {
        self.hasher
            .get_or_insert_with(Md5::new)
            .update(self.text.as_bytes());
        self.text.clear();
    }
}

/// `sha1(a . b . c)` as 40 lowercase hex digits.
pub(crate) fn sha1_hex(parts: &[&[u8]]) -> [u8; 40] {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    if len > SHORT_SHA1 {
        let mut h = Sha1::new();
        for p in parts {
            h.update(p);
        }
        return hex(&h.finalize());
    }
    // A signature's input (a key and an md5) fits two blocks: padded here and compressed
    // directly, without the hasher's buffering of each part.
    let mut padded = [0u8; 128];
    let mut at = 0;
    for p in parts {
        padded[at..at + p.len()].copy_from_slice(p);
        at += p.len();
    }
    padded[len] = 0x80;
    let blocks = if len + 9 <= 64 { 1 } else { 2 };
    let end = 64 * blocks;
    padded[end - 8..end].copy_from_slice(&(8 * len as u64).to_be_bytes());
    let block =
        |i: usize| -> [u8; 64] { padded[64 * i..64 * i + 64].try_into().unwrap_or([0; 64]) };
    let mut state = SHA1_START;
    if blocks == 1 {
        sha1::compress(&mut state, &[block(0).into()]);
    } else {
        sha1::compress(&mut state, &[block(0).into(), block(1).into()]);
    }
    let mut out = [0u8; 40];
    for (digits, word) in out.chunks_exact_mut(8).zip(state) {
        digits.copy_from_slice(&hex_word(word).to_be_bytes());
    }
    out
}

/// The longest input [`sha1_hex`] pads itself: two blocks less the `0x80` byte and the length.
const SHORT_SHA1: usize = 128 - 9;

/// SHA-1's initial state.
const SHA1_START: [u32; 5] = [
    0x6745_2301,
    0xefcd_ab89,
    0x98ba_dcfe,
    0x1032_5476,
    0xc3d2_e1f0,
];

/// Lowercase hex of `bytes` (`N` is twice their count), four bytes to eight digits at a time.
fn hex<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    for (digits, four) in out.chunks_exact_mut(8).zip(bytes.chunks_exact(4)) {
        let word = u32::from_be_bytes(four.try_into().unwrap_or_default());
        digits.copy_from_slice(&hex_word(word).to_be_bytes());
    }
    out
}

/// Eight hex digits of `word` as the bytes of a u64, the first digit in the highest byte.
fn hex_word(word: u32) -> u64 {
    // Each nibble spread to a byte of its own, in order.
    let mut x = u64::from(word);
    x = (x | x << 16) & 0x0000_ffff_0000_ffff;
    x = (x | x << 8) & 0x00ff_00ff_00ff_00ff;
    x = (x | x << 4) & 0x0f0f_0f0f_0f0f_0f0f;
    // One where a nibble is 10 or more: those become letters, `a` being 39 past `0` + 10.
    let letters = ((x + 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101;
    x + 0x3030_3030_3030_3030 + letters * 39
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
        for len in [0, 3, Md5Out::KEPT, Md5Out::KEPT + 1, 3 * Md5Out::KEPT + 5] {
            let text: String = (0..len)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            for piece in [1, 3, 255, Md5Out::KEPT, Md5Out::KEPT + 1] {
                let mut out = Md5Out::new();
                for chunk in text.as_bytes().chunks(piece) {
                    out.push_str(std::str::from_utf8(chunk).unwrap());
                }
                let (md5, kept) = out.finish();
                assert_eq!(
                    md5,
                    md5_hex(text.as_bytes()),
                    "{len} bytes in pieces of {piece}"
                );
                // Kept exactly while it fits the buffer.
                assert_eq!(kept.as_deref(), (len <= Md5Out::KEPT).then_some(&*text));
            }
        }
        assert_eq!(
            &Md5Out::new().finish().0,
            b"d41d8cd98f00b204e9800998ecf8427e"
        );
    }

    #[test]
    fn hex_digits_of_every_byte_at_every_place() {
        for b in 0..=255u8 {
            for at in 0..16 {
                let mut bytes = [0x5au8; 16];
                bytes[at] = b;
                let want: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                assert_eq!(&hex::<32>(&bytes), want.as_bytes());
            }
        }
    }

    #[test]
    fn matches_known_digests() {
        assert_eq!(&md5_hex(b"abc"), b"900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            &sha1_hex(&[b"a", b"bc"]),
            b"a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        // Every length the two padded blocks take, and past them, against the hasher.
        let bytes: Vec<u8> = (0..200u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in 0..=150 {
            let (a, b) = bytes[..len].split_at(len / 3);
            assert_eq!(
                sha1_hex(&[a, b]),
                hex::<40>(&Sha1::digest(&bytes[..len])),
                "{len} bytes"
            );
        }
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
