//! What a postback costs before its signature is decided: a forged body, however it is shaped, is
//! refused with little memory (at most 4x its size on top of it), and never costs more than a
//! correctly signed body of the same shape.
//!
//! Its own test binary: the counting allocator sees every allocation of the process, so these
//! tests run one at a time (a lock) and nothing else shares the binary.

mod support;

use std::sync::Mutex;

use paykassma::php::decode;
use paykassma::postback::MAX_POSTBACK_BYTES;
use paykassma::{sign_postback, verify_postback};
use support::peak::{peak_of, Counting};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One measurement at a time: the counters are the whole process's.
static SERIAL: Mutex<()> = Mutex::new(());

const KEY: &str = "postback-private-key";
const WRONG: &str = "0000000000000000000000000000000000000000";

/// A postback whose signed list is `list`, with `signature`.
fn body(list: &str, signature: &str) -> String {
    format!(r#"{{"access_key":"AK","signature":"{signature}","additional_data":{list}}}"#)
}

/// The same body correctly signed (or, when PHP could not encode the list, signed over `[]`).
fn genuine(list: &str) -> String {
    let value = decode(list).expect("the test lists are valid JSON");
    let signature = sign_postback("AK", KEY, &value)
        .unwrap_or_else(|_| sign_postback("AK", KEY, &decode("[]").unwrap()).unwrap());
    body(list, &signature)
}

/// `open`, then `item(i)` for i = 0.. while the body stays within `MAX_POSTBACK_BYTES`, then `close`.
fn filled(open: &str, item: impl Fn(usize) -> String, close: &str) -> String {
    let room = MAX_POSTBACK_BYTES - body("", WRONG).len() - open.len() - close.len();
    let mut list = String::from(open);
    for i in 0.. {
        let next = item(i);
        let sep = usize::from(i > 0);
        if list.len() + sep + next.len() - open.len() > room {
            break;
        }
        if sep == 1 {
            list.push(',');
        }
        list.push_str(&next);
    }
    list.push_str(close);
    list
}

/// Signed lists that fill a 1 MiB body, each shaped to cost the verifier something different.
fn shapes() -> Vec<(&'static str, String)> {
    vec![
        ("half a million zeros", filled("[", |_| "0".into(), "]")),
        ("tiny objects", filled("[", |_| "{}".into(), "]")),
        (
            "tiny entries with a captured field",
            filled("[", |_| r#"{"amount":1}"#.into(), "]"),
        ),
        (
            "numbers that re-encode 3.6x longer",
            filled("[", |_| "1e14".into(), "]"),
        ),
        (
            "zeros, then a repeated key (the value-tree path)",
            filled("[", |_| "0".into(), r#",{"a":1,"a":2}]"#),
        ),
        (
            "zeros, then a number past double range",
            filled("[", |_| "0".into(), ",1e400]"),
        ),
        (
            "one object with distinct keys",
            filled("[{", |i| format!("\"{i:x}\":0"), "}]"),
        ),
        (
            "one object repeating one key",
            filled("[{", |_| "\"\":0".into(), "}]"),
        ),
        (
            "one object with distinct keys, then a repeat",
            filled("[{", |i| format!("\"{i:x}\":0"), ",\"0\":1}]"),
        ),
        (
            "the list as an object with distinct keys",
            filled("{", |i| format!("\"{i:x}\":0"), "}"),
        ),
        (
            "one entry whose amount is a long escaped string",
            filled(r#"[{"amount":""#, |_| r"\u00e9".into(), r#""}]"#).replace(",", ""),
        ),
        (
            "one entry whose bank_details is a long list",
            filled(r#"[{"bank_details":["#, |_| "0".into(), "]}]"),
        ),
        (
            "nested objects that each repeat a key",
            filled(
                "[",
                |_| r#"{"a":{"b":0,"b":1},"a":{"c":0,"c":1}}"#.into(),
                "]",
            ),
        ),
    ]
}

/// `[0,0,...]` of at most `bytes` bytes.
fn zeros(bytes: usize) -> String {
    format!("[{}0]", "0,".repeat((bytes - 3) / 2))
}

/// Forged bodies that are large elsewhere than in the signed list.
fn envelopes() -> Vec<(&'static str, String)> {
    let around = |name: &str| {
        let with = |value: &str| body(&format!(r#"[{{}}],"{name}":{value}"#), WRONG);
        with(&zeros(MAX_POSTBACK_BYTES - with("").len()))
    };
    let signature =
        |value: &str| format!(r#"{{"access_key":"AK","additional_data":[],"signature":{value}}}"#);
    vec![
        ("an unsigned `amount` of zeros", around("amount")),
        ("`converted_amount` of zeros", around("converted_amount")),
        ("an unknown member of zeros", around("other")),
        (
            "a `signature` of zeros",
            signature(&zeros(MAX_POSTBACK_BYTES - signature("").len())),
        ),
        ("a body that is a list of zeros", zeros(MAX_POSTBACK_BYTES)),
    ]
}

#[test]
fn a_forged_body_costs_at_most_four_times_its_size() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut over = Vec::new();
    let lists = shapes()
        .into_iter()
        .map(|(name, list)| (name, body(&list, WRONG)));
    for (name, forged) in lists.chain(envelopes()) {
        assert!(forged.len() <= MAX_POSTBACK_BYTES, "{name}");
        let start = std::time::Instant::now();
        let (peak, verdict) = peak_of(|| verify_postback(forged.as_bytes(), KEY).map(drop));
        let took = start.elapsed();
        let code = verdict.map_or_else(|e| e.code(), |()| "verified");
        println!(
            "{name}: {} bytes, peak {peak} bytes ({:.2}x), {took:.2?}, {code}",
            forged.len(),
            peak as f64 / forged.len() as f64
        );
        if peak > 4 * forged.len() {
            over.push(format!(
                "{name}: {peak} bytes for a {}-byte body",
                forged.len()
            ));
        }
    }
    assert!(over.is_empty(), "over 4x the body: {over:#?}");
}

#[test]
fn a_forged_body_costs_no_more_than_a_genuine_one() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    for (name, list) in shapes() {
        let real = genuine(&list);
        let forged = body(&list, WRONG);
        assert_eq!(real.len(), forged.len(), "{name}");
        let (genuine_peak, genuine_verdict) =
            peak_of(|| verify_postback(real.as_bytes(), KEY).map(drop));
        let (forged_peak, forged_verdict) =
            peak_of(|| verify_postback(forged.as_bytes(), KEY).map(drop));
        let forged_code = forged_verdict.map_or_else(|e| e.code(), |()| "verified");
        let genuine_code = genuine_verdict.map_or_else(|e| e.code(), |()| "verified");
        println!("{name}: forged {forged_peak} bytes ({forged_code}), genuine {genuine_peak} bytes ({genuine_code})");
        assert_ne!(genuine_code, "signature_mismatch", "{name}");
        assert!(
            forged_peak <= genuine_peak,
            "{name}: forged {forged_peak} bytes, genuine {genuine_peak} bytes"
        );
    }
}
