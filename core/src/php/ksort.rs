//! PHP 8's `ksort($a)` (default flag): its key comparison and its sort algorithm.
//!
//! The comparison mixes numeric and byte-wise rules, so it is not transitive (`10 < "5z" < 9 < 10`).
//! On such keys the result depends on the exact steps of the sort, so this is a step-for-step
//! port of `zend_sort` (hybrid insertion sort, itself derived from libc++'s `std::sort`), with
//! ties broken by original position as PHP 8's stable sort does.

use std::cmp::Ordering;

use super::value::{Array, Key};

/// Sorts the array's entries by key as PHP's `ksort` does.
pub fn ksort(array: &mut Array) {
    let order = ksorted_order(array);
    let entries = array.entries_mut();
    let mut taken: Vec<Option<_>> = entries.drain(..).map(Some).collect();
    entries.extend(
        order
            .into_iter()
            .map(|i| taken[i].take().expect("each index once")),
    );
}

/// The positions of the array's entries in `ksort` order.
pub fn ksorted_order(array: &Array) -> Vec<usize> {
    let keys: Vec<SortKey> = array
        .entries()
        .iter()
        .map(|(k, _)| SortKey::new(KeyRef::from(k)))
        .collect();
    let mut order: Vec<usize> = (0..keys.len()).collect();
    let cmp = |a: &usize, b: &usize| match compare_keys(&keys[*a], &keys[*b]) {
        0 => (*a).cmp(b) as i32,
        c => c,
    };
    zend_sort(&mut order, &cmp);
    order
}

/// A key borrowed from wherever it lives: an `Array`, or a text being signed (a string key as
/// its UTF-8 bytes, which is all the comparison looks at).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum KeyRef<'a> {
    Int(i64),
    Str(&'a [u8]),
}

impl<'a> From<&'a Key> for KeyRef<'a> {
    fn from(key: &'a Key) -> KeyRef<'a> {
        match key {
            Key::Int(i) => KeyRef::Int(*i),
            Key::Str(s) => KeyRef::Str(s.as_bytes()),
        }
    }
}

/// A key with its numeric reading computed once.
#[derive(Clone, Copy)]
pub(crate) struct SortKey<'a> {
    key: KeyRef<'a>,
    numeric: Option<Numeric>,
}

impl<'a> SortKey<'a> {
    fn new(key: KeyRef<'a>) -> SortKey<'a> {
        let numeric = match key {
            KeyRef::Str(s) => std::str::from_utf8(s).ok().and_then(numeric_string),
            KeyRef::Int(_) => None,
        };
        SortKey::with_numeric(key, numeric)
    }

    /// A key whose numeric reading (`numeric_string` of a string key, `None` for an integer key)
    /// is already known.
    pub(crate) fn with_numeric(key: KeyRef<'a>, numeric: Option<Numeric>) -> SortKey<'a> {
        SortKey { key, numeric }
    }
}

/// What PHP 8's `is_numeric_string` makes of a string.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Numeric {
    Long(i64),
    /// `overflow` is the sign of an integer string too large for i64, 0 for a real float.
    Double {
        value: f64,
        overflow: i8,
    },
}

/// PHP 8's numeric strings: optional whitespace, sign, digits with an optional fraction and
/// exponent, optional trailing whitespace. `" 1"`, `"1e1"`, `".5"` are numeric; `"0x1"`, `"1a"` not.
pub(crate) fn numeric_string(s: &str) -> Option<Numeric> {
    let b = s.as_bytes();
    let is_ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let digits_from = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut i = 0;
    while i < b.len() && is_ws(b[i]) {
        i += 1;
    }
    let start = i;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let int_end = digits_from(i);
    let int_digits = int_end - i;
    // PHP stops reading an integer part at 20 significant digits and flags it as overflowed,
    // even when a fraction or exponent follows (`100000000000000000000.5`).
    let long_int_part = b[i..int_end].iter().skip_while(|&&c| c == b'0').count() >= 20;
    i = int_end;
    let mut is_double = false;
    if i < b.len() && b[i] == b'.' {
        let frac_end = digits_from(i + 1);
        if int_digits == 0 && frac_end == i + 1 {
            return None;
        }
        i = frac_end;
        is_double = true;
    } else if int_digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut e = i + 1;
        if e < b.len() && (b[e] == b'+' || b[e] == b'-') {
            e += 1;
        }
        if e < b.len() && b[e].is_ascii_digit() {
            i = digits_from(e);
            is_double = true;
        }
    }
    let end = i;
    while i < b.len() && is_ws(b[i]) {
        i += 1;
    }
    if i != b.len() {
        return None;
    }
    let text = &s[start..end];
    let value = || text.parse::<f64>().unwrap_or(f64::NAN);
    let sign = if text.starts_with('-') { -1 } else { 1 };
    if is_double {
        return Some(Numeric::Double {
            value: value(),
            overflow: if long_int_part { sign } else { 0 },
        });
    }
    match text.parse::<i64>() {
        Ok(l) => Some(Numeric::Long(l)),
        Err(_) => Some(Numeric::Double {
            value: value(),
            overflow: sign,
        }),
    }
}

