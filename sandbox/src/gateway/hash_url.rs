//! `payment-plugin/hash-url`: redirect addresses for the payment window, stored as 64-hex hashes
//! that live one day (the sandbox's clock can be moved forward to see them expire).

use paykassma::php::{Array, Value};
use sha2::{Digest, Sha256};

use crate::http::{Reply, Request};
use crate::shared::Shared;
use crate::state::HashedUrl;

/// The documented hash lifetime.
pub const LIFETIME_SECS: i64 = 86_400;

const LISTS: [(&str, &str, &str); 3] = [
    ("success_urls", "success_url", "success"),
    ("fail_urls", "fail_url", "fail"),
    ("pending_urls", "pending_url", "pending"),
];

/// The answer's list name, the kind stored, and the (order, url) pairs.
type Hashing = (&'static str, &'static str, Vec<(i64, String)>);

pub fn hash_urls(shared: &Shared, req: &Request) -> Reply {
    let data = req.json();
    let mut errors = Vec::new();
    let mut lists: Vec<Hashing> = Vec::new();
    for (field, out_name, kind) in LISTS {
        let items = match data.get(field) {
            None | Some(Value::Null) if field == "pending_urls" => Vec::new(),
            None | Some(Value::Null) => {
                errors.push((field.to_owned(), format!("The {field} field is required.")));
                continue;
            }
            Some(Value::Array(a)) => read_items(field, a, &mut errors),
            Some(_) => {
                errors.push((field.to_owned(), format!("The {field} must be an array.")));
                continue;
            }
        };
        lists.push((out_name, kind, items));
    }
    if errors.is_empty() && lists.iter().take(2).all(|(_, _, items)| items.is_empty()) {
        errors.push((
            "success_urls".to_owned(),
            "One of success_urls or fail_urls must not be empty.".to_owned(),
        ));
    }
    if !errors.is_empty() {
        return Reply::fail_fields(&errors);
    }
    let mut state = shared.lock();
    let now = state.now();
    let mut urls = Array::object();
    for (out_name, kind, mut items) in lists {
        items.sort_by_key(|(order, _)| *order);
        let mut out = Vec::new();
        for (order, url) in items {
            let n = state.next_counter();
            let hash = hex(&Sha256::digest(
                format!("{kind}|{order}|{url}|{now}|{n}").as_bytes(),
            ));
            state.hashes.push(HashedUrl {
                hash: hash.clone(),
                kind,
                order,
                url,
                expires_at: now + LIFETIME_SECS,
            });
            out.push(Array::object().with("order", order).with("url", hash));
        }
        urls.insert(out_name, out);
    }
    Reply::ok(Array::object().with("status", "ok").with("urls", urls))
}

fn read_items(field: &str, list: &Array, errors: &mut Vec<(String, String)>) -> Vec<(i64, String)> {
    let mut items = Vec::new();
    for (i, item) in list.values().enumerate() {
        let at = format!("{field}.{i}");
        let Some(item) = item.as_array() else {
            errors.push((
                at.clone(),
                format!("The {at} must be an object with order and url."),
            ));
            continue;
        };
        let order = match item.get("order") {
            Some(Value::Int(n)) => Some(*n),
            Some(Value::Str(s)) => s.parse().ok(),
            _ => None,
        };
        let url = item.get("url").and_then(Value::as_str).map(str::trim);
        match order {
            Some(_) => {}
            None => errors.push((
                format!("{at}.order"),
                format!("The {at}.order must be an integer."),
            )),
        }
        match url {
            Some(u) if u.starts_with("http://") || u.starts_with("https://") => {}
            Some(_) => errors.push((
                format!("{at}.url"),
                format!("The {at}.url format is invalid."),
            )),
            None => errors.push((
                format!("{at}.url"),
                format!("The {at}.url field is required."),
            )),
        }
        if let (Some(order), Some(url)) = (order, url) {
            items.push((order, url.to_owned()));
        }
    }
    items
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
