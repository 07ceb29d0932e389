//! A verified postback handed to `paykassma.js` to assemble. N-API defines properties one call
//! at a time, which cost more than verifying the postback; V8 builds object literals of a fixed
//! shape in a fraction of that time. So the values cross as one JSON array and the JS side
//! builds the objects:
//!
//! `[kind, idempotency_key, signed_list, signature_form, [unsigned fields], [[entry fields], ...]]`
//!
//! with two texts next to it that are parsed when first read: `converted_amount` (about 184
//! rates) and the signed list re-encoded (each entry's `signed`). All three are written in ASCII
//! (`\uXXXX` beyond), which V8 copies as it is rather than decoding UTF-8. JSON carries every value
//! exactly except integers past 2^53, which must become BigInt: a postback holding one, or whose
//! signed list was an object, is built here as a whole instead.

use napi::{sys, Result};
use paykassma::{Postback, PostbackEntry};

use crate::js::Js;
use crate::postback_js;
use crate::to_js::is_safe_integer;

/// `[json, converted_amount text or null, signed list]`, or the finished object.
pub fn postback(js: Js, p: &Postback) -> Result<sys::napi_value> {
    let Some(json) = json_parts(p) else {
        return postback_js::postback(js, p);
    };
    let rates = match &p.unsigned().converted_amount {
        Some(text) => js.string(text)?,
        None => js.null()?,
    };
    let parts = js.array(3)?;
    js.set_element(parts, 0, js.string(&json)?)?;
    js.set_element(parts, 1, rates)?;
    let mut signed = String::with_capacity(p.signed_json().len() * 2);
    write_ascii(&mut signed, p.signed_json());
    js.set_element(parts, 2, js.string(&signed)?)?;
    Ok(parts)
}

fn json_parts(p: &Postback) -> Option<String> {
    let exact = p.signed_json().starts_with('[')
        && p.entries().iter().all(|e| {
            [
                e.withdrawal_status.map(|s| s.code()),
                e.stockpiling_id,
                e.transaction_type,
            ]
            .iter()
            .all(|i| i.is_none_or(is_safe_integer))
        })
        && !has_unsafe_int(p.signed_json());
    if !exact {
        return None;
    }
    let mut out = String::with_capacity(1024);
    out.push('[');
    for s in [
        p.kind().as_str(),
        &p.idempotency_key(),
        p.signed_list().field_name(),
        p.signature_form().as_str(),
    ] {
        write_string(&mut out, s);
        out.push(',');
    }
    let u = p.unsigned();
    list(
        &mut out,
        [
            &u.amount,
            &u.label,
            &u.currency_code,
            &u.wallet_type,
            &u.direction,
            &u.created_datetime,
        ],
        text,
    );
    out.push(',');
    list(&mut out, p.entries(), entry);
    out.push(']');
    Some(out)
}

/// The order `assembleEntry` in paykassma.js reads.
fn entry(out: &mut String, e: &PostbackEntry) {
    let b = &e.bank_details;
    out.push('[');
    write_string(out, e.kind().as_str());
    for s in [
        &e.transaction_id,
        &e.plugin_custom_order_id,
        &e.withdrawal_id,
    ] {
        out.push(',');
        text(out, s);
    }
    out.push(',');
    int(out, e.withdrawal_status.map(|s| s.code()));
    for s in [
        &e.amount,
        &e.currency_code,
        &e.wallet_type,
        &e.account_number,
        &e.account_name,
        &e.account_email,
        &b.bank_code,
        &b.branch_code,
        &b.bank_code_in_payments_system,
        &e.activated_datetime,
        &e.exchanger_identifier,
        &e.comment,
    ] {
        out.push(',');
        text(out, s);
    }
    out.push(',');
    int(out, e.stockpiling_id);
    out.push(',');
    int(out, e.transaction_type);
    out.push(']');
}

fn list<T>(out: &mut String, items: impl IntoIterator<Item = T>, write: impl Fn(&mut String, T)) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write(out, item);
    }
    out.push(']');
}

fn text(out: &mut String, s: &Option<String>) {
    match s {
        Some(s) => write_string(out, s),
        None => out.push_str("null"),
    }
}

fn int(out: &mut String, i: Option<i64>) {
    match i {
        Some(i) => out.push_str(&i.to_string()),
        None => out.push_str("null"),
    }
}

/// `s` as a JSON string in ASCII.
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        write_ascii(out, &s[run..i]);
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            _ => push_escape(out, u16::from(b)),
        }
        run = i + 1;
    }
    write_ascii(out, &s[run..]);
    out.push('"');
}

/// JSON text with its non-ASCII characters (which only strings hold) written as `\uXXXX`: V8
/// copies ASCII text as it is, where UTF-8 has to be decoded character by character.
fn write_ascii(out: &mut String, text: &str) {
    let mut rest = text;
    loop {
        let at = ascii_prefix(rest.as_bytes());
        out.push_str(&rest[..at]);
        let mut chars = rest[at..].chars();
        let Some(c) = chars.next() else { return };
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            push_escape(out, *unit);
        }
        rest = chars.as_str();
    }
}

/// The length of the ASCII run `bytes` starts with, eight bytes at a time.
fn ascii_prefix(bytes: &[u8]) -> usize {
    let words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in words {
        if u64::from_le_bytes(word.try_into().unwrap_or_default()) & HIGH_BITS != 0 {
            break;
        }
        at += 8;
    }
    at + bytes[at..].iter().take_while(|b| b.is_ascii()).count()
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

fn push_escape(out: &mut String, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[usize::from(unit >> shift & 0xf)]));
    }
}

/// Whether PHP-encoded JSON holds a number written as an integer past 2^53. Reads the text rather
/// than the decoded entries, which are decoded only on demand. A float PHP wrote without a `.`
/// (`12345678901234568`) counts too: it only sends the postback to the addon-built path.
fn has_unsafe_int(json: &str) -> bool {
    let b = json.as_bytes();
    // Such an integer is a run of at least 16 digits, which holds some aligned eight bytes that
    // are all digits. Ids are often runs of 8 to 15: only a run of 16 or more needs the full scan.
    let all_digits = |word: &[u8]| {
        let x = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let at_least_0 = (x | HIGH_BITS).wrapping_sub(0x3030_3030_3030_3030);
        let at_most_9 = 0xb9b9_b9b9_b9b9_b9b9u64.wrapping_sub(x & !HIGH_BITS);
        at_least_0 & at_most_9 & !x & HIGH_BITS == HIGH_BITS
    };
    let run_of_16 = b.chunks_exact(8).enumerate().any(|(k, word)| {
        let digits_around = |from: &[u8]| from.iter().take_while(|c| c.is_ascii_digit()).count();
        all_digits(word)
            && digits_around(&b[8 * k + 8..])
                + b[..8 * k]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_ascii_digit())
                    .count()
                >= 8
    });
    if !run_of_16 {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < b.len() && matches!(b[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                let token = &json[start..i];
                let is_int = !token.contains(['.', 'e', 'E']);
                if is_int
                    && token.len() > 15
                    && token.parse::<i64>().map_or(true, |n| !is_safe_integer(n))
                {
                    return true;
                }
            }
            _ => i += 1,
        }
    }
    false
}
