//! `paykassma-hmac-differential`: the core's HMAC-SHA512 signature against the Python oracle
//! (`tests/python/hmac_oracle.py`, `json.loads` + `str()` as the platform's page describes).
//!
//!     paykassma-hmac-differential [--seed N] [--docs N] [--python PYTHON] [--cli PAYKASSMA] [--keep DIR]
//!
//! Python signs `--docs` generated documents (or says why it cannot); the core must give the
//! same signature, or refuse for the same reason, on every one, directly and through
//! `paykassma conformance hmac` on the signed ones. Exit 0 on 100% agreement.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use paykassma_differential::hmac_docs::{hmac_case, HmacCase};
use paykassma_differential::php::{read_lines, write_lines};
use paykassma_differential::rng::Rng;
use paykassma_differential::run;
use serde_json::{json, Value};

struct Options {
    seed: u64,
    docs: usize,
    python: String,
    cli: PathBuf,
    dir: PathBuf,
    keep: bool,
}

fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("paykassma-hmac-differential: {e}");
            return ExitCode::from(2);
        }
    };
    println!("seed {} (rerun with --seed {})", o.seed, o.seed);
    match run(&o) {
        Ok(0) => {
            println!("hmac differential: 100% agreement with Python");
            if !o.keep {
                let _ = std::fs::remove_dir_all(&o.dir);
            }
            ExitCode::SUCCESS
        }
        Ok(n) => {
            println!(
                "hmac differential: {n} disagreement(s) with Python; reproduce with --seed {}; files in {}",
                o.seed,
                o.dir.display()
            );
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("paykassma-hmac-differential: {e}");
            ExitCode::from(2)
        }
    }
}

fn parse_args() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut o = Options {
        seed: run::fresh_seed(),
        docs: 12_000,
        python: "python3".into(),
        cli: run::sibling_cli(),
        dir: std::env::temp_dir().join(format!(
            "paykassma-hmac-differential-{}",
            std::process::id()
        )),
        keep: false,
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--seed" => o.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--docs" => o.docs = value()?.parse().map_err(|e| format!("--docs: {e}"))?,
            "--python" => o.python = value()?,
            "--cli" => o.cli = value()?.into(),
            "--keep" => {
                o.dir = value()?.into();
                o.keep = true;
            }
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    std::fs::create_dir_all(&o.dir).map_err(|e| format!("{}: {e}", o.dir.display()))?;
    Ok(o)
}

/// Why the core refused, in the oracle's words.
fn refusal(message: &str) -> &'static str {
    if message.contains("lone surrogate") {
        "lone_surrogate"
    } else if message.contains("must be a JSON object") {
        "not_object"
    } else {
        "invalid_json"
    }
}

fn run(o: &Options) -> Result<usize, String> {
    let mut rng = Rng::new(o.seed);
    let cases: Vec<HmacCase> = (0..o.docs).map(|_| hmac_case(&mut rng)).collect();
    let texts: Vec<String> = cases.iter().map(|c| c.doc.render()).collect();
    let input = o.dir.join("hmac.in.jsonl");
    let answers = o.dir.join("hmac.answers.jsonl");
    let conformance = o.dir.join("hmac.conformance.jsonl");
    write_lines(
        &input,
        cases
            .iter()
            .zip(&texts)
            .map(|(c, t)| json!({"key": c.key, "json": t})),
    )?;
    let oracle = Path::new(env!("CARGO_MANIFEST_DIR")).join("../python/hmac_oracle.py");
    let out = Command::new(&o.python)
        .arg(&oracle)
        .arg(&input)
        .arg(&answers)
        .output()
        .map_err(|e| format!("cannot run `{}`: {e}", o.python))?;
    if !out.status.success() {
        return Err(format!(
            "{} failed ({}): {}",
            oracle.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let lines = read_lines(&answers)?;
    if lines.len() != cases.len() {
        return Err(format!(
            "Python answered {} of {} documents",
            lines.len(),
            cases.len()
        ));
    }
    let (mut failures, mut signed) = (0, Vec::new());
    let mut refused: std::collections::BTreeMap<String, usize> = Default::default();
    for ((case, text), answer) in cases.iter().zip(&texts).zip(&lines) {
        let python = match (answer["signature"].as_str(), answer["error"].as_str()) {
            (Some(s), _) => Ok(s.to_owned()),
            (None, Some(e)) => Err(e.to_owned()),
            _ => return Err(format!("an answer without signature or error: {answer}")),
        };
        let core = paykassma::hmac_sign_json(text, &case.key).map_err(|e| e.to_string());
        let agree = match (&python, &core) {
            (Ok(p), Ok(c)) => p == c,
            (Err(p), Err(c)) => p == refusal(c),
            _ => false,
        };
        match &python {
            Ok(_) => signed.push(answer.clone()),
            Err(why) => *refused.entry(why.clone()).or_default() += 1,
        }
        if !agree {
            failures += 1;
            if failures <= 3 {
                println!(
                    "DISAGREEMENT (key {:?}): Python {python:?}, the core {core:?}",
                    case.key
                );
                println!("  document: {text}");
                if let Ok(s) = paykassma::hmac::hmac_signing_string(text) {
                    println!("  the core's signing string: {s}");
                }
            }
        }
    }
    let conformance_lines: Vec<Value> = signed
        .iter()
        .map(|a| json!({"key": a["key"], "json": a["json"], "signature": a["signature"]}))
        .collect();
    let n_signed = conformance_lines.len();
    write_lines(&conformance, conformance_lines.into_iter())?;
    println!(
        "hmac: {} documents ({n_signed} signed by Python, refused by both: {refused:?}); {failures} disagreement(s)",
        cases.len()
    );
    let out = Command::new(&o.cli)
        .args(["conformance", "hmac"])
        .arg(&conformance)
        .output()
        .map_err(|e| {
            format!(
                "cannot run {}: {e} (cargo build -p paykassma-cli)",
                o.cli.display()
            )
        })?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    let want = format!("{n_signed} passed, 0 failed");
    println!("paykassma conformance hmac: {last}");
    if !out.status.success() || last != want {
        println!("  expected `{want}` and exit 0; got {}", out.status);
        failures += 1;
    }
    Ok(failures)
}
