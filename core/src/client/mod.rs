//! The blocking API client: one method per endpoint, typed results, typed errors.
//!
//! ```no_run
//! use paykassma::api::{ActivateTransaction, CreateTransaction, CreateWithdrawal};
//! use paykassma::client::{Activation, Client, Config};
//!
//! let client = Client::new(
//!     Config::new("https://api.example.com", "pluginapi-secret").withdrawal_private_key("withdrawal-key"),
//! )?;
//! let wallet = client.create_transaction(&CreateTransaction::new("easypaisa", "PKR", "user-42"))?;
//! println!("pay to {}", wallet.identifier);
//! let activation = ActivateTransaction::new("easypaisa", "PKR", "user-42", "67923175246", "order-1001").amount(1200);
//! if let Activation::Activated { .. } = client.activate_transaction(&activation)? { /* wait for the postback */ }
//! let withdrawal = CreateWithdrawal::new("easypaisa", 10000, "PKR", "user-42")
//!     .account_number("03405135211")
//!     .account_name("Muhammad Saqib Mushtaq");
//! let created = client.create_withdrawal(&withdrawal)?;
//! println!("withdrawal {} accepted", created.withdrawal_id);
//! # Ok::<(), paykassma::Error>(())
//! ```

mod config;
mod observe;
mod operation;
mod recovery;
mod redact;
mod results;
mod transport;

pub use crate::outcome::parse_answer;
pub use config::{Config, MAX_RETRIES, MAX_RETRY_BACKOFF, MAX_TIMEOUT};
pub use observe::{Attempt, Observer, Phase};
pub use operation::{
    params_from_json, plugin_url_from_value, plugin_url_json, Operation, OPERATIONS,
};
pub use results::{
    Activation, AvailableWallet, Balance, CreatedTransaction, CreatedWithdrawal, HashedUrls,
    PaymentSystems, PulledOrder, PulledPostbacks, Stockpiling,
};

use crate::api::{
    AccountsBalance, ActivatePossibleTransaction, ActivateTransaction, CreatePayment,
    CreateTransaction, CreateWithdrawal, DepositInfo, GetPostback, HashUrls, LegacyWithdrawal,
    MediaHints, PaymentSystemsAvailable, PluginUrl, PreparedWithdrawal, PullPostbacks,
    SaveTransactionCustomId,
};
use crate::php::Array;
use crate::{Error, Postback};
use recovery::SentId;
use transport::Transport;
pub use transport::MAX_RETRY_WINDOW;

/// A client for one merchant account. Cheap to share: `Client` is `Send + Sync` and reuses
/// connections across threads.
pub struct Client {
    config: Config,
    transport: Transport,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .finish()
    }
}

impl Client {
    pub fn new(config: Config) -> Result<Client, Error> {
        config.check()?;
        let transport = Transport::new(&config);
        Ok(Client { config, transport })
    }

