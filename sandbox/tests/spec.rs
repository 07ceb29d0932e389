//! The documents' field rules, read twice: the sandbox's own reading (gateway/spec.rs, which
//! imports nothing of the core's rules) refuses what the documents forbid, and the core's builders
//! must refuse exactly where it does: refusing more is the core being too strict, sending what the
//! sandbox refuses is the core being too loose. Each case cites the document line it tests.

mod common;

use common::*;
use paykassma::api::ActivateTransaction;
use paykassma::client::{Activation, Client};
use paykassma::Error;
use serde_json::{json, Value};

fn client(env: &Env) -> Client {
    let config = json!({
        "api_base_url": env.sandbox.base_url(),
        "secret": SECRET,
        "withdrawal_private_key": WITHDRAWAL_KEY,
        "postback_private_key": POSTBACK_KEY,
        "max_retries": 0,
        "binding": "rust-tests"
    });
    Client::from_json_config(&config.to_string()).unwrap()
}

/// The fields the sandbox's answer names as wrong.
fn refused_fields(status: u16, text: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    match (status, &v["message"]) {
        (400, Value::Object(map)) => map.keys().cloned().collect(),
        (400, Value::String(m)) if m == "Withdrawal signature is invalid" => {
            vec!["signature".into()]
        }
        _ => Vec::new(),
    }
}

/// Sends `params` as the wire request of `op`, straight to the sandbox.
fn raw(env: &Env, op: &str, params: &Value) -> (u16, String) {
    match op {
        "activate_transaction" => env.post("/api/v1/transaction/activate", params),
        "create_withdrawal" | "create_legacy_withdrawal" => call(
            "POST",
            &env.url("/v2/withdrawal/create"),
            Some(&signed(params.clone()).to_string()),
        ),
        "create_payment" => {
            let mut body = params.clone();
            let system = body
                .as_object_mut()
                .unwrap()
                .remove("payment_system")
                .unwrap();
            env.post(
                &format!("/api/v1/payment/create/{}", system.as_str().unwrap()),
                &body,
            )
        }
        "deposit_info" => {
            let query: Vec<String> = params
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap()))
                .collect();
            env.get(&format!("/api/v1/deposit-info?{}", query.join("&")))
        }
        other => panic!("no raw form for {other}"),
    }
}

struct Case {
    /// The document line the case tests.
    cites: &'static str,
    op: &'static str,
    base: Value,
    field: &'static str,
    /// `None` leaves the field out.
    value: Option<Value>,
    /// Whether the documents allow it.
    allowed: bool,
}

type Text = &'static str;

fn case(
    cites: Text,
    op: Text,
    base: Value,
    field: Text,
    value: Option<Value>,
    allowed: bool,
) -> Case {
    Case {
        cites,
        op,
        base,
        field,
        value,
        allowed,
    }
}

fn easypaisa_activation() -> Value {
    json!({"currency_code": "PKR", "label": "786442", "wallet_type": "easypaisa",
        "key1": "67923175246", "amount": 1200, "custom_transaction_id": "3158538"})
}

fn ipay_activation() -> Value {
    json!({"currency_code": "LKR", "label": "786442", "wallet_type": "ipay",
        "key1": "23936785", "amount": 1000, "custom_transaction_id": "3158538"})
}

fn easypaisa_withdrawal() -> Value {
    json!({"payment_system": "easypaisa", "amount": 1000, "currency_code": "PKR",
        "label": "125199", "account_number": "03405135211",
        "account_name": "Muhammad Saqib Mushtaq", "is_test": true})
}

fn ipay_withdrawal() -> Value {
    json!({"payment_system": "ipay", "amount": 1000, "currency_code": "LKR",
        "label": "125199", "account_number": "03405138", "account_name": "Test Name Acc",
        "is_test": true, "bank_details": {"bank_code": "Bank Of Ceylon"}})
}

fn paytm_withdrawal() -> Value {
    json!({"payment_system": "paytm", "amount": 1000, "currency_code": "INR", "label": "55",
        "is_test": false, "comment": "withdrawal", "account_number": "11111111"})
}

fn legacy() -> Value {
    json!({"wallet_type": "paytm", "wallet_recipient": "123123232", "wallet_sender": "1111",
        "email": "user@example.com", "amount": 1000, "withdrawal_id": "13"})
}

fn payment() -> Value {
    json!({"payment_system": "paytm", "language": "en", "currency": "INR", "bank": "MBB",
        "amount": 1000, "label": "55", "redirect_url": "https://google.com",
        "custom_transaction_id": "123465477897"})
}

