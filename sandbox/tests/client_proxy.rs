//! The client's `proxy` setting through a tiny loopback proxy: it carries every request with its
//! credentials, it wins over HTTP_PROXY/NO_PROXY (which decide without it), and its password
//! appears in no error or `Debug` output. One test, as it changes the process's environment.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use common::*;
use paykassma::client::{Client, Config};
use paykassma::Error;

const PROXY_USER: &str = "merchant";
const PROXY_PASSWORD: &str = "proxy-password-do-not-leak";

/// An HTTP proxy on loopback: `CONNECT` tunnels, and absolute-form requests forwarded as they
/// came. Keeps every request head it got.
struct LoopbackProxy {
    port: u16,
    heads: Arc<Mutex<Vec<String>>>,
}

impl LoopbackProxy {
    fn start() -> LoopbackProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let heads: Arc<Mutex<Vec<String>>> = Arc::default();
        let kept = heads.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let kept = kept.clone();
                std::thread::spawn(move || relay(client, &kept));
            }
        });
        LoopbackProxy { port, heads }
    }
}

fn relay(mut client: TcpStream, heads: &Mutex<Vec<String>>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if client.read(&mut byte).unwrap_or(0) == 0 {
            return;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    heads.lock().unwrap().push(head.clone());
    let target = head
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let (authority, connect) = match target.strip_prefix("http://") {
        Some(rest) => (rest.split('/').next().unwrap_or_default().to_owned(), false),
        None => (target.clone(), true),
    };
    let Ok(mut upstream) = TcpStream::connect(&authority) else {
        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        return;
    };
    if connect {
        let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
    } else {
        let _ = upstream.write_all(head.as_bytes());
    }
    let (mut up_read, mut client_write) =
        (upstream.try_clone().unwrap(), client.try_clone().unwrap());
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut up_read, &mut client_write);
        let _ = client_write.shutdown(std::net::Shutdown::Both);
    });
    let _ = std::io::copy(&mut client, &mut upstream);
    let _ = upstream.shutdown(std::net::Shutdown::Both);
}

fn client(env: &Env, proxy: Option<String>) -> Client {
    let mut config =
        Config::new(env.sandbox.base_url(), SECRET).withdrawal_private_key(WITHDRAWAL_KEY);
    config.proxy = proxy;
    config.max_retries = 0;
    Client::new(config).unwrap()
}

fn set_env(pairs: &[(&str, Option<&str>)]) {
    for (name, value) in pairs {
        match value {
            Some(v) => std::env::set_var(name, v),
            None => std::env::remove_var(name),
        }
    }
}

/// A port nothing listens on.
fn dead_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn the_proxy_setting_carries_every_request_and_wins_over_the_environment() {
    let env = Env::start();
    let proxy = LoopbackProxy::start();
    let proxy_url = format!(
        "http://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:{}",
        proxy.port
    );
    let dead = format!("http://127.0.0.1:{}", dead_port());
    let target = env
        .sandbox
        .base_url()
        .trim_start_matches("http://")
        .to_owned();

    // Through the proxy, with its credentials.
    let through = client(&env, Some(proxy_url.clone()));
    through.call("accounts_balance", "{}").unwrap();
    let heads = proxy.heads.lock().unwrap().clone();
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert!(heads[0].contains(&target), "{}", heads[0]);
    // Basic base64("merchant:proxy-password-do-not-leak").
    assert!(
        heads[0].contains("bWVyY2hhbnQ6cHJveHktcGFzc3dvcmQtZG8tbm90LWxlYWs="),
        "{}",
        heads[0]
    );

    // Without the setting, the environment decides: a dead HTTP_PROXY fails the call.
    let env_vars = [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
    ];
    set_env(&[
        ("HTTP_PROXY", Some(&dead)),
        ("http_proxy", Some(&dead)),
        ("ALL_PROXY", Some(&dead)),
    ]);
    let from_env = client(&env, None);
    match from_env.call("accounts_balance", "{}") {
        Err(Error::Transport { .. }) => {}
        other => panic!("a dead HTTP_PROXY should fail the call: {other:?}"),
    }
    // With it, the environment is ignored, NO_PROXY included.
    set_env(&[
        ("NO_PROXY", Some("127.0.0.1,localhost")),
        ("no_proxy", Some("127.0.0.1,localhost")),
    ]);
    client(&env, Some(proxy_url.clone()))
        .call("accounts_balance", "{}")
        .unwrap();
    assert_eq!(proxy.heads.lock().unwrap().len(), 2);
    set_env(&env_vars.map(|n| (n, None)));

    // The password shows nowhere: Debug, a proxy that is down, a proxy URL refused.
    let down = client(
        &env,
        Some(format!(
            "http://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:{}",
            dead_port()
        )),
    );
    let failed = down.call("accounts_balance", "{}").unwrap_err();
    let refused = Client::new(
        Config::new(env.sandbox.base_url(), SECRET)
            .proxy(format!("ftp://{PROXY_USER}:{PROXY_PASSWORD}@host")),
    )
    .unwrap_err();
    assert_eq!(refused.field(), Some("proxy"), "{refused}");
    let shown = format!("{through:?} {down:?} {failed} {failed:?} {refused} {refused:?}");
    assert!(shown.contains("<redacted>@127.0.0.1"), "{shown}");
    assert!(!shown.contains(PROXY_PASSWORD), "{shown}");
}
