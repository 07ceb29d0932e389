//! Deposits: available payment systems, media hints, payments that need activation and those
//! that do not, activation (with stockpiling below the minimum deposit), manual activation of a
//! possible transaction, and stockpiling info.

use paykassma::php::{Array, Value};

use super::fields::{from_pairs, words, Fields};
use super::spec::{self, TEXT_190};
use super::symbol;
use crate::http::{Reply, Request};
use crate::multipart;
use crate::postbacks;
use crate::shared::Shared;
use crate::state::{
    CreatedPayment, Deposit, DepositStatus, DirectPayment, PossibleTransaction, State,
};

pub fn payment_systems(shared: &Shared, req: &Request) -> Reply {
    let currencies = req.query.list("currency_code");
    let label = req.query.get("label").unwrap_or("").trim().to_owned();
    let mut errors = Vec::new();
    if currencies.is_empty() {
        errors.push((
            "currency_code".to_owned(),
            "The currency code field is required.".to_owned(),
        ));
    }
    for (i, c) in currencies.iter().enumerate() {
        if c.chars().count() != 3 {
            errors.push((
                format!("currency_code.{i}"),
                format!("The currency_code.{i} must be 3 characters."),
            ));
        }
    }
    if label.is_empty() {
        errors.push((
            "label".to_owned(),
            "The label field is required.".to_owned(),
        ));
    } else if label.chars().count() > TEXT_190 {
        errors.push((
            "label".to_owned(),
            "The label may not be greater than 190 characters.".to_owned(),
        ));
    }
    if !errors.is_empty() {
        return Reply::fail_fields(&errors);
    }
    let state = shared.lock();
    let currency_data: Vec<Value> = currencies
        .iter()
        .map(|c| {
            Array::object()
                .with("code", c.clone())
                .with("symbol", symbol(c))
                .into()
        })
        .collect();
    let mut wallets_out = Vec::new();
    let mut limits_out = Array::object();
    for (order, p) in state.config.payment_systems.iter().enumerate() {
        if !currencies.contains(&p.currency) {
            continue;
        }
        let name = spec::name(&p.wallet_type);
        let wallet: Value = Array::object()
            .with("type", p.wallet_type.clone())
            .with("currency_code", p.currency.clone())
            .with("order", order as i64 + 1)
            .with(
                "logo",
                format!(
                    "{}/storage/payment_system/logos/{}.svg",
                    shared.base_url, p.wallet_type
                ),
            )
            .with("name", name)
            .with("is_manual", p.is_manual)
            .with("uploading_payment_bill", p.is_manual)
            .with("show_limits", true)
            .with(
                "hints",
                vec![
                    Array::object()
                        .with("type", "requisites_hint")
                        .with("text", Value::Null),
                    Array::object()
                        .with("type", "payment_hint")
                        .with("text", Value::Null),
                ],
            )
            .into();
        wallets_out.push(wallet);
        let mut per_currency = match limits_out.get(&p.wallet_type) {
            Some(Value::Array(a)) => a.clone(),
            _ => Array::object(),
        };
        per_currency.insert(
            p.currency.clone(),
            Array::object()
                .with("min", p.min_deposit.to_text())
                .with("max", p.max_deposit.to_text()),
        );
        limits_out.insert(p.wallet_type.clone(), per_currency);
    }
    Reply::ok(
        Array::object().with("status", "ok").with(
            "params",
            Array::object()
                .with("currency_data", currency_data)
                .with("wallets", wallets_out)
                .with("limits", limits_out),
        ),
    )
}

pub fn media_hints(shared: &Shared) -> Reply {
    let state = shared.lock();
    let mut data = Array::object();
    for (i, p) in state.config.payment_systems.iter().enumerate() {
        data.insert(
            p.wallet_type.clone(),
            Array::object().with("id", 486 + i as i64).with(
                "url",
                format!(
                    "{}/storage/guide-image/{}.mp4",
                    shared.base_url, p.wallet_type
                ),
            ),
        );
    }
    Reply::ok(
        Array::object()
            .with("status", "success")
            .with("message", "")
            .with("code", 20000)
            .with("data", data),
    )
}

pub fn save_custom_id(shared: &Shared, req: &Request) -> Reply {
    let data = req.json();
    let mut f = Fields::new(&data);
    let label = f.text("label", TEXT_190);
    let custom = f.text("transaction_custom_id", TEXT_190);
    if let Err(reply) = f.finish() {
        return reply;
    }
    let (label, custom) = (label.unwrap_or_default(), custom.unwrap_or_default());
    shared.lock().saved_custom_ids.push((label, custom));
    Reply::ok(Array::object().with("status", "ok"))
}

