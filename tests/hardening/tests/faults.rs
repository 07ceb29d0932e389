//! Bad networks through the real `paykassma::Client`, using the sandbox's fault injection:
//! answers lost after the gateway acted, GET retries and their backoff, and a typed error (never
//! a panic) for every operation under every fault. The sandbox's own tests cover a single cut
//! withdrawal retried once; these go further.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use paykassma::client::OPERATIONS;
use paykassma::{Error, TransportKind, ERROR_CODES};
use paykassma_hardening::fixture::json_of;
use paykassma_hardening::Fixture;
use paykassma_sandbox::DEFAULT_SECRET;
use serde_json::{json, Value};

fn withdrawal(id: Option<&str>, amount: i64) -> String {
    let mut p = json!({"payment_system": "easypaisa", "amount": amount, "currency_code": "PKR",
        "label": "hard", "account_number": "03405135211", "account_name": "Hard Test", "is_test": true});
    if let Some(id) = id {
        p["withdrawal_id"] = json!(id);
    }
    p.to_string()
}

#[test]
fn a_withdrawal_answered_after_the_read_timeout_is_created_once() {
    let f = Fixture::start(|_| {});
    let c = f.client(json!({"read_timeout_ms": 2000, "max_retries": 2}));
    // First a 500 before processing, then an answer that comes far too late after processing.
    f.arm("http_500", 1, "/v2/withdrawal", None);
    f.arm("slow", 1, "/v2/withdrawal", Some(10_000));
    let start = Instant::now();
    let out = json_of(
        &c.call("create_withdrawal", &withdrawal(None, 1000))
            .unwrap(),
    );
    assert_eq!(out["status"], "ok", "{out}");
    assert!(
        start.elapsed() >= Duration::from_millis(2000),
        "waited out the read timeout"
    );
    assert_eq!(f.faults_left(), 0, "both faults were met");
    let list = f.withdrawals();
    assert_eq!(list.len(), 1, "one withdrawal: {list:?}");
    assert_eq!(
        list[0]["withdrawal_id"], out["withdrawal_id"],
        "every attempt carried the generated id"
    );
    // The 500 came before processing; the slow attempt and the retry reached the gateway.
    assert_eq!(list[0]["create_requests"], 2);
}

#[test]
fn a_withdrawal_whose_answers_are_all_lost_is_created_once_and_safe_to_send_again() {
    let f = Fixture::start(|_| {});
    let c = f.client(json!({"max_retries": 2}));
    f.arm("cut_connection", 3, "/v2/withdrawal", None);
    let err = c
        .call("create_withdrawal", &withdrawal(Some("hard-cut-1"), 1000))
        .unwrap_err();
    assert_eq!(err.code(), "transport_error", "{err:?}");
    let list = f.withdrawals();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["withdrawal_id"], "hard-cut-1");
    assert_eq!(
        list[0]["create_requests"], 3,
        "three attempts, one withdrawal"
    );

    // The merchant did not learn the outcome and sends the same withdrawal again later.
    let out = json_of(
        &c.call("create_withdrawal", &withdrawal(Some("hard-cut-1"), 1000))
            .unwrap(),
    );
    assert_eq!(
        (out["status"].as_str(), out["withdrawal_id"].as_str()),
        (Some("ok"), Some("hard-cut-1"))
    );
    // A different withdrawal under a used id is refused: never a second one.
    let err = c
        .call("create_withdrawal", &withdrawal(Some("hard-cut-1"), 2000))
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.field_errors[0].0, "withdrawal_id", "{api:?}");
    let list = f.withdrawals();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["amount"], "1000");
    assert_eq!(list[0]["create_requests"], 5);
}

