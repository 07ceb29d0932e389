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

#[cfg(test)]
mod tests {
    use super::hex_unit;

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
