//! The SDK's own client (`paykassma::Client::call`, what every binding uses) against the sandbox:
//! every operation, the typed errors, and retries through faults.

mod common;

use common::*;
use paykassma::client::{Client, OPERATIONS};
use paykassma::{verify_postback, Error};
use serde_json::{json, Value};

fn client(env: &Env, extra: Value) -> Client {
    let mut config = json!({
        "api_base_url": env.sandbox.base_url(),
        "plugin_base_url": env.sandbox.base_url(),
        "secret": SECRET,
        "withdrawal_private_key": WITHDRAWAL_KEY,
        "postback_private_key": POSTBACK_KEY,
        "connect_timeout_ms": 2000,
        "read_timeout_ms": 2000,
        "max_retries": 2,
        "retry_backoff_ms": 10,
        "binding": "rust-tests"
    });
    for (k, v) in extra.as_object().unwrap() {
        config[k] = v.clone();
    }
    Client::from_json_config(&config.to_string()).unwrap()
}

fn call(c: &Client, op: &str, params: Value) -> Value {
    let out = c
        .call(op, &params.to_string())
        .unwrap_or_else(|e| panic!("{op}: {e}"));
    json_of(&out)
}

#[test]
fn every_operation_goes_through_the_client() {
    let env = Env::with(|c| c.possible_transactions = true);
    let c = client(&env, json!({}));
    let mut covered = Vec::new();
    let mut run = |op: &str, params: Value| {
        covered.push(op.to_owned());
        call(&c, op, params)
    };

    let v = run(
        "payment_systems_available",
        json!({"currency_codes": ["PKR"], "label": "u"}),
    );
    assert_eq!(v["params"]["wallets"][0]["type"], "easypaisa");
    let v = run(
        "save_transaction_custom_id",
        json!({"label": "u", "transaction_custom_id": "t-1"}),
    );
    assert_eq!(v["status"], "ok");
    let v = run("media_hints", json!({}));
    assert_eq!(v["code"], 20000);
    let v = run(
        "create_transaction",
        json!({"wallet_type": "easypaisa", "currency": "PKR", "label": "u"}),
    );
    let identifier = v["params"]["identifier"].as_str().unwrap().to_owned();
    let tx = env.pay("easypaisa", &identifier, 800);
    let v = run(
        "activate_transaction",
        json!({"wallet_type": "easypaisa", "currency_code": "PKR",
        "label": "u", "key1": tx, "amount": "800", "custom_transaction_id": "o-1"}),
    );
    assert_eq!(
        (v["status"].as_str(), v["deposit"].as_bool()),
        (Some("ok"), Some(true))
    );
    verify_postback(&env.receiver.wait_for(1), POSTBACK_KEY).unwrap();

    let shot = std::env::temp_dir().join(format!("pk-shot-{}.png", std::process::id()));
    std::fs::write(&shot, [0x89, b'P', b'N', b'G']).unwrap();
    let v = run(
        "activate_possible_transaction",
        json!({"wallet_type": "paytm", "currency_code": "INR",
        "label": "u", "key1": "123-ABC", "amount": 1000, "custom_transaction_id": "o-2",
        "screenshot_path": shot.to_str().unwrap()}),
    );
    // The general page's answer to possible-transaction/activate.
    assert_eq!(
        (&v["status"], &v["code"]),
        (&json!("success"), &json!(20000))
    );
    assert_eq!(v["paginate"], json!({"offset": 0, "total": 1, "limit": 1}));
    let _ = std::fs::remove_file(&shot);
    let state = env.state();
    assert_eq!(state["possible_transactions"][0]["screenshot_bytes"], 4);

    let v = run(
        "create_payment",
        json!({"payment_system": "phone_pe", "currency": "INR", "amount": "150.25",
        "label": "u", "custom_transaction_id": "o-3", "bank": "MBB", "redirect_url": "https://example.com/r"}),
    );
    assert_eq!(v["status"], "ok");
    let v = run(
        "deposit_info",
        json!({"wallet_type": "easypaisa", "currency": "PKR", "label": "u"}),
    );
    assert_eq!(v["minimum_deposit"], 500);
    let v = run(
        "hash_urls",
        json!({"success_urls": [{"order": 1, "url": "https://s.example/1"}],
        "fail_urls": [{"order": 1, "url": "https://f.example/1"}], "pending_urls": []}),
    );
    assert_eq!(
        v["urls"]["success_url"][0]["url"].as_str().unwrap().len(),
        64
    );

    let v = run(
        "create_withdrawal",
        json!({"payment_system": "easypaisa", "amount": 1000, "currency_code": "PKR",
        "label": "u", "account_number": "03405135211", "account_name": "Muhammad", "is_test": true}),
    );
    assert_eq!(v["status"], "ok");
    let generated = v["withdrawal_id"].as_str().unwrap().to_owned();
    env.control(
        "POST",
        &format!("/_sandbox/withdrawals/{generated}/pay"),
        None,
    );
    verify_postback(&env.receiver.wait_for(2), POSTBACK_KEY).unwrap();
    let v = run(
        "create_legacy_withdrawal",
        json!({"wallet_type": "paytm", "wallet_recipient": "123123232",
        "wallet_sender": "1111", "email": "user@example.com", "amount": 1000, "withdrawal_id": "13"}),
    );
    assert_eq!(
        (v["id"].as_i64(), v["wallet_recipient"].as_str()),
        (Some(1), Some("123123232"))
    );

    let v = run(
        "get_postback",
        json!({"type": "deposit", "custom_id": "o-1"}),
    );
    assert_eq!(
        v["postback"]["additional_data"][0]["plugin_custom_order_id"],
        "o-1"
    );
    let v = run(
        "pull_postbacks",
        json!({"type": "withdrawal", "withdrawal_ids": [generated, "13"]}),
    );
    assert_eq!(v["paginate"], json!({"offset": 0, "total": 2, "limit": 2}));
    assert_eq!(
        v["data"]["withdrawals"][0]["postback"]["additional_data"][0]["withdrawal_status"],
        1
    );
    let v = run("accounts_balance", json!({}));
    let pkr = currency(&v["data"]["balances"], "PKR").clone();
    assert_eq!(pkr["amount"], 1000000 + 800 - 1000);

    let mut all: Vec<String> = OPERATIONS.iter().map(|s| s.to_string()).collect();
    all.sort();
    covered.sort();
    assert_eq!(
        covered, all,
        "every client operation is driven against the sandbox"
    );
}

