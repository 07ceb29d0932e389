//! Typed successes. Each keeps the gateway's whole answer in `raw` for fields not typed here.

use crate::php::{Array, Value};
use crate::Error;

fn text(a: &Array, name: &str) -> Option<String> {
    crate::postback::scalar_text(a.get(name)?).flatten()
}

fn object<'a>(a: &'a Array, name: &str) -> Option<&'a Array> {
    a.get(name).and_then(Value::as_array)
}

fn shape_error(answer: &Array, what: &str) -> Error {
    Error::UnexpectedResponse {
        http_status: 200,
        reason: format!("the answer has no {what}"),
        body: crate::php::encode(&Value::Array(answer.clone())).unwrap_or_default(),
        withdrawal_id: None,
    }
}

/// A payment system offered by `payment-systems/available`.
#[derive(Clone, Debug, PartialEq)]
pub struct AvailableWallet {
    pub wallet_type: String,
    pub name: Option<String>,
    /// Manual systems activate through `possible-transaction/activate`.
    pub is_manual: bool,
    pub raw: Array,
}

/// `GET /api/v1/payment-systems/available`.
#[derive(Clone, Debug, PartialEq)]
pub struct PaymentSystems {
    /// `(code, symbol)` of each currency.
    pub currencies: Vec<(String, String)>,
    pub wallets: Vec<AvailableWallet>,
    pub raw: Array,
}

