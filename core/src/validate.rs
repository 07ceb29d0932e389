//! Field checks shared by the request builders. Each failure names the field and the rule.

use crate::money::{Amount, IntoAmount};
use crate::wallets::{self, PaymentSystem};
use crate::Error;

pub(crate) fn required<'a>(field: &str, value: &'a Option<String>) -> Result<&'a str, Error> {
    match value.as_deref() {
        Some(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(Error::validation(field, "is required")),
    }
}

/// Length in characters within `min..=max`, without leading or trailing spaces (the documents
/// warn that the gateway refuses them).
pub(crate) fn length(field: &str, value: &str, min: usize, max: usize) -> Result<(), Error> {
    if value != value.trim() {
        return Err(Error::validation(
            field,
            "must not start or end with spaces",
        ));
    }
    let n = value.chars().count();
    if n < min || n > max {
        let rule = if min == max {
            format!("must be {min} characters long, got {n}")
        } else if min <= 1 {
            format!("must be at most {max} characters long, got {n}")
        } else {
            format!("must be {min} to {max} characters long, got {n}")
        };
        return Err(Error::validation(field, rule));
    }
    Ok(())
}

pub(crate) fn currency_code(field: &str, value: &str) -> Result<(), Error> {
    if value.len() != 3 || !value.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Error::validation(
            field,
            format!("must be a 3-letter uppercase currency code, got {value:?}"),
        ));
    }
    Ok(())
}

/// The wallet's rules, after checking the currency against them. Unknown wallets pass.
pub(crate) fn wallet_currency(
    wallet_field: &str,
    wallet_type: &str,
    currency_field: &str,
    currency: &str,
) -> Result<Option<&'static PaymentSystem>, Error> {
    if wallet_type.is_empty()
        || !wallet_type
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(Error::validation(
            wallet_field,
            format!("{wallet_type:?} is not a wallet type"),
        ));
    }
    currency_code(currency_field, currency)?;
    let system = wallets::payment_system(wallet_type);
    if let Some(p) = system {
        if p.currency != currency {
            return Err(Error::validation(
                currency_field,
                format!("{} works in {}, not {currency}", p.name, p.currency),
            ));
        }
    }
    Ok(system)
}

pub(crate) fn digits(field: &str, value: &str, count: usize) -> Result<(), Error> {
    if value.len() != count || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::validation(
            field,
            format!("must be {count} digits, got {value:?}"),
        ));
    }
    Ok(())
}

pub(crate) fn amount(
    field: &str,
    value: Option<Result<Amount, String>>,
    max_decimals: usize,
) -> Result<Amount, Error> {
    let amount = value
        .ok_or_else(|| Error::validation(field, "is required"))?
        .map_err(|r| Error::validation(field, r))?;
    if amount.decimals() > max_decimals {
        let rule = match max_decimals {
            0 => "must be a whole number".to_owned(),
            n => format!("has more than {n} decimal places"),
        };
        return Err(Error::validation(field, rule));
    }
    Ok(amount)
}

pub(crate) fn to_amount(value: impl IntoAmount) -> Option<Result<Amount, String>> {
    Some(value.into_amount())
}

pub(crate) fn url(field: &str, value: &str) -> Result<(), Error> {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !value.contains(char::is_whitespace) => Ok(()),
        _ => Err(Error::validation(
            field,
            format!("must be an http(s) URL, got {value:?}"),
        )),
    }
}