#[test]
fn gateway_refusals_become_typed_errors() {
    let env = Env::start();
    let wrong = client(&env, json!({"secret": "wrong-secret"}));
    match wrong.call(
        "deposit_info",
        r#"{"wallet_type":"easypaisa","currency":"PKR","label":"u"}"#,
    ) {
        Err(Error::Api(e)) => {
            assert_eq!(e.http_status, 404);
            assert!(!e.body.contains("wrong-secret") && !format!("{e}").contains("wrong-secret"));
        }
        other => panic!("{other:?}"),
    }
    match wrong.call("accounts_balance", "{}") {
        Err(Error::Api(e)) => assert_eq!((e.status.as_str(), e.code), ("error", Some(30228))),
        other => panic!("{other:?}"),
    }
    let c = client(&env, json!({}));
    let err = c
        .call(
            "activate_transaction",
            &json!({"wallet_type": "ipay", "currency_code": "LKR", "label": "u",
            "key1": "12345678", "amount": 100, "custom_transaction_id": "x"})
            .to_string(),
        )
        .unwrap_err();
    let Error::Api(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (e.status.as_str(), e.message.as_str()),
        ("fail", "Transaction not found")
    );
    let err = c
        .call("create_withdrawal", &json!({"payment_system": "easypaisa", "amount": 999999, "currency_code": "PKR",
            "label": "u", "account_number": "03405135211", "account_name": "A", "is_test": true,
            "withdrawal_id": "big-1"}).to_string())
        .and_then(|_| c.call("create_withdrawal", &json!({"payment_system": "easypaisa", "amount": 999999,
            "currency_code": "PKR", "label": "u", "account_number": "03405135211", "account_name": "A",
            "is_test": true, "withdrawal_id": "big-2"}).to_string()))
        .unwrap_err();
    let Error::Api(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        e.field_errors,
        vec![(
            "withdrawals_sum_amount".to_owned(),
            vec!["Insufficient balance".to_owned()]
        )]
    );
}

#[test]
fn the_client_retries_through_faults_without_duplicating_money() {
    let env = Env::start();
    let c = client(&env, json!({}));
    // GETs are retried past a 500.
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "http_500", "count": 1, "path_prefix": "/api/v1/accounts"})),
    );
    call(&c, "accounts_balance", json!({}));
    // A withdrawal whose answer is lost is retried with the same withdrawal_id: one withdrawal.
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "cut_connection", "count": 1, "path_prefix": "/v2/"})),
    );
    let v = call(
        &c,
        "create_withdrawal",
        json!({"payment_system": "easypaisa", "amount": 1000, "currency_code": "PKR",
        "label": "u", "account_number": "03405135211", "account_name": "A", "is_test": true}),
    );
    assert_eq!(v["status"], "ok");
    let state = env.state();
    assert_eq!(state["withdrawals"].as_array().unwrap().len(), 1);
    assert_eq!(state["withdrawals"][0]["withdrawal_id"], v["withdrawal_id"]);
    assert_eq!(state["withdrawals"][0]["create_requests"], 2);
    // A body that is not JSON is a typed error keeping the raw body.
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "not_json", "count": 1})),
    );
    let err = c.call("accounts_balance", "{}").unwrap_err();
    assert_eq!(err.code(), "unexpected_response", "{err:?}");
    assert!(matches!(&err, Error::UnexpectedResponse { body, .. } if body.contains("Bad Gateway")));
    // A slow answer beyond the read timeout is a transport timeout.
    let impatient = client(&env, json!({"read_timeout_ms": 200, "max_retries": 0}));
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "slow", "count": 1, "delay_ms": 800})),
    );
    let err = impatient.call("accounts_balance", "{}").unwrap_err();
    assert_eq!(err.code(), "transport_error", "{err:?}");
}
