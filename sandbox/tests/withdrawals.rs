//! Withdrawals over loopback: the signature formula, balance checks, both field sets, repeated
//! withdrawal ids, and paid / rejected postbacks verified with the core.

mod common;

use common::*;
use paykassma::{verify_postback, PostbackKind, WithdrawalStatus};
use serde_json::json;

#[test]
fn signed_withdrawal_is_created_paid_and_announced() {
    let env = Env::start();
    let (status, answer) = env.withdraw(easypaisa_withdrawal("1234567test", 10000));
    assert_eq!((status, answer), (200, json!({"status": "ok"})));
    let state = env.state();
    assert_eq!(state["withdrawals"][0]["status"], "new");

    let r = env.control("POST", "/_sandbox/withdrawals/1234567test/pay", None);
    assert_eq!(r["withdrawal_status"], 1);
    let body = env.receiver.wait_for(1);
    let postback = verify_postback(&body, POSTBACK_KEY).unwrap();
    assert_eq!(postback.kind(), PostbackKind::Withdrawal);
    let entry = &postback.entries()[0];
    assert_eq!(entry.withdrawal_status, Some(WithdrawalStatus::Success));
    assert_eq!(entry.withdrawal_id.as_deref(), Some("1234567test"));
    assert_eq!(entry.account_number.as_deref(), Some("03405135211"));
    let raw = json_of(std::str::from_utf8(&body).unwrap());
    assert_eq!(raw["direction"], "outgoing");
    assert_eq!(
        raw["additional_data"][0]["bank_details"],
        json!({"bank_code": null, "branch_code": null})
    );

    let balance = env.state()["balances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["wallet_type"] == "easypaisa")
        .unwrap()["amount"]
        .clone();
    assert_eq!(balance, "990000");
    // A withdrawal is finished once.
    let (status, _) = call(
        "POST",
        &env.url("/_sandbox/withdrawals/1234567test/reject"),
        None,
    );
    assert_eq!(status, 409);
}

#[test]
fn rejected_withdrawal_postback_has_status_5_and_keeps_the_balance() {
    let env = Env::start();
    let data = json!({"withdrawal_id": "1234567test565856", "payment_system": "ipay", "amount": 10000,
        "currency_code": "LKR", "label": "125199", "account_number": "07405138",
        "account_name": "Test Name Acc", "is_test": true, "bank_details": {"bank_code": "Bank Of Ceylon"}});
    let (status, answer) = env.withdraw(data);
    assert_eq!(
        (status, answer["status"].as_str()),
        (200, Some("ok")),
        "{answer}"
    );
    env.control(
        "POST",
        "/_sandbox/withdrawals/1234567test565856/reject",
        None,
    );
    let postback = verify_postback(&env.receiver.wait_for(1), POSTBACK_KEY).unwrap();
    let entry = &postback.entries()[0];
    assert_eq!(entry.withdrawal_status, Some(WithdrawalStatus::Rejected));
    assert_eq!(
        entry.bank_details.bank_code.as_deref(),
        Some("Bank Of Ceylon")
    );
    let state = env.state();
    assert_eq!(currency(&state["balances"], "LKR")["amount"], "1000000");
}

#[test]
fn a_bad_or_missing_signature_is_refused_as_the_gateway_does() {
    let env = Env::start();
    let mut data = signed(easypaisa_withdrawal("w-bad", 1000));
    data["amount"] = json!(1001);
    let (status, text) = call(
        "POST",
        &env.url("/v2/withdrawal/create"),
        Some(&data.to_string()),
    );
    assert_eq!(status, 400);
    assert_eq!(
        json_of(&text),
        json!({"status": "fail", "message": "Withdrawal signature is invalid"})
    );
    let (_, text) = call(
        "POST",
        &env.url("/v2/withdrawal/create"),
        Some(&easypaisa_withdrawal("w", 1000).to_string()),
    );
    assert_eq!(json_of(&text)["message"], "Withdrawal signature is invalid");
    let (_, text) = call("POST", &env.url("/v2/withdrawal/create"), Some("[1,2"));
    assert_eq!(json_of(&text)["message"], "Withdrawal signature is invalid");
    // The documented example of is_test=false: the signed string has an empty field there.
    let mut data = easypaisa_withdrawal("w-false", 1000);
    data["is_test"] = json!(false);
    assert_eq!(env.withdraw(data).1["status"], "ok");
    assert_eq!(env.state()["withdrawals"].as_array().unwrap().len(), 1);
}

#[test]
fn insufficient_balance_uses_the_documented_message_map() {
    let env = Env::with(|c| {
        for p in &mut c.payment_systems {
            if p.wallet_type == "easypaisa" {
                p.balance = paykassma_sandbox::Money::from_units(15000);
            }
        }
    });
    assert_eq!(
        env.withdraw(easypaisa_withdrawal("a", 10000)).1["status"],
        "ok"
    );
    // 10000 is still in progress: another 10000 exceeds the 15000 balance.
    let (status, answer) = env.withdraw(easypaisa_withdrawal("b", 10000));
    assert_eq!(status, 400);
    assert_eq!(
        answer,
        json!({"status": "fail", "message": {"withdrawals_sum_amount": ["Insufficient balance"]}})
    );
    env.control("POST", "/_sandbox/withdrawals/a/reject", None);
    assert_eq!(
        env.withdraw(easypaisa_withdrawal("b", 10000)).1["status"],
        "ok"
    );
}

#[test]
fn per_wallet_rules_are_checked_and_named() {
    let env = Env::start();
    let mut data = easypaisa_withdrawal("r1", 1000);
    data["account_number"] = json!("04405135211");
    data["account_name"] = json!("Muhammad 2");
    data.as_object_mut().unwrap().remove("label");
    let (status, answer) = env.withdraw(data);
    assert_eq!(status, 400);
    let m = &answer["message"];
    assert!(
        m["account_number"][0]
            .as_str()
            .unwrap()
            .contains("03XXXXXXXXX"),
        "{answer}"
    );
    assert!(
        m["account_name"].is_array() && m["label"].is_array(),
        "{answer}"
    );
    let mut data = easypaisa_withdrawal("r2", 50);
    data["currency_code"] = json!("INR");
    let answer = env.withdraw(data).1;
    assert!(
        answer["message"]["amount"].is_array() && answer["message"]["currency_code"].is_array(),
        "{answer}"
    );
    let answer = env.withdraw(json!({"withdrawal_id": "r3", "payment_system": "ipay", "amount": 1000,
        "currency_code": "LKR", "label": "1", "account_number": "07123456", "account_name": "A", "is_test": true})).1;
    assert!(
        answer["message"]["bank_details.bank_code"].is_array(),
        "{answer}"
    );
    let answer = env.withdraw(json!({"withdrawal_id": "r4", "payment_system": "easypaisa", "amount": 1000,
        "currency_code": "PKR", "label": "1", "account_number": "03405135211", "account_name": "A B",
        "is_test": true, "comment": "abc"})).1;
    assert!(
        answer["message"]["comment"].is_array(),
        "comment is 4 to 64 characters: {answer}"
    );
}

#[test]
fn a_repeated_withdrawal_id_never_creates_a_second_withdrawal() {
    let env = Env::start();
    assert_eq!(
        env.withdraw(easypaisa_withdrawal("same-id", 1000)).1,
        json!({"status": "ok"})
    );
    // The same signed request again (a client retry): answered the same, nothing new.
    assert_eq!(
        env.withdraw(easypaisa_withdrawal("same-id", 1000)).1,
        json!({"status": "ok"})
    );
    // Different data under the used id: refused.
    let (status, answer) = env.withdraw(easypaisa_withdrawal("same-id", 2000));
    assert_eq!(status, 400);
    assert_eq!(
        answer["message"]["withdrawal_id"][0],
        "The withdrawal id has already been taken."
    );
    let state = env.state();
    assert_eq!(state["withdrawals"].as_array().unwrap().len(), 1);
    assert_eq!(state["withdrawals"][0]["create_requests"], 3);
    assert_eq!(state["withdrawal_requests"]["same-id"], 3);
}

#[test]
fn a_missing_withdrawal_id_is_generated() {
    let env = Env::start();
    let mut data = easypaisa_withdrawal("x", 1000);
    data.as_object_mut().unwrap().remove("withdrawal_id");
    assert_eq!(env.withdraw(data).1["status"], "ok");
    let id = env.state()["withdrawals"][0]["withdrawal_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!id.is_empty() && id.len() <= 36);
}

#[test]
fn the_older_field_set_answers_with_the_created_record() {
    let env = Env::start();
    let (status, answer) = env.withdraw(
        json!({"wallet_type": "paytm", "wallet_recipient": "123123232",
        "wallet_sender": 1111, "email": "user@example.com", "amount": 1000, "withdrawal_id": "13"}),
    );
    assert_eq!(status, 200, "{answer}");
    let keys: Vec<&String> = answer.as_object().unwrap().keys().collect();
    for k in [
        "id",
        "wallet_type",
        "wallet_recipient",
        "wallet_sender",
        "email",
        "amount",
        "status",
        "created_at",
        "updated_at",
    ] {
        assert!(keys.iter().any(|x| x.as_str() == k), "{k} in {answer}");
    }
    assert_eq!(
        (
            answer["id"].as_i64(),
            answer["wallet_sender"].as_str(),
            answer["amount"].as_i64()
        ),
        (Some(1), Some("1111"), Some(1000))
    );
    assert!(answer.get("signature").is_none());
    env.control("POST", "/_sandbox/withdrawals/13/pay", None);
    let p = verify_postback(&env.receiver.wait_for(1), POSTBACK_KEY).unwrap();
    assert_eq!(
        p.entries()[0].account_email.as_deref(),
        Some("user@example.com")
    );
    let (_, answer) = env.withdraw(json!({"wallet_type": "paytm", "amount": 1000}));
    assert!(answer["message"]["wallet_recipient"].is_array(), "{answer}");
}
