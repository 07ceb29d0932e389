//! HTTP/1.1 request parsing as a pure function over the bytes received so far, so that it can
//! be fuzzed. The connection loop (`server.rs`) calls it after each read and reads more while it
//! answers `Partial`; limits are checked as early as the bytes allow, so an oversized head or
//! body is refused before it is read.

/// How much the parser accepts.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Request line and headers, in bytes, up to and including the empty line.
    pub max_head: usize,
    /// Number of header lines.
    pub max_headers: usize,
    /// The body once decoded.
    pub max_body: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_head: 16 * 1024,
            max_headers: 100,
            max_body: 16 * 1024 * 1024,
        }
    }
}

/// A complete request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedRequest {
    /// As sent (methods are case-sensitive).
    pub method: String,
    /// The path and query in origin form (`/a/b?x=1`); an absolute-form target
    /// (`http://host/a/b?x=1`) is reduced to it.
    pub target: String,
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub minor_version: u8,
    /// Names and values as sent, values without surrounding whitespace.
    pub headers: Vec<(String, String)>,
    /// Decoded (chunked framing removed).
    pub body: Vec<u8>,
    /// Whether the connection stays open after the answer (HTTP/1.1 unless `Connection: close`;
    /// HTTP/1.0 only with `Connection: keep-alive`).
    pub keep_alive: bool,
}

impl ParsedRequest {
    /// The value of the first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// The request and how many bytes of the input it took (the rest belongs to the next one).
    Complete(ParsedRequest, usize),
    /// More bytes are needed. `expects_continue`: the head is complete and asks for
    /// `100 Continue` before sending its body.
    Partial { expects_continue: bool },
}

/// Why a request is refused; the connection is closed after the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub status: u16,
    pub message: &'static str,
}

fn refuse<T>(status: u16, message: &'static str) -> Result<T, ParseError> {
    Err(ParseError { status, message })
}

/// Parses the request at the start of `input`.
pub fn parse_request(input: &[u8], limits: &Limits) -> Result<Parsed, ParseError> {
    // Empty lines before a request line are ignored (RFC 9112 section 2.2).
    let start = input
        .iter()
        .position(|&b| b != b'\r' && b != b'\n')
        .unwrap_or(input.len());
    let Some(head_len) = find_head_end(&input[start..]) else {
        if input.len() > limits.max_head {
            return refuse(431, "The request line and headers are too large");
        }
        return Ok(Parsed::Partial {
            expects_continue: false,
        });
    };
    if start + head_len > limits.max_head {
        return refuse(431, "The request line and headers are too large");
    }
    let head = &input[start..start + head_len];
    let mut lines = head_lines(head);
    let request_line = lines.next().unwrap_or_default();
    let (method, target, minor_version) = request_line_parts(request_line)?;
    let mut headers = Vec::new();
    for line in lines {
        if headers.len() == limits.max_headers {
            return refuse(431, "Too many headers");
        }
        headers.push(header(line)?);
    }
    let mut request = ParsedRequest {
        method,
        target,
        minor_version,
        keep_alive: keep_alive(&headers, minor_version),
        headers,
        body: Vec::new(),
    };
    let body_start = start + head_len;
    let expects_continue = minor_version == 1
        && request
            .header("Expect")
            .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"));
    let partial = Ok(Parsed::Partial { expects_continue });
    match framing(&request, limits)? {
        Framing::Length(len) => {
            let Some(body) = input.get(body_start..body_start + len) else {
                return partial;
            };
            request.body = body.to_vec();
            Ok(Parsed::Complete(request, body_start + len))
        }
        Framing::Chunked => match chunked(&input[body_start..], limits)? {
            None => partial,
            Some((body, used)) => {
                request.body = body;
                Ok(Parsed::Complete(request, body_start + used))
            }
        },
    }
}