fn s(text: String) -> Option<Value> {
    Some(Value::String(text))
}

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    let a = |n: usize| "a".repeat(n);
    vec![
        case("Easypaisa page, activation: custom_transaction_id string yes 190", "activate_transaction", easypaisa_activation(), "custom_transaction_id", s(a(190)), true),
        case("Easypaisa page, activation: custom_transaction_id string yes 190", "activate_transaction", easypaisa_activation(), "custom_transaction_id", s(a(191)), false),
        case("iPay page, activation: custom_transaction_id string yes 190", "activate_transaction", ipay_activation(), "custom_transaction_id", s(a(190)), true),
        case("Easypaisa page, activation: key1 ... (11 digits)", "activate_transaction", easypaisa_activation(), "key1", s("6792317524".into()), false),
        case("iPay page, activation: key1 ... (8 digits)", "activate_transaction", ipay_activation(), "key1", s("239367851".into()), false),
        case("Easypaisa page, activation: amount float yes", "activate_transaction", easypaisa_activation(), "amount", None, false),
        case("general page, activation: label string (190)", "activate_transaction", easypaisa_activation(), "label", s(a(191)), false),
        case("general page, activation: wallet_type string (190)", "activate_transaction", easypaisa_activation(), "wallet_type", s(a(191)), false),
        case("Easypaisa page, withdrawal: label string(1-36)", "create_withdrawal", easypaisa_withdrawal(), "label", s(a(36)), true),
        case("Easypaisa page, withdrawal: label string(1-36)", "create_withdrawal", easypaisa_withdrawal(), "label", s(a(37)), false),
        case("iPay page, withdrawal: label string (no length)", "create_withdrawal", ipay_withdrawal(), "label", s(a(37)), true),
        case("Easypaisa page, withdrawal: amount int", "create_withdrawal", easypaisa_withdrawal(), "amount", s("1000.50".into()), false),
        case("iPay page, withdrawal example: account_number 03405138", "create_withdrawal", ipay_withdrawal(), "account_number", s("03405138".into()), true),
        case("iPay page, withdrawal: in the format 07XXXXXX", "create_withdrawal", ipay_withdrawal(), "account_number", s("07405138".into()), true),
        case("iPay page, withdrawal: in the format 07XXXXXX", "create_withdrawal", ipay_withdrawal(), "account_number", s("0740513".into()), false),
        case("iPay page, withdrawal: bank_details.bank_code yes", "create_withdrawal", ipay_withdrawal(), "bank_details", None, false),
        case("Easypaisa page, withdrawal: account_name limit 30, only the Latin alphabet", "create_withdrawal", easypaisa_withdrawal(), "account_name", s("A".repeat(30)), true),
        case("Easypaisa page, withdrawal: account_name limit 30, only the Latin alphabet", "create_withdrawal", easypaisa_withdrawal(), "account_name", s("A".repeat(31)), false),
        case("Easypaisa page, withdrawal: account_number 03XXXXXXXXX", "create_withdrawal", easypaisa_withdrawal(), "account_number", s("04405135211".into()), false),
        case("general page, withdrawal: withdrawal_id string(1-36)", "create_withdrawal", paytm_withdrawal(), "withdrawal_id", s(a(37)), false),
        case("general page, earlier withdrawal table: comment string(4-64)", "create_withdrawal", paytm_withdrawal(), "comment", s(a(3)), false),
        case("general page, earlier withdrawal table: comment string(4-64)", "create_withdrawal", paytm_withdrawal(), "comment", s(a(64)), true),
        case("general page, withdrawal: no spaces at the beginning and end", "create_withdrawal", paytm_withdrawal(), "account_name", s(" Test Name".into()), false),
        case("general page, withdrawal: no spaces at the beginning and end", "create_withdrawal", paytm_withdrawal(), "account_email", s("user@example.com ".into()), false),
        case("general page, older withdrawal: email string(191), required", "create_legacy_withdrawal", legacy(), "email", None, false),
        case("general page, older withdrawal: withdrawal_id Integer", "create_legacy_withdrawal", legacy(), "withdrawal_id", s("13a".into()), false),
        case("general page, older withdrawal: account_name string(191)", "create_legacy_withdrawal", legacy(), "account_name", s(a(191)), true),
        case("general page, older withdrawal: account_name string(191)", "create_legacy_withdrawal", legacy(), "account_name", s(a(192)), false),
        case("general page, older withdrawal: wallet_recipient string(191)", "create_legacy_withdrawal", legacy(), "wallet_recipient", s("1".repeat(192)), false),
        case("general page, payment/create: custom_transaction_id string (64)", "create_payment", payment(), "custom_transaction_id", s(a(64)), true),
        case("general page, payment/create: custom_transaction_id string (64)", "create_payment", payment(), "custom_transaction_id", s(a(65)), false),
        case("general page, payment/create: bank string (3)", "create_payment", payment(), "bank", s("MBBX".into()), false),
        case("general page, deposit-info: code string (190)", "deposit_info", json!({"label": "55", "wallet_type": "paytm", "currency": "INR"}), "code", s(a(190)), true),
        case("general page, deposit-info: code string (190)", "deposit_info", json!({"label": "55", "wallet_type": "paytm", "currency": "INR"}), "code", s(a(191)), false),
    ]
}