impl PaymentSystems {
    pub(crate) fn from_answer(raw: Array) -> PaymentSystems {
        let params = object(&raw, "params").cloned().unwrap_or_default();
        let currencies = object(&params, "currency_data")
            .map(|list| {
                list.values()
                    .filter_map(Value::as_array)
                    .map(|c| {
                        (
                            text(c, "code").unwrap_or_default(),
                            text(c, "symbol").unwrap_or_default(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let wallets = object(&params, "wallets")
            .map(|list| {
                list.values()
                    .filter_map(Value::as_array)
                    .map(|w| AvailableWallet {
                        wallet_type: text(w, "type").unwrap_or_default(),
                        name: text(w, "name"),
                        is_manual: matches!(w.get("is_manual"), Some(Value::Bool(true))),
                        raw: w.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        PaymentSystems {
            currencies,
            wallets,
            raw,
        }
    }
}

/// `POST /api/v1/transaction/create/{wallet_type}`: the wallet the user pays to.
#[derive(Clone, Debug, PartialEq)]
pub struct CreatedTransaction {
    /// The wallet number (`03919394039`) shown to the user.
    pub identifier: String,
    pub raw: Array,
}

impl CreatedTransaction {
    pub(crate) fn from_answer(raw: Array) -> Result<CreatedTransaction, Error> {
        let identifier = object(&raw, "params").and_then(|p| text(p, "identifier"));
        match identifier {
            Some(identifier) => Ok(CreatedTransaction { identifier, raw }),
            None => Err(shape_error(&raw, "params.identifier")),
        }
    }
}

/// What an activation achieved.
#[derive(Clone, Debug, PartialEq)]
pub enum Activation {
    /// The deposit is credited; a postback follows.
    Activated {
        deposit_amount: Option<String>,
        currency_code: Option<String>,
    },
    /// A suspicious transaction is being checked; the postback comes when it is done.
    Pending { message: String },
    /// The number was not found; a possible transaction was created for manual review.
    PossibleTransactionCreated { message: String },
}

impl Activation {
    pub(crate) fn from_answer(raw: Array) -> Result<Activation, Error> {
        let message = text(&raw, "message").unwrap_or_default();
        match raw.get("status").and_then(Value::as_str) {
            Some("pending") => Ok(Activation::Pending { message }),
            Some("possible_transaction_created") => {
                Ok(Activation::PossibleTransactionCreated { message })
            }
            _ => Ok(Activation::Activated {
                deposit_amount: text(&raw, "deposit_amount"),
                currency_code: object(&raw, "currency").and_then(|c| text(c, "code")),
            }),
        }
    }
}

/// `GET /api/v1/deposit-info`: the user's stockpiled sum.
#[derive(Clone, Debug, PartialEq)]
pub struct Stockpiling {
    pub stockpiling_sum: String,
    pub lacks_sum: String,
    pub minimum_deposit: String,
    pub raw: Array,
}

impl Stockpiling {
    pub(crate) fn from_answer(raw: Array) -> Stockpiling {
        let field = |n| text(&raw, n).unwrap_or_else(|| "0".to_owned());
        Stockpiling {
            stockpiling_sum: field("stockpiling_sum"),
            lacks_sum: field("lacks_sum"),
            minimum_deposit: field("minimum_deposit"),
            raw,
        }
    }
}

/// `POST /api/v1/payment-plugin/hash-url`: `(order, hash)` per list.
#[derive(Clone, Debug, PartialEq)]
pub struct HashedUrls {
    pub success: Vec<(i64, String)>,
    pub fail: Vec<(i64, String)>,
    pub pending: Vec<(i64, String)>,
    pub raw: Array,
}

impl HashedUrls {
    pub(crate) fn from_answer(raw: Array) -> HashedUrls {
        let urls = object(&raw, "urls").cloned().unwrap_or_default();
        let list = |name: &str| -> Vec<(i64, String)> {
            object(&urls, name)
                .map(|l| {
                    l.values()
                        .filter_map(Value::as_array)
                        .map(|u| {
                            (
                                text(u, "order").and_then(|o| o.parse().ok()).unwrap_or(0),
                                text(u, "url").unwrap_or_default(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        HashedUrls {
            success: list("success_url"),
            fail: list("fail_url"),
            pending: list("pending_url"),
            raw,
        }
    }
}

/// A withdrawal the gateway accepted; its result comes as a postback.
#[derive(Clone, Debug, PartialEq)]
pub struct CreatedWithdrawal {
    /// The id sent (yours, or the one generated before the first attempt).
    pub withdrawal_id: String,
    pub raw: Array,
}

/// One balance of `accounts-balance`.
#[derive(Clone, Debug, PartialEq)]
pub struct Balance {
    pub wallet_type: String,
    pub currency_code: String,
    /// Exactly as the gateway wrote it.
    pub amount: String,
}

pub(crate) fn balances_from_answer(raw: &Array) -> Vec<Balance> {
    object(raw, "data")
        .and_then(|d| object(d, "balances"))
        .map(|l| {
            l.values()
                .filter_map(Value::as_array)
                .map(|b| Balance {
                    wallet_type: text(b, "wallet_type").unwrap_or_default(),
                    currency_code: text(b, "currency_code").unwrap_or_default(),
                    amount: text(b, "amount").unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// One order of `pullpostbacks`: its postback, or the gateway's message when none was found.
#[derive(Clone, Debug, PartialEq)]
pub struct PulledOrder {
    pub id: String,
    pub message: Option<String>,
    /// The postback data as the gateway stored it (lookups are not signed).
    pub postback: Option<Array>,
}

/// `GET /api/v1/pullpostbacks`: one page.
#[derive(Clone, Debug, PartialEq)]
pub struct PulledPostbacks {
    pub orders: Vec<PulledOrder>,
    pub offset: i64,
    pub total: i64,
    pub limit: i64,
    pub raw: Array,
}

impl PulledPostbacks {
    pub(crate) fn from_answer(raw: Array, id_field: &str) -> PulledPostbacks {
        let list_name = if id_field == "withdrawal_id" {
            "withdrawals"
        } else {
            "transactions"
        };
        let orders = object(&raw, "data")
            .and_then(|d| object(d, list_name))
            .map(|l| {
                l.values()
                    .filter_map(Value::as_array)
                    .map(|o| PulledOrder {
                        id: text(o, id_field).unwrap_or_default(),
                        message: text(o, "message"),
                        postback: object(o, "postback").cloned(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let page = object(&raw, "paginate").cloned().unwrap_or_default();
        let n = |name| text(&page, name).and_then(|v| v.parse().ok()).unwrap_or(0);
        PulledPostbacks {
            orders,
            offset: n("offset"),
            total: n("total"),
            limit: n("limit"),
            raw,
        }
    }
}
