//! Request-signature documents: every case of DESIGN section 3 as raw JSON text.
//!
//! Keys: numeric strings that PHP turns into ints (`"10"`, `"-1"`) or keeps (`"01"`, `" 1"`, `"1e1"`),
//! repeated keys, mixes of ints and strings on which PHP's `ksort` comparison is not transitive.
//! Values: floats of every magnitude (`-0.0`, `1e-5`, `1e20`, `1e400`, 15-digit integral floats),
//! integers past i64, unicode and escapes, booleans and null, empty `{}` and `[]`, nesting.
//! A few documents are invalid on purpose (lone surrogates, depth 512, bad numbers, ...).

use crate::json::{quote, Node};
use crate::rng::Rng;

/// One signing case: a private key and a document.
#[derive(Clone, Debug)]
pub struct SignCase {
    pub key: String,
    pub doc: Node,
}

/// Key texts (already JSON-escaped) that PHP's key rules or `ksort` treat specially.
const SPECIAL_KEYS: &[&str] = &[
    "10",
    "9",
    "5z",
    "-1",
    "01",
    " 1",
    "1 ",
    "1.5",
    "1e1",
    "-0",
    "0",
    "",
    "a",
    "B",
    "amount",
    "label",
    "signature",
    "is_test",
    "é",
    "\\u00e9",
    "\\u00E9",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "100000000000000000000.5",
    "100000000000000000000.25",
    "100000000000000000000",
    "-100000000000000000000.5",
    "1e400",
    "-1e400",
    "2e400",
    ".5",
    "5.",
    "+5",
    "0x1A",
    "\\t5",
    "\\u000b5",
    "\\f5",
    "5\\n",
    "1e",
    "1e+",
    "inf",
    "NAN",
    "00",
    "0.0",
    "-0.0",
    "1_0",
    "١",
    "\\/",
    "a:b",
    "\\u0000a",
    "A",
    "_",
    "~",
    "10a",
    " 10",
    "10 ",
    "1E1",
    "0.5e1",
    "5.0",
    "0000000000000000000000005",
    "99999999999999999999",
    "-99999999999999999999",
    "\\u2028",
    "😀",
    "\\ud83d\\ude00",
    "Z",
    "z",
    "aa",
    "a ",
    " ",
    "withdrawal_id",
    "currency_code",
];

/// Float texts with a known PHP quirk or boundary.
const SPECIAL_FLOATS: &[&str] = &[
    "-0.0",
    "0.0",
    "-0",
    "1.0",
    "1e-5",
    "1E-5",
    "0.00001",
    "1e20",
    "1e400",
    "-1e400",
    "1e-400",
    "100000000000005.0",
    "100000000000015.0",
    "123450000000005.0",
    "999999999999995.0",
    "99999999999999.5",
    "0.1",
    "0.30000000000000004",
    "5e-324",
    "2.2250738585072014e-308",
    "1.7976931348623157e308",
    "9007199254740993.0",
    "4.35",
    "0.000021",
    "1e15",
    "1e14",
    "1e13",
    "123456789012345678",
    "12345678901234567890",
    "-12345678901234567890",
    "1e-4",
    "0.0001",
    "0.00009999",
    "1.5e-7",
    "0.00013153",
    "3.44",
    "13628.5",
    "1e+25",
    "1E25",
    "1e17",
    "1e16",
    "0e0",
    "-0e-0",
    "1.23456789012345e-5",
    "999999999999999.9",
    "99999999999999.99",
    "0.99999999999999995",
    "1e-7",
    "2.501e-5",
    "100000000000000.0",
    "9.9999999999999e14",
    "1.00000000000005",
    "0.000099999999999995",
    "1953495423541926.25",
    "1953495423541926.75",
    "1125899906842624.25",
];

const WORDS: &[&str] = &[
    "withdrawal",
    "ACCT",
    "paytm",
    "easypaisa",
    "INR",
    "PKR",
    "51_2788",
    "Muhammad",
    "O'Brien",
    "a:b",
    "::",
    "https://example.com/a/b?c=1&d=2",
    "",
    " ",
    "0",
    "1",
    "true",
    "null",
    "-0",
    "1.0",
    "é",
    "中文",
    "😀",
    "Ñandú",
    "تست",
    "\u{7f}",
    "\u{2028}",
    "\u{feff}",
];

/// Escaped fragments a string token is built from.
const STRING_PIECES: &[&str] = &[
    "\\/",
    "/",
    "\\\\",
    "\\\"",
    "\\n",
    "\\r",
    "\\t",
    "\\b",
    "\\f",
    "\\u00e9",
    "\\u00E9",
    "\\u2028",
    "\\u2029",
    "\\ud83d\\ude00",
    "\\uD83D\\uDE00",
    "\\u0000",
    "\\u001f",
    "\\u007f",
    "\\uffff",
    "\\ufeff",
    "\\u0041",
    ":",
    " ",
    "é",
    "😀",
    "中",
    "\u{2029}",
    "\u{7f}",
];

