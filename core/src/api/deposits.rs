//! Deposit requests: payment systems, payment creation, activation, stockpiling info.

use super::request::{FilePart, JsonObject, Method, Multipart, PreparedRequest};
use crate::money::{Amount, IntoAmount};
use crate::validate;
use crate::wallets::limits::{CUSTOM_TRANSACTION_ID_MAX, KEY1_MAX, LABEL_MAX};
use crate::Error;

fn label(value: &str) -> Result<(), Error> {
    validate::length("label", value, 1, LABEL_MAX)
}

/// `GET /api/v1/payment-systems/available`: the payment systems working in these currencies.
#[derive(Clone, Debug, PartialEq)]
pub struct PaymentSystemsAvailable {
    pub currency_codes: Vec<String>,
    pub label: String,
}

impl PaymentSystemsAvailable {
    pub fn new<S: Into<String>>(
        currency_codes: impl IntoIterator<Item = S>,
        label: impl Into<String>,
    ) -> Self {
        PaymentSystemsAvailable {
            currency_codes: currency_codes.into_iter().map(Into::into).collect(),
            label: label.into(),
        }
    }

    pub fn prepare(&self) -> Result<PreparedRequest, Error> {
        if self.currency_codes.is_empty() {
            return Err(Error::validation(
                "currency_code",
                "needs at least one currency code",
            ));
        }
        let mut query = Vec::new();
        for code in &self.currency_codes {
            validate::currency_code("currency_code", code)?;
            query.push(("currency_code[]".to_owned(), code.clone()));
        }
        label(&self.label)?;
        query.push(("label".to_owned(), self.label.clone()));
        Ok(PreparedRequest::get(
            "/api/v1/payment-systems/available",
            query,
        ))
    }
}

/// `POST /api/v1/payment/save-transaction-custom-id`: your transaction id, echoed in the postback.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveTransactionCustomId {
    pub label: String,
    pub transaction_custom_id: String,
}

impl SaveTransactionCustomId {
    pub fn new(label: impl Into<String>, transaction_custom_id: impl Into<String>) -> Self {
        SaveTransactionCustomId {
            label: label.into(),
            transaction_custom_id: transaction_custom_id.into(),
        }
    }

    pub fn prepare(&self) -> Result<PreparedRequest, Error> {
        label(&self.label)?;
        validate::length(
            "transaction_custom_id",
            &self.transaction_custom_id,
            1,
            LABEL_MAX,
        )?;
        let body = JsonObject::new()
            .str("label", &self.label)
            .str("transaction_custom_id", &self.transaction_custom_id);
        Ok(PreparedRequest::post_json(
            "/api/v1/payment/save-transaction-custom-id",
            body,
            true,
        ))
    }
}

/// `GET /wallet-type/images/`: the guide images and videos of each payment system.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MediaHints;

impl MediaHints {
    pub fn prepare(&self) -> Result<PreparedRequest, Error> {
        Ok(PreparedRequest::get("/wallet-type/images/", Vec::new()))
    }
}

/// `POST /api/v1/transaction/create/{wallet_type}`: the wallet details the user must pay to.
/// Not retried: it carries no id of yours, so a retry could open a second payment.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateTransaction {
    pub wallet_type: String,
    pub currency: String,
    pub label: String,
}

impl CreateTransaction {
    pub fn new(
        wallet_type: impl Into<String>,
        currency: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        CreateTransaction {
            wallet_type: wallet_type.into(),
            currency: currency.into(),
            label: label.into(),
        }
    }

    pub fn prepare(&self) -> Result<PreparedRequest, Error> {
        validate::wallet_currency("wallet_type", &self.wallet_type, "currency", &self.currency)?;
        label(&self.label)?;
        let body = JsonObject::new()
            .str("currency", &self.currency)
            .str("label", &self.label);
        Ok(PreparedRequest::post_json(
            format!("/api/v1/transaction/create/{}", self.wallet_type),
            body,
            false,
        ))
    }
}

