//! `/_sandbox/...`: what a real user, the gateway's staff or a bad network would do, and views of
//! the state. Never faulted, never behind the secret (the sandbox listens on loopback).

use paykassma::php::{Array, Value};

use crate::clock::datetime;
use crate::config::check_postback_url;
use crate::faults::{Fault, FaultKind};
use crate::gateway::credit_and_announce;
use crate::http::{Reply, Request};
use crate::money::Money;
use crate::postbacks;
use crate::shared::Shared;
use crate::state::{Deposit, DepositStatus, State, WalletPayment, WithdrawalStatus};

pub fn route(shared: &Shared, req: &Request) -> Reply {
    let path = req.path.trim_end_matches('/');
    let segments: Vec<&str> = path.split('/').skip(2).collect();
    match (req.method.as_str(), segments.as_slice()) {
        (_, ["redirect-target"]) => redirect_target(shared),
        ("GET", ["redirect-hits"]) => redirect_hits(shared),
        ("POST", ["pay"]) => pay(shared, req),
        ("POST", ["withdrawals", id, action @ ("pay" | "reject")]) => {
            finish_withdrawal(shared, id, action)
        }
        ("POST", ["deposits", tx, "approve"]) => approve_pending(shared, tx),
        ("POST", ["possible-transactions", id, "approve"]) => approve_possible(shared, id),
        ("POST", ["postbacks", "resend"]) => resend(shared, req),
        ("GET", ["postbacks"]) => list_postbacks(shared),
        ("GET", ["deliveries"]) => deliveries(shared),
        ("GET", ["requests"]) => requests(shared),
        ("GET", ["state"]) => state_view(shared),
        ("POST", ["reset"]) => reset(shared),
        ("POST", ["faults"]) => faults(shared, req),
        ("POST", ["settings"]) => settings(shared, req),
        ("POST", ["clock"]) => clock(shared, req),
        ("GET", ["hashes", h]) => hash(shared, h),
        _ => error(
            404,
            "unknown sandbox control endpoint; see the sandbox README",
        ),
    }
}

fn error(status: u16, message: impl Into<String>) -> Reply {
    Reply::json(
        status,
        Array::object()
            .with("status", "fail")
            .with("message", message.into()),
    )
}

fn ok() -> Array {
    Array::object().with("status", "ok")
}

