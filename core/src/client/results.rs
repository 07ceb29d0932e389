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
    /// The deposit is credited (`"deposit": true`); a postback follows.
    Activated {
        deposit_amount: Option<String>,
        currency_code: Option<String>,
    },
    /// The sum is stockpiled, not credited (`"deposit": false`, easypaisa and iPay pages,
    /// activation answer): the user's stockpile is still below the minimum deposit, and no
    /// postback comes until later payments reach it. `deposit_info` tells the sums.
    Stockpiled {
        /// The credited sum the gateway wrote (`0`).
        deposit_amount: Option<String>,
        currency_code: Option<String>,
    },
    /// A suspicious transaction is being checked; the postback comes when it is done. Both
    /// documented forms: `"status": "pending"` (wallet pages) and the general page's error 400
    /// "Check of deposit status started...".
    Pending { message: String },
    /// The number was not found; a possible transaction was created for manual review.
    PossibleTransactionCreated { message: String },
}

impl Activation {
    /// The outcome's name, as the JSON entry point writes it in `outcome`.
    pub fn name(&self) -> &'static str {
        match self {
            Activation::Activated { .. } => "activated",
            Activation::Stockpiled { .. } => "stockpiled",
            Activation::Pending { .. } => "pending",
            Activation::PossibleTransactionCreated { .. } => "possible_transaction_created",
        }
    }

    pub(crate) fn from_answer(raw: Array) -> Result<Activation, Error> {
        let message = text(&raw, "message").unwrap_or_default();
        let deposit_amount = text(&raw, "deposit_amount");
        let currency_code = object(&raw, "currency").and_then(|c| text(c, "code"));
        match raw.get("status").and_then(Value::as_str) {
            Some("pending") => Ok(Activation::Pending { message }),
            Some("possible_transaction_created") => {
                Ok(Activation::PossibleTransactionCreated { message })
            }
            _ if matches!(raw.get("deposit"), Some(Value::Bool(false) | Value::Int(0))) => {
                Ok(Activation::Stockpiled {
                    deposit_amount,
                    currency_code,
                })
            }
            _ => Ok(Activation::Activated {
                deposit_amount,
                currency_code,
            }),
        }
    }
}

/// An activation's result as the bindings see it: the general page's error 400 "Check of deposit
/// status started..." becomes the wallet pages' `pending` answer, and `outcome` names the
/// [`Activation`] (`activated`, `stockpiled`, `pending`, `possible_transaction_created`).
pub(crate) fn activation_answer(result: Result<Array, Error>) -> Result<Array, Error> {
    let mut answer = match result {
        Ok(answer) => answer,
        Err(e) => match crate::outcome::check_started(&e) {
            Some(message) => Array::object()
                .with("status", "pending")
                .with("message", message),
            None => return Err(e),
        },
    };
    let outcome = Activation::from_answer(answer.clone())?.name();
    answer.insert("outcome", outcome);
    Ok(answer)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::parse_answer;

    fn activation(http_status: u16, body: &str) -> Result<Array, Error> {
        activation_answer(parse_answer(http_status, body))
    }

    fn outcome(answer: &Array) -> &str {
        answer.get("outcome").and_then(Value::as_str).unwrap()
    }

    #[test]
    fn a_stockpiled_activation_is_not_reported_credited() {
        // Easypaisa and iPay pages, activation "Response Success": `"deposit": true` credits; the
        // stockpiling section: below the minimum nothing is credited and no postback is sent.
        let credited = r#"{"status":"ok","deposit":true,"deposit_amount":6000,"currency":{"code":"PKR","symbol":"PKR"}}"#;
        let answer = activation(200, credited).unwrap();
        assert_eq!(outcome(&answer), "activated");
        assert_eq!(
            Activation::from_answer(answer).unwrap(),
            Activation::Activated {
                deposit_amount: Some("6000".into()),
                currency_code: Some("PKR".into())
            }
        );
        let stockpiled = r#"{"status":"ok","deposit":false,"deposit_amount":0,"currency":{"code":"PKR","symbol":"PKR"}}"#;
        let answer = activation(200, stockpiled).unwrap();
        assert_eq!(outcome(&answer), "stockpiled");
        assert_eq!(
            Activation::from_answer(answer).unwrap(),
            Activation::Stockpiled {
                deposit_amount: Some("0".into()),
                currency_code: Some("PKR".into())
            }
        );
    }

    #[test]
    fn both_documented_forms_of_a_check_in_progress_are_pending() {
        // Wallet pages: "Response Pending For suspect transactions" {"status": "pending", ...}.
        let answer = activation(
            200,
            r#"{"status":"pending","message":"The deposit status check has been started."}"#,
        )
        .unwrap();
        assert_eq!(outcome(&answer), "pending");
        // General page: "you will see error 400 'Check of deposit status started. The operation
        // may take longer than expected. Once checked the funds will credit to you account'".
        let text = "Check of deposit status started. The operation may take longer than expected. Once checked the funds will credit to you account";
        for body in [
            format!(r#"{{"status":"fail","message":"{text}"}}"#),
            format!(r#"{{"status":"error","code":400,"error_message":"{text}"}}"#),
            text.to_owned(),
        ] {
            let answer = activation(400, &body).unwrap();
            assert_eq!(outcome(&answer), "pending", "{body}");
            assert_eq!(
                Activation::from_answer(answer).unwrap(),
                Activation::Pending {
                    message: text.to_owned()
                }
            );
        }
        // Any other refusal stays one.
        assert!(activation(
            400,
            r#"{"status":"fail","message":"Transaction not found"}"#
        )
        .is_err());
        assert!(activation(500, text).is_err());
    }

    #[test]
    fn a_possible_transaction_is_its_own_outcome() {
        // Wallet pages: "Response Possible Transaction Created".
        let answer = activation(
            200,
            r#"{"status":"possible_transaction_created","message":"Transaction not found. Possible transaction created"}"#,
        )
        .unwrap();
        assert_eq!(outcome(&answer), "possible_transaction_created");
    }

    #[test]
    fn the_documented_manual_activation_answer_is_a_success() {
        // General page, possible-transaction/activate answer.
        let answer = parse_answer(
            200,
            r#"{"status":"success","message":"","code":20000,"data":[],"paginate":{"offset":0,"total":1,"limit":1}}"#,
        )
        .unwrap();
        assert_eq!(answer.get("code"), Some(&Value::Int(20000)));
        // Its documented refusal names the field.
        match parse_answer(
            400,
            r#"{"status":"fail","message":{"key1":["Transaction field has wrong length"]}}"#,
        ) {
            Err(Error::Api(e)) => assert_eq!(e.field_errors[0].0, "key1"),
            other => panic!("{other:?}"),
        }
    }
}
