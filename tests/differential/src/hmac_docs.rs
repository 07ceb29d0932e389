//! Documents for the newer platform's HMAC-SHA512 signature, as raw JSON text: unicode (raw and
//! escaped, surrogate pairs, now and then a lone surrogate), integers past any machine width,
//! tiny and huge floats and Python's `NaN`/`Infinity` literals, nested lists and objects, `:` and
//! `;` inside keys and values, repeated keys, empty containers, `general` with and without a
//! `signature`, and a few texts Python refuses. Python's `json.loads` + `str()` is the oracle.

use crate::documents::float;
use crate::json::Node;
use crate::rng::Rng;

/// One document to sign and the key to sign it with.
#[derive(Clone, Debug)]
pub struct HmacCase {
    pub key: String,
    pub doc: Node,
}

const PIECES: &[&str] = &[
    "a",
    "b",
    "id",
    "amount",
    "general",
    "signature",
    "status",
    "x",
    "10",
    "0",
    ":",
    ";",
    "::",
    ";;",
    "a:b",
    "c;d",
    " ",
    "/",
    "\\/",
    "\\\\",
    "\\\"",
    "\\n",
    "\\t",
    "\\u0000",
    "\\u001f",
    "é",
    "\\u00e9",
    "\\u00E9",
    "李",
    "😀",
    "\\ud83d\\ude00",
    "\\uD83D\\uDE00",
    "\u{2028}",
    "\\u2028",
    "\u{7f}",
    "\\uffff",
    "Ω",
    "ß",
    "İ",
    "ﬁ",
    "Z",
    "z",
    "_",
    "-",
    "True",
    "None",
];

const NUMBERS: &[&str] = &[
    "NaN",
    "Infinity",
    "-Infinity",
    "-0",
    "0",
    "-0.0",
    "1.0",
    "1E+5",
    "1e-5",
    "1e16",
    "1e15",
    "0.0001",
    "0.00001",
    "9007199254740993",
    "-9223372036854775809",
    "18446744073709551616",
    "1e400",
    "-1e400",
    "1e-400",
    "5e-324",
    "2.2250738585072014e-308",
    "1.7976931348623157e308",
    "0.1",
    "100.0",
    "123456789.125",
    "1.5e300",
];

const KEY_CHARS: &[&str] = &[
    "k", "e", "y", "K", "9", "-", "_", "é", "ключ", "😀", ":", ";", " ",
];

pub fn hmac_case(rng: &mut Rng) -> HmacCase {
    let key: String = (0..rng.range(1, 12)).map(|_| rng.pick(KEY_CHARS)).collect();
    HmacCase {
        key,
        doc: document(rng),
    }
}

pub fn document(rng: &mut Rng) -> Node {
    match rng.below(200) {
        0 => return Node::List(vec![scalar(rng)]),
        1 => return scalar(rng),
        2 => {
            return Node::Raw(
                rng.pick(&[
                    "{\"a\":1,}",
                    "{\"a\" 1}",
                    "{'a':1}",
                    "{\"a\":01}",
                    "{\"a\":\"\t\"}",
                    "{\"a\":-NaN}",
                    "{} x",
                ])
                .to_string(),
            )
        }
        _ => {}
    }
    let mut members = Vec::new();
    if rng.chance(70) {
        let mut general = Vec::new();
        for _ in 0..rng.below(4) {
            general.push((key(rng), value(rng, 2)));
        }
        if rng.chance(60) {
            let signature = rng.pick(&[
                "\"iG4n0hX6Q2y9fX2w==\"",
                "\"\"",
                "null",
                "[1,2]",
                "{\"x\":\"\\ud800\"}",
                "\"\\ud800\"",
            ]);
            let at = rng.below(general.len() + 1);
            general.insert(at, ("\"signature\"".into(), Node::Raw(signature.into())));
        }
        let general = if rng.chance(10) {
            value(rng, 1)
        } else {
            Node::Object(general)
        };
        members.push((ws(rng, "\"general\""), general));
    }
    for _ in 0..rng.range(0, 7) {
        members.push((key(rng), value(rng, 0)));
    }
    // A repeated key: the last value counts.
    if rng.chance(15) && !members.is_empty() {
        let (k, _) = members[rng.below(members.len())].clone();
        members.push((k, value(rng, 1)));
    }
    // `general` anywhere among the members.
    if !members.is_empty() {
        let at = rng.below(members.len());
        members.swap(0, at);
    }
    Node::Object(members)
}

fn ws(rng: &mut Rng, token: &str) -> String {
    if rng.chance(90) {
        return token.to_owned();
    }
    let pad = |rng: &mut Rng| rng.pick(&["", " ", "\n", "\t", "\r\n  "]).to_owned();
    format!("{}{token}{}", pad(rng), pad(rng))
}

fn text(rng: &mut Rng, lone: bool) -> String {
    let mut out = String::from("\"");
    for _ in 0..rng.below(5) {
        out.push_str(rng.pick(PIECES));
    }
    if lone && rng.below(1000) < 3 {
        out.push_str(rng.pick(&["\\ud800", "\\udfff", "\\ud83dx", "\\ude00\\ud83d"]));
    }
    out.push('"');
    out
}

fn key(rng: &mut Rng) -> String {
    let k = text(rng, true);
    ws(rng, &k)
}

fn scalar(rng: &mut Rng) -> Node {
    let token = match rng.below(12) {
        0 => "true".to_owned(),
        1 => "false".to_owned(),
        2 => "null".to_owned(),
        3 | 4 => text(rng, true),
        5 => rng.pick(NUMBERS).to_owned(),
        6 => {
            // An integer past every machine width.
            let mut digits = (rng.below(9) + 1).to_string();
            for _ in 0..rng.below(60) {
                digits.push(char::from(b'0' + rng.below(10) as u8));
            }
            format!("{}{digits}", if rng.chance(30) { "-" } else { "" })
        }
        7 => format!("{}", rng.next_u64() as i64),
        _ => float(rng),
    };
    Node::Raw(ws(rng, &token))
}

fn value(rng: &mut Rng, depth: usize) -> Node {
    match rng.below(10) {
        0 | 1 if depth < 5 => {
            Node::List((0..rng.below(5)).map(|_| value(rng, depth + 1)).collect())
        }
        2 | 3 if depth < 5 => Node::Object(
            (0..rng.below(5))
                .map(|_| (key(rng), value(rng, depth + 1)))
                .collect(),
        ),
        _ => scalar(rng),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_documents_and_most_sign() {
        let docs = |seed| {
            let mut rng = Rng::new(seed);
            (0..500)
                .map(|_| hmac_case(&mut rng).doc.render())
                .collect::<Vec<_>>()
        };
        assert_eq!(docs(3), docs(3));
        let signed = docs(3)
            .iter()
            .filter(|d| paykassma::hmac_sign_json(d, "k").is_ok())
            .count();
        assert!(signed > 450, "{signed} of 500 sign");
    }
}
