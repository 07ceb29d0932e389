//! The request signing string built without a value tree: each top-level member's key and its
//! value's `(string)` form are written once into a buffer on the stack, then the members are put
//! in `ksort` order, joined by `:` and hashed. Whoever walks the data (a JSON text, an `Array`, a
//! binding's own values) writes into it; an ordinary request allocates nothing.

use super::float::to_php_string;
use super::ksort::{compare_keys, numeric_string, zend_sort, KeyRef, SortKey};
use super::lexical::decimal;
use super::value::{canonical_int, Value as PhpValue};

/// Bytes kept on the stack before the buffer moves to the heap: keys and values of an ordinary
/// request take about 300.
const INLINE_BYTES: usize = 1024;
/// Members kept on the stack before they move to the heap (requests have about ten).
const INLINE_MEMBERS: usize = 16;
const _: () = assert!(INLINE_MEMBERS <= 256, "inline positions are u8");
const _: () = assert!(
    std::mem::size_of::<Member>() == 64,
    "a member is four 16-byte words"
);

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
            copy_short(&mut self.inline[self.len..self.len + bytes.len()], bytes);
            self.len += bytes.len();
        } else {
            self.spill().extend_from_slice(bytes);
        }
    }

    #[inline]
    pub(crate) fn push_byte(&mut self, b: u8) {
        if self.heap.is_empty() && self.len < INLINE_BYTES {
            self.inline[self.len] = b;
            self.len += 1;
        } else {
            self.spill().push(b);
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

    /// Appends a copy of bytes already written.
    #[inline(always)]
    fn copy_within(&mut self, range: std::ops::Range<usize>) {
        let n = range.len();
        // Written bytes lie before `len`: room for the copy past `len` is room to read it.
        if n <= WIDE && self.heap.is_empty() && self.len + WIDE <= INLINE_BYTES {
            // A fixed copy that may run past the range: only its first `n` bytes are kept.
            self.inline
                .copy_within(range.start..range.start + WIDE, self.len);
            self.len += n;
        } else if self.heap.is_empty() && self.len + n <= INLINE_BYTES {
            let (written, free) = self.inline.split_at_mut(self.len);
            copy_short(&mut free[..n], &written[range]);
            self.len += n;
        } else {
            let heap = self.spill();
            heap.extend_from_within(range);
        }
    }
}

impl Buf {
    /// Appends `bytes`; when they lie within `source`, reads a whole [`WIDE`] bytes from there
    /// instead of their exact length, so that a short value costs one fixed copy and no branch
    /// on its length (the bytes past it are overwritten by what comes next, or left past the end).
    #[inline(always)]
    fn push_from(&mut self, source: &[u8], bytes: &[u8]) {
        // Where `bytes` starts within `source`, if it does (addresses only, nothing is read).
        let offset = (bytes.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
        let n = bytes.len();
        if n <= WIDE
            && source.len() >= WIDE
            && offset <= source.len() - WIDE
            && self.heap.is_empty()
            && self.len + WIDE <= INLINE_BYTES
        {
            // Both are borrowed views of the same bytes from `offset` on.
            self.inline[self.len..self.len + WIDE].copy_from_slice(&source[offset..offset + WIDE]);
            self.len += n;
        } else {
            self.push_bytes(bytes);
        }
    }
}

/// The fixed width of [`Buf::push_from`]'s copies: most keys and values of a request are shorter.
const WIDE: usize = 32;

/// `dst.copy_from_slice(src)` for slices of equal length, without a call for the short pieces
/// a request is made of: two overlapping word copies cover any length between one word and two.
#[inline(always)]
fn copy_short(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    if n > 32 || dst.len() != n {
        dst.copy_from_slice(src);
    } else if n >= 16 {
        dst[..16].copy_from_slice(&src[..16]);
        dst[n - 16..].copy_from_slice(&src[n - 16..]);
    } else if n >= 8 {
        dst[..8].copy_from_slice(&src[..8]);
        dst[n - 8..].copy_from_slice(&src[n - 8..]);
    } else if n >= 4 {
        dst[..4].copy_from_slice(&src[..4]);
        dst[n - 4..].copy_from_slice(&src[n - 4..]);
    } else {
        for (d, s) in dst.iter_mut().zip(src) {
            *d = *s;
        }
    }
}

/// A member's value as its writer gives it: text the data holds (signed as it is), or what was
/// written to [`SigningText::out`] since a [`SigningText::mark`].
#[derive(Clone, Copy)]
pub(crate) enum Value<'a> {
    Data(&'a [u8]),
    Since(usize),
}

/// The prefix of the key left out of the signature.
const SIGNATURE: u128 = u128::from_be_bytes(*b"signature\0\0\0\0\0\0\0");

/// The key's first sixteen bytes, big-endian, zero-padded (read as whole words: keys are short).
#[inline]
fn prefix(key: &[u8]) -> u128 {
    let n = key.len();
    let word = |at: usize| u64::from_be_bytes(key[at..at + 8].try_into().unwrap_or_default());
    if n >= 16 {
        return u128::from(word(0)) << 64 | u128::from(word(8));
    }
    if n > 8 {
        // The last eight bytes overlap the first eight: keep only the n - 8 past them.
        let tail = word(n - 8) << (8 * (16 - n));
        return u128::from(word(0)) << 64 | u128::from(tail);
    }
    let mut head = 0u64;
    for &b in key {
        head = head << 8 | u64::from(b);
    }
    // An empty key would shift by all 128 bits.
    (u128::from(head) << 64)
        .checked_shl(8 * (8 - n) as u32)
        .unwrap_or(0)
}

/// [`prefix`] of a key, read as one load from `source` when the key lies within it with
/// sixteen bytes to spare: no branch on the key's length.
#[inline]
fn prefix_in(source: &[u8], key: &[u8]) -> u128 {
    // Where `key` starts within `source`, if it does (addresses only, nothing is read).
    let offset = (key.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
    match source.get(offset..offset.wrapping_add(16)) {
        Some(word) if key.len() <= source.len() - offset => {
            let word = u128::from_be_bytes(word.try_into().unwrap_or_default());
            word & !past_key(key.len())
        }
        _ => prefix(key),
    }
}

/// The bytes of a sixteen-byte word past a key of `len` bytes: none when it is sixteen or longer
/// (looked up, not shifted: no length wraps a shift, and a 128-bit shift takes a dozen steps).
#[inline]
fn past_key(len: usize) -> u128 {
    PAST_KEY[len.min(16)]
}

const PAST_KEY: [u128; 17] = {
    let mut masks = [0u128; 17];
    let mut len = 0;
    while len < 16 {
        masks[len] = u128::MAX >> (8 * len);
        len += 1;
    }
    masks
};

/// Text a member's key or value is: borrowed from the data itself, or written to the buffer.
#[derive(Clone, Copy)]
enum Piece<'a> {
    Data(&'a [u8]),
    Written(u32, u32),
}

impl<'a> Piece<'a> {
    fn bytes<'t>(self, text: &'t Buf) -> &'t [u8]
    where
        'a: 't,
    {
        match self {
            Piece::Data(d) => d,
            Piece::Written(from, to) => &text.as_bytes()[from as usize..to as usize],
        }
    }
}

/// What a member's key is, for `ksort`.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// A string key compared byte-wise.
    Plain,
    /// A string key that may be numeric (`ksort` then compares it as PHP's numeric strings).
    Numeric,
    /// An integer key (including strings PHP makes integers, such as `"10"`), held in `prefix`.
    Int,
}

/// One top-level member: its key, its value's string form and its key's sort data (64 bytes).
#[derive(Clone, Copy)]
struct Member<'a> {
    key: Piece<'a>,
    value: Piece<'a>,
    /// A string key's first sixteen bytes, big-endian, zero-padded: two plain keys that differ
    /// there compare as these do. An integer key's bits, in the low half.
    prefix: u128,
    kind: Kind,
}

