//! Faults, postback delivery retries, duplicates, a merchant endpoint that is down, malformed
//! requests, and reset.

mod common;

use std::time::{Duration, Instant};

use common::*;
use paykassma::verify_postback;
use serde_json::json;

fn credited_deposit(env: &Env, custom: &str) -> String {
    let id = env.create("easypaisa", "PKR", "f1");
    let tx = env.pay("easypaisa", &id, 1000);
    let (_, a) = env.activate(
        json!({"currency_code": "PKR", "label": "f1", "wallet_type": "easypaisa",
        "key1": tx, "amount": 1000, "custom_transaction_id": custom}),
    );
    assert_eq!(a["deposit"], true, "{a}");
    tx
}

#[test]
fn http_500_and_not_json_hit_the_next_n_matching_requests_only() {
    let env = Env::start();
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "http_500", "count": 2, "path_prefix": "/api/v1/accounts"})),
    );
    // Another path is not affected.
    assert_eq!(
        env.get("/api/v1/deposit-info?label=a&wallet_type=easypaisa&currency=PKR")
            .0,
        200
    );
    for _ in 0..2 {
        let (status, body) = env.get("/api/v1/accounts-balance");
        assert_eq!(
            (status, body.as_str()),
            (500, r#"{"message":"Server Error"}"#)
        );
    }
    assert_eq!(env.get("/api/v1/accounts-balance").0, 200);

    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "not_json", "count": 1})),
    );
    let (status, body) = env.get("/api/v1/accounts-balance");
    assert_eq!(status, 200);
    assert!(
        serde_json::from_str::<serde_json::Value>(&body).is_err(),
        "{body}"
    );
    // A faulted withdrawal (500, before processing) creates nothing.
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "http_500", "count": 1, "path_prefix": "/v2/"})),
    );
    assert_eq!(env.withdraw(easypaisa_withdrawal("f-1", 1000)).0, 500);
    assert_eq!(env.state()["withdrawals"].as_array().unwrap().len(), 0);

    let (status, _) = call(
        "POST",
        &env.url("/_sandbox/faults"),
        Some(r#"{"kind":"meteor"}"#),
    );
    assert_eq!(status, 400);
}

#[test]
fn slow_answers_wait_the_given_delay() {
    let env = Env::start();
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "slow", "count": 1, "delay_ms": 700})),
    );
    let start = Instant::now();
    assert_eq!(env.get("/api/v1/accounts-balance").0, 200);
    assert!(start.elapsed() >= Duration::from_millis(700));
    // A client whose read timeout is shorter gives up.
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "slow", "count": 1, "delay_ms": 1500})),
    );
    let r = try_call(
        "GET",
        &env.secret_url("/api/v1/accounts-balance"),
        None,
        Duration::from_millis(300),
    );
    assert!(r.is_err(), "timed out");
}

#[test]
fn a_cut_connection_after_processing_makes_a_retry_idempotent() {
    let env = Env::start();
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "cut_connection", "count": 1, "path_prefix": "/v2/withdrawal"})),
    );
    let body = signed(easypaisa_withdrawal("cut-1", 1000)).to_string();
    let start = Instant::now();
    let first = try_call(
        "POST",
        &env.url("/v2/withdrawal/create"),
        Some(&body),
        Duration::from_secs(5),
    );
    assert!(first.is_err(), "no answer: {first:?}");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "the connection is closed, not left hanging"
    );
    // The retry with the same withdrawal_id is answered as the first would have been.
    let (status, text) = call("POST", &env.url("/v2/withdrawal/create"), Some(&body));
    assert_eq!((status, json_of(&text)), (200, json!({"status": "ok"})));
    let state = env.state();
    assert_eq!(state["withdrawals"].as_array().unwrap().len(), 1);
    assert_eq!(state["withdrawals"][0]["create_requests"], 2);
}

