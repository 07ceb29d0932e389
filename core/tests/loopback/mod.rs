//! A scripted HTTP server on loopback and a client pointed at it, for the client's tests.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use paykassma::{Client, Config};

pub const SECRET: &str = "canary-secret-7f3a";
pub const KEY: &str = "canary-withdrawal-key-91c2";

pub fn client(base: &str) -> Client {
    let mut config = Config::new(base, SECRET)
        .withdrawal_private_key(KEY)
        .timeouts(Duration::from_millis(500), Duration::from_millis(300));
    config.retry_backoff = Duration::from_millis(10);
    Client::new(config).unwrap()
}

/// A loopback server that answers every request with `status` and `body` (or never answers, when
/// `status` is empty) and counts the requests.
pub fn server(status: &'static str, body: &'static str) -> (String, Arc<AtomicUsize>) {
    if status.is_empty() {
        return server_with(|_| {
            std::thread::sleep(Duration::from_secs(2));
            Vec::new()
        });
    }
    server_with(move |_| answer(status, &[], body.as_bytes()))
}

/// An HTTP/1.1 answer with the given extra headers.
pub fn answer(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

/// A loopback server that answers each request (head and body as received) with what `respond`
/// makes of it, and counts the requests.
pub fn server_with(
    respond: impl Fn(&[u8]) -> Vec<u8> + Send + 'static,
) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            seen.fetch_add(1, Ordering::SeqCst);
            let request = read_request(&mut stream);
            let _ = stream.write_all(&respond(&request));
        }
    });
    (url, count)
}

/// Reads one whole request (head and `Content-Length` body), so that answering and closing never
/// cuts off a client still sending.
pub fn read_request(stream: &mut std::net::TcpStream) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        if let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if got.len() >= end + 4 + length {
                return got;
            }
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return got,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
}

pub fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}