/// `transaction/create/{wallet_type}`: hands out the wallet the user pays into.
pub fn create_transaction(shared: &Shared, req: &Request, wallet: &str) -> Reply {
    let data = req.json();
    let mut f = Fields::new(&data);
    let currency = f.text("currency", 3);
    let label = f.text("label", TEXT_190);
    if let Err(reply) = f.finish() {
        return reply;
    }
    let (currency, label) = (currency.unwrap_or_default(), label.unwrap_or_default());
    let mut state = shared.lock();
    if let Err(reply) = check_system(&state, wallet, &currency, "currency") {
        return reply;
    }
    let identifier = wallet_identifier(&mut state, wallet);
    state.created.push(CreatedPayment {
        wallet_type: wallet.to_owned(),
        currency,
        label,
        identifier: identifier.clone(),
        direct: None,
    });
    Reply::ok(
        Array::object()
            .with("status", "ok")
            .with("params", Array::object().with("identifier", identifier)),
    )
}

/// `payment/create/{payment_system}`: a payment that needs no activation; the sandbox's `pay`
/// control completes it.
pub fn create_payment(shared: &Shared, req: &Request, system: &str) -> Reply {
    let data = req.json();
    let mut f = Fields::new(&data);
    f.text("language", 2);
    let currency = f.text("currency", 3);
    f.text("bank", spec::BANK);
    let amount = f.amount("amount");
    let label = f.text("label", TEXT_190);
    if let Some(url) = f.text("redirect_url", 2048) {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            f.error("redirect_url", "The redirect url format is invalid.");
        }
    }
    let custom = f.text("custom_transaction_id", spec::PAYMENT_CUSTOM_ID);
    if let Err(reply) = f.finish() {
        return reply;
    }
    let (currency, label) = (currency.unwrap_or_default(), label.unwrap_or_default());
    let (amount, custom) = (amount.unwrap_or_default(), custom.unwrap_or_default());
    let mut state = shared.lock();
    if let Err(reply) = check_system(&state, system, &currency, "currency") {
        return reply;
    }
    let limits = state
        .config
        .system(system)
        .map(|p| (p.min_deposit, p.max_deposit));
    if let Some((min, max)) = limits {
        if amount < min || amount > max {
            return Reply::fail_fields(&[(
                "amount".to_owned(),
                format!(
                    "The amount must be between {} and {}.",
                    min.to_text(),
                    max.to_text()
                ),
            )]);
        }
    }
    if state.custom_id_taken(&custom) {
        return taken("custom_transaction_id");
    }
    let identifier = wallet_identifier(&mut state, system);
    state.created.push(CreatedPayment {
        wallet_type: system.to_owned(),
        currency,
        label,
        identifier,
        direct: Some(DirectPayment {
            amount,
            custom_transaction_id: custom,
            paid: false,
        }),
    });
    Reply::ok(Array::object().with("status", "ok"))
}

