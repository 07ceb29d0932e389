//! The accept loop on a small tokio runtime: each connection is served by hyper
//! (`connection.rs`), at most `MAX_CONNECTIONS` at once (beyond, a 503), and all of them end
//! when the sandbox stops.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use paykassma::php::Array;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::runtime::Runtime;

use crate::connection;
use crate::http::Reply;
use crate::shared::Shared;

/// Connections served at once. A connection costs a task and a 16 KiB read buffer until its
/// request is whole, so hundreds of slow ones are cheap; each is closed by the request
/// deadline if it never completes a request.
pub const MAX_CONNECTIONS: usize = 512;

/// Connections the kernel completes before the sandbox accepts them. Clients opening hundreds at
/// once (or a sandbox starved of CPU for a moment) would overflow a small queue, and each
/// dropped handshake costs its client a second before it tries again.
const LISTEN_BACKLOG: u32 = 1024;

/// The listening socket and the runtime that serves it; [`Server::stop`] ends both.
pub struct Server {
    runtime: Option<Runtime>,
    listener: Option<TcpListener>,
}

impl Server {
    /// Listens on `addr` (port 0 picks a free one); serving starts with [`Server::serve`].
    pub fn bind(addr: SocketAddr) -> Result<(Server, SocketAddr), String> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("sandbox-http")
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| format!("cannot start the HTTP runtime: {e}"))?;
        let listener = {
            let _inside = runtime.enter();
            listen(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?
        };
        let local = listener
            .local_addr()
            .map_err(|e| format!("the listening socket has no address: {e}"))?;
        let server = Server {
            runtime: Some(runtime),
            listener: Some(listener),
        };
        Ok((server, local))
    }

    pub fn serve(&mut self, shared: Arc<Shared>) {
        if let (Some(runtime), Some(listener)) = (&self.runtime, self.listener.take()) {
            runtime.spawn(accept(shared, listener));
        }
    }

    /// Closes the listener and every connection; requests being processed are dropped.
    pub fn stop(&mut self) {
        self.listener = None;
        let Some(runtime) = self.runtime.take() else {
            return;
        };
        // Inside another runtime (a caller's async test), waiting would block it: let go.
        if tokio::runtime::Handle::try_current().is_ok() {
            runtime.shutdown_background();
        } else {
            runtime.shutdown_timeout(Duration::from_secs(2));
        }
    }
}

fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    // As `std::net::TcpListener::bind` does: a restarted sandbox may take its port back at once.
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

async fn accept(shared: Arc<Shared>, listener: TcpListener) {
    let open = Arc::new(AtomicUsize::new(0));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of descriptors, or a connection reset before it was accepted.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            tokio::spawn(refuse(stream));
            continue;
        }
        let slot = Slot(open.clone());
        let shared = shared.clone();
        tokio::spawn(async move {
            let _slot = slot;
            connection::serve(shared, stream).await;
        });
    }
}

/// Counts a connection as open until its task ends.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers a connection over the cap without hyper (it never gets a connection task).
async fn refuse(mut stream: TcpStream) {
    let body = Reply::json(
        503,
        Array::object()
            .with("status", "fail")
            .with("message", "Too many connections to the sandbox at once"),
    )
    .body;
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nServer: paykassma-sandbox\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), stream.write_all(answer.as_bytes())).await;
}
