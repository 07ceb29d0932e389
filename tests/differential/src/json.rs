//! Raw JSON documents as a tree of text fragments. Writing text instead of values lets the
//! generator produce what serializers never do (repeated keys, `\/`, odd whitespace, numbers past
//! i64, invalid fragments), and the tree lets a failing document be shrunk to a minimal one.

/// A JSON text in pieces. Whitespace is part of the fragments, so rendering is deterministic.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// A scalar token or any other verbatim fragment (possibly invalid JSON).
    Raw(String),
    List(Vec<Node>),
    /// Members with their raw key token (`"a"`, `"\u0031"`, with surrounding whitespace).
    Object(Vec<(String, Node)>),
}

impl Node {
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    fn render_into(&self, out: &mut String) {
        match self {
            Node::Raw(text) => out.push_str(text),
            Node::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.render_into(out);
                }
                out.push(']');
            }
            Node::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(key);
                    out.push(':');
                    value.render_into(out);
                }
                out.push('}');
            }
        }
    }

    /// Documents one step smaller, most promising first: big chunks of members removed, a
    /// container replaced by one of its children, then the same inside each child. Used to shrink
    /// a document that PHP and the core disagree on.
    pub fn smaller(&self) -> Vec<Node> {
        let mut out = Vec::new();
        match self {
            Node::Raw(text) if text.trim() != "0" && text.len() > 1 => {
                out.push(Node::Raw("0".into()))
            }
            Node::Raw(_) => {}
            Node::List(items) => {
                for fewer in without_chunks(items) {
                    out.push(Node::List(fewer));
                }
                out.extend(items.iter().filter(|i| !matches!(i, Node::Raw(_))).cloned());
                for (i, item) in items.iter().enumerate() {
                    for smaller in item.smaller() {
                        let mut changed = items.clone();
                        changed[i] = smaller;
                        out.push(Node::List(changed));
                    }
                }
            }
            Node::Object(members) => {
                for fewer in without_chunks(members) {
                    out.push(Node::Object(fewer));
                }
                for (_, value) in members {
                    if matches!(value, Node::Object(_)) {
                        out.push(value.clone());
                    }
                }
                for (i, (key, value)) in members.iter().enumerate() {
                    for smaller in value.smaller() {
                        let mut changed = members.clone();
                        changed[i] = (key.clone(), smaller);
                        out.push(Node::Object(changed));
                    }
                }
            }
        }
        out
    }
}

/// `items` with one chunk left out: halves first, single items last (only for short lists).
fn without_chunks<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    let n = items.len();
    let mut out = Vec::new();
    let mut size = n.div_ceil(2);
    while size >= 1 {
        if size < n / 16 {
            size /= 2;
            continue;
        }
        let mut start = 0;
        while start < n {
            let mut fewer = items[..start].to_vec();
            fewer.extend_from_slice(&items[(start + size).min(n)..]);
            out.push(fewer);
            start += size;
        }
        if size == 1 {
            break;
        }
        size /= 2;
    }
    out
}

/// A string as a JSON token, escaping only what JSON requires (`"`, `\`, control characters).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_shrinks() {
        let doc = Node::Object(vec![
            ("\"a\"".into(), Node::Raw("1".into())),
            (" \"b\" ".into(), Node::List(vec![Node::Raw("true".into())])),
        ]);
        assert_eq!(doc.render(), r#"{"a":1, "b" :[true]}"#);
        let smaller = doc.smaller();
        assert!(smaller.contains(&Node::Object(vec![("\"a\"".into(), Node::Raw("1".into()))])));
        assert!(smaller
            .iter()
            .all(|s| s.render().len() < doc.render().len()));
        assert_eq!(quote("a\"\\\n"), r#""a\"\\\u000a""#);
    }
}
