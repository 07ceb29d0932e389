//! # Paykassma merchant SDK core
//!
//! One implementation of what every stack needs to talk to the Paykassma gateway: the request
//! signature and postback verification exactly as the gateway's PHP computes them, on a faithful
//! model of PHP's `json_decode`, `ksort`, string conversion and `json_encode`.
//!
//! ```
//! // Sign a withdrawal request (the gateway's formula, byte for byte).
//! let signature = paykassma::sign_json(
//!     r#"{"withdrawal_id":"1234567test","payment_system":"easypaisa","amount":10000,
//!         "currency_code":"PKR","label":"125199","account_number":"03405135211",
//!         "account_name":"Muhammad Saqib Mushtaq","is_test":true}"#,
//!     "withdrawal-private-key",
//! ).unwrap();
//! assert_eq!(signature.len(), 40);
//! ```

pub mod api;
pub mod client;
mod digest;
mod error;
pub mod hmac;
pub mod money;
mod outcome;
pub mod php;
pub mod postback;
mod signature;
mod validate;

pub use api::PluginUrl;
pub use client::{plugin_url_json, Client, Config};
pub use error::{ApiError, Error, ErrorKind, TransportKind, ERROR_CODES};
pub use hmac::{hmac_sign_json, hmac_verify_json};
pub use money::Amount;
pub use postback::{
    sign_postback, sign_postback_as, verify_postback, Postback, PostbackEntry, PostbackKind,
    SignatureForm, WithdrawalStatus, ACKNOWLEDGEMENT,
};
pub use signature::{sign, sign_json, sign_owned, signing_string, Field, FieldKey, RequestSigner};

/// The SDK version, as sent in the `User-Agent`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
