//! The value-level front door for the bindings: an [`Operation`] read from named parameters (a
//! PHP value: a Python dict, a JS object, a PHP array, or the C ABI's JSON once decoded), run by
//! [`Client::run`]. The names are the gateway's field names; each is read once, and leftovers are
//! refused as typos.

use super::recovery::SentId;
use super::Client;
use crate::api::*;
use crate::money::Amount;
use crate::php::{decode, encode, Array, Shape, Value};
use crate::Error;

/// One gateway operation with its typed parameters.
#[derive(Clone, Debug)]
pub enum Operation {
    PaymentSystemsAvailable(PaymentSystemsAvailable),
    SaveTransactionCustomId(SaveTransactionCustomId),
    MediaHints,
    CreateTransaction(CreateTransaction),
    ActivateTransaction(ActivateTransaction),
    ActivatePossibleTransaction(ActivatePossibleTransaction),
    CreatePayment(CreatePayment),
    DepositInfo(DepositInfo),
    HashUrls(HashUrls),
    CreateWithdrawal(CreateWithdrawal),
    CreateLegacyWithdrawal(LegacyWithdrawal),
    GetPostback(GetPostback),
    PullPostbacks(PullPostbacks),
    AccountsBalance,
}

/// Every operation's name, as [`Operation::from_value`] reads it.
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

impl Operation {
    /// The operation `name` (one of [`OPERATIONS`]) with its named parameters: an object, or
    /// null for none.
    pub fn from_value(name: &str, params: Value) -> Result<Operation, Error> {
        let mut p = Params::new(params)?;
        let operation = match name {
            "payment_systems_available" => {
                Operation::PaymentSystemsAvailable(PaymentSystemsAvailable {
                    currency_codes: p.list("currency_codes")?,
                    label: p.req("label")?,
                })
            }
            "save_transaction_custom_id" => Operation::SaveTransactionCustomId(
                SaveTransactionCustomId::new(p.req("label")?, p.req("transaction_custom_id")?),
            ),
            "media_hints" => Operation::MediaHints,
            "create_transaction" => Operation::CreateTransaction(CreateTransaction::new(
                p.req("wallet_type")?,
                p.req("currency")?,
                p.req("label")?,
            )),
            "activate_transaction" => Operation::ActivateTransaction(activation(&mut p)?),
            "activate_possible_transaction" => {
                Operation::ActivatePossibleTransaction(possible_activation(&mut p)?)
            }
            "create_payment" => Operation::CreatePayment(payment(&mut p)?),
            "deposit_info" => {
                let mut r =
                    DepositInfo::new(p.req("wallet_type")?, p.req("currency")?, p.req("label")?);
                r.code = p.opt("code")?;
                Operation::DepositInfo(r)
            }
            "hash_urls" => Operation::HashUrls(HashUrls {
                success_urls: p.urls("success_urls")?,
                fail_urls: p.urls("fail_urls")?,
                pending_urls: p.urls("pending_urls")?,
            }),
            "create_withdrawal" => Operation::CreateWithdrawal(withdrawal(&mut p)?),
            "create_legacy_withdrawal" => {
                Operation::CreateLegacyWithdrawal(legacy_withdrawal(&mut p)?)
            }
            "get_postback" => Operation::GetPostback(GetPostback {
                kind: LookupType::parse(&p.req("type")?)?,
                transaction_id: p.opt("transaction_id")?,
                custom_id: p.opt("custom_id")?,
                withdrawal_id: p.opt("withdrawal_id")?,
            }),
            "pull_postbacks" => Operation::PullPostbacks(pull_postbacks(&mut p)?),
            "accounts_balance" => Operation::AccountsBalance,
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
        p.finish()?;
        Ok(operation)
    }
}

impl Client {
    /// Runs one operation and returns the gateway's answer (plus the `withdrawal_id` sent, for
    /// withdrawals).
    pub fn run(&self, operation: &Operation) -> Result<Array, Error> {
        match operation {
            Operation::PaymentSystemsAvailable(r) => self.transport.send(&r.prepare()?),
            Operation::SaveTransactionCustomId(r) => self.save_transaction_custom_id(r),
            Operation::MediaHints => self.media_hints(),
            Operation::CreateTransaction(r) => self.transport.send(&r.prepare()?),
            Operation::ActivateTransaction(r) => super::results::activation_answer(
                self.send_with_id(&r.prepare()?, SentId::Deposit(&r.custom_transaction_id)),
            ),
            Operation::ActivatePossibleTransaction(r) => self.activate_possible_transaction(r),
            Operation::CreatePayment(r) => self.create_payment(r),
            Operation::DepositInfo(r) => self.transport.send(&r.prepare()?),
            Operation::HashUrls(r) => self.transport.send(&r.prepare()?),
            Operation::CreateWithdrawal(r) => Ok(with_id(self.create_withdrawal(r)?)),
            Operation::CreateLegacyWithdrawal(r) => Ok(with_id(self.create_legacy_withdrawal(r)?)),
            Operation::GetPostback(r) => self.transport.send(&r.prepare()?),
            Operation::PullPostbacks(r) => self.transport.send(&r.prepare()?),
            Operation::AccountsBalance => self.transport.send(&AccountsBalance.prepare()?),
        }
    }