#[test]
fn the_sandbox_refuses_what_the_documents_forbid_and_the_core_agrees() {
    let oracle = Env::start();
    let behind_client = Env::start();
    let c = client(&behind_client);
    let mut failures = Vec::new();
    for (i, case) in cases().into_iter().enumerate() {
        let mut params = case.base.clone();
        match &case.value {
            Some(v) => params[case.field] = v.clone(),
            None => {
                params.as_object_mut().unwrap().remove(case.field);
            }
        }
        // A fresh id each, so no case meets another's withdrawal.
        if case.op == "create_withdrawal" && case.field != "withdrawal_id" {
            params["withdrawal_id"] = json!(format!("w-{i}"));
        }
        if case.op == "create_legacy_withdrawal" && case.field != "withdrawal_id" {
            params["withdrawal_id"] = json!(format!("{}", 100 + i));
        }
        let (status, text) = raw(&oracle, case.op, &params);
        let names_field = |f: &str| f == case.field || f.starts_with(&format!("{}.", case.field));
        let sandbox_refuses = refused_fields(status, &text)
            .iter()
            .any(|f| names_field(f) || f == "signature");
        let core_refuses = matches!(
            c.call(case.op, &params.to_string()),
            Err(Error::Validation { field, .. }) if names_field(&field)
        );
        let what = format!(
            "{} ({} {} = {:?})",
            case.cites, case.op, case.field, case.value
        );
        if sandbox_refuses == case.allowed {
            failures.push(format!("sandbox: {what}: answered {status} {text}"));
        }
        if core_refuses == case.allowed {
            failures.push(format!(
                "core: {what}: {}",
                if core_refuses {
                    "too strict"
                } else {
                    "too loose"
                }
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_stockpiled_activation_is_its_own_outcome_and_sends_no_postback() {
    // Easypaisa page, activation "Response Success" `deposit`; general page, Information about
    // savings: below the minimum deposit nothing is credited and no postback is sent.
    let env = Env::start();
    let c = client(&env);
    let identifier = env.create("easypaisa", "PKR", "u-stock");
    let tx = env.pay("easypaisa", &identifier, 200);
    let request =
        ActivateTransaction::new("easypaisa", "PKR", "u-stock", &tx, "o-stock").amount(200);
    match c.activate_transaction(&request).unwrap() {
        Activation::Stockpiled {
            deposit_amount,
            currency_code,
        } => assert_eq!(
            (deposit_amount.as_deref(), currency_code.as_deref()),
            (Some("0"), Some("PKR"))
        ),
        other => panic!("{other:?}"),
    }
    let identifier = env.create("easypaisa", "PKR", "u-stock2");
    let tx = env.pay("easypaisa", &identifier, 100);
    let answer = json_of(
        &c.call(
            "activate_transaction",
            &json!({"wallet_type": "easypaisa", "currency_code": "PKR", "label": "u-stock2",
                "key1": tx, "amount": 100, "custom_transaction_id": "o-stock2"})
            .to_string(),
        )
        .unwrap(),
    );
    assert_eq!(
        (&answer["deposit"], &answer["outcome"]),
        (&json!(false), &json!("stockpiled"))
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(env.receiver.count(), 0);
}

#[test]
fn both_documented_check_started_answers_are_pending() {
    // Wallet pages: "Response Pending For suspect transactions"; general page: "error 400 'Check
    // of deposit status started...'".
    for as_error in [false, true] {
        let env = Env::with(|c| c.check_started_as_error = as_error);
        let c = client(&env);
        let identifier = env.create("easypaisa", "PKR", "u-sus");
        let r = env.control(
            "POST",
            "/_sandbox/pay",
            Some(json!({"wallet_type": "easypaisa", "identifier": identifier, "amount": 600, "suspicious": true})),
        );
        let tx = r["transaction_id"].as_str().unwrap();
        let request =
            ActivateTransaction::new("easypaisa", "PKR", "u-sus", tx, "o-sus").amount(600);
        match c.activate_transaction(&request) {
            Ok(Activation::Pending { message }) => {
                assert!(message.to_lowercase().contains("check"), "{message}")
            }
            other => panic!("check_started_as_error {as_error}: {other:?}"),
        }
    }
}
