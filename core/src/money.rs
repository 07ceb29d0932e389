//! Money without floats: amounts are integers or exact decimal strings, sent as written.

use std::cmp::Ordering;
use std::fmt;

/// A positive amount held as its exact decimal text (`"1000"`, `"1000.50"`).
///
/// Build it from an integer or a string; there is deliberately no conversion from `f64`, so a
/// float can never round a merchant's amount.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Amount(String);

impl Amount {
    /// Parses `digits[.digits]`: no sign, exponent, spaces or leading zeros; greater than zero.
    pub fn parse(text: &str) -> Result<Amount, String> {
        let (int, frac) = match text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (text, None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(int) || frac.is_some_and(|f| !digits(f)) {
            return Err(format!(
                "{text:?} is not a decimal amount such as \"1000\" or \"1000.50\""
            ));
        }
        if int.len() > 1 && int.starts_with('0') {
            return Err(format!("{text:?} has leading zeros"));
        }
        if text.bytes().all(|b| b == b'0' || b == b'.') {
            return Err("must be greater than zero".to_owned());
        }
        if int.len() > 15 {
            return Err(format!("{text:?} is too large"));
        }
        Ok(Amount(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Digits after the decimal point.
    pub fn decimals(&self) -> usize {
        self.0.split_once('.').map_or(0, |(_, f)| f.len())
    }

    /// Exact comparison of the decimal values.
    pub fn cmp_value(&self, other: &Amount) -> Ordering {
        let split = |a: &Amount| {
            let (i, f) = a.0.split_once('.').unwrap_or((&a.0, ""));
            (i.to_owned(), f.trim_end_matches('0').to_owned())
        };
        let (ai, af) = split(self);
        let (bi, bf) = split(other);
        ai.len().cmp(&bi.len()).then(ai.cmp(&bi)).then_with(|| {
            let width = af.len().max(bf.len());
            format!("{af:0<width$}").cmp(&format!("{bf:0<width$}"))
        })
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What builders accept as an amount: integers and decimal strings, never floats.
pub trait IntoAmount {
    fn into_amount(self) -> Result<Amount, String>;
}

impl IntoAmount for Amount {
    fn into_amount(self) -> Result<Amount, String> {
        Ok(self)
    }
}
impl IntoAmount for &str {
    fn into_amount(self) -> Result<Amount, String> {
        Amount::parse(self)
    }
}
impl IntoAmount for String {
    fn into_amount(self) -> Result<Amount, String> {
        Amount::parse(&self)
    }
}
macro_rules! int_amount {
    ($($t:ty),*) => {$(
        impl IntoAmount for $t {
            fn into_amount(self) -> Result<Amount, String> {
                Amount::parse(&self.to_string()).map_err(|_| format!("{self} must be greater than zero"))
            }
        }
    )*};
}
int_amount!(i32, i64, u32, u64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_decimals_only() {
        assert_eq!(Amount::parse("1000.50").unwrap().as_str(), "1000.50");
        assert_eq!(Amount::parse("0.01").unwrap().decimals(), 2);
        for bad in [
            "", "-1", "+1", "1e3", " 1", "1.", ".5", "01", "0", "0.00", "1,5", "NaN",
        ] {
            assert!(Amount::parse(bad).is_err(), "{bad:?}");
        }
        assert!(0i64.into_amount().is_err());
        assert_eq!(10000i64.into_amount().unwrap().as_str(), "10000");
    }

    #[test]
    fn compares_values_exactly() {
        let a = |s| Amount::parse(s).unwrap();
        assert_eq!(a("100.50").cmp_value(&a("100.5")), Ordering::Equal);
        assert_eq!(a("99.99").cmp_value(&a("100")), Ordering::Less);
        assert_eq!(a("1000").cmp_value(&a("999.999")), Ordering::Greater);
    }
}
