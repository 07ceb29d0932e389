//! PHP semantics the gateway's signatures depend on, reproduced exactly: the `json_decode` value
//! model, `(string)` conversion, `ksort`, `multiImplode` and `json_encode`.

pub mod decode;
pub mod encode;
pub mod float;
pub mod implode;
pub mod ksort;
mod lexical;
pub(crate) mod reencode;
mod skip;
pub mod value;
mod words;

pub use decode::{check, decode, JsonError, JsonErrorKind, MAX_DEPTH};
pub use encode::encode;
pub use value::{Array, Key, Shape, Value};