#[test]
fn postbacks_are_retried_with_backoff_until_acknowledged() {
    let env = Env::start();
    env.receiver.answer_next(500, "oops");
    env.receiver.answer_next(200, r#"{"status":"error"}"#);
    env.receiver.answer_next(200, "ok");
    credited_deposit(&env, "r-1");
    let fourth = env.receiver.wait_for(4);
    assert_eq!(
        env.receiver.body(0),
        fourth,
        "every attempt carries the same bytes"
    );
    verify_postback(&fourth, POSTBACK_KEY).unwrap();
    wait_until(Duration::from_secs(5), || {
        env.control("GET", "/_sandbox/deliveries", None)["deliveries"]
            .as_array()
            .unwrap()
            .len()
            == 4
    });
    let log = env.control("GET", "/_sandbox/deliveries", None);
    let attempts = log["deliveries"].as_array().unwrap();
    let statuses: Vec<_> = attempts
        .iter()
        .map(|d| {
            (
                d["attempt"].as_i64().unwrap(),
                d["http_status"].as_i64(),
                d["acknowledged"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        vec![
            (1, Some(500), false),
            (2, Some(200), false),
            (3, Some(200), false),
            (4, Some(200), true)
        ]
    );
    assert!(attempts[0]["error"].is_string());
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(env.receiver.count(), 4, "nothing after the acknowledgement");
    let postbacks = env.control("GET", "/_sandbox/postbacks", None);
    assert_eq!(postbacks["postbacks"][0]["acknowledged"], true);
}

#[test]
fn a_down_merchant_endpoint_is_logged_and_never_stops_the_sandbox() {
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/gone", l.local_addr().unwrap())
    };
    let env = Env::with(|c| {
        c.postback_url = Some(dead.clone());
        c.delivery.max_attempts = 3;
    });
    credited_deposit(&env, "d-1");
    wait_until(Duration::from_secs(10), || {
        env.control("GET", "/_sandbox/deliveries", None)["deliveries"]
            .as_array()
            .unwrap()
            .len()
            == 3
    });
    let log = env.control("GET", "/_sandbox/deliveries", None);
    for d in log["deliveries"].as_array().unwrap() {
        assert!(d["http_status"].is_null() && d["error"].is_string(), "{d}");
    }
    // Still serving; the merchant comes back and asks for the postback to be sent again.
    assert_eq!(env.get("/api/v1/accounts-balance").0, 200);
    env.sandbox.set_postback_url(Some(env.receiver.url.clone()));
    env.control("POST", "/_sandbox/postbacks/resend", Some(json!({"id": 1})));
    verify_postback(&env.receiver.wait_for(1), POSTBACK_KEY).unwrap();
}

#[test]
fn duplicate_and_resent_postbacks_carry_the_same_idempotency_key() {
    let env = Env::start();
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "duplicate_postback", "count": 1})),
    );
    credited_deposit(&env, "dup-1");
    let a = verify_postback(&env.receiver.wait_for(1), POSTBACK_KEY).unwrap();
    let b = verify_postback(&env.receiver.wait_for(2), POSTBACK_KEY).unwrap();
    assert_eq!(a.idempotency_key(), b.idempotency_key());
    wait_until(Duration::from_secs(5), || {
        env.control("GET", "/_sandbox/deliveries", None)["deliveries"]
            .as_array()
            .unwrap()
            .len()
            == 2
    });
    let log = env.control("GET", "/_sandbox/deliveries", None);
    let dup: Vec<bool> = log["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["duplicate"].as_bool().unwrap())
        .collect();
    assert!(dup.contains(&true) && dup.contains(&false));

    // Armed for one postback only: the next is sent once; a resend sends it again.
    credited_deposit(&env, "dup-2");
    let c = verify_postback(&env.receiver.wait_for(3), POSTBACK_KEY).unwrap();
    assert_ne!(c.idempotency_key(), a.idempotency_key());
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(env.receiver.count(), 3);
    let r = env.control("POST", "/_sandbox/postbacks/resend", Some(json!({})));
    assert_eq!(r["postback_id"], 2, "no id: the latest");
    let again = env.receiver.wait_for(4);
    assert_eq!(again, env.receiver.body(2));
    assert_eq!(
        verify_postback(&again, POSTBACK_KEY)
            .unwrap()
            .idempotency_key(),
        c.idempotency_key()
    );
    let (status, _) = call(
        "POST",
        &env.url("/_sandbox/postbacks/resend"),
        Some(r#"{"id":99}"#),
    );
    assert_eq!(status, 404);
}

#[test]
fn reset_returns_to_the_starting_configuration() {
    let env = Env::start();
    credited_deposit(&env, "z-1");
    env.withdraw(easypaisa_withdrawal("z", 1000));
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "http_500", "count": 5})),
    );
    env.control("POST", "/_sandbox/reset", None);
    let state = env.state();
    for list in ["deposits", "withdrawals", "payments", "faults"] {
        assert_eq!(state[list].as_array().unwrap().len(), 0, "{list}");
    }
    assert_eq!(state["postbacks"], 0);
    let pkr = currency(&state["balances"], "PKR").clone();
    assert_eq!(pkr["amount"], "1000000");
    assert_eq!(env.get("/api/v1/accounts-balance").0, 200);
}