/// `POST /api/v1/transaction/activate`: activates a payment with the user's transaction number.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivateTransaction {
    pub currency_code: String,
    pub wallet_type: String,
    pub label: String,
    /// The transaction number the user got from the wallet app.
    pub key1: String,
    pub amount: Option<Result<Amount, String>>,
    /// Your unique id for this payment; it makes the request safe to retry.
    pub custom_transaction_id: String,
}

impl ActivateTransaction {
    pub fn new(
        wallet_type: impl Into<String>,
        currency_code: impl Into<String>,
        label: impl Into<String>,
        key1: impl Into<String>,
        custom_transaction_id: impl Into<String>,
    ) -> Self {
        ActivateTransaction {
            currency_code: currency_code.into(),
            wallet_type: wallet_type.into(),
            label: label.into(),
            key1: key1.into(),
            amount: None,
            custom_transaction_id: custom_transaction_id.into(),
        }
    }

    pub fn amount(mut self, amount: impl IntoAmount) -> Self {
        self.amount = validate::to_amount(amount);
        self
    }

    fn fields(&self, amount_required: bool) -> Result<Vec<(&'static str, String)>, Error> {
        let system = validate::wallet_currency(
            "wallet_type",
            &self.wallet_type,
            "currency_code",
            &self.currency_code,
        )?;
        label(&self.label)?;
        match system.and_then(|p| p.key1_digits) {
            Some(n) => validate::digits("key1", &self.key1, n)?,
            None => validate::length("key1", &self.key1, 1, KEY1_MAX)?,
        }
        validate::length(
            "custom_transaction_id",
            &self.custom_transaction_id,
            1,
            CUSTOM_TRANSACTION_ID_MAX,
        )?;
        let needs_amount = amount_required || system.is_some_and(|p| p.activation_needs_amount);
        let amount = match (&self.amount, needs_amount) {
            (None, false) => None,
            (a, _) => Some(validate::amount("amount", a.clone(), 2)?),
        };
        let mut fields = vec![
            ("currency_code", self.currency_code.clone()),
            ("wallet_type", self.wallet_type.clone()),
            ("label", self.label.clone()),
            ("key1", self.key1.clone()),
        ];
        if let Some(a) = amount {
            fields.push(("amount", a.as_str().to_owned()));
        }
        fields.push(("custom_transaction_id", self.custom_transaction_id.clone()));
        Ok(fields)
    }

    pub fn prepare(&self) -> Result<PreparedRequest, Error> {
        let mut body = JsonObject::new();
        for (k, v) in self.fields(false)? {
            body = if k == "amount" {
                body.number(k, &v)
            } else {
                body.str(k, &v)
            };
        }
        Ok(PreparedRequest::post_json(
            "/api/v1/transaction/activate",
            body,
            true,
        ))
    }
}

/// `POST /api/v1/possible-transaction/activate` (multipart): manual activation of a possible
/// transaction, with an optional payment screenshot. Used when the payment system `is_manual`.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivatePossibleTransaction {
    pub activation: ActivateTransaction,
    pub screenshot: Option<FilePart>,
}

impl ActivatePossibleTransaction {
    pub fn new(activation: ActivateTransaction) -> Self {
        ActivatePossibleTransaction {
            activation,
            screenshot: None,
        }
    }

    /// Attaches the payment screenshot (`image/png`, `image/jpeg` ...).
    pub fn screenshot(
        mut self,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        bytes: Vec<u8>,
    ) -> Self {
        self.screenshot = Some(FilePart {
            field: "screenshot".to_owned(),
            filename: filename.into(),
            content_type: content_type.into(),
            bytes,
        });
        self
    }

