//! `json_encode(json_decode($text))` written straight from the text, without building the value:
//! what postback verification hashes. Tokens are read by the decoder and written by the encoder,
//! so this path cannot drift from theirs, and it reports the same errors at the same offsets. The
//! first pass copies the text itself wherever the encoder would write it unchanged (plain strings,
//! integers, literals, structure less whitespace), in runs rather than token by token.
//!
//! Two kinds of pass, neither of which builds the value. [`Parser::reencode`] checks the text as
//! the decoder does and writes it as if no object repeated a key, noting the objects that do;
//! for every real postback that is the answer. Otherwise [`rewrite`] writes the text again with
//! those objects as PHP holds them: each key once, at its first position, with its last value.
//! So a forged body costs memory for its keys at most, never for a tree of its values, and what
//! is written can go straight into a hash.
//!
//! A short list (a real postback's) is read once all the same: the first pass also marks where
//! its items and their wanted members are, and [`capture_marked`] hands them over on a match.
//!
//! Offsets are kept as `u32`: the texts are postback bodies, capped far below 4 GiB.

use std::borrow::Cow;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::ops::Range;

use super::decode::{Parser, Result};
use super::encode::{write_string, write_value, Out};
use super::skip::skip_ws;
use super::value::Value;
use super::words::skip_plain_words;

/// What the caller also wants decoded while the text is re-encoded: some members of the objects
/// directly inside the top-level list or object (a postback's documented entry fields).
pub(crate) trait Capture {
    /// The slot for `key`'s value, or `None` to leave it undecoded.
    fn slot(&self, key: &str) -> Option<usize>;
    fn put(&mut self, slot: usize, value: Value);
    /// One item is done; `text` is how the body wrote it.
    fn item(&mut self, text: &str);
}

/// What [`Parser::reencode`] found in a text that it checked.
#[derive(Debug, Default)]
pub(crate) struct Reencoded {
    /// The objects that repeat a key (or may: two of their keys hash alike), by offset.
    repeats: Vec<Repeat>,
    /// A number past double range was met, which PHP's encoder refuses.
    non_finite: bool,
    /// Where the top-level items and their wanted members are, for a short list.
    marks: Option<Marks>,
}

/// Where the first pass met the top-level items and the members of theirs that the capture wants,
/// for a list of at most [`MARKED_ITEMS`] items: once the signature matches, the capture gets
/// them without the list being read again.
#[derive(Debug, Default)]
struct Marks {
    /// Each item's text, as offsets.
    items: Vec<(u32, u32)>,
    /// The wanted members: (item, slot, value).
    members: Vec<(u32, u32, Marked)>,
}

/// A wanted member's value, taken only on a match: a string as decoded on the way (it had to
/// be, to be written), or where its text is, the string's without its quotes when it had no
/// escapes.
#[derive(Debug)]
enum Marked {
    Decoded(String),
    Plain(u32, u32),
    At(u32),
}

/// Real postbacks have one to three entries, each with at most 16 wanted members.
const MARKED_ITEMS: usize = 32;
const MARKED_MEMBERS: usize = MARKED_ITEMS * 16;

#[derive(Clone, Copy, Debug)]
struct Repeat {
    /// The offset of the object's `{`.
    at: u32,
    members: u32,
}

impl Reencoded {
    /// Whether what was written is PHP's encoding: no object repeats a key, and no number is
    /// past double range. Otherwise [`rewrite`] tells.
    pub(crate) fn is_final(&self) -> bool {
        self.repeats.is_empty() && !self.non_finite
    }
}

impl<'a> Parser<'a> {
    /// Checks the next value as the decoder does and writes it as PHP re-encodes it, as if no
    /// object repeated a key; the answer says whether that held. With `wanted`, it also marks
    /// where the items of a short list are, and where their members whose keys `wanted` has a
    /// slot for start (see [`capture_marked`]).
    pub(crate) fn reencode<O: Out + ?Sized>(
        &mut self,
        out: &mut O,
        wanted: Option<&dyn Capture>,
    ) -> Result<Reencoded> {
        let mut first = FirstPass {
            out,
            text: self.text(),
            kept: self.offset(),
            read: self.offset(),
            keys: Vec::with_capacity(64),
            wanted,
            found: Reencoded {
                // Room for a real postback's: three entries with their wanted members.
                marks: wanted.map(|_| Marks {
                    items: Vec::with_capacity(4),
                    members: Vec::with_capacity(48),
                }),
                ..Reencoded::default()
            },
        };
        if wanted.is_some() {
            first.items(self)?;
        } else {
            first.value(self)?;
        }
        first.finish(self.offset());
        let mut found = first.found;
        found.repeats.sort_unstable_by_key(|r| r.at);
        Ok(found)
    }
}

