//! PHP semantics the gateway's signatures depend on, reproduced exactly: the `json_decode` value
//! model, `(string)` conversion, `ksort`, `multiImplode` and `json_encode`.

pub mod decode;
pub mod encode;
pub mod float;
pub mod implode;
pub mod ksort;
pub(crate) mod lexical;
pub(crate) mod reencode;
pub(crate) mod signing_json;
pub(crate) mod signing_text;
mod skip;
pub mod value;
pub mod value_encoding;
mod words;

pub use decode::{check, decode, JsonError, JsonErrorKind, MAX_DEPTH};
pub use encode::{encode, encode_with, Flags};
pub use value::{Array, Key, Shape, Value};
