//! Amounts as exact hundredths: the gateway's amounts have at most two decimals, and the sandbox
//! must never round a merchant's amount through a float.

use paykassma::php::float::to_json_number;
use paykassma::php::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Money(pub i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_units(units: i64) -> Money {
        Money(units.saturating_mul(100))
    }

    /// `1000`, `"1000"`, `"13628.5"`, `1000.00`; `None` for anything else (negative values are
    /// allowed here and refused by the callers that need a positive amount).
    pub fn parse(text: &str) -> Option<Money> {
        let t = text.trim();
        let (neg, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        let int_ok = !int.is_empty() && int.len() <= 15 && int.bytes().all(|b| b.is_ascii_digit());
        let frac_ok = frac.len() <= 2 && frac.bytes().all(|b| b.is_ascii_digit());
        if !int_ok || !frac_ok || (t.contains('.') && frac.is_empty()) {
            return None;
        }
        let mut cents: i64 = int.parse::<i64>().ok()? * 100;
        if !frac.is_empty() {
            let f: i64 = frac.parse().ok()?;
            cents += if frac.len() == 1 { f * 10 } else { f };
        }
        Some(Money(if neg { -cents } else { cents }))
    }

    /// An amount as it arrives in a decoded request: int, float or string.
    pub fn from_value(value: &Value) -> Option<Money> {
        match value {
            Value::Int(i) => i.checked_mul(100).map(Money),
            Value::Float(f) => Money::parse(&to_json_number(*f)?),
            Value::Str(s) => Money::parse(s),
            _ => None,
        }
    }

    /// `1000`, `13628.5`, `0.05`: as the gateway writes amounts inside strings.
    pub fn to_text(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (int, frac) = (abs / 100, abs % 100);
        match frac {
            0 => format!("{sign}{int}"),
            f if f % 10 == 0 => format!("{sign}{int}.{}", f / 10),
            f => format!("{sign}{int}.{f:02}"),
        }
    }

    /// A JSON number: an int when whole, else a float (as PHP keeps it).
    pub fn to_value(self) -> Value {
        if self.0 % 100 == 0 {
            Value::Int(self.0 / 100)
        } else {
            Value::Float(self.as_f64())
        }
    }

    pub fn as_f64(self) -> f64 {
        self.to_text().parse().unwrap_or(0.0)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0.saturating_add(o.0))
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0.saturating_sub(o.0))
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_exactly() {
        for (text, cents, back) in [
            ("1000", 100000, "1000"),
            ("13628.5", 1362850, "13628.5"),
            ("0.05", 5, "0.05"),
            ("1000.00", 100000, "1000"),
            ("-324324", -32432400, "-324324"),
        ] {
            let m = Money::parse(text).unwrap();
            assert_eq!(m.0, cents, "{text}");
            assert_eq!(m.to_text(), back);
        }
        for bad in ["", "1.", ".5", "1.234", "1e3", "abc", "1 000"] {
            assert_eq!(Money::parse(bad), None, "{bad}");
        }
        assert_eq!(
            Money::from_value(&Value::Float(1200.5)),
            Some(Money(120050))
        );
        assert_eq!(Money(120050).to_value(), Value::Float(1200.5));
        assert_eq!(Money(120000).to_value(), Value::Int(1200));
    }
}
