//! One JSON-in, JSON-out entry point for the bindings: `call("create_withdrawal", "{...}")`.
//! Parameters are read with PHP's JSON semantics; results are the gateway's answer (plus the
//! `withdrawal_id` sent, for withdrawals). Every binding's per-endpoint method is a thin wrapper.

use super::recovery::SentId;
use super::Client;
use crate::api::*;
use crate::money::Amount;
use crate::php::{decode, encode, Array, Shape, Value};
use crate::Error;

/// Every operation `Client::call` accepts.
pub const OPERATIONS: &[&str] = &[
    "payment_systems_available",
    "save_transaction_custom_id",
    "media_hints",
    "create_transaction",
    "activate_transaction",
    "activate_possible_transaction",
    "create_payment",
    "deposit_info",
    "hash_urls",
    "create_withdrawal",
    "create_legacy_withdrawal",
    "get_postback",
    "pull_postbacks",
    "accounts_balance",
];

impl Client {
    /// Runs one operation of [`OPERATIONS`] with JSON parameters and returns the answer as JSON.
    pub fn call(&self, operation: &str, params_json: &str) -> Result<String, Error> {
        let mut p = Params::parse(params_json)?;
        let answer = match operation {
            "payment_systems_available" => {
                let r = PaymentSystemsAvailable {
                    currency_codes: p.list("currency_codes")?,
                    label: p.req("label")?,
                };
                p.finish()?;
                self.transport.send(&r.prepare()?)?
            }
            "save_transaction_custom_id" => {
                let r =
                    SaveTransactionCustomId::new(p.req("label")?, p.req("transaction_custom_id")?);
                p.finish()?;
                self.transport.send(&r.prepare()?)?
            }
            "media_hints" => {
                p.finish()?;
                self.media_hints()?
            }
            "create_transaction" => {
                let r = CreateTransaction::new(
                    p.req("wallet_type")?,
                    p.req("currency")?,
                    p.req("label")?,
                );
                p.finish()?;
                self.transport.send(&r.prepare()?)?
            }
            "activate_transaction" => {
                let r = activation(&mut p)?;
                p.finish()?;
                super::results::activation_answer(
                    self.send_with_id(&r.prepare()?, SentId::Deposit(&r.custom_transaction_id)),
                )?
            }
            "activate_possible_transaction" => {
                let mut r = ActivatePossibleTransaction::new(activation(&mut p)?);
                if let Some(path) = p.opt("screenshot_path")? {
                    let bytes = std::fs::read(&path).map_err(|e| {
                        Error::validation("screenshot_path", format!("cannot read {path:?}: {e}"))
                    })?;
                    let name = std::path::Path::new(&path)
                        .file_name()
                        .map_or("screenshot".into(), |n| n.to_string_lossy().into_owned());
                    let content_type = p
                        .opt("screenshot_content_type")?
                        .unwrap_or_else(|| content_type_of(&name).to_owned());
                    r = r.screenshot(name, content_type, bytes);
                }
                p.finish()?;
                self.activate_possible_transaction(&r)?
            }
            "create_payment" => {
                let mut r = CreatePayment::new(
                    p.req("payment_system")?,
                    p.req("currency")?,
                    "1",
                    p.req("label")?,
                    p.req("custom_transaction_id")?,
                );
                r.amount = Some(
                    p.amount("amount")?
                        .ok_or_else(|| Error::validation("amount", "is required"))?,
                );
                r.language = p.opt("language")?.unwrap_or_else(|| "en".to_owned());
                r.bank = p.req("bank")?;
                r.redirect_url = p.req("redirect_url")?;
                p.finish()?;
                self.create_payment(&r)?
            }
            "deposit_info" => {
                let mut r =
                    DepositInfo::new(p.req("wallet_type")?, p.req("currency")?, p.req("label")?);
                r.code = p.opt("code")?;
                p.finish()?;
                self.transport.send(&r.prepare()?)?
            }
            "hash_urls" => {
                let r = HashUrls {
                    success_urls: p.urls("success_urls")?,
                    fail_urls: p.urls("fail_urls")?,
                    pending_urls: p.urls("pending_urls")?,
                };
                p.finish()?;
                self.transport.send(&r.prepare()?)?
            }
            "create_withdrawal" => {
                let r = withdrawal(&mut p)?;
                p.finish()?;
                let created = self.send_withdrawal(r.prepare(self.withdrawal_key()?)?)?;
                with_id(created.raw, &created.withdrawal_id)
            }
            "create_legacy_withdrawal" => {
                let mut r =
                    LegacyWithdrawal::new(p.req("wallet_type")?, p.req("wallet_recipient")?, "1");
                r.amount = Some(
                    p.amount("amount")?
                        .ok_or_else(|| Error::validation("amount", "is required"))?,
                );
                r.wallet_sender = p.opt("wallet_sender")?.unwrap_or(r.wallet_sender);
                r.account_name = p.opt("account_name")?;
                r.account_number = p.opt("account_number")?;
                r.email = p.opt("email")?;
                r.withdrawal_id = p.opt("withdrawal_id")?;
                p.finish()?;
                let created = self.send_withdrawal(r.prepare(self.withdrawal_key()?)?)?;
                with_id(created.raw, &created.withdrawal_id)
            }
            "get_postback" => {
                let r = GetPostback {
                    kind: LookupType::parse(&p.req("type")?)?,
                    transaction_id: p.opt("transaction_id")?,
                    custom_id: p.opt("custom_id")?,
                    withdrawal_id: p.opt("withdrawal_id")?,
                };
                p.finish()?;
                self.transport.send(&r.prepare()?)?
            }
            "pull_postbacks" => {
                let kind = LookupType::parse(&p.req("type")?)?;
                let ids = match kind {
                    LookupType::Deposit => p.list("plugin_custom_order_ids")?,
                    LookupType::Withdrawal => p.list("withdrawal_ids")?,
                };
                let r = PullPostbacks { kind, ids };
                p.finish()?;
                self.transport.send(&r.prepare()?)?
            }
            "accounts_balance" => {
                p.finish()?;
                self.transport.send(&AccountsBalance.prepare()?)?
            }
            other => {
                return Err(Error::validation(
                    "operation",
                    format!(
                        "unknown operation {other:?}; expected one of {}",
                        OPERATIONS.join(", ")
                    ),
                ))
            }
        };
        Ok(encode(&Value::Array(answer)).unwrap_or_else(|_| "null".to_owned()))
    }
}

