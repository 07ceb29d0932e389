//! Withdrawal requests, signed with the withdrawal private key and sent without the `secret`.

use super::request::{JsonObject, Method, PreparedRequest};
use super::rules::{amount_field, text_field, Endpoint};
use crate::money::{Amount, IntoAmount};
use crate::php::{Array, Value};
use crate::{sign_json, validate, Error};

const PATH: &str = "/v2/withdrawal/create";

/// `POST /v2/withdrawal/create`. `new` gives the request a fresh `withdrawal_id` at once (store it
/// before sending; replace it with yours through `.withdrawal_id(...)`), so a retried withdrawal
/// is the same withdrawal. A request built without an id gets one when it is prepared.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CreateWithdrawal {
    pub withdrawal_id: Option<String>,
    pub payment_system: String,
    pub amount: Option<Result<Amount, String>>,
    pub currency_code: String,
    pub label: String,
    pub is_test: bool,
    pub account_number: Option<String>,
    pub account_name: Option<String>,
    pub account_email: Option<String>,
    pub receiver_name: Option<String>,
    pub comment: Option<String>,
    pub iban: Option<String>,
    pub account_type: Option<String>,
    pub document_type: Option<String>,
    pub document_id: Option<String>,
    pub account_digit: Option<String>,
    /// `payments_details.payments_method` / `payments_provider`.
    pub payments_method: Option<String>,
    pub payments_provider: Option<String>,
    /// `bank_details.bank_code` / `branch_code` / `bank_code_in_payments_system`.
    pub bank_code: Option<String>,
    pub branch_code: Option<String>,
    pub bank_code_in_payments_system: Option<String>,
    /// Limits you know for this payment system (the gateway also enforces its own).
    pub min_amount: Option<Amount>,
    pub max_amount: Option<Amount>,
}

macro_rules! setters {
    ($($name:ident),*) => {$(
        pub fn $name(mut self, value: impl Into<String>) -> Self {
            self.$name = Some(value.into());
            self
        }
    )*};
}

impl CreateWithdrawal {
    pub fn new(
        payment_system: impl Into<String>,
        amount: impl IntoAmount,
        currency_code: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        CreateWithdrawal {
            withdrawal_id: Some(generate_withdrawal_id()),
            payment_system: payment_system.into(),
            amount: validate::to_amount(amount),
            currency_code: currency_code.into(),
            label: label.into(),
            ..Default::default()
        }
    }

    setters!(
        withdrawal_id,
        account_number,
        account_name,
        account_email,
        receiver_name,
        comment,
        iban,
        account_type,
        document_type,
        document_id,
        account_digit,
        payments_method,
        payments_provider,
        bank_code,
        branch_code,
        bank_code_in_payments_system
    );

    pub fn test(mut self, is_test: bool) -> Self {
        self.is_test = is_test;
        self
    }

    pub fn limits(mut self, min: Option<Amount>, max: Option<Amount>) -> Self {
        self.min_amount = min;
        self.max_amount = max;
        self
    }

    fn check(&self) -> Result<Amount, Error> {
        let (e, wallet) = (
            Endpoint::CreateWithdrawal,
            Some(self.payment_system.as_str()),
        );
        text_field(e, "payment_system", None, wallet)?;
        text_field(e, "currency_code", wallet, Some(&self.currency_code))?;
        let amount = amount_field(e, "amount", wallet, &self.amount)?
            .ok_or_else(|| Error::validation("amount", "is required"))?;
        if let Some(min) = &self.min_amount {
            if amount.cmp_value(min).is_lt() {
                return Err(Error::validation(
                    "amount",
                    format!("must be at least {min}"),
                ));
            }
        }
        if let Some(max) = &self.max_amount {
            if amount.cmp_value(max).is_gt() {
                return Err(Error::validation(
                    "amount",
                    format!("must be at most {max}"),
                ));
            }
        }
        text_field(e, "label", wallet, Some(&self.label))?;
        for (field, value) in [
            ("withdrawal_id", &self.withdrawal_id),
            ("comment", &self.comment),
            ("account_number", &self.account_number),
            ("account_name", &self.account_name),
            ("account_email", &self.account_email),
            ("receiver_name", &self.receiver_name),
            ("payments_details.payments_method", &self.payments_method),
            (
                "payments_details.payments_provider",
                &self.payments_provider,
            ),
            ("bank_details.bank_code", &self.bank_code),
            ("bank_details.branch_code", &self.branch_code),
            (
                "bank_details.bank_code_in_payments_system",
                &self.bank_code_in_payments_system,
            ),
            ("iban", &self.iban),
            ("account_type", &self.account_type),
            ("document_type", &self.document_type),
            ("document_id", &self.document_id),
            ("account_digit", &self.account_digit),
        ] {
            text_field(e, field, wallet, value.as_deref())?;
        }
        Ok(amount)
    }

