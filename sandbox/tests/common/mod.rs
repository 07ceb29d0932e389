//! Test helpers: a sandbox with a postback receiver, a plain HTTP client (ureq) and waiting.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use paykassma_sandbox::{
    PostbackReceiver, Sandbox, SandboxConfig, DEFAULT_SECRET, DEFAULT_WITHDRAWAL_PRIVATE_KEY,
};
use serde_json::{json, Value};

pub const SECRET: &str = DEFAULT_SECRET;
pub const WITHDRAWAL_KEY: &str = DEFAULT_WITHDRAWAL_PRIVATE_KEY;
pub const POSTBACK_KEY: &str = paykassma_sandbox::DEFAULT_POSTBACK_PRIVATE_KEY;

/// A merchant postback endpoint: answers from a script, then `{"status":"ok"}`; keeps every body.
pub struct Receiver {
    pub url: String,
    pub bodies: Arc<Mutex<Vec<Vec<u8>>>>,
    pub script: Arc<Mutex<VecDeque<(u16, String)>>>,
    _endpoint: PostbackReceiver,
}

impl Receiver {
    pub fn start() -> Receiver {
        let bodies: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
        let script: Arc<Mutex<VecDeque<(u16, String)>>> = Arc::default();
        let (b, sc) = (bodies.clone(), script.clone());
        let endpoint = PostbackReceiver::start("/postback", move |body| {
            b.lock().unwrap().push(body.to_vec());
            sc.lock()
                .unwrap()
                .pop_front()
                .unwrap_or((200, r#"{"status":"ok"}"#.to_owned()))
        })
        .expect("the postback endpoint starts");
        Receiver {
            url: endpoint.url().to_owned(),
            bodies,
            script,
            _endpoint: endpoint,
        }
    }

    pub fn answer_next(&self, status: u16, body: &str) {
        self.script
            .lock()
            .unwrap()
            .push_back((status, body.to_owned()));
    }

    pub fn count(&self) -> usize {
        self.bodies.lock().unwrap().len()
    }

    pub fn body(&self, i: usize) -> Vec<u8> {
        self.bodies.lock().unwrap()[i].clone()
    }

    /// Waits for the `n`-th body (1-based) and returns it.
    pub fn wait_for(&self, n: usize) -> Vec<u8> {
        wait_until(Duration::from_secs(15), || self.count() >= n);
        self.body(n - 1)
    }
}

pub struct Env {
    pub sandbox: Sandbox,
    pub receiver: Receiver,
}

impl Env {
    pub fn start() -> Env {
        Env::with(|_| {})
    }

    pub fn with(change: impl FnOnce(&mut SandboxConfig)) -> Env {
        let receiver = Receiver::start();
        let mut config = SandboxConfig {
            postback_url: Some(receiver.url.clone()),
            ..SandboxConfig::default()
        };
        config.delivery.initial_backoff_ms = 50;
        config.delivery.max_backoff_ms = 200;
        config.delivery.timeout_ms = 2_000;
        change(&mut config);
        let sandbox = Sandbox::start(config).expect("sandbox starts");
        Env { sandbox, receiver }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.base_url())
    }

    /// `path` with `?secret=...` (or `&secret=...`) appended.
    pub fn secret_url(&self, path: &str) -> String {
        let sep = if path.contains('?') { '&' } else { '?' };
        format!("{}{path}{sep}secret={SECRET}", self.sandbox.base_url())
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        call("GET", &self.secret_url(path), None)
    }

    pub fn post(&self, path: &str, body: &Value) -> (u16, String) {
        call("POST", &self.secret_url(path), Some(&body.to_string()))
    }

    pub fn control(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, text) = call(
            method,
            &self.url(path),
            body.map(|b| b.to_string()).as_deref(),
        );
        assert!(status < 300, "{path}: {status} {text}");
        serde_json::from_str(&text).unwrap()
    }

    pub fn state(&self) -> Value {
        self.control("GET", "/_sandbox/state", None)
    }

    /// The user pays `amount` into the wallet handed out by `transaction/create`.
    pub fn pay(&self, wallet: &str, identifier: &str, amount: i64) -> String {
        let r = self.control(
            "POST",
            "/_sandbox/pay",
            Some(json!({"wallet_type": wallet, "identifier": identifier, "amount": amount})),
        );
        r["transaction_id"].as_str().unwrap().to_owned()
    }