/// Tells `capture` about the items of `text` as [`rewrite`] would, decoding only the members
/// that [`Parser::reencode`] marked, for a first pass that was final. `Ok(false)`: the list was
/// too long to be marked; [`rewrite`] it instead.
pub(crate) fn capture_marked(
    text: &str,
    found: &mut Reencoded,
    capture: &mut dyn Capture,
) -> Result<bool> {
    if !found.is_final() {
        return Ok(false);
    }
    let Some(marks) = found.marks.take() else {
        return Ok(false);
    };
    let mut p = Parser::new(text);
    let mut members = marks.members.into_iter().peekable();
    for (i, &(start, end)) in marks.items.iter().enumerate() {
        while let Some((_, slot, marked)) = members.next_if(|m| m.0 as usize == i) {
            let value = match marked {
                Marked::Decoded(s) => Value::Str(s),
                Marked::Plain(from, to) => Value::from(p.slice(from as usize, to as usize)),
                Marked::At(at) => {
                    p.seek(at as usize);
                    p.value()?
                }
            };
            capture.put(slot as usize, value);
        }
        capture.item(p.slice(start as usize, end as usize));
    }
    Ok(true)
}

/// Writes the value at `at` in `text`, which [`Parser::reencode`] checked and described in
/// `found`, exactly as PHP re-encodes it, and tells `capture` (when given) about its items.
/// `Ok(false)`: PHP's encoder refuses the value, which holds a number past double range.
pub(crate) fn rewrite<O: Out + ?Sized>(
    text: &str,
    at: usize,
    found: &Reencoded,
    out: &mut O,
    capture: Option<&mut dyn Capture>,
) -> Result<bool> {
    let mut p = Parser::new(text);
    p.seek(at);
    let mut w = Writer {
        repeats: &found.repeats,
        out,
        non_finite: false,
    };
    match capture {
        Some(capture) => w.items(&mut p, capture)?,
        None => w.value(&mut p)?,
    }
    Ok(!w.non_finite)
}

/// The first pass: the decoder's checks, the encoder's text, and the objects that repeat a key.
/// PHP writes most of a checked text as it is: less the whitespace between tokens, and with
/// escapes it would not write and floats written its way. So the text goes to `out` in runs as
/// long as that allows, not token by token.
struct FirstPass<'a, 'o, 'w, O: ?Sized> {
    out: &'o mut O,
    text: &'a str,
    /// The text from `kept` to `read` is PHP's too, and not yet written.
    kept: usize,
    read: usize,
    /// Hashes of the keys of the open objects not yet known to repeat one, innermost last.
    keys: Vec<u64>,
    /// Which members of the items to mark.
    wanted: Option<&'w dyn Capture>,
    found: Reencoded,
}

/// Up to this many keys an object's keys are compared one by one as they come; past it they are
/// sorted from time to time, so that a large object costs `n log n`, not `n²`.
const COMPARED_ONE_BY_ONE: usize = 16;

impl<'a, O: Out + ?Sized> FirstPass<'a, '_, '_, O> {
    /// The top-level value, marking its items.
    fn items(&mut self, p: &mut Parser<'a>) -> Result<()> {
        p.skip_ws();
        match p.peek() {
            Some(b'[') => p.list_items(|p| self.item(p)),
            Some(b'{') => self.object(p, &mut |w, p, _| w.item(p)),
            _ => self.value(p),
        }
    }

    fn item(&mut self, p: &mut Parser<'a>) -> Result<()> {
        p.skip_ws();
        let start = offset32(p.offset());
        if p.peek() == Some(b'{') {
            self.object(p, &mut |w, p, key| match w.wanted_slot(key) {
                Some(slot) => w.marked(p, slot),
                None => w.value(p),
            })?;
        } else {
            self.value(p)?;
        }
        let end = offset32(p.offset());
        if let Some(marks) = &mut self.found.marks {
            marks.items.push((start, end));
            if marks.items.len() > MARKED_ITEMS {
                self.found.marks = None;
            }
        }
        Ok(())
    }

