//! `class Client`: the gateway API. Each network method returns a Promise and runs the core's
//! blocking call on the libuv thread pool (an `AsyncTask`), so the event loop keeps running.

use std::sync::Arc;

use napi::bindgen_prelude::{AsyncTask, Unknown};
use napi::{Env, Result, Task};
use napi_derive::napi;
use paykassma::client::{plugin_url_from_value, Operation};
use paykassma::php::{Array, Key, Value};

use crate::error::core_error;
use crate::js::{Js, Raw};
use crate::postback::check_body;
use crate::{params, to_js};

/// JS option names and the core's setting names.
const OPTIONS: [(&str, &str); 10] = [
    ("apiBaseUrl", "api_base_url"),
    ("pluginBaseUrl", "plugin_base_url"),
    ("secret", "secret"),
    ("withdrawalPrivateKey", "withdrawal_private_key"),
    ("postbackPrivateKey", "postback_private_key"),
    ("connectTimeoutMs", "connect_timeout_ms"),
    ("readTimeoutMs", "read_timeout_ms"),
    ("maxRetries", "max_retries"),
    ("retryBackoffMs", "retry_backoff_ms"),
    ("proxy", "proxy"),
];

/// A setting's error names it as the JS caller wrote it (`readTimeoutMs`).
fn with_js_name(e: paykassma::Error) -> paykassma::Error {
    match e {
        paykassma::Error::Validation { field, reason } => paykassma::Error::Validation {
            field: OPTIONS
                .iter()
                .find(|(_, core)| *core == field)
                .map_or(field, |(js, _)| (*js).to_owned()),
            reason,
        },
        other => other,
    }
}

/// A client for one merchant account. Share one instance: it reuses connections, and its
/// methods may run concurrently.
///
/// Network methods return Promises and never block the event loop. Parameters use the gateway's
/// field names (`payment_system`, `bank_details.bank_code`); results are the gateway's answers
/// as plain objects. Failures reject with a `ValidationError` before anything is sent, an
/// `ApiError` when the gateway refused (with `.status`, `.httpStatus` and `.body`), an
/// `UnexpectedResponseError` or a `TransportError`, each with its `.code` of `ERROR_CODES`.
#[napi]
pub struct Client {
    inner: Arc<paykassma::Client>,
}

/// One operation on the thread pool.
pub struct Call {
    client: Arc<paykassma::Client>,
    operation: &'static str,
    params: Option<Array>,
}

impl Task for Call {
    type Output = std::result::Result<Array, paykassma::Error>;
    type JsValue = Raw;

    fn compute(&mut self) -> Result<Self::Output> {
        let params = self.params.take().map_or(Value::Null, Value::Array);
        Ok(Operation::from_value(self.operation, params).and_then(|op| self.client.run(&op)))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<Raw> {
        let answer = output.map_err(|e| core_error(env, &e))?;
        Ok(Raw(to_js::array(Js(env.raw()), &answer)?))
    }
}

macro_rules! call {
    ($self:ident, $env:ident, $op:literal, $js:literal, $params:expr) => {{
        let params = params::read($env, $js, $params)?;
        Ok(AsyncTask::new(Call {
            client: $self.inner.clone(),
            operation: $op,
            params: Some(params),
        }))
    }};
}

#[napi]
impl Client {
    /// Creates a client. Settings are checked here (URLs, timeouts, unknown names) and the
    /// constructor throws a `validation_error` naming the setting.
    #[napi(constructor, ts_args_type = "options: ClientOptions")]
    pub fn new(env: Env, options: Unknown) -> Result<Client> {
        let (options, observer) = crate::hooks::split(env, options)?;
        let given = params::read(env, "new Client", Some(options))?;
        let mut config = Array::object().with("binding", "node");
        for (key, value) in given.iter() {
            let name = key.as_text();
            let core_name = OPTIONS
                .iter()
                .find(|(js, _)| *js == name)
                .map_or(name.as_ref(), |(_, core)| core);
            config.insert(Key::from(core_name), value.clone());
        }
        let mut config = paykassma::Config::from_json(&params::json(config))
            .map_err(|e| core_error(env, &with_js_name(e)))?;
        config.observer = observer;
        let inner =
            paykassma::Client::new(config).map_err(|e| core_error(env, &with_js_name(e)))?;
        Ok(Client {
            inner: Arc::new(inner),
        })
    }

