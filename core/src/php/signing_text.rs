//! The request signing string built without a value tree: each top-level member's key and its
//! value's `(string)` form are written once into a buffer on the stack, then the members are put
//! in `ksort` order, joined by `:` and hashed. Whoever walks the data (a JSON text, an `Array`, a
//! binding's own values) writes into it; an ordinary request allocates nothing.

use super::float::to_php_string;
use super::ksort::{compare_keys, zend_sort, KeyRef, Numeric, SortKey};
use super::value::{canonical_int, Value};

/// Bytes kept on the stack before the buffer moves to the heap: keys and values of an ordinary
/// request take about 300.
const INLINE_BYTES: usize = 1024;
/// Members kept on the stack before they move to the heap.
const INLINE_MEMBERS: usize = 32;

/// A byte buffer on the stack that moves to the heap when it outgrows it. Offsets stay valid.
pub(crate) struct Buf {
    inline: [u8; INLINE_BYTES],
    len: usize,
    heap: Vec<u8>,
}

impl Buf {
    pub(crate) fn new() -> Buf {
        Buf {
            inline: [0; INLINE_BYTES],
            len: 0,
            heap: Vec::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        if self.heap.is_empty() {
            self.len
        } else {
            self.heap.len()
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        if self.heap.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.heap
        }
    }

    #[inline]
    pub(crate) fn push_bytes(&mut self, bytes: &[u8]) {
        if self.heap.is_empty() && self.len + bytes.len() <= INLINE_BYTES {
            self.inline[self.len..self.len + bytes.len()].copy_from_slice(bytes);
            self.len += bytes.len();
        } else {
            self.spill().extend_from_slice(bytes);
        }
    }

    #[inline]
    pub(crate) fn push_str(&mut self, s: &str) {
        self.push_bytes(s.as_bytes());
    }

    #[cold]
    fn spill(&mut self) -> &mut Vec<u8> {
        if self.heap.is_empty() {
            self.heap.reserve(2 * INLINE_BYTES);
            self.heap.extend_from_slice(&self.inline[..self.len]);
        }
        &mut self.heap
    }

    /// Drops what was written past `len` (a value being replaced by a failed reader).
    pub(crate) fn truncate(&mut self, len: usize) {
        if self.heap.is_empty() {
            self.len = self.len.min(len);
        } else {
            self.heap.truncate(len);
        }
    }
}

/// One top-level member: where its key and value were written, and its key's sort data.
#[derive(Clone, Copy)]
struct Member {
    /// `Some` for an integer key (including strings PHP makes integers, such as `"10"`).
    int_key: Option<i64>,
    key: (u32, u32),
    numeric: Option<Numeric>,
    value: (u32, u32),
    /// Position of the key's first appearance: `ksort` is stable.
    position: u32,
}

const NO_MEMBER: Member = Member {
    int_key: None,
    key: (0, 0),
    numeric: None,
    value: (0, 0),
    position: 0,
};

/// The members of the data being signed, and the text their keys and values were written to.
pub(crate) struct SigningText {
    text: Buf,
    inline: [Member; INLINE_MEMBERS],
    count: usize,
    heap: Vec<Member>,
    /// One bit per key hash seen: a repeated key is looked for only when its bit is set.
    seen: u64,
    /// The member being written: its key, from `begin`, and where its value starts.
    open: Member,
}

impl SigningText {
    pub(crate) fn new() -> SigningText {
        SigningText {
            text: Buf::new(),
            inline: [NO_MEMBER; INLINE_MEMBERS],
            count: 0,
            heap: Vec::new(),
            seen: 0,
            open: NO_MEMBER,
        }
    }

    fn members(&self) -> &[Member] {
        if self.heap.is_empty() {
            &self.inline[..self.count]
        } else {
            &self.heap
        }
    }

    fn members_mut(&mut self) -> &mut [Member] {
        if self.heap.is_empty() {
            &mut self.inline[..self.count]
        } else {
            &mut self.heap
        }
    }

    /// Starts a top-level member with a string key, read as PHP reads array keys (`"10"` is the
    /// integer 10). Its value is written next (`out` and the `write_*` functions), then `end`.
    pub(crate) fn begin_str(&mut self, key: &str) {
        match canonical_int(key) {
            Some(i) => self.begin_int(i),
            None => {
                let start = self.text.len() as u32;
                self.text.push_str(key);
                let numeric = Numeric::of_key(KeyRef::Str(key));
                self.open_member(None, (start, self.text.len() as u32), numeric);
            }
        }
    }

    /// Starts a top-level member with an integer key.
    pub(crate) fn begin_int(&mut self, key: i64) {
        let at = self.text.len() as u32;
        self.open_member(Some(key), (at, at), None);
    }

    fn open_member(&mut self, int_key: Option<i64>, key: (u32, u32), numeric: Option<Numeric>) {
        let at = self.text.len() as u32;
        self.open = Member {
            int_key,
            key,
            numeric,
            value: (at, at),
            position: 0,
        };
    }

