//! Realistic postbacks shaped like the documents' examples, as raw JSON text without a signature:
//! about 184 `converted_amount` rates, 1 to 3 signed entries (`additional_data`, or the older
//! `transactions`), names with unicode, slashes and quotes, crypto-sized floats, `{}` inside
//! entries, withdrawal statuses 1, 5 and null. PHP signs them (in both published forms) and writes
//! the bodies.

use crate::documents::float;
use crate::json::quote;
use crate::rng::Rng;

/// One postback to sign: the keys and the body text without `signature`.
#[derive(Clone, Debug)]
pub struct PostbackSpec {
    pub access_key: String,
    pub private_key: String,
    pub body: String,
}

/// The currencies of the documents' `converted_amount`, in their order.
const CURRENCIES: &str = "USD INR EUR IDR VND SGD THB NGN TRY AED CAD AUD BDT AFN ALL AMD AOA ARS AWG \
AZN BAM BBD BGN BHD BIF BMD BND BOB BRL BSD BTC BTN BWP BYN BZD CDF CHF CLF CLP CNH CNY COP CRC CUC \
CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB FJD FKP GBP GEL GGP GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG \
HUF ILS IMP IQD IRR ISK JEP JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD \
MAD MDL MGA MKD MMK MNT MOP MRO MRU MUR MVR MWK MXN MZN NAD NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR \
PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SHP SLL SOS SRD SSP STD STN SVC SYP SZL TJS TMT TND \
TOP TTD TWD TZS UAH UGX UYU UZS VEF VES VUV WST XAF XAG XAU XCD XDR XOF XPD XPF XPT YER ZAR ZMW ZWL \
ETH LTC DOGE DASH BCH ZEC ETC XRP TRX XLM WAVES USDT USDTTRC20 USDT20";

const WALLETS: &[(&str, &str)] = &[
    ("easypaisa", "PKR"),
    ("easypaisa_api", "PKR"),
    ("paytm_api", "INR"),
    ("phone_pe", "INR"),
    ("upi_ib", "INR"),
    ("imps_ib", "INR"),
    ("nagad_api", "BDT"),
    ("bkash", "BDT"),
    ("ipay", "PKR"),
];

const NAMES: &[&str] = &[
    "Muhammad Saqib Mushtaq",
    "autotest983948600573",
    "O'Brien \"Jr\"",
    "A/B \\ C",
    "Ñandú Pérez",
    "محمد علی",
    "মোহাম্মদ রহমান",
    "राहुल शर्मा",
    "李小龍",
    "Emoji 😀 name",
    "line\nbreak\ttab",
    "sep\u{2028}arator\u{2029}",
    "ctl\u{1}\u{1f}\u{7f}",
    "https://example.com/a/b",
    "</script>",
    "",
];

/// A realistic postback.
pub fn postback(rng: &mut Rng) -> PostbackSpec {
    let (wallet, currency) = rng.pick(WALLETS);
    let withdrawal = rng.chance(40);
    let entries: Vec<String> = (0..rng.range(1, 3))
        .map(|_| entry(rng, wallet, currency, withdrawal))
        .collect();
    let access_key = alnum(rng, 16, 30);
    let list_name = if rng.chance(15) {
        "transactions"
    } else {
        "additional_data"
    };
    let mut members = vec![
        ("wallet_type", quote(wallet)),
        ("amount", amount_number(rng)),
        ("currency_code", quote(currency)),
        ("label", quote(&alnum(rng, 5, 12))),
        ("converted_amount", converted_amount(rng)),
        (
            "direction",
            quote(if withdrawal { "outgoing" } else { "ingoing" }),
        ),
        ("created_datetime", quote(&datetime(rng))),
        ("access_key", quote(&access_key)),
        (list_name, format!("[{}]", entries.join(","))),
    ];
    if rng.chance(10) {
        let at = rng.below(members.len());
        let last = members.len() - 1;
        members.swap(at, last);
    }
    if rng.chance(5) {
        members.push(("amount", amount_number(rng)));
    }
    let body = members
        .iter()
        .map(|(k, v)| format!("{}:{v}", quote(k)))
        .collect::<Vec<_>>()
        .join(",");
    PostbackSpec {
        access_key,
        private_key: alnum(rng, 12, 40),
        body: format!("{{{body}}}"),
    }
}

fn alnum(rng: &mut Rng, min: i64, max: i64) -> String {
    (0..rng.range(min, max))
        .map(|_| {
            rng.pick(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") as char
        })
        .collect()
}

fn digits(rng: &mut Rng, min: i64, max: i64) -> String {
    (0..rng.range(min, max))
        .map(|_| char::from(b'0' + rng.below(10) as u8))
        .collect::<String>()
        .trim_start_matches('0')
        .to_owned()
        + "7"
}

fn datetime(rng: &mut Rng) -> String {
    format!(
        "20{:02}-{:02}-{:02} {:02}:{:02}:{:02}",
        rng.range(20, 26),
        rng.range(1, 12),
        rng.range(1, 28),
        rng.range(0, 23),
        rng.range(0, 59),
        rng.range(0, 59)
    )
}

fn amount_number(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => format!("{}.{}", rng.range(1, 99999), rng.range(1, 99)),
        _ => format!("{}", rng.range(100, 500000)),
    }
}

