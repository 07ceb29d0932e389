//! `paykassma sandbox --log` and `paykassma trigger` as processes, with a real postback receiver:
//! a merchant drives the sandbox from the command line and watches every request and delivery.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use paykassma::api::{CreateTransaction, CreateWithdrawal, PluginUrl};
use paykassma::client::{Client, Config};
use paykassma_sandbox::PostbackReceiver;

const SECRET: &str = "sandbox-secret";
const WITHDRAWAL_KEY: &str = "sandbox-withdrawal-private-key";
const POSTBACK_KEY: &str = "sandbox-postback-private-key";

/// A merchant endpoint answering `{"status":"ok"}`, keeping the bodies it got.
struct Receiver {
    url: String,
    bodies: Arc<Mutex<Vec<String>>>,
    _endpoint: PostbackReceiver,
}

fn receiver() -> Receiver {
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let kept = bodies.clone();
    let endpoint = PostbackReceiver::start("/postback", move |body| {
        kept.lock()
            .unwrap()
            .push(String::from_utf8_lossy(body).into_owned());
        (200, r#"{"status":"ok"}"#.to_owned())
    })
    .unwrap();
    Receiver {
        url: endpoint.url().to_owned(),
        bodies,
        _endpoint: endpoint,
    }
}

/// A `paykassma sandbox --log` process; its stderr lines are collected as they come.
struct LoggedSandbox {
    child: Child,
    url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl LoggedSandbox {
    fn start(postback_url: &str) -> LoggedSandbox {
        let mut child = Command::new(env!("CARGO_BIN_EXE_paykassma"))
            .args([
                "sandbox",
                "--port",
                "0",
                "--log",
                "--postback-url",
                postback_url,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("sandbox listening on ")
            .unwrap_or_else(|| panic!("first line: {line:?}"))
            .to_owned();
        let log = Arc::new(Mutex::new(Vec::new()));
        let lines = log.clone();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
        LoggedSandbox { child, url, log }
    }

    /// Waits (at most 10 s) for a log line containing every one of `parts`.
    fn wait_for(&self, parts: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(line) = self
                .log
                .lock()
                .unwrap()
                .iter()
                .find(|l| parts.iter().all(|p| l.contains(p)))
            {
                return line.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no log line with {parts:?} in {:#?}",
                self.log.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn client(&self) -> Client {
        Client::new(
            Config::new(&self.url, SECRET)
                .plugin_base_url(&self.url)
                .withdrawal_private_key(WITHDRAWAL_KEY)
                .postback_private_key(POSTBACK_KEY),
        )
        .unwrap()
    }

    fn trigger(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_paykassma"))
            .arg("trigger")
            .args(args)
            .env("PAYKASSMA_SANDBOX_URL", &self.url)
            .output()
            .unwrap()
    }
}

impl Drop for LoggedSandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn stdout_json(out: &Output) -> serde_json::Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn wait_until(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_withdrawal_paid_rejected_and_resent_from_the_command_line_is_logged_without_secrets() {
    let receiver = receiver();
    let sandbox = LoggedSandbox::start(&receiver.url);
    let client = sandbox.client();
    let withdrawal = CreateWithdrawal::new("easypaisa", 1000, "PKR", "user-42")
        .account_number("03405135211")
        .account_name("Muhammad Saqib Mushtaq");
    let id = client.create_withdrawal(&withdrawal).unwrap().withdrawal_id;
    sandbox.wait_for(&["request POST /v2/withdrawal/create -> 200"]);

    let paid = stdout_json(&sandbox.trigger(&["pay-withdrawal", &id]));
    assert_eq!(paid["withdrawal_id"], id.as_str());
    wait_until("the postback", || {
        receiver.bodies.lock().unwrap().len() == 1
    });
    assert!(receiver.bodies.lock().unwrap()[0].contains(&id));
    let delivery = sandbox.wait_for(&["postback 1 attempt 1 to ", "-> 200"]);
    assert!(
        delivery.contains(&receiver.url) && delivery.ends_with("acknowledged"),
        "{delivery}"
    );
    sandbox.wait_for(&[&format!(
        "request POST /_sandbox/withdrawals/{id}/pay -> 200"
    )]);

    // Paid already: the sandbox's refusal is the command's message, exit 1.
    let again = sandbox.trigger(&["reject-withdrawal", &id]);
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("409") && stderr.contains("already"),
        "{stderr}"
    );
    let refused = sandbox.wait_for(&["/reject -> 409"]);
    assert!(refused.contains("already"), "{refused}");

    let resent = stdout_json(&sandbox.trigger(&["resend-postback"]));
    assert_eq!(resent["postback_id"], 1);
    wait_until("the resent postback", || {
        receiver.bodies.lock().unwrap().len() == 2
    });
    let bodies = receiver.bodies.lock().unwrap().clone();
    assert_eq!(
        bodies[0], bodies[1],
        "a resent postback is byte for byte the same"
    );
    wait_until("the resent delivery's log line", || {
        let log = sandbox.log.lock().unwrap();
        log.iter()
            .filter(|l| l.starts_with("postback 1 attempt 1 ") && l.ends_with("acknowledged"))
            .count()
            == 2
    });

    let log = sandbox.log.lock().unwrap().join("\n");
    for secret in [
        SECRET,
        WITHDRAWAL_KEY,
        POSTBACK_KEY,
        "SandboxPostbackAccessKey",
    ] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
}

#[test]
fn the_user_pays_a_deposit_and_the_payment_page_is_a_page() {
    let receiver = receiver();
    let sandbox = LoggedSandbox::start(&receiver.url);
    let client = sandbox.client();
    let created = client
        .create_transaction(&CreateTransaction::new("easypaisa", "PKR", "user-42"))
        .unwrap();
    let paid = stdout_json(&sandbox.trigger(&[
        "pay",
        "--wallet",
        "easypaisa",
        "--identifier",
        &created.identifier,
        "--amount",
        "1200",
    ]));
    let transaction_id = paid["transaction_id"].as_str().unwrap().to_owned();
    assert!(!transaction_id.is_empty());
    let activation = paykassma::api::ActivateTransaction::new(
        "easypaisa",
        "PKR",
        "user-42",
        &transaction_id,
        "order-1",
    )
    .amount(1200);
    client.activate_transaction(&activation).unwrap();
    wait_until("the deposit's postback", || {
        receiver
            .bodies
            .lock()
            .unwrap()
            .iter()
            .any(|b| b.contains(&transaction_id))
    });

    // The link the examples print opens a page; what the link carries is text, never markup.
    let link = client
        .plugin_url(&PluginUrl::new("<script>alert(1)</script>"))
        .unwrap();
    let mut page = ureq::get(&link).call().unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let content_type = page.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let html = page.body_mut().read_to_string().unwrap();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("easypaisa"), "{html}");
    sandbox.wait_for(&["request GET / -> 200"]);
    // Without a label it is no payment: a page that says so.
    let bare = ureq::get(&format!("{}/", sandbox.url)).call();
    match bare {
        Err(ureq::Error::StatusCode(400)) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn trigger_names_what_went_wrong() {
    let receiver = receiver();
    let sandbox = LoggedSandbox::start(&receiver.url);
    let missing = sandbox.trigger(&["pay-withdrawal", "no-such-id"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("no withdrawal with this withdrawal_id")
    );
    let usage = sandbox.trigger(&["pay", "--wallet", "easypaisa"]);
    assert_eq!(usage.status.code(), Some(64), "{usage:?}");
    // Nothing listens on a port just released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = Command::new(env!("CARGO_BIN_EXE_paykassma"))
        .args([
            "trigger",
            "--sandbox",
            &format!("http://127.0.0.1:{port}"),
            "resend-postback",
        ])
        .output()
        .unwrap();
    assert_eq!(down.status.code(), Some(69));
    assert!(String::from_utf8_lossy(&down.stderr).contains("cannot reach the sandbox"));
}
