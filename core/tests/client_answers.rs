//! What a hostile or broken server gets out of the client: redirects are never followed, echoed
//! secrets never reach an error, a 5xx is never a success, numbers past a double and invalid UTF-8
//! are unexpected answers; DNS failures have their own kind; absurd settings are refused.

mod loopback;

use std::sync::atomic::Ordering;
use std::time::Duration;

use loopback::*;
use paykassma::{Client, Config, Error, TransportKind};

const WITHDRAWAL: &str = r#"{"payment_system":"easypaisa","amount":100,"currency_code":"PKR","label":"1","account_number":"03123456789","account_name":"A B"}"#;
const POSTBACK_KEY: &str = "canary-postback-key-0b5e";

fn client_with_every_secret(base: &str) -> Client {
    let mut config = Config::new(base, SECRET)
        .withdrawal_private_key(KEY)
        .postback_private_key(POSTBACK_KEY)
        .timeouts(Duration::from_millis(500), Duration::from_millis(300));
    config.retry_backoff = Duration::from_millis(10);
    Client::new(config).unwrap()
}

#[test]
fn a_redirect_is_refused_and_nothing_is_re_sent() {
    let (elsewhere, reached) = server("200 OK", r#"{"status":"ok"}"#);
    for status in [
        "301 Moved Permanently",
        "302 Found",
        "303 See Other",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ] {
        let location = format!("{elsewhere}/v2/withdrawal/create");
        let (url, count) = server_with(move |_| answer(status, &[("Location", &location)], b""));
        let c = client(&url);
        for (op, params) in [
            ("create_withdrawal", WITHDRAWAL),
            ("accounts_balance", "{}"),
        ] {
            let err = c.call(op, params).unwrap_err();
            assert_eq!(err.code(), "unexpected_response", "{status} {op}: {err:?}");
            let text = err.to_string();
            assert!(
                text.contains(&status[..3]) && text.contains(&elsewhere),
                "the error names the status and the Location: {text}"
            );
        }
        assert_eq!(
            count.load(Ordering::SeqCst),
            2,
            "{status}: each request was sent once, never retried"
        );
    }
    assert_eq!(
        reached.load(Ordering::SeqCst),
        0,
        "no request reached the redirect's target"
    );
}

#[test]
fn a_withdrawal_error_exposes_the_withdrawal_id_it_sent() {
    let (url, _) = server("302 Found", "");
    let err = client(&url)
        .call("create_withdrawal", WITHDRAWAL)
        .unwrap_err();
    let id = err.withdrawal_id().expect("the id is a field of the error");
    assert!(id.starts_with("sdk-"), "{id}");
    let (url, _) = server(
        "200 OK",
        r#"{"status":"fail","message":"Withdrawal signature is invalid"}"#,
    );
    let err = client(&url)
        .call("create_withdrawal", WITHDRAWAL)
        .unwrap_err();
    assert_eq!(err.code(), "api_error");
    assert!(err.withdrawal_id().is_some(), "{err:?}");
    let err = client(&url).call("accounts_balance", "{}").unwrap_err();
    assert_eq!(err.withdrawal_id(), None);
}

/// An error page that repeats the request line (with `?secret=`) and the body, as misconfigured
/// proxies do, in HTML and inside the gateway's own JSON refusal.
fn echo(request: &[u8], json: bool) -> Vec<u8> {
    let text = String::from_utf8_lossy(request).into_owned();
    if json {
        let message = text
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace("\r\n", " ");
        let body = format!(r#"{{"status":"fail","message":"bad request: {message}"}}"#);
        answer("400 Bad Request", &[], body.as_bytes())
    } else {
        let body = format!("<html><body><h1>502</h1><pre>{text}</pre></body></html>");
        answer("502 Bad Gateway", &[], body.as_bytes())
    }
}

#[test]
fn secrets_echoed_by_the_server_never_reach_an_error() {
    for json in [false, true] {
        let (url, _) = server_with(move |request| echo(request, json));
        let c = client_with_every_secret(&url);
        let location_echo = {
            let (url, _) = server_with(|request| {
                let line = String::from_utf8_lossy(request);
                let target = line.split(' ').nth(1).unwrap_or("").to_owned();
                answer(
                    "302 Found",
                    &[("Location", &format!("http://x{target}"))],
                    b"",
                )
            });
            client_with_every_secret(&url)
                .call("accounts_balance", "{}")
                .unwrap_err()
        };
        // The withdrawal carries no secret (it is signed): only the other two echo one back.
        let errors = [
            (c.call("accounts_balance", "{}").unwrap_err(), true),
            (c.call("create_withdrawal", WITHDRAWAL).unwrap_err(), false),
            (location_echo, true),
        ];
        for (err, echoed_a_secret) in errors {
            let text = format!("{err} {err:?}");
            assert_eq!(
                text.contains("secret=<redacted>"),
                echoed_a_secret,
                "the echo reached the error: {text}"
            );
            for secret in [SECRET, KEY, POSTBACK_KEY] {
                assert!(!text.contains(secret), "{secret} leaked: {text}");
            }
        }
    }
}

#[test]
fn a_5xx_is_never_a_success() {
    for body in [
        r#"{"status":"ok"}"#,
        r#"{"status":"success","code":20000,"data":{}}"#,
        r#"{"status":"pending","message":"x"}"#,
    ] {
        let (url, count) = server("500 Internal Server Error", body);
        let err = client(&url).call("accounts_balance", "{}").unwrap_err();
        assert_eq!(err.code(), "unexpected_response", "{body}: {err:?}");
        assert_eq!(count.load(Ordering::SeqCst), 3, "a GET's 5xx is retried");
    }
}

#[test]
fn a_number_beyond_a_double_is_an_unexpected_answer() {
    let (url, _) = server(
        "200 OK",
        r#"{"status":"success","data":{"balances":[{"amount":1e400}]}}"#,
    );
    let err = client(&url).call("accounts_balance", "{}").unwrap_err();
    assert_eq!(err.code(), "unexpected_response", "{err:?}");
    assert!(err.to_string().contains("data.balances.0.amount"), "{err}");
    // The largest double is still a number.
    let (url, _) = server(
        "200 OK",
        r#"{"status":"success","data":{"balances":[{"amount":1.7976931348623157e308}]}}"#,
    );
    assert!(client(&url).call("accounts_balance", "{}").is_ok());
}

#[test]
fn invalid_utf8_is_an_unexpected_answer() {
    let (url, _) = server_with(|_| answer("200 OK", &[], b"{\"status\":\"ok\",\"x\":\"\xff\"}"));
    let err = client(&url).call("accounts_balance", "{}").unwrap_err();
    assert_eq!(err.code(), "unexpected_response", "{err:?}");
    assert!(err.to_string().contains("UTF-8"), "{err}");
}

#[test]
fn a_host_that_does_not_resolve_is_a_dns_error() {
    let c = client("http://paykassma-sdk-test.invalid");
    match c.call("accounts_balance", "{}").unwrap_err() {
        Error::Transport { kind, message, .. } => assert_eq!(kind, TransportKind::Dns, "{message}"),
        other => panic!("{other:?}"),
    }
}

fn config_error(json: &str) -> Option<String> {
    let config = format!(r#"{{"api_base_url":"http://127.0.0.1:1","secret":"s",{json}}}"#);
    Client::from_json_config(&config)
        .err()
        .map(|e| e.field().unwrap_or("(no field)").to_owned())
}

#[test]
fn settings_are_bounded_and_errors_name_them_as_written() {
    // Each bound at its edge: the largest accepted, then the first refused.
    assert_eq!(config_error(r#""retry_backoff_ms":10000"#), None);
    assert_eq!(
        config_error(r#""retry_backoff_ms":10001"#).as_deref(),
        Some("retry_backoff_ms")
    );
    assert_eq!(config_error(r#""retry_backoff":10"#), None);
    assert_eq!(
        config_error(r#""retry_backoff":10.001"#).as_deref(),
        Some("retry_backoff")
    );
    assert_eq!(
        config_error(r#""retry_backoff":1e6"#).as_deref(),
        Some("retry_backoff")
    );
    assert_eq!(
        config_error(r#""retry_backoff":1e400"#).as_deref(),
        Some("retry_backoff")
    );
    assert_eq!(
        config_error(r#""retry_backoff":-0.5"#).as_deref(),
        Some("retry_backoff")
    );
    assert_eq!(config_error(r#""read_timeout":600"#), None);
    assert_eq!(
        config_error(r#""read_timeout":600.001"#).as_deref(),
        Some("read_timeout")
    );
    assert_eq!(
        config_error(r#""read_timeout":-1"#).as_deref(),
        Some("read_timeout")
    );
    assert_eq!(
        config_error(r#""connect_timeout_ms":600001"#).as_deref(),
        Some("connect_timeout_ms")
    );
    assert_eq!(
        config_error(r#""read_timeout":1,"read_timeout_ms":1000"#).as_deref(),
        Some("read_timeout")
    );
    assert_eq!(config_error(r#""max_retries":10"#), None);
    assert_eq!(
        config_error(r#""max_retries":11"#).as_deref(),
        Some("max_retries")
    );
    let mut config = Config::new("http://127.0.0.1:1", "s");
    config.retry_backoff = Duration::from_secs(11);
    assert_eq!(
        Client::new(config).unwrap_err().field(),
        Some("retry_backoff")
    );
}