    /// Where the open member's value is written.
    #[inline]
    pub(crate) fn out(&mut self) -> &mut Buf {
        &mut self.text
    }

    /// Ends the open member. A key met before keeps its first position and takes this value.
    pub(crate) fn end(&mut self) {
        let mut member = self.open;
        member.value.1 = self.text.len() as u32;
        let bit = 1u64 << (self.key_hash(&member) & 63);
        if self.seen & bit != 0 {
            if let Some(i) = self.find(&member) {
                self.members_mut()[i].value = member.value;
                return;
            }
        }
        self.seen |= bit;
        member.position = self.count as u32;
        if self.count < INLINE_MEMBERS {
            self.inline[self.count] = member;
        } else {
            if self.heap.is_empty() {
                self.heap.extend_from_slice(&self.inline);
            }
            self.heap.push(member);
        }
        self.count += 1;
    }

    fn key_hash(&self, m: &Member) -> u32 {
        match m.int_key {
            Some(i) => i as u32,
            None => {
                let k = key_text(&self.text, m).as_bytes();
                let ends = k.first().map_or(0, |&b| u32::from(b))
                    ^ k.last().map_or(0, |&b| u32::from(b) << 2);
                (k.len() as u32).wrapping_mul(7) ^ ends ^ 0x20
            }
        }
    }

    fn find(&self, m: &Member) -> Option<usize> {
        let key = key_of(&self.text, m);
        self.members()
            .iter()
            .position(|other| key_of(&self.text, other) == key)
    }

    /// The signing string's md5 as 32 hex digits: values in `ksort` order joined by `:`, a
    /// top-level `signature` key left out.
    pub(crate) fn md5_hex(mut self) -> [u8; 32] {
        let mut joined = Buf::new();
        self.join(&mut joined);
        crate::digest::md5_hex(joined.as_bytes())
    }

    /// The signing string itself.
    pub(crate) fn into_string(mut self) -> String {
        let mut joined = Buf::new();
        self.join(&mut joined);
        // Every value was written from UTF-8 text, whole.
        String::from_utf8_lossy(joined.as_bytes()).into_owned()
    }

    fn join(&mut self, out: &mut Buf) {
        self.sort();
        let text = self.text.as_bytes();
        let mut first = true;
        for m in self.members() {
            if m.int_key.is_none() && &text[m.key.0 as usize..m.key.1 as usize] == b"signature" {
                continue;
            }
            if !first {
                out.push_bytes(b":");
            }
            first = false;
            out.push_bytes(&text[m.value.0 as usize..m.value.1 as usize]);
        }
    }

    /// `ksort`: PHP's key comparison and sort steps, ties by first position.
    fn sort(&mut self) {
        let text = &self.text;
        let members: &mut [Member] = if self.heap.is_empty() {
            &mut self.inline[..self.count]
        } else {
            &mut self.heap
        };
        let sort_key = |m: &Member| SortKey::with_numeric(key_of(text, m), m.numeric);
        let cmp = |a: &Member, b: &Member| match compare_keys(&sort_key(a), &sort_key(b)) {
            0 => a.position.cmp(&b.position) as i32,
            c => c,
        };
        zend_sort(members, &cmp);
    }
}

fn key_text<'t>(text: &'t Buf, m: &Member) -> &'t str {
    let bytes = &text.as_bytes()[m.key.0 as usize..m.key.1 as usize];
    // Keys are written from `&str` whole, so this never fails.
    std::str::from_utf8(bytes).unwrap_or_default()
}

fn key_of<'t>(text: &'t Buf, m: &Member) -> KeyRef<'t> {
    match m.int_key {
        Some(i) => KeyRef::Int(i),
        None => KeyRef::Str(key_text(text, m)),
    }
}

/// PHP's `(string)` of an integer.
#[inline]
pub(crate) fn write_int(out: &mut Buf, i: i64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = i.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        out.push_bytes(b"-");
    }
    out.push_bytes(&digits[at..]);
}

/// PHP's `(string)` of a float under `precision=14`.
pub(crate) fn write_float(out: &mut Buf, f: f64) {
    // Rust prints the shortest digits that read back as `f`, never with an exponent. When those
    // are 14 digits or fewer, rounding `f` to 14 digits gives the same ones, so PHP prints them
    // too, laid out as `write_decimal` does.
    let mut shortest = StackText::default();
    if std::fmt::Write::write_fmt(&mut shortest, format_args!("{f}")).is_ok()
        && write_decimal(out, shortest.as_str())
    {
        return;
    }
    out.push_str(&to_php_string(f));
}

