//! One connection, served by hyper's HTTP/1.1 with the sandbox's limits: the request head within
//! `MAX_HEAD_BYTES` and `MAX_HEADERS`, the whole request within the request deadline (hyper
//! times the head, `exchange.rs` the body), and writes to a client that does not read given up
//! after `WRITE_TIMEOUT`.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::Sleep;

use crate::exchange;
use crate::shared::Shared;

/// Request line and headers, in bytes; a longer head is refused with 431 as it arrives.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
pub const MAX_HEADERS: usize = 100;
/// A client that does not read its answer for this long is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

pub async fn serve(shared: Arc<Shared>, stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let deadline = Duration::from_millis(shared.initial.request_deadline_ms);
    // When the connection became ready for its next request: the deadline counts from there.
    let ready = Arc::new(Mutex::new(Instant::now()));
    let service =
        service_fn(move |req| exchange::answer(shared.clone(), ready.clone(), deadline, req));
    let io = TokioIo::new(WriteTimeout {
        inner: stream,
        stalled: None,
    });
    // Errors are the client's (a bad request, a closed socket, a deadline): the connection ends.
    let served = http1::Builder::new()
        .timer(TokioTimer::new())
        // Counted from the moment the connection is ready for a request, not reset by each
        // byte: an idle kept-alive connection is closed after it too.
        .header_read_timeout(deadline)
        // The read buffer is the head limit: a head that fills it is refused (431).
        .max_buf_size(MAX_HEAD_BYTES)
        .max_headers(MAX_HEADERS)
        .title_case_headers(true)
        .serve_connection(io, service)
        .without_shutdown()
        .await;
    if let Ok(parts) = served {
        close(parts.io.into_inner().inner).await;
    }
}

/// Closes after the last answer without losing it: closing a socket with unread input resets
/// it, and the client may never read the answer (a 413 sent before an oversized body was read),
/// so the rest of the input is read and dropped first, for a bounded time.
async fn close(mut stream: TcpStream) {
    let _ = stream.shutdown().await;
    let drain = async {
        let mut sink = vec![0u8; 64 * 1024];
        let mut drained = 0usize;
        while drained < 64 * 1024 * 1024 {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => return,
                Ok(n) => drained += n,
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), drain).await;
}

/// A socket whose writes fail once one has waited `WRITE_TIMEOUT` for the client to read.
struct WriteTimeout {
    inner: TcpStream,
    stalled: Option<Pin<Box<Sleep>>>,
}

impl WriteTimeout {
    fn settle<T>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if polled.is_ready() {
            self.stalled = None;
            return polled;
        }
        let timer = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(WRITE_TIMEOUT)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client did not read its answer",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for WriteTimeout {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for WriteTimeout {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.settle(cx, polled)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.settle(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.inner).poll_flush(cx);
        self.settle(cx, polled)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
