//! Secret hygiene in Rust: every error path of the core's client and postback API, run with the
//! canary credentials of tests/secrets/canaries.json against a sandbox that accepts them. Fails if
//! a canary shows in an error's Display or Debug output, its field, or the Debug output of the
//! client, its config or a postback. (The core writes no log lines; the bindings' tests check
//! stderr.)

use std::net::TcpListener;

use paykassma::{Client, Error};
use paykassma_hardening::Fixture;
use serde_json::{json, Value};

struct Canaries {
    secret: String,
    withdrawal: String,
    postback: String,
}

fn canaries() -> Canaries {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../secrets/canaries.json");
    let c: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("canaries.json")).unwrap();
    let s = |k: &str| c[k].as_str().expect(k).to_owned();
    Canaries {
        secret: s("secret"),
        withdrawal: s("withdrawal_private_key"),
        postback: s("postback_private_key"),
    }
}

fn assert_clean(c: &Canaries, what: &str, text: &str) {
    for needle in [&c.secret, &c.withdrawal, &c.postback] {
        assert!(
            !text.contains(needle.as_str()),
            "canary leaked in {what}: {text}"
        );
    }
}

const WITHDRAWAL: &str = r#""payment_system":"easypaisa","currency_code":"PKR","label":"u","account_number":"03405135211","account_name":"Muhammad","is_test":true"#;

