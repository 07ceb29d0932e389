//! `converted_amount`: the postback's amount in about 180 currencies. The rates are the documents'
//! own example (what 1000 PKR converted to), so the sandbox's postbacks look like the gateway's.

use paykassma::php::{Array, Value};

use crate::money::Money;

/// What 1000 PKR was worth in each currency, in the order the gateway lists them.
const PER_1000_PKR: &[(&str, f64)] = &[
    ("USD", 3.44),
    ("INR", 287.0),
    ("EUR", 3.26),
    ("IDR", 53345.01),
    ("MYR", 16.13),
    ("VND", 83939.04),
    ("SGD", 4.71),
    ("THB", 125.55),
    ("NGN", 2683.44),
    ("TRY", 93.83),
    ("AED", 12.64),
    ("CAD", 4.65),
    ("AUD", 5.38),
    ("BDT", 379.55),
    ("AFN", 269.35),
    ("ALL", 345.5),
    ("AMD", 1334.63),
    ("AOA", 2860.58),
    ("ARS", 1204.88),
    ("AWG", 6.2),
    ("AZN", 5.85),
    ("BAM", 6.36),
    ("BBD", 6.88),
    ("BGN", 6.36),
    ("BHD", 1.3),
    ("BIF", 9793.46),
    ("BMD", 3.44),
    ("BND", 4.72),
    ("BOB", 23.79),
    ("BRL", 17.17),
    ("BSD", 3.44),
    ("BTC", 0.00013153),
    ("BTN", 286.42),
    ("BWP", 47.13),
    ("BYN", 8.69),
    ("BZD", 6.94),
    ("CDF", 8588.64),
    ("CHF", 3.15),
    ("CLF", 0.11),
    ("CLP", 3111.53),
    ("CNH", 25.17),
    ("CNY", 25.17),
    ("COP", 14004.25),
    ("CRC", 1853.68),
    ("CUC", 3.44),
    ("CUP", 88.64),
    ("CVE", 360.24),
    ("CZK", 79.62),
    ("DJF", 612.14),
    ("DKK", 24.29),
    ("DOP", 195.35),
    ("DZD", 473.03),
    ("EGP", 106.42),
    ("ERN", 51.64),
    ("ETB", 190.44),
    ("FJD", 7.8),
    ("FKP", 2.83),
    ("GBP", 2.83),
    ("GEL", 9.23),
    ("GGP", 2.83),
    ("GHS", 39.76),
    ("GIP", 2.83),
    ("GMD", 223.92),
    ("GNF", 29793.45),
    ("GTQ", 27.05),
    ("GYD", 720.18),
    ("HKD", 26.93),
    ("HNL", 85.4),
    ("HRK", 24.55),
    ("HTG", 463.0),
    ("HUF", 1273.46),
    ("ILS", 13.17),
    ("IMP", 2.83),
    ("IQD", 4509.47),
    ("IRR", 145395.84),
    ("ISK", 472.7),
    ("JEP", 2.83),
    ("JMD", 531.91),
    ("JOD", 2.44),
    ("JPY", 513.15),
    ("KES", 508.95),
    ("KGS", 305.37),
    ("KHR", 14182.44),
    ("KMF", 1603.96),
    ("KPW", 3098.11),
    ("KRW", 4659.28),
    ("KWD", 1.06),
    ("KYD", 2.87),
    ("KZT", 1640.6),
    ("LAK", 69345.94),
    ("LBP", 51738.37),
    ("LKR", 1115.54),
    ("LRD", 642.0),
    ("LSL", 64.54),
    ("LYD", 16.78),
    ("MAD", 35.36),
    ("MDL", 62.53),
    ("MGA", 15622.78),
    ("MKD", 200.46),
    ("MMK", 7229.09),
    ("MNT", 11876.07),
    ("MOP", 27.73),
    ("MRO", 0.0),
    ("MRU", 131.15),
    ("MUR", 153.9),
    ("MVR", 53.18),
    ("MWK", 3729.78),
    ("MXN", 60.18),
    ("MZN", 219.97),
    ("NAD", 65.54),
    ("NIO", 125.92),
    ("NOK", 37.28),
    ("NPR", 458.28),
    ("NZD", 5.79),
    ("OMR", 1.33),
    ("PAB", 3.44),
    ("PEN", 12.98),
    ("PGK", 12.53),
    ("PHP", 196.97),
    ("PKR", 1000.0),
    ("PLN", 15.02),
    ("PYG", 25089.55),
    ("QAR", 12.53),
    ("RON", 16.2),
    ("RSD", 382.13),
    ("RUB", 331.76),
    ("RWF", 4165.23),
    ("SAR", 12.91),
    ("SBD", 28.87),
    ("SCR", 46.0),
    ("SDG", 2070.57),
    ("SEK", 37.98),
    ("SHP", 2.83),
    ("SLL", 72184.15),
    ("SOS", 1960.41),
    ("SRD", 131.66),
    ("SSP", 448.4),
    ("STD", 76701.53),
    ("STN", 80.03),
    ("SVC", 30.12),
    ("SYP", 8648.98),
    ("SZL", 64.54),
    ("TJS", 37.81),
    ("TMT", 12.08),
    ("TND", 10.93),
    ("TOP", 8.22),
    ("TTD", 23.35),
    ("TWD", 110.91),
    ("TZS", 8623.06),
    ("UAH", 127.14),
    ("UGX", 12974.99),
    ("UYU", 131.28),
    ("UZS", 42082.61),
    ("VEF", 0.0),
    ("VES", 116.97),
    ("VUV", 408.68),
    ("WST", 9.36),
    ("XAF", 2137.0),
    ("XAG", 0.15),
    ("XAU", 0.0),
    ("XCD", 9.3),
    ("XDR", 2.62),
    ("XOF", 2137.0),
    ("XPD", 0.0),
    ("XPF", 388.76),
    ("XPT", 0.0),
    ("YER", 861.88),
    ("ZAR", 65.71),
    ("ZMW", 72.37),
    ("ZWL", 1108.43),
    ("ETH", 0.00217404),
    ("LTC", 0.05394329),
    ("DOGE", 57.16089421),
    ("DASH", 0.12895029),
    ("BCH", 0.01611015),
    ("ZEC", 0.13142451),
    ("ETC", 0.22849437),
    ("XRP", 6.82546989),
    ("TRX", 40.70360447),
    ("XLM", 30.77768748),
    ("WAVES", 2.27571992),
    ("USDT", 3.44373882),
    ("USDTTRC20", 0.0),
    ("USDT20", 0.0),
];

