//! `paykassma conformance` over JSON-lines files: a file with nothing to check fails, and a line
//! that cannot be checked says why (which field, what it is instead).

use std::path::PathBuf;
use std::process::{Command, Output};

fn conformance(kind: &str, contents: &str) -> Output {
    let dir = std::env::temp_dir().join(format!("pk-cli-conformance-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file: PathBuf = dir.join(format!("{kind}-{}.jsonl", contents.len()));
    std::fs::write(&file, contents).unwrap();
    Command::new(env!("CARGO_BIN_EXE_paykassma"))
        .args(["conformance", kind])
        .arg(&file)
        .output()
        .unwrap()
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_file_without_records_checks_nothing_and_fails() {
    for contents in ["", "\n\n   \n"] {
        for kind in ["sign", "postback"] {
            let out = conformance(kind, contents);
            let (stdout, stderr) = text(&out);
            assert_eq!(out.status.code(), Some(2), "{kind} {contents:?}: {stdout}");
            assert!(
                stderr.contains("holds no records: nothing was checked"),
                "{stderr}"
            );
        }
    }
}

#[test]
fn a_line_with_a_wrong_field_type_says_which_and_what_it_is() {
    let good = serde_json::json!({
        "key": "k", "json": "{\"a\":1}", "signature": paykassma::sign_json("{\"a\":1}", "k").unwrap()
    });
    let lines = [
        good.to_string(),
        r#"{"key": 5, "json": "{}", "signature": "x"}"#.to_owned(),
        r#"{"key": "k", "json": {"a": 1}, "signature": "x"}"#.to_owned(),
        r#"{"key": "k", "json": "{}"}"#.to_owned(),
        r#"[1, 2]"#.to_owned(),
        r#"{"key": "#.to_owned(),
    ];
    let out = conformance("sign", &lines.join("\n"));
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    for expected in [
        "line 2: field `key` must be a string, got a number",
        "line 3: field `json` must be a string, got an object",
        "line 4: missing field `signature`",
        "line 5: not a JSON object but an array",
        "line 6: not JSON: ",
        "1 passed, 5 failed",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    // The value of a wrongly typed key is not shown.
    assert!(!stdout.contains("got a number (5)"), "{stdout}");

    let out = conformance(
        "postback",
        r#"{"private_key": "k", "body": "{}", "valid": "yes"}"#,
    );
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("line 1: field `valid` must be true or false, got a string"),
        "{stdout}"
    );
}

#[test]
fn hmac_lines_pass_on_the_right_signature_and_fail_on_another() {
    let json = r#"{"general":{"id":1},"amount":1.5}"#;
    let right = paykassma::hmac_sign_json(json, "k").unwrap();
    let lines = [
        serde_json::json!({"key": "k", "json": json, "signature": right}).to_string(),
        serde_json::json!({"key": "other", "json": json, "signature": right}).to_string(),
        serde_json::json!({"key": "k", "json": "[1]", "signature": right}).to_string(),
    ];
    let out = conformance("hmac", &lines.join("\n"));
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("line 2: expected "), "{stdout}");
    assert!(
        stdout.contains("line 3: invalid json: must be a JSON object, got a list"),
        "{stdout}"
    );
    assert!(stdout.ends_with("1 passed, 2 failed\n"), "{stdout}");
    let out = conformance("hmac", &lines[0]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out).0, "1 passed, 0 failed\n");
}

#[test]
fn sign_hmac_prints_the_base64_signature() {
    let dir = std::env::temp_dir().join(format!("pk-cli-sign-hmac-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("doc.json");
    let json = r#"{"general":{"id":1,"signature":"old"},"amount":1.5}"#;
    std::fs::write(&file, json).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_paykassma"))
        .args(["sign", "--hmac", "--key", "k"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let want = paykassma::hmac_sign_json(json, "k").unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{want}\n"));
    std::fs::write(&file, "[]").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_paykassma"))
        .args(["sign", "--hmac", "--key", "k"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("must be a JSON object"));
}
