//! The core against every shared vector file of `tests/vectors/` (PHP computed the expectations;
//! `php tests/php-oracle/vectors.php --check` re-checks them). Needs no PHP, so it runs in every
//! `cargo test --workspace`.

use std::path::PathBuf;

use paykassma::php::implode::to_php_string_with;
use paykassma::php::ksort::ksort;
use paykassma::php::{decode, encode, Array, Key, Shape, Value};
use paykassma_differential::sign_check::php_error_kind;
use serde_json::Value as Json;

const FILES: [&str; 9] = [
    "errors.json",
    "sign.json",
    "hmac.json",
    "edge_inputs.json",
    "postback.json",
    "php_string.json",
    "json_encode.json",
    "ksort.json",
    "json_decode.json",
];

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors")
}

/// Runs `check` on every case of a file; fails with the ids and reasons of all that disagree.
fn check_file(name: &str, algorithm: &str, check: impl Fn(&Json) -> Result<(), String>) {
    let text = std::fs::read_to_string(vectors_dir().join(name)).unwrap();
    let file: Json = serde_json::from_str(&text).unwrap();
    assert_eq!(file["algorithm"], algorithm, "{name}");
    let cases = file["cases"].as_array().unwrap();
    assert!(cases.len() >= 20, "{name} has only {} cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| check(c).err().map(|why| format!("{}: {why}", c["id"])))
        .collect();
    assert!(
        failures.is_empty(),
        "{name}: {} of {} cases disagree:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn s<'a>(case: &'a Json, field: &str) -> &'a str {
    case[field]
        .as_str()
        .unwrap_or_else(|| panic!("{}: missing {field}", case["id"]))
}

#[test]
fn every_vector_file_is_checked() {
    let mut found: Vec<String> = std::fs::read_dir(vectors_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    found.sort();
    let mut known: Vec<String> = FILES.iter().map(|s| s.to_string()).collect();
    known.sort();
    assert_eq!(found, known);
}

#[test]
fn request_signatures() {
    check_file("sign.json", "request_signature", |c| {
        let got = paykassma::sign_json(s(c, "json"), s(c, "key")).map_err(|e| e.to_string())?;
        let want = s(c, "signature");
        (got == want)
            .then_some(())
            .ok_or(format!("want {want}, got {got}"))
    });
}

/// The "c" column: the bytes `pk_sign_json` gets, which (once the C ABI has checked they are
/// UTF-8) are the core's `sign_json`. The "php" column of the maps the core's value model holds
/// as they are (non-finite floats among them): the core's `sign`.
#[test]
fn edge_inputs() {
    check_file("edge_inputs.json", "edge_inputs", |c| {
        let key = s(c, "key");
        let data = &c["data"];
        if c["expect"]["c"] != "n/a" {
            let want = &c["expect"]["c"];
            let got = match String::from_utf8(text_bytes(data)?) {
                Ok(text) => paykassma::sign_json(&text, key),
                Err(_) => return same_code(want, "invalid_utf8", "data"),
            };
            return same_outcome(want, got);
        }
        match (core_value(data), &c["expect"]["php"]) {
            (Some(Value::Array(a)), want) if want.get("signature").is_some() => {
                same_outcome(want, paykassma::sign(&a, key))
            }
            _ => Ok(()),
        }
    });
}

/// JSON text as bytes: a string, each UTF-16 unit in its own UTF-8 form, or hex.
fn text_bytes(tree: &Json) -> Result<Vec<u8>, String> {
    match tree[0].as_str() {
        Some("string") => Ok(tree[1].as_str().unwrap_or_default().as_bytes().to_vec()),
        Some("bytes") => {
            let hex = tree[1].as_str().unwrap_or_default();
            (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|e| e.to_string()))
                .collect()
        }
        Some("utf16") => Ok(tree[1]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|u| {
                let u = u.as_u64().unwrap() as u32;
                match u {
                    0..=0x7F => vec![u as u8],
                    0x80..=0x7FF => vec![0xC0 | (u >> 6) as u8, 0x80 | (u & 0x3F) as u8],
                    _ => vec![
                        0xE0 | (u >> 12) as u8,
                        0x80 | ((u >> 6) & 0x3F) as u8,
                        0x80 | (u & 0x3F) as u8,
                    ],
                }
            })
            .collect()),
        _ => Err(format!("not text: {tree}")),
    }
}

/// The core's value for a tree it holds as it is, or `None` (big ints, lone surrogates, bytes,
/// functions, objects are the bindings' to convert).
fn core_value(tree: &Json) -> Option<Value> {
    let items = |t: &Json| t.as_array().cloned().unwrap_or_default();
    Some(match tree[0].as_str()? {
        "map" => {
            let mut a = Array::object();
            for pair in items(&tree[1]) {
                a.insert(pair[0].as_str()?, core_value(&pair[1])?);
            }
            Value::Array(a)
        }
        "list" => {
            let mut a = Array::list();
            for item in items(&tree[1]) {
                a.push(core_value(&item)?);
            }
            Value::Array(a)
        }
        "null" => Value::Null,
        "bool" => Value::Bool(tree[1].as_bool()?),
        "string" => Value::from(tree[1].as_str()?),
        "int" => Value::Int(tree[1].as_str()?.parse().ok()?),
        "float" => Value::Float(match tree[1].as_str()? {
            "INF" => f64::INFINITY,
            "-INF" => f64::NEG_INFINITY,
            "NAN" => f64::NAN,
            text => text.parse().ok()?,
        }),
        _ => return None,
    })
}

fn same_outcome(want: &Json, got: Result<String, paykassma::Error>) -> Result<(), String> {
    match (want.get("signature"), got) {
        (Some(sig), Ok(got)) if sig == got.as_str() => Ok(()),
        (Some(sig), got) => Err(format!("want {sig}, got {got:?}")),
        (None, Ok(got)) => Err(format!("want {want}, got signature {got}")),
        (None, Err(e)) => same_code(want, e.code(), e.field().unwrap_or_default()),
    }
}

fn same_code(want: &Json, code: &str, field: &str) -> Result<(), String> {
    (want["code"] == code && want["field"] == field)
        .then_some(())
        .ok_or(format!("want {want}, got {code} naming {field}"))
}

#[test]
fn hmac_signature() {
    check_file("hmac.json", "hmac_sha512", |c| {
        let (json, key, want) = (s(c, "json"), s(c, "key"), s(c, "signature"));
        let got = paykassma::hmac_sign_json(json, key).map_err(|e| e.to_string())?;
        if got != want {
            return Err(format!("want {want}, got {got}"));
        }
        // The signature placed in general.signature verifies; a changed one does not.
        if json.contains(r#""general":{"#) && !json.contains(r#""signature""#) {
            let signed = json.replacen(
                r#""general":{"#,
                &format!(r#""general":{{"signature":"{want}","#),
                1,
            );
            let signed = signed.replace(r#"","}"#, r#""}"#);
            paykassma::hmac_verify_json(&signed, key).map_err(|e| format!("verify: {e}"))?;
        }
        Ok(())
    });
}

#[test]
fn postback_verification() {
    check_file("postback.json", "postback_verification", |c| {
        let result = paykassma::verify_postback(s(c, "body").as_bytes(), s(c, "private_key"));
        match (c["valid"].as_bool().unwrap(), result) {
            (true, Ok(p)) => {
                let (kind, key) = (s(c, "kind"), s(c, "idempotency_key"));
                let form = s(c, "signature_form");
                let got_form = p.signature_form().as_str();
                if p.kind().as_str() != kind || p.idempotency_key() != key || got_form != form {
                    return Err(format!(
                        "want {kind} {key} {form}, got {} {} {got_form}",
                        p.kind().as_str(),
                        p.idempotency_key()
                    ));
                }
                Ok(())
            }
            (true, Err(e)) => Err(format!("want valid, got {e}")),
            (false, Ok(_)) => Err("want invalid, got valid".into()),
            (false, Err(e)) if e.code() == s(c, "error_code") => Ok(()),
            (false, Err(e)) => Err(format!(
                "want {}, got {}: {e}",
                s(c, "error_code"),
                e.code()
            )),
        }
    });
}

#[test]
fn php_string_conversion() {
    check_file("php_string.json", "php_string_conversion", |c| {
        let value = decode(s(c, "json")).map_err(|e| e.to_string())?;
        let mut got = String::new();
        to_php_string_with(&value, ":", &mut got);
        let want = s(c, "string");
        (got == want)
            .then_some(())
            .ok_or(format!("want {want:?}, got {got:?}"))
    });
}

#[test]
fn json_encode() {
    check_file("json_encode.json", "json_encode", |c| {
        let value = decode(s(c, "json")).map_err(|e| e.to_string())?;
        match (encode(&value), c["encoded"].as_str()) {
            (Ok(got), Some(want)) if got == want => Ok(()),
            (Ok(got), Some(want)) => Err(format!("want {want}, got {got}")),
            (Err(_), None) => Ok(()),
            (Ok(got), None) => Err(format!("PHP refuses, the core gives {got}")),
            (Err(_), Some(want)) => Err(format!("want {want}, the core refuses")),
        }
    });
}

#[test]
fn ksort_order() {
    check_file("ksort.json", "ksort", |c| {
        let Value::Array(mut a) = decode(s(c, "json")).map_err(|e| e.to_string())? else {
            return Err("not an array".into());
        };
        ksort(&mut a);
        let got: Vec<Json> = a
            .iter()
            .map(|(k, _)| match k {
                Key::Int(i) => Json::from(*i),
                Key::Str(s) => Json::from(s.as_str()),
            })
            .collect();
        let want = c["sorted_keys"].as_array().unwrap();
        (&got == want)
            .then_some(())
            .ok_or(format!("want {want:?}, got {got:?}"))
    });
}

#[test]
fn json_decode() {
    check_file("json_decode.json", "json_decode", |c| {
        match (decode(s(c, "json")), c.get("error")) {
            (Err(e), Some(msg)) => {
                let want = php_error_kind(msg.as_str().unwrap());
                (want == Some(e.kind))
                    .then_some(())
                    .ok_or(format!("PHP says {msg}, the core {e}"))
            }
            (Ok(_), Some(msg)) => Err(format!("PHP says {msg}, the core decodes it")),
            (Err(e), None) => Err(format!("PHP decodes it, the core says {e}")),
            (Ok(_), None) if c.get("decodes").is_some() => Ok(()),
            (Ok(v), None) => same_tree(&v, &c["value"]),
        }
    });
}

/// Compares a decoded value with PHP's typed tree (see `tree()` in tests/php-oracle/vectors.php).
fn same_tree(v: &Value, tree: &Json) -> Result<(), String> {
    let t = tree.as_array().ok_or("bad tree")?;
    let ok = match (v, t[0].as_str().unwrap_or_default()) {
        (Value::Null, "null") => true,
        (Value::Bool(b), "bool") => t[1].as_bool() == Some(*b),
        (Value::Int(i), "int") => t[1].as_i64() == Some(*i),
        (Value::Float(f), "float") => {
            let want = match t[1].as_str().unwrap_or_default() {
                "INF" => f64::INFINITY,
                "-INF" => f64::NEG_INFINITY,
                text => text.parse::<f64>().map_err(|e| format!("{text}: {e}"))?,
            };
            want.to_bits() == f.to_bits()
        }
        (Value::Str(s), "string") => t[1].as_str() == Some(s.as_str()),
        (Value::Array(a), "array") => {
            let shape = if a.shape() == Shape::Object {
                "object"
            } else {
                "list"
            };
            let entries = t[2].as_array().ok_or("bad tree")?;
            if t[1] != shape || entries.len() != a.len() {
                return Err(format!("want {tree}, got {v:?}"));
            }
            for ((k, value), entry) in a.iter().zip(entries) {
                let key_ok = match k {
                    Key::Int(i) => entry[0].as_i64() == Some(*i),
                    Key::Str(s) => entry[0].as_str() == Some(s.as_str()),
                };
                if !key_ok {
                    return Err(format!("key {k:?}, want {}", entry[0]));
                }
                same_tree(value, &entry[1])?;
            }
            true
        }
        _ => false,
    };
    ok.then_some(()).ok_or(format!("want {tree}, got {v:?}"))
}

/// `errors.json`: the codes, numbers and fields of every error kind, which each binding's tests
/// read too, and its triggers, run here through the core.
#[test]
fn error_taxonomy() {
    use paykassma::{ApiError, Error, ErrorKind, TransportKind};
    let text = std::fs::read_to_string(vectors_dir().join("errors.json")).unwrap();
    let file: Json = serde_json::from_str(&text).unwrap();
    assert_eq!(file["algorithm"], "error_taxonomy");
    let cases = file["cases"].as_array().unwrap();
    let codes: Vec<&str> = cases.iter().map(|c| s(c, "code")).collect();
    assert_eq!(codes, paykassma::ERROR_CODES, "one case per kind, in order");
    let wid = Some("w-1".to_owned());
    let samples = [
        Error::Validation {
            field: "label".into(),
            reason: "is required".into(),
        },
        Error::SignatureMismatch,
        Error::MalformedPostback {
            reason: "not JSON".into(),
        },
        Error::Api(ApiError {
            status: "fail".into(),
            message: "no".into(),
            field_errors: vec![("amount".into(), vec!["too big".into()])],
            code: Some(30228),
            http_status: 422,
            body: "{}".into(),
            withdrawal_id: wid.clone(),
        }),
        Error::UnexpectedResponse {
            http_status: 502,
            reason: "HTML".into(),
            body: "<html>".into(),
            withdrawal_id: wid.clone(),
        },
        Error::Transport {
            kind: TransportKind::Connect,
            message: "refused".into(),
            withdrawal_id: wid,
        },
        Error::AmbiguousRetry {
            id_field: "withdrawal_id".into(),
            id: "w-1".into(),
            message: "taken".into(),
        },
    ];
    for ((case, kind), sample) in cases.iter().zip(ErrorKind::ALL).zip(samples) {
        assert_eq!(s(case, "code"), kind.code());
        assert_eq!(case["status"], kind as u32, "{kind:?}");
        assert_eq!(sample.kind(), kind);
        let Value::Array(details) = sample.to_value() else {
            panic!("{kind:?}: not an object")
        };
        let mut got: Vec<String> = details
            .iter()
            .filter(|(k, v)| !matches!(k.as_text().as_ref(), "code" | "message") && !v.is_null())
            .map(|(k, _)| k.as_text().into_owned())
            .collect();
        let mut want: Vec<String> = case["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_owned())
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{kind:?}");
        if let Some(trigger) = case.get("trigger") {
            let err = run_trigger(trigger).expect_err("the trigger must fail");
            assert_eq!(err.kind(), kind, "{err}");
            let Value::Array(details) = err.to_value() else {
                unreachable!()
            };
            for (name, want) in case["expect"].as_object().unwrap() {
                assert_eq!(
                    details.get(name).and_then(Value::as_str),
                    want.as_str(),
                    "{kind:?} {name}"
                );
            }
        }
    }
}

fn run_trigger(trigger: &Json) -> Result<(), paykassma::Error> {
    if let Some(t) = trigger.get("plugin_url") {
        paykassma::plugin_url_json(s(t, "plugin_base_url"), &t["params"].to_string())?;
    } else if let Some(t) = trigger.get("verify_postback") {
        paykassma::verify_postback(s(t, "body").as_bytes(), s(t, "private_key"))?;
    } else if let Some(t) = trigger.get("accounts_balance") {
        paykassma::Client::from_json_config(&t.to_string())?.accounts_balance()?;
    } else {
        panic!("unknown trigger {trigger}");
    }
    Ok(())
}