    /// The capture's slot for a member of the current item, while the items are being marked.
    fn wanted_slot(&mut self, key: &str) -> Option<usize> {
        let slot = self.wanted?.slot(key)?;
        let marks = self.found.marks.as_ref()?;
        if marks.members.len() == MARKED_MEMBERS {
            self.found.marks = None;
            return None;
        }
        Some(slot)
    }

    /// A wanted member's value, marked for the capture: where it starts, or a string with
    /// escapes as decoded to be written.
    fn marked(&mut self, p: &mut Parser<'a>, slot: usize) -> Result<()> {
        p.skip_ws();
        let start = p.offset();
        let marked = if let Some(end) = plain_token(self.text.as_bytes(), start) {
            p.seek(end);
            self.keep(start..end);
            Marked::Plain(offset32(start + 1), offset32(end - 1))
        } else if p.peek() == Some(b'"') {
            let s = p.string()?;
            self.string(start..p.offset(), &s);
            match s {
                Cow::Owned(s) => Marked::Decoded(s),
                Cow::Borrowed(_) => Marked::Plain(offset32(start + 1), offset32(p.offset() - 1)),
            }
        } else {
            self.value(p)?;
            Marked::At(offset32(start))
        };
        if let Some(marks) = &mut self.found.marks {
            let item = marks.items.len() as u32;
            marks.members.push((item, slot as u32, marked));
        }
        Ok(())
    }

    fn value(&mut self, p: &mut Parser<'a>) -> Result<()> {
        p.skip_ws();
        match p.peek() {
            Some(b'{') => self.object(p, &mut |w, p, _| w.value(p)),
            Some(b'[') => p.list_items(|p| self.value(p)),
            Some(b'"') => {
                let start = p.offset();
                if let Some(end) = plain_token(self.text.as_bytes(), start) {
                    p.seek(end);
                    self.keep(start..end);
                    return Ok(());
                }
                let s = p.string()?;
                self.string(start..p.offset(), &s);
                Ok(())
            }
            _ => self.scalar(p),
        }
    }

    /// A string token, decoded as `s`: kept when it has no escape and nothing that PHP escapes
    /// (U+2028 and U+2029 start with E2).
    #[allow(clippy::ptr_arg)] // Whether the token is borrowed is the point.
    fn string(&mut self, token: Range<usize>, s: &Cow<'_, str>) {
        match s {
            Cow::Borrowed(t) if t.is_ascii() || !t.as_bytes().contains(&0xe2) => self.keep(token),
            s => self.replace(token, |out| write_string(out, s)),
        }
    }

    fn scalar(&mut self, p: &mut Parser<'a>) -> Result<()> {
        let start = p.offset();
        let value = p.scalar()?;
        let token = start..p.offset();
        match value {
            // An integer is written as the text has it, but for `-0`.
            Value::Int(i) if i != 0 || self.text.as_bytes()[start] != b'-' => self.keep(token),
            Value::Bool(_) | Value::Null => self.keep(token),
            value => {
                let mut finite = true;
                self.replace(token, |out| finite = write_value(out, &value).is_ok());
                self.found.non_finite |= !finite;
            }
        }
        Ok(())
    }

    /// An object: its keys are written and checked for repeats here, each value by `value`.
    fn object(&mut self, p: &mut Parser<'a>, value: &mut Each<'_, 'a, Self>) -> Result<()> {
        let at = offset32(p.offset());
        let base = self.keys.len();
        let mut members = 0u32;
        let mut repeats = false;
        p.object_members(|p, token, key| {
            members += 1;
            if !repeats && self.repeats_key(base, &key) {
                // Known now: its other keys need not be kept.
                repeats = true;
                self.keys.truncate(base);
            }
            self.string(token, &key);
            value(self, p, &key)
        })?;
        repeats = repeats || has_duplicates(&mut self.keys[base..]);
        self.keys.truncate(base);
        if repeats {
            self.found.repeats.push(Repeat { at, members });
        }
        Ok(())
    }