/// Fragments PHP's `json_decode` refuses.
const INVALID_VALUES: &[&str] = &[
    "\"\\ud800\"",
    "\"\\udc00x\"",
    "\"\\ud800\\u0041\"",
    "\"\\ud83d\"",
    "\"a\u{1}b\"",
    "\"tab\tin\"",
    "01",
    "-",
    "1.",
    "1e",
    "+1",
    ".5",
    "0x1",
    "NaN",
    "Infinity",
    "tru",
    "nul",
    "\"\\x41\"",
    "\"\\u12G4\"",
    "'s'",
    "\"unterminated",
    "[1,]",
    "{\"a\":1,}",
    "{\"a\" 1}",
    "{1:2}",
    "[1 2]",
    "\u{1}1",
    "1\u{1}",
    "\"\\u00e\"",
    "--1",
    "1e+-1",
    "-01",
    "[",
    "]",
    "}",
];

/// A generated signing case.
pub fn sign_case(rng: &mut Rng) -> SignCase {
    SignCase {
        key: private_key(rng),
        doc: document(rng),
    }
}

fn private_key(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => rng
            .pick(&["k", "é-ключ", "key:with:colons", "0", " spaced "])
            .to_string(),
        _ => (0..rng.range(8, 40))
            .map(|_| {
                rng.pick(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") as char
            })
            .collect(),
    }
}

/// A top-level document: mostly an object, sometimes a list, a scalar or an invalid text.
pub fn document(rng: &mut Rng) -> Node {
    match rng.below(200) {
        0 => Node::Raw(rng.pick(&["1", "\"s\"", "null", "true", "1.5"]).to_string()),
        1..=3 => nested_lists(rng.pick(&[510, 511, 512, 513, 600])),
        4..=7 => invalid_document(rng),
        8 => {
            let n = rng.range(1025, 1100) as usize;
            wide_object(rng, n)
        }
        9..=20 => Node::List((0..rng.below(8)).map(|_| value(rng, 3)).collect()),
        21..=50 => mixed_key_object(rng),
        51..=60 => {
            let n = rng.range(17, 60) as usize;
            wide_object(rng, n)
        }
        _ => {
            let n = rng.below(14);
            object(rng, 3, n)
        }
    }
}

fn nested_lists(depth: usize) -> Node {
    let mut node = Node::Raw("1".into());
    for _ in 0..depth {
        node = Node::List(vec![node]);
    }
    node
}

fn invalid_document(rng: &mut Rng) -> Node {
    let n = rng.range(1, 6) as usize;
    let mut doc = object(rng, 2, n);
    let bad = Node::Raw(rng.pick(INVALID_VALUES).to_string());
    if let Node::Object(members) = &mut doc {
        let at = rng.below(members.len() + 1);
        members.insert(at, (key(rng), bad));
    }
    match rng.below(8) {
        0 => Node::Raw(format!("{}x", doc.render())),
        1 => {
            let text = doc.render();
            Node::Raw(text[..text.len() - 1].to_owned())
        }
        2 => Node::Raw(format!("\u{feff}{}", doc.render())),
        _ => doc,
    }
}

/// Keys that make PHP's comparison non-transitive: ints, numeric and non-numeric strings.
fn mixed_key_object(rng: &mut Rng) -> Node {
    let n = rng.range(2, 40) as usize;
    let members = (0..n)
        .map(|_| {
            let k = match rng.below(6) {
                0 => format!("{}", rng.range(-20, 120)),
                1 => format!("{}z", rng.range(0, 120)),
                2 => format!("{}{}", rng.pick(&[" ", "0", "", "+"]), rng.range(0, 120)),
                3 => format!("{}.{}", rng.range(0, 120), rng.range(0, 9)),
                4 => format!("{}e{}", rng.range(0, 9), rng.range(0, 3)),
                _ => rng.pick(SPECIAL_KEYS).to_string(),
            };
            (format!("\"{k}\""), value(rng, 1))
        })
        .collect();
    Node::Object(members)
}

fn wide_object(rng: &mut Rng, n: usize) -> Node {
    let members = (0..n)
        .map(|_| {
            let k = match rng.below(4) {
                0 => format!("\"{}\"", rng.range(-5000, 5000)),
                1 => format!("\"k{}\"", rng.below(3 * n)),
                2 => key(rng),
                _ => format!("\"{}{}\"", rng.pick(&["", " ", "0"]), rng.below(2000)),
            };
            (k, scalar(rng))
        })
        .collect();
    Node::Object(members)
}

fn object(rng: &mut Rng, depth: usize, n: usize) -> Node {
    let members = (0..n).map(|_| (key(rng), value(rng, depth))).collect();
    Node::Object(members)
}

/// A key token with optional whitespace around it.
fn key(rng: &mut Rng) -> String {
    let text = match rng.below(10) {
        0..=3 => rng.pick(SPECIAL_KEYS).to_string(),
        4 => format!("{}", rng.next_u64() as i64 >> rng.below(64)),
        5 => format!("{}", rng.range(-3, 30)),
        6 => string_body(rng),
        _ => rng
            .pick(&["a", "b", "c", "amount", "label", "is_test", "x"])
            .to_string(),
    };
    format!("{}\"{text}\"{}", whitespace(rng), whitespace(rng))
}

