//! PHP's value model as `json_decode($raw, true)` produces it: scalars and ordered arrays whose keys
//! are ints or strings. Each array remembers whether the JSON had it as an object or a list, because
//! the gateway signs postback data with the object/list distinction of what it sent.

use std::fmt;

/// A PHP value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Array(Array),
}

/// A PHP array key. Strings that PHP treats as canonical integers (`"10"`, `"-1"`) are always `Int`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Int(i64),
    Str(String),
}

/// How an array is written as JSON: `[...]` or `{...}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Shape {
    /// Written as `[...]` when its keys are `0..n-1` in order (PHP's own rule), `{...}` otherwise.
    #[default]
    List,
    /// Always written as `{...}`, even when empty (it was an object in the JSON it came from).
    Object,
}

/// An ordered PHP array. Inserting an existing key replaces the value in place, as PHP does.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Array {
    entries: Vec<(Key, Value)>,
    shape: Shape,
}

impl Key {
    /// The key PHP makes of a string: canonical decimal integers within i64 become `Int`
    /// (`"10"`, `"-1"`, `"0"`); everything else (`"01"`, `"-0"`, `" 1"`, `"1.5"`) stays a string.
    pub fn from_php_string(s: &str) -> Key {
        match canonical_int(s) {
            Some(i) => Key::Int(i),
            None => Key::Str(s.to_owned()),
        }
    }

    /// The key as PHP would print it.
    pub fn as_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Key::Int(i) => std::borrow::Cow::Owned(i.to_string()),
            Key::Str(s) => std::borrow::Cow::Borrowed(s),
        }
    }
}

/// `ZEND_HANDLE_NUMERIC_STR`: `-?[1-9][0-9]*` or `0`, within i64.
pub(crate) fn canonical_int(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    match digits {
        [] => return None,
        [b'0'] if digits.len() == b.len() => return Some(0),
        [b'0', ..] => return None,
        _ => {}
    }
    if digits.len() > 19 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    s.parse::<i64>().ok()
}

impl From<&str> for Key {
    fn from(s: &str) -> Key {
        Key::from_php_string(s)
    }
}
impl From<String> for Key {
    fn from(s: String) -> Key {
        match canonical_int(&s) {
            Some(i) => Key::Int(i),
            None => Key::Str(s),
        }
    }
}
impl From<i64> for Key {
    fn from(i: i64) -> Key {
        Key::Int(i)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_text())
    }
}

impl Array {
    /// An empty array written as a JSON list (PHP's `[]`).
    pub fn list() -> Array {
        Array {
            entries: Vec::new(),
            shape: Shape::List,
        }
    }

    /// An empty array written as a JSON object (`{}`), as a decoded JSON object is.
    pub fn object() -> Array {
        Array {
            entries: Vec::new(),
            shape: Shape::Object,
        }
    }

    pub(crate) fn with_capacity(shape: Shape, capacity: usize) -> Array {
        Array {
            entries: Vec::with_capacity(capacity),
            shape,
        }
    }

    pub fn shape(&self) -> Shape {
        self.shape
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Sets `key` to `value`: an existing key keeps its position and takes the new value.
    pub fn insert(&mut self, key: impl Into<Key>, value: impl Into<Value>) {
        let key = key.into();
        let value = value.into();
        match self.position(&key) {
            Some(i) => self.entries[i].1 = value,
            None => self.entries.push((key, value)),
        }
    }

    /// An array of `entries` in their order, a repeated key replacing the earlier value in place
    /// as [`Array::insert`] does, in linear time however many entries there are.
    pub fn from_entries(shape: Shape, entries: impl IntoIterator<Item = (Key, Value)>) -> Array {
        let entries = entries.into_iter();
        let mut out = Array::with_capacity(shape, entries.size_hint().0);
        let mut index: Option<std::collections::HashMap<Key, usize>> = None;
        for (key, value) in entries {
            // Short arrays (nearly every request) are searched; long ones get an index.
            if index.is_none() && out.entries.len() >= 16 {
                let map = out.entries.iter().enumerate();
                index = Some(map.map(|(i, (k, _))| (k.clone(), i)).collect());
            }
            let at = match &mut index {
                Some(index) => match index.get(&key) {
                    Some(&i) => Some(i),
                    None => {
                        index.insert(key.clone(), out.entries.len());
                        None
                    }
                },
                None => out.position(&key),
            };
            match at {
                Some(i) => out.entries[i].1 = value,
                None => out.entries.push((key, value)),
            }
        }
        out
    }

    /// Builder form of [`Array::insert`].
    pub fn with(mut self, key: impl Into<Key>, value: impl Into<Value>) -> Array {
        self.insert(key, value);
        self
    }

    /// Appends with the next integer key, as PHP's `$a[] = $v` does.
    pub fn push(&mut self, value: impl Into<Value>) {
        let next = self
            .entries
            .iter()
            .filter_map(|(k, _)| match k {
                Key::Int(i) => Some(i.saturating_add(1)),
                Key::Str(_) => None,
            })
            .max()
            .unwrap_or(0)
            .max(0);
        self.entries.push((Key::Int(next), value.into()));
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.position_of_str(key).map(|i| &self.entries[i].1)
    }

    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.position_of_str(key).map(|i| self.entries.remove(i).1)
    }

