//! The payment window link (the "plugin"), with every documented parameter.

use super::request::url_encode;
use super::rules::{amount_field, text_field, Endpoint};
use crate::money::{Amount, IntoAmount};
use crate::{validate, Error};

/// Parameters of the payment window link. Only `label` is required.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PluginUrl {
    pub label: String,
    pub currency_code: Option<String>,
    pub lang: Option<String>,
    pub wallet_type: Option<String>,
    pub custom_transaction_id: Option<String>,
    pub fixed_amount: Option<Result<Amount, String>>,
    /// Ids of redirect URLs registered with Paykassma support.
    pub payment_url_success_id: Option<u32>,
    pub payment_url_pending_id: Option<u32>,
    pub payment_url_fail_id: Option<u32>,
    /// Hashes from [`super::HashUrls`].
    pub success_url: Option<String>,
    pub fail_url: Option<String>,
    pub pending_url: Option<String>,
}

impl PluginUrl {
    pub fn new(label: impl Into<String>) -> Self {
        PluginUrl {
            label: label.into(),
            ..Default::default()
        }
    }

    pub fn fixed_amount(mut self, amount: impl IntoAmount) -> Self {
        self.fixed_amount = validate::to_amount(amount);
        self
    }

    /// The link, on the plugin base URL (`https://plugin.<server>`). A base with a query of its
    /// own keeps it (the parameters follow with `&`); a `#fragment` stays at the end.
    pub fn build(&self, plugin_base_url: &str) -> Result<String, Error> {
        validate::url("plugin_base_url", plugin_base_url)?;
        check_host(plugin_base_url)?;
        let (e, wallet) = (Endpoint::PluginUrl, self.wallet_type.as_deref());
        text_field(e, "label", wallet, Some(&self.label))?;
        text_field(e, "wallet_type", None, wallet)?;
        text_field(e, "currency_code", wallet, self.currency_code.as_deref())?;
        text_field(e, "lang", wallet, self.lang.as_deref())?;
        text_field(
            e,
            "custom_transaction_id",
            wallet,
            self.custom_transaction_id.as_deref(),
        )?;
        let fixed = amount_field(e, "fixed_amount", wallet, &self.fixed_amount)?;
        for (name, hash) in [
            ("success_url", &self.success_url),
            ("fail_url", &self.fail_url),
            ("pending_url", &self.pending_url),
        ] {
            text_field(e, name, wallet, hash.as_deref())?;
        }
        let mut params: Vec<(&str, String)> = vec![("label", self.label.clone())];
        let mut add = |name: &'static str, value: Option<String>| {
            if let Some(v) = value {
                params.push((name, v));
            }
        };
        add("currency_code", self.currency_code.clone());
        add("lang", self.lang.clone());
        add("wallet_type", self.wallet_type.clone());
        add("custom_transaction_id", self.custom_transaction_id.clone());
        add("fixed_amount", fixed.map(|a| a.as_str().to_owned()));
        add(
            "payment_url_success_id",
            self.payment_url_success_id.map(|v| v.to_string()),
        );
        add(
            "payment_url_pending_id",
            self.payment_url_pending_id.map(|v| v.to_string()),
        );
        add(
            "payment_url_fail_id",
            self.payment_url_fail_id.map(|v| v.to_string()),
        );
        add("success_url", self.success_url.clone());
        add("fail_url", self.fail_url.clone());
        add("pending_url", self.pending_url.clone());
        let query: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", url_encode(v)))
            .collect();
        Ok(on_base(plugin_base_url, &query.join("&")))
    }
}

/// `base` with `query` added: after the base's own query with `&`, else as `/?query`; a
/// `#fragment` of the base stays last, where a URL keeps it.
fn on_base(base: &str, query: &str) -> String {
    let (base, fragment) = match base.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (base, None),
    };
    let mut url = match base.split_once('?') {
        Some((_, own)) if own.is_empty() || own.ends_with('&') => format!("{base}{query}"),
        Some(_) => format!("{base}&{query}"),
        None => format!("{}/?{query}", base.trim_end_matches('/')),
    };
    if let Some(f) = fragment {
        url.push('#');
        url.push_str(f);
    }
    url
}