/// About 184 rates: the documents' currencies with floats of every size, crypto ones tiny.
fn converted_amount(rng: &mut Rng) -> String {
    let mut rates: Vec<String> = CURRENCIES
        .split_whitespace()
        .map(|code| {
            let rate = match code {
                "BTC" | "ETH" | "BCH" => format!("0.{:0>8}", rng.range(1, 99999)),
                _ => match rng.below(12) {
                    0 => "0".into(),
                    1 => float(rng).trim_start_matches('-').to_owned(),
                    2 => format!("{}", rng.range(1, 200000)),
                    _ => format!("{}.{}", rng.range(0, 99999), rng.range(1, 99)),
                },
            };
            // PHP cannot re-encode INF, so the gateway never sends it here.
            let rate = match rate.parse::<f64>() {
                Ok(f) if f.is_finite() => rate,
                _ => "0".into(),
            };
            format!("{}:{rate}", quote(code))
        })
        .collect();
    if rng.chance(20) {
        rates.insert(4, "\" R\":16.13".into());
    }
    format!("{{{}}}", rates.join(","))
}

/// One signed entry, with the documents' fields and sometimes extra ones.
fn entry(rng: &mut Rng, wallet: &str, currency: &str, withdrawal: bool) -> String {
    let null_or_empty = |rng: &mut Rng| rng.pick(&["null", "\"\""]).to_string();
    let amount = match rng.below(10) {
        0 => format!("\"{}\"", float(rng).trim_start_matches('-')),
        1 => format!("0.0000{}", rng.range(1, 9999)),
        2 => format!("{}", rng.range(1, 100000)),
        _ => format!("\"{}.{}\"", rng.range(1, 100000), rng.range(0, 9)),
    };
    let bank_details = match rng.below(6) {
        0 => "{}".to_owned(),
        1 => "[]".to_owned(),
        2 => "null".to_owned(),
        3 => r#"{"bank_code":null,"branch_code":null}"#.to_owned(),
        4 => format!(
            r#"{{"bank_code":{},"branch_code":{},"bank_code_in_payments_system":"SBIN/0001"}}"#,
            quote(&alnum(rng, 4, 11)),
            quote(&digits(rng, 1, 6))
        ),
        _ => r#"{"bank_code":"","branch_code":""}"#.to_owned(),
    };
    let name = quote(rng.pick(NAMES));
    let mut fields: Vec<(String, String)> = if withdrawal {
        vec![
            ("activated_datetime".into(), quote("")),
            ("exchanger_identifier".into(), quote("")),
            (
                "comment".into(),
                quote(rng.pick(&["autotest approve by file", "test", "", "ok/✓"])),
            ),
            ("amount".into(), amount),
            ("currency_code".into(), quote(currency)),
            ("wallet_type".into(), quote(wallet)),
            ("stockpiling_id".into(), "null".into()),
            ("transaction_id".into(), quote("")),
            ("transaction_type".into(), "null".into()),
            ("plugin_custom_order_id".into(), quote("")),
            (
                "withdrawal_id".into(),
                quote(&format!("{}-{}", alnum(rng, 8, 8), digits(rng, 4, 12))),
            ),
            (
                "withdrawal_status".into(),
                rng.pick(&["1", "5", "null", "1", "5"]).to_string(),
            ),
            ("account_number".into(), quote(&digits(rng, 9, 14))),
            ("account_name".into(), name),
            (
                "account_email".into(),
                quote(rng.pick(&["", "a.b@example.com"])),
            ),
            ("bank_details".into(), bank_details),
        ]
    } else {
        vec![
            ("activated_datetime".into(), quote(&datetime(rng))),
            ("exchanger_identifier".into(), quote(&digits(rng, 6, 12))),
            (
                "comment".into(),
                quote(rng.pick(&["", "95*****98", "a/b \"c\""])),
            ),
            ("amount".into(), amount),
            ("currency_code".into(), quote(currency)),
            ("wallet_type".into(), quote(wallet)),
            (
                "stockpiling_id".into(),
                format!("{}", rng.range(1, 9_999_999)),
            ),
            ("transaction_id".into(), quote(&digits(rng, 8, 15))),
            ("transaction_type".into(), "0".into()),
            ("plugin_custom_order_id".into(), quote(&alnum(rng, 6, 28))),
            ("withdrawal_id".into(), "null".into()),
            ("withdrawal_status".into(), "null".into()),
            ("account_number".into(), null_or_empty(rng)),
            ("account_name".into(), name),
            ("account_email".into(), quote("")),
            ("bank_details".into(), bank_details),
        ]
    };
    if rng.chance(30) {
        let extra = match rng.below(8) {
            0 => "{}".to_owned(),
            1 => "[]".to_owned(),
            2 => r#"{"10":"ten","-1":[],"01":{},"x":[1,{"y":null}]}"#.to_owned(),
            3 => format!("[{},{}]", float(rng).trim_start_matches('-'), float(rng)),
            4 => quote("https://example.com/cb?id=1&x=/y/"),
            5 => "1e-7".to_owned(),
            6 => "0.00002501".to_owned(),
            _ => quote("\u{2028}é😀\"\\/"),
        };
        let at = rng.below(fields.len());
        fields.insert(
            at,
            (
                rng.pick(&["extra", "meta", "10", "ключ"]).to_string(),
                extra,
            ),
        );
    }
    let members: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}:{v}", quote(k)))
        .collect();
    format!("{{{}}}", members.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postbacks_are_valid_json_of_realistic_size() {
        let mut rng = Rng::new(3);
        for _ in 0..200 {
            let p = postback(&mut rng);
            let v = paykassma::php::decode(&p.body).expect(&p.body);
            let a = v.as_array().unwrap();
            let rates = a.get("converted_amount").unwrap().as_array().unwrap();
            assert!((183..=184).contains(&rates.len()));
            assert!(a.get("additional_data").or(a.get("transactions")).is_some());
            assert!((2500..12000).contains(&p.body.len()), "{}", p.body.len());
        }
    }
}
