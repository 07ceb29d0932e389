//! Eight bytes at a time over the plain part of a JSON string: what both the decoder and the
//! encoder copy as it is, until a byte that needs a closer look.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Nonzero when some byte of `x` is zero.
fn has_zero(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The first byte from `from` that is `"`, `\`, a control byte or `extra`, when an 8-byte chunk
/// holds it; otherwise where fewer than eight bytes are left, and the caller finishes byte by byte.
pub(crate) fn skip_plain_words(bytes: &[u8], mut from: usize, extra: Option<u8>) -> usize {
    while let Some(chunk) = bytes.get(from..from + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let mut stop = has_zero(x ^ (ONES * u64::from(b'"')))
            | has_zero(x ^ (ONES * u64::from(b'\\')))
            | (x.wrapping_sub(ONES * 0x20) & !x & HIGHS);
        if let Some(e) = extra {
            stop |= has_zero(x ^ (ONES * u64::from(e)));
        }
        if stop != 0 {
            // A borrow only runs upward, from a matching byte: the lowest flag is exact.
            return from + (stop.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    from
}
