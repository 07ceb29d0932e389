//! A fast check of one JSON value that builds nothing, for the large unsigned parts of a postback
//! (`converted_amount` holds about 184 rates). It accepts what PHP accepts, escapes and surrogate
//! pairs included; anything malformed and very deep nesting return `None`, and the caller then
//! runs the full parser, which names the error. So this path never changes a result.

use super::lexical::{hex_unit, simple_escape, MAX_DEPTH};

const WS: u8 = 1;
/// Ends a plain string run: `"`, `\` and control characters.
const STOP: u8 = 4;

/// Byte classes, looked up once per byte instead of comparing against several values.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = STOP;
        b += 1;
    }
    t[b'"' as usize] = STOP;
    t[b'\\' as usize] = STOP;
    t[b' ' as usize] |= WS;
    t[b'\t' as usize] |= WS;
    t[b'\n' as usize] |= WS;
    t[b'\r' as usize] |= WS;
    t
};

/// Skips whitespace, then one plain value starting at `pos` inside containers nested `depth` deep.
/// Returns the offset just past the value, or `None` to leave the value to the full parser.
pub(crate) fn skip_value(b: &[u8], pos: usize, depth: usize) -> Option<usize> {
    let pos = skip_ws(b, pos);
    match *b.get(pos)? {
        b'{' => skip_object(b, pos + 1, depth + 1),
        b'[' => skip_list(b, pos + 1, depth + 1),
        b'"' => skip_string(b, pos + 1),
        b'-' | b'0'..=b'9' => skip_number(b, pos),
        b't' => literal(b, pos, b"true"),
        b'f' => literal(b, pos, b"false"),
        b'n' => literal(b, pos, b"null"),
        _ => None,
    }
}

/// The offset of the first byte from `pos` that is not JSON whitespace.
#[inline]
pub(crate) fn skip_ws(b: &[u8], pos: usize) -> usize {
    // Compact text has none: one look, in line.
    match b.get(pos) {
        Some(&c) if CLASS[usize::from(c)] & WS != 0 => skip_ws_run(b, pos),
        _ => pos,
    }
}

fn skip_ws_run(b: &[u8], mut pos: usize) -> usize {
    const SPACES: u64 = u64::from_le_bytes(*b"        ");
    while let Some(&c) = b.get(pos) {
        if CLASS[usize::from(c)] & WS == 0 {
            break;
        }
        pos += 1;
        // Pretty-printed bodies indent with runs of spaces: eight at a time, and the end of the
        // run found in the same look (the lowest byte that is not a space).
        while let Some(chunk) = b.get(pos..pos + 8) {
            let other = u64::from_le_bytes(chunk.try_into().expect("eight bytes")) ^ SPACES;
            if other != 0 {
                pos += (other.trailing_zeros() / 8) as usize;
                break;
            }
            pos += 8;
        }
    }
    pos
}

fn skip_object(b: &[u8], pos: usize, depth: usize) -> Option<usize> {
    if depth >= MAX_DEPTH {
        return None;
    }
    let mut pos = skip_ws(b, pos);
    if *b.get(pos)? == b'}' {
        return Some(pos + 1);
    }
    loop {
        if *b.get(pos)? != b'"' {
            return None;
        }
        pos = skip_string(b, pos + 1)?;
        // `"key": value` and `"key":value` are the common shapes: no whitespace loop for them.
        pos = match b.get(pos..pos + 2)? {
            [b':', b' '] => pos + 2,
            [b':', _] => pos + 1,
            _ => {
                pos = skip_ws(b, pos);
                if *b.get(pos)? != b':' {
                    return None;
                }
                pos + 1
            }
        };
        pos = skip_ws(b, pos);
        // Numbers (the rates) are the common member value: no detour through the dispatch.
        pos = match *b.get(pos)? {
            b'-' | b'0'..=b'9' => skip_number(b, pos)?,
            _ => skip_value(b, pos, depth)?,
        };
        pos = skip_ws(b, pos);
        match *b.get(pos)? {
            b',' => pos = skip_ws(b, pos + 1),
            b'}' => return Some(pos + 1),
            _ => return None,
        }
    }
}

fn skip_list(b: &[u8], pos: usize, depth: usize) -> Option<usize> {
    if depth >= MAX_DEPTH {
        return None;
    }
    let mut pos = skip_ws(b, pos);
    if *b.get(pos)? == b']' {
        return Some(pos + 1);
    }
    loop {
        pos = skip_ws(b, skip_value(b, pos, depth)?);
        match *b.get(pos)? {
            b',' => pos += 1,
            b']' => return Some(pos + 1),
            _ => return None,
        }
    }
}

/// From just after the opening quote to just after the closing one.
#[inline(always)]
fn skip_string(b: &[u8], mut pos: usize) -> Option<usize> {
    loop {
        pos = super::words::skip_plain_words(b, pos, None);
        while let Some(&c) = b.get(pos) {
            if CLASS[usize::from(c)] & STOP != 0 {
                break;
            }
            pos += 1;
        }
        match *b.get(pos)? {
            b'"' => return Some(pos + 1),
            b'\\' => {
                // Text in another script, escaped, is a run of escapes: no plain scan between.
                pos = skip_escape(b, pos + 1)?;
                while b.get(pos) == Some(&b'\\') {
                    pos = skip_escape(b, pos + 1)?;
                }
            }
            _ => return None,
        }
    }
}

