//! The merchant API of the documents: one module per group of endpoints.

mod deposits;
mod fields;
mod hash_url;
mod lookups;
pub(crate) mod spec;
mod withdrawals;

pub use deposits::credit_and_announce;

use crate::http::{Reply, Request};
use crate::shared::Shared;

/// Routes a gateway request. Postbacks it creates are queued after the state lock is released.
pub fn route(shared: &Shared, req: &Request) -> Reply {
    let path = match req.path.trim_end_matches('/') {
        "" => "/",
        p => p,
    };
    let method = req.method.as_str();
    // Withdrawals carry a signature instead of the secret; accounts-balance has its own error shape.
    match (method, path) {
        ("POST", "/v2/withdrawal/create") => return withdrawals::create(shared, req),
        ("GET", "/api/v1/accounts-balance") => return lookups::accounts_balance(shared, req),
        ("GET", "/wallet-type/images") => return deposits::media_hints(shared),
        _ => {}
    }
    let known = matches!(
        (method, path),
        ("GET", "/api/v1/payment-systems/available")
            | ("POST", "/api/v1/payment/save-transaction-custom-id")
            | ("POST", "/api/v1/transaction/activate")
            | ("POST", "/api/v1/possible-transaction/activate")
            | ("GET", "/api/v1/deposit-info")
            | ("POST", "/api/v1/payment-plugin/hash-url")
            | ("GET", "/api/v1/postback")
            | ("GET", "/api/v1/pullpostbacks")
    ) || (method == "POST" && tail(path, "/api/v1/transaction/create/").is_some())
        || (method == "POST" && tail(path, "/api/v1/payment/create/").is_some());
    if !known || !secret_ok(shared, req) {
        return Reply::not_found();
    }
    match (method, path) {
        ("GET", "/api/v1/payment-systems/available") => deposits::payment_systems(shared, req),
        ("POST", "/api/v1/payment/save-transaction-custom-id") => {
            deposits::save_custom_id(shared, req)
        }
        ("POST", "/api/v1/transaction/activate") => deposits::activate(shared, req),
        ("POST", "/api/v1/possible-transaction/activate") => {
            deposits::activate_possible(shared, req)
        }
        ("GET", "/api/v1/deposit-info") => deposits::deposit_info(shared, req),
        ("POST", "/api/v1/payment-plugin/hash-url") => hash_url::hash_urls(shared, req),
        ("GET", "/api/v1/postback") => lookups::postback(shared, req),
        ("GET", "/api/v1/pullpostbacks") => lookups::pull_postbacks(shared, req),
        _ => match (
            tail(path, "/api/v1/transaction/create/"),
            tail(path, "/api/v1/payment/create/"),
        ) {
            (Some(wallet), _) => deposits::create_transaction(shared, req, wallet),
            (_, Some(system)) => deposits::create_payment(shared, req, system),
            _ => Reply::not_found(),
        },
    }
}

/// The last path segment after `prefix`, when there is exactly one.
fn tail<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    path.strip_prefix(prefix)
        .filter(|rest| !rest.is_empty() && !rest.contains('/'))
}

fn secret_ok(shared: &Shared, req: &Request) -> bool {
    req.query.get("secret") == Some(shared.lock().config.secret.as_str())
}

/// The symbol the gateway shows next to a currency code.
fn symbol(code: &str) -> &str {
    match code {
        "USD" => "$",
        "EUR" => "€",
        "INR" => "₹",
        other => other,
    }
}
