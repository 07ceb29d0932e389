//! Signing the withdrawal requests of the benchmark corpus (`make bench-corpus`): `sign_json` on
//! each request's JSON text and `sign` on it as an `Array`, beside the limit (md5 and sha1 of each
//! request's signing string, computed beforehand: `impl` `limit`) and the floor of `sign_json`
//! (the same hashes plus one validating pass over the JSON text, which any reader of it must
//! make: `impl` `floor`). Checks every signature against PHP's first, then prints one
//! `BENCH {...}` line per input form: median and slowest over the requests, each request timed
//! as the best of a few rounds.
//!
//!     cargo bench -p paykassma --bench sign -- [--corpus FILE] [--rounds N] [--reps N] [--only INPUT]
//!
//! `--only json` (or `array`, `md5+sha1`, `md5+sha1+check`) times that row alone, for a
//! profiler. With `SIGN_BENCH_SLOWEST=1` each row also names its slowest requests' lines.

use std::hint::black_box;
use std::time::Instant;

use md5::{Digest, Md5};
use paykassma::php::{check, decode, Array, Value};
use sha1::Sha1;

#[path = "support/timing.rs"]
#[allow(dead_code)] // only its peak_rss_kb here
mod timing;
use timing::peak_rss_kb;

struct Request {
    key: String,
    json: String,
    array: Array,
    signature: String,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let option = |name: &str, default: &str| -> String {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
            .unwrap_or_else(|| default.to_owned())
    };
    let corpus = option(
        "--corpus",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../target/bench-corpus/requests.jsonl"
        ),
    );
    let rounds: usize = option("--rounds", "7").parse().expect("--rounds N");
    let reps: usize = option("--reps", "20").parse().expect("--reps N");
    let only = option("--only", "");
    let requests = load(&corpus);

    for r in &requests {
        let from_json = paykassma::sign_json(&r.json, &r.key).unwrap();
        let from_array = paykassma::sign(&r.array, &r.key).unwrap();
        if from_json != r.signature || from_array != r.signature {
            eprintln!("signature differs from PHP's on {}", r.json);
            std::process::exit(1);
        }
    }
    // The floor: md5 and sha1 of each request's signing string, computed beforehand.
    let strings: Vec<(String, String)> = requests
        .iter()
        .map(|r| (paykassma::signing_string(&r.array), r.key.clone()))
        .collect();
    let hashes = |(text, key): &(String, String)| {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut md5 = [0u8; 32];
        for (i, b) in Md5::digest(text.as_bytes()).iter().enumerate() {
            md5[2 * i] = DIGITS[usize::from(b >> 4)];
            md5[2 * i + 1] = DIGITS[usize::from(b & 0xf)];
        }
        let mut sha = Sha1::new();
        sha.update(key.as_bytes());
        sha.update(md5);
        black_box(sha.finalize());
    };
    let wanted = |input: &str| only.is_empty() || only == input;
    if wanted("md5+sha1") {
        report_with("limit", "md5+sha1", &strings, rounds, reps, hashes);
    }
    if wanted("md5+sha1+check") {
        let texts: Vec<(&(String, String), &str)> = strings
            .iter()
            .zip(&requests)
            .map(|(s, r)| (s, r.json.as_str()))
            .collect();
        report_with(
            "floor",
            "md5+sha1+check",
            &texts,
            rounds,
            reps,
            |(s, json)| {
                black_box(check(black_box(json)).is_ok());
                hashes(s);
            },
        );
    }
    if wanted("json") {
        report("json", &requests, rounds, reps, |r| {
            black_box(paykassma::sign_json(black_box(&r.json), &r.key).unwrap());
        });
    }
    if wanted("array") {
        report("array", &requests, rounds, reps, |r| {
            black_box(paykassma::sign(black_box(&r.array), &r.key).unwrap());
        });
    }
}

fn load(path: &str) -> Vec<Request> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e} (make bench-corpus writes it)"));
    text.lines()
        .map(|line| {
            let Ok(Value::Array(row)) = decode(line) else {
                panic!("{path}: not a JSON object a line");
            };
            let text = |k: &str| row.get(k).and_then(Value::as_str).unwrap().to_owned();
            let Some(Value::Array(array)) = row.get("request") else {
                panic!("{path}: a line without `request`");
            };
            Request {
                key: text("key"),
                json: text("json"),
                array: array.clone(),
                signature: text("signature"),
            }
        })
        .collect()
}

fn report(input: &str, requests: &[Request], rounds: usize, reps: usize, op: impl Fn(&Request)) {
    report_with("core", input, requests, rounds, reps, op)
}

/// Times `op` on each item (best of `rounds` rounds of `reps` calls) and prints the line.
fn report_with<T>(
    implementation: &str,
    input: &str,
    items: &[T],
    rounds: usize,
    reps: usize,
    op: impl Fn(&T),
) {
    let mut times: Vec<(f64, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let best = (0..rounds)
                .map(|_| {
                    let start = Instant::now();
                    for _ in 0..reps {
                        op(r);
                    }
                    start.elapsed().as_secs_f64() * 1e6 / reps as f64
                })
                .fold(f64::INFINITY, f64::min);
            (best, i)
        })
        .collect();
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    if std::env::var_os("SIGN_BENCH_SLOWEST").is_some() {
        for (t, i) in times.iter().rev().take(8) {
            eprintln!("{implementation} {input}: line {} {t:.3} us", i + 1);
        }
    }
    println!(
        "BENCH {{\"what\":\"sign\",\"impl\":\"{implementation}\",\"input\":\"{input}\",\"n\":{},\"median_us\":{:.3},\"slowest_us\":{:.3},\"peak_rss_kb\":{}}}",
        times.len(),
        times[times.len() / 2].0,
        times[times.len() - 1].0,
        peak_rss_kb()
    );
}
