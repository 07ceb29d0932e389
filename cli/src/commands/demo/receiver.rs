//! The merchant's postback endpoint in the demo: verifies each postback with the client, keeps the
//! idempotency keys it has processed, and answers `{"status":"ok"}` to every genuine postback,
//! repeats included (the gateway keeps resending until it gets that answer).

use std::collections::HashSet;
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};

use paykassma::{Client, Postback};
use paykassma_sandbox::PostbackReceiver;

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
    _endpoint: PostbackReceiver,
}

impl PostbackEndpoint {
    pub fn start(client: Arc<Client>) -> Result<PostbackEndpoint, String> {
        let (events, arrivals) = channel();
        let processed = Mutex::new(HashSet::new());
        let endpoint = PostbackReceiver::start("/paykassma/postback", move |body| {
            // Verify the raw bytes, never a parsed object.
            let postback = client.verify_postback(body);
            let (answered, text, repeat) = match &postback {
                Ok(p) => (
                    200,
                    p.acknowledgement(),
                    !processed
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(p.idempotency_key()),
                ),
                Err(_) => (400, r#"{"status":"error"}"#, false),
            };
            let _ = events.send(Arrival {
                postback,
                repeat,
                answered,
            });
            (answered, text.to_owned())
        })?;
        Ok(PostbackEndpoint {
            url: endpoint.url().to_owned(),
            arrivals,
            _endpoint: endpoint,
        })
    }
}