/// Writes what PHP's `(string)` prints for the float that `text` (`-?D+(.D+)?`, no exponent)
/// reads as, when that is the text itself with its zeros trimmed: at most 14 significant digits,
/// and the decimal point where PHP prints no exponent. Returns false, writing nothing, otherwise.
pub(crate) fn write_decimal(out: &mut Buf, text: &str) -> bool {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (unsigned.contains('.') && frac.is_empty())
    {
        return false;
    }
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let significant = if int.is_empty() {
        let leading = frac.len() - frac.trim_start_matches('0').len();
        // 0.000D prints as it is, 0.0000D as D.0E-5.
        if leading > 3 {
            return false;
        }
        frac.len() - leading
    } else {
        int.len() + frac.len()
    };
    if significant == 0 {
        return write_zero(out, negative);
    }
    // 14 digits before the point is the last layout without an exponent.
    if significant > 14 || int.len() > 14 {
        return false;
    }
    if negative {
        out.push_bytes(b"-");
    }
    out.push_str(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        out.push_bytes(b".");
        out.push_str(frac);
    }
    true
}

fn write_zero(out: &mut Buf, negative: bool) -> bool {
    out.push_bytes(if negative { b"-0" } else { b"0" });
    true
}

/// PHP's `(string)` of a value; an array is imploded with `:` as `multiImplode` does.
pub(crate) fn write_value(out: &mut Buf, value: &Value) {
    match value {
        Value::Null | Value::Bool(false) => {}
        Value::Bool(true) => out.push_bytes(b"1"),
        Value::Int(i) => write_int(out, *i),
        Value::Float(f) => write_float(out, *f),
        Value::Str(s) => out.push_str(s),
        Value::Array(a) => {
            for (i, v) in a.values().enumerate() {
                if i > 0 {
                    out.push_bytes(b":");
                }
                write_value(out, v);
            }
        }
    }
}

/// A short text on the stack; writing past its end fails.
struct StackText {
    bytes: [u8; 40],
    len: usize,
}

impl Default for StackText {
    fn default() -> StackText {
        StackText {
            bytes: [0; 40],
            len: 0,
        }
    }
}

impl StackText {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        if end > self.bytes.len() {
            return Err(std::fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php::implode::to_php_string_with;

    fn php_string(v: &Value) -> String {
        let mut want = String::new();
        to_php_string_with(v, ":", &mut want);
        want
    }

    fn written(v: &Value) -> String {
        let mut out = Buf::new();
        write_value(&mut out, v);
        String::from_utf8(out.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn floats_print_as_php_prints_them() {
        let mut cases = vec![
            0.0,
            -0.0,
            1.0,
            0.1,
            0.1 + 0.2,
            1500.25,
            1500.5,
            -2.5,
            1e13,
            1e14,
            1e15,
            1e-4,
            1e-5,
            1.5e-4,
            0.00013153,
            12345678901234.0,
            1234567890123.4,
            123456789012345.0,
            12345678901234.5,
            99999999999999.99,
            1e300,
            5e-324,
            100000000000005.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.30000000000000004,
            2.0f64.powi(53),
        ];
        // Two-decimal amounts and a spread of magnitudes.
        let mut x = 0.37f64;
        for i in 0..20000 {
            x = (x * 7.919 + 0.123).fract();
            cases.push(((x * 1e7).round()) / 100.0);
            cases.push(x * 10f64.powi(i % 40 - 20));
        }
        for f in cases {
            assert_eq!(written(&Value::Float(f)), to_php_string(f), "{f:e}");
        }
    }

    #[test]
    fn decimals_that_need_php_rounding_are_declined() {
        let mut out = Buf::new();
        for text in [
            "0.123456789012345",
            "123456789012345.0",
            "0.00001",
            "1.",
            ".5",
            "1e5",
            "",
        ] {
            assert!(!write_decimal(&mut out, text), "{text}");
        }
        assert_eq!(out.len(), 0);
        for (text, want) in [
            ("0.00000", "0"),
            ("-0.0", "-0"),
            ("1500.50", "1500.5"),
            ("0.0001", "0.0001"),
        ] {
            let mut out = Buf::new();
            assert!(write_decimal(&mut out, text), "{text}");
            assert_eq!(out.as_bytes(), want.as_bytes());
        }
    }

    #[test]
    fn scalars_and_nested_arrays_print_as_multi_implode() {
        let v = crate::php::decode(
            r#"[null,true,false,-9223372036854775808,0,"é",[1,[2,[]],{"a":3}],1e-5]"#,
        )
        .unwrap();
        for item in v.as_array().unwrap().values() {
            assert_eq!(written(item), php_string(item));
        }
    }

    #[test]
    fn repeated_keys_keep_first_position_and_last_value() {
        let mut t = SigningText::new();
        for (k, v) in [("b", "1"), ("10", "2"), ("a", "3"), ("b", "4")] {
            t.begin_str(k);
            t.out().push_str(v);
            t.end();
        }
        t.begin_int(10);
        t.out().push_str("5");
        t.end();
        assert_eq!(t.into_string(), "5:3:4");
    }

    #[test]
    fn many_members_and_long_values_move_to_the_heap() {
        let mut t = SigningText::new();
        let long = "x".repeat(3000);
        for i in (0..100).rev() {
            t.begin_str(&format!("k{i:03}"));
            t.out().push_str(&long[..i * 30]);
            t.end();
        }
        let want: Vec<&str> = (0..100).map(|i| &long[..i * 30]).collect();
        assert_eq!(t.into_string(), want.join(":"));
    }
}
