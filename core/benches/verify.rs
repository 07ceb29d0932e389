//! Verifying a ~6 KB postback and signing a withdrawal request: the core against PHP doing the
//! same work on the same inputs, in the same run. Prints both times and the ratio.
//!
//!     cargo bench -p paykassma --bench verify
//!
//! `PHP=/path/to/php` picks the interpreter; without PHP only the core's figures are printed.
//! The inputs in `data/` were written by `php tests/php/bench.php --make-inputs core/benches/data`.

use std::hint::black_box;
use std::process::Command;
use std::time::Instant;

const BODY: &str = include_str!("data/postback_6kb.json");
const REQUEST: &str = include_str!("data/withdrawal_request.json");
const POSTBACK_KEY: &str = "bench-postback-key";
const REQUEST_KEY: &str = "withdrawal-private-key";
const ITERATIONS: usize = 20_000;
/// The core must verify at least this many times faster than PHP.
const TARGET_RATIO: f64 = 8.0;

/// Microseconds per call: the best of five rounds, to keep other processes' noise out.
fn time_us(mut op: impl FnMut()) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..ITERATIONS / 5 {
                op();
            }
            start.elapsed().as_secs_f64() * 1e6 / (ITERATIONS / 5) as f64
        })
        .fold(f64::INFINITY, f64::min)
}

/// PHP's figures, `(version, verify_us, sign_us)`: also the best of five runs.
fn php_times() -> Result<(String, f64, f64), String> {
    let php = std::env::var("PHP").unwrap_or_else(|_| "php".into());
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/data");
    let mut best: Option<(String, f64, f64)> = None;
    for _ in 0..5 {
        let out = Command::new(&php)
            .arg(format!("{root}/tests/php/bench.php"))
            .arg(format!("{data}/postback_6kb.json"))
            .arg(POSTBACK_KEY)
            .arg(format!("{data}/withdrawal_request.json"))
            .arg(REQUEST_KEY)
            .arg((ITERATIONS / 5).to_string())
            .output()
            .map_err(|e| format!("cannot run {php}: {e}"))?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        let line = String::from_utf8_lossy(&out.stdout).into_owned();
        let number = |field: &str| -> Result<f64, String> {
            let at = line
                .find(&format!("\"{field}\":"))
                .ok_or(format!("no {field} in {line}"))?;
            let rest = &line[at + field.len() + 3..];
            let end = rest.find([',', '}']).unwrap_or(rest.len());
            rest[..end]
                .trim()
                .parse()
                .map_err(|e| format!("{field}: {e}"))
        };
        let version = line.split('"').nth(3).unwrap_or("?").to_owned();
        let (v, s) = (number("verify_us")?, number("sign_us")?);
        best = Some(match best {
            Some((_, bv, bs)) => (version, bv.min(v), bs.min(s)),
            None => (version, v, s),
        });
    }
    best.ok_or_else(|| "no PHP run".into())
}

fn main() {
    let postback = paykassma::verify_postback(BODY.as_bytes(), POSTBACK_KEY)
        .expect("the benchmark postback verifies");
    assert_eq!(postback.entries().len(), 3);
    paykassma::sign_json(REQUEST, REQUEST_KEY).expect("the benchmark request signs");

    let verify = time_us(|| {
        black_box(paykassma::verify_postback(black_box(BODY.as_bytes()), POSTBACK_KEY).is_ok());
    });
    let sign = time_us(|| {
        black_box(paykassma::sign_json(black_box(REQUEST), REQUEST_KEY).is_ok());
    });

    println!(
        "postback body: {} bytes, 3 signed entries, 184 rates; request: {} bytes",
        BODY.len(),
        REQUEST.len()
    );
    println!("{:<34} {:>10} {:>10} {:>8}", "", "core", "PHP", "ratio");
    match php_times() {
        Ok((version, php_verify, php_sign)) => {
            let ratio = php_verify / verify;
            println!(
                "{:<34} {:>8.2}us {:>8.2}us {:>7.1}x",
                "verify postback (~6 KB)", verify, php_verify, ratio
            );
            println!(
                "{:<34} {:>8.2}us {:>8.2}us {:>7.1}x",
                "sign withdrawal request (JSON)",
                sign,
                php_sign,
                php_sign / sign
            );
            println!(
                "PHP {version}; target: verify at least {TARGET_RATIO}x faster than PHP: {}",
                if ratio >= TARGET_RATIO {
                    "met"
                } else {
                    "NOT MET"
                }
            );
        }
        Err(e) => {
            println!("{:<34} {:>8.2}us", "verify postback (~6 KB)", verify);
            println!("{:<34} {:>8.2}us", "sign withdrawal request (JSON)", sign);
            println!("PHP not available ({e}); no ratio");
        }
    }
}
