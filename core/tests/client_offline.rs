//! Client behaviour that needs no gateway: validation before sending, transport errors, retries
//! counted on a real loopback listener, and the secret kept out of every message.

mod loopback;

use std::sync::atomic::Ordering;

use loopback::*;
use paykassma::{Client, Error};

#[test]
fn validation_happens_before_anything_is_sent() {
    let (url, count) = server("200 OK", r#"{"status":"ok"}"#);
    let c = client(&url);
    let cases = [
        (
            "create_withdrawal",
            r#"{"payment_system":"easypaisa","amount":100,"currency_code":"PKR","label":"1","account_number":"0312","account_name":"A B"}"#,
            "account_number",
        ),
        (
            "create_withdrawal",
            r#"{"payment_system":"easypaisa","amount":100.5,"currency_code":"PKR","label":"1"}"#,
            "amount",
        ),
        (
            "activate_transaction",
            r#"{"wallet_type":"easypaisa","currency_code":"PKR","label":"1","key1":"123","custom_transaction_id":"c1","amount":"10"}"#,
            "key1",
        ),
        (
            "activate_transaction",
            r#"{"wallet_type":"upi","currency_code":"INR","label":"1","key1":"123","custom_transaction_id":"c1"}"#,
            "amount",
        ),
        (
            "create_transaction",
            r#"{"wallet_type":"easypaisa","currency":"INR","label":"1"}"#,
            "currency",
        ),
        (
            "create_transaction",
            r#"{"wallet_type":"easypaisa","currency":"PKR","label":"1","labl":"x"}"#,
            "labl",
        ),
        (
            "create_withdrawal",
            r#"{"payment_system":"ipay","amount":"100","currency_code":"LKR","label":"1","account_number":"07123456","account_name":"N","bank_details":{"bank_kode":"x"}}"#,
            "bank_details.bank_kode",
        ),
        (
            "pull_postbacks",
            r#"{"type":"deposit"}"#,
            "plugin_custom_order_id",
        ),
        ("get_postback", r#"{"type":"withdrawal"}"#, "withdrawal_id"),
        (
            "hash_urls",
            r#"{"success_urls":[{"order":1,"url":"ftp://x"}]}"#,
            "success_urls[0].url",
        ),
        ("no_such_operation", "{}", "operation"),
        ("accounts_balance", "[1]", "params"),
    ];
    for (op, params, field) in cases {
        let err = c.call(op, params).unwrap_err();
        assert_eq!(err.field(), Some(field), "{op} {params}: {err}");
    }
    assert_eq!(
        count.load(Ordering::SeqCst),
        0,
        "nothing may leave before validation passes"
    );
}

#[test]
fn gets_retry_and_posts_without_an_id_do_not() {
    let (url, count) = server("503 Service Unavailable", "oops");
    let c = client(&url);
    let err = c.call("accounts_balance", "{}").unwrap_err();
    assert_eq!(err.code(), "unexpected_response");
    assert_eq!(
        count.swap(0, Ordering::SeqCst),
        3,
        "a GET is tried 1 + max_retries times"
    );
    let err = c
        .call(
            "create_transaction",
            r#"{"wallet_type":"easypaisa","currency":"PKR","label":"1"}"#,
        )
        .unwrap_err();
    assert_eq!(err.code(), "unexpected_response");
    assert_eq!(
        count.swap(0, Ordering::SeqCst),
        1,
        "a POST without the caller's id is never retried"
    );
    let w = r#"{"payment_system":"easypaisa","amount":100,"currency_code":"PKR","label":"1","account_number":"03123456789","account_name":"A B"}"#;
    c.call("create_withdrawal", w).unwrap_err();
    assert_eq!(
        count.swap(0, Ordering::SeqCst),
        3,
        "a withdrawal carries its id, so it is retried"
    );
}

#[test]
fn refusals_are_not_retried_and_keep_what_the_gateway_said() {
    let (url, count) = server(
        "200 OK",
        r#"{"status":"fail","message":{"withdrawals_sum_amount":["Insufficient balance"]}}"#,
    );
    let c = client(&url);
    match c.call("accounts_balance", "{}").unwrap_err() {
        Error::Api(api) => {
            assert_eq!(api.status, "fail");
            assert_eq!(
                api.field_errors[0].1,
                vec!["Insufficient balance".to_owned()]
            );
            assert_eq!(api.http_status, 200);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[test]
fn transport_errors_are_typed_and_never_show_the_secret() {
    let c = client(&closed_port_url());
    let err = c.call("accounts_balance", "{}").unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: paykassma::TransportKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
    let (url, _) = server("", "");
    let err = client(&url).call("accounts_balance", "{}").unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: paykassma::TransportKind::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
    for text in [
        err.to_string(),
        format!("{err:?}"),
        format!("{c:?}"),
        format!("{:?}", c.config()),
    ] {
        assert!(
            !text.contains(SECRET) && !text.contains(KEY),
            "leaked in {text}"
        );
    }
}

#[test]
fn config_from_json_refuses_typos_and_missing_timeouts() {
    let err = Client::from_json_config(
        r#"{"api_base_url":"http://127.0.0.1:1","secret":"s","secert":"x"}"#,
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("secert"));
    let err = Client::from_json_config(
        r#"{"api_base_url":"http://127.0.0.1:1","secret":"s","read_timeout_ms":0}"#,
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("read_timeout_ms"));
    let err = Client::from_json_config(r#"{"api_base_url":"nope","secret":"s"}"#).unwrap_err();
    assert_eq!(err.field(), Some("api_base_url"));
    assert!(Client::from_json_config(
        r#"{"api_base_url":"http://127.0.0.1:1","secret":"s","binding":"python"}"#
    )
    .is_ok());
}

#[test]
fn plugin_url_from_json() {
    let url = paykassma::plugin_url_json(
        "https://plugin.example.com",
        r#"{"label":"55","wallet_type":"ipay","lang":"en","fixed_amount":"100.50"}"#,
    )
    .unwrap();
    assert_eq!(
        url,
        "https://plugin.example.com/?label=55&lang=en&wallet_type=ipay&fixed_amount=100.50"
    );
    let err = paykassma::plugin_url_json(
        "https://plugin.example.com",
        r#"{"label":"55","fixed_amount":1.5}"#,
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("fixed_amount"));
}

#[test]
fn a_failed_withdrawal_names_the_id_it_sent() {
    let c = client(&closed_port_url());
    let params = r#"{"payment_system":"easypaisa","amount":100,"currency_code":"PKR","label":"1","account_number":"03123456789","account_name":"A B"}"#;
    let err = c.call("create_withdrawal", params).unwrap_err();
    assert_eq!(err.code(), "transport_error");
    assert!(err.to_string().contains("withdrawal_id sdk-"), "{err}");

    let request = paykassma::api::CreateWithdrawal::new("easypaisa", 100, "PKR", "1")
        .account_number("03123456789")
        .account_name("A B");
    let id = request
        .withdrawal_id
        .clone()
        .expect("new() assigns an id at once");
    let err = c.create_withdrawal(&request).unwrap_err();
    assert!(err.to_string().contains(&id), "{err}");
}
