//! The burst that stalled the sandbox's former server (tiny_http 0.12, whose task pool could
//! park a new keep-alive connection with no thread to serve it): 3 rounds of 16 keep-alive
//! connections opened at once against the sandbox, all kept open. Every one must be answered.
//! `sandbox/tests/http.rs` asserts the same with 32 connections; this prints the figures.
//!
//! `cargo run --release -p paykassma-hardening --example sandbox_burst`

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use paykassma_sandbox::{Sandbox, SandboxConfig};

fn main() {
    let sandbox = Sandbox::start(SandboxConfig::default()).expect("the sandbox starts");
    let addr = sandbox.addr();
    let mut kept = Vec::new();
    let mut stalled = 0;
    for round in 1..=3 {
        let burst: Vec<_> = (0..16)
            .map(|_| {
                std::thread::spawn(move || {
                    let started = Instant::now();
                    let mut c = TcpStream::connect(addr).unwrap();
                    c.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
                    c.write_all(b"GET /_sandbox/state HTTP/1.1\r\nHost: x\r\n\r\n")
                        .unwrap();
                    let answered = c.read(&mut [0u8; 256]).is_ok_and(|n| n > 0);
                    (answered, started.elapsed(), c)
                })
            })
            .collect();
        let results: Vec<_> = burst.into_iter().map(|h| h.join().unwrap()).collect();
        let unanswered = results.iter().filter(|r| !r.0).count();
        let slowest = results.iter().map(|r| r.1).max().unwrap_or_default();
        stalled += unanswered;
        println!(
            "burst {round}: {unanswered} of 16 new keep-alive connections unanswered after 3 s; slowest answer {} ms",
            slowest.as_millis()
        );
        // The connections stay open, as a client's pool keeps them.
        kept.extend(results.into_iter().map(|r| r.2));
    }
    std::process::exit(i32::from(stalled > 0));
}