fn sign_of(x: f64) -> i32 {
    if x > 0.0 {
        1
    } else if x < 0.0 {
        -1
    } else {
        0
    }
}

fn byte_cmp(a: &[u8], b: &[u8]) -> i32 {
    match a.cmp(b) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

/// `php_array_key_compare_unstable_i`: negative, zero or positive.
pub(crate) fn compare_keys(a: &SortKey, b: &SortKey) -> i32 {
    match (a.key, b.key) {
        (KeyRef::Int(x), KeyRef::Int(y)) => {
            if x > y {
                1
            } else {
                -1
            }
        }
        (KeyRef::Str(x), KeyRef::Str(y)) => smart_strcmp(x, a.numeric, y, b.numeric),
        (KeyRef::Int(x), KeyRef::Str(s)) => compare_long_to_string(x, s, b.numeric),
        (KeyRef::Str(s), KeyRef::Int(y)) => -compare_long_to_string(y, s, a.numeric),
    }
}

/// `zendi_smart_strcmp`: numeric when both strings are numeric, byte-wise otherwise.
fn smart_strcmp(s1: &[u8], n1: Option<Numeric>, s2: &[u8], n2: Option<Numeric>) -> i32 {
    use Numeric::*;
    let (Some(n1), Some(n2)) = (n1, n2) else {
        return byte_cmp(s1, s2);
    };
    match (n1, n2) {
        (Long(a), Long(b)) => a.cmp(&b) as i32,
        (
            Double {
                value: a,
                overflow: o1,
            },
            Double {
                value: b,
                overflow: o2,
            },
        ) => {
            if (o1 != 0 && o1 == o2 && a - b == 0.0) || (a == b && !a.is_finite()) {
                byte_cmp(s1, s2)
            } else {
                sign_of(a - b)
            }
        }
        (Long(a), Double { value: b, overflow }) => {
            if overflow != 0 {
                -i32::from(overflow)
            } else {
                sign_of(a as f64 - b)
            }
        }
        (Double { value: a, overflow }, Long(b)) => {
            if overflow != 0 {
                i32::from(overflow)
            } else {
                sign_of(a - b as f64)
            }
        }
    }
}

/// `compare_longs_to_string`: numeric against a numeric string, else as strings.
fn compare_long_to_string(l: i64, s: &[u8], n: Option<Numeric>) -> i32 {
    match n {
        Some(Numeric::Long(x)) => l.cmp(&x) as i32,
        Some(Numeric::Double { value, .. }) => match (l as f64).partial_cmp(&value) {
            Some(o) => o as i32,
            None => 0,
        },
        None => byte_cmp(l.to_string().as_bytes(), s),
    }
}

/// `zend_sort`: insertion sort up to 16 elements, else a quicksort step with a median pivot.
pub(crate) fn zend_sort<T>(v: &mut [T], cmp: &impl Fn(&T, &T) -> i32) {
    let mut base = 0;
    let mut nmemb = v.len();
    loop {
        if nmemb <= 16 {
            insert_sort(&mut v[base..base + nmemb], cmp);
            return;
        }
        let start = base;
        let end = base + nmemb;
        let offset = nmemb >> 1;
        let pivot = start + offset;
        if nmemb >> 10 != 0 {
            let delta = offset >> 1;
            sort5(
                v,
                [start, start + delta, pivot, pivot + delta, end - 1],
                cmp,
            );
        } else {
            sort3(v, [start, pivot, end - 1], cmp);
        }
        v.swap(start + 1, pivot);
        let pivot = start + 1;
        let mut i = pivot + 1;
        let mut j = end - 1;
        'partition: loop {
            while cmp(&v[pivot], &v[i]) > 0 {
                i += 1;
                if i == j {
                    break 'partition;
                }
            }
            j -= 1;
            if j == i {
                break 'partition;
            }
            while cmp(&v[j], &v[pivot]) > 0 {
                j -= 1;
                if j == i {
                    break 'partition;
                }
            }
            v.swap(i, j);
            i += 1;
            if i == j {
                break 'partition;
            }
        }
        v.swap(pivot, i - 1);
        if (i - 1) - start < end - i {
            zend_sort(&mut v[start..i - 1], cmp);
            base = i;
            nmemb = end - i;
        } else {
            zend_sort(&mut v[i..end], cmp);
            nmemb = (i - start) - 1;
        }
    }
}