/// An escape, from just after its `\`. A `\u` surrogate must be a high one followed by a low one,
/// as the full parser requires; anything else goes to it for the error.
fn skip_escape(b: &[u8], pos: usize) -> Option<usize> {
    match *b.get(pos)? {
        b'u' => match hex4(b, pos + 1)? {
            0xD800..=0xDBFF => {
                if b.get(pos + 5..pos + 7)? != b"\\u" {
                    return None;
                }
                matches!(hex4(b, pos + 7)?, 0xDC00..=0xDFFF).then_some(pos + 11)
            }
            0xDC00..=0xDFFF => None,
            _ => Some(pos + 5),
        },
        letter => simple_escape(letter).map(|_| pos + 1),
    }
}

/// Four hex digits at `pos`, as a UTF-16 unit.
fn hex4(b: &[u8], pos: usize) -> Option<u32> {
    hex_unit(b.get(pos..pos + 4)?)
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
#[inline(always)]
fn skip_number(b: &[u8], mut pos: usize) -> Option<usize> {
    if b[pos] == b'-' {
        pos += 1;
    }
    match b.get(pos) {
        // The full parser refuses `01`: a digit right after a leading zero.
        Some(b'0') if !b.get(pos + 1).is_some_and(u8::is_ascii_digit) => pos += 1,
        Some(b'1'..=b'9') => pos = digits(b, pos + 1),
        _ => return None,
    }
    if b.get(pos) == Some(&b'.') {
        pos = at_least_one_digit(b, pos + 1)?;
    }
    if let Some(b'e' | b'E') = b.get(pos) {
        pos += 1;
        if let Some(b'+' | b'-') = b.get(pos) {
            pos += 1;
        }
        pos = at_least_one_digit(b, pos)?;
    }
    Some(pos)
}

fn digits(b: &[u8], mut pos: usize) -> usize {
    // Eight bytes at a time: a byte is a digit when its high nibble is 3 and adding 6 to it
    // leaves that nibble alone. A carry out of a non-digit byte only reaches the bytes after it.
    const NIBBLES: u64 = 0xf0f0_f0f0_f0f0_f0f0;
    const THREES: u64 = 0x3030_3030_3030_3030;
    const SIXES: u64 = 0x0606_0606_0606_0606;
    while let Some(chunk) = b.get(pos..pos + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let not_digits = ((x & NIBBLES) ^ THREES) | ((x.wrapping_add(SIXES) & NIBBLES) ^ THREES);
        if not_digits != 0 {
            return pos + (not_digits.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while let Some(c) = b.get(pos) {
        if !c.is_ascii_digit() {
            break;
        }
        pos += 1;
    }
    pos
}

fn at_least_one_digit(b: &[u8], pos: usize) -> Option<usize> {
    let end = digits(b, pos);
    (end > pos).then_some(end)
}

fn literal(b: &[u8], pos: usize, word: &[u8]) -> Option<usize> {
    b[pos..].starts_with(word).then_some(pos + word.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Agreement with the full parser is tested beside it (decode.rs), which imports this file.
    #[test]
    fn checks_escapes_digits_and_depth_itself() {
        // Escapes, surrogate pairs included, are checked here: no fallback for them.
        for escaped in [r#""a\u00e9\/\"\\b\n""#, r#""\ud83d\ude00 \uDBFF\uDFFF""#] {
            assert_eq!(skip_value(escaped.as_bytes(), 0, 0), Some(escaped.len()));
        }
        // Runs of escapes, wherever they fall against the eight-byte plain scan: a valid run is
        // taken whole, and an irregular escape anywhere in it leaves the string to the parser.
        for lead in 0..17 {
            let plain = "a".repeat(lead);
            let valid = format!(r#""{plain}\u00e9\u00E9\ud83d\uDE00\n\u0041\/\uffff b""#);
            assert_eq!(
                skip_value(valid.as_bytes(), 0, 0),
                Some(valid.len()),
                "{valid}"
            );
            for irregular in [
                r"\u00e9\u00g9",
                r"\u00e9\u00e",
                r"\u00e9\ud800",
                r"\u00e9\ude00\u0041",
                r"\u00e9\ud83d\ud83d\ude00",
                r"\u00e9\ud83d\n",
                r"\u00e9\x",
            ] {
                let json = format!("\"{plain}{irregular}\"");
                assert_eq!(skip_value(json.as_bytes(), 0, 0), None, "{json}");
            }
        }
        // Digit runs read eight bytes at a time end at the first non-digit, wherever it falls.
        for len in 1..20 {
            for stop in [b'.', b'/', b':', b' ', b'e', 0xff, b'0' - 1, b'9' + 1] {
                let mut number = "7".repeat(len).into_bytes();
                number.extend_from_slice(&[stop, b'9', b'1', 0xff, 0xfa]);
                assert_eq!(digits(&number, 0), len, "{number:?}");
            }
        }
        // Whitespace runs of every length and mix end at the first other byte, wherever it falls.
        for len in 0..40 {
            for lead in ["", "\n", "\r\n", "\t"] {
                for tail in ["", "\t ", "\n  "] {
                    let ws = format!("{lead}{}{tail}", " ".repeat(len));
                    for end in ["x", "", "\u{a0}"] {
                        let text = format!("{ws}{end}");
                        assert_eq!(skip_ws(text.as_bytes(), 0), ws.len(), "{text:?}");
                    }
                }
            }
        }
        let deep = format!("{}{}", "[".repeat(512), "]".repeat(512));
        assert_eq!(skip_value(deep.as_bytes(), 0, 0), None);
        let ok = format!("{}{}", "[".repeat(511), "]".repeat(511));
        assert_eq!(skip_value(ok.as_bytes(), 0, 0), Some(ok.len()));
    }
}
