//! `paykassma demo`: a walk through the documents' own examples — a withdrawal request signed,
//! a deposit postback verified, a tampered copy refused.

use std::process::ExitCode;

use paykassma::php::{decode, Value};

const WITHDRAWAL: &str = r#"{"withdrawal_id":"1234567test","payment_system":"easypaisa","amount":10000,"currency_code":"PKR","label":"125199","account_number":"03405135211","account_name":"Muhammad Saqib Mushtaq","is_test":true}"#;
const DEPOSIT_POSTBACK: &str =
    include_str!("../../../core/tests/fixtures/easypaisa_deposit_postback.json");
const WITHDRAWAL_KEY: &str = "demo-withdrawal-private-key";
const POSTBACK_KEY: &str = "demo-postback-private-key";

pub fn run() -> ExitCode {
    match walk() {
        Ok(()) => {
            println!("\nevery step held");
            ExitCode::SUCCESS
        }
        Err(step) => {
            eprintln!("demo failed: {step}");
            ExitCode::from(1)
        }
    }
}

fn walk() -> Result<(), String> {
    println!("1. Sign the easypaisa withdrawal request of the documents");
    let data = decode(WITHDRAWAL).map_err(|e| e.to_string())?;
    let data = data.as_array().ok_or("the example is not an object")?;
    println!(
        "   ksorted and imploded: {}",
        paykassma::signing_string(data)
    );
    let signature = paykassma::sign_json(WITHDRAWAL, WITHDRAWAL_KEY).map_err(|e| e.to_string())?;
    println!("   signature: {signature}");

    println!("2. The gateway signs the easypaisa deposit postback of the documents");
    let body = decode(DEPOSIT_POSTBACK).map_err(|e| e.to_string())?;
    let body = body.as_array().ok_or("the postback is not an object")?;
    let access_key = body
        .get("access_key")
        .and_then(Value::as_str)
        .ok_or("no access_key")?;
    let old = body
        .get("signature")
        .and_then(Value::as_str)
        .ok_or("no signature")?;
    let additional = body.get("additional_data").ok_or("no additional_data")?;
    let new = paykassma::sign_postback(access_key, POSTBACK_KEY, additional)
        .map_err(|e| e.to_string())?;
    let signed = DEPOSIT_POSTBACK.replace(old, &new);

    println!("3. The merchant verifies it");
    let postback =
        paykassma::verify_postback(signed.as_bytes(), POSTBACK_KEY).map_err(|e| e.to_string())?;
    let entry = &postback.entries()[0];
    println!(
        "   verified {} of {} {} (transaction {}), idempotency key {}",
        postback.kind().as_str(),
        entry.amount.as_deref().unwrap_or("?"),
        entry.currency_code.as_deref().unwrap_or("?"),
        entry.transaction_id.as_deref().unwrap_or("?"),
        postback.idempotency_key()
    );
    println!("   answer: {}", postback.acknowledgement());

    println!("4. A copy with the signed amount changed is refused");
    let tampered = signed.replace("\"amount\": \"1000\"", "\"amount\": \"9000\"");
    match paykassma::verify_postback(tampered.as_bytes(), POSTBACK_KEY) {
        Err(e) if e.code() == "signature_mismatch" => println!("   refused: {e}"),
        other => return Err(format!("the tampered postback was not refused: {other:?}")),
    }
    Ok(())
}
