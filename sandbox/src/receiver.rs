//! A merchant's postback endpoint on loopback, for whatever receives the sandbox's postbacks in
//! Rust (the CLI's demo, the sandbox's and the hardening tests): each request's body goes to a
//! handler that answers with a status and a body. The HTTP is hyper's, on a runtime of its own;
//! handlers run on its blocking pool, one at a time per request, like a web server's workers.

use std::convert::Infallible;
use std::sync::Arc;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::runtime::Runtime;

/// What a handler makes of a request's body: the HTTP status and the JSON body of the answer.
pub type Answer = (u16, String);

/// A running endpoint; dropping it stops it.
pub struct PostbackReceiver {
    url: String,
    runtime: Option<Runtime>,
}

impl PostbackReceiver {
    /// Listens on a free loopback port; `path` is the path of [`PostbackReceiver::url`] (any path
    /// is served).
    pub fn start(
        path: &str,
        handler: impl Fn(&[u8]) -> Answer + Send + Sync + 'static,
    ) -> Result<PostbackReceiver, String> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("postback-receiver")
            .enable_io()
            .build()
            .map_err(|e| format!("cannot start the postback endpoint's runtime: {e}"))?;
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .map_err(|e| format!("cannot start the postback endpoint: {e}"))?;
        let port = listener
            .local_addr()
            .map_err(|e| format!("the postback endpoint has no address: {e}"))?
            .port();
        runtime.spawn(accept(listener, Arc::new(handler)));
        Ok(PostbackReceiver {
            url: format!("http://127.0.0.1:{port}{path}"),
            runtime: Some(runtime),
        })
    }

    /// `http://127.0.0.1:PORT/path`: where postbacks go.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for PostbackReceiver {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

type Handler = Arc<dyn Fn(&[u8]) -> Answer + Send + Sync>;

async fn accept(listener: TcpListener, handler: Handler) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let handler = handler.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| answer(handler.clone(), req));
            // A broken connection is the sender's problem: the next one is served.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn answer(
    handler: Handler,
    req: hyper::Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (status, body) = match req.into_body().collect().await {
        Ok(body) => {
            let body = body.to_bytes();
            tokio::task::spawn_blocking(move || handler(&body))
                .await
                .unwrap_or_else(|_| (500, r#"{"status":"error"}"#.to_owned()))
        }
        Err(_) => (400, r#"{"status":"error"}"#.to_owned()),
    };
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(response)
}