/// The activation the merchant sends with the transaction number the user got.
pub fn activate(shared: &Shared, req: &Request) -> Reply {
    let data = req.json();
    let mut f = Fields::new(&data);
    let currency = f.text("currency_code", 3);
    let wallet = f.text("wallet_type", TEXT_190);
    let label = f.text("label", TEXT_190);
    let key1 = f.text("key1", TEXT_190);
    let needs_amount = wallet.as_deref().is_some_and(spec::activation_needs_amount);
    let amount = if needs_amount {
        f.amount("amount")
    } else {
        f.opt_amount("amount")
    };
    let custom = f.text("custom_transaction_id", spec::ACTIVATION_CUSTOM_ID);
    check_key1(&mut f, wallet.as_deref(), key1.as_deref());
    if let Err(reply) = f.finish() {
        return reply;
    }
    let (currency, wallet) = (currency.unwrap_or_default(), wallet.unwrap_or_default());
    let (label, key1, custom) = (
        label.unwrap_or_default(),
        key1.unwrap_or_default(),
        custom.unwrap_or_default(),
    );

    let mut state = shared.lock();
    if let Err(reply) = check_system(&state, &wallet, &currency, "currency_code") {
        return reply;
    }
    if state.custom_id_taken(&custom) {
        return taken("custom_transaction_id");
    }
    let found = state
        .payments
        .iter()
        .position(|p| p.wallet_type == wallet && p.transaction_id == key1);
    let Some(i) = found else {
        if !state.config.possible_transactions {
            return Reply::fail("Transaction not found");
        }
        let id = state.next_counter();
        state.possible.push(PossibleTransaction {
            id,
            wallet_type: wallet,
            currency,
            label,
            key1,
            amount,
            custom_transaction_id: custom,
            screenshot: None,
            manual: false,
            approved: false,
        });
        return Reply::ok(
            Array::object()
                .with("status", "possible_transaction_created")
                .with(
                    "message",
                    "Transaction not found. Possible transaction created",
                ),
        );
    };
    let payment = state.payments[i].clone();
    if payment.activated {
        return Reply::fail("Transaction already activated");
    }
    if amount.is_some_and(|a| a != payment.amount) {
        return Reply::fail("The amount does not match the transaction");
    }
    state.payments[i].activated = true;
    let now = state.now();
    state.deposits.push(Deposit {
        wallet_type: wallet,
        currency: currency.clone(),
        label,
        transaction_id: key1,
        custom_transaction_id: custom,
        amount: payment.amount,
        exchanger_identifier: payment.identifier,
        status: DepositStatus::Pending,
        stockpiling_id: None,
        activated_at: now,
        postback_id: None,
    });
    if payment.suspicious {
        // The general page: "error 400 'Check of deposit status started...'"; the wallet pages:
        // "Response Pending For suspect transactions". The setting picks which one is served.
        if state.config.check_started_as_error {
            return Reply::fail(
                "Check of deposit status started. The operation may take longer than expected. Once checked the funds will credit to you account",
            );
        }
        return Reply::ok(Array::object().with("status", "pending").with(
            "message",
            "The deposit status check has been started. The operation may take longer than expected. Upon completion of the verification, the funds will be credited to your account",
        ));
    }
    let index = state.deposits.len() - 1;
    let (credited, postback) = credit(&mut state, index);
    drop(state);
    if let Some(id) = postback {
        shared.deliver(id);
    }
    Reply::ok(
        Array::object()
            .with("status", "ok")
            .with("deposit", credited.is_some())
            .with("deposit_amount", credited.unwrap_or_default().to_value())
            .with(
                "currency",
                Array::object()
                    .with("code", currency.clone())
                    .with("symbol", symbol(&currency)),
            ),
    )
}

/// Stockpiles deposit `index`; when its stockpile reaches the minimum, records the postback.
/// Returns the credited sum and the postback to deliver.
fn credit(state: &mut State, index: usize) -> (Option<crate::money::Money>, Option<u64>) {
    match state.stockpile(index) {
        Some(members) => {
            let sum = members.iter().map(|&m| state.deposits[m].amount).sum();
            (Some(sum), Some(postbacks::deposit(state, &members)))
        }
        None => (None, None),
    }
}

/// Stockpiles a deposit and queues its postback when credited (used by control endpoints).
pub fn credit_and_announce(shared: &Shared, index: usize) -> Option<crate::money::Money> {
    let (sum, postback) = credit(&mut shared.lock(), index);
    if let Some(id) = postback {
        shared.deliver(id);
    }
    sum
}

