//! The sandbox's HTTP/1.1 (hyper underneath) over raw sockets: bursts of keep-alive connections
//! are all answered (tiny_http, used once, left some unanswered), keep-alive rules, chunked
//! bodies, pipelining, `100 Continue`, refusals, the body cap at its edge, the request deadline
//! and the connection cap.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::*;
use paykassma_sandbox::{MAX_BODY_BYTES, MAX_CONNECTIONS, MAX_HEADERS, MAX_HEAD_BYTES};

struct Answer {
    status: u16,
    head: String,
    body: String,
}

fn connect(env: &Env) -> TcpStream {
    let s = TcpStream::connect(env.sandbox.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s
}

/// Reads one answer (framed by Content-Length) from `s`, keeping any bytes after it in `rest`.
fn read_answer(s: &mut TcpStream, rest: &mut Vec<u8>) -> std::io::Result<Answer> {
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = rest.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&rest[..end]).into_owned();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("Content-Length: "))
                .map_or(0, |v| v.parse().unwrap());
            if rest.len() >= end + 4 + len {
                let body = String::from_utf8_lossy(&rest[end + 4..end + 4 + len]).into_owned();
                rest.drain(..end + 4 + len);
                let status = head[9..12].parse().unwrap();
                return Ok(Answer { status, head, body });
            }
        }
        let n = s.read(&mut chunk)?;
        if n == 0 {
            return Err(ErrorKind::UnexpectedEof.into());
        }
        rest.extend_from_slice(&chunk[..n]);
    }
}

fn ask(s: &mut TcpStream, request: &str) -> Answer {
    s.write_all(request.as_bytes()).unwrap();
    read_answer(s, &mut Vec::new()).unwrap()
}

/// True when the server closed the connection (and sent nothing more).
fn closed(s: &mut TcpStream) -> bool {
    matches!(s.read(&mut [0u8; 64]), Ok(0))
}

fn get(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: sandbox\r\n\r\n")
}

#[test]
fn bursts_of_32_keep_alive_connections_are_all_answered() {
    let env = Env::start();
    let path = format!("/api/v1/accounts-balance?secret={SECRET}");
    let mut kept = Vec::new();
    for round in 1..=3 {
        let barrier = Arc::new(Barrier::new(32));
        let burst: Vec<_> = (0..32)
            .map(|_| {
                let (barrier, addr, path) = (barrier.clone(), env.sandbox.addr(), path.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    let started = Instant::now();
                    let mut s = TcpStream::connect(addr).unwrap();
                    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                    s.write_all(get(&path).as_bytes()).unwrap();
                    let first = read_answer(&mut s, &mut Vec::new()).map(|a| a.status);
                    (first, started.elapsed(), s)
                })
            })
            .collect();
        for h in burst {
            let (first, took, mut s) = h.join().unwrap();
            assert_eq!(
                first.ok(),
                Some(200),
                "round {round}: unanswered after {took:?}"
            );
            assert!(took < Duration::from_secs(5), "round {round}: {took:?}");
            // The same connection serves a second request.
            assert_eq!(ask(&mut s, &get(&path)).status, 200);
            // Kept open, as a client's pool keeps them, while the next burst arrives.
            kept.push(s);
        }
    }
    assert_eq!(kept.len(), 96);
}