    /// Wallets available for the user (`currency_codes`, `label`).
    #[napi(
        ts_args_type = "params: PaymentSystemsAvailableParams",
        ts_return_type = "Promise<PaymentSystemsAnswer>"
    )]
    pub fn payment_systems_available(&self, env: Env, params: Unknown) -> Result<AsyncTask<Call>> {
        call!(
            self,
            env,
            "payment_systems_available",
            "paymentSystemsAvailable",
            Some(params)
        )
    }

    /// Attaches the merchant's id to a transaction (`label`, `transaction_custom_id`).
    #[napi(
        ts_args_type = "params: SaveTransactionCustomIdParams",
        ts_return_type = "Promise<StatusAnswer>"
    )]
    pub fn save_transaction_custom_id(&self, env: Env, params: Unknown) -> Result<AsyncTask<Call>> {
        call!(
            self,
            env,
            "save_transaction_custom_id",
            "saveTransactionCustomId",
            Some(params)
        )
    }

    /// Guide images and videos per payment system.
    #[napi(ts_return_type = "Promise<MediaHintsAnswer>")]
    pub fn media_hints(&self, env: Env) -> Result<AsyncTask<Call>> {
        call!(self, env, "media_hints", "mediaHints", None)
    }

    /// A wallet to pay into (`wallet_type`, `currency`, `label`).
    #[napi(
        ts_args_type = "params: CreateTransactionParams",
        ts_return_type = "Promise<CreatedTransactionAnswer>"
    )]
    pub fn create_transaction(&self, env: Env, params: Unknown) -> Result<AsyncTask<Call>> {
        call!(
            self,
            env,
            "create_transaction",
            "createTransaction",
            Some(params)
        )
    }

    /// Activates a deposit with the transaction number the user got (`key1`).
    #[napi(
        ts_args_type = "params: ActivateTransactionParams",
        ts_return_type = "Promise<ActivationAnswer>"
    )]
    pub fn activate_transaction(&self, env: Env, params: Unknown) -> Result<AsyncTask<Call>> {
        call!(
            self,
            env,
            "activate_transaction",
            "activateTransaction",
            Some(params)
        )
    }

    /// Activates a possible transaction, optionally with a screenshot file (`screenshot_path`).
    #[napi(
        ts_args_type = "params: ActivatePossibleTransactionParams",
        ts_return_type = "Promise<PossibleTransactionAnswer>"
    )]
    pub fn activate_possible_transaction(
        &self,
        env: Env,
        params: Unknown,
    ) -> Result<AsyncTask<Call>> {
        call!(
            self,
            env,
            "activate_possible_transaction",
            "activatePossibleTransaction",
            Some(params)
        )
    }

    /// Creates a payment (the hosted payment flow).
    #[napi(
        ts_args_type = "params: CreatePaymentParams",
        ts_return_type = "Promise<StatusAnswer>"
    )]
    pub fn create_payment(&self, env: Env, params: Unknown) -> Result<AsyncTask<Call>> {
        call!(self, env, "create_payment", "createPayment", Some(params))
    }

    /// Stockpiled sums below the minimum deposit (`wallet_type`, `currency`, `label`).
    #[napi(
        ts_args_type = "params: DepositInfoParams",
        ts_return_type = "Promise<DepositInfoAnswer>"
    )]
    pub fn deposit_info(&self, env: Env, params: Unknown) -> Result<AsyncTask<Call>> {
        call!(self, env, "deposit_info", "depositInfo", Some(params))
    }

    /// Registers redirect URLs and returns their ids (`success_urls`, `fail_urls`, `pending_urls`).
    #[napi(
        ts_args_type = "params: HashUrlsParams",
        ts_return_type = "Promise<HashUrlsAnswer>"
    )]
    pub fn hash_urls(&self, env: Env, params: Unknown) -> Result<AsyncTask<Call>> {
        call!(self, env, "hash_urls", "hashUrls", Some(params))
    }

    /// Creates a signed withdrawal. A `withdrawal_id` is generated when none is given, before the
    /// first attempt, so a retry is the same withdrawal; the result carries the id sent.
    #[napi(
        ts_args_type = "params: CreateWithdrawalParams",
        ts_return_type = "Promise<CreatedWithdrawalAnswer>"
    )]
    pub fn create_withdrawal(&self, env: Env, params: Unknown) -> Result<AsyncTask<Call>> {
        call!(
            self,
            env,
            "create_withdrawal",
            "createWithdrawal",
            Some(params)
        )
    }

    /// Creates a withdrawal through the older endpoint.
    #[napi(
        ts_args_type = "params: CreateLegacyWithdrawalParams",
        ts_return_type = "Promise<LegacyWithdrawalAnswer>"
    )]
    pub fn create_legacy_withdrawal(&self, env: Env, params: Unknown) -> Result<AsyncTask<Call>> {
        call!(
            self,
            env,
            "create_legacy_withdrawal",
            "createLegacyWithdrawal",
            Some(params)
        )
    }

    /// Looks up the postback of one deposit or withdrawal.
    #[napi(
        ts_args_type = "params: GetPostbackParams",
        ts_return_type = "Promise<PostbackAnswer>"
    )]
    pub fn get_postback(&self, env: Env, params: Unknown) -> Result<AsyncTask<Call>> {
        call!(self, env, "get_postback", "getPostback", Some(params))
    }

    /// Looks up the postbacks of many deposits or withdrawals.
    #[napi(
        ts_args_type = "params: PullPostbacksParams",
        ts_return_type = "Promise<PullPostbacksAnswer>"
    )]
    pub fn pull_postbacks(&self, env: Env, params: Unknown) -> Result<AsyncTask<Call>> {
        call!(self, env, "pull_postbacks", "pullPostbacks", Some(params))
    }

    /// The merchant's balances.
    #[napi(ts_return_type = "Promise<AccountsBalanceAnswer>")]
    pub fn accounts_balance(&self, env: Env) -> Result<AsyncTask<Call>> {
        call!(self, env, "accounts_balance", "accountsBalance", None)
    }

    /// The payment window link, with the configured `pluginBaseUrl` (no network call).
    #[napi(ts_args_type = "params: PluginUrlParams")]
    pub fn plugin_url(&self, env: Env, params: Unknown) -> Result<String> {
        let params = params::read(env, "pluginUrl", Some(params))?;
        plugin_url_from_value(Value::Array(params))
            .and_then(|url| self.inner.plugin_url(&url))
            .map_err(|e| core_error(env, &e))
    }

    /// Verifies a postback with the configured `postbackPrivateKey` (see `verifyPostback`).
    #[napi(
        ts_args_type = "body: Buffer | Uint8Array | string",
        ts_return_type = "Postback"
    )]
    pub fn verify_postback(&self, env: Env, body: Unknown) -> Result<Raw> {
        let postback = check_body(env, body, |bytes| self.inner.verify_postback(bytes))?;
        Ok(Raw(crate::postback::parts(Js(env.raw()), &postback)?))
    }
}

/// The payment window link (the gateway's plugin URL) for `params.plugin_base_url`.
///
/// @throws {ValidationError} naming the parameter refused.
#[napi(ts_args_type = "params: PluginUrlParams & { plugin_base_url: string }")]
pub fn plugin_url(env: Env, params: Unknown) -> Result<String> {
    let mut params = params::read(env, "pluginUrl", Some(params))?;
    let base = match params.remove("plugin_base_url") {
        Some(Value::Str(base)) => base,
        _ => {
            return Err(core_error(
                env,
                &paykassma::Error::Validation {
                    field: "plugin_base_url".into(),
                    reason: "is required (a string)".into(),
                },
            ))
        }
    };
    plugin_url_from_value(Value::Array(params))
        .and_then(|url| url.build(&base))
        .map_err(|e| core_error(env, &e))
}
