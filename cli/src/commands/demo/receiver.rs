//! The merchant's postback endpoint in the demo: verifies each postback with the client, keeps the
//! idempotency keys it has processed, and answers `{"status":"ok"}` to every genuine postback,
//! repeats included (the gateway keeps resending until it gets that answer).

use std::collections::HashSet;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;

use paykassma::{Client, Postback};

/// What the endpoint saw.
pub struct Arrival {
    pub postback: Result<Postback, paykassma::Error>,
    /// The idempotency key was processed before: acknowledged, not credited again.
    pub repeat: bool,
    pub answered: u16,
}

pub struct PostbackEndpoint {
    pub url: String,
    pub arrivals: Receiver<Arrival>,
    server: Arc<tiny_http::Server>,
}

impl PostbackEndpoint {
    pub fn start(client: Arc<Client>) -> Result<PostbackEndpoint, String> {
        let server = tiny_http::Server::http("127.0.0.1:0")
            .map_err(|e| format!("cannot start the postback endpoint: {e}"))?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or("the postback endpoint has no port")?;
        let server = Arc::new(server);
        let (tx, rx) = channel();
        let s = server.clone();
        std::thread::spawn(move || serve(&s, &client, &tx));
        Ok(PostbackEndpoint {
            url: format!("http://127.0.0.1:{port}/paykassma/postback"),
            arrivals: rx,
            server,
        })
    }
}

impl Drop for PostbackEndpoint {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn serve(server: &tiny_http::Server, client: &Client, events: &Sender<Arrival>) {
    let mut processed = HashSet::new();
    for mut request in server.incoming_requests() {
        let mut body = Vec::new();
        let _ = request.as_reader().read_to_end(&mut body);
        // Verify the raw bytes, never a parsed object.
        let postback = client.verify_postback(&body);
        let (answered, text, repeat) = match &postback {
            Ok(p) => (
                200,
                p.acknowledgement(),
                !processed.insert(p.idempotency_key()),
            ),
            Err(_) => (400, r#"{"status":"error"}"#, false),
        };
        let _ = request.respond(tiny_http::Response::from_string(text).with_status_code(answered));
        let _ = events.send(Arrival {
            postback,
            repeat,
            answered,
        });
    }
}
