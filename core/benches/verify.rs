//! Verifying a ~6 KB postback and signing a withdrawal request: the core against PHP doing the
//! same work on the same inputs, in the same run. Prints both times and the ratio.
//!
//!     cargo bench -p paykassma --bench verify
//!
//! `PHP=/path/to/php` picks the interpreter; without PHP only the core's figures are printed.
//! The inputs in `data/` were written by `php tests/php-oracle/bench.php --make-inputs core/benches/data`.

use std::hint::black_box;
use std::process::Command;
use std::time::Instant;

use md5::{Digest, Md5};

const BODY: &str = include_str!("data/postback_6kb.json");
const REQUEST: &str = include_str!("data/withdrawal_request.json");
const POSTBACK_KEY: &str = "bench-postback-key";
const REQUEST_KEY: &str = "withdrawal-private-key";
const ITERATIONS: usize = 20_000;
/// The core must verify at least this many times faster than PHP.
const TARGET_RATIO: f64 = 8.0;

/// One timed call: the verification the benchmark is about.
fn verify_once(body: &str) {
    black_box(paykassma::verify_postback(black_box(body.as_bytes()), POSTBACK_KEY).is_ok());
}

/// Calls per timed round: short enough that a burst of other processes spoils few rounds.
const ROUND: usize = 200;

/// Microseconds per call: `ITERATIONS` calls in rounds of `ROUND`, the best round. PHP's side
/// (`tests/php-oracle/bench.php`) times the same way.
fn time_us(op: impl FnMut()) -> f64 {
    time_pair_us(op, || {}).0
}

/// Two operations timed in alternating short rounds, best round of each: a difference between
/// them stays meaningful when the machine's speed drifts during the run.
fn time_pair_us(mut a: impl FnMut(), mut b: impl FnMut()) -> (f64, f64) {
    let mut best = (f64::INFINITY, f64::INFINITY);
    for _ in 0..ITERATIONS / ROUND {
        for (op, best) in [
            (&mut a as &mut dyn FnMut(), &mut best.0),
            (&mut b, &mut best.1),
        ] {
            let start = Instant::now();
            for _ in 0..ROUND {
                op();
            }
            *best = best.min(start.elapsed().as_secs_f64() * 1e6 / ROUND as f64);
        }
    }
    best
}

/// PHP's figures, `(version, verify_us, sign_us)`: the best of five runs.
fn php_times() -> Result<(String, f64, f64), String> {
    let php = std::env::var("PHP").unwrap_or_else(|_| "php".into());
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/data");
    let mut best: Option<(String, f64, f64)> = None;
    for _ in 0..5 {
        let out = Command::new(&php)
            .arg(format!("{root}/tests/php-oracle/bench.php"))
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

    // A fresh process here runs slower for its first seconds: warm up before timing.
    let warm = Instant::now();
    while warm.elapsed().as_secs_f64() < 3.0 {
        verify_once(BODY);
    }
    let verify = time_us(|| verify_once(BODY));
    let sign = time_us(|| {
        black_box(paykassma::sign_json(black_box(REQUEST), REQUEST_KEY).is_ok());
    });

    println!(
        "postback body: {} bytes, 3 signed entries, 184 rates; request: {} bytes",
        BODY.len(),
        REQUEST.len()
    );
    println!("{:<34} {:>10} {:>10} {:>8}", "", "core", "PHP", "ratio");
    let php_verify = match php_times() {
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
            Some(php_verify)
        }
        Err(e) => {
            println!("{:<34} {:>8.2}us", "verify postback (~6 KB)", verify);
            println!("{:<34} {:>8.2}us", "sign withdrawal request (JSON)", sign);
            println!("PHP not available ({e}); no ratio");
            None
        }
    };
    where_the_time_goes(postback.signed_json(), php_verify);
}

/// The two costs no verifier can skip, measured on the same body: md5 over the re-encoded signed
/// list (the formula's inner hash, serial by design) and checking the unsigned rates, which must
/// be valid JSON because PHP's `json_decode` refuses the whole body otherwise. With PHP's time,
/// also how much of the target's budget those two take.
fn where_the_time_goes(signed_json: &str, php_verify: Option<f64>) {
    let md5 = time_us(|| {
        black_box(Md5::digest(black_box(signed_json.as_bytes())));
    });
    let without_rates = body_without_converted_amount();
    let fewer = paykassma::verify_postback(without_rates.as_bytes(), POSTBACK_KEY)
        .expect("converted_amount is unsigned: the body still verifies without it");
    assert_eq!(fewer.entries().len(), 3);
    let (with_rates, without) = time_pair_us(|| verify_once(BODY), || verify_once(&without_rates));
    println!("where the core's time goes:");
    println!(
        "  md5 of the {}-byte signed list alone {:>13.2}us",
        signed_json.len(),
        md5
    );
    println!(
        "  checking the 184 unsigned rates {:>17.2}us  (verify without them: {:.2}us)",
        with_rates - without,
        without
    );
    if let Some(php) = php_verify {
        let budget = php / TARGET_RATIO;
        println!(
            "  the {TARGET_RATIO}x target allows {budget:.2}us per verify: md5 alone takes {:.0}% of it, \
             md5 and the rates check {:.0}%",
            100.0 * md5 / budget,
            100.0 * (md5 + with_rates - without) / budget
        );
    }
}

/// The benchmark body with its `converted_amount` member cut out of the text.
fn body_without_converted_amount() -> String {
    let start = BODY
        .find("\"converted_amount\"")
        .expect("the body has rates");
    let close = start + BODY[start..].find('}').expect("the rates object closes");
    let end = close + BODY[close..].find('"').expect("another member follows");
    format!("{}{}", &BODY[..start], &BODY[end..])
}
