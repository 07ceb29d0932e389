//! The accept loop and what a request meets: one thread per connection (at most
//! `MAX_CONNECTIONS`, beyond that a 503), faults applied before routing, panics turned into a
//! 500 so a bad request never takes the sandbox down.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use paykassma::php::Array;

use crate::connection;
use crate::faults::{self, FaultKind};
use crate::http::{write, ParsedRequest, Query, Reply, Request};
use crate::{control, gateway, Shared};

/// Connections served at once; the sandbox is a test tool, not a web server.
pub const MAX_CONNECTIONS: usize = 256;

/// Serves until `shared.stop` is set (and a connection wakes the blocked `accept`).
pub fn serve(shared: &Arc<Shared>, listener: &TcpListener) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else {
            // Out of descriptors, or a connection reset before it was accepted.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            refuse(stream, "Too many connections to the sandbox at once");
            continue;
        }
        let slot = Slot(open.clone());
        let shared2 = shared.clone();
        // The stream is moved in only if the thread starts; a clone keeps it to answer otherwise.
        let spare = stream.try_clone();
        let spawned = std::thread::Builder::new()
            .name("sandbox-connection".into())
            .spawn(move || {
                let _slot = slot;
                connection::serve(&shared2, stream);
            });
        if spawned.is_err() {
            if let Ok(stream) = spare {
                refuse(
                    stream,
                    "The sandbox cannot start a thread for this connection",
                );
            }
        }
    }
}

/// Counts a connection as open until its thread ends.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn refuse(mut stream: TcpStream, message: &str) {
    let reply = Reply::json(
        503,
        Array::object()
            .with("status", "fail")
            .with("message", message),
    );
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = stream.write_all(&write::response(&reply, false, false));
}

/// What becomes of a request.
pub enum Outcome {
    Answer(Reply),
    /// Processed, then the connection is closed without an answer (`cut_connection`).
    Cut,
}

pub fn handle(shared: &Shared, parsed: ParsedRequest) -> Outcome {
    let (path, query) = parsed
        .target
        .split_once('?')
        .unwrap_or((&parsed.target, ""));
    let req = Request {
        method: parsed.method.to_ascii_uppercase(),
        path: path.to_owned(),
        query: Query::parse(query),
        content_type: parsed.header("Content-Type").unwrap_or_default().to_owned(),
        body: parsed.body,
    };
    if req.path.starts_with("/_sandbox/") {
        return Outcome::Answer(guarded(|| control::route(shared, &req)));
    }
    let fault = faults::take(&mut shared.lock().faults, &req.path);
    let Some(f) = fault else {
        return Outcome::Answer(guarded(|| gateway::route(shared, &req)));
    };
    Outcome::Answer(match f.kind {
        FaultKind::Http500 => server_error(),
        FaultKind::NotJson => Reply {
            status: 200,
            content_type: "text/html; charset=UTF-8",
            body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>".to_owned(),
        },
        FaultKind::Slow => {
            let reply = guarded(|| gateway::route(shared, &req));
            std::thread::sleep(Duration::from_millis(f.delay_ms));
            reply
        }
        FaultKind::CutConnection => {
            let _processed = guarded(|| gateway::route(shared, &req));
            return Outcome::Cut;
        }
        FaultKind::DuplicatePostback => guarded(|| gateway::route(shared, &req)),
    })
}

fn guarded(f: impl FnOnce() -> Reply) -> Reply {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| server_error())
}

/// What the gateway's framework answers on an internal error.
fn server_error() -> Reply {
    Reply {
        status: 500,
        content_type: "application/json",
        body: r#"{"message":"Server Error"}"#.to_owned(),
    }
}