    /// `transaction/create/{wallet}` for `label`; returns the identifier to pay into.
    pub fn create(&self, wallet: &str, currency: &str, label: &str) -> String {
        let (status, body) = self.post(
            &format!("/api/v1/transaction/create/{wallet}"),
            &json!({"currency": currency, "label": label}),
        );
        assert_eq!(status, 200, "{body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        v["params"]["identifier"].as_str().unwrap().to_owned()
    }

    pub fn activate(&self, body: Value) -> (u16, Value) {
        let (status, text) = self.post("/api/v1/transaction/activate", &body);
        (status, serde_json::from_str(&text).unwrap())
    }

    /// Signs `data` with the withdrawal key and posts it to `/v2/withdrawal/create` (no secret).
    pub fn withdraw(&self, data: Value) -> (u16, Value) {
        let (status, text) = call(
            "POST",
            &self.url("/v2/withdrawal/create"),
            Some(&signed(data).to_string()),
        );
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

pub fn signed(mut data: Value) -> Value {
    let signature = paykassma::sign_json(&data.to_string(), WITHDRAWAL_KEY).unwrap();
    data["signature"] = Value::String(signature);
    data
}

pub fn easypaisa_withdrawal(id: &str, amount: i64) -> Value {
    json!({
        "withdrawal_id": id,
        "payment_system": "easypaisa",
        "amount": amount,
        "currency_code": "PKR",
        "label": "125199",
        "account_number": "03405135211",
        "account_name": "Muhammad Saqib Mushtaq",
        "is_test": true
    })
}

/// A request; the status and body whatever the status is. Panics on transport errors.
pub fn call(method: &str, url: &str, body: Option<&str>) -> (u16, String) {
    match try_call(method, url, body, Duration::from_secs(10)) {
        Ok(r) => r,
        Err(e) => panic!("{method} {url}: transport error: {e}"),
    }
}

pub fn try_call(
    method: &str,
    url: &str,
    body: Option<&str>,
    timeout: Duration,
) -> Result<(u16, String), ureq::Error> {
    match body {
        Some(b) => send(method, url, "application/json", b.as_bytes(), timeout),
        None => send(method, url, "", &[], timeout),
    }
}

/// Any method, any body; the status and body whatever the status is.
pub fn send(
    method: &str,
    url: &str,
    content_type: &str,
    body: &[u8],
    timeout: Duration,
) -> Result<(u16, String), ureq::Error> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = match (method, content_type) {
        ("GET", _) => agent.get(url).call()?,
        ("DELETE", _) => agent.delete(url).call()?,
        (_, "") => agent.post(url).send_empty()?,
        (_, ct) => agent.post(url).header("Content-Type", ct).send(body)?,
    };
    let status = response.status().as_u16();
    Ok((
        status,
        response.body_mut().read_to_string().unwrap_or_default(),
    ))
}

pub fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

pub fn wait_until(timeout: Duration, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < timeout, "timed out waiting");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The boundary of [`activation_form`]'s parts.
pub const FORM_BOUNDARY: &str = "----sandboxtest";

/// A manual activation (`multipart/form-data`) with a screenshot, and its content type.
pub fn activation_form(custom_id: &str, screenshot: &[u8]) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for (name, value) in [
        ("currency_code", "INR"),
        ("wallet_type", "paytm"),
        ("label", "55"),
        ("key1", "123-ABC-456-DEF"),
        ("amount", "1000"),
        ("custom_transaction_id", custom_id),
    ] {
        body.extend(format!("--{FORM_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes());
    }
    body.extend(format!("--{FORM_BOUNDARY}\r\nContent-Disposition: form-data; name=\"screenshot\"; filename=\"bill.png\"\r\nContent-Type: image/png\r\n\r\n").bytes());
    body.extend_from_slice(screenshot);
    body.extend(format!("\r\n--{FORM_BOUNDARY}--\r\n").bytes());
    (
        format!("multipart/form-data; boundary={FORM_BOUNDARY}"),
        body,
    )
}

/// The entry for `code` in a list of balances.
pub fn currency<'a>(balances: &'a Value, code: &str) -> &'a Value {
    balances
        .as_array()
        .unwrap_or_else(|| panic!("not a list of balances: {balances}"))
        .iter()
        .find(|b| b["currency_code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {balances}"))
}

/// An answer read off a raw socket: what a client that follows nothing sees.
pub struct RawAnswer {
    pub status: u16,
    /// Status line and headers, as sent.
    pub head: String,
    pub body: String,
}

impl RawAnswer {
    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Sends `method target` with `body` (JSON) on a new connection, asks for it to be closed
/// after the answer, and reads everything until then.
pub fn raw_request(env: &Env, method: &str, target: &str, body: &str) -> RawAnswer {
    let mut s = TcpStream::connect(env.sandbox.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let text = String::from_utf8_lossy(&all).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("an answer with a head");
    RawAnswer {
        status: head[9..12].parse().unwrap(),
        head: head.to_owned(),
        body: body.to_owned(),
    }
}