impl Member<'_> {
    fn int_key(&self) -> Option<i64> {
        (self.kind == Kind::Int).then_some(self.prefix as u64 as i64)
    }
}

/// An empty slot; every byte zero (empty pieces are `Written`, not a slice's dangling pointer),
/// so that a fresh [`SigningText`] is cleared in place rather than copied from a pattern.
const NO_MEMBER: Member<'static> = Member {
    key: Piece::Written(0, 0),
    value: Piece::Written(0, 0),
    prefix: 0,
    kind: Kind::Plain,
};

/// The members of the data being signed, and the text written for them. Keys and string values
/// the data holds are borrowed for `'a`, not copied.
pub(crate) struct SigningText<'a> {
    text: Buf,
    /// The text the borrowed values were read from, if one (a JSON text): values are copied
    /// from it [`WIDE`] bytes at a time.
    source: &'a [u8],
    inline: [Member<'a>; INLINE_MEMBERS],
    count: usize,
    heap: Vec<Member<'a>>,
    /// One bit per key hash seen: a repeated key is looked for only when its bit is set.
    seen: u64,
}

impl<'a> SigningText<'a> {
    pub(crate) fn new() -> SigningText<'a> {
        SigningText {
            text: Buf::new(),
            source: b"",
            inline: [NO_MEMBER; INLINE_MEMBERS],
            count: 0,
            heap: Vec::new(),
            seen: 0,
        }
    }

    fn members(&self) -> &[Member<'a>] {
        if self.heap.is_empty() {
            &self.inline[..self.count]
        } else {
            &self.heap
        }
    }

    fn members_mut(&mut self) -> &mut [Member<'a>] {
        if self.heap.is_empty() {
            &mut self.inline[..self.count]
        } else {
            &mut self.heap
        }
    }

    /// The text the values and keys added from now on are borrowed from (a JSON text).
    pub(crate) fn read_from(&mut self, source: &'a [u8]) {
        self.source = source;
    }

    /// Where the next value written to `out` starts (for [`Value::Since`]).
    #[inline]
    pub(crate) fn mark(&self) -> usize {
        self.text.len()
    }

    /// Where values are written.
    #[inline]
    pub(crate) fn out(&mut self) -> &mut Buf {
        &mut self.text
    }

    fn piece(&self, value: Value<'a>) -> Piece<'a> {
        match value {
            Value::Data(d) => Piece::Data(d),
            Value::Since(from) => Piece::Written(from as u32, self.text.len() as u32),
        }
    }

    /// Adds a top-level member whose string key the data holds, read as PHP reads array keys
    /// (`"10"` is the integer 10).
    #[inline]
    pub(crate) fn add_str(&mut self, key: &'a str, value: Value<'a>) {
        // Inlined whole into a loop over an array's entries or a binding's fields.
        self.add_key(key.as_bytes(), value);
    }

    /// [`SigningText::add_str`] for a key given as its UTF-8 bytes (a reader that knows them to
    /// be whole UTF-8 need not check).
    #[inline(never)]
    pub(crate) fn add_utf8(&mut self, key: &'a [u8], value: Value<'a>) {
        // A call from the JSON reader's loop, which takes fewer steps than with it inlined.
        self.add_key(key, value);
    }

    #[inline(always)]
    fn add_key(&mut self, key: &'a [u8], value: Value<'a>) {
        let value = self.piece(value);
        if starts_plain(key) {
            self.add_plain(Piece::Data(key), key, value);
        } else {
            // Its own function, called last: the common path saves no registers for a call.
            self.add_key_maybe_numeric(key, value);
        }
    }

    #[cold]
    #[inline(never)]
    fn add_key_maybe_numeric(&mut self, key: &'a [u8], value: Piece<'a>) {
        if !self.add_numeric(key, value) {
            self.add_plain(Piece::Data(key), key, value);
        }
    }

    /// [`SigningText::add_str`] for a key that does not live as long as the text: it is copied.
    pub(crate) fn add_str_copied(&mut self, key: &str, value: Value<'a>) {
        let value = self.piece(value);
        if !self.add_numeric(key.as_bytes(), value) {
            let key_piece = self.copy(key);
            self.add_plain(key_piece, key.as_bytes(), value);
        }
    }

    /// Adds a top-level member with an integer key.
    pub(crate) fn add_int(&mut self, key: i64, value: Value<'a>) {
        let value = self.piece(value);
        self.add(Member {
            prefix: u128::from(key as u64),
            kind: Kind::Int,
            value,
            ..NO_MEMBER
        });
    }

    fn copy(&mut self, text: &str) -> Piece<'a> {
        let start = self.text.len() as u32;
        self.text.push_str(text);
        Piece::Written(start, self.text.len() as u32)
    }

    /// Adds a key that is an integer or a numeric string (rare in requests); false when it is
    /// neither, for the caller to add as a plain string.
    #[inline]
    fn add_numeric(&mut self, key: &[u8], value: Piece<'a>) -> bool {
        // Numeric strings are ASCII: a key that is not UTF-8 is not one.
        !starts_plain(key)
            && std::str::from_utf8(key)
                .ok()
                .is_some_and(|key| self.add_numeric_slow(key, value))
    }

    #[cold]
    fn add_numeric_slow(&mut self, key: &str, value: Piece<'a>) -> bool {
        if let Some(i) = canonical_int(key) {
            self.add(Member {
                prefix: u128::from(i as u64),
                kind: Kind::Int,
                value,
                ..NO_MEMBER
            });
            return true;
        }
        if numeric_string(key).is_none() {
            return false;
        }
        let key_piece = self.copy(key);
        self.add(Member {
            key: key_piece,
            value,
            prefix: prefix(key.as_bytes()),
            kind: Kind::Numeric,
        });
        true
    }

    #[inline(always)]
    fn add_plain(&mut self, key: Piece<'a>, text: &[u8], value: Piece<'a>) {
        self.add(Member {
            key,
            value,
            prefix: prefix_in(self.source, text),
            kind: Kind::Plain,
        });
    }

    /// A key met before keeps its first position and takes the new value.
    #[inline(always)]
    fn add(&mut self, member: Member<'a>) {
        let bit = 1u64 << (self.key_hash(&member) & 63);
        if self.seen & bit != 0 || self.count >= INLINE_MEMBERS {
            return self.add_slow(member, bit);
        }
        // Written in place: the common path copies no member through memory.
        self.seen |= bit;
        self.inline[self.count] = member;
        self.count += 1;
    }

    #[cold]
    #[inline(never)]
    fn add_slow(&mut self, member: Member<'a>, bit: u64) {
        if self.seen & bit != 0 {
            if let Some(i) = self.find(&member) {
                self.members_mut()[i].value = member.value;
                return;
            }
        }
        self.seen |= bit;
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

    #[inline(always)]
    fn key_hash(&self, m: &Member) -> u32 {
        match m.int_key() {
            Some(i) => i as u32,
            // From the prefix alone, already in hand: keys alike in their first sixteen bytes
            // share a bit, and are then told apart by `find`.
            None => {
                let folded = (m.prefix >> 64) as u64 ^ m.prefix as u64;
                (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58) as u32
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
    pub(crate) fn md5_hex(&mut self) -> [u8; 32] {
        let start = self.join();
        crate::digest::md5_hex(&self.text.as_bytes()[start..])
    }

    /// The signing string itself.
    pub(crate) fn into_string(mut self) -> String {
        let start = self.join();
        // Every value was written from UTF-8 text, whole.
        String::from_utf8_lossy(&self.text.as_bytes()[start..]).into_owned()
    }

    /// Writes the signing string after everything written so far; returns where it starts.
    fn join(&mut self) -> usize {
        if self.heap.is_empty() {
            let mut order = [0u128; INLINE_MEMBERS];
            if let Some(n) = self.plain_order(&mut order) {
                let start = self.text.len();
                if self.join_on_stack(&order[..n]) {
                    return start;
                }
                for (k, &p) in order[..n].iter().enumerate() {
                    if k > 0 {
                        self.text.push_byte(b':');
                    }
                    self.push_value(self.inline[usize::from(p as u8)].value);
                }
                return start;
            }
        }
        let mut inline_order = [0u32; INLINE_MEMBERS];
        let mut heap_order = Vec::new();
        let order = if self.heap.is_empty() {
            let signed = (0..self.count).filter(|&i| self.signed(&self.inline[i]));
            let mut n = 0;
            for (slot, i) in inline_order.iter_mut().zip(signed) {
                *slot = i as u32;
                n += 1;
            }
            &mut inline_order[..n]
        } else {
            let signed = (0..self.heap.len()).filter(|&i| self.signed(&self.heap[i]));
            heap_order.extend(signed.map(|i| i as u32));
            &mut heap_order[..]
        };
        self.sort(order);
        let start = self.text.len();
        for (k, &i) in order.iter().enumerate() {
            if k > 0 {
                self.text.push_byte(b':');
            }
            self.push_value(self.members()[i as usize].value);
        }
        start
    }

    /// Writes the values of the members at `order` (positions in the low byte) joined by `:`,
    /// when they fit on the stack with room for [`WIDE`]-byte copies; false, having written
    /// nothing, when they do not. The buffer's length is kept in a register, not stored back
    /// after every piece as [`Buf::push_bytes`] must.
    #[inline]
    fn join_on_stack(&mut self, order: &[u128]) -> bool {
        let members = &self.inline[..self.count];
        // Each value and its `:`, and one fixed copy's reach past the last.
        let mut room = WIDE;
        for &p in order {
            match members.get(usize::from(p as u8)).map(|m| m.value) {
                Some(Piece::Data(d)) => room += d.len() + 1,
                Some(Piece::Written(from, to)) => room += to.saturating_sub(from) as usize + 1,
                None => return false,
            }
        }
        let buf = &mut self.text;
        if !buf.heap.is_empty() || room > INLINE_BYTES - buf.len.min(INLINE_BYTES) {
            return false;
        }
        let (source, out) = (self.source, &mut buf.inline);
        let mut len = buf.len;
        for &p in order {
            // Every copy below ends within `len + WIDE`, which the room counted.
            match members[usize::from(p as u8)].value {
                Piece::Data(d) => {
                    // Where `d` starts within `source`, if it does (addresses only).
                    let offset = (d.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
                    match source.get(offset..offset.wrapping_add(WIDE)) {
                        Some(wide) if d.len() <= WIDE => out[len..len + WIDE].copy_from_slice(wide),
                        _ => copy_short(&mut out[len..len + d.len()], d),
                    }
                    len += d.len();
                }
                Piece::Written(from, to) => {
                    // Written values lie before `len`.
                    let (from, n) = (from as usize, to.saturating_sub(from) as usize);
                    out.copy_within(from..from + n.max(WIDE), len);
                    len += n;
                }
            }
            out[len] = b':';
            len += 1;
        }
        // The last value's `:` is dropped.
        buf.len = len.saturating_sub(usize::from(!order.is_empty()));
        true
    }

    #[inline]
    fn push_value(&mut self, value: Piece<'a>) {
        match value {
            Piece::Data(d) => self.text.push_from(self.source, d),
            Piece::Written(from, to) => self.text.copy_within(from as usize..to as usize),
        }
    }

    /// Whether a member is signed: `signature` is dropped before `ksort`, as the formula does (on
    /// keys PHP compares in no consistent order, `10 < "5z" < 9 < 10`, the others' order
    /// depends on it).
    fn signed(&self, m: &Member) -> bool {
        m.kind == Kind::Int || m.prefix != SIGNATURE || m.key.bytes(&self.text) != b"signature"
    }

    /// The common case of `ksort`: members on the stack whose keys are neither integers nor
    /// numeric, all told apart by their first fifteen bytes. Such keys compare byte-wise, a total
    /// order, so sorting their prefixes is the whole of `ksort`. The signed members' positions
    /// in order (the low byte of each) in `sorted`, and their count.
    #[inline]
    fn plain_order(&self, sorted: &mut [u128; INLINE_MEMBERS]) -> Option<usize> {
        // Each member's prefix with its position in place of the sixteenth byte: one value to
        // move per step of an insertion sort (about ten keys), ordered as the first fifteen bytes.
        let mut n = 0;
        for (i, m) in self.inline[..self.count].iter().enumerate() {
            if m.kind != Kind::Plain {
                return None;
            }
            if self.signed(m) {
                let p = m.prefix & !0xff | i as u128;
                // The sorted ones and the free slot after them: one bounds check per member.
                let window = sorted.get_mut(..=n)?;
                let mut j = n;
                while j > 0 && window[j - 1] > p {
                    window[j] = window[j - 1];
                    j -= 1;
                }
                window[j] = p;
                n += 1;
            }
        }
        // Keys alike in their first fifteen bytes end up side by side: the full comparison
        // sorts those.
        let alike = sorted[..n].windows(2).any(|w| w[0] >> 8 == w[1] >> 8);
        (!alike).then_some(n)
    }

    /// `ksort` of the members' positions: PHP's key comparison and sort steps, ties by first
    /// position (members are kept in order of first appearance).
    fn sort(&self, order: &mut [u32]) {
        let text = &self.text;
        let members = self.members();
        let sort_key = |m: &Member<'a>| -> SortKey<'_> {
            let key = key_of(text, m);
            let numeric = match key {
                KeyRef::Str(s) if m.kind == Kind::Numeric => {
                    std::str::from_utf8(s).ok().and_then(numeric_string)
                }
                _ => None,
            };
            SortKey::with_numeric(key, numeric)
        };
        let cmp = |x: &u32, y: &u32| {
            let (i, j) = (*x as usize, *y as usize);
            let (a, b) = (&members[i], &members[j]);
            let plain = |m: &Member| m.kind == Kind::Plain;
            let c = if a.prefix != b.prefix && plain(a) && plain(b) {
                a.prefix.cmp(&b.prefix) as i32
            } else {
                compare_keys(&sort_key(a), &sort_key(b))
            };
            match c {
                0 => i.cmp(&j) as i32,
                c => c,
            }
        };
        zend_sort(order, &cmp);
    }
}

/// Whether a key starts as no numeric string does (those start with whitespace, a sign, a digit
/// or a point): then it is a plain string key.
#[inline(always)]
fn starts_plain(key: &[u8]) -> bool {
    // `b | 0x20` is a lowercase letter exactly when `b` is a letter of either case.
    key.first()
        .is_some_and(|&b| (b | 0x20).wrapping_sub(b'a') < 26 || b == b'_')
}

fn key_of<'t>(text: &'t Buf, m: &Member<'t>) -> KeyRef<'t> {
    match m.int_key() {
        Some(i) => KeyRef::Int(i),
        None => KeyRef::Str(m.key.bytes(text)),
    }
}

/// PHP's `(string)` of an integer.
#[inline]
pub(crate) fn write_int(out: &mut Buf, i: i64) {
    out.push_bytes(decimal(i, &mut [0u8; 20]));
}

/// PHP's `(string)` of a float under `precision=14`.
pub(crate) fn write_float(out: &mut Buf, f: f64) {
    // Amounts: a value that two decimals give back exactly is those decimals, zeros trimmed.
    if f.abs() < 1e12 {
        let cents = (f * 100.0).round();
        if cents / 100.0 == f {
            let cents = cents.abs() as u64;
            if f.is_sign_negative() {
                out.push_byte(b'-');
            }
            write_int(out, (cents / 100) as i64);
            let (tens, ones) = ((cents / 10 % 10) as u8, (cents % 10) as u8);
            if tens != 0 || ones != 0 {
                out.push_byte(b'.');
                out.push_byte(b'0' + tens);
                if ones != 0 {
                    out.push_byte(b'0' + ones);
                }
            }
            return;
        }
    }
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

/// What PHP's `(string)` prints for the float that `text` (`-?D+(.D+)?`, no exponent) reads as,
/// when that is the text itself with its zeros trimmed: at most 14 significant digits, and the
/// decimal point where PHP prints no exponent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Decimal<'t> {
    /// `-0` or `0`.
    Zero { negative: bool },
    /// The sign, the integer digits (empty for `0`) and the fraction digits, zeros trimmed.
    Digits {
        negative: bool,
        int: &'t str,
        frac: &'t str,
    },
}

impl<'t> Decimal<'t> {
    pub(crate) fn of(text: &'t str) -> Option<Decimal<'t>> {
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
            return None;
        }
        let int = int.trim_start_matches('0');
        let frac = frac.trim_end_matches('0');
        let significant = if int.is_empty() {
            let leading = frac.len() - frac.trim_start_matches('0').len();
            // 0.000D prints as it is, 0.0000D as D.0E-5.
            if leading > 3 {
                return None;
            }
            frac.len() - leading
        } else {
            int.len() + frac.len()
        };
        if significant == 0 {
            return Some(Decimal::Zero { negative });
        }
        // 14 digits before the point is the last layout without an exponent.
        if significant > 14 || int.len() > 14 {
            return None;
        }
        Some(Decimal::Digits {
            negative,
            int,
            frac,
        })
    }

    /// Whether PHP prints exactly `text`, the text this was read from.
    pub(crate) fn prints_as(self, text: &str) -> bool {
        match self {
            Decimal::Zero { negative } => text == if negative { "-0" } else { "0" },
            Decimal::Digits {
                negative,
                int,
                frac,
            } => {
                let printed = usize::from(negative)
                    + int.len().max(1)
                    + if frac.is_empty() { 0 } else { 1 + frac.len() };
                // The printed form is the text with zeros trimmed: equal lengths, equal texts.
                printed == text.len()
            }
        }
    }

    pub(crate) fn write(self, out: &mut Buf) {
        match self {
            Decimal::Zero { negative } => out.push_bytes(if negative { b"-0" } else { b"0" }),
            Decimal::Digits {
                negative,
                int,
                frac,
            } => {
                if negative {
                    out.push_byte(b'-');
                }
                out.push_str(if int.is_empty() { "0" } else { int });
                if !frac.is_empty() {
                    out.push_byte(b'.');
                    out.push_str(frac);
                }
            }
        }
    }
}

/// Writes [`Decimal::of`] the text; false, writing nothing, when PHP prints it otherwise.
pub(crate) fn write_decimal(out: &mut Buf, text: &str) -> bool {
    match Decimal::of(text) {
        Some(d) => {
            d.write(out);
            true
        }
        None => false,
    }
}

/// PHP's `(string)` of a value; an array is imploded with `:` as `multiImplode` does.
pub(crate) fn write_value(out: &mut Buf, value: &PhpValue) {
    match value {
        PhpValue::Null | PhpValue::Bool(false) => {}
        PhpValue::Bool(true) => out.push_byte(b'1'),
        PhpValue::Int(i) => write_int(out, *i),
        PhpValue::Float(f) => write_float(out, *f),
        PhpValue::Str(s) => out.push_str(s),
        PhpValue::Array(a) => {
            for (i, v) in a.values().enumerate() {
                if i > 0 {
                    out.push_byte(b':');
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
    use super::{past_key, starts_plain};

    #[test]
    fn plain_keys_start_with_a_letter_or_an_underscore() {
        for b in 0..=255u8 {
            let want = b.is_ascii_alphabetic() || b == b'_';
            assert_eq!(starts_plain(&[b, b'1']), want, "{b}");
        }
        assert!(!starts_plain(b""));
    }

    #[test]
    fn the_mask_past_a_key_is_empty_for_every_length_from_sixteen_on() {
        assert_eq!(past_key(0), u128::MAX);
        assert_eq!(past_key(15), 0xff);
        for len in 0..16 {
            assert_eq!(past_key(len), u128::MAX >> (8 * len), "{len}");
        }
        // 8 * len past u32 wrapped the shift to 8 once: a key of 2^29 + 1 bytes kept one byte.
        for len in [16, 17, 1 << 29, (1 << 29) + 1, 1 << 32, usize::MAX] {
            assert_eq!(past_key(len), 0, "{len}");
        }
    }

    use super::*;
    use crate::php::implode::to_php_string_with;
    use crate::php::Value;

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
            let from = t.mark();
            t.out().push_str(v);
            t.add_str(k, super::Value::Since(from));
        }
        t.add_int(10, super::Value::Data(b"5"));
        assert_eq!(t.into_string(), "5:3:4");
    }

    #[test]
    fn members_sort_as_ksort_sorts_them() {
        let keys = [
            "account_number",
            "account_name",
            "account_email",
            "a_long_common_prefix_x",
            "a_long_common_prefix_w",
            "a_long_common_prefix",
            // Alike in the first fifteen bytes, told apart by the sixteenth or by length.
            "account_number_1",
            "account_number_2",
            "account_number_",
            "amount",
            "10",
            "9",
            "1e1",
            " 5",
            "-3",
            "",
            "_",
            "Z",
            "zz",
            "01",
            "signature",
        ];
        // Many subsets and orders, each against the general path (decode, ksort, implode).
        let mut seed = 7u32;
        for round in 0..400 {
            let mut chosen = Vec::new();
            for k in keys {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                if (seed >> 16) % 3 != 0 || round % 50 == 0 {
                    chosen.push(k);
                }
            }
            let turn = round % chosen.len().max(1);
            chosen.rotate_left(turn);
            let json = format!(
                "{{{}}}",
                chosen
                    .iter()
                    .enumerate()
                    .map(|(i, k)| format!("\"{k}\":{i}"))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let Value::Array(array) = crate::php::decode(&json).unwrap() else {
                unreachable!()
            };
            let mut general = array.clone();
            general.remove("signature");
            crate::php::ksort::ksort(&mut general);
            let mut want = String::new();
            crate::php::implode::multi_implode(":", general.values(), &mut want);
            assert_eq!(crate::signing_string(&array), want, "{json}");
        }
    }

    #[test]
    fn prefixes_are_the_first_sixteen_bytes_zero_padded() {
        let text = b"abcdefghijklmnopqrstu";
        for n in 0..=text.len() {
            let mut want = [0u8; 16];
            let head = &text[..n.min(16)];
            want[..head.len()].copy_from_slice(head);
            assert_eq!(prefix(&text[..n]), u128::from_be_bytes(want), "{n}");
        }
    }

    #[test]
    fn many_members_and_long_values_move_to_the_heap() {
        let mut t = SigningText::new();
        let long = "x".repeat(3000);
        for i in (0..100).rev() {
            let from = t.mark();
            t.out().push_str(&long[..i * 30]);
            t.add_str_copied(&format!("k{i:03}"), super::Value::Since(from));
        }
        let want: Vec<&str> = (0..100).map(|i| &long[..i * 30]).collect();
        assert_eq!(t.into_string(), want.join(":"));
    }
}