/// The length of the head including its terminating empty line (CRLF CRLF, or bare LFs).
fn find_head_end(bytes: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(p) = bytes[i..].iter().position(|&b| b == b'\n') {
        let nl = i + p;
        match bytes.get(nl + 1) {
            Some(b'\n') => return Some(nl + 2),
            Some(b'\r') if bytes.get(nl + 2) == Some(&b'\n') => return Some(nl + 3),
            _ => i = nl + 1,
        }
    }
    None
}

/// The head's lines without their line ends, up to the empty line.
fn head_lines(head: &[u8]) -> impl Iterator<Item = &[u8]> {
    head.split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .take_while(|l| !l.is_empty())
}

fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn request_line_parts(line: &[u8]) -> Result<(String, String, u8), ParseError> {
    let mut parts = line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return refuse(400, "The request line is not METHOD TARGET HTTP/1.x");
    };
    if !is_token(method) {
        return refuse(400, "The request method is not a token");
    }
    if target.is_empty() || target.iter().any(|&b| b <= b' ' || b == 0x7f) {
        return refuse(400, "The request target is empty or has spaces or controls");
    }
    let minor_version = match version {
        b"HTTP/1.1" => 1,
        b"HTTP/1.0" => 0,
        [b'H', b'T', b'T', b'P', b'/', major, b'.', minor]
            if major.is_ascii_digit() && minor.is_ascii_digit() =>
        {
            return refuse(505, "Only HTTP/1.0 and HTTP/1.1 are served");
        }
        _ => return refuse(400, "The request line has no HTTP version"),
    };
    let target = origin_form(target)?;
    // Both checked as ASCII above.
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    Ok((text(method), text(target), minor_version))
}

/// `/path?query` from an origin-form or absolute-form target; `*` (OPTIONS) is kept.
fn origin_form(target: &[u8]) -> Result<&[u8], ParseError> {
    if target[0] == b'/' || target == b"*" {
        return Ok(target);
    }
    let lower = target.to_ascii_lowercase();
    let scheme = [&b"http://"[..], b"https://"]
        .into_iter()
        .find(|s| lower.starts_with(s));
    match scheme {
        Some(s) => {
            let rest = &target[s.len()..];
            match rest.iter().position(|&b| b == b'/' || b == b'?') {
                Some(i) if rest[i] == b'/' => Ok(&rest[i..]),
                // `http://host?x`: the path is `/`; keeping the query needs a new string, and
                // no client sends it, so it is refused.
                Some(_) => refuse(400, "The request target has no path"),
                None => Ok(b"/"),
            }
        }
        None => refuse(400, "The request target is not a path or an absolute URL"),
    }
}

/// Without surrounding spaces and tabs.
fn trim(mut bytes: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = bytes {
        bytes = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = bytes {
        bytes = rest;
    }
    bytes
}

fn header(line: &[u8]) -> Result<(String, String), ParseError> {
    if line[0] == b' ' || line[0] == b'\t' {
        return refuse(400, "Folded header lines are not accepted");
    }
    let Some(colon) = line.iter().position(|&b| b == b':') else {
        return refuse(400, "A header line has no colon");
    };
    let name = &line[..colon];
    if !is_token(name) {
        return refuse(400, "A header name is not a token");
    }
    let value = trim(&line[colon + 1..]);
    if value.iter().any(|&b| (b < b' ' && b != b'\t') || b == 0x7f) {
        return refuse(400, "A header value has control characters");
    }
    Ok((
        String::from_utf8_lossy(name).into_owned(),
        // Values are opaque bytes; non-UTF-8 ones are only looked at as text.
        String::from_utf8_lossy(value).into_owned(),
    ))
}

/// The comma-separated tokens of every `name` header, lowercased.
fn tokens<'a>(headers: &'a [(String, String)], name: &'a str) -> impl Iterator<Item = String> + 'a {
    headers
        .iter()
        .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
        .flat_map(|(_, v)| v.split(','))
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty())
}

fn keep_alive(headers: &[(String, String)], minor_version: u8) -> bool {
    let mut close = false;
    let mut keep = false;
    for t in tokens(headers, "Connection") {
        close |= t == "close";
        keep |= t == "keep-alive";
    }
    !close && (minor_version == 1 || keep)
}

