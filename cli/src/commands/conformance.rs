//! Runs the SDK over JSON-lines files of known answers and reports the lines that disagree.
//!
//! `sign` lines: `{"key": ..., "json": "<raw JSON text>", "signature": ...}`
//! `postback` lines: `{"private_key": ..., "body": "<raw body>", "valid": true|false}`
//! Unknown fields are ignored.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::Value;

#[derive(clap::Subcommand)]
pub enum Kind {
    /// Request signatures: each line's `json` signed with `key` must give `signature`.
    Sign { file: PathBuf },
    /// Postbacks: each line's `body` checked with `private_key` must be `valid` or not.
    Postback { file: PathBuf },
}

pub fn run(kind: Kind) -> ExitCode {
    let (file, check): (PathBuf, fn(&Value) -> Result<(), String>) = match kind {
        Kind::Sign { file } => (file, check_sign),
        Kind::Postback { file } => (file, check_postback),
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("paykassma conformance: cannot read {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let (mut passed, mut failed) = (0usize, 0usize);
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let outcome = serde_json::from_str::<Value>(line)
            .map_err(|e| format!("not a JSON object: {e}"))
            .and_then(|record| check(&record));
        match outcome {
            Ok(()) => passed += 1,
            Err(why) => {
                failed += 1;
                println!("line {}: {why}", i + 1);
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn field<'a>(record: &'a Value, name: &str) -> Result<&'a str, String> {
    record
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("missing string field `{name}`"))
}

fn check_sign(record: &Value) -> Result<(), String> {
    let expected = field(record, "signature")?;
    let got = paykassma::sign_json(field(record, "json")?, field(record, "key")?)
        .map_err(|e| e.to_string())?;
    if got == expected {
        Ok(())
    } else {
        Err(format!("expected {expected}, got {got}"))
    }
}

fn check_postback(record: &Value) -> Result<(), String> {
    let expected = record
        .get("valid")
        .and_then(Value::as_bool)
        .ok_or("missing boolean field `valid`")?;
    let result = paykassma::verify_postback(
        field(record, "body")?.as_bytes(),
        field(record, "private_key")?,
    );
    match (expected, result) {
        (true, Ok(_)) | (false, Err(_)) => Ok(()),
        (true, Err(e)) => Err(format!("expected valid, got {e}")),
        (false, Ok(_)) => Err("expected invalid, got valid".to_owned()),
    }
}