    /// The request body without its signature, in the documents' field order.
    fn unsigned_body(&self, withdrawal_id: &str, amount: &Amount) -> JsonObject {
        let nested = |pairs: &[(&str, &Option<String>)]| {
            let mut a = Array::object();
            for (k, v) in pairs {
                if let Some(v) = v {
                    a.insert(*k, v.as_str());
                }
            }
            (!a.is_empty()).then_some(Value::Array(a))
        };
        let mut body = JsonObject::new()
            .str("withdrawal_id", withdrawal_id)
            .str("payment_system", &self.payment_system)
            .number("amount", amount.as_str())
            .str("currency_code", &self.currency_code)
            .str("label", &self.label)
            .value("is_test", &Value::Bool(self.is_test));
        for (k, v) in [
            ("comment", &self.comment),
            ("account_number", &self.account_number),
            ("account_name", &self.account_name),
            ("account_email", &self.account_email),
            ("receiver_name", &self.receiver_name),
            ("account_type", &self.account_type),
            ("document_type", &self.document_type),
            ("document_id", &self.document_id),
            ("account_digit", &self.account_digit),
            ("iban", &self.iban),
        ] {
            body = body.opt_str(k, v.as_deref());
        }
        let payments = nested(&[
            ("payments_method", &self.payments_method),
            ("payments_provider", &self.payments_provider),
        ]);
        if let Some(p) = payments {
            body = body.value("payments_details", &p);
        }
        let bank = nested(&[
            ("bank_code", &self.bank_code),
            ("branch_code", &self.branch_code),
            (
                "bank_code_in_payments_system",
                &self.bank_code_in_payments_system,
            ),
        ]);
        if let Some(b) = bank {
            body = body.value("bank_details", &b);
        }
        body
    }

    /// Validates, fixes the `withdrawal_id` and signs. The id is in `PreparedWithdrawal::withdrawal_id`.
    pub fn prepare(&self, private_key: &str) -> Result<PreparedWithdrawal, Error> {
        let amount = self.check()?;
        let withdrawal_id = self
            .withdrawal_id
            .clone()
            .unwrap_or_else(generate_withdrawal_id);
        let unsigned = self.unsigned_body(&withdrawal_id, &amount).finish();
        let request = signed_request(unsigned, private_key)?;
        Ok(PreparedWithdrawal {
            withdrawal_id,
            request,
        })
    }
}

/// A signed withdrawal and the id it carries.
#[derive(Clone, Debug, PartialEq)]
pub struct PreparedWithdrawal {
    pub withdrawal_id: String,
    pub request: PreparedRequest,
}

/// The older withdrawal field set (`wallet_type`, `wallet_recipient`, `wallet_sender`, `email`),
/// still accepted at `POST /v2/withdrawal/create`; the gateway answers with the created record.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LegacyWithdrawal {
    pub wallet_type: String,
    pub wallet_recipient: String,
    /// Four arbitrary digits: the gateway picks the real sender.
    pub wallet_sender: String,
    pub account_name: Option<String>,
    pub account_number: Option<String>,
    pub email: Option<String>,
    pub amount: Option<Result<Amount, String>>,
    /// Your withdrawal id (digits); generated before the first attempt when absent.
    pub withdrawal_id: Option<String>,
}

