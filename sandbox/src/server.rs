//! The HTTP loop: one thread per request, faults applied before routing, panics turned into a
//! 500 so a bad request never takes the sandbox down.

use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use crate::faults::{self, FaultKind};
use crate::http::{Query, Reply, Request};
use crate::{control, cut, gateway, Shared};

/// Bodies above this are refused (screenshots included).
const MAX_BODY: u64 = 16 * 1024 * 1024;

pub fn serve(shared: &Arc<Shared>, server: &tiny_http::Server) {
    while !shared.stop.load(Ordering::SeqCst) {
        match server.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(rq)) => {
                let shared = shared.clone();
                let spawned = std::thread::Builder::new()
                    .name("sandbox-request".into())
                    .spawn(move || handle(&shared, rq));
                if spawned.is_err() {
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
            Ok(None) => {}
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

fn handle(shared: &Shared, mut rq: tiny_http::Request) {
    let url = rq.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let content_type = rq
        .headers()
        .iter()
        .find(|h| h.field.equiv("Content-Type"))
        .map(|h| h.value.as_str().to_owned())
        .unwrap_or_default();
    let mut body = Vec::new();
    let read = rq.as_reader().take(MAX_BODY + 1).read_to_end(&mut body);
    if read.is_err() {
        return respond(rq, Reply::fail("The request body could not be read"));
    }
    if body.len() as u64 > MAX_BODY {
        return respond(
            rq,
            Reply::json(
                413,
                paykassma::php::Array::object()
                    .with("status", "fail")
                    .with("message", "The request body is too large"),
            ),
        );
    }
    let req = Request {
        method: rq.method().as_str().to_ascii_uppercase(),
        path: path.to_owned(),
        query: Query::parse(query),
        content_type,
        body,
    };
    if req.path.starts_with("/_sandbox/") {
        let reply = guarded(|| control::route(shared, &req));
        return respond(rq, reply);
    }
    let fault = faults::take(&mut shared.lock().faults, &req.path);
    match fault {
        None => respond(rq, guarded(|| gateway::route(shared, &req))),
        Some(f) => match f.kind {
            FaultKind::Http500 => respond(rq, server_error()),
            FaultKind::NotJson => respond(
                rq,
                Reply {
                    status: 200,
                    content_type: "text/html; charset=UTF-8",
                    body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>".to_owned(),
                },
            ),
            FaultKind::Slow => {
                let reply = guarded(|| gateway::route(shared, &req));
                std::thread::sleep(Duration::from_millis(f.delay_ms));
                respond(rq, reply)
            }
            FaultKind::CutConnection => {
                let _processed = guarded(|| gateway::route(shared, &req));
                if let Some(peer) = rq.remote_addr().copied() {
                    cut::cut(shared.port, peer);
                }
                // The socket is shut; tiny_http's own 500 for an unanswered request goes nowhere.
                drop(rq);
            }
            FaultKind::DuplicatePostback => respond(rq, guarded(|| gateway::route(shared, &req))),
        },
    }
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

fn respond(rq: tiny_http::Request, reply: Reply) {
    let mut response = tiny_http::Response::from_string(reply.body).with_status_code(reply.status);
    if let Ok(h) =
        tiny_http::Header::from_bytes(&b"Content-Type"[..], reply.content_type.as_bytes())
    {
        response = response.with_header(h);
    }
    let _ = rq.respond(response);
}
