//! Request field checks with the gateway's (Laravel's) wording: every problem is collected and
//! answered at once as `{"status":"fail","message":{"field":["..."]}}`.

use paykassma::php::{Array, Value};

use crate::http::Reply;
use crate::money::Money;

pub struct Fields<'a> {
    data: &'a Array,
    pub errors: Vec<(String, String)>,
}

/// `plugin_custom_order_id` -> `plugin custom order id`, as Laravel names fields in messages.
pub fn words(field: &str) -> String {
    field.replace('_', " ")
}

impl<'a> Fields<'a> {
    pub fn new(data: &'a Array) -> Fields<'a> {
        Fields {
            data,
            errors: Vec::new(),
        }
    }

    pub fn error(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push((field.to_owned(), message.into()));
    }

    pub fn raw(&self, name: &str) -> Option<&'a Value> {
        self.data.get(name).filter(|v| !is_blank(v))
    }

    /// A required text field of at most `max` characters (numbers are read as their text).
    pub fn text(&mut self, name: &str, max: usize) -> Option<String> {
        let value = self.opt_text(name, max);
        if value.is_none() && !self.errors.iter().any(|(f, _)| f == name) {
            self.error(name, format!("The {} field is required.", words(name)));
        }
        value
    }

    /// An optional text field of at most `max` characters.
    pub fn opt_text(&mut self, name: &str, max: usize) -> Option<String> {
        let text = match self.raw(name)? {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => paykassma::php::float::to_php_string(*f),
            _ => {
                self.error(name, format!("The {} must be a string.", words(name)));
                return None;
            }
        };
        if text.chars().count() > max {
            self.error(
                name,
                format!(
                    "The {} may not be greater than {max} characters.",
                    words(name)
                ),
            );
            return None;
        }
        Some(text)
    }

    /// A required positive amount with at most two decimals.
    pub fn amount(&mut self, name: &str) -> Option<Money> {
        let value = self.opt_amount(name);
        if value.is_none() && self.raw(name).is_none() {
            self.error(name, format!("The {} field is required.", words(name)));
        }
        value
    }

    pub fn opt_amount(&mut self, name: &str) -> Option<Money> {
        let raw = self.raw(name)?;
        match Money::from_value(raw) {
            Some(m) if m > Money::ZERO => Some(m),
            Some(_) => {
                self.error(name, format!("The {} must be greater than 0.", words(name)));
                None
            }
            None => {
                self.error(
                    name,
                    format!(
                        "The {} must be a number with at most 2 decimals.",
                        words(name)
                    ),
                );
                None
            }
        }
    }

    /// A required amount that Laravel's `integer` takes: a whole number, or its digits as text.
    pub fn whole_amount(&mut self, name: &str) -> Option<Money> {
        let whole = match self.raw(name) {
            None => return self.amount(name),
            Some(Value::Int(_)) => true,
            Some(Value::Str(s)) => s.bytes().all(|b| b.is_ascii_digit()),
            Some(_) => false,
        };
        if !whole {
            self.error(name, format!("The {} must be an integer.", words(name)));
            return None;
        }
        self.amount(name)
    }

    /// An optional integer id: a whole number, or its digits as text.
    pub fn opt_integer(&mut self, name: &str) -> Option<String> {
        let text = match self.raw(name)? {
            Value::Int(i) if *i >= 0 => i.to_string(),
            Value::Str(s) if s.bytes().all(|b| b.is_ascii_digit()) => s.clone(),
            _ => {
                self.error(name, format!("The {} must be an integer.", words(name)));
                return None;
            }
        };
        Some(text)
    }

    /// Laravel's `boolean`: true, false, 0, 1, "0", "1".
    pub fn boolean(&mut self, name: &str) -> Option<bool> {
        let b = match self.data.get(name) {
            None | Some(Value::Null) => {
                self.error(name, format!("The {} field is required.", words(name)));
                return None;
            }
            Some(Value::Bool(b)) => *b,
            Some(Value::Int(0)) => false,
            Some(Value::Int(1)) => true,
            Some(Value::Str(s)) if s == "0" => false,
            Some(Value::Str(s)) if s == "1" => true,
            Some(_) => {
                self.error(
                    name,
                    format!("The {} field must be true or false.", words(name)),
                );
                return None;
            }
        };
        Some(b)
    }

    pub fn finish(self) -> Result<(), Reply> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Reply::fail_fields(&self.errors))
        }
    }
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Str(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A JSON object from text form fields (multipart).
pub fn from_pairs(pairs: &[(String, String)]) -> Array {
    let mut a = Array::object();
    for (k, v) in pairs {
        a.insert(k.clone(), v.clone());
    }
    a
}
