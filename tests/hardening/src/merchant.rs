//! A merchant's postback endpoint written the way the SDK's README asks: verify, store the
//! idempotency key under a unique constraint, process each key once, acknowledge every verified
//! postback (repeats included), and never move a withdrawal back from a final state.
//! A real HTTP server (the sandbox's `PostbackReceiver`), each request on a worker thread.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use paykassma::postback::PostbackKind;
use paykassma_sandbox::{Answer, PostbackReceiver};

/// What the endpoint did with one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A new key: the postback was applied.
    Processed,
    /// A key already stored: acknowledged, nothing applied.
    Repeat,
    /// A withdrawal state older than the final one already applied: acknowledged, ignored.
    Stale,
    /// Answered 500 before touching anything (a crash before the commit).
    Refused,
    /// Did not verify: answered 400, nothing applied.
    Invalid(String),
}

#[derive(Clone, Debug)]
pub struct Arrival {
    /// The idempotency key, when the body verified.
    pub key: Option<String>,
    pub outcome: Outcome,
    /// The answer was lost: the endpoint committed, then answered 500.
    pub ack_lost: bool,
}

/// How to answer the next verified postback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// Answer 500 without processing.
    RefuseBeforeProcessing,
    /// Process and commit, then answer 500 (the acknowledgement is lost).
    LoseAcknowledgement,
}

#[derive(Default)]
struct Books {
    keys: HashSet<String>,
    arrivals: Vec<Arrival>,
    /// Credited deposit cents per `plugin_custom_order_id`.
    deposits: HashMap<String, i64>,
    /// The last status applied per `withdrawal_id`.
    withdrawals: HashMap<String, i64>,
    script: VecDeque<Script>,
}

pub struct Merchant {
    pub url: String,
    books: Arc<Mutex<Books>>,
    _endpoint: PostbackReceiver,
}

impl Merchant {
    /// Starts the endpoint on a free loopback port; it checks postbacks with `private_key`.
    pub fn start(private_key: &str) -> Merchant {
        let books: Arc<Mutex<Books>> = Arc::default();
        let (b, key) = (books.clone(), private_key.to_owned());
        let endpoint = PostbackReceiver::start("/postback", move |body| handle(body, &b, &key))
            .expect("bind loopback");
        Merchant {
            url: endpoint.url().to_owned(),
            books,
            _endpoint: endpoint,
        }
    }

    pub fn script(&self, step: Script) {
        self.books.lock().unwrap().script.push_back(step);
    }

    pub fn arrivals(&self) -> Vec<Arrival> {
        self.books.lock().unwrap().arrivals.clone()
    }

    /// Keys in the order they were processed.
    pub fn processed(&self) -> Vec<String> {
        self.arrivals()
            .into_iter()
            .filter(|a| a.outcome == Outcome::Processed)
            .filter_map(|a| a.key)
            .collect()
    }

    pub fn deposit_cents(&self, custom_id: &str) -> Option<i64> {
        self.books.lock().unwrap().deposits.get(custom_id).copied()
    }

    pub fn total_deposit_cents(&self) -> i64 {
        self.books.lock().unwrap().deposits.values().sum()
    }

    pub fn withdrawal_status(&self, withdrawal_id: &str) -> Option<i64> {
        self.books
            .lock()
            .unwrap()
            .withdrawals
            .get(withdrawal_id)
            .copied()
    }
}

fn handle(body: &[u8], books: &Mutex<Books>, private_key: &str) -> Answer {
    let postback = match paykassma::verify_postback(body, private_key) {
        Ok(p) => p,
        Err(e) => {
            books.lock().unwrap().arrivals.push(Arrival {
                key: None,
                outcome: Outcome::Invalid(e.code().to_owned()),
                ack_lost: false,
            });
            return (
                400,
                format!(r#"{{"status":"error","code":"{}"}}"#, e.code()),
            );
        }
    };
    let key = postback.idempotency_key();
    // One lock over check-and-apply stands for a transaction with a unique key constraint.
    let mut b = books.lock().unwrap();
    {
        let step = b.script.pop_front();
        let (outcome, ack_lost) = if step == Some(Script::RefuseBeforeProcessing) {
            (Outcome::Refused, false)
        } else {
            let outcome = if !b.keys.insert(key.clone()) {
                Outcome::Repeat
            } else {
                apply(&mut b, &postback)
            };
            (outcome, step == Some(Script::LoseAcknowledgement))
        };
        let reply = if outcome == Outcome::Refused || ack_lost {
            (500, "try again later".to_owned())
        } else {
            (200, postback.acknowledgement().to_owned())
        };
        b.arrivals.push(Arrival {
            key: Some(key),
            outcome,
            ack_lost,
        });
        reply
    }
}

/// Applies a new postback: credit deposits, move withdrawals forward only.
fn apply(b: &mut Books, postback: &paykassma::Postback) -> Outcome {
    let mut outcome = Outcome::Processed;
    for e in postback.entries() {
        match postback.kind() {
            PostbackKind::Deposit => {
                let id = e.plugin_custom_order_id.clone().unwrap_or_default();
                let cents = e.amount.as_deref().map(cents).unwrap_or(0);
                *b.deposits.entry(id).or_default() += cents;
            }
            PostbackKind::Withdrawal => {
                let id = e.withdrawal_id.clone().unwrap_or_default();
                let new = e.withdrawal_status.map(|s| s.code()).unwrap_or(0);
                let current_is_final = matches!(b.withdrawals.get(&id), Some(1 | 5));
                let new_is_final = matches!(new, 1 | 5);
                if current_is_final && !new_is_final {
                    outcome = Outcome::Stale;
                } else {
                    b.withdrawals.insert(id, new);
                }
            }
        }
    }
    outcome
}

/// `"13628.5"` as cents, without a float.
pub fn cents(amount: &str) -> i64 {
    let (whole, frac) = amount.split_once('.').unwrap_or((amount, ""));
    let frac = format!("{frac:0<2}");
    whole.parse::<i64>().unwrap_or(0) * 100 + frac[..2].parse::<i64>().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::cents;

    #[test]
    fn amounts_become_cents_without_a_float() {
        assert_eq!(cents("13628.5"), 1_362_850);
        assert_eq!(cents("1000"), 100_000);
        assert_eq!(cents("0.05"), 5);
        assert_eq!(cents("510.25"), 51_025);
    }
}