    pub fn prepare(&self) -> Result<PreparedRequest, Error> {
        let fields = self.activation.fields(true)?;
        if let Some(file) = &self.screenshot {
            if file.bytes.is_empty() {
                return Err(Error::validation("screenshot", "is empty"));
            }
            validate::length("screenshot", &file.filename, 1, LABEL_MAX)?;
        }
        let form = Multipart {
            fields: fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            file: self.screenshot.clone(),
        };
        Ok(PreparedRequest {
            method: Method::Post,
            path: "/api/v1/possible-transaction/activate".to_owned(),
            query: Vec::new(),
            body: super::request::Body::Multipart(form),
            needs_secret: true,
            retry_safe: true,
        })
    }
}

/// `POST /api/v1/payment/create/{payment_system}`: a payment that needs no activation.
#[derive(Clone, Debug, PartialEq)]
pub struct CreatePayment {
    pub payment_system: String,
    pub language: String,
    pub currency: String,
    pub bank: String,
    pub amount: Option<Result<Amount, String>>,
    pub label: String,
    pub redirect_url: String,
    pub custom_transaction_id: String,
}

impl CreatePayment {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        payment_system: impl Into<String>,
        currency: impl Into<String>,
        amount: impl IntoAmount,
        label: impl Into<String>,
        custom_transaction_id: impl Into<String>,
    ) -> Self {
        CreatePayment {
            payment_system: payment_system.into(),
            language: "en".to_owned(),
            currency: currency.into(),
            bank: String::new(),
            amount: validate::to_amount(amount),
            label: label.into(),
            redirect_url: String::new(),
            custom_transaction_id: custom_transaction_id.into(),
        }
    }

    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = language.into();
        self
    }

    pub fn bank(mut self, bank: impl Into<String>) -> Self {
        self.bank = bank.into();
        self
    }

    pub fn redirect_url(mut self, url: impl Into<String>) -> Self {
        self.redirect_url = url.into();
        self
    }

    pub fn prepare(&self) -> Result<PreparedRequest, Error> {
        validate::wallet_currency(
            "payment_system",
            &self.payment_system,
            "currency",
            &self.currency,
        )?;
        if self.language.len() != 2 || !self.language.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(Error::validation(
                "language",
                format!("must be a 2-letter language code, got {:?}", self.language),
            ));
        }
        if self.bank.len() != 3 || !self.bank.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(Error::validation(
                "bank",
                format!("must be the bank's 3-character code, got {:?}", self.bank),
            ));
        }
        let amount = validate::amount("amount", self.amount.clone(), 2)?;
        label(&self.label)?;
        validate::url("redirect_url", &self.redirect_url)?;
        validate::length(
            "custom_transaction_id",
            &self.custom_transaction_id,
            1,
            CUSTOM_TRANSACTION_ID_MAX,
        )?;
        let body = JsonObject::new()
            .str("language", &self.language)
            .str("currency", &self.currency)
            .str("bank", &self.bank)
            .number("amount", amount.as_str())
            .str("label", &self.label)
            .str("redirect_url", &self.redirect_url)
            .str("custom_transaction_id", &self.custom_transaction_id);
        Ok(PreparedRequest::post_json(
            format!("/api/v1/payment/create/{}", self.payment_system),
            body,
            true,
        ))
    }
}

/// `GET /api/v1/deposit-info`: a user's stockpiled sum below the minimum deposit.
#[derive(Clone, Debug, PartialEq)]
pub struct DepositInfo {
    pub label: String,
    pub wallet_type: String,
    pub currency: String,
}

impl DepositInfo {
    pub fn new(
        wallet_type: impl Into<String>,
        currency: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        DepositInfo {
            label: label.into(),
            wallet_type: wallet_type.into(),
            currency: currency.into(),
        }
    }

    pub fn prepare(&self) -> Result<PreparedRequest, Error> {
        validate::wallet_currency("wallet_type", &self.wallet_type, "currency", &self.currency)?;
        label(&self.label)?;
        let query = vec![
            ("label".to_owned(), self.label.clone()),
            ("wallet_type".to_owned(), self.wallet_type.clone()),
            ("currency".to_owned(), self.currency.clone()),
        ];
        Ok(PreparedRequest::get("/api/v1/deposit-info", query))
    }
}
