//! Runs the SDK over JSON-lines files of known answers and reports the lines that disagree.
//!
//! `sign` and `hmac` lines: `{"key": ..., "json": "<raw JSON text>", "signature": ...}`
//! `postback` lines: `{"private_key": ..., "body": "<raw body>", "valid": true|false}`, and
//! optionally `"signature_form": "current"|"legacy"` for a valid one.
//! Unknown fields are ignored. Exit 0 when every line passed, 1 when a line failed, 2 when the
//! file holds no records (nothing was checked) or is not UTF-8, 66 when it cannot be read.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::Value;

use crate::exit;
use crate::input::read_file;

#[derive(clap::Subcommand)]
pub enum Kind {
    /// Request signatures: each line's `json` signed with `key` must give `signature`.
    Sign { file: PathBuf },
    /// Postbacks: each line's `body` checked with `private_key` must be `valid` or not.
    Postback { file: PathBuf },
    /// The newer platform's HMAC-SHA512 signatures: each line's `json` signed with `key` must
    /// give `signature` (base64).
    Hmac { file: PathBuf },
}

pub fn run(kind: Kind) -> ExitCode {
    let (file, check): (PathBuf, fn(&Value) -> Result<(), String>) = match kind {
        Kind::Sign { file } => (file, check_sign),
        Kind::Postback { file } => (file, check_postback),
        Kind::Hmac { file } => (file, check_hmac),
    };
    let bytes = match read_file(&file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("paykassma conformance: {e}");
            return ExitCode::from(exit::NO_INPUT);
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "paykassma conformance: {} is not valid UTF-8 (byte {})",
                file.display(),
                e.utf8_error().valid_up_to()
            );
            return ExitCode::from(2);
        }
    };
    let (mut passed, mut failed) = (0usize, 0usize);
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let outcome = match serde_json::from_str::<Value>(line) {
            Ok(record @ Value::Object(_)) => check(&record),
            Ok(other) => Err(format!("not a JSON object but {}", json_kind(&other))),
            Err(e) => Err(format!("not JSON: {e}")),
        };
        match outcome {
            Ok(()) => passed += 1,
            Err(why) => {
                failed += 1;
                println!("line {}: {why}", i + 1);
            }
        }
    }
    if passed + failed == 0 {
        eprintln!(
            "paykassma conformance: {} holds no records: nothing was checked",
            file.display()
        );
        return ExitCode::from(2);
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What a JSON value is, for messages (not the value: it may be a key).
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn field<'a>(record: &'a Value, name: &str) -> Result<&'a str, String> {
    match record.get(name) {
        None => Err(format!("missing field `{name}`")),
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(format!(
            "field `{name}` must be a string, got {}",
            json_kind(other)
        )),
    }
}

fn check_sign(record: &Value) -> Result<(), String> {
    check_signature(record, paykassma::sign_json)
}

fn check_hmac(record: &Value) -> Result<(), String> {
    check_signature(record, paykassma::hmac_sign_json)
}

fn check_signature(
    record: &Value,
    sign: fn(&str, &str) -> Result<String, paykassma::Error>,
) -> Result<(), String> {
    let expected = field(record, "signature")?;
    let got = sign(field(record, "json")?, field(record, "key")?).map_err(|e| e.to_string())?;
    if got == expected {
        Ok(())
    } else {
        Err(format!("expected {expected}, got {got}"))
    }
}

fn check_postback(record: &Value) -> Result<(), String> {
    let expected = match record.get("valid") {
        None => return Err("missing field `valid`".to_owned()),
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(format!(
                "field `valid` must be true or false, got {}",
                json_kind(other)
            ))
        }
    };
    let result = paykassma::verify_postback(
        field(record, "body")?.as_bytes(),
        field(record, "private_key")?,
    );
    let form = match record.get("signature_form") {
        None => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(other) => {
            return Err(format!(
                "field `signature_form` must be a string, got {}",
                json_kind(other)
            ))
        }
    };
    match (expected, result) {
        (true, Ok(p)) => match form {
            Some(form) if form != p.signature_form().as_str() => Err(format!(
                "expected the {form} signature form, got {}",
                p.signature_form().as_str()
            )),
            _ => Ok(()),
        },
        (false, Err(_)) => Ok(()),
        (true, Err(e)) => Err(format!("expected valid, got {e}")),
        (false, Ok(_)) => Err("expected invalid, got valid".to_owned()),
    }
}