    /// Notes a key of the innermost open object, whose keys start at `base`: true when the
    /// object had it already (or a key that hashes alike).
    fn repeats_key(&mut self, base: usize, key: &str) -> bool {
        let hash = fnv1a(key);
        let seen = &mut self.keys[base..];
        if seen.len() < COMPARED_ONE_BY_ONE {
            if seen.contains(&hash) {
                return true;
            }
            self.keys.push(hash);
            return false;
        }
        self.keys.push(hash);
        let seen = &mut self.keys[base..];
        seen.len().is_power_of_two() && has_duplicates(seen)
    }

    /// A token at `token` that PHP writes as the text has it.
    fn keep(&mut self, token: Range<usize>) {
        self.structure(token.start);
        self.read = token.end;
    }

    /// A token at `token` that PHP writes otherwise: the text kept so far, then what `write`
    /// writes.
    fn replace(&mut self, token: Range<usize>, write: impl FnOnce(&mut O)) {
        self.structure(token.start);
        self.write_kept(token.start);
        write(self.out);
        self.kept = token.end;
        self.read = token.end;
    }

    /// The text from `read` to `to` is structure (brackets, commas, colons) and whitespace:
    /// kept, less the whitespace.
    fn structure(&mut self, to: usize) {
        let bytes = self.text.as_bytes();
        let mut i = self.read;
        while i < to {
            // Checked structure: any byte up to a space is whitespace.
            if bytes[i] <= b' ' {
                self.write_kept(i);
                i = skip_ws(bytes, i).min(to);
                self.kept = i;
            } else {
                i += 1;
            }
        }
        self.read = to;
    }

    fn write_kept(&mut self, to: usize) {
        if self.kept < to {
            self.out.push_str(&self.text[self.kept..to]);
        }
        self.kept = to;
    }

    /// The value ended at `end` (past its closing bracket): the rest of the text kept is written.
    fn finish(&mut self, end: usize) {
        self.structure(end);
        self.write_kept(end);
    }
}

/// The end (past the closing quote) of the string token at `at` when PHP writes it as it is:
/// no escape, no control character, no E2 (which U+2028 and U+2029 start with). `None` for
/// anything else, which the decoder reads.
fn plain_token(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = skip_plain_words(bytes, at + 1, Some(0xe2));
    loop {
        match *bytes.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' | 0x00..=0x1f | 0xe2 => return None,
            _ => i += 1,
        }
    }
}

/// Whether an object's key hashes hold one twice; those compared one by one were checked already.
fn has_duplicates(hashes: &mut [u64]) -> bool {
    if hashes.len() <= COMPARED_ONE_BY_ONE {
        return false;
    }
    hashes.sort_unstable();
    hashes.windows(2).any(|w| w[0] == w[1])
}