/// Manual activation (`multipart/form-data` with an optional `screenshot` file).
pub fn activate_possible(shared: &Shared, req: &Request) -> Reply {
    let parts = multipart::parse(&req.content_type, &req.body);
    let mut screenshot = None;
    let mut pairs = Vec::new();
    for p in parts {
        match (&p.filename, p.name.as_str()) {
            (Some(name), "screenshot") => screenshot = Some((name.clone(), p.data.len())),
            _ => pairs.push((p.name, String::from_utf8_lossy(&p.data).into_owned())),
        }
    }
    let data = if pairs.is_empty() && screenshot.is_none() {
        req.json()
    } else {
        from_pairs(&pairs)
    };
    let mut f = Fields::new(&data);
    let currency = f.text("currency_code", 3);
    let wallet = f.text("wallet_type", TEXT_190);
    let label = f.text("label", TEXT_190);
    let key1 = f.text("key1", TEXT_190);
    let amount = f.amount("amount");
    let custom = f.text("custom_transaction_id", spec::ACTIVATION_CUSTOM_ID);
    if screenshot.is_none() {
        if let Some(name) = f.opt_text("screenshot", TEXT_190) {
            screenshot = Some((name, 0));
        }
    }
    check_key1(&mut f, wallet.as_deref(), key1.as_deref());
    if let Err(reply) = f.finish() {
        return reply;
    }
    let (currency, wallet) = (currency.unwrap_or_default(), wallet.unwrap_or_default());
    let mut state = shared.lock();
    if let Err(reply) = check_system(&state, &wallet, &currency, "currency_code") {
        return reply;
    }
    let custom = custom.unwrap_or_default();
    if state.custom_id_taken(&custom) {
        return taken("custom_transaction_id");
    }
    let id = state.next_counter();
    state.possible.push(PossibleTransaction {
        id,
        wallet_type: wallet,
        currency,
        label: label.unwrap_or_default(),
        key1: key1.unwrap_or_default(),
        amount,
        custom_transaction_id: custom,
        screenshot,
        manual: true,
        approved: false,
    });
    let total = state.possible.iter().filter(|p| p.manual).count() as i64;
    // The general page's answer to possible-transaction/activate.
    Reply::ok(
        Array::object()
            .with("status", "success")
            .with("message", "")
            .with("code", 20000)
            .with("data", Vec::<Value>::new())
            .with(
                "paginate",
                Array::object()
                    .with("offset", 0)
                    .with("total", total)
                    .with("limit", total),
            ),
    )
}

pub fn deposit_info(shared: &Shared, req: &Request) -> Reply {
    let mut data = Array::object();
    for name in ["label", "wallet_type", "currency", "code"] {
        if let Some(v) = req.query.get(name) {
            data.insert(name, v);
        }
    }
    let mut f = Fields::new(&data);
    let label = f.text("label", TEXT_190);
    let wallet = f.text("wallet_type", TEXT_190);
    let currency = f.text("currency", 3);
    // "code string (190) or null, NO: filled in when wallet_type = manual" (general page).
    f.opt_text("code", TEXT_190);
    if let Err(reply) = f.finish() {
        return reply;
    }
    let (label, wallet, currency) = (
        label.unwrap_or_default(),
        wallet.unwrap_or_default(),
        currency.unwrap_or_default(),
    );
    let state = shared.lock();
    if let Err(reply) = check_system(&state, &wallet, &currency, "currency") {
        return reply;
    }
    let min = state
        .config
        .system(&wallet)
        .map(|p| p.min_deposit)
        .unwrap_or_default();
    let sum = state.stockpiled_sum(&label, &wallet, &currency);
    // The documents' example shows `lacks_sum` 0 while nothing is stockpiled.
    let lacks = if sum > crate::money::Money::ZERO {
        min - sum
    } else {
        Default::default()
    };
    Reply::ok(
        Array::object()
            .with("status", "ok")
            .with("stockpiling_sum", sum.to_value())
            .with("lacks_sum", lacks.to_value())
            .with("minimum_deposit", min.to_value()),
    )
}

/// The wallet must be one of the merchant's and `currency` its currency.
fn check_system(
    state: &State,
    wallet: &str,
    currency: &str,
    currency_field: &str,
) -> Result<(), Reply> {
    match state.config.system(wallet) {
        None => Err(Reply::fail("Payment system not found")),
        Some(p) if p.currency != currency => Err(Reply::fail_fields(&[(
            currency_field.to_owned(),
            format!("The selected {} is invalid.", words(currency_field)),
        )])),
        Some(_) => Ok(()),
    }
}

/// The transaction number must have the wallet's length (easypaisa 11 digits, ipay 8).
fn check_key1(f: &mut Fields, wallet: Option<&str>, key1: Option<&str>) {
    let digits = wallet.and_then(spec::key1_digits);
    if let (Some(n), Some(key1)) = (digits, key1) {
        if key1.len() != n || !key1.bytes().all(|b| b.is_ascii_digit()) {
            f.error("key1", "Transaction field has wrong length");
        }
    }
}

fn taken(field: &str) -> Reply {
    Reply::fail_fields(&[(
        field.to_owned(),
        format!("The {} has already been taken.", words(field)),
    )])
}

/// A wallet number in the format the wallet's accounts have (easypaisa `03` + 9 digits).
fn wallet_identifier(state: &mut State, wallet: &str) -> String {
    match spec::account_formats(wallet).first() {
        Some(format) => {
            let prefix = format.trim_end_matches('X');
            state.fresh_digits(prefix, format.len())
        }
        None => state.fresh_digits("", 10),
    }
}