#[test]
fn malformed_requests_never_crash_it() {
    let env = Env::start();
    let garbage: Vec<(&str, String, Option<String>)> = vec![
        (
            "POST",
            env.secret_url("/api/v1/transaction/activate"),
            Some("\u{0}\u{1}{{{".into()),
        ),
        (
            "POST",
            env.url("/v2/withdrawal/create"),
            Some("9".repeat(100_000)),
        ),
        (
            "POST",
            env.url("/v2/withdrawal/create"),
            Some(r#"{"signature":[],"amount":{"a":1}}"#.into()),
        ),
        (
            "POST",
            env.secret_url("/api/v1/payment-plugin/hash-url"),
            Some(r#"{"success_urls":"x","fail_urls":[1,null]}"#.into()),
        ),
        (
            "GET",
            env.secret_url(
                "/api/v1/pullpostbacks?type=deposit&plugin_custom_order_id[]=%ff%fe&limit=-1",
            ),
            None,
        ),
        ("DELETE", env.secret_url("/api/v1/postback"), None),
        ("GET", env.url("/nothing/here"), None),
        ("POST", env.url("/_sandbox/pay"), Some("[]".into())),
        ("POST", env.url("/_sandbox/withdrawals/none/pay"), None),
    ];
    for (method, url, body) in garbage {
        let (status, _) = call(method, &url, body.as_deref());
        assert!((400..500).contains(&status), "{method} {url}: {status}");
    }
    assert_eq!(env.get("/api/v1/accounts-balance").0, 200, "still serving");
}

fn arm(env: &Env, fault: serde_json::Value) -> serde_json::Value {
    env.control("POST", "/_sandbox/faults", Some(fault))
}

fn redirect_hits(env: &Env) -> i64 {
    env.control("GET", "/_sandbox/redirect-hits", None)["count"]
        .as_i64()
        .unwrap()
}

#[test]
fn a_redirect_answers_before_processing_and_its_target_counts_who_followed() {
    let env = Env::start();
    arm(&env, json!({"kind": "redirect", "path_prefix": "/v2/"}));
    let withdrawal = signed(easypaisa_withdrawal("r-1", 1000)).to_string();
    let a = raw_request(&env, "POST", "/v2/withdrawal/create", &withdrawal);
    assert_eq!(a.status, 302, "{}", a.head);
    let target = env.url("/_sandbox/redirect-target");
    assert_eq!(a.header("Location"), Some(target.as_str()), "{}", a.head);
    // Not processed: no withdrawal, not even a counted request.
    let state = env.state();
    assert_eq!(state["withdrawals"], json!([]));
    assert_eq!(state["withdrawal_requests"], json!({}));
    assert_eq!(redirect_hits(&env), 0);
    // The target answers any method and counts every request that reached it.
    let a = raw_request(&env, "POST", "/_sandbox/redirect-target", &withdrawal);
    assert_eq!((a.status, a.body.as_str()), (200, r#"{"status":"ok"}"#));
    assert_eq!(
        call("GET", &target, None),
        (200, r#"{"status":"ok"}"#.into())
    );
    assert_eq!(redirect_hits(&env), 2);
    assert_eq!(env.state()["redirect_target_hits"], 2);
    // Used up: the same withdrawal is now created; a reset clears the count.
    assert_eq!(env.withdraw(easypaisa_withdrawal("r-1", 1000)).0, 200);
    env.control("POST", "/_sandbox/reset", None);
    assert_eq!(redirect_hits(&env), 0);
}

#[test]
fn a_redirect_takes_any_3xx_a_client_could_follow_and_any_location() {
    let env = Env::start();
    for status in [301, 302, 303, 307, 308] {
        let elsewhere = format!("http://127.0.0.1:9/elsewhere?n={status}");
        arm(
            &env,
            json!({"kind": "redirect", "status": status, "location": elsewhere}),
        );
        let a = raw_request(
            &env,
            "GET",
            &format!("/api/v1/accounts-balance?secret={SECRET}"),
            "",
        );
        assert_eq!(a.status, status);
        assert_eq!(a.header("Location"), Some(elsewhere.as_str()));
    }
    arm(
        &env,
        json!({"kind": "redirect", "location": "/somewhere/else"}),
    );
    let a = raw_request(&env, "GET", "/api/v1/deposit-info", "");
    assert_eq!(a.header("Location"), Some("/somewhere/else"));
    // Refused when arming, naming the field.
    for (fault, field) in [
        (json!({"kind": "redirect", "status": 304}), "`status`"),
        (json!({"kind": "redirect", "status": 200}), "`status`"),
        (
            json!({"kind": "redirect", "location": "javascript:alert(1)"}),
            "`location`",
        ),
        (
            json!({"kind": "redirect", "location": "/a b"}),
            "`location`",
        ),
        (
            json!({"kind": "redirect", "location": "/a\r\nSet-Cookie: x=1"}),
            "`location`",
        ),
    ] {
        let (status, body) = call(
            "POST",
            &env.url("/_sandbox/faults"),
            Some(&fault.to_string()),
        );
        assert_eq!(status, 400, "{fault}: {body}");
        assert!(body.contains(field), "{fault}: {body}");
    }
    assert_eq!(env.state()["faults"], json!([]));
}

#[test]
fn an_echoing_error_page_shows_the_secret_and_the_signed_body_and_processes_nothing() {
    let env = Env::start();
    arm(&env, json!({"kind": "echo_error", "count": 2}));
    let target = format!("/api/v1/deposit-info?label=55&secret={SECRET}&wallet_type=easypaisa");
    let a = raw_request(&env, "GET", &target, "");
    assert_eq!(a.status, 500);
    assert_eq!(a.header("Content-Type"), Some("text/html; charset=UTF-8"));
    assert!(
        a.body.contains(&format!("GET {target} HTTP/1.1")),
        "the request line with its query: {}",
        a.body
    );
    let withdrawal = signed(easypaisa_withdrawal("e-1", 1000));
    let a = raw_request(
        &env,
        "POST",
        "/v2/withdrawal/create",
        &withdrawal.to_string(),
    );
    assert_eq!(a.status, 500);
    assert!(
        a.body.contains("POST /v2/withdrawal/create HTTP/1.1"),
        "{}",
        a.body
    );
    assert!(
        a.body.contains(&withdrawal.to_string()),
        "the body, verbatim: {}",
        a.body
    );
    assert!(a.body.contains(withdrawal["signature"].as_str().unwrap()));
    assert_eq!(env.state()["withdrawal_requests"], json!({}));
    // However large the body (an uploaded screenshot), all of it comes back.
    arm(&env, json!({"kind": "echo_error"}));
    let large = format!("{{\"screenshot\":\"{}\"}}", "x".repeat(9 * 1024 * 1024));
    let a = raw_request(
        &env,
        "POST",
        "/api/v1/possible-transaction/activate",
        &large,
    );
    assert_eq!(a.status, 500);
    assert!(a.body.contains(&large), "{} bytes echoed", a.body.len());

    // The JSON variant: a gateway-shaped refusal whose message carries the echo.
    arm(&env, json!({"kind": "echo_error", "format": "json"}));
    let a = raw_request(&env, "GET", &target, "");
    assert_eq!(a.status, 400);
    assert_eq!(a.header("Content-Type"), Some("application/json"));
    let v = json_of(&a.body);
    assert_eq!(v["status"], "fail");
    let message = v["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("GET {target} HTTP/1.1")),
        "{message}"
    );
    arm(
        &env,
        json!({"kind": "echo_error", "format": "json", "status": 502}),
    );
    assert_eq!(raw_request(&env, "GET", &target, "").status, 502);
    for fault in [
        json!({"kind": "echo_error", "status": 200}),
        json!({"kind": "echo_error", "format": "xml"}),
    ] {
        let (status, body) = call(
            "POST",
            &env.url("/_sandbox/faults"),
            Some(&fault.to_string()),
        );
        assert_eq!(status, 400, "{fault}: {body}");
    }
}

#[test]
fn answer_sends_the_given_answer_before_processing() {
    let env = Env::start();
    let refusal = json!({"status": "error", "code": 30228, "error_message": "Validation failed",
        "errors": {"withdrawals_sum_amount": ["Insufficient balance"]}});
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "answer", "path_prefix": "/v2/", "status": 422, "body": refusal})),
    );
    let (status, body) = env.withdraw(easypaisa_withdrawal("answered-1", 1000));
    assert_eq!(status, 422);
    assert_eq!(body, refusal);
    // Before processing: nothing was created, and the next request is the gateway's again.
    assert_eq!(env.state()["withdrawals"].as_array().unwrap().len(), 0);
    assert_eq!(
        env.withdraw(easypaisa_withdrawal("answered-2", 1000)).0,
        200
    );

    // A string body is sent as it is, with the content type given (JSON by default).
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "answer", "count": 2, "status": 502,
            "body": "<html>Bad gateway</html>", "content_type": "text/html; charset=UTF-8"})),
    );
    for _ in 0..2 {
        let raw = raw_request(
            &env,
            "GET",
            &format!("/api/v1/accounts-balance?secret={SECRET}"),
            "",
        );
        assert_eq!(
            (raw.status, raw.body.as_str()),
            (502, "<html>Bad gateway</html>")
        );
        assert_eq!(raw.header("content-type"), Some("text/html; charset=UTF-8"));
    }
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "answer", "body": {"url": "https://x/é"}})),
    );
    let raw = raw_request(&env, "GET", "/api/v1/accounts-balance", "");
    assert_eq!(raw.status, 200);
    assert_eq!(raw.header("content-type"), Some("application/json"));
    // Written as the gateway's PHP writes it: default json_encode flags.
    assert_eq!(raw.body, r#"{"url":"https:\/\/x\/\u00e9"}"#);
}

