//! `POST /v2/withdrawal/create`: no `secret`; the request is signed with the withdrawal private key
//! (`sha1(key . md5(multiImplode(':', ksort($data))))` without `signature`). Both field sets of
//! the documents are served: the current one and the older `wallet_type` / `wallet_recipient` /
//! `wallet_sender` / `email` one, which answers with the created record.
//!
//! A repeated `withdrawal_id` never creates a second withdrawal: the same signed data again is
//! answered as the first time (so a client retry after a lost answer is safe); different data
//! under a used id is refused with `withdrawal_id: has already been taken`.

use paykassma::php::{Array, Value};

use super::fields::Fields;
use super::spec::{self, LEGACY_TEXT, TEXT_190, WITHDRAWAL_ID};
use crate::clock::datetime;
use crate::http::{Reply, Request};
use crate::money::Money;
use crate::shared::Shared;
use crate::state::{LegacyRecord, State, Withdrawal, WithdrawalStatus};

pub fn create(shared: &Shared, req: &Request) -> Reply {
    // The gateway trims every string it reads (Laravel's TrimStrings) before checking the
    // signature: the documents' "there should be no spaces at the beginning and end" is why a
    // request signed with them fails.
    let data = trimmed(&req.json());
    let mut state = shared.lock();
    let named_id = data.get("withdrawal_id").and_then(scalar);
    if let Some(id) = &named_id {
        *state.withdrawal_requests.entry(id.clone()).or_insert(0) += 1;
    }
    let given = data.get("signature").and_then(Value::as_str).unwrap_or("");
    let expected = paykassma::sign(&data, &state.config.withdrawal_private_key).unwrap_or_default();
    if given.is_empty() || !given.eq_ignore_ascii_case(&expected) {
        return Reply::fail("Withdrawal signature is invalid");
    }
    let signing_string = paykassma::signing_string(&data);
    if let Some(id) = &named_id {
        if let Some(existing) = state.withdrawals.iter().find(|w| &w.withdrawal_id == id) {
            if existing.signing_string != signing_string {
                return Reply::fail_fields(&[(
                    "withdrawal_id".to_owned(),
                    "The withdrawal id has already been taken.".to_owned(),
                )]);
            }
            return answer(existing);
        }
    }
    let legacy = data.get("wallet_type").is_some() && data.get("payment_system").is_none();
    let parsed = if legacy {
        read_legacy(&mut state, &data)
    } else {
        read_current(&state, &data)
    };
    let mut w = match parsed {
        Ok(w) => w,
        Err(reply) => return reply,
    };
    if state.available(&w.currency) < w.amount {
        return Reply::json(
            400,
            Array::object().with("status", "fail").with(
                "message",
                Array::object().with("withdrawals_sum_amount", vec!["Insufficient balance"]),
            ),
        );
    }
    if w.withdrawal_id.is_empty() {
        w.withdrawal_id = state.fresh_digits("", 12);
        *state
            .withdrawal_requests
            .entry(w.withdrawal_id.clone())
            .or_insert(0) += 1;
    }
    let now = state.now();
    w.signing_string = signing_string;
    w.created_at = now;
    w.updated_at = now;
    let reply = answer(&w);
    state.withdrawals.push(w);
    reply
}

fn answer(w: &Withdrawal) -> Reply {
    match &w.legacy {
        None => Reply::ok(Array::object().with("status", "ok")),
        // The documents' "first response": the created record, without the signature. Its
        // `status` is the documents' 1 for a new request, not the postback's "paid".
        Some(l) => Reply::ok(
            Array::object()
                .with("id", l.id)
                .with("wallet_type", w.payment_system.clone())
                .with("wallet_recipient", l.wallet_recipient.clone())
                .with("wallet_sender", l.wallet_sender.clone())
                .with("email", w.account_email.clone())
                .with("amount", w.amount.to_value())
                .with("status", 1)
                .with("created_at", datetime(w.created_at))
                .with("updated_at", datetime(w.updated_at)),
        ),
    }
}