enum Framing {
    Length(usize),
    Chunked,
}

fn framing(request: &ParsedRequest, limits: &Limits) -> Result<Framing, ParseError> {
    let has_te = request
        .headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("Transfer-Encoding"));
    let lengths: Vec<String> = tokens(&request.headers, "Content-Length").collect();
    if has_te {
        // Both framings at once is how requests are smuggled past proxies: refused.
        if !lengths.is_empty() {
            return refuse(400, "Both Content-Length and Transfer-Encoding are given");
        }
        if request.minor_version == 0 {
            return refuse(400, "Transfer-Encoding is not valid in HTTP/1.0");
        }
        let codings: Vec<String> = tokens(&request.headers, "Transfer-Encoding").collect();
        if codings.as_slice() != ["chunked"] {
            return refuse(501, "Only the chunked transfer coding is supported");
        }
        return Ok(Framing::Chunked);
    }
    let Some(first) = lengths.first() else {
        return Ok(Framing::Length(0));
    };
    if lengths.iter().any(|l| l != first) {
        return refuse(400, "Content-Length values disagree");
    }
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return refuse(400, "Content-Length is not a number");
    }
    match first.parse::<usize>() {
        Ok(len) if len <= limits.max_body => Ok(Framing::Length(len)),
        _ => refuse(413, "The request body is too large"),
    }
}

