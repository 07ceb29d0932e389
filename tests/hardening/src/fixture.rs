//! A sandbox started in-process and clients pointed at it. Control endpoints go through the
//! sandbox's public `Sandbox::control`, so the tests never need a second HTTP client for them.

use std::time::{Duration, Instant};

use paykassma::Client;
use paykassma_sandbox::{
    Sandbox, SandboxConfig, DEFAULT_POSTBACK_PRIVATE_KEY, DEFAULT_SECRET,
    DEFAULT_WITHDRAWAL_PRIVATE_KEY,
};
use serde_json::{json, Value};

pub struct Fixture {
    pub sandbox: Sandbox,
}

impl Fixture {
    /// A sandbox with quick postback retries; `change` adjusts anything else.
    pub fn start(change: impl FnOnce(&mut SandboxConfig)) -> Fixture {
        let mut config = SandboxConfig::default();
        config.delivery.initial_backoff_ms = 50;
        config.delivery.max_backoff_ms = 400;
        config.delivery.timeout_ms = 5_000;
        change(&mut config);
        Fixture {
            sandbox: Sandbox::start(config).expect("the sandbox starts"),
        }
    }

    /// The JSON settings the bindings pass, pointed at this sandbox, with `overrides` applied.
    /// Timeouts are generous: a loaded 2-core CI machine must not turn into false failures.
    pub fn client_config(&self, overrides: Value) -> String {
        let mut config = json!({
            "api_base_url": self.sandbox.base_url(),
            "plugin_base_url": self.sandbox.base_url(),
            "secret": DEFAULT_SECRET,
            "withdrawal_private_key": DEFAULT_WITHDRAWAL_PRIVATE_KEY,
            "postback_private_key": DEFAULT_POSTBACK_PRIVATE_KEY,
            "connect_timeout_ms": 10_000,
            "read_timeout_ms": 20_000,
            "max_retries": 2,
            "retry_backoff_ms": 20,
            "binding": "rust-hardening"
        });
        for (k, v) in overrides.as_object().expect("overrides are an object") {
            config[k] = v.clone();
        }
        config.to_string()
    }

    pub fn client(&self, overrides: Value) -> Client {
        Client::from_json_config(&self.client_config(overrides)).expect("a valid client config")
    }

    /// A control endpoint; panics unless it answers 2xx with JSON.
    pub fn control(&self, method: &str, path: &str, body: Value) -> Value {
        let body = if body.is_null() {
            String::new()
        } else {
            body.to_string()
        };
        let (status, text) = self.sandbox.control(method, path, &body);
        assert!(status < 300, "{method} {path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {text}"))
    }

    pub fn state(&self) -> Value {
        self.control("GET", "/_sandbox/state", Value::Null)
    }

    /// Arms a fault for the next `count` gateway requests under `path_prefix` ("" for any).
    pub fn arm(&self, kind: &str, count: u32, path_prefix: &str, delay_ms: Option<u64>) {
        let mut body = json!({"kind": kind, "count": count, "path_prefix": path_prefix});
        if let Some(ms) = delay_ms {
            body["delay_ms"] = json!(ms);
        }
        self.control("POST", "/_sandbox/faults", body);
    }

    /// How many uses of armed request faults are left.
    pub fn faults_left(&self) -> u64 {
        self.state()["faults"]
            .as_array()
            .expect("faults list")
            .iter()
            .filter(|f| f["kind"] != "duplicate_postback")
            .map(|f| f["remaining"].as_u64().unwrap_or(0))
            .sum()
    }

    /// The user pays `amount` into a wallet handed out by `transaction/create`.
    pub fn pay(&self, wallet: &str, identifier: &str, amount: i64) -> String {
        let r = self.control(
            "POST",
            "/_sandbox/pay",
            json!({"wallet_type": wallet, "identifier": identifier, "amount": amount}),
        );
        r["transaction_id"]
            .as_str()
            .expect("a transaction_id")
            .to_owned()
    }

    pub fn withdrawals(&self) -> Vec<Value> {
        self.state()["withdrawals"]
            .as_array()
            .expect("withdrawals list")
            .clone()
    }

    /// The balance of `currency` as the sandbox holds it, in whole units.
    pub fn balance(&self, currency: &str) -> String {
        let state = self.state();
        let b = state["balances"]
            .as_array()
            .expect("balances")
            .iter()
            .find(|b| b["currency_code"] == currency)
            .unwrap_or_else(|| panic!("no {currency} balance in {state}"))
            .clone();
        match &b["amount"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// Polls `cond` every 10 ms until it holds; panics with `what` after `timeout`.
pub fn wait_until(timeout: Duration, what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Parses the JSON a `Client::call` returned.
pub fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}