fn read_current(state: &State, data: &Array) -> Result<Withdrawal, Reply> {
    let mut f = Fields::new(data);
    let id = f.opt_text("withdrawal_id", WITHDRAWAL_ID);
    let system = f.text("payment_system", TEXT_190);
    let system_name = system.clone().unwrap_or_default();
    // "amount int required" (general page, Easypaisa and iPay pages).
    let amount = f.whole_amount("amount");
    let currency = f.text("currency_code", 3);
    let label = f.text("label", spec::withdrawal_label_max(&system_name));
    let is_test = f.boolean("is_test");
    let (comment_min, comment_max) = spec::COMMENT;
    let comment = f.opt_text("comment", comment_max);
    if comment
        .as_ref()
        .is_some_and(|c| c.chars().count() < comment_min)
    {
        f.error(
            "comment",
            format!("The comment must be at least {comment_min} characters."),
        );
    }
    let account_number = f.opt_text("account_number", usize::MAX);
    let account_name = f.opt_text("account_name", usize::MAX);
    let account_email = f.opt_text("account_email", usize::MAX);
    let receiver_name = f.opt_text("receiver_name", TEXT_190);
    let bank = data.get("bank_details").and_then(Value::as_array);
    let bank_text = |name: &str| {
        bank.and_then(|b| b.get(name))
            .and_then(scalar)
            .filter(|s| !s.is_empty())
    };
    let (bank_code, branch_code) = (bank_text("bank_code"), bank_text("branch_code"));

    let configured = state.config.system(&system_name);
    if system.is_some() && configured.is_none() {
        f.error("payment_system", "The selected payment system is invalid.");
    }
    if let (Some(p), Some(c)) = (configured, &currency) {
        if &p.currency != c {
            f.error("currency_code", "The selected currency code is invalid.");
        }
    }
    if let (Some(p), Some(a)) = (configured, amount) {
        if a < p.min_withdrawal || a > p.max_withdrawal {
            f.error(
                "amount",
                format!(
                    "The amount must be between {} and {}.",
                    p.min_withdrawal.to_text(),
                    p.max_withdrawal.to_text()
                ),
            );
        }
    }
    let formats = spec::account_formats(&system_name);
    if !formats.is_empty() {
        match &account_number {
            None => f.error("account_number", "The account number field is required."),
            Some(n) if !formats.iter().any(|format| spec::matches_format(n, format)) => f.error(
                "account_number",
                format!(
                    "The account number format is invalid: {}.",
                    formats.join(" or ")
                ),
            ),
            _ => {}
        }
    }
    if spec::account_name_required(&system_name) && account_name.is_none() {
        f.error("account_name", "The account name field is required.");
    }
    if let (Some(max), Some(name)) = (spec::account_name_latin_max(&system_name), &account_name) {
        if name.chars().count() > max || !name.chars().all(|c| c.is_ascii_alphabetic() || c == ' ')
        {
            f.error(
                "account_name",
                format!(
                    "The account name may only contain Latin letters and spaces, at most {max}."
                ),
            );
        }
    }
    if spec::bank_code_required(&system_name) && bank_code.is_none() {
        f.error(
            "bank_details.bank_code",
            "The bank details.bank code field is required.",
        );
    }
    if spec::account_email_required(&system_name) && account_email.is_none() {
        f.error("account_email", "The account email field is required.");
    }
    if spec::receiver_name_required(&system_name) && receiver_name.is_none() {
        f.error("receiver_name", "The receiver name field is required.");
    }
    if let Some(email) = &account_email {
        if !email.contains('@') {
            f.error(
                "account_email",
                "The account email must be a valid email address.",
            );
        }
    }
    f.finish()?;
    Ok(Withdrawal {
        withdrawal_id: id.unwrap_or_default(),
        payment_system: system_name,
        currency: currency.unwrap_or_default(),
        amount: amount.unwrap_or_default(),
        label: label.unwrap_or_default(),
        account_number: account_number.unwrap_or_default(),
        account_name: account_name.unwrap_or_default(),
        account_email: account_email.unwrap_or_default(),
        bank_code,
        branch_code,
        comment: comment.unwrap_or_default(),
        is_test: is_test.unwrap_or(false),
        status: WithdrawalStatus::New,
        legacy: None,
        signing_string: String::new(),
        created_at: 0,
        updated_at: 0,
        postback_id: None,
    })
}

fn read_legacy(state: &mut State, data: &Array) -> Result<Withdrawal, Reply> {
    let mut f = Fields::new(data);
    let wallet = f.text("wallet_type", LEGACY_TEXT);
    let recipient = f.text("wallet_recipient", LEGACY_TEXT);
    let sender = f.text("wallet_sender", LEGACY_TEXT);
    let email = f.text("email", LEGACY_TEXT);
    // "amount Double".
    let amount = f.amount("amount");
    // "withdrawal_id Integer", sent as "13" in the example.
    let id = f.opt_integer("withdrawal_id");
    let account_name = f.opt_text("account_name", LEGACY_TEXT);
    let account_number = f.opt_text("account_number", LEGACY_TEXT);
    if email.as_ref().is_some_and(|e| !e.contains('@')) {
        f.error("email", "The email must be a valid email address.");
    }
    let wallet_name = wallet.clone().unwrap_or_default();
    let configured = state.config.system(&wallet_name).cloned();
    if wallet.is_some() && configured.is_none() {
        f.error("wallet_type", "The selected wallet type is invalid.");
    }
    f.finish()?;
    let record_id = state
        .withdrawals
        .iter()
        .filter(|w| w.legacy.is_some())
        .count() as i64
        + 1;
    let recipient = recipient.unwrap_or_default();
    Ok(Withdrawal {
        withdrawal_id: id.unwrap_or_default(),
        payment_system: wallet_name,
        currency: configured.map(|p| p.currency).unwrap_or_default(),
        amount: amount.unwrap_or(Money::ZERO),
        label: String::new(),
        account_number: account_number.unwrap_or_else(|| recipient.clone()),
        account_name: account_name.unwrap_or_default(),
        account_email: email.unwrap_or_default(),
        bank_code: None,
        branch_code: None,
        comment: String::new(),
        is_test: false,
        status: WithdrawalStatus::New,
        legacy: Some(LegacyRecord {
            id: record_id,
            wallet_recipient: recipient,
            wallet_sender: sender.unwrap_or_default(),
        }),
        signing_string: String::new(),
        created_at: 0,
        updated_at: 0,
        postback_id: None,
    })
}

/// Every string of `data`, at any depth, without its outer whitespace.
fn trimmed(data: &Array) -> Array {
    let trim = |value: &Value| match value {
        Value::Str(s) => Value::Str(s.trim().to_owned()),
        Value::Array(inner) => Value::Array(trimmed(inner)),
        other => other.clone(),
    };
    Array::from_entries(data.shape(), data.iter().map(|(k, v)| (k.clone(), trim(v))))
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        _ => None,
    }
}