/// The payment window link from JSON parameters (the [`PluginUrl`] fields).
pub fn plugin_url_json(plugin_base_url: &str, params_json: &str) -> Result<String, Error> {
    let mut p = Params::parse(params_json)?;
    let mut url = PluginUrl::new(p.req("label")?);
    url.currency_code = p.opt("currency_code")?;
    url.lang = p.opt("lang")?;
    url.wallet_type = p.opt("wallet_type")?;
    url.custom_transaction_id = p.opt("custom_transaction_id")?;
    url.fixed_amount = p.amount("fixed_amount")?;
    url.payment_url_success_id = p.int("payment_url_success_id")?.map(|v| v as u32);
    url.payment_url_pending_id = p.int("payment_url_pending_id")?.map(|v| v as u32);
    url.payment_url_fail_id = p.int("payment_url_fail_id")?.map(|v| v as u32);
    url.success_url = p.opt("success_url")?;
    url.fail_url = p.opt("fail_url")?;
    url.pending_url = p.opt("pending_url")?;
    p.finish()?;
    url.build(plugin_base_url)
}

fn activation(p: &mut Params) -> Result<ActivateTransaction, Error> {
    let mut r = ActivateTransaction::new(
        p.req("wallet_type")?,
        p.req("currency_code")?,
        p.req("label")?,
        p.req("key1")?,
        p.req("custom_transaction_id")?,
    );
    r.amount = p.amount("amount")?;
    Ok(r)
}

fn withdrawal(p: &mut Params) -> Result<CreateWithdrawal, Error> {
    let mut r = CreateWithdrawal::new(
        p.req("payment_system")?,
        "1",
        p.req("currency_code")?,
        p.req("label")?,
    );
    r.amount = Some(
        p.amount("amount")?
            .ok_or_else(|| Error::validation("amount", "is required"))?,
    );
    r.is_test = p.bool("is_test")?.unwrap_or(false);
    r.withdrawal_id = p.opt("withdrawal_id")?;
    r.account_number = p.opt("account_number")?;
    r.account_name = p.opt("account_name")?;
    r.account_email = p.opt("account_email")?;
    r.receiver_name = p.opt("receiver_name")?;
    r.comment = p.opt("comment")?;
    r.iban = p.opt("iban")?;
    r.account_type = p.opt("account_type")?;
    r.document_type = p.opt("document_type")?;
    r.document_id = p.opt("document_id")?;
    r.account_digit = p.opt("account_digit")?;
    let mut bank = p.nested("bank_details")?;
    r.bank_code = bank.opt("bank_code")?;
    r.branch_code = bank.opt("branch_code")?;
    r.bank_code_in_payments_system = bank.opt("bank_code_in_payments_system")?;
    bank.finish()?;
    let mut payments = p.nested("payments_details")?;
    r.payments_method = payments.opt("payments_method")?;
    r.payments_provider = payments.opt("payments_provider")?;
    payments.finish()?;
    Ok(r)
}

fn with_id(mut answer: Array, withdrawal_id: &str) -> Array {
    answer.insert("withdrawal_id", withdrawal_id);
    answer
}

fn content_type_of(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".png") {
        "image/png"
    } else if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
        "image/jpeg"
    } else if lower.ends_with(".pdf") {
        "application/pdf"
    } else {
        "application/octet-stream"
    }
}