#[test]
fn keep_alive_follows_http_1_1_and_1_0_rules() {
    let env = Env::start();
    let mut s = connect(&env);
    let a = ask(&mut s, &get("/_sandbox/state"));
    assert_eq!(a.status, 200);
    assert!(a.head.contains("Connection: keep-alive"), "{}", a.head);
    let a = ask(
        &mut s,
        "GET /_sandbox/state HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(a.head.contains("Connection: close"), "{}", a.head);
    assert!(closed(&mut s));

    let mut s = connect(&env);
    assert_eq!(
        ask(&mut s, "GET /_sandbox/state HTTP/1.0\r\n\r\n").status,
        200
    );
    assert!(closed(&mut s));

    let mut s = connect(&env);
    let keep = "GET /_sandbox/state HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
    assert_eq!(ask(&mut s, keep).status, 200);
    assert_eq!(ask(&mut s, keep).status, 200);
}

#[test]
fn chunked_bodies_pipelining_and_continue() {
    let env = Env::start();
    let path = format!("/api/v1/transaction/create/easypaisa?secret={SECRET}");
    let mut s = connect(&env);
    let body = r#"{"currency":"PKR","label":"chunked"}"#;
    let (a, b) = body.split_at(10);
    let chunked = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x};ext=1\r\n{b}\r\n0\r\n\r\n",
        a.len(),
        b.len()
    );
    let answer = ask(&mut s, &chunked);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.body.contains("identifier"), "{}", answer.body);

    // Two requests in one write get two answers, in order.
    let two = format!("{}{}", get("/_sandbox/state"), get("/nowhere"));
    s.write_all(two.as_bytes()).unwrap();
    let mut rest = Vec::new();
    assert_eq!(read_answer(&mut s, &mut rest).unwrap().status, 200);
    assert_eq!(read_answer(&mut s, &mut rest).unwrap().status, 404);

    // `Expect: 100-continue`: the interim answer comes before the body is sent.
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    let mut interim = [0u8; 25];
    s.read_exact(&mut interim).unwrap();
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    s.write_all(body.as_bytes()).unwrap();
    assert_eq!(read_answer(&mut s, &mut Vec::new()).unwrap().status, 200);
}

#[test]
fn malformed_requests_are_refused_and_closed() {
    let env = Env::start();
    // hyper's refusals: a bare status, then the connection is closed.
    for request in [
        "GARBAGE\r\n\r\n",
        "GET / HTTP/3.0\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
    ] {
        let mut s = connect(&env);
        let a = ask(&mut s, request);
        assert_eq!(a.status, 400, "{request:?}: {}", a.body);
        assert!(closed(&mut s), "{request:?}");
    }
    // Headers beyond the limit: refused while they arrive, not after.
    let mut s = connect(&env);
    let mut big = String::from("GET / HTTP/1.1\r\n");
    let filler = "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
    big.push_str(&filler.repeat(MAX_HEAD_BYTES / filler.len() + 1));
    let _ = s.write_all(big.as_bytes());
    assert_eq!(read_answer(&mut s, &mut Vec::new()).unwrap().status, 431);
    // More than 100 headers.
    let mut many = String::from("GET /_sandbox/state HTTP/1.1\r\n");
    many.push_str(&"X-A: 1\r\n".repeat(MAX_HEADERS + 1));
    many.push_str("\r\n");
    assert_eq!(ask(&mut connect(&env), &many).status, 431);
    // The sandbox still serves.
    assert_eq!(ask(&mut connect(&env), &get("/_sandbox/state")).status, 200);
}

