//! A retry never turns success into failure: when the answer to an activation is lost and the
//! retry is refused because its `custom_transaction_id` is taken, the client looks the deposit up
//! and returns what really happened, or an `ambiguous_retry` error carrying the id.

mod common;

use common::*;
use paykassma::api::ActivateTransaction;
use paykassma::client::{Activation, Client, Config};
use paykassma::Error;
use serde_json::json;

fn client(env: &Env) -> Client {
    let mut config = Config::new(env.sandbox.base_url(), SECRET)
        .postback_private_key(POSTBACK_KEY)
        .timeouts(
            std::time::Duration::from_secs(2),
            std::time::Duration::from_secs(2),
        );
    config.retry_backoff = std::time::Duration::from_millis(10);
    Client::new(config).unwrap()
}

fn cut_next_activation(env: &Env) {
    env.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({"kind": "cut_connection", "count": 1,
                    "path_prefix": "/api/v1/transaction/activate"})),
    );
}

/// The recovered answer has the activation answer's documented fields (easypaisa page, activation
/// "Response Success": `"status": "ok", "deposit": true, "deposit_amount": 6000, "currency": {"code": "PKR"}`).
#[test]
fn a_lost_activation_answer_is_recovered_from_the_deposits_postback() {
    let env = Env::start();
    let identifier = env.create("easypaisa", "PKR", "user-7");
    let tx = env.pay("easypaisa", &identifier, 1200);
    cut_next_activation(&env);
    let activation =
        ActivateTransaction::new("easypaisa", "PKR", "user-7", tx, "order-77").amount(1200);
    let outcome = client(&env).activate_transaction(&activation);
    match outcome {
        Ok(Activation::Activated {
            deposit_amount,
            currency_code,
        }) => {
            assert_eq!(deposit_amount.as_deref(), Some("1200"));
            assert_eq!(currency_code.as_deref(), Some("PKR"));
        }
        other => panic!("the deposit went through, the caller must see it: {other:?}"),
    }
    let state = env.state();
    assert_eq!(state["deposits"][0]["status"], "credited");
    assert_eq!(state["postbacks"], 1, "one deposit, one postback");

    // The JSON entry point every binding uses says where the outcome came from.
    let env = Env::start();
    let identifier = env.create("easypaisa", "PKR", "user-8");
    let tx = env.pay("easypaisa", &identifier, 1500);
    cut_next_activation(&env);
    let answer = client(&env)
        .call(
            "activate_transaction",
            &json!({"wallet_type": "easypaisa", "currency_code": "PKR", "label": "user-8",
                    "key1": tx, "amount": 1500, "custom_transaction_id": "order-78"})
            .to_string(),
        )
        .unwrap();
    let answer = json_of(&answer);
    assert_eq!(answer["status"], "ok");
    assert_eq!(answer["recovered_from"], "postback");
    assert_eq!(
        answer["postback"]["additional_data"][0]["plugin_custom_order_id"],
        "order-78"
    );
}

#[test]
fn a_retry_refused_on_its_id_without_a_postback_is_ambiguous() {
    let env = Env::start();
    let identifier = env.create("easypaisa", "PKR", "user-9");
    // Below the minimum deposit: stockpiled, so no postback is sent for it yet.
    let tx = env.pay("easypaisa", &identifier, 100);
    cut_next_activation(&env);
    let activation =
        ActivateTransaction::new("easypaisa", "PKR", "user-9", tx, "order-79").amount(100);
    match client(&env).activate_transaction(&activation) {
        Err(e @ Error::AmbiguousRetry { .. }) => {
            assert_eq!(e.code(), "ambiguous_retry");
            let Error::AmbiguousRetry { id_field, id, .. } = &e else {
                unreachable!()
            };
            assert_eq!(
                (id_field.as_str(), id.as_str()),
                ("custom_transaction_id", "order-79")
            );
            assert!(!e.to_string().contains(SECRET), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_first_attempt_refused_on_its_id_is_a_plain_refusal() {
    // No retry happened, so a taken id is the caller's own duplicate: nothing to recover.
    let env = Env::start();
    let identifier = env.create("easypaisa", "PKR", "user-10");
    let tx = env.pay("easypaisa", &identifier, 1200);
    let activation =
        ActivateTransaction::new("easypaisa", "PKR", "user-10", tx.clone(), "order-80")
            .amount(1200);
    client(&env).activate_transaction(&activation).unwrap();
    let again =
        ActivateTransaction::new("easypaisa", "PKR", "user-10", tx, "order-80").amount(1200);
    let err = client(&env).activate_transaction(&again).unwrap_err();
    assert_eq!(err.code(), "api_error", "{err:?}");
}
