//! One `Client` shared by 16 threads doing deposits, activations, withdrawals, lookups and
//! balances against one sandbox: no errors, every answer is the one to the thread's own request,
//! and the final state adds up (balances, withdrawals created once, postbacks processed once).

use std::collections::HashSet;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use paykassma::Client;
use paykassma_hardening::fixture::json_of;
use paykassma_hardening::merchant::cents;
use paykassma_hardening::{wait_until, Fixture, Merchant};
use paykassma_sandbox::DEFAULT_POSTBACK_PRIVATE_KEY;
use serde_json::{json, Value};

const THREADS: usize = 16;
const ROUNDS: usize = 8;

/// A number or a string from an answer, as text.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn call(c: &Client, op: &str, params: Value) -> Value {
    let out = c
        .call(op, &params.to_string())
        .unwrap_or_else(|e| panic!("{op} {params}: {e}"));
    json_of(&out)
}

/// What one thread did, for the final books.
#[derive(Default)]
struct Done {
    deposited_cents: i64,
    paid_cents: i64,
    deposits: Vec<String>,
    withdrawals: Vec<(String, i64)>,
}

fn amount_deposit(t: usize, i: usize) -> i64 {
    500 + (t * 10 + i) as i64
}

fn amount_withdrawal(t: usize, i: usize) -> i64 {
    100 + (t * 10 + i) as i64
}

/// Easypaisa account names are Latin letters and spaces.
fn account_name(t: usize) -> String {
    format!("Thread {}", char::from(b'A' + t as u8))
}