/// Polls the sandbox's armed faults and notes when each use was taken: the arrival of each
/// attempt, seen from the gateway's side.
fn arrivals_while(f: &Fixture, armed: u64, call: impl FnOnce() + Send) -> (Vec<Instant>, Instant) {
    std::thread::scope(|s| {
        let caller = s.spawn(move || {
            call();
            Instant::now()
        });
        let mut seen = Vec::new();
        let mut left = armed;
        let deadline = Instant::now() + Duration::from_secs(60);
        while left > 0 && Instant::now() < deadline {
            let now = f.faults_left();
            for _ in now..left {
                seen.push(Instant::now());
            }
            left = left.min(now);
            std::thread::sleep(Duration::from_millis(1));
        }
        (seen, caller.join().unwrap())
    })
}

#[test]
fn gets_are_retried_with_doubling_backoff() {
    let f = Fixture::start(|_| {});
    let c = f.client(json!({"max_retries": 3, "retry_backoff_ms": 250}));
    f.arm("http_500", 3, "/api/v1/accounts-balance", None);
    let start = Instant::now();
    let (attempts, done) = arrivals_while(&f, 3, || {
        c.call("accounts_balance", "{}").unwrap();
    });
    assert_eq!(attempts.len(), 3, "three failed attempts, then the answer");
    let gaps = [
        attempts[1] - attempts[0],
        attempts[2] - attempts[1],
        done - attempts[2],
    ];
    eprintln!(
        "GET retry gaps seen by the gateway: {:?} ms (backoff 250 ms, doubling)",
        gaps.map(|g| g.as_millis())
    );
    for (gap, pause) in gaps.iter().zip([250u64, 500, 1000]) {
        let pause = Duration::from_millis(pause);
        // Polling can notice an arrival late, which shortens the gap before it a little.
        assert!(
            *gap >= pause * 4 / 5,
            "gap {gap:?} for a pause of {pause:?}"
        );
        assert!(
            *gap < pause + Duration::from_secs(3),
            "gap {gap:?} for {pause:?}"
        );
    }
    assert!(start.elapsed() >= Duration::from_millis(1750));

    // Retries stop after max_retries: a typed error carrying the 500.
    f.arm("http_500", 5, "/api/v1/accounts-balance", None);
    let err = c.call("accounts_balance", "{}").unwrap_err();
    assert_eq!(f.faults_left(), 1, "1 + 3 attempts");
    match &err {
        Error::Api(e) => assert_eq!(e.http_status, 500, "{e:?}"),
        Error::UnexpectedResponse { http_status, .. } => assert_eq!(*http_status, 500),
        other => panic!("{other:?}"),
    }
    f.control("POST", "/_sandbox/reset", Value::Null);

    // A POST a retry could duplicate (no id of the caller's in it) is sent once.
    f.arm("http_500", 2, "/api/v1/transaction/create", None);
    let err = c
        .call(
            "create_transaction",
            r#"{"wallet_type":"easypaisa","currency":"PKR","label":"hard"}"#,
        )
        .unwrap_err();
    assert!(ERROR_CODES.contains(&err.code()), "{err:?}");
    assert_eq!(f.faults_left(), 1, "one attempt only");
}

/// Parameters that the sandbox accepts for each operation (`n` keeps ids unique).
fn params(op: &str, n: usize) -> Value {
    match op {
        "payment_systems_available" => json!({"currency_codes": ["PKR"], "label": "m"}),
        "save_transaction_custom_id" => {
            json!({"label": "m", "transaction_custom_id": format!("m-s-{n}")})
        }
        "media_hints" | "accounts_balance" => json!({}),
        "create_transaction" | "deposit_info" => {
            json!({"wallet_type": "easypaisa", "currency": "PKR", "label": "m"})
        }
        "activate_transaction" => json!({"wallet_type": "easypaisa", "currency_code": "PKR",
            "label": "m", "key1": "12345678901", "amount": 1000,
            "custom_transaction_id": format!("m-a-{n}")}),
        "activate_possible_transaction" => json!({"wallet_type": "paytm", "currency_code": "INR",
            "label": "m", "key1": "123-ABC", "amount": 1000,
            "custom_transaction_id": format!("m-p-{n}")}),
        "create_payment" => json!({"payment_system": "phone_pe", "currency": "INR",
            "amount": "150.25", "label": "m", "custom_transaction_id": format!("m-c-{n}"),
            "bank": "MBB", "redirect_url": "https://example.com/r"}),
        "hash_urls" => json!({"success_urls": [{"order": 1, "url": "https://s.example/1"}],
            "fail_urls": [{"order": 1, "url": "https://f.example/1"}], "pending_urls": []}),
        "create_withdrawal" => {
            serde_json::from_str(&withdrawal(Some(&format!("m-w-{n}")), 100)).unwrap()
        }
        "create_legacy_withdrawal" => json!({"wallet_type": "paytm",
            "wallet_recipient": "123123232", "wallet_sender": "1111",
            "email": "user@example.com", "amount": 1000, "withdrawal_id": format!("{}", 1000 + n)}),
        "get_postback" => json!({"type": "deposit", "custom_id": "none"}),
        "pull_postbacks" => json!({"type": "withdrawal", "withdrawal_ids": ["none"]}),
        other => panic!("no parameters for {other}"),
    }
}

