//! The sandbox's activity log (`paykassma sandbox --log`): one line per request it answers and
//! per postback delivery attempt, handed to a sink the embedder chooses (the CLI writes to
//! stderr). Paths are logged without their query, where the API `secret` travels, and a
//! postback URL without its `user:password@`.

use std::sync::Arc;
use std::time::Duration;

/// Where log lines go; called from the sandbox's threads, one whole line at a time.
pub type LogSink = Arc<dyn Fn(&str) + Send + Sync>;

/// `request POST /api/v1/transaction/activate -> 200 (1.2 ms)`, with what a fault did.
pub fn request_line(method: &str, path: &str, outcome: &str, took: Duration) -> String {
    format!(
        "request {method} {} -> {outcome} ({:.1} ms)",
        printable(path),
        took.as_secs_f64() * 1000.0
    )
}

/// `postback 3 attempt 2 to http://127.0.0.1:8000/pb -> 500 "oops": not acknowledged, retry in 400 ms`.
pub fn delivery_line(
    postback_id: u64,
    attempt: u32,
    url: &str,
    status: Option<u16>,
    answer: &str,
    error: Option<&str>,
    next: Option<Duration>,
) -> String {
    let got = match status {
        Some(s) => format!("{s} {:?}", printable(answer)),
        None => format!(
            "no answer ({})",
            printable(error.unwrap_or("unknown error"))
        ),
    };
    let verdict = match (error, next) {
        (None, _) => "acknowledged".to_owned(),
        (Some(_), Some(wait)) => format!("not acknowledged, retry in {} ms", wait.as_millis()),
        (Some(_), None) => "not acknowledged, no more attempts".to_owned(),
    };
    format!(
        "postback {postback_id} attempt {attempt} to {} -> {got}: {verdict}",
        without_credentials(url)
    )
}

/// One line whatever the text holds: control characters are escaped.
fn printable(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// `http://user:pass@host/x` -> `http://***@host/x`.
fn without_credentials(url: &str) -> String {
    let url = printable(url);
    let Some((scheme, rest)) = url.split_once("://") else {
        return url;
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***{}", &rest[at..]),
        None => url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postback_url_loses_its_credentials_and_stays_one_line() {
        let line = delivery_line(
            7,
            2,
            "http://merchant:hunter2@127.0.0.1:9/pb?x=1",
            Some(500),
            "line one\nline two",
            Some("not ok"),
            Some(Duration::from_millis(400)),
        );
        assert_eq!(
            line,
            r#"postback 7 attempt 2 to http://***@127.0.0.1:9/pb?x=1 -> 500 "line one\\nline two": not acknowledged, retry in 400 ms"#
        );
        assert!(!line.contains("hunter2"));
        assert!(!line.contains('\n'));
    }

    #[test]
    fn an_at_sign_after_the_host_is_not_taken_for_credentials() {
        assert_eq!(
            without_credentials("http://127.0.0.1:9/pb?email=a@b"),
            "http://127.0.0.1:9/pb?email=a@b"
        );
    }
}
