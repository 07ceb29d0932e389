//! The hash primitives of both signature formulas, as PHP's `md5()` and `sha1()` print them.

use md5::{Digest, Md5};
use sha1::Sha1;

pub(crate) fn md5_hex(data: &[u8]) -> [u8; 32] {
    hex(&Md5::digest(data))
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