/// Runs `op`, turning a panic into a test failure that names it.
fn call_no_panic(c: &paykassma::Client, op: &str, params: &Value) -> Result<String, Error> {
    let text = params.to_string();
    let r = catch_unwind(AssertUnwindSafe(|| c.call(op, &text)))
        .unwrap_or_else(|_| panic!("{op} panicked"));
    if let Err(e) = &r {
        let shown = format!("{e} {e:?}");
        assert!(
            !shown.contains(DEFAULT_SECRET),
            "{op}: the secret leaked: {shown}"
        );
        assert!(ERROR_CODES.contains(&e.code()));
    }
    r
}

#[test]
fn every_operation_under_every_fault_gives_a_typed_error() {
    let f = Fixture::start(|_| {});
    let patient = f.client(json!({"max_retries": 0}));
    let impatient = f.client(json!({"max_retries": 0, "read_timeout_ms": 500}));
    let mut n = 0;
    // Without faults every operation reaches the gateway and gets its answer.
    for op in OPERATIONS {
        n += 1;
        match call_no_panic(&patient, op, &params(op, n)) {
            Ok(_) | Err(Error::Api(_)) => {}
            Err(e) => panic!("{op} without faults: {e:?}"),
        }
    }
    for kind in ["http_500", "not_json", "cut_connection", "slow"] {
        for op in OPERATIONS {
            n += 1;
            let delay = (kind == "slow").then_some(5_000);
            f.arm(kind, 1, "", delay);
            let client = if kind == "slow" { &impatient } else { &patient };
            let err = match call_no_panic(client, op, &params(op, n)) {
                Ok(out) => panic!("{op} under {kind}: succeeded with {out}"),
                Err(e) => e,
            };
            assert_eq!(f.faults_left(), 0, "{op} met the {kind} fault");
            let expected = match kind {
                "http_500" => {
                    matches!(&err, Error::Api(e) if e.http_status == 500)
                        || matches!(
                            &err,
                            Error::UnexpectedResponse {
                                http_status: 500,
                                ..
                            }
                        )
                }
                "not_json" => matches!(&err, Error::UnexpectedResponse { body, .. }
                    if body.contains("Bad Gateway")),
                "slow" => matches!(
                    &err,
                    Error::Transport {
                        kind: TransportKind::Timeout,
                        ..
                    }
                ),
                _ => err.code() == "transport_error",
            };
            assert!(expected, "{op} under {kind}: {err:?}");
        }
    }
    // Nobody listening: a connection error for every operation.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let nowhere = f.client(json!({"api_base_url": dead, "max_retries": 1, "retry_backoff_ms": 1}));
    for op in OPERATIONS {
        n += 1;
        let err = call_no_panic(&nowhere, op, &params(op, n)).unwrap_err();
        assert!(
            matches!(
                &err,
                Error::Transport {
                    kind: TransportKind::Connect,
                    ..
                }
            ),
            "{op}: {err:?}"
        );
    }
}