/// FNV-1a: cheap on short keys. Two keys hashing alike only send their object to [`rewrite`],
/// which compares the keys themselves.
fn fnv1a(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn offset32(offset: usize) -> u32 {
    u32::try_from(offset).expect("postback bodies are capped far below 4 GiB")
}

/// Writes a checked text exactly: objects that repeat a key from a table of their members.
struct Writer<'r, 'o, O: ?Sized> {
    /// By offset.
    repeats: &'r [Repeat],
    out: &'o mut O,
    non_finite: bool,
}

/// How a member's value, or a list's item, is written.
type Each<'f, 'a, W> = dyn FnMut(&mut W, &mut Parser<'a>, &str) -> Result<()> + 'f;

impl<'a, O: Out + ?Sized> Writer<'_, '_, O> {
    fn value(&mut self, p: &mut Parser<'a>) -> Result<()> {
        p.skip_ws();
        match p.peek() {
            Some(b'{') => self.object(p, &mut |w, p, _| w.value(p)),
            Some(b'[') => self.list(p, &mut |w, p, _| w.value(p)),
            Some(b'"') => {
                write_token(self.out, &p.string()?);
                Ok(())
            }
            _ => {
                let scalar = p.scalar()?;
                self.scalar(&scalar);
                Ok(())
            }
        }
    }

    fn scalar(&mut self, value: &Value) {
        if write_value(self.out, value).is_err() {
            self.non_finite = true;
        }
    }

    /// The top-level value, telling `capture` about each of its items.
    fn items(&mut self, p: &mut Parser<'a>, capture: &mut dyn Capture) -> Result<()> {
        let mut item = |w: &mut Self, p: &mut Parser<'a>, _: &str| {
            p.skip_ws();
            let start = p.offset();
            w.item(p, capture)?;
            capture.item(p.slice(start, p.offset()));
            Ok(())
        };
        p.skip_ws();
        match p.peek() {
            Some(b'[') => self.list(p, &mut item),
            Some(b'{') => self.object(p, &mut item),
            _ => self.value(p),
        }
    }

    /// An item of the top-level value: the captured members of an object are decoded on the way.
    fn item(&mut self, p: &mut Parser<'a>, capture: &mut dyn Capture) -> Result<()> {
        if p.peek() != Some(b'{') {
            return self.value(p);
        }
        self.object(p, &mut |w, p, key| {
            let Some(slot) = capture.slot(key) else {
                return w.value(p);
            };
            let value = p.value()?;
            w.scalar(&value);
            capture.put(slot, value);
            Ok(())
        })
    }

    fn list(&mut self, p: &mut Parser<'a>, item: &mut Each<'_, 'a, Self>) -> Result<()> {
        self.out.push('[');
        let mut first = true;
        p.list_items(|p| {
            if !std::mem::take(&mut first) {
                self.out.push(',');
            }
            item(self, p, "")
        })?;
        self.out.push(']');
        Ok(())
    }

    /// An object: each key is written here, each member's value by `value`.
    fn object(&mut self, p: &mut Parser<'a>, value: &mut Each<'_, 'a, Self>) -> Result<()> {
        let at = p.offset();
        self.out.push('{');
        let mut first = true;
        let mut member = |w: &mut Self, p: &mut Parser<'a>, key: &Cow<'a, str>| {
            if !std::mem::take(&mut first) {
                w.out.push(',');
            }
            write_token(w.out, key);
            w.out.push(':');
            value(w, p, key)
        };
        match self.repeats.binary_search_by_key(&offset32(at), |r| r.at) {
            Err(_) => p.object_entries(|p, key| member(self, p, &key))?,
            Ok(i) => {
                let members = distinct_members(p, self.repeats[i].members)?;
                let end = p.offset();
                for (first, last) in members {
                    let key = p.member_at(first as usize)?;
                    p.member_at(last as usize)?;
                    member(self, p, &key)?;
                }
                p.seek(end);
            }
        }
        self.out.push('}');
        Ok(())
    }
}

/// The members of the object at the cursor as PHP holds them: for each distinct key, the offsets
/// where it first and last occurs, in the order of first occurrences. Leaves the cursor past the
/// object. `count` is how many members it has, so the table takes 8 bytes a member, no more.
fn distinct_members(p: &mut Parser<'_>, count: u32) -> Result<Vec<(u32, u32)>> {
    // A hash keyed afresh each time: no body can be made to send all its keys into one bucket.
    let hasher = RandomState::new();
    distinct_members_by(p, count, |key| hasher.hash_one(key) as u32)
}

/// [`distinct_members`] with the hash that groups the keys.
fn distinct_members_by(
    p: &mut Parser<'_>,
    count: u32,
    hash: impl Fn(&str) -> u32,
) -> Result<Vec<(u32, u32)>> {
    let text = p.clone();
    let key_at = |offset: u32| {
        let mut q = text.clone();
        q.seek(offset as usize);
        q.string()
    };
    let mut members = Vec::with_capacity(count as usize);
    p.object_members(|p, at, key| {
        members.push((hash(&key), offset32(at.start)));
        p.skip_value()
    })?;
    // By hash, then offset; each run of equal hashes is then split by the keys themselves, and
    // each key becomes one (first, last) pair, written over the front of the table.
    members.sort_unstable();
    let mut kept = 0;
    let mut run = 0;
    while run < members.len() {
        let hash = members[run].0;
        let end = run + members[run..].iter().take_while(|m| m.0 == hash).count();
        while run < end {
            let key = key_at(members[run].1)?;
            let mut same = run + 1;
            for i in run + 1..end {
                if key_at(members[i].1)? == key {
                    members.swap(i, same);
                    same += 1;
                }
            }
            let offsets = members[run..same].iter().map(|m| m.1);
            let first = offsets.clone().min().unwrap_or(members[run].1);
            let last = offsets.max().unwrap_or(members[run].1);
            members[kept] = (first, last);
            kept += 1;
            run = same;
        }
    }
    members.truncate(kept);
    members.sort_unstable();
    Ok(members)
}

