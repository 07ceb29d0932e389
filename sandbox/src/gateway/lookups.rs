//! Lookups answered from what the sandbox sent: an earlier postback, order statuses with
//! pagination, and account balances.

use paykassma::php::{Array, Value};

use crate::http::{Reply, Request};
use crate::postbacks::lookup_view;
use crate::shared::Shared;
use crate::state::{SentPostback, State};

pub fn postback(shared: &Shared, req: &Request) -> Reply {
    let state = shared.lock();
    let found = match req.query.get("type").unwrap_or("") {
        "" => return required("type", "The type field is required."),
        "deposit" => {
            let tx = req.query.get("transaction_id").filter(|s| !s.is_empty());
            let custom = req.query.get("custom_id").filter(|s| !s.is_empty());
            if tx.is_none() && custom.is_none() {
                return required(
                    "transaction_id",
                    "The transaction id field is required when custom id is not present.",
                );
            }
            latest(&state, |p| {
                p.kind == "deposit"
                    && (tx.is_some_and(|t| p.transaction_ids.iter().any(|x| x == t))
                        || custom.is_some_and(|c| p.custom_ids.iter().any(|x| x == c)))
            })
        }
        "withdrawal" => {
            let Some(id) = req.query.get("withdrawal_id").filter(|s| !s.is_empty()) else {
                return required(
                    "withdrawal_id",
                    "The withdrawal id field is required when type is withdrawal.",
                );
            };
            latest(&state, |p| p.withdrawal_id.as_deref() == Some(id))
        }
        _ => return required("type", "The selected type is invalid."),
    };
    match found {
        Some(p) => Reply::ok(
            Array::object()
                .with("status", "ok")
                .with("postback", lookup_view(p)),
        ),
        None => Reply::fail("Postback not found"),
    }
}

pub fn pull_postbacks(shared: &Shared, req: &Request) -> Reply {
    let kind = req.query.get("type").unwrap_or("");
    let (id_field, list_name) = match kind {
        "deposit" => ("plugin_custom_order_id", "transactions"),
        "withdrawal" => ("withdrawal_id", "withdrawals"),
        "" => return required("type", "The type field is required."),
        _ => return required("type", "The selected type is invalid."),
    };
    let ids: Vec<String> = req
        .query
        .list(id_field)
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if ids.is_empty() {
        let words = id_field.replace('_', " ");
        return required(
            id_field,
            &format!("The {words} field is required when type is {kind}."),
        );
    }
    let offset = match number(req, "offset", 0) {
        Ok(n) => n,
        Err(reply) => return reply,
    };
    let limit = match number(req, "limit", ids.len().min(100)) {
        Ok(n) => n.clamp(1, 100),
        Err(reply) => return reply,
    };
    let state = shared.lock();
    let items: Vec<Value> = ids
        .iter()
        .skip(offset)
        .take(limit)
        .map(|id| {
            let mut item = Array::object().with(id_field, id.clone());
            let found = if kind == "deposit" {
                latest(&state, |p| {
                    p.kind == "deposit" && p.custom_ids.iter().any(|c| c == id)
                })
            } else {
                latest(&state, |p| p.withdrawal_id.as_deref() == Some(id.as_str()))
            };
            match found {
                Some(p) => item.insert("postback", lookup_view(p)),
                None if kind == "withdrawal"
                    && !state.withdrawals.iter().any(|w| &w.withdrawal_id == id) =>
                {
                    item.insert("message", "Withdrawal with this ID not found")
                }
                None => item.insert("message", "Postback not found"),
            }
            item.into()
        })
        .collect();
    Reply::ok(
        Array::object()
            .with("status", "success")
            .with("message", "")
            .with("code", 20000)
            .with("data", Array::object().with(list_name, items))
            .with(
                "paginate",
                Array::object()
                    .with("offset", offset as i64)
                    .with("total", ids.len() as i64)
                    .with("limit", limit as i64),
            ),
    )
}

pub fn accounts_balance(shared: &Shared, req: &Request) -> Reply {
    let state = shared.lock();
    if req.query.get("secret") != Some(state.config.secret.as_str()) {
        return Reply::json(
            400,
            Array::object()
                .with("status", "error")
                .with("code", 30228)
                .with(
                    "errors",
                    Array::object()
                        .with("target", "secret")
                        .with("code", 36205)
                        .with("message", "Wrong secret"),
                )
                .with("error_message", "Data validation error"),
        );
    }
    let balances: Vec<Value> = state
        .balances
        .iter()
        .map(|(wallet, currency, amount)| {
            Array::object()
                .with("wallet_type", wallet.clone())
                .with("currency_code", currency.clone())
                .with("amount", amount.to_value())
                .into()
        })
        .collect();
    Reply::ok(
        Array::object()
            .with("status", "success")
            .with("message", "")
            .with("code", 20000)
            .with("data", Array::object().with("balances", balances)),
    )
}

fn latest(state: &State, pred: impl Fn(&SentPostback) -> bool) -> Option<&SentPostback> {
    state.postbacks.iter().rev().find(|p| pred(p))
}

fn required(field: &str, message: &str) -> Reply {
    Reply::fail_fields(&[(field.to_owned(), message.to_owned())])
}

fn number(req: &Request, name: &str, default: usize) -> Result<usize, Reply> {
    match req.query.get(name) {
        None | Some("") => Ok(default),
        Some(s) => s
            .parse()
            .map_err(|_| required(name, &format!("The {name} must be a non-negative integer."))),
    }
}