/// Crypto currencies keep 8 decimals; everything else 2.
const CRYPTO: &[&str] = &[
    "BTC", "ETH", "LTC", "DOGE", "DASH", "BCH", "ZEC", "ETC", "XRP", "TRX", "XLM", "WAVES", "USDT",
];

/// `amount` of `currency` in every listed currency; the own currency is the amount itself.
pub fn converted_amount(amount: Money, currency: &str) -> Value {
    let rate_of = |c: &str| PER_1000_PKR.iter().find(|(k, _)| *k == c).map(|(_, r)| *r);
    let mut out = Array::object();
    // Unknown currencies convert as if they were PKR: the figures are illustrative only.
    let pkr = match rate_of(currency) {
        Some(r) if r > 0.0 => amount.as_f64() * 1000.0 / r,
        _ => amount.as_f64(),
    };
    for (code, rate) in PER_1000_PKR {
        let value = if *code == currency {
            amount.to_value()
        } else {
            let decimals = if CRYPTO.contains(code) { 1e8 } else { 1e2 };
            let v = (pkr * rate / 1000.0 * decimals).round() / decimals;
            if v.fract() == 0.0 && v.abs() < 1e15 {
                Value::Int(v as i64)
            } else {
                Value::Float(v)
            }
        };
        out.insert(*code, value);
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_from_the_documents_rates() {
        let Value::Array(a) = converted_amount(Money::from_units(1000), "PKR") else {
            panic!()
        };
        assert!(a.len() > 150);
        assert_eq!(a.get("PKR"), Some(&Value::Int(1000)));
        assert_eq!(a.get("USD"), Some(&Value::Float(3.44)));
        assert_eq!(a.get("BTC"), Some(&Value::Float(0.00013153)));
    }
}