#[test]
fn no_canary_in_any_error_or_debug_output() {
    let c = canaries();
    let fixture = Fixture::start(|config| {
        config.secret = c.secret.clone();
        config.withdrawal_private_key = c.withdrawal.clone();
        config.postback_private_key = c.postback.clone();
    });
    let settings = |extra: Value| {
        let mut base = json!({
            "secret": c.secret, "withdrawal_private_key": c.withdrawal, "postback_private_key": c.postback,
            "read_timeout_ms": 500, "connect_timeout_ms": 1000, "max_retries": 1, "retry_backoff_ms": 10
        });
        for (k, v) in extra.as_object().unwrap() {
            base[k] = v.clone();
        }
        base
    };
    let client = |extra: Value| {
        let client = fixture.client(settings(extra));
        assert_clean(
            &c,
            "Client Debug",
            &format!("{client:?} {:?}", client.config()),
        );
        client
    };
    let mut errors: Vec<Error> = Vec::new();
    let mut expect = |r: Result<String, Error>| match r {
        Ok(out) => panic!("expected an error, got {out}"),
        Err(e) => errors.push(e),
    };
    let ok = client(json!({}));
    // Validation: every operation with a wrong parameter; bad settings; bad signing input.
    for op in paykassma::client::OPERATIONS {
        if !matches!(*op, "media_hints" | "accounts_balance") {
            expect(ok.call(op, r#"{"label":""}"#));
        }
    }
    expect(ok.call(
        "create_withdrawal",
        &format!(r#"{{{WITHDRAWAL},"amount":-1}}"#),
    ));
    expect(ok.call("no_such_operation", "{}"));
    let bad_config = fixture.client_config(settings(json!({"api_base_url": "not a url"})));
    expect(Client::from_json_config(&bad_config).map(|_| String::new()));
    expect(paykassma::sign_json("\"scalar\"", &c.withdrawal));
    expect(paykassma::sign_json("not json", &c.withdrawal));
    // Postbacks: malformed, mismatched, another key; and the Debug output of a valid one.
    let data = json!([{"transaction_id": "1", "amount": "10", "plugin_custom_order_id": "o-1"}]);
    let signed = paykassma::php::decode(&data.to_string()).expect("decodes");
    let signature = paykassma::sign_postback("access", &c.postback, &signed).expect("signs");
    let body = json!({"access_key": "access", "signature": signature, "additional_data": data})
        .to_string();
    let mismatch = format!(
        r#"{{"access_key":"a","signature":"{}","additional_data":[{{"transaction_id":"1"}}]}}"#,
        "0".repeat(40)
    );
    for bad in ["", "{}", "not json", mismatch.as_str()] {
        expect(paykassma::verify_postback(bad.as_bytes(), &c.postback).map(|_| String::new()));
        expect(ok.verify_postback(bad.as_bytes()).map(|_| String::new()));
    }
    let other_key = format!("{}-other", c.postback);
    expect(paykassma::verify_postback(body.as_bytes(), &other_key).map(|_| String::new()));
    let postback = ok
        .verify_postback(body.as_bytes())
        .expect("the valid postback verifies");
    assert_clean(
        &c,
        "Postback Debug",
        &format!("{postback:?} {}", postback.to_json()),
    );
    // API refusals: wrong secret (404), bad withdrawal signature, insufficient balance.
    let info = r#"{"wallet_type":"easypaisa","currency":"PKR","label":"u"}"#;
    let withdrawal = format!(r#"{{{WITHDRAWAL},"amount":1000}}"#);
    expect(client(json!({"secret": format!("{}-wrong", c.secret)})).call("deposit_info", info));
    let wrong_key = json!({"withdrawal_private_key": format!("{}-wrong", c.withdrawal)});
    expect(client(wrong_key).call("create_withdrawal", &withdrawal));
    expect(ok.call(
        "create_withdrawal",
        &format!(r#"{{{WITHDRAWAL},"amount":99999999}}"#),
    ));
    // Unexpected answers and transport failures: the sandbox's faults, then a closed port.
    // ... including error pages that echo the request (its `secret=`) back, and a redirect.
    for fault in [
        json!({"kind": "http_500"}),
        json!({"kind": "not_json"}),
        json!({"kind": "slow", "delay_ms": 1500}),
        json!({"kind": "cut_connection"}),
        json!({"kind": "echo_error"}),
        json!({"kind": "echo_error", "format": "json"}),
        json!({"kind": "redirect"}),
    ] {
        let mut fault = fault;
        fault["count"] = json!(4);
        fixture.control("POST", "/_sandbox/faults", fault);
        expect(ok.call("deposit_info", info));
        expect(ok.call("create_withdrawal", &withdrawal));
        fixture.control("POST", "/_sandbox/reset", json!({}));
    }
    // A lost activation answer whose retry is refused on its id, with no postback to tell.
    let created = ok.call("create_transaction", info).expect("created");
    let created: Value = serde_json::from_str(&created).unwrap();
    let paid = fixture.control(
        "POST",
        "/_sandbox/pay",
        json!({"wallet_type": "easypaisa", "amount": 100,
               "identifier": created["params"]["identifier"]}),
    );
    fixture.control(
        "POST",
        "/_sandbox/faults",
        json!({"kind": "cut_connection", "count": 1, "path_prefix": "/api/v1/transaction/activate"}),
    );
    let activation = json!({"wallet_type": "easypaisa", "currency_code": "PKR", "label": "u",
        "key1": paid["transaction_id"], "amount": 100, "custom_transaction_id": "order-1"});
    expect(ok.call("activate_transaction", &activation.to_string()));
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let closed = client(json!({"api_base_url": format!("http://127.0.0.1:{port}")}));
    expect(closed.call("accounts_balance", "{}"));
    expect(closed.call("create_withdrawal", &withdrawal));

    let mut codes: Vec<&str> = errors.iter().map(Error::code).collect();
    codes.sort();
    codes.dedup();
    let mut all = paykassma::ERROR_CODES.to_vec();
    all.sort();
    assert_eq!(codes, all, "every error family was reached");
    for e in &errors {
        assert_clean(&c, "Error", &format!("{e} {e:?} {:?}", e.field()));
    }
    assert!(
        errors
            .iter()
            .any(|e| format!("{e:?}").contains("secret=<redacted>")),
        "an echoed page reached an error, masked"
    );
}
