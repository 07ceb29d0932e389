//! One request and its answer on a connection: the body read within the per-connection cap and
//! the request deadline, the sandbox's logic run off the connection threads, and the reply
//! written back with the headers the sandbox sends.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Bytes, Incoming};
use hyper::header::{HeaderValue, CONNECTION, CONTENT_TYPE, LOCATION, SERVER, USER_AGENT};
use hyper::{Response, StatusCode, Version};
use paykassma::php::Array;

use crate::dispatch::{self, Outcome};
use crate::http::{Query, Reply, Request};
use crate::shared::Shared;

/// The largest request body a connection holds, in bytes. The documents bound the payment
/// screenshot's name (a string of 190) but not its size; a PHP gateway with default settings
/// takes at most 8 MiB per form (`post_max_size`), and phone screenshots are far smaller. The
/// cap leaves room for an 8 MiB screenshot with the form's fields; a larger body is refused with
/// 413, before it is read when `Content-Length` announces it.
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// Why no answer is written: the connection is closed instead.
#[derive(Debug)]
pub struct Closed;

impl std::fmt::Display for Closed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection closed without an answer")
    }
}

impl std::error::Error for Closed {}

pub async fn answer(
    shared: Arc<Shared>,
    ready: Arc<Mutex<Instant>>,
    deadline: Duration,
    req: hyper::Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Closed> {
    let keep_alive = wants_keep_alive(&req);
    let complete_by = *ready.lock().unwrap_or_else(|e| e.into_inner()) + deadline;
    let (head, body) = req.into_parts();
    let body = match read_body(body, complete_by).await {
        Ok(body) => body,
        Err(Unread::TooLarge) => {
            return Ok(refusal(
                413,
                &format!("The request body is over {MAX_BODY_BYTES} bytes"),
            ))
        }
        Err(Unread::Late) => {
            return Ok(refusal(408, "The request was not completed in time"));
        }
        Err(Unread::Broken) => return Err(Closed),
    };
    let request = Request {
        method: head.method.as_str().to_ascii_uppercase(),
        target: head
            .uri
            .path_and_query()
            .map_or_else(|| head.uri.to_string(), |p| p.as_str().to_owned()),
        version: if head.version == Version::HTTP_10 {
            "HTTP/1.0"
        } else {
            "HTTP/1.1"
        },
        path: head.uri.path().to_owned(),
        query: Query::parse(head.uri.query().unwrap_or_default()),
        content_type: head
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned(),
        user_agent: head
            .headers
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned(),
        body,
    };
    // The sandbox's logic is synchronous (a mutex, a signature, a multipart scan): off the
    // threads that serve connections.
    let handled = tokio::task::spawn_blocking(move || dispatch::handle(&shared, &request)).await;
    let reply = match handled {
        Ok(Outcome::Answer(reply)) => reply,
        Ok(Outcome::Late(reply, delay)) => {
            tokio::time::sleep(delay).await;
            reply
        }
        Ok(Outcome::Cut) => return Err(Closed),
        Err(_) => Reply::server_error(),
    };
    *ready.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
    Ok(response(reply, keep_alive))
}

enum Unread {
    TooLarge,
    Late,
    /// The client closed or broke the framing: nothing to answer.
    Broken,
}

async fn read_body(mut body: Incoming, complete_by: Instant) -> Result<Vec<u8>, Unread> {
    let announced = body.size_hint().lower();
    if announced > MAX_BODY_BYTES as u64 {
        return Err(Unread::TooLarge);
    }
    let mut bytes = Vec::with_capacity(announced as usize);
    let read = async {
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|_| Unread::Broken)?;
            if let Some(data) = frame.data_ref() {
                if bytes.len() + data.len() > MAX_BODY_BYTES {
                    return Err(Unread::TooLarge);
                }
                bytes.extend_from_slice(data);
            }
        }
        Ok(())
    };
    match tokio::time::timeout_at(complete_by.into(), read).await {
        Ok(Ok(())) => Ok(bytes),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(Unread::Late),
    }
}

/// HTTP/1.1 keeps the connection unless the request says `close`; HTTP/1.0 only with
/// `keep-alive`.
fn wants_keep_alive<B>(req: &hyper::Request<B>) -> bool {
    let tokens = || {
        req.headers()
            .get_all(CONNECTION)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
    };
    if tokens().any(|t| t.eq_ignore_ascii_case("close")) {
        return false;
    }
    req.version() == Version::HTTP_11 || tokens().any(|t| t.eq_ignore_ascii_case("keep-alive"))
}

/// A request that cannot be served: `{"status":"fail","message":...}`, and the connection closes.
fn refusal(status: u16, message: &str) -> Response<Full<Bytes>> {
    let reply = Reply::json(
        status,
        Array::object()
            .with("status", "fail")
            .with("message", message),
    );
    response(reply, false)
}

fn response(reply: Reply, keep_alive: bool) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = Response::new(Full::new(Bytes::from(reply.body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(SERVER, HeaderValue::from_static("paykassma-sandbox"));
    // An `answer` fault's content type was checked when it was armed.
    if let Ok(content_type) = HeaderValue::from_str(&reply.content_type) {
        headers.insert(CONTENT_TYPE, content_type);
    }
    headers.insert(
        CONNECTION,
        HeaderValue::from_static(if keep_alive { "keep-alive" } else { "close" }),
    );
    // Checked when the fault was armed; a value hyper would refuse is left out.
    if let Some(location) = reply.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        headers.insert(LOCATION, location);
    }
    response
}
