//! What a forged postback costs before it is refused, beside a correctly signed body of the same
//! size and shape: the peak of memory allocated during `verify_postback` (a counting allocator)
//! and the time of one call (the best of several).
//!
//!     cargo bench -p paykassma --bench forged_postbacks
//!
//! Shapes: `additional_data` full of tiny items (`0`, half a million of them in 1 MB), of small
//! entries, and one object with many distinct keys.

#[path = "../tests/support/peak.rs"]
mod peak;

use std::hint::black_box;
use std::time::{Duration, Instant};

use paykassma::php::decode;
use paykassma::postback::MAX_POSTBACK_BYTES;
use paykassma::{sign_postback, verify_postback};

#[global_allocator]
static ALLOCATOR: peak::Counting = peak::Counting;

const KEY: &str = "bench-postback-key";
const WRONG: &str = "0000000000000000000000000000000000000000";
const SIZES: [(usize, &str); 3] = [
    (10_000, "10 KB"),
    (100_000, "100 KB"),
    (MAX_POSTBACK_BYTES, "1 MB"),
];

fn body(list: &str, signature: &str) -> String {
    format!(r#"{{"access_key":"AK","signature":"{signature}","additional_data":{list}}}"#)
}

/// A signed list of `items` that makes a body of at most `size` bytes, and how many items it has.
fn list(size: usize, open: &str, item: impl Fn(usize) -> String, close: &str) -> (String, usize) {
    let room = size - body("", WRONG).len() - close.len();
    let mut list = String::from(open);
    let mut n = 0;
    loop {
        let next = item(n);
        if list.len() + usize::from(n > 0) + next.len() > room {
            break;
        }
        if n > 0 {
            list.push(',');
        }
        list.push_str(&next);
        n += 1;
    }
    list.push_str(close);
    (list, n)
}

/// Peak bytes of one call, and the best time of calls repeated for about half a second.
fn measure(body: &str) -> (usize, Duration, &'static str) {
    let (peak, verdict) = peak::peak_of(|| verify_postback(body.as_bytes(), KEY).map(drop));
    let verdict = verdict.map_or_else(|e| e.code(), |()| "verified");
    let mut best = Duration::MAX;
    let started = Instant::now();
    for _ in 0..1000 {
        let start = Instant::now();
        black_box(verify_postback(black_box(body.as_bytes()), KEY).is_ok());
        best = best.min(start.elapsed());
        if started.elapsed() > Duration::from_millis(500) {
            break;
        }
    }
    (peak, best, verdict)
}

fn bytes(n: usize) -> String {
    match n {
        n if n >= 10 << 20 => format!("{} MB", n >> 20),
        n if n >= 10 << 10 => format!("{} KB", n >> 10),
        n => format!("{n} B"),
    }
}

/// A signed list: `open`, items made by `item` while they fit, `close`.
struct Shape {
    name: &'static str,
    open: &'static str,
    item: fn(usize) -> String,
    close: &'static str,
}

fn main() {
    let shapes = [
        Shape {
            name: "tiny items `0`",
            open: "[",
            item: |_| "0".into(),
            close: "]",
        },
        Shape {
            name: "small entries",
            open: "[",
            item: |i| {
                format!(r#"{{"transaction_id":"{i}","amount":"1000","wallet_type":"easypaisa"}}"#)
            },
            close: "]",
        },
        Shape {
            name: "one object, distinct keys",
            open: "[{",
            item: |i| format!(r#""k{i}":{i}"#),
            close: r#","transaction_id":"1"}]"#,
        },
    ];
    println!(
        "{:<26} {:>6} {:>7}  {:>24}  {:>24}  genuine verdict",
        "signed list", "body", "items", "forged: peak, time", "genuine: peak, time"
    );
    for Shape {
        name,
        open,
        item,
        close,
    } in shapes
    {
        for (size, label) in SIZES {
            let (list, items) = list(size, open, item, close);
            let value = decode(&list).expect("the lists are valid JSON");
            let signature = sign_postback("AK", KEY, &value).expect("the lists are finite");
            let (forged, genuine) = (body(&list, WRONG), body(&list, &signature));
            let (forged_peak, forged_time, forged_verdict) = measure(&forged);
            assert_eq!(forged_verdict, "signature_mismatch", "{name}, {label}");
            let (genuine_peak, genuine_time, genuine_verdict) = measure(&genuine);
            println!(
                "{name:<26} {label:>6} {items:>7}  {:>10} {:>11.2?}  {:>10} {:>11.2?}  {genuine_verdict}",
                bytes(forged_peak),
                forged_time,
                bytes(genuine_peak),
                genuine_time,
            );
        }
    }
    println!("peak: bytes allocated at once during the call, above the body itself");
}
