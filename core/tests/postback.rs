//! Postback verification on the documents' example bodies, re-signed with a test key.

use paykassma::php::{decode, encode, Value};
use paykassma::{sign_postback, verify_postback, PostbackKind, WithdrawalStatus};

const KEY: &str = "postback-private-key";

/// The fixture with its `signature` replaced by a valid one for `KEY`.
fn signed_fixture(name: &str) -> String {
    let body = std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let value = decode(&body).unwrap();
    let a = value.as_array().unwrap();
    let access_key = a.get("access_key").and_then(Value::as_str).unwrap();
    let old = a.get("signature").and_then(Value::as_str).unwrap();
    let new = sign_postback(access_key, KEY, a.get("additional_data").unwrap()).unwrap();
    body.replace(old, &new)
}

#[test]
fn deposit_example_verifies_with_typed_entries() {
    let body = signed_fixture("easypaisa_deposit_postback.json");
    let p = verify_postback(body.as_bytes(), KEY).unwrap();
    assert_eq!(p.kind(), PostbackKind::Deposit);
    let e = &p.entries()[0];
    assert_eq!(e.transaction_id.as_deref(), Some("23936218009"));
    assert_eq!(e.plugin_custom_order_id.as_deref(), Some("5586199250"));
    assert_eq!(e.amount.as_deref(), Some("1000"));
    assert_eq!(e.stockpiling_id, Some(4819603));
    assert_eq!(e.withdrawal_status, None);
    assert_eq!(p.unsigned().amount.as_deref(), Some("1000"));
    assert_eq!(p.idempotency_key(), "deposit:easypaisa:23936218009");
    assert_eq!(p.acknowledgement(), r#"{"status":"ok"}"#);
    let rates = p.unsigned().converted_amount_value().unwrap();
    assert_eq!(rates.as_array().unwrap().len(), 184);
}

#[test]
fn withdrawal_example_verifies_and_final_state_has_its_own_key() {
    let body = signed_fixture("easypaisa_withdrawal_postback.json");
    let p = verify_postback(body.as_bytes(), KEY).unwrap();
    assert_eq!(p.kind(), PostbackKind::Withdrawal);
    assert_eq!(
        p.entries()[0].withdrawal_status,
        Some(WithdrawalStatus::Success)
    );
    assert_eq!(p.idempotency_key(), "withdrawal:10319:1");
}

#[test]
fn body_encoding_does_not_matter_but_signed_content_does() {
    let body = signed_fixture("easypaisa_deposit_postback.json");
    // PHP's default flags escape slashes and non-ASCII; the signature is over the decoded data.
    let escaped = body.replace("\"PKR\"", "\"\\u0050KR\"");
    assert_ne!(escaped, body);
    assert!(verify_postback(escaped.as_bytes(), KEY).is_ok());
    let compact: String = body.split('\n').map(str::trim).collect();
    assert!(verify_postback(compact.as_bytes(), KEY).is_ok());

    let signed_amount = body.replace("\"amount\": \"1000\"", "\"amount\": \"9000\"");
    assert_eq!(
        verify_postback(signed_amount.as_bytes(), KEY)
            .unwrap_err()
            .code(),
        "signature_mismatch"
    );
    let unsigned_amount = body.replace("\"amount\": 1000,", "\"amount\": 9000,");
    let p = verify_postback(unsigned_amount.as_bytes(), KEY).unwrap();
    assert_eq!(
        p.entries()[0].amount.as_deref(),
        Some("1000"),
        "signed entry stays the truth"
    );
    assert_eq!(
        verify_postback(body.as_bytes(), "other-key")
            .unwrap_err()
            .code(),
        "signature_mismatch"
    );
}

#[test]
fn malformed_bodies_name_the_problem() {
    let cases: [(&[u8], &str); 9] = [
        (b"", "syntax error"),
        (b"\xff{}", "UTF-8"),
        (b"[1]", "not a JSON object"),
        (br#"{"access_key":"a","additional_data":[]}"#, "missing `signature`"),
        (br#"{"signature":"abc","access_key":"a","additional_data":[]}"#, "40 hexadecimal"),
        (br#"{"signature":"0000000000000000000000000000000000000000","additional_data":[]}"#, "missing `access_key`"),
        (br#"{"signature":"0000000000000000000000000000000000000000","access_key":"a"}"#, "missing `additional_data`"),
        (br#"{"signature":"0000000000000000000000000000000000000000","access_key":"a","additional_data":"x"}"#, "must be a list"),
        (br#"{"signature":1,"access_key":"a","additional_data":[]}"#, "`signature` must be a string"),
    ];
    for (body, want) in cases {
        let err = verify_postback(body, KEY).unwrap_err();
        assert_eq!(err.code(), "malformed_postback", "{err}");
        assert!(
            err.to_string().contains(want),
            "{err} should mention {want}"
        );
    }
    let deep = format!("{{\"signature\":{}{}}}", "[".repeat(600), "]".repeat(600));
    assert!(verify_postback(deep.as_bytes(), KEY)
        .unwrap_err()
        .to_string()
        .contains("512"));
    let huge = vec![b' '; paykassma::postback::MAX_POSTBACK_BYTES + 1];
    let too_large = verify_postback(&huge, KEY).unwrap_err();
    assert!(too_large.to_string().contains("cap"));
    // What a binding checks before it copies a body: the same refusal, at the same edge.
    let max = paykassma::postback::MAX_POSTBACK_BYTES;
    assert_eq!(
        paykassma::postback::check_body_size(max + 1),
        Err(too_large)
    );
    assert_eq!(paykassma::postback::check_body_size(max), Ok(()));
    let at_cap = vec![b' '; max];
    assert!(!verify_postback(&at_cap, KEY)
        .unwrap_err()
        .to_string()
        .contains("cap"));
    assert_eq!(
        verify_postback(b"{}", "").unwrap_err().field(),
        Some("private_key")
    );
}

#[test]
fn random_bytes_and_mutations_never_panic() {
    let body = signed_fixture("easypaisa_withdrawal_postback.json").into_bytes();
    let mut state = 0x9E3779B97F4A7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..3000 {
        let mut input = if round % 3 == 0 {
            (0..(next() % 300))
                .map(|_| next() as u8)
                .collect::<Vec<u8>>()
        } else {
            body.clone()
        };
        for _ in 0..(1 + next() % 4) {
            if input.is_empty() {
                break;
            }
            let at = (next() as usize) % input.len();
            match next() % 3 {
                0 => input[at] = next() as u8,
                1 => {
                    input.remove(at);
                }
                _ => input.truncate(at),
            }
        }
        match verify_postback(&input, KEY) {
            Ok(_) => {}
            Err(e) => assert!(
                matches!(e.code(), "malformed_postback" | "signature_mismatch"),
                "unexpected {e}"
            ),
        }
    }
}

#[test]
fn json_form_equals_the_value_form() {
    for name in [
        "easypaisa_deposit_postback.json",
        "easypaisa_withdrawal_postback.json",
    ] {
        let body = signed_fixture(name);
        let p = verify_postback(body.as_bytes(), KEY).unwrap();
        assert_eq!(decode(&p.to_json()).unwrap(), p.to_value(), "{name}");
    }
}

/// A signed body around `list`, with `KEY`.
fn signed_body(list: &str) -> String {
    let signature = sign_postback("AK", KEY, &decode(list).unwrap()).unwrap();
    format!(r#"{{"access_key":"AK","signature":"{signature}","additional_data":{list}}}"#)
}

#[test]
fn entries_read_alike_from_short_and_long_lists() {
    // A short list is read once (its fields taken on the way); a long one (more entries, or
    // more text than is kept) again once its signature matches. Both give the same entries.
    let entry = |i: usize| {
        format!(
            r#"{{"transaction_id":"t{i}","amount":"{i}.5","wallet_type":"easypaisa","stockpiling_id":{i},
                "bank_details":{{"bank_code":"B{i}","branch_code":null}},"comment":"{}"}}"#,
            "x".repeat(i % 7)
        )
    };
    for n in [1, 3, 32, 33, 200] {
        let list = format!("[{}]", (0..n).map(entry).collect::<Vec<_>>().join(", "));
        let p = verify_postback(signed_body(&list).as_bytes(), KEY).unwrap();
        assert_eq!(p.entries().len(), n);
        assert_eq!(p.signed_json(), encode(&decode(&list).unwrap()).unwrap());
        for (i, e) in p.entries().iter().enumerate() {
            assert_eq!(e.transaction_id.as_deref(), Some(format!("t{i}").as_str()));
            assert_eq!(e.amount.as_deref(), Some(format!("{i}.5").as_str()));
            assert_eq!(e.stockpiling_id, Some(i as i64));
            assert_eq!(
                e.bank_details.bank_code.as_deref(),
                Some(format!("B{i}").as_str())
            );
            assert_eq!(e.bank_details.branch_code, None);
            assert_eq!(e.comment.is_some(), i % 7 > 0);
            assert_eq!(
                &Value::Array(e.raw().clone()),
                decode(&entry(i)).as_ref().unwrap()
            );
        }
    }
}

#[test]
fn a_repeated_key_in_a_signed_entry_takes_its_last_value() {
    let list = r#"[{"transaction_id":"first","amount":"1","transaction_id":"last","bank_details":{"bank_code":"a","bank_code":"b"}}]"#;
    let p = verify_postback(signed_body(list).as_bytes(), KEY).unwrap();
    let e = &p.entries()[0];
    assert_eq!(e.transaction_id.as_deref(), Some("last"));
    assert_eq!(e.bank_details.bank_code.as_deref(), Some("b"));
    assert_eq!(
        p.signed_json(),
        r#"[{"transaction_id":"last","amount":"1","bank_details":{"bank_code":"b"}}]"#
    );
    // The same body with the first value signed instead is a forgery.
    let forged = signed_body(&list.replace(r#""transaction_id":"last""#, r#""x":0"#))
        .replace(r#""x":0"#, r#""transaction_id":"last""#);
    assert_eq!(
        verify_postback(forged.as_bytes(), KEY).unwrap_err().code(),
        "signature_mismatch"
    );
}

/// A postback signed by the earlier page's formula, `md5($transactions->toJson())` with PHP's
/// default flags: the hashed text has `\/` and `\uXXXX` where today's has `/` and UTF-8.
fn legacy_body(field: &str, list: &str, signature_over: &str) -> String {
    use paykassma::{sign_postback_as, SignatureForm};
    let signature = sign_postback_as(
        SignatureForm::Legacy,
        "AK",
        KEY,
        &decode(signature_over).unwrap(),
    )
    .unwrap();
    format!(r#"{{"access_key":"AK","signature":"{signature}","{field}":{list}}}"#)
}

#[test]
fn the_older_default_flags_form_verifies_and_says_so() {
    use paykassma::SignatureForm;
    let lists = [
        // A slash, non-ASCII in the BMP and past it, in values, keys, and a repeated key.
        r#"[{"transaction_id":"7","plugin_custom_order_id":"a/b","account_name":"Zoë 😀","amount":"1.5"}]"#,
        r#"[{"transaction_id":"7","comment":"https:\/\/x.y\/\u00e9","é/":{"k":[1.0,-0.0,1e25]}}]"#,
        r#"[{"transaction_id":"7","comment":"x","comment":"\/ü"}]"#,
    ];
    for field in ["transactions", "additional_data"] {
        for list in lists {
            let body = legacy_body(field, list, list);
            let p = verify_postback(body.as_bytes(), KEY)
                .unwrap_or_else(|e| panic!("{field} {list}: {e}"));
            assert_eq!(p.signature_form(), SignatureForm::Legacy, "{list}");
            assert_eq!(p.signed_list().field_name(), field);
            assert!(p.to_json().contains(r#""signature_form":"legacy""#));
            // Pretty-printed, as PHP's JSON_PRETTY_PRINT would send it.
            let pretty = body.replace(",\"", ",\n    \"").replace(":[", ": [");
            let p = verify_postback(pretty.as_bytes(), KEY).unwrap();
            assert_eq!(p.signature_form(), SignatureForm::Legacy, "{pretty}");
        }
    }
    // A list the two forms write alike reads as the current form.
    let plain = r#"[{"transaction_id":"7","amount":"1"}]"#;
    let p = verify_postback(legacy_body("transactions", plain, plain).as_bytes(), KEY).unwrap();
    assert_eq!(p.signature_form(), SignatureForm::Current);
    let body = signed_body(lists[0]);
    let p = verify_postback(body.as_bytes(), KEY).unwrap();
    assert_eq!(p.signature_form(), SignatureForm::Current);
    assert!(p.to_json().contains(r#""signature_form":"current""#));
}

#[test]
fn a_tampered_older_form_postback_is_still_refused() {
    let signed = r#"[{"transaction_id":"7","account_name":"a/é","amount":"1.5"}]"#;
    for tampered in [
        r#"[{"transaction_id":"7","account_name":"a/é","amount":"9.5"}]"#,
        r#"[{"transaction_id":"7","account_name":"a\/e","amount":"1.5"}]"#,
        r#"[{"transaction_id":"7","account_name":"a/é ","amount":"1.5"}]"#,
    ] {
        let body = legacy_body("transactions", tampered, signed);
        let err = verify_postback(body.as_bytes(), KEY).unwrap_err();
        assert_eq!(err.code(), "signature_mismatch", "{tampered}");
    }
    // The older form's signature with another key.
    let body = legacy_body("transactions", signed, signed);
    let err = verify_postback(body.as_bytes(), "other-key").unwrap_err();
    assert_eq!(err.code(), "signature_mismatch");
}