fn sort2<T>(v: &mut [T], [a, b]: [usize; 2], cmp: &impl Fn(&T, &T) -> i32) {
    if cmp(&v[a], &v[b]) > 0 {
        v.swap(a, b);
    }
}

fn sort3<T>(v: &mut [T], [a, b, c]: [usize; 3], cmp: &impl Fn(&T, &T) -> i32) {
    if cmp(&v[a], &v[b]) <= 0 {
        if cmp(&v[b], &v[c]) <= 0 {
            return;
        }
        v.swap(b, c);
        sort2(v, [a, b], cmp);
        return;
    }
    if cmp(&v[c], &v[b]) <= 0 {
        v.swap(a, c);
        return;
    }
    v.swap(a, b);
    sort2(v, [b, c], cmp);
}

fn sort4<T>(v: &mut [T], [a, b, c, d]: [usize; 4], cmp: &impl Fn(&T, &T) -> i32) {
    sort3(v, [a, b, c], cmp);
    if cmp(&v[c], &v[d]) > 0 {
        v.swap(c, d);
        if cmp(&v[b], &v[c]) > 0 {
            v.swap(b, c);
            sort2(v, [a, b], cmp);
        }
    }
}

fn sort5<T>(v: &mut [T], [a, b, c, d, e]: [usize; 5], cmp: &impl Fn(&T, &T) -> i32) {
    sort4(v, [a, b, c, d], cmp);
    if cmp(&v[d], &v[e]) > 0 {
        v.swap(d, e);
        if cmp(&v[c], &v[d]) > 0 {
            v.swap(c, d);
            if cmp(&v[b], &v[c]) > 0 {
                v.swap(b, c);
                sort2(v, [a, b], cmp);
            }
        }
    }
}

