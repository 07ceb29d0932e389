//! Everything the sandbox remembers. Routes change it under one lock; nothing here does I/O.

use std::collections::BTreeMap;

use paykassma::php::Value;

use crate::clock;
use crate::config::SandboxConfig;
use crate::faults::Fault;
use crate::money::Money;

/// A payment the merchant created (`transaction/create` or `payment/create`).
#[derive(Clone, Debug)]
pub struct CreatedPayment {
    pub wallet_type: String,
    pub currency: String,
    pub label: String,
    /// The wallet the user is told to pay into.
    pub identifier: String,
    /// Set for payments that need no activation (`payment/create`).
    pub direct: Option<DirectPayment>,
}

#[derive(Clone, Debug)]
pub struct DirectPayment {
    pub amount: Money,
    pub custom_transaction_id: String,
    pub paid: bool,
}

/// A payment the user made in the wallet app (`/_sandbox/pay`), waiting for activation.
#[derive(Clone, Debug)]
pub struct WalletPayment {
    pub transaction_id: String,
    pub wallet_type: String,
    pub currency: String,
    pub amount: Money,
    pub label: Option<String>,
    pub identifier: String,
    /// Activation answers `pending` for it.
    pub suspicious: bool,
    pub activated: bool,
    pub paid_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DepositStatus {
    /// Below the minimum deposit so far: kept in a stockpile, no postback yet.
    Stockpiled,
    /// Credited and announced by a postback.
    Credited,
    /// A suspicious transaction under check.
    Pending,
}

impl DepositStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DepositStatus::Stockpiled => "stockpiled",
            DepositStatus::Credited => "credited",
            DepositStatus::Pending => "pending",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Deposit {
    pub wallet_type: String,
    pub currency: String,
    pub label: String,
    pub transaction_id: String,
    pub custom_transaction_id: String,
    pub amount: Money,
    pub exchanger_identifier: String,
    pub status: DepositStatus,
    pub stockpiling_id: Option<i64>,
    pub activated_at: i64,
    pub postback_id: Option<u64>,
}

/// Deposits of one user and wallet below the minimum, summed until they reach it.
#[derive(Clone, Debug)]
pub struct Stockpile {
    pub id: i64,
    pub label: String,
    pub wallet_type: String,
    pub currency: String,
    pub deposits: Vec<usize>,
    pub sum: Money,
    pub open: bool,
}

/// An activation the gateway could not match, kept for manual review.
#[derive(Clone, Debug)]
pub struct PossibleTransaction {
    pub id: u64,
    pub wallet_type: String,
    pub currency: String,
    pub label: String,
    pub key1: String,
    pub amount: Option<Money>,
    pub custom_transaction_id: String,
    /// File name and size of the uploaded screenshot.
    pub screenshot: Option<(String, usize)>,
    pub manual: bool,
    pub approved: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WithdrawalStatus {
    New,
    Paid,
    Rejected,
}

impl WithdrawalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            WithdrawalStatus::New => "new",
            WithdrawalStatus::Paid => "paid",
            WithdrawalStatus::Rejected => "rejected",
        }
    }

    /// `withdrawal_status` of the postback: 1 paid, 5 rejected.
    pub fn code(self) -> Option<i64> {
        match self {
            WithdrawalStatus::New => None,
            WithdrawalStatus::Paid => Some(1),
            WithdrawalStatus::Rejected => Some(5),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Withdrawal {
    pub withdrawal_id: String,
    pub payment_system: String,
    pub currency: String,
    pub amount: Money,
    pub label: String,
    pub account_number: String,
    pub account_name: String,
    pub account_email: String,
    pub bank_code: Option<String>,
    pub branch_code: Option<String>,
    pub comment: String,
    pub is_test: bool,
    pub status: WithdrawalStatus,
    /// The older field set's record (`id`, `wallet_recipient`, `wallet_sender`, `email`).
    pub legacy: Option<LegacyRecord>,
    /// What the request signed, to tell a repeat of the same request from a different one.
    pub signing_string: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub postback_id: Option<u64>,
}

#[derive(Clone, Debug)]
pub struct LegacyRecord {
    pub id: i64,
    pub wallet_recipient: String,
    pub wallet_sender: String,
}

/// A postback the sandbox built and signed; lookups answer from it.
#[derive(Clone, Debug)]
pub struct SentPostback {
    pub id: u64,
    pub kind: &'static str,
    /// The whole body as a value (lookups show it without `signature` and `access_key`).
    pub value: Value,
    /// The exact bytes delivered.
    pub body: String,
    pub transaction_ids: Vec<String>,
    pub custom_ids: Vec<String>,
    pub withdrawal_id: Option<String>,
    pub acknowledged: bool,
}

/// The most recent gateway requests kept for `/_sandbox/requests`; older ones are dropped so a
/// long load run holds a bounded log.
pub const MAX_SEEN_REQUESTS: usize = 1000;

/// A gateway request as a test wants to see it: what was sent, with the secret's value left out.
#[derive(Clone, Debug)]
pub struct SeenRequest {
    pub method: String,
    pub path: String,
    /// The query's pairs in order, without `secret`.
    pub query: Vec<(String, String)>,
    /// `correct`, `wrong` or `missing`: how the `secret` parameter compared.
    pub secret: &'static str,
    pub user_agent: String,
    pub content_type: String,
    pub body: String,
}

/// One delivery attempt of a postback.
#[derive(Clone, Debug)]
pub struct DeliveryAttempt {
    pub postback_id: u64,
    pub attempt: u32,
    pub url: String,
    pub at: i64,
    pub http_status: Option<u16>,
    pub response: String,
    pub error: Option<String>,
    pub acknowledged: bool,
    /// Sent because a `duplicate_postback` fault was armed.
    pub duplicate: bool,
}

#[derive(Clone, Debug)]
pub struct HashedUrl {
    pub hash: String,
    pub kind: &'static str,
    pub order: i64,
    pub url: String,
    pub expires_at: i64,
}

pub struct State {
    pub config: SandboxConfig,
    pub clock_offset: i64,
    pub created: Vec<CreatedPayment>,
    pub payments: Vec<WalletPayment>,
    pub deposits: Vec<Deposit>,
    pub stockpiles: Vec<Stockpile>,
    pub possible: Vec<PossibleTransaction>,
    /// `save-transaction-custom-id`: (label, transaction_custom_id).
    pub saved_custom_ids: Vec<(String, String)>,
    pub withdrawals: Vec<Withdrawal>,
    /// How many create requests named each `withdrawal_id` (repeats included).
    pub withdrawal_requests: BTreeMap<String, u32>,
    pub balances: Vec<(String, String, Money)>,
    pub postbacks: Vec<SentPostback>,
    pub deliveries: Vec<DeliveryAttempt>,
    pub hashes: Vec<HashedUrl>,
    pub faults: Vec<Fault>,
    /// Postbacks still to be delivered twice (`duplicate_postback` fault).
    pub duplicate_postbacks: u32,
    /// Requests that reached `/_sandbox/redirect-target` (where `redirect` faults point).
    pub redirect_target_hits: u64,
    /// The latest gateway requests (at most [`MAX_SEEN_REQUESTS`]) and how many there were.
    pub seen_requests: std::collections::VecDeque<SeenRequest>,
    pub requests_seen: u64,
    /// Bumped by a reset so deliveries queued before it are dropped.
    pub generation: u64,
    counter: u64,
    /// Every number `fresh_digits` handed out.
    issued: std::collections::HashSet<String>,
}

impl State {
    pub fn new(config: SandboxConfig, generation: u64) -> State {
        let balances = config
            .payment_systems
            .iter()
            .map(|p| (p.wallet_type.clone(), p.currency.clone(), p.balance))
            .collect();
        State {
            config,
            clock_offset: 0,
            created: Vec::new(),
            payments: Vec::new(),
            deposits: Vec::new(),
            stockpiles: Vec::new(),
            possible: Vec::new(),
            saved_custom_ids: Vec::new(),
            withdrawals: Vec::new(),
            withdrawal_requests: BTreeMap::new(),
            balances,
            postbacks: Vec::new(),
            deliveries: Vec::new(),
            hashes: Vec::new(),
            faults: Vec::new(),
            duplicate_postbacks: 0,
            redirect_target_hits: 0,
            seen_requests: Default::default(),
            requests_seen: 0,
            generation,
            counter: 0,
            issued: Default::default(),
        }
    }

    pub fn now(&self) -> i64 {
        clock::now_unix(self.clock_offset)
    }

    /// A number that changes on every call: ids, identifiers, transaction numbers.
    pub fn next_counter(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    /// `digits` digits, starting with `prefix`, never handed out before by this sandbox.
    pub fn fresh_digits(&mut self, prefix: &str, digits: usize) -> String {
        let body_len = digits.saturating_sub(prefix.len()).max(1);
        loop {
            let n = self.next_counter();
            let mut x = (self.now() as u64).wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let mut body = String::with_capacity(body_len);
            while body.len() < body_len {
                // splitmix64: numbers that look like real ones, from a counter.
                x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = x;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                body.push_str(&format!(
                    "{:019}",
                    (z ^ (z >> 31)) % 10_000_000_000_000_000_000
                ));
            }
            body.truncate(body_len);
            if prefix.is_empty() && body.starts_with('0') {
                body.replace_range(0..1, "9");
            }
            let number = format!("{prefix}{body}");
            if self.issued.insert(number.clone()) {
                return number;
            }
        }
    }

    pub fn balance_mut(&mut self, wallet_type: &str, currency: &str) -> &mut Money {
        let i = match self
            .balances
            .iter()
            .position(|(w, c, _)| w == wallet_type && c == currency)
        {
            Some(i) => i,
            None => {
                self.balances
                    .push((wallet_type.to_owned(), currency.to_owned(), Money::ZERO));
                self.balances.len() - 1
            }
        };
        &mut self.balances[i].2
    }

    pub fn custom_id_taken(&self, id: &str) -> bool {
        self.deposits.iter().any(|d| d.custom_transaction_id == id)
            || self
                .possible
                .iter()
                .any(|p| !p.approved && p.custom_transaction_id == id)
            || self.created.iter().any(|c| {
                c.direct
                    .as_ref()
                    .is_some_and(|d| d.custom_transaction_id == id)
            })
    }

    /// Adds an activated deposit to its user's stockpile; returns the deposit ids of the
    /// stockpile when it reached the minimum deposit (they are now credited and need a postback).
    pub fn stockpile(&mut self, deposit: usize) -> Option<Vec<usize>> {
        let d = self.deposits[deposit].clone();
        let min = self
            .config
            .system(&d.wallet_type)
            .map_or(Money::ZERO, |p| p.min_deposit);
        let open = self.stockpiles.iter().position(|s| {
            s.open
                && s.label == d.label
                && s.wallet_type == d.wallet_type
                && s.currency == d.currency
        });
        let i = match open {
            Some(i) => i,
            None => {
                let id = 4_819_600 + self.next_counter() as i64;
                self.stockpiles.push(Stockpile {
                    id,
                    label: d.label.clone(),
                    wallet_type: d.wallet_type.clone(),
                    currency: d.currency.clone(),
                    deposits: Vec::new(),
                    sum: Money::ZERO,
                    open: true,
                });
                self.stockpiles.len() - 1
            }
        };
        let pile = &mut self.stockpiles[i];
        pile.deposits.push(deposit);
        pile.sum = pile.sum + d.amount;
        let (id, sum, members) = (pile.id, pile.sum, pile.deposits.clone());
        self.deposits[deposit].stockpiling_id = Some(id);
        if sum < min {
            self.deposits[deposit].status = DepositStatus::Stockpiled;
            return None;
        }
        self.stockpiles[i].open = false;
        for &m in &members {
            self.deposits[m].status = DepositStatus::Credited;
        }
        *self.balance_mut(&d.wallet_type, &d.currency) =
            *self.balance_mut(&d.wallet_type, &d.currency) + sum;
        Some(members)
    }

    /// The open stockpile sum of a user for a wallet and currency.
    pub fn stockpiled_sum(&self, label: &str, wallet_type: &str, currency: &str) -> Money {
        self.stockpiles
            .iter()
            .filter(|s| {
                s.open && s.label == label && s.wallet_type == wallet_type && s.currency == currency
            })
            .map(|s| s.sum)
            .sum()
    }

    /// Balance in a currency across wallets, less withdrawals still in progress.
    pub fn available(&self, currency: &str) -> Money {
        let balance: Money = self
            .balances
            .iter()
            .filter(|(_, c, _)| c == currency)
            .map(|(_, _, m)| *m)
            .sum();
        let pending: Money = self
            .withdrawals
            .iter()
            .filter(|w| w.currency == currency && w.status == WithdrawalStatus::New)
            .map(|w| w.amount)
            .sum();
        balance - pending
    }

    pub fn postback(&self, id: u64) -> Option<&SentPostback> {
        self.postbacks.iter().find(|p| p.id == id)
    }
}
