//! What the sandbox reads from a request's bytes itself, now that hyper frames requests: the
//! query string and `multipart/form-data` bodies. Any input: no panic, and every part's data is
//! no longer than the body. A query or a form built by the rules from arbitrary names and values
//! reads back exactly as built.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paykassma_sandbox::fuzzing::{multipart, query};

const BOUNDARY: &str = "fuzzBoundary7MA4YWxkTrZu0gW";

fuzz_target!(|input: (
    String,
    String,
    Vec<u8>,
    Vec<(String, String)>,
    Vec<(String, Option<String>, Vec<u8>)>
)| {
    let (content_type, raw_query, body, pairs, fields) = input;

    // Anything at all.
    let _ = query(&raw_query);
    for (_, _, data) in multipart(&content_type, &body) {
        assert!(data.len() <= body.len());
    }

    // A query with every byte percent-encoded reads back as the pairs it was built from.
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent(k), percent(v)))
        .collect();
    assert_eq!(query(&encoded.join("&")), pairs);

    // A form whose names are tokens and whose data never holds the delimiter reads back whole.
    let delimiter = format!("--{BOUNDARY}");
    let fields: Vec<_> = fields
        .into_iter()
        .filter(|(name, filename, data)| {
            is_token(name)
                && filename.as_deref().map_or(true, is_token)
                && !data
                    .windows(delimiter.len())
                    .any(|w| w == delimiter.as_bytes())
        })
        .collect();
    let mut form = Vec::new();
    for (name, filename, data) in &fields {
        form.extend(format!("{delimiter}\r\nContent-Disposition: form-data; name=\"{name}\"").bytes());
        if let Some(f) = filename {
            form.extend(format!("; filename=\"{f}\"").bytes());
        }
        form.extend(b"\r\n\r\n");
        form.extend(data);
        form.extend(b"\r\n");
    }
    form.extend(format!("{delimiter}--\r\n").bytes());
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    assert_eq!(multipart(&content_type, &form), fields);
});

fn percent(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
}
