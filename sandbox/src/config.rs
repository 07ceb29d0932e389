//! What a sandbox starts with: credentials, where postbacks go, payment systems with their limits
//! and balances, and the listening address. `paykassma sandbox --config FILE` reads the same
//! fields as JSON; every field is optional.

use std::fmt;
use std::net::IpAddr;

use serde::{Deserialize, Deserializer};

use crate::money::Money;

/// Test credentials every sandbox uses unless told otherwise (they are printed in the README).
pub const DEFAULT_SECRET: &str = "sandbox-secret";
pub const DEFAULT_WITHDRAWAL_PRIVATE_KEY: &str = "sandbox-withdrawal-private-key";
pub const DEFAULT_POSTBACK_PRIVATE_KEY: &str = "sandbox-postback-private-key";
pub const DEFAULT_POSTBACK_ACCESS_KEY: &str = "SandboxPostbackAccessKey";

#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SandboxConfig {
    /// The API `secret` (`?secret=` on the deposit and lookup endpoints).
    pub secret: String,
    /// Signs withdrawal requests.
    pub withdrawal_private_key: String,
    /// Signs postbacks (with `postback_access_key`, which is sent in the body).
    pub postback_private_key: String,
    pub postback_access_key: String,
    /// Where postbacks are delivered; `None` keeps them for lookups only.
    pub postback_url: Option<String>,
    /// Send postbacks pretty-printed (`JSON_PRETTY_PRINT`), as some gateway setups do.
    pub pretty_postbacks: bool,
    /// Unknown transaction numbers at activation become possible transactions.
    pub possible_transactions: bool,
    /// A suspicious activation is answered as the general page writes it (HTTP 400 "Check of
    /// deposit status started..."), not as the wallet pages' `"status": "pending"`.
    pub check_started_as_error: bool,
    pub payment_systems: Vec<PaymentSystemConfig>,
    /// 0 picks a free port.
    pub port: u16,
    /// Loopback unless told otherwise.
    pub bind: IpAddr,
    /// A connection must deliver a whole request (head and body) within this many milliseconds
    /// of being ready for one, or it is closed: slow clients cannot hold connections forever.
    pub request_deadline_ms: u64,
    pub delivery: DeliveryConfig,
}

/// One payment system the merchant has: its limits and the account balance it starts with.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentSystemConfig {
    pub wallet_type: String,
    pub currency: String,
    #[serde(deserialize_with = "money")]
    pub min_deposit: Money,
    #[serde(deserialize_with = "money")]
    pub max_deposit: Money,
    #[serde(default = "default_withdrawal_min", deserialize_with = "money")]
    pub min_withdrawal: Money,
    #[serde(default = "default_withdrawal_max", deserialize_with = "money")]
    pub max_withdrawal: Money,
    #[serde(default, deserialize_with = "money")]
    pub balance: Money,
    /// Activation through the manual (possible transaction) form, as `is_manual` says.
    #[serde(default)]
    pub is_manual: bool,
}

/// How postbacks are retried until the merchant answers `{"status":"ok"}` with HTTP 200.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeliveryConfig {
    pub max_attempts: u32,
    /// The wait after the first failed attempt; it doubles up to `max_backoff_ms`.
    pub initial_backoff_ms: u64,
    pub max_backoff_ms: u64,
    /// Connect and read timeout of one attempt.
    pub timeout_ms: u64,
}

impl Default for DeliveryConfig {
    fn default() -> DeliveryConfig {
        DeliveryConfig {
            max_attempts: 8,
            initial_backoff_ms: 200,
            max_backoff_ms: 5_000,
            timeout_ms: 3_000,
        }
    }
}

impl Default for SandboxConfig {
    fn default() -> SandboxConfig {
        SandboxConfig {
            secret: DEFAULT_SECRET.to_owned(),
            withdrawal_private_key: DEFAULT_WITHDRAWAL_PRIVATE_KEY.to_owned(),
            postback_private_key: DEFAULT_POSTBACK_PRIVATE_KEY.to_owned(),
            postback_access_key: DEFAULT_POSTBACK_ACCESS_KEY.to_owned(),
            postback_url: None,
            pretty_postbacks: false,
            possible_transactions: false,
            check_started_as_error: false,
            payment_systems: default_payment_systems(),
            port: 0,
            bind: IpAddr::from([127, 0, 0, 1]),
            request_deadline_ms: 30_000,
            delivery: DeliveryConfig::default(),
        }
    }
}