    /// Where the key PHP makes of `key` is, without allocating it.
    fn position_of_str(&self, key: &str) -> Option<usize> {
        match canonical_int(key) {
            Some(n) => self.entries.iter().position(|(k, _)| *k == Key::Int(n)),
            None => self
                .entries
                .iter()
                .position(|(k, _)| matches!(k, Key::Str(s) if s == key)),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// True when the keys are `0..n-1` in order: PHP's `array_is_list`.
    pub fn is_list(&self) -> bool {
        self.entries
            .iter()
            .enumerate()
            .all(|(i, (k, _))| *k == Key::Int(i as i64))
    }

    pub(crate) fn position(&self, key: &Key) -> Option<usize> {
        self.entries.iter().position(|(k, _)| k == key)
    }

    pub(crate) fn entries_mut(&mut self) -> &mut Vec<(Key, Value)> {
        &mut self.entries
    }

    pub(crate) fn entries(&self) -> &[(Key, Value)] {
        &self.entries
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Array> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// PHP's type name, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "string",
            Value::Array(_) => "array",
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(s)
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Str(s.clone())
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<i32> for Value {
    fn from(i: i32) -> Value {
        Value::Int(i.into())
    }
}
impl From<u32> for Value {
    fn from(i: u32) -> Value {
        Value::Int(i.into())
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}
impl From<Array> for Value {
    fn from(a: Array) -> Value {
        Value::Array(a)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}
impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Value {
        let mut a = Array::with_capacity(Shape::List, items.len());
        for (i, item) in items.into_iter().enumerate() {
            a.entries.push((Key::Int(i as i64), item.into()));
        }
        Value::Array(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_string_keys_follow_php() {
        assert_eq!(Key::from("10"), Key::Int(10));
        assert_eq!(Key::from("-1"), Key::Int(-1));
        assert_eq!(Key::from("0"), Key::Int(0));
        assert_eq!(Key::from("-9223372036854775808"), Key::Int(i64::MIN));
        for s in [
            "01",
            "-0",
            " 1",
            "1 ",
            "1.5",
            "1e1",
            "",
            "-",
            "9223372036854775808",
            "+1",
        ] {
            assert_eq!(Key::from(s), Key::Str(s.to_owned()), "{s:?}");
        }
    }

    #[test]
    fn insert_keeps_first_position_and_last_value() {
        let a = Array::object().with("a", 1).with("b", 2).with("a", 3);
        let got: Vec<_> = a.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        assert_eq!(
            got,
            vec![("a".into(), Value::Int(3)), ("b".into(), Value::Int(2))]
        );
    }

    #[test]
    fn from_entries_replaces_repeated_keys_in_place_short_or_long() {
        for n in [3, 40] {
            let mut entries: Vec<(Key, Value)> =
                (0..n).map(|i| (Key::Int(i), Value::Int(i))).collect();
            entries.push((Key::Int(1), Value::from("again")));
            entries.push((Key::from("x"), Value::Null));
            let a = Array::from_entries(Shape::Object, entries);
            assert_eq!(a.len(), n as usize + 1, "{n}");
            assert_eq!(a.get("1"), Some(&Value::from("again")), "{n}");
            assert_eq!(
                a.iter().nth(1).map(|(k, _)| k.clone()),
                Some(Key::Int(1)),
                "{n}"
            );
            assert_eq!(a.shape(), Shape::Object);
        }
    }

    #[test]
    fn push_uses_next_integer_key() {
        let mut a = Array::list();
        a.push("x");
        a.insert(5, "y");
        a.push("z");
        assert!(!a.is_list());
        assert_eq!(a.get("6"), Some(&Value::from("z")));
    }
}