fn worker(f: &Fixture, c: &Client, t: usize) -> Done {
    let label = format!("cc-{t}");
    let mut done = Done::default();
    // A small ipay payment stays stockpiled under this thread's label: deposit_info must show
    // exactly this thread's sum.
    let stockpiled = 100 + t as i64;
    let created = call(
        c,
        "create_transaction",
        json!({"wallet_type": "ipay", "currency": "LKR", "label": label}),
    );
    let tx = f.pay(
        "ipay",
        created["params"]["identifier"].as_str().unwrap(),
        stockpiled,
    );
    let out = call(
        c,
        "activate_transaction",
        json!({"wallet_type": "ipay", "currency_code": "LKR", "label": label, "key1": tx,
            "amount": stockpiled, "custom_transaction_id": format!("{label}-s")}),
    );
    assert_eq!(
        (out["status"].as_str(), out["deposit"].as_bool()),
        (Some("ok"), Some(false)),
        "{out}"
    );

    for i in 0..ROUNDS {
        // Deposit: the wallet, the user pays, the activation credits exactly this amount.
        let amount = amount_deposit(t, i);
        let custom = format!("{label}-{i}");
        let created = call(
            c,
            "create_transaction",
            json!({"wallet_type": "easypaisa", "currency": "PKR", "label": label}),
        );
        let identifier = created["params"]["identifier"].as_str().unwrap();
        let tx = f.pay("easypaisa", identifier, amount);
        let out = call(
            c,
            "activate_transaction",
            json!({"wallet_type": "easypaisa", "currency_code": "PKR", "label": label,
                "key1": tx, "amount": amount, "custom_transaction_id": custom}),
        );
        assert_eq!(out["deposit"], true, "{out}");
        assert_eq!(cents(&text(&out["deposit_amount"])), amount * 100, "{out}");
        done.deposited_cents += amount * 100;
        done.deposits.push(custom.clone());
        let pb = call(
            c,
            "get_postback",
            json!({"type": "deposit", "custom_id": custom}),
        );
        let entry = &pb["postback"]["additional_data"][0];
        assert_eq!(entry["plugin_custom_order_id"], custom.as_str(), "{pb}");
        assert_eq!(entry["transaction_id"], tx.as_str(), "{pb}");
        assert_eq!(cents(&text(&entry["amount"])), amount * 100, "{pb}");

        // Withdrawal: created, then paid or rejected; the lookup is this withdrawal's.
        let id = format!("cw-{t}-{i}");
        let amount = amount_withdrawal(t, i);
        let out = call(
            c,
            "create_withdrawal",
            json!({"withdrawal_id": id, "payment_system": "easypaisa", "amount": amount,
                "currency_code": "PKR", "label": label, "account_number": "03405135211",
                "account_name": account_name(t), "is_test": true}),
        );
        assert_eq!(
            (out["status"].as_str(), out["withdrawal_id"].as_str()),
            (Some("ok"), Some(id.as_str()))
        );
        let (action, status) = if i % 2 == 0 {
            ("pay", 1)
        } else {
            ("reject", 5)
        };
        f.control(
            "POST",
            &format!("/_sandbox/withdrawals/{id}/{action}"),
            Value::Null,
        );
        if status == 1 {
            done.paid_cents += amount * 100;
        }
        done.withdrawals.push((id.clone(), status));
        let pb = call(
            c,
            "get_postback",
            json!({"type": "withdrawal", "withdrawal_id": id}),
        );
        let entry = &pb["postback"]["additional_data"][0];
        assert_eq!(entry["withdrawal_id"], id.as_str(), "{pb}");
        assert_eq!(entry["withdrawal_status"], status, "{pb}");
        assert_eq!(cents(&text(&entry["amount"])), amount * 100, "{pb}");
        assert_eq!(entry["account_name"], account_name(t), "{pb}");

        // Lookups and balances.
        let info = call(
            c,
            "deposit_info",
            json!({"wallet_type": "ipay", "currency": "LKR", "label": label}),
        );
        assert_eq!(
            cents(&text(&info["stockpiling_sum"])),
            stockpiled * 100,
            "{info}"
        );
        let balance = call(c, "accounts_balance", json!({}));
        assert_eq!(balance["status"], "success", "{balance}");
        let systems = call(
            c,
            "payment_systems_available",
            json!({"currency_codes": ["LKR"], "label": label}),
        );
        assert_eq!(systems["params"]["wallets"][0]["type"], "ipay", "{systems}");
    }
    let ids: Vec<&str> = done.withdrawals.iter().map(|(id, _)| id.as_str()).collect();
    let pulled = call(
        c,
        "pull_postbacks",
        json!({"type": "withdrawal", "withdrawal_ids": ids}),
    );
    let got: HashSet<String> = pulled["data"]["withdrawals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| text(&w["withdrawal_id"]))
        .collect();
    assert_eq!(got, ids.iter().map(|s| s.to_string()).collect(), "{pulled}");
    done
}

#[test]
fn sixteen_threads_share_one_client() {
    let merchant = Merchant::start(DEFAULT_POSTBACK_PRIVATE_KEY);
    let f = Fixture::start(|c| c.postback_url = Some(merchant.url.clone()));
    let c = f.client(json!({}));
    let start_pkr = cents(&f.balance("PKR"));
    let barrier = Barrier::new(THREADS);
    let results: Vec<(Done, Instant, Instant)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let (f, c, barrier) = (&f, &c, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    let begin = Instant::now();
                    let done = worker(f, c, t);
                    (done, begin, Instant::now())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a worker failed"))
            .collect()
    });
    let last_start = results.iter().map(|r| r.1).max().unwrap();
    let first_end = results.iter().map(|r| r.2).min().unwrap();
    assert!(
        last_start < first_end,
        "all {THREADS} threads ran at the same time"
    );
    eprintln!(
        "{THREADS} threads, {} client calls each: all running together for {:?}",
        3 + ROUNDS * 8,
        first_end - last_start
    );
    let results: Vec<Done> = results.into_iter().map(|r| r.0).collect();

    let deposited: i64 = results.iter().map(|d| d.deposited_cents).sum();
    let paid: i64 = results.iter().map(|d| d.paid_cents).sum();
    // The gateway's books.
    assert_eq!(cents(&f.balance("PKR")), start_pkr + deposited - paid);
    let balance = call(&c, "accounts_balance", json!({}));
    let pkr = balance["data"]["balances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["currency_code"] == "PKR")
        .cloned()
        .unwrap();
    assert_eq!(cents(&text(&pkr["amount"])), start_pkr + deposited - paid);
    let state = f.state();
    let withdrawals = state["withdrawals"].as_array().unwrap();
    assert_eq!(withdrawals.len(), THREADS * ROUNDS);
    assert!(withdrawals.iter().all(|w| w["create_requests"] == 1));
    let deposits = state["deposits"].as_array().unwrap();
    assert_eq!(
        deposits.len(),
        THREADS * (ROUNDS + 1),
        "with the stockpiled ones"
    );

    // The merchant's books: every postback processed once, the same sums.
    let expected_postbacks = THREADS * ROUNDS * 2;
    wait_until(Duration::from_secs(60), "every postback", || {
        merchant.processed().len() >= expected_postbacks
    });
    assert_eq!(merchant.processed().len(), expected_postbacks);
    assert_eq!(merchant.total_deposit_cents(), deposited);
    for d in &results {
        for (id, status) in &d.withdrawals {
            assert_eq!(merchant.withdrawal_status(id), Some(*status), "{id}");
        }
        for custom in &d.deposits {
            assert!(merchant.deposit_cents(custom).is_some(), "{custom}");
        }
    }
}
