//! What the connections, the routes and the delivery thread share: the state, the delivery
//! queue, the stop flag and the configuration the sandbox started with.

use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard};

use crate::config::SandboxConfig;
use crate::log::LogSink;
use crate::queue::Queue;
use crate::state::State;

/// What the connections and the delivery thread share.
pub(crate) struct Shared {
    pub state: Mutex<State>,
    pub queue: Queue,
    pub stop: AtomicBool,
    /// The configuration the sandbox started with (a reset returns to it).
    pub initial: SandboxConfig,
    pub base_url: String,
    /// `--log`: where request and delivery lines go, if anywhere.
    pub log: Option<LogSink>,
}

impl Shared {
    /// The state; a panic in another request never locks the sandbox up.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes a `--log` line, built only when there is a log.
    pub fn log(&self, line: impl FnOnce() -> String) {
        if let Some(sink) = &self.log {
            sink(&line());
        }
    }

    /// Queues a postback for delivery (twice while a `duplicate_postback` fault is armed).
    pub fn deliver(&self, postback_id: u64) {
        let (generation, twice) = {
            let mut state = self.lock();
            let twice = state.duplicate_postbacks > 0;
            if twice {
                state.duplicate_postbacks -= 1;
            }
            (state.generation, twice)
        };
        self.queue.push(postback_id, generation, false);
        if twice {
            self.queue.push(postback_id, generation, true);
        }
    }
}
