//! # paykassma-sandbox
//!
//! A stateful local Paykassma gateway: every endpoint of the merchant API documents with their
//! request checks and answer shapes, signed postbacks delivered to the merchant with retries,
//! and control endpoints under `/_sandbox/` that play the user, the gateway's staff and a bad
//! network. Its HTTP/1.1 is hyper's on a small tokio runtime of its own (the sandbox's API stays
//! blocking); loopback only unless told otherwise.
//!
//! ```no_run
//! use paykassma_sandbox::{Sandbox, SandboxConfig};
//! let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
//! println!("gateway at {}", sandbox.base_url());
//! sandbox.shutdown();
//! ```

mod clock;
mod config;
mod connection;
mod control;
mod delivery;
mod dispatch;
mod exchange;
mod faults;
mod gateway;
mod http;
mod log;
mod money;
mod multipart;
mod payment_page;
mod postbacks;
mod queue;
mod rates;
mod receiver;
mod server;
mod shared;
mod state;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

pub use config::{
    check_postback_url, default_payment_systems, DeliveryConfig, PaymentSystemConfig,
    SandboxConfig, DEFAULT_POSTBACK_ACCESS_KEY, DEFAULT_POSTBACK_PRIVATE_KEY, DEFAULT_SECRET,
    DEFAULT_WITHDRAWAL_PRIVATE_KEY,
};
/// What the sandbox reads from a request's bytes itself (hyper frames the request): the query
/// string and `multipart/form-data` bodies. Public for the fuzz target only.
#[doc(hidden)]
pub mod fuzzing {
    /// The query's pairs, percent-decoded, in order.
    pub fn query(raw: &str) -> Vec<(String, String)> {
        crate::http::Query::parse(raw).pairs().to_vec()
    }

    /// Each part's name, file name and data.
    pub fn multipart(content_type: &str, body: &[u8]) -> Vec<(String, Option<String>, Vec<u8>)> {
        crate::multipart::parse(content_type, body)
            .into_iter()
            .map(|p| (p.name, p.filename, p.data))
            .collect()
    }
}

pub use connection::{MAX_HEADERS, MAX_HEAD_BYTES};
pub use exchange::MAX_BODY_BYTES;
pub use faults::MAX_ANSWER_BYTES;
pub use log::LogSink;
pub use money::Money;
pub use receiver::{Answer, PostbackReceiver};
pub use server::MAX_CONNECTIONS;
pub use state::MAX_SEEN_REQUESTS;

use shared::Shared;
use state::State;

/// Why a sandbox could not start.
#[derive(Debug)]
pub struct StartError(String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// A running sandbox gateway. Dropping it stops it.
pub struct Sandbox {
    shared: Arc<Shared>,
    server: server::Server,
    delivery: Option<JoinHandle<()>>,
    addr: SocketAddr,
}

impl Sandbox {
    /// Binds `config.bind:config.port` (port 0 picks a free one) and starts serving.
    pub fn start(config: SandboxConfig) -> Result<Sandbox, StartError> {
        Sandbox::start_with_log(config, None)
    }

    /// As [`Sandbox::start`], and each request answered and each postback delivery attempt is
    /// written to `log` as one line (`paykassma sandbox --log` writes them to stderr).
    pub fn start_with_log(
        config: SandboxConfig,
        log: Option<LogSink>,
    ) -> Result<Sandbox, StartError> {
        config.check().map_err(StartError)?;
        let (mut server, addr) =
            server::Server::bind(SocketAddr::new(config.bind, config.port)).map_err(StartError)?;
        let host = if addr.ip().is_unspecified() {
            "127.0.0.1".to_owned()
        } else if addr.is_ipv6() {
            format!("[{}]", addr.ip())
        } else {
            addr.ip().to_string()
        };
        let shared = Arc::new(Shared {
            state: Mutex::new(State::new(config.clone(), 1)),
            queue: queue::Queue::default(),
            stop: AtomicBool::new(false),
            initial: config,
            base_url: format!("http://{host}:{}", addr.port()),
            log,
        });
        server.serve(shared.clone());
        let delivery = {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name("sandbox-postbacks".into())
                .spawn(move || delivery::run(&shared))
                .map_err(|e| StartError(format!("cannot start a thread: {e}")))?
        };
        Ok(Sandbox {
            shared,
            server,
            delivery: Some(delivery),
            addr,
        })
    }

    /// `http://127.0.0.1:PORT`: the API base URL clients use (also the plugin base URL).
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Where postbacks go from now on (for tests whose receiver starts after the sandbox).
    pub fn set_postback_url(&self, url: Option<String>) {
        self.shared.lock().config.postback_url = url;
        self.shared.queue.wake();
    }

    /// Calls a `/_sandbox/...` control endpoint in-process, exactly as over HTTP: for example
    /// `control("POST", "/_sandbox/pay", r#"{"wallet_type":"easypaisa","identifier":"03...","amount":1200}"#)`.
    /// Returns the HTTP status and the JSON body.
    pub fn control(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        if !path.starts_with("/_sandbox/") {
            return (
                404,
                r#"{"status":"fail","message":"not a control endpoint"}"#.to_owned(),
            );
        }
        let req = http::Request {
            method: method.to_ascii_uppercase(),
            target: format!("{path}{}{query}", if query.is_empty() { "" } else { "?" }),
            version: "HTTP/1.1",
            path: path.to_owned(),
            query: http::Query::parse(query),
            content_type: "application/json".to_owned(),
            user_agent: String::new(),
            body: body.as_bytes().to_vec(),
        };
        let reply = control::route(&self.shared, &req);
        (reply.status, reply.body)
    }

    /// Stops serving and delivering; waits for the delivery thread.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.shared.queue.wake();
        self.server.stop();
        if let Some(delivery) = self.delivery.take() {
            let _ = delivery.join();
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop();
    }
}