#[test]
fn a_body_of_the_cap_is_read_and_one_byte_more_is_refused() {
    let env = Env::start();
    let url = env.secret_url("/api/v1/possible-transaction/activate");
    // The form overhead, then a screenshot that makes the body exactly the cap (over 8 MiB).
    let overhead = activation_form("cap-a", &[]).1.len();
    let screenshot = MAX_BODY_BYTES - overhead;
    assert!(screenshot > 8 * 1024 * 1024);
    let (content_type, body) = activation_form("cap-a", &vec![0x5a; screenshot]);
    assert_eq!(body.len(), MAX_BODY_BYTES);
    let (status, text) = send("POST", &url, &content_type, &body, Duration::from_secs(30)).unwrap();
    assert_eq!(status, 200);
    assert!(text.starts_with(r#"{"status":"success","#), "{text}");
    let state = env.state();
    assert_eq!(
        state["possible_transactions"][0]["screenshot_bytes"].as_u64(),
        Some(screenshot as u64)
    );

    // One byte more: 413 naming the cap, and nothing is created.
    let (content_type, body) = activation_form("cap-b", &vec![0x5a; screenshot + 1]);
    assert_eq!(body.len(), MAX_BODY_BYTES + 1);
    let (status, text) = send("POST", &url, &content_type, &body, Duration::from_secs(30)).unwrap();
    assert_eq!(status, 413, "{text}");
    assert_eq!(
        json_of(&text),
        serde_json::json!({"status": "fail",
            "message": format!("The request body is over {MAX_BODY_BYTES} bytes")})
    );
    assert_eq!(
        env.state()["possible_transactions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Announced by Content-Length: refused from the head, before any of the body is sent.
    let mut s = connect(&env);
    let a = ask(
        &mut s,
        &format!(
            "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
            MAX_BODY_BYTES + 1
        ),
    );
    assert_eq!(a.status, 413, "{}", a.body);
    assert!(closed(&mut s));
    // Chunked: refused once the chunks add up to more than the cap.
    let mut s = connect(&env);
    let chunk = vec![b'a'; 1024 * 1024];
    s.write_all(b"POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        .unwrap();
    let mut sent = 0;
    while sent <= MAX_BODY_BYTES {
        let n = chunk.len().min(MAX_BODY_BYTES + 1 - sent);
        if s.write_all(format!("{n:x}\r\n").as_bytes()).is_err()
            || s.write_all(&chunk[..n]).is_err()
            || s.write_all(b"\r\n").is_err()
        {
            break;
        }
        sent += n;
    }
    assert_eq!(read_answer(&mut s, &mut Vec::new()).unwrap().status, 413);
}

#[test]
fn a_request_must_be_whole_within_the_deadline_counted_from_when_the_connection_is_ready() {
    let deadline = Duration::from_millis(1_000);
    let env = Env::with(|c| c.request_deadline_ms = deadline.as_millis() as u64);
    // A body that stops arriving: 408 at the deadline, then closed.
    let mut s = connect(&env);
    let started = Instant::now();
    s.write_all(b"POST /_sandbox/pay HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345")
        .unwrap();
    let a = read_answer(&mut s, &mut Vec::new()).unwrap();
    assert_eq!(a.status, 408, "{}", a.body);
    assert!(started.elapsed() >= deadline - Duration::from_millis(50));
    assert!(closed(&mut s));
    // A head sent a byte at a time, each byte well within the deadline: closed at the deadline
    // all the same (no answer: hyper does not answer an unfinished head).
    let mut s = connect(&env);
    let started = Instant::now();
    let mut gone = false;
    for b in b"GET /_sandbox/state HTTP/1.1\r\nHost: x\r\n" {
        if s.write_all(&[*b]).is_err() {
            gone = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        gone || closed(&mut s),
        "still open after {:?}",
        started.elapsed()
    );
    assert!(started.elapsed() < deadline * 3);
    // A kept-alive connection serves requests for as long as they keep coming whole; idle for
    // longer than the deadline, it is closed.
    let mut s = connect(&env);
    for _ in 0..3 {
        std::thread::sleep(deadline / 2);
        assert_eq!(ask(&mut s, &get("/_sandbox/state")).status, 200);
    }
    std::thread::sleep(deadline + Duration::from_millis(300));
    assert!(closed(&mut s));
}

#[test]
fn connections_beyond_the_cap_get_a_clear_503() {
    let env = Env::start();
    // Each answered once, so each is known to hold a connection.
    let held: Vec<TcpStream> = (0..MAX_CONNECTIONS)
        .map(|_| {
            let mut s = connect(&env);
            assert_eq!(ask(&mut s, &get("/_sandbox/state")).status, 200);
            s
        })
        .collect();
    let mut over = connect(&env);
    let a = read_answer(&mut over, &mut Vec::new()).unwrap();
    assert_eq!(a.status, 503);
    assert!(a.body.contains("Too many connections"), "{}", a.body);
    drop(held);
    // Slots free up as the held connections close.
    wait_until(Duration::from_secs(5), || {
        let mut s = connect(&env);
        s.write_all(get("/_sandbox/state").as_bytes()).is_ok()
            && read_answer(&mut s, &mut Vec::new()).is_ok_and(|a| a.status == 200)
    });
}
