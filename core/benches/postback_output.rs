//! What a binding pays after verifying a postback of the benchmark corpus (`make bench-corpus`):
//! the result written as JSON, each item timed alone (median and slowest), beside the
//! verification itself for scale. Not read by `benches/run.py`.
//!
//!     cargo bench -p paykassma --bench postback_output -- [--rounds N] [--corpus FILE]

use std::hint::black_box;

use paykassma::php::{decode, Value};
use paykassma::postback::without_large_members;

#[path = "support/timing.rs"]
mod timing;

fn main() {
    let args = timing::Args::parse();
    let text = std::fs::read_to_string(&args.corpus).unwrap_or_else(|e| {
        panic!(
            "cannot read {} ({e}): run `make bench-corpus` first",
            args.corpus
        )
    });
    let verified: Vec<_> = text
        .lines()
        .map(|line| {
            let Ok(Value::Array(r)) = decode(line) else {
                panic!("a corpus line is not a JSON object")
            };
            let text = |k: &str| match r.get(k) {
                Some(Value::Str(s)) => s.clone(),
                _ => panic!("a corpus line has no text `{k}`"),
            };
            paykassma::verify_postback(text("body").as_bytes(), &text("key"))
                .unwrap_or_else(|e| panic!("a corpus postback does not verify: {e}"))
        })
        .collect();
    // The writer's text is the encoder's, on every body, before anything is timed.
    for p in &verified {
        // `signed` decodes as PHP reads the encoding (1.0 is written `1`): the rest is compared.
        let value = p.to_value();
        let json = decode(&p.to_json()).expect("to_json decodes");
        assert_eq!(without_large_members(&json), without_large_members(&value));
        assert_eq!(
            Some(p.to_json_without_large()),
            paykassma::php::encode(&without_large_members(&value)).ok()
        );
    }
    timing::warm_up(|| {
        for p in &verified {
            black_box(p.to_json_without_large());
        }
    });
    let without_large = timing::per_item(verified.len(), args.rounds, |i| {
        black_box(black_box(&verified[i]).to_json_without_large());
    });
    let full = timing::per_item(verified.len(), args.rounds, |i| {
        black_box(black_box(&verified[i]).to_json());
    });
    without_large.print("postback_output", "to_json_without_large");
    full.print("postback_output", "to_json");
}