/// The base must name a host before its path, query or fragment (`https://?a=b` has none).
fn check_host(base: &str) -> Result<(), Error> {
    let rest = base
        .strip_prefix("https://")
        .or_else(|| base.strip_prefix("http://"))
        .unwrap_or(base);
    match rest.split(['/', '?', '#']).next() {
        Some(host) if !host.is_empty() => Ok(()),
        _ => Err(Error::validation(
            "plugin_base_url",
            format!("has no host, got {base:?}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_documented_link() {
        let url = PluginUrl {
            currency_code: Some("PKR".into()),
            lang: Some("en".into()),
            wallet_type: Some("easypaisa".into()),
            custom_transaction_id: Some("order 1".into()),
            payment_url_success_id: Some(2),
            success_url: Some("a93558ba9e4f".into()),
            ..PluginUrl::new("user-55")
        }
        .fixed_amount("1000.50")
        .build("https://plugin.example.com/")
        .unwrap();
        assert_eq!(
            url,
            "https://plugin.example.com/?label=user-55&currency_code=PKR&lang=en&wallet_type=easypaisa\
             &custom_transaction_id=order%201&fixed_amount=1000.50&payment_url_success_id=2&success_url=a93558ba9e4f"
        );
    }

    #[test]
    fn a_base_with_a_query_or_a_fragment_gives_one_query_and_the_fragment_last() {
        let link = |base: &str| PluginUrl::new("user-55").build(base).unwrap();
        for (base, expected) in [
            (
                "https://plugin.example.com",
                "https://plugin.example.com/?label=user-55",
            ),
            (
                "https://plugin.example.com/pay?merchant=7",
                "https://plugin.example.com/pay?merchant=7&label=user-55",
            ),
            (
                "https://plugin.example.com/?",
                "https://plugin.example.com/?label=user-55",
            ),
            (
                "https://plugin.example.com/pay?merchant=7&",
                "https://plugin.example.com/pay?merchant=7&label=user-55",
            ),
            (
                "https://plugin.example.com/#/window",
                "https://plugin.example.com/?label=user-55#/window",
            ),
            (
                "https://plugin.example.com/pay?merchant=7#top",
                "https://plugin.example.com/pay?merchant=7&label=user-55#top",
            ),
            (
                "https://plugin.example.com#a?b",
                "https://plugin.example.com/?label=user-55#a?b",
            ),
        ] {
            assert_eq!(link(base), expected, "{base}");
        }
        for base in ["https://?a=b", "https://#x", "http:///path"] {
            let e = PluginUrl::new("1").build(base).unwrap_err();
            assert_eq!(e.field(), Some("plugin_base_url"), "{base}: {e}");
        }
    }

    #[test]
    fn refuses_what_the_window_would_not_take() {
        let err = |p: PluginUrl| {
            p.build("https://plugin.example.com")
                .unwrap_err()
                .field()
                .unwrap()
                .to_owned()
        };
        assert_eq!(err(PluginUrl::new("")), "label");
        assert_eq!(
            err(PluginUrl {
                wallet_type: Some("easypaisa".into()),
                lang: Some("bn".into()),
                ..PluginUrl::new("1")
            }),
            "lang"
        );
        assert_eq!(
            err(PluginUrl {
                wallet_type: Some("easypaisa".into()),
                currency_code: Some("INR".into()),
                ..PluginUrl::new("1")
            }),
            "currency_code"
        );
        assert_eq!(
            err(PluginUrl {
                success_url: Some("https://x".into()),
                ..PluginUrl::new("1")
            }),
            "success_url"
        );
        assert_eq!(err(PluginUrl::new("1").fixed_amount(0)), "fixed_amount");
    }
}