/// Decodes a chunked body; `None` while incomplete, else the body and the bytes it took.
/// Incomplete input is only scanned (no copy), so calling this after every read stays cheap.
fn chunked(input: &[u8], limits: &Limits) -> Result<Option<(Vec<u8>, usize)>, ParseError> {
    let mut spans = Vec::new();
    let mut total = 0usize;
    let mut pos = 0;
    loop {
        let Some(line_len) = input[pos..].iter().position(|&b| b == b'\n') else {
            // A size line with extensions is short; a long one is garbage.
            if input.len() - pos > 1024 {
                return refuse(400, "A chunk size line is too long");
            }
            return Ok(None);
        };
        if line_len > 1024 {
            return refuse(400, "A chunk size line is too long");
        }
        let line = &input[pos..pos + line_len];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let size_text = line.split(|&b| b == b';').next().unwrap_or_default();
        let size_text = trim(size_text);
        if size_text.is_empty()
            || size_text.len() > 8
            || !size_text.iter().all(|b| b.is_ascii_hexdigit())
        {
            return refuse(400, "A chunk size is not a hexadecimal number");
        }
        let size = usize::from_str_radix(std::str::from_utf8(size_text).unwrap_or("x"), 16)
            .map_err(|_| ParseError {
                status: 400,
                message: "A chunk size is not a hexadecimal number",
            })?;
        pos += line_len + 1;
        if size == 0 {
            // Trailer fields (ignored) up to an empty line.
            loop {
                let Some(len) = input[pos..].iter().position(|&b| b == b'\n') else {
                    if input.len() - pos > limits.max_head {
                        return refuse(431, "The chunked trailer is too large");
                    }
                    return Ok(None);
                };
                let line = &input[pos..pos + len];
                pos += len + 1;
                if line.is_empty() || line == b"\r" {
                    let mut body = Vec::with_capacity(total);
                    for (from, to) in spans {
                        body.extend_from_slice(&input[from..to]);
                    }
                    return Ok(Some((body, pos)));
                }
            }
        }
        total = total.saturating_add(size);
        if total > limits.max_body {
            return refuse(413, "The request body is too large");
        }
        // The data, then CRLF (or a bare LF).
        let Some(after) = input.get(pos + size..) else {
            return Ok(None);
        };
        let end = match after {
            [b'\r', b'\n', ..] => 2,
            [b'\n', ..] => 1,
            [] | [b'\r'] => return Ok(None),
            _ => return refuse(400, "A chunk is longer than its size"),
        };
        spans.push((pos, pos + size));
        pos += size + end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8]) -> Result<Parsed, ParseError> {
        parse_request(bytes, &Limits::default())
    }

    fn complete(bytes: &[u8]) -> (ParsedRequest, usize) {
        match parse(bytes) {
            Ok(Parsed::Complete(r, n)) => (r, n),
            other => panic!("not complete: {other:?}"),
        }
    }

    fn status(bytes: &[u8]) -> u16 {
        match parse(bytes) {
            Err(e) => e.status,
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn a_get_with_a_query_and_a_following_request() {
        let input =
            b"\r\nGET /api/v1/x?secret=a&b[]=1 HTTP/1.1\r\nHost: h\r\nX-Y:  z \r\n\r\nGET /";
        let (r, n) = complete(input);
        assert_eq!(r.method, "GET");
        assert_eq!(r.target, "/api/v1/x?secret=a&b[]=1");
        assert_eq!(r.header("x-y"), Some("z"));
        assert!(r.keep_alive);
        assert_eq!(&input[n..], b"GET /");
    }

    #[test]
    fn content_length_bodies_wait_for_every_byte() {
        let input = b"POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
        for cut in 0..input.len() {
            assert!(matches!(parse(&input[..cut]), Ok(Parsed::Partial { .. })));
        }
        assert_eq!(complete(input).0.body, b"hello");
    }

    #[test]
    fn chunked_bodies_are_decoded() {
        let input = b"POST /p HTTP/1.1\nTransfer-Encoding: chunked\n\n5;ext=1\r\nhello\r\n1\r\n!\r\n0\r\nTrailer: x\r\n\r\nNEXT";
        let (r, n) = complete(input);
        assert_eq!(r.body, b"hello!");
        assert_eq!(&input[n..], b"NEXT");
        assert!(matches!(
            parse(&input[..input.len() - 6]),
            Ok(Parsed::Partial { .. })
        ));
        assert_eq!(
            status(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello!!\r\n"),
            400
        );
        assert_eq!(
            status(b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
            501
        );
    }

    #[test]
    fn keep_alive_follows_the_version_and_connection() {
        let ka = |s: &[u8]| complete(s).0.keep_alive;
        assert!(!ka(b"GET / HTTP/1.1\r\nConnection: Close\r\n\r\n"));
        assert!(!ka(b"GET / HTTP/1.0\r\n\r\n"));
        assert!(ka(b"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
        assert!(!ka(
            b"GET / HTTP/1.1\r\nConnection: keep-alive, close\r\n\r\n"
        ));
    }

    #[test]
    fn limits_and_bad_framing_are_refused() {
        let small = Limits {
            max_head: 64,
            max_headers: 2,
            max_body: 4,
        };
        let head = |s: &[u8]| parse_request(s, &small).unwrap_err().status;
        assert_eq!(head(&[b'a'; 65]), 431);
        assert_eq!(head(b"GET / HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3\r\n\r\n"), 431);
        assert_eq!(head(b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n"), 413);
        assert_eq!(
            head(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n"),
            413
        );
        assert_eq!(
            status(b"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
            413
        );
        assert_eq!(
            status(b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
            400
        );
        assert_eq!(
            status(b"POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"),
            400
        );
        assert_eq!(
            status(b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"),
            400
        );
        assert_eq!(status(b"GET / HTTP/2.0\r\n\r\n"), 505);
        assert_eq!(status(b"GET /  HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status(b"GET / HTTP/1.1\r\n folded\r\n\r\n"), 400);
        assert_eq!(status(b"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n"), 400);
        assert_eq!(status(b"GET x HTTP/1.1\r\n\r\n"), 400);
    }

    #[test]
    fn absolute_targets_become_paths() {
        let t = |s: &[u8]| complete(s).0.target;
        assert_eq!(t(b"GET http://h:1/a?b=c HTTP/1.1\r\n\r\n"), "/a?b=c");
        assert_eq!(t(b"GET HTTP://h HTTP/1.1\r\n\r\n"), "/");
    }

    #[test]
    fn expect_continue_is_reported_once_the_head_is_in() {
        let input = b"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n";
        assert_eq!(
            parse(input),
            Ok(Parsed::Partial {
                expects_continue: true
            })
        );
    }
}
