//! `GET /?label=...`: the payment window a plugin link opens (the sandbox is its own plugin base
//! URL). It shows what the link asked for and the wallets that could pay it; in the sandbox the
//! user's payment is played with `paykassma trigger pay` or `POST /_sandbox/pay`.

use crate::http::{Reply, Request};
use crate::Shared;

/// The link's parameters shown on the page, in the order the core writes them.
const SHOWN: [&str; 6] = [
    "label",
    "currency_code",
    "wallet_type",
    "fixed_amount",
    "custom_transaction_id",
    "lang",
];

pub fn render(shared: &Shared, req: &Request) -> Reply {
    let Some(label) = req.query.get("label").filter(|l| !l.is_empty()) else {
        return page(
            400,
            "No payment here",
            "<p>A payment window link carries a <code>label</code> (the user); this one has none.</p>",
        );
    };
    let mut rows = String::new();
    for name in SHOWN {
        if let Some(value) = req.query.get(name) {
            rows.push_str(&format!(
                "<tr><th>{name}</th><td>{}</td></tr>\n",
                escape(value)
            ));
        }
    }
    let wallet = req.query.get("wallet_type");
    let currency = req.query.get("currency_code");
    let state = shared.lock();
    let mut wallets = String::new();
    for p in &state.config.payment_systems {
        if wallet.is_some_and(|w| w != p.wallet_type) || currency.is_some_and(|c| c != p.currency) {
            continue;
        }
        wallets.push_str(&format!(
            "<li>{} ({}): {} to {}</li>\n",
            escape(&p.wallet_type),
            escape(&p.currency),
            p.min_deposit.to_text(),
            p.max_deposit.to_text()
        ));
    }
    drop(state);
    if wallets.is_empty() {
        wallets.push_str("<li>none of the sandbox's payment systems matches this link</li>\n");
    }
    let example_wallet = escape(wallet.unwrap_or("easypaisa"));
    let body = format!(
        "<p>The sandbox's payment window for user <strong>{label}</strong>.</p>\n\
         <table>\n{rows}</table>\n\
         <h2>Wallets that can pay</h2>\n<ul>\n{wallets}</ul>\n\
         <h2>Play the user's payment</h2>\n\
         <p>Nobody pays on this page in the sandbox. Create the deposit through the API, then pay it \
         as the user would in the wallet app:</p>\n\
         <pre>paykassma trigger pay --wallet {example_wallet} --identifier IDENTIFIER --amount AMOUNT\n\
         paykassma trigger pay --wallet {example_wallet} --label {label}   # a payment/create deposit</pre>\n",
        label = escape(label),
    );
    page(200, "Paykassma sandbox payment", &body)
}

fn page(status: u16, title: &str, body: &str) -> Reply {
    Reply::new(
        status,
        "text/html; charset=utf-8",
        format!(
            "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n\
             <body>\n<h1>{title}</h1>\n{body}</body></html>\n"
        ),
    )
}

/// Text placed in HTML: nothing in a link's parameters becomes markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