impl SandboxConfig {
    /// Reads the JSON form (`--config FILE`), naming the field that is wrong.
    pub fn from_json(text: &str) -> Result<SandboxConfig, String> {
        let config: SandboxConfig =
            serde_json::from_str(text).map_err(|e| format!("sandbox config: {e}"))?;
        config.check()?;
        Ok(config)
    }

    pub(crate) fn check(&self) -> Result<(), String> {
        for (name, value) in [
            ("secret", &self.secret),
            ("withdrawal_private_key", &self.withdrawal_private_key),
            ("postback_private_key", &self.postback_private_key),
            ("postback_access_key", &self.postback_access_key),
        ] {
            if value.is_empty() {
                return Err(format!("sandbox config: `{name}` must not be empty"));
            }
        }
        if let Some(url) = &self.postback_url {
            check_postback_url(url).map_err(|e| format!("sandbox config: `postback_url` {e}"))?;
        }
        for p in &self.payment_systems {
            if p.min_deposit > p.max_deposit || p.min_withdrawal > p.max_withdrawal {
                return Err(format!(
                    "sandbox config: `{}`: a minimum is above its maximum",
                    p.wallet_type
                ));
            }
        }
        if !(100..=600_000).contains(&self.request_deadline_ms) {
            return Err(
                "sandbox config: `request_deadline_ms` must be from 100 to 600000".to_owned(),
            );
        }
        if self.delivery.max_attempts == 0 {
            return Err("sandbox config: `delivery.max_attempts` must be at least 1".to_owned());
        }
        Ok(())
    }

    pub(crate) fn system(&self, wallet_type: &str) -> Option<&PaymentSystemConfig> {
        self.payment_systems
            .iter()
            .find(|p| p.wallet_type == wallet_type)
    }
}

/// Where postbacks may go: an `http://` or `https://` URL with a host, without spaces or control
/// characters. The error says what it must be, after the field's name.
pub fn check_postback_url(url: &str) -> Result<(), String> {
    let host = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
    match host {
        Some(h) if !h.is_empty() && url.bytes().all(|b| b.is_ascii_graphic()) => Ok(()),
        _ => Err(format!(
            "must be an http(s) URL with a host, without spaces, got {url:?}"
        )),
    }
}

/// Credentials are never printed.
impl fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("secret", &"<redacted>")
            .field("withdrawal_private_key", &"<redacted>")
            .field("postback_private_key", &"<redacted>")
            .field("postback_access_key", &self.postback_access_key)
            .field("postback_url", &self.postback_url)
            .field("pretty_postbacks", &self.pretty_postbacks)
            .field("possible_transactions", &self.possible_transactions)
            .field("payment_systems", &self.payment_systems)
            .field("port", &self.port)
            .field("bind", &self.bind)
            .field("request_deadline_ms", &self.request_deadline_ms)
            .field("delivery", &self.delivery)
            .finish()
    }
}

fn system(wallet: &str, currency: &str, min: i64, max: i64, balance: i64) -> PaymentSystemConfig {
    PaymentSystemConfig {
        wallet_type: wallet.to_owned(),
        currency: currency.to_owned(),
        min_deposit: Money::from_units(min),
        max_deposit: Money::from_units(max),
        min_withdrawal: default_withdrawal_min(),
        max_withdrawal: default_withdrawal_max(),
        balance: Money::from_units(balance),
        is_manual: false,
    }
}

/// The wallets of the documents; limits follow the documents' examples where they give any.
pub fn default_payment_systems() -> Vec<PaymentSystemConfig> {
    vec![
        system("easypaisa", "PKR", 500, 100_000, 1_000_000),
        system("ipay", "LKR", 500, 100_000, 1_000_000),
        system("bkash", "BDT", 100, 1_000_000, 500_000),
        system("nagad", "BDT", 100, 1_000_000, 500_000),
        system("upi", "INR", 100, 50_000, 500_000),
        system("phone_pe", "INR", 100, 800_000, 500_000),
        system("paytm", "INR", 100, 200_000, 500_000),
        system("imps", "INR", 8_000, 560_000, 500_000),
    ]
}

fn default_withdrawal_min() -> Money {
    Money::from_units(100)
}

fn default_withdrawal_max() -> Money {
    Money::from_units(1_000_000)
}

/// Amounts in the config file: a number or a decimal string.
fn money<'de, D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    let text = match &v {
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s.clone(),
        _ => String::new(),
    };
    Money::parse(&text).ok_or_else(|| {
        serde::de::Error::custom(format!("`{v}` is not an amount with at most 2 decimals"))
    })
}