/// Named parameters of one call; each is taken once, and leftovers are refused as typos.
struct Params {
    map: Array,
    prefix: String,
}

impl Params {
    fn parse(json: &str) -> Result<Params, Error> {
        let json = if json.trim().is_empty() { "{}" } else { json };
        match decode(json).map_err(|e| Error::validation("params", e.to_string()))? {
            Value::Array(map) if map.is_empty() || map.shape() == Shape::Object => Ok(Params {
                map,
                prefix: String::new(),
            }),
            other => Err(Error::validation(
                "params",
                format!("must be a JSON object, got {}", other.type_name()),
            )),
        }
    }

    fn name(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    fn take(&mut self, key: &str) -> Option<Value> {
        self.map.remove(key).filter(|v| !v.is_null())
    }

    /// A text parameter; integers are accepted as their decimal text, as PHP would print them.
    fn opt(&mut self, key: &str) -> Result<Option<String>, Error> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s)),
            Some(Value::Int(i)) => Ok(Some(i.to_string())),
            Some(v) => Err(Error::validation(
                self.name(key),
                format!("must be a string, got {}", v.type_name()),
            )),
        }
    }

    fn req(&mut self, key: &str) -> Result<String, Error> {
        self.opt(key)?
            .ok_or_else(|| Error::validation(self.name(key), "is required"))
    }

    fn amount(&mut self, key: &str) -> Result<Option<Result<Amount, String>>, Error> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Int(i)) => Ok(Some(Amount::parse(&i.to_string()).map_err(|_| "must be greater than zero".to_owned()))),
            Some(Value::Str(s)) => Ok(Some(Amount::parse(&s))),
            Some(Value::Float(_)) => Err(Error::validation(
                self.name(key),
                "pass amounts as integers or decimal strings (\"1000.50\"), never floats, so nothing is rounded",
            )),
            Some(v) => Err(Error::validation(self.name(key), format!("must be an amount, got {}", v.type_name()))),
        }
    }

    fn bool(&mut self, key: &str) -> Result<Option<bool>, Error> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(v) => Err(Error::validation(
                self.name(key),
                format!("must be true or false, got {}", v.type_name()),
            )),
        }
    }

    fn int(&mut self, key: &str) -> Result<Option<u64>, Error> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Int(i)) if i >= 0 => Ok(Some(i as u64)),
            Some(v) => Err(Error::validation(
                self.name(key),
                format!("must be a non-negative integer, got {}", v.type_name()),
            )),
        }
    }

    fn list(&mut self, key: &str) -> Result<Vec<String>, Error> {
        let name = self.name(key);
        match self.take(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(a)) => a
                .values()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::Str(s) => Ok(s.clone()),
                    Value::Int(n) => Ok(n.to_string()),
                    other => Err(Error::validation(
                        format!("{name}[{i}]"),
                        format!("must be a string, got {}", other.type_name()),
                    )),
                })
                .collect(),
            Some(Value::Str(s)) => Ok(vec![s]),
            Some(v) => Err(Error::validation(
                name,
                format!("must be a list of strings, got {}", v.type_name()),
            )),
        }
    }

    fn nested(&mut self, key: &str) -> Result<Params, Error> {
        let prefix = format!("{}.", self.name(key));
        match self.take(key) {
            None => Ok(Params {
                map: Array::object(),
                prefix,
            }),
            Some(Value::Array(map)) => Ok(Params { map, prefix }),
            Some(v) => Err(Error::validation(
                self.name(key),
                format!("must be an object, got {}", v.type_name()),
            )),
        }
    }

    /// `[{"order": 1, "url": "..."}]`.
    fn urls(&mut self, key: &str) -> Result<Vec<(u32, String)>, Error> {
        let name = self.name(key);
        let Some(value) = self.take(key) else {
            return Ok(Vec::new());
        };
        let Value::Array(list) = value else {
            return Err(Error::validation(
                name,
                "must be a list of {\"order\", \"url\"} objects",
            ));
        };
        list.values()
            .enumerate()
            .map(|(i, item)| {
                let Value::Array(item) = item else {
                    return Err(Error::validation(
                        format!("{name}[{i}]"),
                        "must be an {\"order\", \"url\"} object",
                    ));
                };
                let mut p = Params {
                    map: item.clone(),
                    prefix: format!("{name}[{i}]."),
                };
                let order = p
                    .int("order")?
                    .ok_or_else(|| Error::validation(p.name("order"), "is required"))?;
                let url = p.req("url")?;
                p.finish()?;
                Ok((u32::try_from(order).unwrap_or(u32::MAX), url))
            })
            .collect()
    }

    fn finish(self) -> Result<(), Error> {
        match self.map.iter().next() {
            Some((k, _)) => Err(Error::validation(
                format!("{}{k}", self.prefix),
                "is not a parameter of this operation",
            )),
            None => Ok(()),
        }
    }
}