    /// A client from the JSON settings the bindings pass (see [`Config::from_json`]).
    pub fn from_json_config(json: &str) -> Result<Client, Error> {
        Client::new(Config::from_json(json)?)
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn payment_systems_available(
        &self,
        request: &PaymentSystemsAvailable,
    ) -> Result<PaymentSystems, Error> {
        Ok(PaymentSystems::from_answer(
            self.transport.send(&request.prepare()?)?,
        ))
    }

    pub fn save_transaction_custom_id(
        &self,
        request: &SaveTransactionCustomId,
    ) -> Result<Array, Error> {
        self.transport.send(&request.prepare()?)
    }

    /// Guide images and videos per payment system, as the gateway sent them.
    pub fn media_hints(&self) -> Result<Array, Error> {
        self.transport.send(&MediaHints.prepare()?)
    }

    pub fn create_transaction(
        &self,
        request: &CreateTransaction,
    ) -> Result<CreatedTransaction, Error> {
        CreatedTransaction::from_answer(self.transport.send(&request.prepare()?)?)
    }

    /// Activates a deposit. If the answer was lost and the retry is refused because the
    /// `custom_transaction_id` is taken, the deposit is looked up and its real outcome returned
    /// (or `Error::AmbiguousRetry`).
    pub fn activate_transaction(&self, request: &ActivateTransaction) -> Result<Activation, Error> {
        Activation::from_answer(results::activation_answer(self.send_with_id(
            &request.prepare()?,
            SentId::Deposit(&request.custom_transaction_id),
        ))?)
    }

    /// As [`Client::activate_transaction`], for manual payment systems.
    pub fn activate_possible_transaction(
        &self,
        request: &ActivatePossibleTransaction,
    ) -> Result<Array, Error> {
        self.send_with_id(
            &request.prepare()?,
            SentId::Deposit(&request.activation.custom_transaction_id),
        )
    }

    pub fn create_payment(&self, request: &CreatePayment) -> Result<Array, Error> {
        self.send_with_id(
            &request.prepare()?,
            SentId::Deposit(&request.custom_transaction_id),
        )
    }

    pub fn deposit_info(&self, request: &DepositInfo) -> Result<Stockpiling, Error> {
        Ok(Stockpiling::from_answer(
            self.transport.send(&request.prepare()?)?,
        ))
    }

    pub fn hash_urls(&self, request: &HashUrls) -> Result<HashedUrls, Error> {
        Ok(HashedUrls::from_answer(
            self.transport.send(&request.prepare()?)?,
        ))
    }

    /// Signs and sends a withdrawal. Retries reuse the same `withdrawal_id`.
    pub fn create_withdrawal(
        &self,
        request: &CreateWithdrawal,
    ) -> Result<CreatedWithdrawal, Error> {
        self.send_withdrawal(request.prepare(self.withdrawal_key()?)?)
    }

    /// The older withdrawal field set; the answer is the created record.
    pub fn create_legacy_withdrawal(
        &self,
        request: &LegacyWithdrawal,
    ) -> Result<CreatedWithdrawal, Error> {
        self.send_withdrawal(request.prepare(self.withdrawal_key()?)?)
    }

    /// The postback sent earlier for one order: the gateway's `postback` object (lookups are not
    /// signed; act on verified postbacks).
    pub fn get_postback(&self, request: &GetPostback) -> Result<Array, Error> {
        let raw = self.transport.send(&request.prepare()?)?;
        Ok(raw
            .get("postback")
            .and_then(|p| p.as_array())
            .cloned()
            .unwrap_or(raw))
    }

    pub fn pull_postbacks(&self, request: &PullPostbacks) -> Result<PulledPostbacks, Error> {
        Ok(PulledPostbacks::from_answer(
            self.transport.send(&request.prepare()?)?,
            request.id_field(),
        ))
    }

    pub fn accounts_balance(&self) -> Result<Vec<Balance>, Error> {
        Ok(results::balances_from_answer(
            &self.transport.send(&AccountsBalance.prepare()?)?,
        ))
    }

    /// The payment window link on the configured `plugin_base_url`.
    pub fn plugin_url(&self, params: &PluginUrl) -> Result<String, Error> {
        let base = self
            .config
            .plugin_base_url
            .as_deref()
            .ok_or_else(|| Error::validation("plugin_base_url", "is not configured"))?;
        params.build(base)
    }

    /// Verifies a postback with the configured postback private key.
    pub fn verify_postback(&self, body: &[u8]) -> Result<Postback, Error> {
        let key = self
            .config
            .postback_private_key
            .as_deref()
            .ok_or_else(|| Error::validation("postback_private_key", "is not configured"))?;
        crate::verify_postback(body, key)
    }

    fn send_withdrawal(&self, prepared: PreparedWithdrawal) -> Result<CreatedWithdrawal, Error> {
        let id = prepared.withdrawal_id;
        match self.send_with_id(&prepared.request, SentId::Withdrawal(&id)) {
            Ok(raw) => Ok(CreatedWithdrawal {
                withdrawal_id: id,
                raw,
            }),
            Err(e) => Err(e.with_withdrawal_id(&id)),
        }
    }

    fn withdrawal_key(&self) -> Result<&str, Error> {
        self.config
            .withdrawal_private_key
            .as_deref()
            .ok_or_else(|| Error::validation("withdrawal_private_key", "is not configured"))
    }
}