impl LegacyWithdrawal {
    pub fn new(
        wallet_type: impl Into<String>,
        wallet_recipient: impl Into<String>,
        amount: impl IntoAmount,
    ) -> Self {
        LegacyWithdrawal {
            wallet_type: wallet_type.into(),
            wallet_recipient: wallet_recipient.into(),
            wallet_sender: "1111".to_owned(),
            amount: validate::to_amount(amount),
            withdrawal_id: Some(generate_numeric_id()),
            ..Default::default()
        }
    }

    setters!(account_name, account_number, email, withdrawal_id);

    pub fn wallet_sender(mut self, digits: impl Into<String>) -> Self {
        self.wallet_sender = digits.into();
        self
    }

    pub fn prepare(&self, private_key: &str) -> Result<PreparedWithdrawal, Error> {
        let (e, wallet) = (Endpoint::LegacyWithdrawal, Some(self.wallet_type.as_str()));
        text_field(e, "wallet_type", None, wallet)?;
        text_field(e, "wallet_recipient", wallet, Some(&self.wallet_recipient))?;
        // "wallet_recipient (For the Paytm method) must contain the Paytm wallet number without
        // the international code +91" (general page, the older withdrawal request).
        if self.wallet_type == "paytm" && self.wallet_recipient.starts_with('+') {
            return Err(Error::validation(
                "wallet_recipient",
                "PayTM wallet numbers go without the +91 international code",
            ));
        }
        text_field(e, "wallet_sender", wallet, Some(&self.wallet_sender))?;
        text_field(e, "email", wallet, self.email.as_deref())?;
        text_field(e, "account_name", wallet, self.account_name.as_deref())?;
        text_field(e, "account_number", wallet, self.account_number.as_deref())?;
        let amount = amount_field(e, "amount", wallet, &self.amount)?
            .ok_or_else(|| Error::validation("amount", "is required"))?;
        let withdrawal_id = match &self.withdrawal_id {
            Some(id) => {
                text_field(e, "withdrawal_id", wallet, Some(id))?;
                id.clone()
            }
            None => generate_numeric_id(),
        };
        let unsigned = JsonObject::new()
            .str("wallet_type", &self.wallet_type)
            .str("wallet_recipient", &self.wallet_recipient)
            .str("wallet_sender", &self.wallet_sender)
            .opt_str("email", self.email.as_deref())
            .opt_str("account_name", self.account_name.as_deref())
            .opt_str("account_number", self.account_number.as_deref())
            .number("amount", amount.as_str())
            .str("withdrawal_id", &withdrawal_id)
            .finish();
        Ok(PreparedWithdrawal {
            withdrawal_id,
            request: signed_request(unsigned, private_key)?,
        })
    }
}

/// Signs the body exactly as the gateway will decode it, then appends the signature.
fn signed_request(unsigned_json: String, private_key: &str) -> Result<PreparedRequest, Error> {
    let signature = sign_json(&unsigned_json, private_key).map_err(|e| match e {
        Error::Validation { field, reason } if field == "private_key" => Error::Validation {
            field: "withdrawal_private_key".to_owned(),
            reason,
        },
        other => other,
    })?;
    let mut body = unsigned_json;
    body.pop();
    body.push_str(&format!(",\"signature\":\"{signature}\"}}"));
    Ok(PreparedRequest {
        method: Method::Post,
        path: PATH.to_owned(),
        query: Vec::new(),
        body: super::request::Body::Json(body),
        needs_secret: false,
        retry_safe: true,
    })
}

/// 32 random hex digits with a prefix: 36 characters, the documented maximum.
fn generate_withdrawal_id() -> String {
    let (a, b) = random_u64_pair();
    format!("sdk-{a:016x}{b:016x}")
}

