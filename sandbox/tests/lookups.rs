//! Lookups answered from what the sandbox sent, balances, and the redirect-URL hash store.

mod common;

use common::*;
use serde_json::json;

/// A credited easypaisa deposit with custom id `custom`; returns its transaction number.
fn deposit(env: &Env, label: &str, custom: &str, amount: i64) -> String {
    let id = env.create("easypaisa", "PKR", label);
    let tx = env.pay("easypaisa", &id, amount);
    let (_, a) = env.activate(
        json!({"currency_code": "PKR", "label": label, "wallet_type": "easypaisa",
        "key1": tx, "amount": amount, "custom_transaction_id": custom}),
    );
    assert_eq!(a["deposit"], true);
    tx
}

#[test]
fn an_earlier_postback_is_served_by_transaction_custom_or_withdrawal_id() {
    let env = Env::start();
    let tx = deposit(&env, "l1", "order-1", 1000);
    for query in [
        format!("type=deposit&transaction_id={tx}"),
        "type=deposit&custom_id=order-1".to_owned(),
    ] {
        let (status, body) = env.get(&format!("/api/v1/postback?{query}"));
        assert_eq!(status, 200, "{body}");
        let v = json_of(&body);
        assert_eq!(v["status"], "ok");
        assert_eq!(
            v["postback"]["additional_data"][0]["transaction_id"],
            tx.as_str()
        );
        assert!(
            v["postback"].get("signature").is_none() && v["postback"].get("access_key").is_none()
        );
    }
    env.withdraw(easypaisa_withdrawal("wd-1", 1000));
    let (_, body) = env.get("/api/v1/postback?type=withdrawal&withdrawal_id=wd-1");
    assert_eq!(
        json_of(&body),
        json!({"status": "fail", "message": "Postback not found"})
    );
    env.control("POST", "/_sandbox/withdrawals/wd-1/pay", None);
    let (_, body) = env.get("/api/v1/postback?type=withdrawal&withdrawal_id=wd-1");
    assert_eq!(
        json_of(&body)["postback"]["additional_data"][0]["withdrawal_status"],
        1
    );

    let (status, body) = env.get("/api/v1/postback?type=deposit");
    assert_eq!(status, 400);
    assert!(json_of(&body)["message"]["transaction_id"].is_array());
    let (_, body) = env.get("/api/v1/postback?type=refund&withdrawal_id=1");
    assert_eq!(
        json_of(&body)["message"]["type"][0],
        "The selected type is invalid."
    );
    let (status, _) = call(
        "GET",
        &env.url("/api/v1/postback?type=deposit&custom_id=order-1"),
        None,
    );
    assert_eq!(status, 404, "no secret: bare 404");
}

#[test]
fn pull_postbacks_pages_through_orders() {
    let env = Env::start();
    deposit(&env, "l1", "o-1", 600);
    deposit(&env, "l2", "o-2", 700);
    let ids = "plugin_custom_order_id[]=o-1&plugin_custom_order_id[]=missing&plugin_custom_order_id[]=o-2";
    let (status, body) = env.get(&format!("/api/v1/pullpostbacks?type=deposit&{ids}"));
    assert_eq!(status, 200);
    let v = json_of(&body);
    assert_eq!(
        (
            v["status"].as_str(),
            v["code"].as_i64(),
            v["message"].as_str()
        ),
        (Some("success"), Some(20000), Some(""))
    );
    assert_eq!(v["paginate"], json!({"offset": 0, "total": 3, "limit": 3}));
    let items = v["data"]["transactions"].as_array().unwrap();
    assert_eq!(items[0]["postback"]["amount"], 600);
    assert_eq!(
        items[1],
        json!({"plugin_custom_order_id": "missing", "message": "Postback not found"})
    );

    let (_, body) = env.get(&format!(
        "/api/v1/pullpostbacks?type=deposit&{ids}&offset=2&limit=1"
    ));
    let v = json_of(&body);
    assert_eq!(v["paginate"], json!({"offset": 2, "total": 3, "limit": 1}));
    assert_eq!(
        v["data"]["transactions"][0]["plugin_custom_order_id"],
        "o-2"
    );

    env.withdraw(easypaisa_withdrawal("wd-9", 1000));
    let (_, body) =
        env.get("/api/v1/pullpostbacks?type=withdrawal&withdrawal_id[]=wd-9&withdrawal_id[]=nope");
    let v = json_of(&body);
    assert_eq!(v["data"]["withdrawals"][0]["message"], "Postback not found");
    assert_eq!(
        v["data"]["withdrawals"][1]["message"],
        "Withdrawal with this ID not found"
    );

    let (status, body) = env.get("/api/v1/pullpostbacks?type=deposit");
    assert_eq!(status, 400);
    assert_eq!(
        json_of(&body),
        json!({"status": "fail", "message": {"plugin_custom_order_id":
        ["The plugin custom order id field is required when type is deposit."]}})
    );
    let (status, _) = env.get(&format!(
        "/api/v1/pullpostbacks?type=deposit&{ids}&offset=x"
    ));
    assert_eq!(status, 400);
}

