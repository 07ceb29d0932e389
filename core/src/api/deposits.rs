//! Deposit requests: payment systems, payment creation, activation, stockpiling info.

use super::request::{FilePart, JsonObject, Method, Multipart, PreparedRequest};
use super::rules::{amount_field, text_field, Endpoint};
use crate::money::{Amount, IntoAmount};
use crate::validate;
use crate::Error;

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
        let e = Endpoint::PaymentSystemsAvailable;
        let mut query = Vec::new();
        for code in &self.currency_codes {
            text_field(e, "currency_code", None, Some(code))?;
            query.push(("currency_code[]".to_owned(), code.clone()));
        }
        text_field(e, "label", None, Some(&self.label))?;
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
        let e = Endpoint::SaveTransactionCustomId;
        text_field(e, "label", None, Some(&self.label))?;
        text_field(
            e,
            "transaction_custom_id",
            None,
            Some(&self.transaction_custom_id),
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
        let (e, wallet) = (Endpoint::CreateTransaction, Some(self.wallet_type.as_str()));
        text_field(e, "wallet_type", None, wallet)?;
        text_field(e, "currency", wallet, Some(&self.currency))?;
        text_field(e, "label", None, Some(&self.label))?;
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

    /// The fields in the documents' order, checked by `endpoint`'s rules.
    fn fields(&self, e: Endpoint) -> Result<Vec<(&'static str, String)>, Error> {
        let wallet = Some(self.wallet_type.as_str());
        text_field(e, "wallet_type", None, wallet)?;
        text_field(e, "currency_code", wallet, Some(&self.currency_code))?;
        text_field(e, "label", wallet, Some(&self.label))?;
        text_field(e, "key1", wallet, Some(&self.key1))?;
        text_field(
            e,
            "custom_transaction_id",
            wallet,
            Some(&self.custom_transaction_id),
        )?;
        let amount = amount_field(e, "amount", wallet, &self.amount)?;
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
        for (k, v) in self.fields(Endpoint::ActivateTransaction)? {
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
        let e = Endpoint::ActivatePossibleTransaction;
        let fields = self.activation.fields(e)?;
        if let Some(file) = &self.screenshot {
            if file.bytes.is_empty() {
                return Err(Error::validation("screenshot", "is empty"));
            }
            text_field(e, "screenshot", None, Some(&file.filename))?;
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
        let (e, wallet) = (Endpoint::CreatePayment, Some(self.payment_system.as_str()));
        text_field(e, "payment_system", None, wallet)?;
        text_field(e, "language", wallet, Some(&self.language))?;
        text_field(e, "currency", wallet, Some(&self.currency))?;
        text_field(e, "bank", wallet, Some(&self.bank))?;
        let amount = amount_field(e, "amount", wallet, &self.amount)?
            .ok_or_else(|| Error::validation("amount", "is required"))?;
        text_field(e, "label", wallet, Some(&self.label))?;
        text_field(e, "redirect_url", wallet, Some(&self.redirect_url))?;
        text_field(
            e,
            "custom_transaction_id",
            wallet,
            Some(&self.custom_transaction_id),
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
    /// The documents' `code`, "filled in when wallet_type = manual".
    pub code: Option<String>,
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
            code: None,
        }
    }

    /// The `code` of a manual payment system's deposit.
    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    pub fn prepare(&self) -> Result<PreparedRequest, Error> {
        let (e, wallet) = (Endpoint::DepositInfo, Some(self.wallet_type.as_str()));
        text_field(e, "label", wallet, Some(&self.label))?;
        text_field(e, "wallet_type", None, wallet)?;
        text_field(e, "currency", wallet, Some(&self.currency))?;
        text_field(e, "code", wallet, self.code.as_deref())?;
        let mut query = vec![
            ("label".to_owned(), self.label.clone()),
            ("wallet_type".to_owned(), self.wallet_type.clone()),
            ("currency".to_owned(), self.currency.clone()),
        ];
        if let Some(code) = &self.code {
            query.push(("code".to_owned(), code.clone()));
        }
        Ok(PreparedRequest::get("/api/v1/deposit-info", query))
    }
}
