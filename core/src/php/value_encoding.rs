//! The compact value encoding bindings read and write instead of JSON text (the C header documents
//! it at `pk_sign_encoded`): tagged scalars, strings with their length, arrays with their count.
//! Writing JSON text straight into it gives a binding the decoded value (as `json_decode($json,
//! true)` gives it) in one sequential read, without building a [`super::Value`] tree first.

use super::decode::{Parser, Result};
use super::value::{canonical_int, Value};

/// Appends one JSON text, as `json_decode($json, true)` reads it, to `out`: objects as `'m'`
/// arrays (keys as PHP makes them: `"10"` is the integer 10; a repeated key is written again, as
/// the encoding's readers replace it in place), lists as `'l'`, integers outside i64 as floats.
pub fn write_json(json: &str, out: &mut Vec<u8>) -> Result<()> {
    let mut p = Parser::new(json);
    write_value(&mut p, out)?;
    p.finish()
}

/// Writes the items of a JSON list or object (the values, in order) one after the other, each
/// after what `before(index, out)` writes: for a binding that wraps each item in its own array.
/// Returns how many items there were.
pub fn write_json_items(
    json: &str,
    out: &mut Vec<u8>,
    mut before: impl FnMut(usize, &mut Vec<u8>),
) -> Result<usize> {
    let mut p = Parser::new(json);
    let mut count = 0;
    let mut item = |p: &mut Parser<'_>| {
        before(count, out);
        count += 1;
        write_value(p, out)
    };
    p.skip_ws();
    if p.peek() == Some(b'[') {
        p.list_items(|p| item(p))?;
    } else {
        p.object_entries(|p, _| item(p))?;
    }
    p.finish()?;
    Ok(count)
}

fn write_value(p: &mut Parser<'_>, out: &mut Vec<u8>) -> Result<()> {
    p.skip_ws();
    match p.peek() {
        Some(b'{') => {
            let at = begin_array(out, b'm');
            let mut count = 0;
            p.object_entries(|p, key| {
                write_key(out, &key);
                count += 1;
                write_value(p, out)
            })?;
            end_array(out, at, count);
        }
        Some(b'[') => {
            let at = begin_array(out, b'l');
            let mut count = 0;
            p.list_items(|p| {
                write_int(out, count as i64);
                count += 1;
                write_value(p, out)
            })?;
            end_array(out, at, count);
        }
        Some(b'"') => write_str(out, &p.string()?),
        _ => match p.scalar()? {
            Value::Bool(false) => out.push(b'f'),
            Value::Bool(true) => out.push(b't'),
            Value::Int(i) => write_int(out, i),
            Value::Float(f) => {
                out.push(b'd');
                out.extend_from_slice(&f.to_ne_bytes());
            }
            _ => write_null(out),
        },
    }
    Ok(())
}

/// A key: an integer for a string PHP takes as one, else the string.
pub fn write_key(out: &mut Vec<u8>, key: &str) {
    match canonical_int(key) {
        Some(i) => write_int(out, i),
        None => write_str(out, key),
    }
}

pub fn write_str(out: &mut Vec<u8>, s: &str) {
    out.push(b's');
    out.extend_from_slice(&(s.len() as u64).to_ne_bytes());
    out.extend_from_slice(s.as_bytes());
}

pub fn write_int(out: &mut Vec<u8>, i: i64) {
    out.push(b'i');
    out.extend_from_slice(&i.to_ne_bytes());
}

pub fn write_null(out: &mut Vec<u8>) {
    out.push(b'n');
}

/// Starts an array (`'l'` or `'m'`) whose count [`end_array`] writes once known.
pub fn begin_array(out: &mut Vec<u8>, tag: u8) -> usize {
    out.push(tag);
    out.extend_from_slice(&[0; 8]);
    out.len() - 8
}

pub fn end_array(out: &mut Vec<u8>, at: usize, count: usize) {
    out[at..at + 8].copy_from_slice(&(count as u64).to_ne_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(json: &str) -> Vec<u8> {
        let mut out = Vec::new();
        write_json(json, &mut out).unwrap();
        out
    }

    fn len(n: u64) -> [u8; 8] {
        n.to_ne_bytes()
    }

    #[test]
    fn objects_lists_and_scalars() {
        let mut want = vec![b'm'];
        want.extend(len(3));
        want.push(b's');
        want.extend(len(1));
        want.push(b'a');
        want.push(b'l');
        want.extend(len(2));
        want.push(b'i');
        want.extend(0i64.to_ne_bytes());
        want.push(b'n');
        want.push(b'i');
        want.extend(1i64.to_ne_bytes());
        want.push(b't');
        // "10" is PHP's integer key 10; "01" stays a string.
        want.push(b'i');
        want.extend(10i64.to_ne_bytes());
        want.push(b'd');
        want.extend(1.5f64.to_ne_bytes());
        want.push(b's');
        want.extend(len(2));
        want.extend(b"01");
        want.push(b's');
        want.extend(len(3));
        want.extend("é\n".as_bytes());
        assert_eq!(
            encoded(r#"{"a":[null,true],"10":1.5,"01":"\u00e9\n"}"#),
            want
        );
    }

    #[test]
    fn integers_past_i64_are_floats_and_empty_arrays_have_no_items() {
        let mut want = vec![b'l'];
        want.extend(len(3));
        want.push(b'i');
        want.extend(0i64.to_ne_bytes());
        want.push(b'd');
        want.extend(9223372036854775808f64.to_ne_bytes());
        want.push(b'i');
        want.extend(1i64.to_ne_bytes());
        want.push(b'm');
        want.extend(len(0));
        want.push(b'i');
        want.extend(2i64.to_ne_bytes());
        want.push(b'l');
        want.extend(len(0));
        assert_eq!(encoded("[9223372036854775808, {}, []]"), want);
    }

    #[test]
    fn items_of_lists_and_objects_follow_what_before_writes() {
        for json in [r#"[{"a":1},"x"]"#, r#"{"k":{"a":1},"j":"x"}"#] {
            let mut out = Vec::new();
            let n =
                write_json_items(json, &mut out, |i, out| write_int(out, 100 + i as i64)).unwrap();
            let mut want = Vec::new();
            write_int(&mut want, 100);
            write_json(r#"{"a":1}"#, &mut want).unwrap();
            write_int(&mut want, 101);
            write_json(r#""x""#, &mut want).unwrap();
            assert_eq!((n, out), (2, want), "{json}");
        }
    }

    #[test]
    fn invalid_json_is_refused() {
        let mut out = Vec::new();
        assert!(write_json("{\"a\":}", &mut out).is_err());
        assert!(write_json("[1] x", &mut out).is_err());
    }
}
