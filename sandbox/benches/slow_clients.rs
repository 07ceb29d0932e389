//! The latency of a normal request while 300 slow clients hold connections open, each trickling
//! a request head one byte a second (what `tests/slow_clients.rs` checks for correctness), beside
//! the same requests with no slow clients. Loopback only; about 15 s.
//!
//! ```sh
//! cargo bench -p paykassma-sandbox --bench slow_clients
//! ```

use std::io::Write;
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use paykassma_sandbox::{Sandbox, SandboxConfig, DEFAULT_SECRET};

const SLOW: usize = 300;
const REQUESTS: usize = 200;

fn main() {
    let sandbox = Sandbox::start(SandboxConfig::default()).expect("sandbox starts");
    let url = format!(
        "{}/api/v1/accounts-balance?secret={DEFAULT_SECRET}",
        sandbox.base_url()
    );
    println!(
        "{REQUESTS} requests (GET accounts-balance), each on a new connection, one after another; {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    measure(&url); // warm-up: the runtime's blocking pool, the first connections
    report("no slow clients", &measure(&url));

    let slow: Vec<TcpStream> = (0..SLOW)
        .map(|_| TcpStream::connect(sandbox.addr()).expect("connect"))
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let trickle = {
        let stop = stop.clone();
        std::thread::spawn(move || trickle(slow, &stop))
    };
    std::thread::sleep(Duration::from_millis(1_500));
    report(&format!("{SLOW} slow clients open"), &measure(&url));
    stop.store(true, Ordering::SeqCst);
    trickle.join().expect("trickle thread");
    // Once they are gone, again: the machine's noise between the two runs shows here.
    std::thread::sleep(Duration::from_millis(500));
    report("after they closed", &measure(&url));
    sandbox.shutdown();
}

/// The latency of each request, sorted.
fn measure(url: &str) -> Vec<Duration> {
    let mut took: Vec<Duration> = (0..REQUESTS)
        .map(|_| {
            // A new agent each time: a new connection, as a client arriving during the attack.
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .timeout_global(Some(Duration::from_secs(60)))
                .build()
                .into();
            let started = Instant::now();
            let status = agent.get(url).call().expect("answered").status();
            assert_eq!(status.as_u16(), 200);
            started.elapsed()
        })
        .collect();
    took.sort();
    took
}

fn report(what: &str, sorted: &[Duration]) {
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what:>24}: p50 {:>7.0?}  p90 {:>7.0?}  p99 {:>7.0?}  max {:>7.0?}",
        at(0.5),
        at(0.9),
        at(0.99),
        sorted[sorted.len() - 1]
    );
}

fn trickle(mut streams: Vec<TcpStream>, stop: &AtomicBool) {
    let head = b"GET /_sandbox/state HTTP/1.1\r\nHost: sandbox\r\nX-Slow: 1\r\n\r\n";
    for byte in head.iter().take(head.len() - 1) {
        for s in &mut streams {
            let _ = s.write_all(&[*byte]);
        }
        let until = Instant::now() + Duration::from_secs(1);
        while Instant::now() < until {
            if stop.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
