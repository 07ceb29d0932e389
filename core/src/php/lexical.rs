//! Small pieces of JSON's grammar as PHP reads it, shared by every reader of JSON text in the
//! crate (the decoder [`super::decode`], the checker that builds nothing [`super::skip`], the
//! signing reader and the HMAC document reader), so that none imports another for them.

/// PHP's default `json_decode` depth: arrays may nest at most `MAX_DEPTH - 1` levels.
pub const MAX_DEPTH: usize = 512;

/// Four hex digits (a `\uXXXX` escape's) as a UTF-16 unit, or `None` if one is not a hex digit.
pub(crate) fn hex_unit(digits: &[u8]) -> Option<u32> {
    /// Each byte's value as a hex digit; 0xFF for the others.
    static HEX: [u8; 256] = {
        let mut t = [0xffu8; 256];
        let mut i = 0;
        while i < 10 {
            t[b'0' as usize + i] = i as u8;
            i += 1;
        }
        let mut i = 0;
        while i < 6 {
            t[b'a' as usize + i] = 10 + i as u8;
            t[b'A' as usize + i] = 10 + i as u8;
            i += 1;
        }
        t
    };
    let &[a, b, c, d] = digits else { return None };
    let digit = |h: u8| u32::from(HEX[usize::from(h)]);
    let (a, b, c, d) = (digit(a), digit(b), digit(c), digit(d));
    // One test for all four: a non-digit's 0xFF has bits above the low four.
    if (a | b | c | d) & 0xf0 != 0 {
        return None;
    }
    Some(a << 12 | b << 8 | c << 4 | d)
}

/// The byte a one-letter escape (`\n`, `\"` ...) stands for; `None` for `u` and for letters
/// JSON has no escape for.
pub(crate) fn simple_escape(letter: u8) -> Option<u8> {
    Some(match letter {
        b'"' => b'"',
        b'\\' => b'\\',
        b'/' => b'/',
        b'b' => 0x08,
        b'f' => 0x0c,
        b'n' => b'\n',
        b'r' => b'\r',
        b't' => b'\t',
        _ => return None,
    })
}

/// An integer in decimal (PHP's `(string)` of it), written into `buf` without the formatting
/// machinery; gives the written part.
#[inline]
pub(crate) fn decimal(i: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    let mut n = i.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        // i64::MIN has 19 digits, so the sign always has room.
        at -= 1;
        buf[at] = b'-';
    }
    &buf[at..]
}

#[cfg(test)]
mod tests {
    use super::{decimal, hex_unit};

    #[test]
    fn decimal_is_to_string_at_every_width_and_both_ends() {
        let mut cases = vec![0, i64::MIN, i64::MAX, i64::MIN + 1];
        for p in 0..19 {
            let n = 10i64.pow(p);
            cases.extend([n, n - 1, -n, -(n - 1)]);
        }
        for i in cases {
            assert_eq!(decimal(i, &mut [0u8; 20]), i.to_string().as_bytes(), "{i}");
        }
    }

    #[test]
    fn hex_units_as_from_str_radix_reads_them() {
        for digits in [
            "0000", "ffff", "FFFF", "d83D", "00e9", "abcd", "12g4", "-123", "+123", " 123", "12:4",
            "@AF`",
        ] {
            let expected = digits
                .bytes()
                .all(|b| b.is_ascii_hexdigit())
                .then(|| u32::from_str_radix(digits, 16).unwrap());
            assert_eq!(hex_unit(digits.as_bytes()), expected, "{digits}");
        }
        assert_eq!(hex_unit(b"123"), None);
    }
}