/// `zend_insert_sort`: fixed networks up to 5 elements, then insertion with a two-step probe.
fn insert_sort<T>(v: &mut [T], cmp: &impl Fn(&T, &T) -> i32) {
    match v.len() {
        0 | 1 => {}
        2 => sort2(v, [0, 1], cmp),
        3 => sort3(v, [0, 1, 2], cmp),
        4 => sort4(v, [0, 1, 2, 3], cmp),
        5 => sort5(v, [0, 1, 2, 3, 4], cmp),
        n => {
            for i in 1..6 {
                let mut j = i - 1;
                if cmp(&v[j], &v[i]) <= 0 {
                    continue;
                }
                while j != 0 {
                    j -= 1;
                    if cmp(&v[j], &v[i]) <= 0 {
                        j += 1;
                        break;
                    }
                }
                v[j..=i].rotate_right(1);
            }
            for i in 6..n {
                let mut j = i - 1;
                if cmp(&v[j], &v[i]) <= 0 {
                    continue;
                }
                loop {
                    j -= 2;
                    if cmp(&v[j], &v[i]) <= 0 {
                        j += 1;
                        if cmp(&v[j], &v[i]) <= 0 {
                            j += 1;
                        }
                        break;
                    }
                    if j == 0 {
                        break;
                    }
                    if j == 1 {
                        j -= 1;
                        if cmp(&v[i], &v[j]) > 0 {
                            j += 1;
                        }
                        break;
                    }
                }
                v[j..=i].rotate_right(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php::value::Value;

    fn sorted_keys(keys: &[&str]) -> Vec<String> {
        let mut a = Array::object();
        for k in keys {
            a.insert(*k, Value::Null);
        }
        ksort(&mut a);
        a.iter().map(|(k, _)| k.to_string()).collect()
    }

    #[test]
    fn ints_numerically_strings_bytewise() {
        assert_eq!(sorted_keys(&["b", "a", "10", "9"]), ["9", "10", "a", "b"]);
        assert_eq!(
            sorted_keys(&["label", "amount", "currency_code"]),
            ["amount", "currency_code", "label"]
        );
    }

    #[test]
    fn numeric_strings_compare_as_numbers() {
        assert_eq!(
            sorted_keys(&["1e1", "9", " 5", "01"]),
            ["01", " 5", "9", "1e1"]
        );
    }

    #[test]
    fn long_integer_parts_count_as_overflowed_like_php() {
        // Found by the differential tests: PHP compares these two as strings (both "overflow"
        // to the same side with equal doubles), so ".25" sorts before "".
        assert_eq!(
            sorted_keys(&["100000000000000000000", "100000000000000000000.25"]),
            ["100000000000000000000", "100000000000000000000.25"]
        );
        assert_eq!(
            sorted_keys(&["-100000000000000000000.5", "-99999999999999999999"]),
            ["-100000000000000000000.5", "-99999999999999999999"]
        );
        assert_eq!(
            sorted_keys(&["100000000000000000000.5", "100000000000000000000.25"]),
            ["100000000000000000000.25", "100000000000000000000.5"]
        );
        // Against another string the flag wins over the value: tiny, but "overflowed", so above
        // " 5"; against the int key 5 PHP compares the value.
        assert_eq!(
            sorted_keys(&["100000000000000000000e-30", " 5"]),
            [" 5", "100000000000000000000e-30"]
        );
        assert_eq!(
            sorted_keys(&["5", "100000000000000000000e-30"]),
            ["100000000000000000000e-30", "5"]
        );
        assert!(matches!(
            numeric_string("0000100000000000000000000.5"),
            Some(Numeric::Double { overflow: 1, .. })
        ));
        assert!(matches!(
            numeric_string("9999999999999999999.5"),
            Some(Numeric::Double { overflow: 0, .. })
        ));
    }

    #[test]
    fn numeric_string_rules() {
        assert_eq!(numeric_string(" 1"), Some(Numeric::Long(1)));
        assert_eq!(numeric_string("1 "), Some(Numeric::Long(1)));
        assert!(matches!(
            numeric_string("1e1"),
            Some(Numeric::Double { .. })
        ));
        assert!(matches!(numeric_string(".5"), Some(Numeric::Double { .. })));
        assert!(matches!(
            numeric_string("99999999999999999999"),
            Some(Numeric::Double { overflow: 1, .. })
        ));
        for s in ["", "a", "1a", "0x1", ".", "-", "1e", "e1"] {
            assert_eq!(numeric_string(s), None, "{s:?}");
        }
    }

    #[test]
    fn sort_handles_every_length_without_panicking() {
        for n in 0..200 {
            let keys: Vec<String> = (0..n).map(|i| format!("{}", (i * 7919) % 101)).collect();
            let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
            let got = sorted_keys(&refs);
            let mut want: Vec<i64> = keys.iter().map(|k| k.parse().unwrap()).collect();
            want.sort();
            want.dedup();
            let got: Vec<i64> = got.iter().map(|k| k.parse().unwrap()).collect();
            assert_eq!(got, want);
        }
    }
}
