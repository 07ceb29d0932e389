//! Every request of the merchant API as a typed builder. `prepare` validates and returns the
//! request to send; nothing leaves before every field has passed its rule.

mod deposits;
mod lookups;
mod plugin_url;
mod request;
mod withdrawals;

pub use deposits::{
    ActivatePossibleTransaction, ActivateTransaction, CreatePayment, CreateTransaction,
    DepositInfo, MediaHints, PaymentSystemsAvailable, SaveTransactionCustomId,
};
pub use lookups::{AccountsBalance, GetPostback, HashUrls, LookupType, PullPostbacks};
pub use plugin_url::PluginUrl;
pub use request::{Body, FilePart, Method, Multipart, PreparedRequest};
pub use withdrawals::{CreateWithdrawal, LegacyWithdrawal, PreparedWithdrawal};

pub(crate) use request::{query_string, url_encode};