/// A decoded string token, written. Borrowed text had no escapes: the decoder refused control
/// characters and stopped at `"` and `\`, so only U+2028 and U+2029 (E2 80 A8/A9) can need one.
#[allow(clippy::ptr_arg)] // Whether the token is borrowed is the point.
fn write_token<O: Out + ?Sized>(out: &mut O, token: &Cow<'_, str>) {
    match token {
        Cow::Borrowed(s) if !s.as_bytes().contains(&0xe2) => {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        s => write_string(out, s),
    }
}

#[cfg(test)]
mod tests {
    use super::{capture_marked, distinct_members_by, rewrite, Capture, Reencoded, Repeat};
    use crate::php::decode::Parser;
    use crate::php::{decode, encode, Value};

    /// Captures `id` of every item, and the items' texts.
    #[derive(Default)]
    struct Ids {
        current: Option<Value>,
        items: Vec<(String, Option<Value>)>,
    }

    impl Capture for Ids {
        fn slot(&self, key: &str) -> Option<usize> {
            (key == "id").then_some(0)
        }
        fn put(&mut self, _: usize, value: Value) {
            self.current = Some(value);
        }
        fn item(&mut self, text: &str) {
            self.items.push((text.to_owned(), self.current.take()));
        }
    }

    /// Either re-encoding gives the decoder's and encoder's text, or both refuse alike. True when
    /// the first pass was the answer, false when the rewrite was needed.
    fn agrees(json: &str) -> bool {
        let mut out = String::new();
        let mut p = Parser::new(json);
        let first = p
            .reencode(&mut out, Some(&Ids::default()))
            .and_then(|found| {
                p.finish()?;
                Ok(found)
            });
        match (first, decode(json)) {
            (Ok(mut found), Ok(v)) => {
                let expected = encode(&v).ok();
                if found.is_final() {
                    assert_eq!(Some(&out), expected.as_ref(), "{json:?}");
                }
                agrees_again(json, &mut found, &v, expected.as_deref());
                found.is_final()
            }
            (Err(a), Err(b)) => {
                assert_eq!(a, b, "{json:?}");
                true
            }
            (fast, slow) => panic!("{json:?}: {fast:?} against {slow:?}"),
        }
    }

    /// The rewrite, with and without a capture, writes PHP's text and captures the decoded items;
    /// so does the capture from the first pass's marks, when it was final.
    fn agrees_again(json: &str, found: &mut Reencoded, v: &Value, expected: Option<&str>) {
        let mut plain = String::new();
        let finite = rewrite(json, 0, found, &mut plain, None).unwrap();
        assert_eq!(finite.then_some(plain.as_str()), expected, "{json:?}");
        let mut captured = String::new();
        let mut ids = Ids::default();
        let finite = rewrite(json, 0, found, &mut captured, Some(&mut ids)).unwrap();
        assert_eq!(finite.then_some(captured.as_str()), expected, "{json:?}");
        let mut marked = Ids::default();
        let had_marks = found.marks.is_some();
        if capture_marked(json, found, &mut marked).unwrap() {
            assert_eq!(marked.items, ids.items, "{json:?}");
        } else {
            assert!(!found.is_final() || !had_marks, "{json:?}");
        }
        let Value::Array(items) = v else { return };
        assert_eq!(ids.items.len(), items.len(), "{json:?}");
        for ((text, id), item) in ids.items.iter().zip(items.values()) {
            assert_eq!(&decode(text).unwrap(), item);
            let expected = match item {
                Value::Array(a) if text.starts_with('{') => a.get("id").cloned(),
                _ => None,
            };
            assert_eq!(id, &expected, "{json:?}");
        }
    }

    #[test]
    fn writes_what_decode_then_encode_writes() {
        for json in [
            r#" [ { "id" : 1.0, "a" : [ 1, -0, 1.0, -0.0, 1e25, 0.1, 123456789012345678901, true, null ], "b" : { } }, [], "x", {"id":{"k":[1]}} ] "#,
            r#"["a\/b \u00e9 \u2028 \u001f \n \" \\ \ud83d\ude00", "\u2028", "é"]"#,
            r#"{"0":{"id":"x"},"1":"y","10":{"01":[]}}"#,
            r#"[[], {}, [{}], {"a":{"b":{"c":[]}}}]"#,
            r#"{"a":1,"b":2,"A":3}"#,
            "\"\u{2028}\u{2029}\u{2027}\"",
            "17",
        ] {
            assert!(agrees(json), "{json}");
        }
    }

    #[test]
    fn errors_are_the_decoders() {
        for json in [
            "[1,]",
            "{\"a\":1,}",
            "[1}",
            "{\"a\":1]",
            "[{\"id\":\"\\ud800\"}]",
            "\"a\u{1}\"",
            "[01]",
            "{\"a\" 1}",
            "[\"abc",
            "tru",
            "[{\"a\":1,\"a\":2},1e400,]",
        ] {
            assert!(agrees(json), "{json}");
        }
        let deep = format!("{}{}", "[".repeat(512), "]".repeat(512));
        assert!(agrees(&deep));
    }

    #[test]
    fn repeated_keys_and_infinity_are_rewritten() {
        for json in [
            r#"{"a":1,"b":2,"a":3}"#,
            r#"[{"x":{"k":1,"k":2}}, 5]"#,
            r#"[{"id":1,"id":2}]"#,
            r#"{"k":"\u0061","k":1}"#,
            r#"[{"\u0061":1,"b":2,"a":{"c":1,"c":[3]}}]"#,
            r#"{"0":{"id":1},"1":2,"0":{"id":3,"id":4}}"#,
            r#"[{"a":{"b":0,"b":1},"a":{"c":0,"c":1}}]"#,
            "[1e400]",
            r#"[{"id":1e400}]"#,
            // The number past double range is replaced by a later value of its key: PHP encodes.
            r#"[{"id":1e400,"id":1}]"#,
            r#"[{"id":1,"id":1e400}]"#,
        ] {
            assert!(!agrees(json), "{json}");
        }
        // The same key in different objects is not a repeat.
        assert!(agrees(r#"[{"a":{"a":{"a":1}},"b":{"a":2}}]"#));
    }

    #[test]
    fn large_objects_find_a_repeat_wherever_it_is() {
        for keys in [15, 16, 17, 31, 32, 33, 100, 1000] {
            let members: Vec<String> = (0..keys).map(|i| format!("\"k{i}\":{i}")).collect();
            let distinct = format!("[{{{}}}]", members.join(","));
            assert!(agrees(&distinct), "{keys} distinct keys");
            for repeated in [0, keys / 2, keys - 1] {
                let with_repeat = format!("[{{{},\"k{repeated}\":\"again\"}}]", members.join(","));
                assert!(!agrees(&with_repeat), "{keys} keys, k{repeated} again");
            }
        }
    }

    #[test]
    fn an_object_only_suspected_of_a_repeat_is_written_as_it_is() {
        // Keys that hash alike without being equal send their object to the table.
        let json = r#"[{"b":1,"a":{"x":2,"y":3}}]"#;
        let suspected = |at: usize| Reencoded {
            repeats: vec![Repeat {
                at: at as u32,
                members: 2,
            }],
            ..Reencoded::default()
        };
        for at in [1, json.find("{\"x").unwrap()] {
            let mut out = String::new();
            assert!(rewrite(json, 0, &suspected(at), &mut out, None).unwrap());
            assert_eq!(out, encode(&decode(json).unwrap()).unwrap());
        }
    }

    #[test]
    fn keys_that_hash_alike_are_told_apart_by_their_text() {
        let json = r#"{"a":1,"b":2,"\u0061":3,"c":4,"b":5}"#;
        let mut p = Parser::new(json);
        let members = distinct_members_by(&mut p, 5, |_| 7).unwrap();
        assert_eq!(p.offset(), json.len());
        let key = |at: u32| &json[at as usize..at as usize + 3];
        let pairs: Vec<_> = members.iter().map(|&(f, l)| (key(f), key(l))).collect();
        assert_eq!(
            pairs,
            [("\"a\"", "\"\\u"), ("\"b\"", "\"b\""), ("\"c\"", "\"c\"")]
        );
        assert_eq!(members[1].1 as usize, json.rfind("\"b\"").unwrap());
    }
}
