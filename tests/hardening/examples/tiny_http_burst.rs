//! Reproduces the sandbox server's (tiny_http 0.12) defect found by the load benchmark: when
//! several keep-alive connections arrive at once, some are queued in tiny_http's task pool with
//! no thread to serve them, and they get no answer until another connection closes.
//!
//! `cargo run --release -p paykassma-hardening --example tiny_http_burst`

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

fn main() {
    let server = std::sync::Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let port = server.server_addr().to_ip().unwrap().port();
    let s = server.clone();
    std::thread::spawn(move || {
        for rq in s.incoming_requests() {
            std::thread::spawn(move || {
                let _ = rq.respond(tiny_http::Response::from_string("ok"));
            });
        }
    });
    let mut kept = Vec::new();
    for round in 1..=3 {
        let burst: Vec<_> = (0..16)
            .map(|_| {
                std::thread::spawn(move || {
                    let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
                    c.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
                    c.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
                    let answered = c.read(&mut [0u8; 256]).is_ok();
                    (answered, c)
                })
            })
            .collect();
        let results: Vec<_> = burst.into_iter().map(|h| h.join().unwrap()).collect();
        let unanswered = results.iter().filter(|r| !r.0).count();
        println!(
            "burst {round}: {unanswered} of 16 new keep-alive connections unanswered after 3 s"
        );
        // The connections stay open, as a client's pool keeps them.
        kept.extend(results.into_iter().map(|r| r.1));
    }
}
