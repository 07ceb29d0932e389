//! Exit statuses that tell a wrong command line (64) and an unreadable input file (66) apart
//! from a malformed input (2), and the input caps of `sign` and `verify-postback` at their edge.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const SIGN_CAP: usize = 1 << 20;

fn paykassma(args: &[&str]) -> Output {
    paykassma_with_stdin(args, b"")
}

fn paykassma_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paykassma"))
        .args(args)
        .env_remove("PAYKASSMA_PRIVATE_KEY")
        .env_remove("PAYKASSMA_POSTBACK_PRIVATE_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command may stop reading early (the cap): a broken pipe here is expected.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A file in a directory of this test's own.
fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pk-cli-usage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn a_wrong_command_line_exits_64_and_help_and_version_exit_0() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["sign", "--no-such-option"],
        &["sign"], // no --key and no PAYKASSMA_PRIVATE_KEY
        &["sandbox", "--port", "not-a-port"],
        &["conformance", "sign"],
    ] {
        let out = paykassma(args);
        assert_eq!(out.status.code(), Some(64), "{args:?}: {}", stderr(&out));
        let said = stderr(&out);
        assert!(
            said.contains("error:") || said.contains("Usage"),
            "{args:?}: {said}"
        );
    }
    for args in [
        &["--help"][..],
        &["sign", "--help"],
        &["help"],
        &["--version"],
    ] {
        let out = paykassma(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(!stdout(&out).is_empty(), "{args:?}");
    }
    assert!(stdout(&paykassma(&["--help"])).contains("64"));
}

#[test]
fn an_unreadable_input_file_exits_66_naming_it() {
    let missing = std::env::temp_dir().join("pk-cli-no-such-file.json");
    let missing = missing.to_str().unwrap();
    let directory = std::env::temp_dir();
    let directory = directory.to_str().unwrap();
    for path in [missing, directory] {
        for args in [
            vec!["sign", "--key", "k", path],
            vec!["verify-postback", "--key", "k", path],
            vec!["conformance", "sign", path],
            vec!["conformance", "postback", path],
            vec!["sandbox", "--port", "0", "--config", path],
        ] {
            let out = paykassma(&args);
            assert_eq!(out.status.code(), Some(66), "{args:?}: {}", stderr(&out));
            assert!(
                stderr(&out).contains(&format!("cannot read {path}")),
                "{args:?}: {}",
                stderr(&out)
            );
        }
    }
}

/// `{"a":"xxx..."}` of exactly `len` bytes.
fn json_of_len(len: usize) -> String {
    let overhead = r#"{"a":""}"#.len();
    format!(r#"{{"a":"{}"}}"#, "x".repeat(len - overhead))
}

#[test]
fn sign_reads_up_to_its_cap_and_refuses_one_byte_more() {
    let at_cap = json_of_len(SIGN_CAP);
    assert_eq!(at_cap.len(), SIGN_CAP);
    let file = temp_file("at-cap.json", at_cap.as_bytes());
    let out = paykassma(&["sign", "--key", "k", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        paykassma::sign_json(&at_cap, "k").unwrap()
    );

    let over = json_of_len(SIGN_CAP + 1);
    let file = temp_file("over-cap.json", over.as_bytes());
    let from_file = paykassma(&["sign", "--key", "k", file.to_str().unwrap()]);
    let from_stdin = paykassma_with_stdin(&["sign", "--key", "k"], over.as_bytes());
    for out in [from_file, from_stdin] {
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            stderr(&out).trim(),
            "paykassma sign: input is over the 1048576-byte cap"
        );
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn verify_postback_refuses_a_body_over_the_postback_cap_as_malformed() {
    let cap = paykassma::postback::MAX_POSTBACK_BYTES;
    let out = paykassma_with_stdin(
        &["verify-postback", "--key", "k"],
        json_of_len(cap + 1).as_bytes(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        format!("paykassma verify-postback: input is over the {cap}-byte cap")
    );
    // At the cap the body is read and judged on its content (not a postback: malformed).
    let out = paykassma_with_stdin(
        &["verify-postback", "--key", "k"],
        json_of_len(cap).as_bytes(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("cap"), "{}", stderr(&out));
}