    /// [`Client::run`] with the parameters and the answer as JSON text: the C ABI's form.
    pub fn call(&self, operation: &str, params_json: &str) -> Result<String, Error> {
        let answer = self.run(&Operation::from_value(
            operation,
            params_from_json(params_json)?,
        )?)?;
        Ok(encode(&Value::Array(answer)).unwrap_or_else(|_| "null".to_owned()))
    }
}

/// The payment window link's fields ([`PluginUrl`]) from named parameters.
pub fn plugin_url_from_value(params: Value) -> Result<PluginUrl, Error> {
    let mut p = Params::new(params)?;
    let mut url = PluginUrl::new(p.req("label")?);
    url.currency_code = p.opt("currency_code")?;
    url.lang = p.opt("lang")?;
    url.wallet_type = p.opt("wallet_type")?;
    url.custom_transaction_id = p.opt("custom_transaction_id")?;
    url.fixed_amount = p.amount("fixed_amount")?;
    url.payment_url_success_id = p.u32("payment_url_success_id")?;
    url.payment_url_pending_id = p.u32("payment_url_pending_id")?;
    url.payment_url_fail_id = p.u32("payment_url_fail_id")?;
    url.success_url = p.opt("success_url")?;
    url.fail_url = p.opt("fail_url")?;
    url.pending_url = p.opt("pending_url")?;
    p.finish()?;
    Ok(url)
}

/// The payment window link from JSON parameters (the [`PluginUrl`] fields): the C ABI's form.
pub fn plugin_url_json(plugin_base_url: &str, params_json: &str) -> Result<String, Error> {
    plugin_url_from_value(params_from_json(params_json)?)?.build(plugin_base_url)
}

/// Parameters as JSON text, read with PHP's JSON semantics; blank text is no parameters.
pub fn params_from_json(json: &str) -> Result<Value, Error> {
    if json.trim().is_empty() {
        return Ok(Value::Null);
    }
    decode(json).map_err(|e| Error::validation("params", e.to_string()))
}

fn possible_activation(p: &mut Params) -> Result<ActivatePossibleTransaction, Error> {
    let mut r = ActivatePossibleTransaction::new(activation(p)?);
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
    Ok(r)
}

fn payment(p: &mut Params) -> Result<CreatePayment, Error> {
    let mut r = CreatePayment::new(
        p.req("payment_system")?,
        p.req("currency")?,
        "1",
        p.req("label")?,
        p.req("custom_transaction_id")?,
    );
    r.amount = Some(p.required_amount("amount")?);
    r.language = p.opt("language")?.unwrap_or_else(|| "en".to_owned());
    r.bank = p.req("bank")?;
    r.redirect_url = p.req("redirect_url")?;
    Ok(r)
}

fn legacy_withdrawal(p: &mut Params) -> Result<LegacyWithdrawal, Error> {
    let mut r = LegacyWithdrawal::new(p.req("wallet_type")?, p.req("wallet_recipient")?, "1");
    r.amount = Some(p.required_amount("amount")?);
    r.wallet_sender = p.opt("wallet_sender")?.unwrap_or(r.wallet_sender);
    r.account_name = p.opt("account_name")?;
    r.account_number = p.opt("account_number")?;
    r.email = p.opt("email")?;
    r.withdrawal_id = p.opt("withdrawal_id")?;
    Ok(r)
}

fn pull_postbacks(p: &mut Params) -> Result<PullPostbacks, Error> {
    let kind = LookupType::parse(&p.req("type")?)?;
    let ids = match kind {
        LookupType::Deposit => p.list("plugin_custom_order_ids")?,
        LookupType::Withdrawal => p.list("withdrawal_ids")?,
    };
    Ok(PullPostbacks { kind, ids })
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
    r.amount = Some(p.required_amount("amount")?);
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

fn with_id(created: super::CreatedWithdrawal) -> Array {
    let mut answer = created.raw;
    answer.insert("withdrawal_id", created.withdrawal_id);
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
    fn new(params: Value) -> Result<Params, Error> {
        match params {
            Value::Null => Ok(Params {
                map: Array::object(),
                prefix: String::new(),
            }),
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

    fn required_amount(&mut self, key: &str) -> Result<Result<Amount, String>, Error> {
        self.amount(key)?
            .ok_or_else(|| Error::validation(self.name(key), "is required"))
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

    /// A link id or hash-url order: refused, never truncated, when it does not fit a u32.
    fn u32(&mut self, key: &str) -> Result<Option<u32>, Error> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Int(i)) => u32::try_from(i).map(Some).map_err(|_| {
                Error::validation(
                    self.name(key),
                    format!("must be an integer from 0 to {}, got {i}", u32::MAX),
                )
            }),
            Some(v) => Err(Error::validation(
                self.name(key),
                format!(
                    "must be an integer from 0 to {}, got {}",
                    u32::MAX,
                    v.type_name()
                ),
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
                    .u32("order")?
                    .ok_or_else(|| Error::validation(p.name("order"), "is required"))?;
                let url = p.req("url")?;
                p.finish()?;
                Ok((order, url))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn object(pairs: &[(&str, Value)]) -> Value {
        let mut a = Array::object();
        for (k, v) in pairs {
            a.insert(*k, v.clone());
        }
        Value::Array(a)
    }

    #[test]
    fn a_link_id_past_u32_is_refused_not_truncated() {
        let with_id = |id: i64| {
            plugin_url_from_value(object(&[
                ("label", "l".into()),
                ("payment_url_success_id", Value::Int(id)),
            ]))
        };
        let max = with_id(u32::MAX as i64).unwrap();
        assert_eq!(max.payment_url_success_id, Some(u32::MAX));
        // 2^32 + 2 would have become 2 with `as u32`.
        let e = with_id(u32::MAX as i64 + 3).unwrap_err();
        assert_eq!(e.field(), Some("payment_url_success_id"));
        assert!(e.to_string().contains("4294967298"), "{e}");
        assert!(with_id(-1).is_err());

        let hash_urls = |order: i64| {
            let item = object(&[
                ("order", Value::Int(order)),
                ("url", "https://m.example/ok".into()),
            ]);
            let mut list = Array::list();
            list.push(item);
            Operation::from_value("hash_urls", object(&[("success_urls", Value::Array(list))]))
        };
        assert!(hash_urls(u32::MAX as i64).is_ok());
        let e = hash_urls(u32::MAX as i64 + 1).unwrap_err();
        assert_eq!(e.field(), Some("success_urls[0].order"), "{e}");
    }

    #[test]
    fn every_listed_name_is_an_operation() {
        for name in OPERATIONS {
            if let Err(e) = Operation::from_value(name, Value::Null) {
                assert!(e.field() != Some("operation"), "{name}: {e}");
            }
        }
        let e = Operation::from_value("no_such_operation", Value::Null).unwrap_err();
        assert_eq!(e.field(), Some("operation"));
    }

    #[test]
    fn parameters_become_typed_fields_and_leftovers_are_named() {
        let params = object(&[
            ("wallet_type", "easypaisa".into()),
            ("currency", "PKR".into()),
            ("label", Value::Int(42)),
        ]);
        match Operation::from_value("create_transaction", params.clone()).unwrap() {
            Operation::CreateTransaction(r) => {
                assert_eq!(r, CreateTransaction::new("easypaisa", "PKR", "42"))
            }
            other => panic!("{other:?}"),
        }
        let Value::Array(mut typo) = params else {
            unreachable!()
        };
        typo.insert("walet_type", "x");
        let e = Operation::from_value("create_transaction", Value::Array(typo)).unwrap_err();
        assert_eq!(e.field(), Some("walet_type"));
        let e = Operation::from_value("media_hints", Value::Str("x".into())).unwrap_err();
        assert_eq!(e.field(), Some("params"));
    }

    #[test]
    fn nested_parameters_are_named_by_their_path() {
        let bank = object(&[("bank_kode", "X".into())]);
        let params = object(&[
            ("payment_system", "imps".into()),
            ("currency_code", "INR".into()),
            ("label", "u".into()),
            ("amount", Value::Int(100)),
            ("bank_details", bank),
        ]);
        let e = Operation::from_value("create_withdrawal", params).unwrap_err();
        assert_eq!(e.field(), Some("bank_details.bank_kode"));
    }
}
