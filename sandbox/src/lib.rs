//! # paykassma-sandbox
//!
//! A stateful local Paykassma gateway: every endpoint of the merchant API documents with their
//! request checks and answer shapes, signed postbacks delivered to the merchant with retries,
//! and control endpoints under `/_sandbox/` that play the user, the gateway's staff and a bad
//! network. Synchronous (its own small HTTP/1.1 server on `std::net`, a thread per connection),
//! loopback only unless told otherwise.
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
mod faults;
mod gateway;
pub mod http;
mod money;
mod multipart;
mod php_json;
mod postbacks;
mod rates;
mod server;
mod state;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

pub use config::{
    default_payment_systems, DeliveryConfig, PaymentSystemConfig, SandboxConfig,
    DEFAULT_POSTBACK_ACCESS_KEY, DEFAULT_POSTBACK_PRIVATE_KEY, DEFAULT_SECRET,
    DEFAULT_WITHDRAWAL_PRIVATE_KEY,
};
pub use money::Money;
pub use php_json::encode_default as php_json_encode_default;

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

/// What the server threads share.
pub(crate) struct Shared {
    state: Mutex<State>,
    queue: delivery::Queue,
    stop: AtomicBool,
    /// The configuration the sandbox started with (a reset returns to it).
    initial: SandboxConfig,
    base_url: String,
}

impl Shared {
    /// The state; a panic in another request never locks the sandbox up.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a postback for delivery (twice while a `duplicate_postback` fault is armed).
    fn deliver(&self, postback_id: u64) {
        let (generation, twice) = {
            let mut state = self.lock();
            let twice = state.duplicate_postbacks > 0;
            if twice {
                state.duplicate_postbacks -= 1;
            }
            (state.generation, twice)
        };
        self.queue.push(postback_id, generation, false);
        if twice {
            self.queue.push(postback_id, generation, true);
        }
    }
}

/// A running sandbox gateway. Dropping it stops it.
pub struct Sandbox {
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
    addr: SocketAddr,
}

impl Sandbox {
    /// Binds `config.bind:config.port` (port 0 picks a free one) and starts serving.
    pub fn start(config: SandboxConfig) -> Result<Sandbox, StartError> {
        config.check().map_err(StartError)?;
        let listen = SocketAddr::new(config.bind, config.port);
        let listener = TcpListener::bind(listen)
            .map_err(|e| StartError(format!("cannot listen on {listen}: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| StartError(format!("the listening socket has no address: {e}")))?;
        let host = if addr.ip().is_unspecified() {
            "127.0.0.1".to_owned()
        } else if addr.is_ipv6() {
            format!("[{}]", addr.ip())
        } else {
            addr.ip().to_string()
        };
        let shared = Arc::new(Shared {
            state: Mutex::new(State::new(config.clone(), 1)),
            queue: delivery::Queue::default(),
            stop: AtomicBool::new(false),
            initial: config,
            base_url: format!("http://{host}:{}", addr.port()),
        });
        let threads = vec![
            {
                let shared = shared.clone();
                std::thread::Builder::new()
                    .name("sandbox-http".into())
                    .spawn(move || server::serve(&shared, &listener))
                    .map_err(|e| StartError(format!("cannot start a thread: {e}")))?
            },
            {
                let shared = shared.clone();
                std::thread::Builder::new()
                    .name("sandbox-postbacks".into())
                    .spawn(move || delivery::run(&shared))
                    .map_err(|e| StartError(format!("cannot start a thread: {e}")))?
            },
        ];
        Ok(Sandbox {
            shared,
            threads,
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
            path: path.to_owned(),
            query: http::Query::parse(query),
            content_type: "application/json".to_owned(),
            body: body.as_bytes().to_vec(),
        };
        let reply = control::route(&self.shared, &req);
        (reply.status, reply.body)
    }

    /// Stops serving and delivering; waits for both threads.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if self.threads.is_empty() {
            return;
        }
        self.shared.stop.store(true, Ordering::SeqCst);
        self.shared.queue.wake();
        // The accept loop is blocked in `accept`: a connection wakes it to see `stop`.
        let mut wake = self.addr;
        if wake.ip().is_unspecified() {
            wake.set_ip(if wake.is_ipv6() {
                std::net::Ipv6Addr::LOCALHOST.into()
            } else {
                std::net::Ipv4Addr::LOCALHOST.into()
            });
        }
        let woken = TcpStream::connect_timeout(&wake, Duration::from_secs(2)).is_ok();
        for t in self.threads.drain(..) {
            // Without the wake-up the accept thread would never end: it is left behind.
            if woken || t.thread().name() != Some("sandbox-http") {
                let _ = t.join();
            }
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop();
    }
}