#[test]
fn accounts_balance_and_its_wrong_secret_shape() {
    let env = Env::start();
    let (status, body) = env.get("/api/v1/accounts-balance");
    assert_eq!(status, 200);
    let v = json_of(&body);
    assert_eq!(
        (v["status"].as_str(), v["code"].as_i64()),
        (Some("success"), Some(20000))
    );
    let easypaisa = v["data"]["balances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["wallet_type"] == "easypaisa")
        .unwrap()
        .clone();
    assert_eq!(
        easypaisa,
        json!({"wallet_type": "easypaisa", "currency_code": "PKR", "amount": 1000000})
    );
    let expected = json!({"status": "error", "code": 30228,
        "errors": {"target": "secret", "code": 36205, "message": "Wrong secret"},
        "error_message": "Data validation error"});
    for url in [
        env.url("/api/v1/accounts-balance"),
        env.url("/api/v1/accounts-balance?secret=nope"),
    ] {
        let (status, body) = call("GET", &url, None);
        assert_eq!((status, json_of(&body)), (400, expected.clone()));
    }
}

#[test]
fn hashed_urls_live_one_day() {
    let env = Env::start();
    let (status, body) = env.post("/api/v1/payment-plugin/hash-url", &json!({
        "success_urls": [{"order": 2, "url": "https://test.com/success2.jpg"}, {"order": 1, "url": "https://test.com/success1.jpg"}],
        "fail_urls": [{"order": 1, "url": "https://test.com/fail1.jpg"}],
        "pending_urls": [{"order": 3, "url": "https://test.com/pending1.jpg"}]
    }));
    assert_eq!(status, 200, "{body}");
    let v = json_of(&body);
    let success = v["urls"]["success_url"].as_array().unwrap();
    assert_eq!(
        (success[0]["order"].as_i64(), success[1]["order"].as_i64()),
        (Some(1), Some(2)),
        "sorted by order"
    );
    let hash = success[0]["url"].as_str().unwrap().to_owned();
    assert!(hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(v["urls"]["pending_url"][0]["order"], 3);

    let r = env.control("GET", &format!("/_sandbox/hashes/{hash}"), None);
    assert_eq!(r["url"], "https://test.com/success1.jpg");
    env.control(
        "POST",
        "/_sandbox/clock",
        Some(json!({"advance_seconds": 86_399})),
    );
    env.control("GET", &format!("/_sandbox/hashes/{hash}"), None);
    env.control(
        "POST",
        "/_sandbox/clock",
        Some(json!({"advance_seconds": 1})),
    );
    let (status, body) = call("GET", &env.url(&format!("/_sandbox/hashes/{hash}")), None);
    assert_eq!(
        (status, json_of(&body)["message"].as_str()),
        (410, Some("Hash expired"))
    );

    let (status, body) = env.post(
        "/api/v1/payment-plugin/hash-url",
        &json!({"success_urls": [{"url": "ftp://x"}], "fail_urls": []}),
    );
    assert_eq!(status, 400);
    let m = &json_of(&body)["message"];
    assert!(
        m["success_urls.0.order"].is_array() && m["success_urls.0.url"].is_array(),
        "{m}"
    );
    let (status, _) = env.post(
        "/api/v1/payment-plugin/hash-url",
        &json!({"success_urls": [], "fail_urls": []}),
    );
    assert_eq!(status, 400);
}