fn text(data: &Array, name: &str) -> Option<String> {
    match data.get(name)? {
        Value::Str(s) if !s.is_empty() => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// The user pays in the wallet app and gets a transaction number of the wallet's length.
fn pay(shared: &Shared, req: &Request) -> Reply {
    let data = req.json();
    let Some(wallet) = text(&data, "wallet_type") else {
        return error(400, "`wallet_type` is required");
    };
    let amount = match data.get("amount").map(Money::from_value) {
        None => None,
        Some(Some(m)) if m > Money::ZERO => Some(m),
        Some(_) => {
            return error(
                400,
                "`amount` must be a positive amount with at most 2 decimals",
            )
        }
    };
    let identifier = text(&data, "identifier");
    let label = text(&data, "label");
    let suspicious = matches!(data.get("suspicious"), Some(Value::Bool(true)));
    let mut state = shared.lock();
    let Some(currency) = state.config.system(&wallet).map(|p| p.currency.clone()) else {
        return error(
            400,
            format!("`{wallet}` is not one of the sandbox's payment systems"),
        );
    };
    let created = state.created.iter().rposition(|c| {
        c.wallet_type == wallet
            && match (&identifier, &label) {
                (Some(i), _) => &c.identifier == i,
                (None, Some(l)) => &c.label == l && !c.direct.as_ref().is_some_and(|d| d.paid),
                (None, None) => false,
            }
    });
    if identifier.is_some() && created.is_none() {
        return error(404, "no payment was created with this identifier");
    }
    let digits = crate::gateway::spec::key1_digits(&wallet).unwrap_or(12);
    let transaction_id = state.fresh_digits("", digits);
    let now = state.now();
    let created_payment = created.map(|i| state.created[i].clone());
    // A payment that needs no activation (`payment/create`) completes here.
    if let Some((i, direct)) = created.zip(created_payment.as_ref().and_then(|c| c.direct.clone()))
    {
        let c = created_payment.clone().expect("zipped");
        let amount = amount.unwrap_or(direct.amount);
        state.created[i].direct.as_mut().expect("direct").paid = true;
        state.deposits.push(Deposit {
            wallet_type: wallet.clone(),
            currency: c.currency,
            label: c.label,
            transaction_id: transaction_id.clone(),
            custom_transaction_id: direct.custom_transaction_id,
            amount,
            exchanger_identifier: c.identifier,
            status: DepositStatus::Pending,
            stockpiling_id: None,
            activated_at: now,
            postback_id: None,
        });
        let index = state.deposits.len() - 1;
        drop(state);
        let credited = credit_and_announce(shared, index);
        return Reply::ok(
            ok().with("transaction_id", transaction_id)
                .with("wallet_type", wallet)
                .with("amount", amount.to_value())
                .with("credited", credited.is_some()),
        );
    }
    let Some(amount) = amount else {
        return error(400, "`amount` is required");
    };
    let identifier = created_payment
        .as_ref()
        .map(|c| c.identifier.clone())
        .unwrap_or_default();
    state.payments.push(WalletPayment {
        transaction_id: transaction_id.clone(),
        wallet_type: wallet.clone(),
        currency,
        amount,
        label: created_payment.map(|c| c.label).or(label),
        identifier: identifier.clone(),
        suspicious,
        activated: false,
        paid_at: now,
    });
    Reply::ok(
        ok().with("transaction_id", transaction_id)
            .with("wallet_type", wallet)
            .with("amount", amount.to_value())
            .with("identifier", identifier),
    )
}

fn finish_withdrawal(shared: &Shared, id: &str, action: &str) -> Reply {
    let mut state = shared.lock();
    let Some(i) = state.withdrawals.iter().position(|w| w.withdrawal_id == id) else {
        return error(404, "no withdrawal with this withdrawal_id");
    };
    let w = state.withdrawals[i].clone();
    if w.status != WithdrawalStatus::New {
        return error(
            409,
            format!("the withdrawal is already {}", w.status.as_str()),
        );
    }
    let status = if action == "pay" {
        let balance = state.balance_mut(&w.payment_system, &w.currency);
        *balance = *balance - w.amount;
        WithdrawalStatus::Paid
    } else {
        WithdrawalStatus::Rejected
    };
    let now = state.now();
    state.withdrawals[i].status = status;
    state.withdrawals[i].updated_at = now;
    let postback = postbacks::withdrawal(&mut state, i);
    drop(state);
    shared.deliver(postback);
    Reply::ok(
        ok().with("withdrawal_id", id)
            .with("withdrawal_status", status.code())
            .with("postback_id", postback as i64),
    )
}

fn approve_pending(shared: &Shared, tx: &str) -> Reply {
    let index = {
        let state = shared.lock();
        state
            .deposits
            .iter()
            .position(|d| d.transaction_id == tx && d.status == DepositStatus::Pending)
    };
    let Some(index) = index else {
        return error(404, "no pending deposit with this transaction_id");
    };
    let credited = credit_and_announce(shared, index);
    Reply::ok(ok().with("credited", credited.is_some()))
}

/// Staff accept a possible transaction: it becomes a deposit like an activation would.
fn approve_possible(shared: &Shared, id: &str) -> Reply {
    let mut state = shared.lock();
    let Some(i) = state
        .possible
        .iter()
        .position(|p| p.id.to_string() == id && !p.approved)
    else {
        return error(404, "no open possible transaction with this id");
    };
    let p = state.possible[i].clone();
    let paid = state
        .payments
        .iter()
        .position(|w| w.wallet_type == p.wallet_type && w.transaction_id == p.key1 && !w.activated);
    let amount = p.amount.or_else(|| paid.map(|j| state.payments[j].amount));
    let Some(amount) = amount else {
        return error(409, "the possible transaction has no amount to credit");
    };
    if let Some(j) = paid {
        state.payments[j].activated = true;
    }
    state.possible[i].approved = true;
    let now = state.now();
    state.deposits.push(Deposit {
        wallet_type: p.wallet_type,
        currency: p.currency,
        label: p.label,
        transaction_id: p.key1,
        custom_transaction_id: p.custom_transaction_id,
        amount,
        exchanger_identifier: String::new(),
        status: DepositStatus::Pending,
        stockpiling_id: None,
        activated_at: now,
        postback_id: None,
    });
    let index = state.deposits.len() - 1;
    drop(state);
    let credited = credit_and_announce(shared, index);
    Reply::ok(ok().with("credited", credited.is_some()))
}

/// Sends a postback again (the latest one when no `id` is given), byte for byte the same.
fn resend(shared: &Shared, req: &Request) -> Reply {
    let data = req.json();
    let id = {
        let state = shared.lock();
        let wanted = data.get("id").and_then(|v| match v {
            Value::Int(i) => Some(*i as u64),
            Value::Str(s) => s.parse().ok(),
            _ => None,
        });
        match wanted {
            Some(id) => state.postback(id).map(|p| p.id),
            None if data.get("id").is_some() => None,
            None => state.postbacks.last().map(|p| p.id),
        }
    };
    let Some(id) = id else {
        return error(404, "no such postback");
    };
    shared.deliver(id);
    Reply::ok(ok().with("postback_id", id as i64))
}

fn list_postbacks(shared: &Shared) -> Reply {
    let state = shared.lock();
    let list: Vec<Value> = state
        .postbacks
        .iter()
        .map(|p| {
            Array::object()
                .with("id", p.id as i64)
                .with("kind", p.kind)
                .with("transaction_ids", p.transaction_ids.clone())
                .with("custom_ids", p.custom_ids.clone())
                .with("withdrawal_id", p.withdrawal_id.clone())
                .with("acknowledged", p.acknowledged)
                .with("body", p.body.clone())
                .into()
        })
        .collect();
    Reply::ok(ok().with("postbacks", list))
}

fn deliveries(shared: &Shared) -> Reply {
    let state = shared.lock();
    let list: Vec<Value> = state
        .deliveries
        .iter()
        .map(|d| {
            Array::object()
                .with("postback_id", d.postback_id as i64)
                .with("attempt", d.attempt)
                .with("url", d.url.clone())
                .with("at", datetime(d.at))
                .with("http_status", d.http_status.map(i64::from))
                .with("response", d.response.clone())
                .with("error", d.error.clone())
                .with("acknowledged", d.acknowledged)
                .with("duplicate", d.duplicate)
                .into()
        })
        .collect();
    Reply::ok(
        ok().with("deliveries", list)
            .with("queued", shared.queue.len() as i64),
    )
}

/// The latest gateway requests, oldest first, and how many there were since the start or the
/// last reset.
fn requests(shared: &Shared) -> Reply {
    let state = shared.lock();
    let list: Vec<Value> = state
        .seen_requests
        .iter()
        .map(|r| {
            let query: Vec<Value> = r
                .query
                .iter()
                .map(|(k, v)| Value::from(vec![Value::from(k.clone()), v.clone().into()]))
                .collect();
            Array::object()
                .with("method", r.method.clone())
                .with("path", r.path.clone())
                .with("query", query)
                .with("secret", r.secret)
                .with("user_agent", r.user_agent.clone())
                .with("content_type", r.content_type.clone())
                .with("body", r.body.clone())
                .into()
        })
        .collect();
    Reply::ok(
        ok().with("count", state.requests_seen as i64)
            .with("requests", list),
    )
}

fn state_view(shared: &Shared) -> Reply {
    let state = shared.lock();
    Reply::ok(view(&state))
}

fn view(s: &State) -> Array {
    let deposits: Vec<Value> = s
        .deposits
        .iter()
        .map(|d| {
            Array::object()
                .with("transaction_id", d.transaction_id.clone())
                .with("custom_transaction_id", d.custom_transaction_id.clone())
                .with("wallet_type", d.wallet_type.clone())
                .with("currency_code", d.currency.clone())
                .with("label", d.label.clone())
                .with("amount", d.amount.to_text())
                .with("status", d.status.as_str())
                .with("stockpiling_id", d.stockpiling_id)
                .with("postback_id", d.postback_id.map(|i| i as i64))
                .into()
        })
        .collect();
    let payments: Vec<Value> = s
        .payments
        .iter()
        .map(|p| {
            Array::object()
                .with("transaction_id", p.transaction_id.clone())
                .with("wallet_type", p.wallet_type.clone())
                .with("currency_code", p.currency.clone())
                .with("amount", p.amount.to_text())
                .with("label", p.label.clone())
                .with("identifier", p.identifier.clone())
                .with("suspicious", p.suspicious)
                .with("activated", p.activated)
                .with("paid_at", datetime(p.paid_at))
                .into()
        })
        .collect();
    let possible: Vec<Value> = s
        .possible
        .iter()
        .map(|p| {
            Array::object()
                .with("id", p.id as i64)
                .with("wallet_type", p.wallet_type.clone())
                .with("label", p.label.clone())
                .with("key1", p.key1.clone())
                .with("amount", p.amount.map(Money::to_text))
                .with("custom_transaction_id", p.custom_transaction_id.clone())
                .with("manual", p.manual)
                .with("screenshot", p.screenshot.as_ref().map(|(n, _)| n.clone()))
                .with(
                    "screenshot_bytes",
                    p.screenshot.as_ref().map(|(_, b)| *b as i64),
                )
                .with("approved", p.approved)
                .into()
        })
        .collect();
    let withdrawals: Vec<Value> = s
        .withdrawals
        .iter()
        .map(|w| {
            Array::object()
                .with("withdrawal_id", w.withdrawal_id.clone())
                .with("payment_system", w.payment_system.clone())
                .with("currency_code", w.currency.clone())
                .with("amount", w.amount.to_text())
                .with("label", w.label.clone())
                .with("account_number", w.account_number.clone())
                .with("is_test", w.is_test)
                .with("legacy", w.legacy.is_some())
                .with("status", w.status.as_str())
                .with("withdrawal_status", w.status.code())
                .with(
                    "create_requests",
                    s.withdrawal_requests
                        .get(&w.withdrawal_id)
                        .copied()
                        .unwrap_or(0),
                )
                .with("postback_id", w.postback_id.map(|i| i as i64))
                .into()
        })
        .collect();
    let mut requests = Array::object();
    for (id, n) in &s.withdrawal_requests {
        requests.insert(id.clone(), *n);
    }
    let balances: Vec<Value> = s
        .balances
        .iter()
        .map(|(w, c, m)| {
            Array::object()
                .with("wallet_type", w.clone())
                .with("currency_code", c.clone())
                .with("amount", m.to_text())
                .into()
        })
        .collect();
    let stockpiles: Vec<Value> = s
        .stockpiles
        .iter()
        .map(|p| {
            Array::object()
                .with("stockpiling_id", p.id)
                .with("label", p.label.clone())
                .with("wallet_type", p.wallet_type.clone())
                .with("currency_code", p.currency.clone())
                .with("sum", p.sum.to_text())
                .with("open", p.open)
                .into()
        })
        .collect();
    let saved: Vec<Value> = s
        .saved_custom_ids
        .iter()
        .map(|(l, c)| {
            Array::object()
                .with("label", l.clone())
                .with("transaction_custom_id", c.clone())
                .into()
        })
        .collect();
    let faults: Vec<Value> = s.faults.iter().map(Fault::to_value).collect();
    ok().with("deposits", deposits)
        .with("payments", payments)
        .with("possible_transactions", possible)
        .with("stockpiles", stockpiles)
        .with("saved_custom_ids", saved)
        .with("withdrawals", withdrawals)
        .with("withdrawal_requests", requests)
        .with("balances", balances)
        .with("postbacks", s.postbacks.len() as i64)
        .with("deliveries", s.deliveries.len() as i64)
        .with("hashes", s.hashes.len() as i64)
        .with("faults", faults)
        .with("duplicate_postbacks", s.duplicate_postbacks)
        .with("redirect_target_hits", s.redirect_target_hits as i64)
        .with("postback_url", s.config.postback_url.clone())
        .with(
            "possible_transactions_enabled",
            s.config.possible_transactions,
        )
        .with("clock_offset_seconds", s.clock_offset)
}

/// Back to the configuration the sandbox started with; queued deliveries are dropped.
fn reset(shared: &Shared) -> Reply {
    let mut state = shared.lock();
    let generation = state.generation + 1;
    *state = State::new(shared.initial.clone(), generation);
    Reply::ok(ok())
}

fn faults(shared: &Shared, req: &Request) -> Reply {
    let data = req.json();
    let target = format!("{}/_sandbox/redirect-target", shared.base_url);
    let fault = match Fault::arm(&data, target) {
        Ok(f) => f,
        Err(message) => return error(400, message),
    };
    let mut state = shared.lock();
    if fault.kind == FaultKind::DuplicatePostback {
        state.duplicate_postbacks += fault.remaining;
    } else {
        state.faults.push(fault);
    }
    let armed: Vec<Value> = state.faults.iter().map(Fault::to_value).collect();
    Reply::ok(
        ok().with("faults", armed)
            .with("duplicate_postbacks", state.duplicate_postbacks),
    )
}

/// Where a `redirect` fault points by default: any method is answered `{"status":"ok"}` and
/// counted, so a test can tell whether a client followed the redirect.
fn redirect_target(shared: &Shared) -> Reply {
    shared.lock().redirect_target_hits += 1;
    Reply::ok(ok())
}

fn redirect_hits(shared: &Shared) -> Reply {
    Reply::ok(ok().with("count", shared.lock().redirect_target_hits as i64))
}

fn settings(shared: &Shared, req: &Request) -> Reply {
    let data = req.json();
    let mut state = shared.lock();
    match data.get("postback_url") {
        None => {}
        Some(Value::Null) => state.config.postback_url = None,
        Some(Value::Str(s)) => match check_postback_url(s) {
            Ok(()) => state.config.postback_url = Some(s.clone()),
            Err(e) => return error(400, format!("`postback_url` {e}, or null")),
        },
        Some(_) => return error(400, "`postback_url` must be an http(s) URL or null"),
    }
    match data.get("pretty_postbacks") {
        None => {}
        Some(Value::Bool(b)) => state.config.pretty_postbacks = *b,
        Some(_) => return error(400, "`pretty_postbacks` must be true or false"),
    }
    match data.get("possible_transactions") {
        None => {}
        Some(Value::Bool(b)) => state.config.possible_transactions = *b,
        Some(_) => return error(400, "`possible_transactions` must be true or false"),
    }
    match data.get("check_started_as_error") {
        None => {}
        Some(Value::Bool(b)) => state.config.check_started_as_error = *b,
        Some(_) => return error(400, "`check_started_as_error` must be true or false"),
    }
    drop(state);
    shared.queue.wake();
    Reply::ok(ok())
}

fn clock(shared: &Shared, req: &Request) -> Reply {
    let data = req.json();
    let Some(Value::Int(secs)) = data.get("advance_seconds") else {
        return error(400, "`advance_seconds` must be an integer");
    };
    let mut state = shared.lock();
    state.clock_offset = state.clock_offset.saturating_add(*secs);
    let now = state.now();
    Reply::ok(ok().with("now", datetime(now)))
}

/// What a redirect hash stands for, while it lives.
fn hash(shared: &Shared, hash: &str) -> Reply {
    let state = shared.lock();
    let Some(h) = state.hashes.iter().find(|h| h.hash == hash) else {
        return error(404, "Hash not found");
    };
    if state.now() >= h.expires_at {
        return error(410, "Hash expired");
    }
    Reply::ok(
        ok().with("kind", h.kind)
            .with("order", h.order)
            .with("url", h.url.clone())
            .with("expires_at", datetime(h.expires_at)),
    )
}
