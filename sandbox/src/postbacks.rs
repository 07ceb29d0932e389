//! Builds and signs postbacks shaped like the documents' examples: the envelope, about 180
//! `converted_amount` rates, and `additional_data` entries with every field. Signed with the
//! documented formula (`paykassma::sign_postback`), written with PHP's default JSON flags.

use paykassma::php::{encode_with, Array, Flags, Value};

use crate::clock::datetime;
use crate::rates::converted_amount;
use crate::state::{Deposit, SentPostback, State, Withdrawal};

/// Records a deposit postback for the given (credited) deposits; returns its id.
pub fn deposit(state: &mut State, members: &[usize]) -> u64 {
    let deposits: Vec<Deposit> = members.iter().map(|&i| state.deposits[i].clone()).collect();
    let first = &deposits[0];
    let total = deposits.iter().map(|d| d.amount).sum();
    let entries: Vec<Value> = deposits
        .iter()
        .map(|d| {
            Array::object()
                .with("activated_datetime", datetime(d.activated_at))
                .with("exchanger_identifier", d.exchanger_identifier.clone())
                .with("comment", "")
                .with("amount", d.amount.to_text())
                .with("currency_code", d.currency.clone())
                .with("wallet_type", d.wallet_type.clone())
                .with("stockpiling_id", d.stockpiling_id)
                .with("transaction_id", d.transaction_id.clone())
                .with("transaction_type", 0)
                .with("plugin_custom_order_id", d.custom_transaction_id.clone())
                .with("withdrawal_id", Value::Null)
                .with("withdrawal_status", Value::Null)
                .with("account_number", "")
                .with("account_name", "")
                .with("account_email", "")
                .with(
                    "bank_details",
                    Array::object()
                        .with("bank_code", "")
                        .with("branch_code", ""),
                )
                .into()
        })
        .collect();
    let now = state.now();
    let envelope = Envelope {
        wallet_type: first.wallet_type.clone(),
        amount: total,
        currency: first.currency.clone(),
        label: first.label.clone(),
        direction: "ingoing",
        created: now,
    };
    let id = record(state, envelope, entries, "deposit");
    let p = state.postbacks.last_mut().expect("just recorded");
    p.transaction_ids = deposits.iter().map(|d| d.transaction_id.clone()).collect();
    p.custom_ids = deposits
        .iter()
        .map(|d| d.custom_transaction_id.clone())
        .collect();
    for &i in members {
        state.deposits[i].postback_id = Some(id);
    }
    id
}

/// Records the postback of a withdrawal that was paid (status 1) or rejected (status 5).
pub fn withdrawal(state: &mut State, index: usize) -> u64 {
    let w: Withdrawal = state.withdrawals[index].clone();
    let entry = Array::object()
        .with("activated_datetime", "")
        .with("exchanger_identifier", "")
        .with("comment", w.comment.clone())
        .with("amount", w.amount.to_text())
        .with("currency_code", w.currency.clone())
        .with("wallet_type", w.payment_system.clone())
        .with("stockpiling_id", Value::Null)
        .with("transaction_id", "")
        .with("transaction_type", Value::Null)
        .with("plugin_custom_order_id", "")
        .with("withdrawal_id", w.withdrawal_id.clone())
        .with("withdrawal_status", w.status.code())
        .with("account_number", w.account_number.clone())
        .with("account_name", w.account_name.clone())
        .with("account_email", w.account_email.clone())
        .with(
            "bank_details",
            Array::object()
                .with("bank_code", w.bank_code.clone())
                .with("branch_code", w.branch_code.clone()),
        );
    let envelope = Envelope {
        wallet_type: w.payment_system.clone(),
        amount: w.amount,
        currency: w.currency.clone(),
        label: w.label.clone(),
        direction: "outgoing",
        created: w.created_at,
    };
    let id = record(state, envelope, vec![entry.into()], "withdrawal");
    state
        .postbacks
        .last_mut()
        .expect("just recorded")
        .withdrawal_id = Some(w.withdrawal_id);
    state.withdrawals[index].postback_id = Some(id);
    id
}

struct Envelope {
    wallet_type: String,
    amount: crate::money::Money,
    currency: String,
    label: String,
    direction: &'static str,
    created: i64,
}

fn record(state: &mut State, e: Envelope, entries: Vec<Value>, kind: &'static str) -> u64 {
    let signed: Value = entries.into();
    let access_key = state.config.postback_access_key.clone();
    let signature =
        paykassma::sign_postback(&access_key, &state.config.postback_private_key, &signed)
            .unwrap_or_default();
    let value: Value = Array::object()
        .with("signature", signature)
        .with("wallet_type", e.wallet_type)
        .with("amount", e.amount.to_value())
        .with("currency_code", e.currency.clone())
        .with("label", e.label)
        .with("converted_amount", converted_amount(e.amount, &e.currency))
        .with("direction", e.direction)
        .with("created_datetime", datetime(e.created))
        .with("access_key", access_key)
        .with("additional_data", signed)
        .into();
    let id = state.postbacks.len() as u64 + 1;
    let flags = if state.config.pretty_postbacks {
        Flags::PRETTY_PRINT
    } else {
        Flags::DEFAULT
    };
    // Amounts and rates are finite (money and fixed tables), which PHP always encodes.
    let body = encode_with(&value, flags).unwrap_or_default();
    state.postbacks.push(SentPostback {
        id,
        kind,
        body,
        value,
        transaction_ids: Vec::new(),
        custom_ids: Vec::new(),
        withdrawal_id: None,
        acknowledged: false,
    });
    id
}

/// The postback as lookups show it: without `signature` and `access_key`.
pub fn lookup_view(p: &SentPostback) -> Value {
    let mut value = match &p.value {
        Value::Array(a) => a.clone(),
        _ => Array::object(),
    };
    value.remove("signature");
    value.remove("access_key");
    value.into()
}
