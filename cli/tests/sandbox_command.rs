//! `paykassma sandbox` as a process: the first stdout line names the URL, and it serves there.

use std::io::BufRead;
use std::process::{Command, Stdio};

#[test]
fn prints_its_url_first_and_serves_there() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paykassma"))
        .args(["sandbox", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("sandbox listening on ")
        .map(str::to_owned);
    let status = url.as_ref().map(|url| {
        ureq::get(&format!(
            "{url}/api/v1/accounts-balance?secret=sandbox-secret"
        ))
        .call()
        .map(|r| r.status().as_u16())
    });
    child.kill().unwrap();
    let _ = child.wait();
    let url = url.unwrap_or_else(|| panic!("first line: {line:?}"));
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(status.unwrap().unwrap(), 200);
}

#[test]
fn a_bad_config_file_is_named() {
    let dir = std::env::temp_dir().join(format!("pk-sandbox-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.json");
    std::fs::write(&file, r#"{"secret": "", "port": 0}"#).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_paykassma"))
        .args(["sandbox", "--config"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`secret` must not be empty"));
    std::fs::write(
        &file,
        r#"{"payment_systems": [{"wallet_type": "easypaisa"}]}"#,
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_paykassma"))
        .args(["sandbox", "--config"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("currency"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_postback_url_that_is_not_a_url_is_refused() {
    for bad in ["notaurl", "http://", "ftp://example.com/x", "http://a b/c"] {
        let out = Command::new(env!("CARGO_BIN_EXE_paykassma"))
            .args(["sandbox", "--port", "0", "--postback-url", bad])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(64), "{bad}: {stderr}");
        assert!(
            stderr.contains("--postback-url") && stderr.contains("must be an http(s) URL"),
            "{bad}: {stderr}"
        );
    }
    // In a config file: named as the config's field, as other config mistakes are.
    let dir = std::env::temp_dir().join(format!("pk-sandbox-url-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.json");
    std::fs::write(&file, r#"{"postback_url": "notaurl"}"#).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_paykassma"))
        .args(["sandbox", "--config"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`postback_url` must be an http(s) URL"));
    let _ = std::fs::remove_dir_all(&dir);
}
