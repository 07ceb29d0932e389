//! Just enough `multipart/form-data` for the possible-transaction activation: text fields and an
//! optional `screenshot` file. A body that does not parse reads as no fields at all.

pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

pub fn parse(content_type: &str, body: &[u8]) -> Vec<Part> {
    let Some(boundary) = boundary(content_type) else {
        return Vec::new();
    };
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut rest = match find(body, &delimiter) {
        Some(i) => &body[i + delimiter.len()..],
        None => return parts,
    };
    loop {
        if rest.starts_with(b"--") {
            break;
        }
        let Some(next) = find(rest, &delimiter) else {
            break;
        };
        let chunk = rest[..next].strip_prefix(b"\r\n").unwrap_or(&rest[..next]);
        let chunk = chunk.strip_suffix(b"\r\n").unwrap_or(chunk);
        if let Some(part) = read_part(chunk) {
            parts.push(part);
        }
        rest = &rest[next + delimiter.len()..];
    }
    parts
}

fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("boundary")).then(|| v.trim().trim_matches('"').to_owned())
    })
}

fn read_part(chunk: &[u8]) -> Option<Part> {
    let end = find(chunk, b"\r\n\r\n")?;
    let headers = String::from_utf8_lossy(&chunk[..end]);
    let disposition = headers
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
    Some(Part {
        name: param(disposition, "name")?,
        filename: param(disposition, "filename"),
        data: chunk[end + 4..].to_vec(),
    })
}

/// `name="x"` inside a Content-Disposition line (not matching `filename=` for `name=`).
fn param(line: &str, name: &str) -> Option<String> {
    line.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim() == name).then(|| v.trim().trim_matches('"').to_owned())
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_fields_and_file() {
        let body = b"--XY\r\nContent-Disposition: form-data; name=\"key1\"\r\n\r\n12345678\r\n--XY\r\nContent-Disposition: form-data; name=\"screenshot\"; filename=\"s.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--XY--\r\n";
        let parts = super::parse("multipart/form-data; boundary=XY", body);
        assert_eq!(parts.len(), 2);
        assert_eq!(
            (parts[0].name.as_str(), parts[0].data.as_slice()),
            ("key1", &b"12345678"[..])
        );
        assert_eq!(parts[1].filename.as_deref(), Some("s.png"));
        assert_eq!(parts[1].data, b"\x89PNG");
        assert!(super::parse("application/json", body).is_empty());
    }
}