fn generate_numeric_id() -> String {
    let (a, _) = random_u64_pair();
    format!("{}", a % 900_000_000_000_000_000 + 100_000_000_000_000_000)
}

/// Randomness from the standard library's per-process random hasher keys, time and a counter.
fn random_u64_pair() -> (u64, u64) {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut out = [0u64; 2];
    for (i, slot) in out.iter_mut().enumerate() {
        let mut h = RandomState::new().build_hasher();
        h.write_u128(nanos);
        h.write_u64(n);
        h.write_usize(i);
        *slot = h.finish();
    }
    (out[0], out[1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php::decode;

    fn easypaisa() -> CreateWithdrawal {
        CreateWithdrawal::new("easypaisa", 10000, "PKR", "125199")
            .withdrawal_id("1234567test")
            .account_number("03405135211")
            .account_name("Muhammad Saqib Mushtaq")
            .test(true)
    }

    #[test]
    fn signs_the_body_it_sends() {
        let w = easypaisa().prepare("key").unwrap();
        let body = w.request.json_body().unwrap();
        let decoded = decode(body).unwrap();
        let a = decoded.as_array().unwrap();
        let sig = a.get("signature").and_then(Value::as_str).unwrap();
        assert_eq!(sig, crate::sign(a, "key").unwrap());
        assert_eq!(a.get("amount"), Some(&Value::Int(10000)));
        assert_eq!(a.get("is_test"), Some(&Value::Bool(true)));
        assert!(!w.request.needs_secret);
    }

    #[test]
    fn generates_one_id_before_sending() {
        let w = CreateWithdrawal {
            withdrawal_id: None,
            ..easypaisa()
        }
        .prepare("key")
        .unwrap();
        assert_eq!(w.withdrawal_id.len(), 36);
        assert!(w.request.json_body().unwrap().contains(&w.withdrawal_id));
        let other = CreateWithdrawal {
            withdrawal_id: None,
            ..easypaisa()
        }
        .prepare("key")
        .unwrap();
        assert_ne!(w.withdrawal_id, other.withdrawal_id);
    }

    #[test]
    fn wallet_rules_name_the_field() {
        let field = |w: CreateWithdrawal| w.prepare("key").unwrap_err().field().unwrap().to_owned();
        assert_eq!(
            field(easypaisa().account_number("04405135211")),
            "account_number"
        );
        assert_eq!(
            field(easypaisa().account_name("Muhammad 2")),
            "account_name"
        );
        assert_eq!(
            field(easypaisa().account_name(&"A".repeat(31))),
            "account_name"
        );
        assert_eq!(
            field(CreateWithdrawal {
                currency_code: "INR".into(),
                ..easypaisa()
            }),
            "currency_code"
        );
        assert_eq!(
            field(CreateWithdrawal {
                amount: validate::to_amount("100.5"),
                ..easypaisa()
            }),
            "amount"
        );
        assert_eq!(
            field(easypaisa().withdrawal_id("x".repeat(37))),
            "withdrawal_id"
        );
        assert_eq!(field(easypaisa().comment("abc")), "comment");
        assert_eq!(
            field(CreateWithdrawal {
                label: String::new(),
                ..easypaisa()
            }),
            "label"
        );
        let ipay = CreateWithdrawal::new("ipay", 10000, "LKR", "125199")
            .account_number("07123456")
            .account_name("Test Name Acc");
        assert_eq!(field(ipay.clone()), "bank_details.bank_code");
        assert!(ipay.bank_code("Bank Of Ceylon").prepare("key").is_ok());
        assert_eq!(
            field(easypaisa().limits(None, Some(Amount::parse("5000").unwrap()))),
            "amount"
        );
        let unknown = CreateWithdrawal::new("brand_new_wallet", 10, "USD", "1");
        assert!(
            unknown.prepare("key").is_ok(),
            "unknown wallets pass with the generic rules"
        );
        assert_eq!(
            easypaisa().prepare("").unwrap_err().field(),
            Some("withdrawal_private_key")
        );
    }
}