fn whitespace(rng: &mut Rng) -> &'static str {
    if rng.chance(85) {
        ""
    } else {
        rng.pick(&[" ", "\n", "\t", "\r\n", "  \n\t"])
    }
}

/// Any value, nesting at most `depth` more levels.
fn value(rng: &mut Rng, depth: usize) -> Node {
    match rng.below(20) {
        0..=1 if depth > 0 => {
            Node::List((0..rng.below(5)).map(|_| value(rng, depth - 1)).collect())
        }
        2..=3 if depth > 0 => {
            let n = rng.below(5);
            object(rng, depth - 1, n)
        }
        4 => Node::Raw(
            rng.pick(&["[]", "{}", "[ ]", "{ }", "[[]]", "[{}]"])
                .to_string(),
        ),
        _ => {
            let s = scalar(rng);
            match s {
                Node::Raw(t) => Node::Raw(format!("{}{t}{}", whitespace(rng), whitespace(rng))),
                other => other,
            }
        }
    }
}

fn scalar(rng: &mut Rng) -> Node {
    Node::Raw(match rng.below(20) {
        0 => rng.pick(&["null", "true", "false"]).to_string(),
        1..=3 => integer(rng),
        4..=9 => float(rng),
        _ => format!("\"{}\"", string_body(rng)),
    })
}

fn integer(rng: &mut Rng) -> String {
    match rng.below(8) {
        0 => rng
            .pick(&[
                "0",
                "-0",
                "9223372036854775807",
                "-9223372036854775808",
                "9223372036854775808",
                "-9223372036854775809",
                "18446744073709551616",
                "100000000000000000000",
                "123456789012345678901234567890",
                "-1",
            ])
            .to_string(),
        1 => format!("{}", rng.next_u64() as i64),
        2 => format!("{}{}", rng.next_u64(), rng.below(1000)),
        _ => format!("{}", rng.range(-1000, 100000)),
    }
}

/// A float text: quirks, random bits, random decimals of every magnitude.
pub fn float(rng: &mut Rng) -> String {
    let text = match rng.below(10) {
        0..=2 => rng.pick(SPECIAL_FLOATS).to_string(),
        3 => {
            let f = f64::from_bits(rng.next_u64());
            if f.is_finite() {
                format!("{f:e}")
            } else {
                "1.5".into()
            }
        }
        4 => {
            // 15-digit integral floats, where PHP's (string) keeps trailing zeros on ties.
            let d = rng.range(100_000_000_000_000, 999_999_999_999_999);
            let d = if rng.chance(50) { d / 10 * 10 + 5 } else { d };
            format!("{d}.0")
        }
        5 => {
            let digits: String = (0..rng.range(1, 20))
                .map(|_| char::from(b'0' + rng.below(10) as u8))
                .collect();
            format!("{}.{digits}e{}", rng.range(1, 9), rng.range(-330, 320))
        }
        6 => format!("{}.{}", rng.range(0, 99999), rng.range(0, 99_999_999)),
        7 => format!("{}e-{}", rng.range(1, 99999), rng.range(1, 12)),
        8 if rng.chance(50) => format!("0.{:0>8}", rng.range(1, 99999)),
        8 => {
            // Doubles halfway between two shortest decimal forms (1953495423541926.25).
            let int = rng.range(1 << 49, (1 << 53) - 1);
            format!(
                "{int}.{}",
                rng.pick(&["25", "75", "5", "125", "375", "625", "875"])
            )
        }
        _ => {
            let f = (rng.next_u64() % 10_000_000) as f64 / 10f64.powi(rng.range(0, 9) as i32);
            format!("{f:?}")
        }
    };
    if rng.chance(10) && !text.starts_with('-') {
        format!("-{text}")
    } else {
        text
    }
}

/// The inside of a string token: words and escapes.
fn string_body(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..rng.below(5) {
        if rng.chance(50) {
            let q = quote(rng.pick(WORDS));
            out.push_str(&q[1..q.len() - 1]);
        } else {
            out.push_str(rng.pick(STRING_PIECES));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_documents() {
        let a: Vec<String> = (0..50)
            .map({
                let mut rng = Rng::new(7);
                move |_| sign_case(&mut rng).doc.render()
            })
            .collect();
        let b: Vec<String> = (0..50)
            .map({
                let mut rng = Rng::new(7);
                move |_| sign_case(&mut rng).doc.render()
            })
            .collect();
        assert_eq!(a, b);
    }

    #[test]
    fn most_documents_decode() {
        let mut rng = Rng::new(1);
        let ok = (0..2000)
            .filter(|_| paykassma::php::decode(&document(&mut rng).render()).is_ok())
            .count();
        assert!(ok > 1800, "{ok} of 2000 decode");
    }
}
