//! A merchant's postback endpoint (a real HTTP server, `Merchant`) under repeated, duplicated,
//! late and out-of-order postbacks: each state is processed once, every verified postback is
//! acknowledged, and a withdrawal never moves back from its final state.

use std::time::Duration;

use paykassma::php;
use paykassma_hardening::fixture::json_of;
use paykassma_hardening::merchant::{Outcome, Script};
use paykassma_hardening::{wait_until, Fixture, Merchant};
use paykassma_sandbox::{DEFAULT_POSTBACK_ACCESS_KEY, DEFAULT_POSTBACK_PRIVATE_KEY};
use serde_json::{json, Value};

const PATIENCE: Duration = Duration::from_secs(30);

fn setup(backoff_ms: u64) -> (Merchant, Fixture, paykassma::Client) {
    let merchant = Merchant::start(DEFAULT_POSTBACK_PRIVATE_KEY);
    let f = Fixture::start(|c| {
        c.postback_url = Some(merchant.url.clone());
        c.delivery.initial_backoff_ms = backoff_ms;
        c.delivery.max_backoff_ms = backoff_ms;
    });
    let c = f.client(json!({}));
    (merchant, f, c)
}

/// A credited easypaisa deposit through the client.
fn deposit(f: &Fixture, c: &paykassma::Client, custom: &str, amount: i64) {
    let created = json_of(
        &c.call(
            "create_transaction",
            r#"{"wallet_type":"easypaisa","currency":"PKR","label":"pb"}"#,
        )
        .unwrap(),
    );
    let tx = f.pay(
        "easypaisa",
        created["params"]["identifier"].as_str().unwrap(),
        amount,
    );
    let out = json_of(
        &c.call(
            "activate_transaction",
            &json!({"wallet_type": "easypaisa", "currency_code": "PKR", "label": "pb",
                "key1": tx, "amount": amount, "custom_transaction_id": custom})
            .to_string(),
        )
        .unwrap(),
    );
    assert_eq!(out["deposit"], true, "{out}");
}

fn postbacks(f: &Fixture) -> Vec<Value> {
    f.control("GET", "/_sandbox/postbacks", Value::Null)["postbacks"]
        .as_array()
        .unwrap()
        .clone()
}

fn deliveries(f: &Fixture) -> usize {
    f.control("GET", "/_sandbox/deliveries", Value::Null)["deliveries"]
        .as_array()
        .unwrap()
        .len()
}

/// The outcomes the merchant had for `key`, in order.
fn outcomes(m: &Merchant, key: &str) -> Vec<(Outcome, bool)> {
    m.arrivals()
        .into_iter()
        .filter(|a| a.key.as_deref() == Some(key))
        .map(|a| (a.outcome, a.ack_lost))
        .collect()
}

fn key_of(body: &str) -> String {
    paykassma::verify_postback(body.as_bytes(), DEFAULT_POSTBACK_PRIVATE_KEY)
        .unwrap()
        .idempotency_key()
}

#[test]
fn lost_acknowledgements_duplicates_and_resends_are_processed_once() {
    let (merchant, f, c) = setup(50);
    // The merchant commits the first deposit, then its answer is lost: the gateway sends again.
    merchant.script(Script::LoseAcknowledgement);
    deposit(&f, &c, "pb-1", 1000);
    // The second deposit's postback is delivered twice.
    f.arm("duplicate_postback", 1, "", None);
    deposit(&f, &c, "pb-2", 1200);
    wait_until(PATIENCE, "four deliveries", || deliveries(&f) == 4);
    // Later the gateway resends the first one.
    f.control("POST", "/_sandbox/postbacks/resend", json!({"id": 1}));
    wait_until(PATIENCE, "the resend", || deliveries(&f) == 5);

    let list = postbacks(&f);
    assert!(list.iter().all(|p| p["acknowledged"] == true), "{list:?}");
    let (k1, k2) = (
        key_of(list[0]["body"].as_str().unwrap()),
        key_of(list[1]["body"].as_str().unwrap()),
    );
    assert_ne!(k1, k2);
    assert_eq!(
        outcomes(&merchant, &k1),
        vec![
            (Outcome::Processed, true),
            (Outcome::Repeat, false),
            (Outcome::Repeat, false)
        ]
    );
    assert_eq!(
        outcomes(&merchant, &k2),
        vec![(Outcome::Processed, false), (Outcome::Repeat, false)]
    );
    assert_eq!(
        merchant.deposit_cents("pb-1"),
        Some(100_000),
        "credited once"
    );
    assert_eq!(
        merchant.deposit_cents("pb-2"),
        Some(120_000),
        "credited once"
    );
    assert_eq!(merchant.total_deposit_cents(), 220_000);
}

