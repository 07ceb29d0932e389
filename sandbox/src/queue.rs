//! The postbacks waiting for delivery, each due at a moment (now, or after a retry's backoff);
//! the delivery thread takes them as they fall due.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
pub struct Queue {
    jobs: Mutex<Vec<Job>>,
    wake: Condvar,
}

#[derive(Clone, Debug)]
pub(crate) struct Job {
    pub postback_id: u64,
    pub attempt: u32,
    pub due: Instant,
    pub generation: u64,
    pub duplicate: bool,
}

impl Queue {
    pub fn push(&self, postback_id: u64, generation: u64, duplicate: bool) {
        self.push_job(Job {
            postback_id,
            attempt: 1,
            due: Instant::now(),
            generation,
            duplicate,
        });
    }

    pub fn push_job(&self, job: Job) {
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(job);
        self.wake.notify_all();
    }

    pub fn wake(&self) {
        self.wake.notify_all();
    }

    /// Jobs waiting (for the state view).
    pub fn len(&self) -> usize {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Blocks until a job is due, or returns `None` once the sandbox stops.
    pub fn next(&self, stop: &AtomicBool) -> Option<Job> {
        let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if stop.load(Ordering::SeqCst) {
                return None;
            }
            let now = Instant::now();
            let earliest = jobs
                .iter()
                .enumerate()
                .min_by_key(|(_, j)| j.due)
                .map(|(i, j)| (i, j.due));
            let wait = match earliest {
                Some((i, due)) if due <= now => return Some(jobs.remove(i)),
                Some((_, due)) => (due - now).min(Duration::from_millis(200)),
                None => Duration::from_millis(200),
            };
            jobs = self
                .wake
                .wait_timeout(jobs, wait)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}
