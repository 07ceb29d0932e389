//! Deposits end to end over loopback: create, the user pays, activation, the postback (verified
//! with the core), stockpiling, pending, possible transactions, payments without activation.

mod common;

use common::*;
use paykassma::{verify_postback, PostbackKind};
use serde_json::json;
use std::time::Duration;

#[test]
fn easypaisa_deposit_is_activated_and_its_postback_verifies() {
    let env = Env::start();
    let identifier = env.create("easypaisa", "PKR", "786442");
    assert!(
        identifier.starts_with("03") && identifier.len() == 11,
        "{identifier}"
    );
    let tx = env.pay("easypaisa", &identifier, 1200);
    assert_eq!(tx.len(), 11, "easypaisa transaction numbers have 11 digits");

    let (status, answer) = env.activate(json!({
        "currency_code": "PKR", "label": "786442", "wallet_type": "easypaisa",
        "key1": tx, "amount": 1200, "custom_transaction_id": "3158538"
    }));
    assert_eq!(status, 200);
    assert_eq!(
        answer,
        json!({"status": "ok", "deposit": true, "deposit_amount": 1200,
               "currency": {"code": "PKR", "symbol": "PKR"}})
    );

    let body = env.receiver.wait_for(1);
    let text = String::from_utf8(body.clone()).unwrap();
    // The envelope carries every field of the documents' example.
    let raw = json_of(&text);
    for field in [
        "signature",
        "wallet_type",
        "amount",
        "currency_code",
        "label",
        "converted_amount",
        "direction",
        "created_datetime",
        "access_key",
        "additional_data",
    ] {
        assert!(raw.get(field).is_some(), "missing {field}");
    }
    assert!(raw["converted_amount"].as_object().unwrap().len() > 150);
    let entry = &raw["additional_data"][0];
    assert_eq!(entry["amount"], "1200");
    assert_eq!(entry["transaction_id"], tx.as_str());
    assert_eq!(entry["plugin_custom_order_id"], "3158538");
    assert_eq!(entry["withdrawal_id"], serde_json::Value::Null);
    assert_eq!(
        entry["bank_details"],
        json!({"bank_code": "", "branch_code": ""})
    );

    let postback =
        verify_postback(&body, POSTBACK_KEY).expect("the core accepts the sandbox's postback");
    assert_eq!(postback.kind(), PostbackKind::Deposit);
    assert_eq!(
        postback.entries()[0].transaction_id.as_deref(),
        Some(tx.as_str())
    );
    assert!(verify_postback(&body, "another-key").is_err());

    // Activating the same transaction again is refused and sends nothing.
    let (status, again) = env.activate(json!({
        "currency_code": "PKR", "label": "786442", "wallet_type": "easypaisa",
        "key1": tx, "amount": 1200, "custom_transaction_id": "3158539"
    }));
    assert_eq!((status, again["status"].as_str()), (400, Some("fail")));
    let state = env.state();
    assert_eq!(state["deposits"][0]["status"], "credited");
    let balance = state["balances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["wallet_type"] == "easypaisa")
        .unwrap()["amount"]
        .clone();
    assert_eq!(balance, "1001200");
}

#[test]
fn sums_below_the_minimum_are_stockpiled_until_reached() {
    let env = Env::start(); // easypaisa minimum deposit: 500
    let id = env.create("easypaisa", "PKR", "u1");
    let first = env.pay("easypaisa", &id, 300);
    let (_, a) = env.activate(
        json!({"currency_code": "PKR", "label": "u1", "wallet_type": "easypaisa",
        "key1": first, "amount": 300, "custom_transaction_id": "c-1"}),
    );
    assert_eq!(
        (a["status"].as_str(), a["deposit"].as_bool()),
        (Some("ok"), Some(false))
    );

    let (status, info) =
        env.get("/api/v1/deposit-info?label=u1&wallet_type=easypaisa&currency=PKR");
    assert_eq!(status, 200);
    assert_eq!(
        json_of(&info),
        json!({"status": "ok", "stockpiling_sum": 300, "lacks_sum": 200, "minimum_deposit": 500})
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(env.receiver.count(), 0, "no postback below the minimum");

    let second = env.pay("easypaisa", &id, 250);
    let (_, a) = env.activate(
        json!({"currency_code": "PKR", "label": "u1", "wallet_type": "easypaisa",
        "key1": second, "amount": 250, "custom_transaction_id": "c-2"}),
    );
    assert_eq!(
        (a["deposit"].as_bool(), a["deposit_amount"].as_i64()),
        (Some(true), Some(550))
    );

    let body = env.receiver.wait_for(1);
    let postback = verify_postback(&body, POSTBACK_KEY).unwrap();
    assert_eq!(
        postback.entries().len(),
        2,
        "one postback for the whole stockpile"
    );
    assert_eq!(
        postback.entries()[0].stockpiling_id,
        postback.entries()[1].stockpiling_id
    );
    assert_eq!(json_of(std::str::from_utf8(&body).unwrap())["amount"], 550);
    let (_, info) = env.get("/api/v1/deposit-info?label=u1&wallet_type=easypaisa&currency=PKR");
    assert_eq!(json_of(&info)["stockpiling_sum"], 0);
}

#[test]
fn activation_checks_fields_the_wallet_rules_and_the_secret() {
    let env = Env::start();
    // ipay transaction numbers have 8 digits; easypaisa activation needs the amount.
    let (status, a) = env.activate(
        json!({"currency_code": "LKR", "label": "1", "wallet_type": "ipay",
        "key1": "123", "amount": 1000, "custom_transaction_id": "x1"}),
    );
    assert_eq!(status, 400);
    assert_eq!(
        a,
        json!({"status": "fail", "message": {"key1": ["Transaction field has wrong length"]}})
    );
    let (_, a) = env.activate(
        json!({"currency_code": "PKR", "label": "1", "wallet_type": "easypaisa",
        "key1": "12345678901", "custom_transaction_id": "x1"}),
    );
    assert_eq!(a["message"]["amount"][0], "The amount field is required.");
    // bKash activation does not need the amount.
    let (_, a) = env.activate(
        json!({"currency_code": "BDT", "label": "1", "wallet_type": "bkash",
        "key1": "ABC123", "custom_transaction_id": "x1"}),
    );
    assert_eq!(
        a,
        json!({"status": "fail", "message": "Transaction not found"})
    );
    let (_, a) = env.activate(json!({}));
    for field in [
        "currency_code",
        "wallet_type",
        "label",
        "key1",
        "custom_transaction_id",
    ] {
        assert!(a["message"][field].is_array(), "{field} reported: {a}");
    }
    // Not JSON at all: the same field messages, never a crash.
    let (status, text) = call(
        "POST",
        &env.secret_url("/api/v1/transaction/activate"),
        Some("{not json"),
    );
    assert_eq!(status, 400);
    assert!(json_of(&text)["message"]["label"].is_array());
    // Missing or wrong secret: a bare 404.
    for url in [
        env.url("/api/v1/transaction/activate"),
        env.url("/api/v1/transaction/activate?secret=wrong"),
    ] {
        let (status, text) = call("POST", &url, Some("{}"));
        assert_eq!((status, text.as_str()), (404, "Not found"));
    }
    let (status, _) = call(
        "GET",
        &env.url("/api/v1/payment-systems/available?currency_code[]=PKR&label=1"),
        None,
    );
    assert_eq!(status, 404);
}

#[test]
fn suspicious_payments_answer_pending_until_approved() {
    let env = Env::start();
    let id = env.create("ipay", "LKR", "s1");
    let r = env.control(
        "POST",
        "/_sandbox/pay",
        Some(json!({"wallet_type": "ipay", "identifier": id, "amount": 1000, "suspicious": true})),
    );
    let tx = r["transaction_id"].as_str().unwrap().to_owned();
    assert_eq!(tx.len(), 8);
    let (status, a) = env.activate(
        json!({"currency_code": "LKR", "label": "s1", "wallet_type": "ipay",
        "key1": tx, "amount": 1000, "custom_transaction_id": "p-1"}),
    );
    assert_eq!(status, 200);
    assert_eq!(a["status"], "pending");
    assert!(a["message"]
        .as_str()
        .unwrap()
        .starts_with("The deposit status check has been started"));
    assert_eq!(env.state()["deposits"][0]["status"], "pending");

    env.control("POST", &format!("/_sandbox/deposits/{tx}/approve"), None);
    let postback = verify_postback(&env.receiver.wait_for(1), POSTBACK_KEY).unwrap();
    assert_eq!(postback.entries()[0].wallet_type.as_deref(), Some("ipay"));
}

#[test]
fn unknown_numbers_become_possible_transactions_when_enabled() {
    let env = Env::with(|c| c.possible_transactions = true);
    let (status, a) = env.activate(
        json!({"currency_code": "PKR", "label": "p", "wallet_type": "easypaisa",
        "key1": "99999999999", "amount": 700, "custom_transaction_id": "pt-1"}),
    );
    assert_eq!(status, 200);
    assert_eq!(
        a,
        json!({"status": "possible_transaction_created",
                         "message": "Transaction not found. Possible transaction created"})
    );
    let state = env.state();
    let possible = &state["possible_transactions"][0];
    assert_eq!(
        (possible["key1"].as_str(), possible["manual"].as_bool()),
        (Some("99999999999"), Some(false))
    );
    let id = possible["id"].as_i64().unwrap();
    env.control(
        "POST",
        &format!("/_sandbox/possible-transactions/{id}/approve"),
        None,
    );
    let postback = verify_postback(&env.receiver.wait_for(1), POSTBACK_KEY).unwrap();
    assert_eq!(
        postback.entries()[0].plugin_custom_order_id.as_deref(),
        Some("pt-1")
    );

    // Switched off at run time: unknown numbers fail.
    env.control(
        "POST",
        "/_sandbox/settings",
        Some(json!({"possible_transactions": false})),
    );
    let (_, a) = env.activate(
        json!({"currency_code": "PKR", "label": "p", "wallet_type": "easypaisa",
        "key1": "99999999998", "amount": 700, "custom_transaction_id": "pt-2"}),
    );
    assert_eq!(a["message"], "Transaction not found");
}

#[test]
fn manual_activation_takes_multipart_with_a_screenshot() {
    let env = Env::start();
    let (multipart, body) = activation_form("m-1", &[0x89, b'P', b'N', b'G', 0, 1, 2, 3]);
    let url = env.secret_url("/api/v1/possible-transaction/activate");
    let (status, text) = send("POST", &url, &multipart, &body, Duration::from_secs(5)).unwrap();
    // The general page's answer to possible-transaction/activate.
    assert_eq!(
        (status, json_of(&text)),
        (
            200,
            json!({"status": "success", "message": "", "code": 20000, "data": [],
                "paginate": {"offset": 0, "total": 1, "limit": 1}})
        )
    );
    let state = env.state();
    let p = &state["possible_transactions"][0];
    assert_eq!(
        (
            p["screenshot"].as_str(),
            p["screenshot_bytes"].as_i64(),
            p["manual"].as_bool()
        ),
        (Some("bill.png"), Some(8), Some(true))
    );

    // Missing fields are named.
    let end = format!("--{FORM_BOUNDARY}--\r\n");
    let (status, text) = send(
        "POST",
        &url,
        &multipart,
        end.as_bytes(),
        Duration::from_secs(5),
    )
    .unwrap();
    assert_eq!(status, 400);
    assert!(json_of(&text)["message"]["amount"].is_array());
}

#[test]
fn payments_without_activation_complete_when_paid() {
    let env = Env::start();
    let req = json!({"language": "en", "currency": "INR", "bank": "MBB", "amount": "1000.50",
        "label": "55", "redirect_url": "https://example.com/back", "custom_transaction_id": "direct-1"});
    let (status, body) = env.post("/api/v1/payment/create/phone_pe", &req);
    assert_eq!((status, json_of(&body)), (200, json!({"status": "ok"})));
    let (status, body) = env.post("/api/v1/payment/create/phone_pe", &req);
    assert_eq!(status, 400, "custom_transaction_id is unique: {body}");
    let r = env.control(
        "POST",
        "/_sandbox/pay",
        Some(json!({"wallet_type": "phone_pe", "label": "55"})),
    );
    assert_eq!(r["credited"], true);
    let body = env.receiver.wait_for(1);
    let p = verify_postback(&body, POSTBACK_KEY).unwrap();
    assert_eq!(p.entries()[0].amount.as_deref(), Some("1000.5"));
    assert_eq!(
        p.entries()[0].plugin_custom_order_id.as_deref(),
        Some("direct-1")
    );

    let (status, body) = env.post("/api/v1/payment/create/phone_pe",
        &json!({"language": "en", "currency": "INR", "bank": "MBB", "amount": 1,
                "label": "55", "redirect_url": "https://e.com", "custom_transaction_id": "direct-2"}));
    assert_eq!(status, 400);
    assert!(json_of(&body)["message"]["amount"][0]
        .as_str()
        .unwrap()
        .contains("between"));
}

#[test]
fn payment_systems_media_hints_and_custom_ids() {
    let env = Env::start();
    let (status, body) = env.get(
        "/api/v1/payment-systems/available?currency_code%5B%5D=PKR&currency_code[]=BDT&label=55",
    );
    assert_eq!(status, 200);
    let v = json_of(&body);
    let types: Vec<&str> = v["params"]["wallets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["easypaisa", "bkash", "nagad"]);
    assert_eq!(
        v["params"]["currency_data"][0],
        json!({"code": "PKR", "symbol": "PKR"})
    );
    assert_eq!(
        v["params"]["limits"]["easypaisa"]["PKR"],
        json!({"min": "500", "max": "100000"})
    );
    assert!(
        body.contains(r#"http:\/\/127.0.0.1"#),
        "slashes escaped as PHP does"
    );
    let (_, body) = env.get("/api/v1/payment-systems/available?label=55");
    assert_eq!(
        json_of(&body)["message"]["currency_code"][0],
        "The currency code field is required."
    );

    let (status, body) = call("GET", &env.url("/wallet-type/images/"), None);
    assert_eq!(status, 200);
    let v = json_of(&body);
    assert_eq!(
        (v["status"].as_str(), v["code"].as_i64()),
        (Some("success"), Some(20000))
    );
    assert!(v["data"]["easypaisa"]["url"]
        .as_str()
        .unwrap()
        .ends_with("easypaisa.mp4"));

    let (status, body) = env.post(
        "/api/v1/payment/save-transaction-custom-id",
        &json!({"label": "55", "transaction_custom_id": "123465477897"}),
    );
    assert_eq!((status, json_of(&body)), (200, json!({"status": "ok"})));
    assert_eq!(
        env.state()["saved_custom_ids"][0]["transaction_custom_id"],
        "123465477897"
    );
    let (status, _) = env.post(
        "/api/v1/payment/save-transaction-custom-id",
        &json!({"label": "55"}),
    );
    assert_eq!(status, 400);
    let (status, body) = env.post(
        "/api/v1/transaction/create/easypaisa",
        &json!({"currency": "INR", "label": "1"}),
    );
    assert_eq!(status, 400, "{body}");
    let (status, body) = env.post(
        "/api/v1/transaction/create/no_such_wallet",
        &json!({"currency": "INR", "label": "1"}),
    );
    assert_eq!(
        (status, json_of(&body)["message"].as_str()),
        (400, Some("Payment system not found"))
    );
}

#[test]
fn pretty_printed_postbacks_verify_too() {
    let env = Env::start();
    env.control(
        "POST",
        "/_sandbox/settings",
        Some(json!({"pretty_postbacks": true})),
    );
    let id = env.create("easypaisa", "PKR", "pp");
    let tx = env.pay("easypaisa", &id, 999);
    env.activate(
        json!({"currency_code": "PKR", "label": "pp", "wallet_type": "easypaisa",
        "key1": tx, "amount": 999, "custom_transaction_id": "pp-1"}),
    );
    let body = env.receiver.wait_for(1);
    let text = String::from_utf8(body.clone()).unwrap();
    assert!(text.starts_with("{\n    \"signature\": \""), "{text}");
    let postback = verify_postback(&body, POSTBACK_KEY).unwrap();
    assert_eq!(postback.entries()[0].amount.as_deref(), Some("999"));
}
