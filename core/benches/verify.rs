//! Verifying the postbacks of the benchmark corpus (`make bench-corpus`), each timed alone, and
//! the limit beside it: md5 of the signed list plus one validating pass over the body (UTF-8 and
//! JSON), the part no verifier can skip. Prints a `BENCH {...}` line for each (see
//! `benches/run.py`).
//!
//!     cargo bench -p paykassma --bench verify -- [--rounds N] [--corpus FILE]
//!
//! With `VERIFY_ITEMS=FILE`, each item's index, body and signed-list sizes, and core and limit
//! microseconds are also written to FILE, a line each.

use std::hint::black_box;

use md5::{Digest, Md5};
use paykassma::php::{check, decode, Value};

#[path = "support/timing.rs"]
mod timing;

fn main() {
    let args = timing::Args::parse();
    let corpus = read_corpus(&args.corpus);
    // Every body verifies before anything is timed: a failing one would time an early error.
    let verified: Vec<_> = corpus
        .iter()
        .map(|(body, key)| {
            paykassma::verify_postback(body.as_bytes(), key)
                .unwrap_or_else(|e| panic!("a corpus postback does not verify: {e}"))
        })
        .collect();
    timing::warm_up(|| {
        for (body, key) in &corpus {
            black_box(paykassma::verify_postback(body.as_bytes(), key).is_ok());
        }
    });
    let core = timing::per_item(corpus.len(), args.rounds, |i| {
        let (body, key) = &corpus[i];
        black_box(paykassma::verify_postback(black_box(body.as_bytes()), key).is_ok());
    });
    let limit = timing::per_item(corpus.len(), args.rounds, |i| {
        black_box(Md5::digest(black_box(verified[i].signed_json().as_bytes())));
        let body = std::str::from_utf8(black_box(corpus[i].0.as_bytes())).expect("UTF-8");
        black_box(check(body).is_ok());
    });
    core.print("verify", "core");
    limit.print("verify", "limit");
    // Every item's figures, for comparing two builds body by body.
    if let Ok(path) = std::env::var("VERIFY_ITEMS") {
        let lines: String = (0..corpus.len())
            .map(|i| {
                let (body, signed) = (corpus[i].0.len(), verified[i].signed_json().len());
                format!("{i} {body} {signed} {:.3} {:.3}\n", core.us[i], limit.us[i])
            })
            .collect();
        std::fs::write(&path, lines).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    }
    let mut slowest: Vec<usize> = (0..corpus.len()).collect();
    slowest.sort_by(|&a, &b| core.us[b].total_cmp(&core.us[a]));
    for &i in &slowest[..3] {
        println!(
            "  item {i}: {} bytes, signed list {} bytes: core {:.2} us, limit {:.2} us",
            corpus[i].0.len(),
            verified[i].signed_json().len(),
            core.us[i],
            limit.us[i]
        );
    }
}

/// The corpus's (body, key) pairs, read with the core's own decoder.
fn read_corpus(path: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {path} ({e}): run `make bench-corpus` first"));
    text.lines()
        .map(|line| {
            let Ok(Value::Array(record)) = decode(line) else {
                panic!("{path}: a line is not a JSON object");
            };
            let text = |name: &str| match record.get(name) {
                Some(Value::Str(s)) => s.clone(),
                _ => panic!("{path}: a line has no text `{name}`"),
            };
            (text("body"), text("key"))
        })
        .collect()
}