#[test]
fn answer_faults_are_checked_when_armed() {
    let env = Env::start();
    let arm = |fault: serde_json::Value| {
        call(
            "POST",
            &env.url("/_sandbox/faults"),
            Some(&fault.to_string()),
        )
    };
    let (status, body) = arm(json!({"kind": "answer", "content_type": "text/html\r\nX: y"}));
    assert_eq!(status, 400);
    assert!(body.contains("`content_type`"), "{body}");
    let (status, body) = arm(json!({"kind": "answer", "status": 199}));
    assert_eq!(status, 400);
    assert!(body.contains("`status`"), "{body}");
    // The body's limit at its edge: exactly the maximum is armed, one byte more is refused.
    let max = paykassma_sandbox::MAX_ANSWER_BYTES;
    assert_eq!(
        arm(json!({"kind": "answer", "body": "x".repeat(max)})).0,
        200
    );
    let (status, body) = arm(json!({"kind": "answer", "body": "x".repeat(max + 1)}));
    assert_eq!(status, 400);
    assert!(body.contains("`body`"), "{body}");
}

#[test]
fn requests_are_logged_without_the_secret() {
    let env = Env::start();
    env.get("/api/v1/deposit-info?label=a&wallet_type=easypaisa&currency=PKR");
    call(
        "GET",
        &env.url("/api/v1/accounts-balance?secret=nope"),
        None,
    );
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "http_500"})),
    );
    env.withdraw(easypaisa_withdrawal("seen-1", 1000));
    let seen = env.control("GET", "/_sandbox/requests", None);
    assert_eq!(seen["count"], 3, "control requests are not logged: {seen}");
    let r = &seen["requests"];
    assert_eq!(r[0]["method"], "GET");
    assert_eq!(r[0]["path"], "/api/v1/deposit-info");
    assert_eq!(
        r[0]["query"],
        json!([
            ["label", "a"],
            ["wallet_type", "easypaisa"],
            ["currency", "PKR"]
        ])
    );
    assert_eq!(r[0]["secret"], "correct");
    assert!(r[0]["user_agent"].as_str().unwrap().contains("ureq"), "{r}");
    assert_eq!(r[1]["secret"], "wrong");
    // A faulted request is logged too, with its body as sent.
    assert_eq!(r[2]["secret"], "missing");
    assert_eq!(r[2]["content_type"], "application/json");
    assert_eq!(
        json_of(r[2]["body"].as_str().unwrap())["withdrawal_id"],
        "seen-1"
    );
    assert!(!seen.to_string().contains(SECRET), "{seen}");

    env.control("POST", "/_sandbox/reset", None);
    assert_eq!(env.control("GET", "/_sandbox/requests", None)["count"], 0);
}

#[test]
fn the_request_log_keeps_the_latest_thousand() {
    let env = Env::start();
    for i in 0..=paykassma_sandbox::MAX_SEEN_REQUESTS {
        call("GET", &env.url(&format!("/nowhere/{i}")), None);
    }
    let seen = env.control("GET", "/_sandbox/requests", None);
    assert_eq!(seen["count"], 1001);
    let kept = seen["requests"].as_array().unwrap();
    assert_eq!(kept.len(), 1000);
    assert_eq!(kept[0]["path"], "/nowhere/1");
    assert_eq!(kept[999]["path"], "/nowhere/1000");
}
