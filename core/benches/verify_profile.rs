//! A fixed loop of verifications over the benchmark corpus (`make bench-corpus`), for profilers
//! and instruction counts, which stay repeatable on a busy machine where wall-clock times do not:
//!
//!     CARGO_PROFILE_BENCH_DEBUG=true cargo bench -p paykassma --bench verify_profile --no-run
//!     valgrind --tool=callgrind <the built binary> 20
//!     perf record -g <the built binary> 2000
//!
//! The argument is how many times the whole corpus is verified; a second one, an item's index,
//! verifies that item alone instead (to see what one slow body costs). With `PROFILE_LIMIT=1` the
//! loop runs the limit of `benches/verify.rs` instead (md5 of the signed list and one validating
//! pass), for the distance to it in instructions. Callgrind's `--toggle-collect=verify_one` counts
//! the loop alone.

use std::hint::black_box;

use md5::{Digest, Md5};
use paykassma::php::{check, decode, Value};

fn main() {
    let passes: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/bench-corpus/postbacks.jsonl"
    );
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {path} ({e}): run `make bench-corpus` first"));
    let mut corpus: Vec<(String, String)> = text
        .lines()
        .map(|line| {
            let Ok(Value::Array(r)) = decode(line) else {
                panic!("{path}: a line is not a JSON object")
            };
            let text = |k: &str| match r.get(k) {
                Some(Value::Str(s)) => s.clone(),
                _ => panic!("{path}: a line has no text `{k}`"),
            };
            (text("body"), text("key"))
        })
        .collect();
    if let Some(item) = std::env::args().nth(2) {
        let item: usize = item.parse().expect("the item is an index into the corpus");
        corpus = vec![corpus.swap_remove(item)];
    }
    let limit = std::env::var("PROFILE_LIMIT").is_ok_and(|v| v == "1");
    let signed: Vec<String> = corpus
        .iter()
        .map(
            |(body, key)| match paykassma::verify_postback(body.as_bytes(), key) {
                Ok(p) => p.signed_json().to_owned(),
                Err(e) => panic!("a corpus postback does not verify: {e}"),
            },
        )
        .collect();
    for _ in 0..passes {
        for ((body, key), signed) in corpus.iter().zip(&signed) {
            assert!(black_box(verify_one(body, key, signed, limit)));
        }
    }
}

#[inline(never)]
fn verify_one(body: &str, key: &str, signed: &str, limit: bool) -> bool {
    if limit {
        black_box(Md5::digest(black_box(signed.as_bytes())));
        let body = std::str::from_utf8(black_box(body.as_bytes())).expect("UTF-8");
        check(body).is_ok()
    } else {
        paykassma::verify_postback(black_box(body.as_bytes()), key).is_ok()
    }
}
