//! A fixed loop of verifications over the benchmark corpus (`make bench-corpus`), for profilers
//! and instruction counts, which stay repeatable on a busy machine where wall-clock times do not:
//!
//!     CARGO_PROFILE_BENCH_DEBUG=true cargo bench -p paykassma --bench verify_profile --no-run
//!     valgrind --tool=callgrind <the built binary> 20
//!     perf record -g <the built binary> 2000
//!
//! The argument is how many times the whole corpus is verified.

use std::hint::black_box;

use paykassma::php::{decode, Value};

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
    let corpus: Vec<(String, String)> = text
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
    for _ in 0..passes {
        for (body, key) in &corpus {
            let ok = paykassma::verify_postback(black_box(body.as_bytes()), key).is_ok();
            assert!(black_box(ok));
        }
    }
}
