//! One connection's loop: read, parse, answer, and again while the connection is kept alive.
//! Reads wake every `TICK` so that an idle connection is closed after `IDLE` and every
//! connection soon after the sandbox stops.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use paykassma::php::Array;

use crate::http::{parse_request, write, Limits, ParseError, Parsed, Reply};
use crate::server::{self, Outcome};
use crate::Shared;

/// A kept-alive connection without a request for this long is closed; clients' pools drop
/// idle connections sooner, so the server is rarely the one to close first.
const IDLE: Duration = Duration::from_secs(60);
const TICK: Duration = Duration::from_millis(200);
/// A client that does not read its answer for this long is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

pub fn serve(shared: &Shared, mut stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(TICK));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let limits = Limits::default();
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut continued = false;
    let mut last_read = Instant::now();
    loop {
        match parse_request(&buf, &limits) {
            Ok(Parsed::Complete(request, used)) => {
                buf.drain(..used);
                continued = false;
                let keep_alive = request.keep_alive;
                let head_only = request.method.eq_ignore_ascii_case("HEAD");
                let reply = match server::handle(shared, request) {
                    Outcome::Answer(reply) => reply,
                    Outcome::Cut => return,
                };
                let bytes = write::response(&reply, keep_alive, head_only);
                if stream.write_all(&bytes).is_err() || !keep_alive {
                    return close(stream);
                }
                last_read = Instant::now();
                // A pipelined request may already be in the buffer.
                continue;
            }
            Ok(Parsed::Partial { expects_continue }) => {
                if expects_continue && !continued {
                    continued = true;
                    if stream.write_all(write::CONTINUE).is_err() {
                        return;
                    }
                }
            }
            Err(e) => return refuse(stream, &e),
        }
        match stream.read(&mut chunk) {
            Ok(0) => return,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                last_read = Instant::now();
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                if shared.stop.load(Ordering::SeqCst) {
                    return;
                }
                if last_read.elapsed() >= IDLE {
                    if !buf.is_empty() {
                        let e = ParseError {
                            status: 408,
                            message: "The request was not completed in time",
                        };
                        return refuse(stream, &e);
                    }
                    return;
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// Answers a request that cannot be served, then closes.
fn refuse(mut stream: TcpStream, e: &ParseError) {
    let reply = Reply::json(
        e.status,
        Array::object()
            .with("status", "fail")
            .with("message", e.message),
    );
    if stream
        .write_all(&write::response(&reply, false, false))
        .is_ok()
    {
        close(stream);
    }
}

/// Closes after the answer without losing it: closing a socket with unread input resets it and
/// the client may never read the answer, so the rest of the input is read and dropped first
/// (for a bounded time).
fn close(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut sink = [0u8; 16 * 1024];
    let mut drained = 0usize;
    while Instant::now() < deadline && drained < 64 * 1024 * 1024 {
        match stream.read(&mut sink) {
            Ok(0) => return,
            Ok(n) => drained += n,
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) => {}
            Err(_) => return,
        }
    }
}