/// `body` with its withdrawal entry set back to "in processing" (no status), signed again with
/// the gateway's keys: a genuine postback of an earlier state.
fn earlier_state_of(body: &str) -> String {
    let mut envelope: Value = serde_json::from_str(body).unwrap();
    envelope["additional_data"][0]["withdrawal_status"] = Value::Null;
    let signed = php::decode(&envelope["additional_data"].to_string()).unwrap();
    envelope["signature"] = json!(paykassma::sign_postback(
        DEFAULT_POSTBACK_ACCESS_KEY,
        DEFAULT_POSTBACK_PRIVATE_KEY,
        &signed
    )
    .unwrap());
    envelope.to_string()
}

/// Posts `body` to the merchant as the gateway would; the status and answer.
fn deliver(merchant: &Merchant, body: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(PATIENCE))
        .http_status_as_error(false)
        .build()
        .into();
    let mut r = agent
        .post(&merchant.url)
        .header("Content-Type", "application/json")
        .send(body.as_bytes())
        .unwrap();
    (
        r.status().as_u16(),
        r.body_mut().read_to_string().unwrap_or_default(),
    )
}

#[test]
fn out_of_order_withdrawal_postbacks_leave_each_withdrawal_in_its_final_state() {
    // A refused postback is retried 2 s later, well after the next one is delivered.
    let (merchant, f, c) = setup(2_000);
    for (id, amount) in [("ooo-1", 1000), ("ooo-2", 1500)] {
        let p = json!({"withdrawal_id": id, "payment_system": "easypaisa", "amount": amount,
            "currency_code": "PKR", "label": "pb", "account_number": "03405135211",
            "account_name": "Hard Test", "is_test": true});
        let out = json_of(&c.call("create_withdrawal", &p.to_string()).unwrap());
        assert_eq!(out["withdrawal_id"], id);
    }
    // The merchant fails on W1's paid postback before committing anything.
    merchant.script(Script::RefuseBeforeProcessing);
    f.control("POST", "/_sandbox/withdrawals/ooo-1/pay", Value::Null);
    wait_until(PATIENCE, "the refused delivery", || {
        merchant.arrivals().len() == 1
    });
    f.control("POST", "/_sandbox/withdrawals/ooo-2/reject", Value::Null);
    wait_until(PATIENCE, "the retry", || merchant.arrivals().len() == 3);

    let list = postbacks(&f);
    let (paid, rejected) = (
        list[0]["body"].as_str().unwrap().to_owned(),
        list[1]["body"].as_str().unwrap().to_owned(),
    );
    let (k1, k2) = (key_of(&paid), key_of(&rejected));
    let order: Vec<(Option<String>, Outcome)> = merchant
        .arrivals()
        .into_iter()
        .map(|a| (a.key, a.outcome))
        .collect();
    assert_eq!(
        order,
        vec![
            (Some(k1.clone()), Outcome::Refused),
            (Some(k2.clone()), Outcome::Processed),
            (Some(k1.clone()), Outcome::Processed)
        ],
        "W2's postback overtook W1's"
    );
    assert_eq!(merchant.withdrawal_status("ooo-1"), Some(1));
    assert_eq!(merchant.withdrawal_status("ooo-2"), Some(5));

    // A genuine "in processing" postback of W1 arrives after the final one: it has its own key,
    // is acknowledged (or the gateway would retry it forever) and changes nothing.
    let late = earlier_state_of(&paid);
    let late_key = key_of(&late);
    assert_ne!(late_key, k1, "each state has its own key");
    for expected in [Outcome::Stale, Outcome::Repeat] {
        let (status, answer) = deliver(&merchant, &late);
        assert_eq!((status, json_of(&answer)), (200, json!({"status": "ok"})));
        assert_eq!(merchant.arrivals().last().unwrap().outcome, expected);
    }
    assert_eq!(merchant.withdrawal_status("ooo-1"), Some(1), "still paid");

    // The gateway resends W1's final postback: acknowledged, not processed again.
    f.control("POST", "/_sandbox/postbacks/resend", json!({"id": 1}));
    wait_until(PATIENCE, "the resend", || merchant.arrivals().len() == 6);
    assert_eq!(merchant.arrivals()[5].outcome, Outcome::Repeat);

    // A tampered copy is refused and changes nothing.
    let tampered = paid.replacen("\"amount\":\"1000\"", "\"amount\":\"9000\"", 1);
    assert_ne!(tampered, paid);
    let (status, _) = deliver(&merchant, &tampered);
    assert_eq!(status, 400);
    assert_eq!(
        merchant.arrivals().last().unwrap().outcome,
        Outcome::Invalid("signature_mismatch".into())
    );
    assert_eq!(
        merchant.processed(),
        vec![k2, k1],
        "two states applied, once each"
    );
}
