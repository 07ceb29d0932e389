//! The client's per-attempt records, to an observer and to the `log` facade, against the
//! sandbox: each attempt starts and ends once, retries included, and no record or log line
//! holds the secret or a key, even when the gateway's answer echoes the request back.

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use paykassma::client::{Attempt, Client, Config, Phase};
use serde_json::json;

/// Every line sent to the `log` facade by this test binary.
static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        LINES.lock().unwrap().push(format!(
            "{} {} {}",
            record.level(),
            record.target(),
            record.args()
        ));
    }
    fn flush(&self) {}
}

fn observed(env: &Env) -> (Client, Arc<Mutex<Vec<Attempt>>>) {
    let seen: Arc<Mutex<Vec<Attempt>>> = Arc::default();
    let kept = seen.clone();
    let client = Client::new(
        Config::new(env.sandbox.base_url(), SECRET)
            .withdrawal_private_key(WITHDRAWAL_KEY)
            .postback_private_key(POSTBACK_KEY)
            .observer(move |a| kept.lock().unwrap().push(a.clone())),
    )
    .unwrap();
    (client, seen)
}

#[test]
fn each_attempt_is_reported_as_it_starts_and_ends_without_a_secret() {
    let _ = log::set_logger(&Capture);
    log::set_max_level(log::LevelFilter::Trace);
    let env = Env::start();
    let (client, seen) = observed(&env);

    // A lookup that meets one 500 and is retried.
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "http_500", "count": 1, "path_prefix": "/api/v1/accounts-balance"})),
    );
    client.call("accounts_balance", "{}").unwrap();
    let records = seen.lock().unwrap().clone();
    let summary: Vec<(Phase, u32, Option<u16>, Option<&str>, bool)> = records
        .iter()
        .map(|a| (a.phase, a.attempt, a.status, a.error, a.retry))
        .collect();
    assert_eq!(
        summary,
        [
            (Phase::Request, 1, None, None, false),
            (
                Phase::Response,
                1,
                Some(500),
                Some("unexpected_response"),
                true
            ),
            (Phase::Request, 2, None, None, false),
            (Phase::Response, 2, Some(200), None, false),
        ],
        "{records:#?}"
    );
    assert!(records
        .iter()
        .all(|a| a.method == "GET" && a.path == "/api/v1/accounts-balance"));
    assert_eq!(
        records[3].to_string(),
        format!(
            "GET /api/v1/accounts-balance -> 200 (attempt 2, {:.1} ms)",
            records[3].duration.as_secs_f64() * 1000.0
        )
    );

    // A signed withdrawal whose refusal echoes the query (with the secret) and the body.
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "echo_error", "format": "json", "count": 3})),
    );
    let withdrawal = easypaisa_withdrawal("obs-1", 1000).to_string();
    assert!(client.call("create_withdrawal", &withdrawal).is_err());
    assert!(client.call("accounts_balance", "{}").is_err());

    let lines = LINES.lock().unwrap().clone();
    let ours: Vec<&String> = lines.iter().filter(|l| l.contains(" paykassma ")).collect();
    assert!(
        ours.iter()
            .any(|l| l
                .starts_with("DEBUG paykassma GET /api/v1/accounts-balance -> 200 (attempt 2, "))
    );
    assert!(ours
        .iter()
        .any(|l| l.starts_with("TRACE paykassma POST /v2/withdrawal/create (attempt 1)")));
    assert!(ours
        .iter()
        .any(|l| l.starts_with("DEBUG paykassma POST /v2/withdrawal/create -> 400 api_error")));
    let records = seen.lock().unwrap().clone();
    let json: String = records.iter().map(Attempt::to_json).collect();
    let everything = format!("{ours:?} {records:?} {json}");
    for secret in [SECRET, WITHDRAWAL_KEY, POSTBACK_KEY] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
}
