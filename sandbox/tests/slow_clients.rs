//! Slow clients: 300 connections trickling a request head one byte at a time neither lock the
//! sandbox out nor stay open past the whole-request deadline. (The latency of the normal request
//! is printed by `cargo bench -p paykassma-sandbox --bench slow_clients`, not asserted here.)

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;

const SLOW: usize = 300;
const DEADLINE: Duration = Duration::from_millis(5_000);
/// Each slow connection sends its next byte this often: under the deadline, so a timer that
/// restarts on every byte would never fire.
const TRICKLE: Duration = Duration::from_millis(1_000);

#[test]
fn three_hundred_slow_connections_neither_lock_the_sandbox_out_nor_outlive_the_deadline() {
    let env = Env::with(|c| c.request_deadline_ms = DEADLINE.as_millis() as u64);
    let opened = Instant::now();
    let slow: Vec<TcpStream> = (0..SLOW)
        .map(|_| TcpStream::connect(env.sandbox.addr()).unwrap())
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let trickle = {
        let streams: Vec<TcpStream> = slow.iter().map(|s| s.try_clone().unwrap()).collect();
        let stop = stop.clone();
        std::thread::spawn(move || trickle_heads(streams, &stop))
    };

    // Every slow connection is open and has begun its request: a normal one is still answered.
    std::thread::sleep(TRICKLE + Duration::from_millis(200));
    let (status, body) = try_call(
        "GET",
        &env.url("/_sandbox/state"),
        None,
        Duration::from_secs(30),
    )
    .expect("a normal request is answered while 300 slow connections are open");
    assert_eq!(status, 200, "{body}");
    // The answer came while every slow connection was still open (else this proved nothing).
    let open = slow.iter().filter(|s| is_open(s)).count();
    assert_eq!(
        open,
        SLOW,
        "answered {:?} after they opened",
        opened.elapsed()
    );

    // Still trickling, every slow connection is closed soon after the deadline.
    let check_at = opened + DEADLINE + Duration::from_secs(2);
    std::thread::sleep(check_at.saturating_duration_since(Instant::now()));
    let still_open = slow.iter().filter(|s| is_open(s)).count();
    stop.store(true, Ordering::SeqCst);
    trickle.join().unwrap();
    assert_eq!(
        still_open,
        0,
        "connections open {:?} after the deadline",
        check_at - opened - DEADLINE
    );
    // And the sandbox serves as before.
    assert_eq!(env.get("/api/v1/accounts-balance").0, 200);
}

/// Sends the next byte of a request head on every stream every `TRICKLE`, until `stop`.
fn trickle_heads(mut streams: Vec<TcpStream>, stop: &AtomicBool) {
    let head = b"GET /_sandbox/state HTTP/1.1\r\nHost: sandbox\r\nX-Slow: 1\r\n\r\n";
    let mut next = 0;
    while !stop.load(Ordering::SeqCst) && next < head.len() - 1 {
        for s in &mut streams {
            // A connection the sandbox closed refuses the write: that is expected.
            let _ = s.write_all(&head[next..next + 1]);
        }
        next += 1;
        let until = Instant::now() + TRICKLE;
        while Instant::now() < until && !stop.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// False once the peer closed the connection (end of stream or reset), true while a read
/// would wait. Whatever the peer sent first is read and dropped.
fn is_open(mut s: &TcpStream) -> bool {
    s.set_nonblocking(true).unwrap();
    let open = loop {
        match s.read(&mut [0u8; 256]) {
            Ok(0) => break false,
            Ok(_) => continue,
            Err(e) if e.kind() == ErrorKind::WouldBlock => break true,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => break false,
        }
    };
    s.set_nonblocking(false).unwrap();
    open
}
