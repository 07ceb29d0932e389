//! Lookups and account requests: earlier postbacks, order statuses, balances, redirect URL hashes.

use super::request::{JsonObject, PreparedRequest};
use super::rules::{text_field, Endpoint};
use crate::php::{Array, Value};
use crate::Error;

/// Which kind of order a lookup is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookupType {
    Deposit,
    Withdrawal,
}

impl LookupType {
    pub fn as_str(self) -> &'static str {
        match self {
            LookupType::Deposit => "deposit",
            LookupType::Withdrawal => "withdrawal",
        }
    }

    pub fn parse(s: &str) -> Result<LookupType, Error> {
        match s {
            "deposit" => Ok(LookupType::Deposit),
            "withdrawal" => Ok(LookupType::Withdrawal),
            other => Err(Error::validation(
                "type",
                format!("must be \"deposit\" or \"withdrawal\", got {other:?}"),
            )),
        }
    }
}

/// `GET /api/v1/postback`: the postback sent earlier for one deposit or withdrawal.
#[derive(Clone, Debug, PartialEq)]
pub struct GetPostback {
    pub kind: LookupType,
    pub transaction_id: Option<String>,
    pub custom_id: Option<String>,
    pub withdrawal_id: Option<String>,
}

impl GetPostback {
    /// A deposit by the gateway's transaction number.
    pub fn deposit_by_transaction_id(id: impl Into<String>) -> Self {
        GetPostback {
            kind: LookupType::Deposit,
            transaction_id: Some(id.into()),
            custom_id: None,
            withdrawal_id: None,
        }
    }

    /// A deposit by your order id.
    pub fn deposit_by_custom_id(id: impl Into<String>) -> Self {
        GetPostback {
            kind: LookupType::Deposit,
            transaction_id: None,
            custom_id: Some(id.into()),
            withdrawal_id: None,
        }
    }

    pub fn withdrawal(id: impl Into<String>) -> Self {
        GetPostback {
            kind: LookupType::Withdrawal,
            transaction_id: None,
            custom_id: None,
            withdrawal_id: Some(id.into()),
        }
    }

    pub fn prepare(&self) -> Result<PreparedRequest, Error> {
        let mut query = vec![("type".to_owned(), self.kind.as_str().to_owned())];
        let ids: &[(&str, &Option<String>)] = match self.kind {
            LookupType::Deposit => &[
                ("transaction_id", &self.transaction_id),
                ("custom_id", &self.custom_id),
            ],
            LookupType::Withdrawal => &[("withdrawal_id", &self.withdrawal_id)],
        };
        for (name, value) in ids {
            if let Some(v) = value {
                text_field(Endpoint::GetPostback, name, None, Some(v))?;
                query.push((name.to_string(), v.clone()));
            }
        }
        if query.len() == 1 {
            let need = match self.kind {
                LookupType::Deposit => "transaction_id or custom_id",
                LookupType::Withdrawal => "withdrawal_id",
            };
            return Err(Error::validation(
                ids[0].0,
                format!("a {} lookup needs {need}", self.kind.as_str()),
            ));
        }
        Ok(PreparedRequest::get("/api/v1/postback", query))
    }
}

/// `GET /api/v1/pullpostbacks`: statuses of many orders. The answer's `paginate` tells the page;
/// the documents define no request parameter to choose it, so none is sent.
#[derive(Clone, Debug, PartialEq)]
pub struct PullPostbacks {
    pub kind: LookupType,
    /// `plugin_custom_order_id[]` for deposits, `withdrawal_id[]` for withdrawals.
    pub ids: Vec<String>,
}

impl PullPostbacks {
    pub fn deposits<S: Into<String>>(plugin_custom_order_ids: impl IntoIterator<Item = S>) -> Self {
        PullPostbacks {
            kind: LookupType::Deposit,
            ids: plugin_custom_order_ids
                .into_iter()
                .map(Into::into)
                .collect(),
        }
    }

    pub fn withdrawals<S: Into<String>>(withdrawal_ids: impl IntoIterator<Item = S>) -> Self {
        PullPostbacks {
            kind: LookupType::Withdrawal,
            ids: withdrawal_ids.into_iter().map(Into::into).collect(),
        }
    }

    pub fn id_field(&self) -> &'static str {
        match self.kind {
            LookupType::Deposit => "plugin_custom_order_id",
            LookupType::Withdrawal => "withdrawal_id",
        }
    }

    pub fn prepare(&self) -> Result<PreparedRequest, Error> {
        let field = self.id_field();
        if self.ids.is_empty() {
            return Err(Error::validation(field, "needs at least one id"));
        }
        let mut query = vec![("type".to_owned(), self.kind.as_str().to_owned())];
        for id in &self.ids {
            text_field(Endpoint::PullPostbacks, field, None, Some(id))?;
            query.push((format!("{field}[]"), id.clone()));
        }
        Ok(PreparedRequest::get("/api/v1/pullpostbacks", query))
    }
}

/// `GET /api/v1/accounts-balance`: balances of your accounts (settlement excluded).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountsBalance;

impl AccountsBalance {
    pub fn prepare(&self) -> Result<PreparedRequest, Error> {
        Ok(PreparedRequest::get("/api/v1/accounts-balance", Vec::new()))
    }
}

/// `POST /api/v1/payment-plugin/hash-url`: hashes of redirect URLs for the payment window.
/// Hashes live one day.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HashUrls {
    pub success_urls: Vec<(u32, String)>,
    pub fail_urls: Vec<(u32, String)>,
    pub pending_urls: Vec<(u32, String)>,
}

impl HashUrls {
    pub fn new() -> Self {
        HashUrls::default()
    }

    pub fn success(mut self, order: u32, url: impl Into<String>) -> Self {
        self.success_urls.push((order, url.into()));
        self
    }

    pub fn fail(mut self, order: u32, url: impl Into<String>) -> Self {
        self.fail_urls.push((order, url.into()));
        self
    }

    pub fn pending(mut self, order: u32, url: impl Into<String>) -> Self {
        self.pending_urls.push((order, url.into()));
        self
    }

    pub fn prepare(&self) -> Result<PreparedRequest, Error> {
        if self.success_urls.is_empty() && self.fail_urls.is_empty() {
            return Err(Error::validation(
                "success_urls",
                "success_urls and fail_urls cannot both be empty",
            ));
        }
        let mut body = JsonObject::new();
        for (name, list) in [
            ("success_urls", &self.success_urls),
            ("fail_urls", &self.fail_urls),
            ("pending_urls", &self.pending_urls),
        ] {
            let mut items = Array::list();
            for (i, (order, url)) in list.iter().enumerate() {
                let field = format!("{name}[{i}]");
                if *order == 0 {
                    return Err(Error::validation(
                        format!("{field}.order"),
                        "must be 1 or more",
                    ));
                }
                if list[..i].iter().any(|(o, _)| o == order) {
                    return Err(Error::validation(
                        format!("{field}.order"),
                        format!("order {order} is used twice"),
                    ));
                }
                if let Err(Error::Validation { reason, .. }) =
                    text_field(Endpoint::HashUrls, "url", None, Some(url))
                {
                    return Err(Error::validation(format!("{field}.url"), reason));
                }
                items.push(
                    Array::object()
                        .with("order", i64::from(*order))
                        .with("url", url.as_str()),
                );
            }
            body = body.value(name, &Value::Array(items));
        }
        Ok(PreparedRequest::post_json(
            "/api/v1/payment-plugin/hash-url",
            body,
            false,
        ))
    }
}
