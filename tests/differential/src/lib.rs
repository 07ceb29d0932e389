//! Differential testing of the paykassma core against real PHP: seeded generators of raw JSON
//! documents and realistic postbacks, a runner for the PHP scripts in `tests/php-oracle/`, and the
//! comparison of their answers with the core's. The `paykassma-differential` binary drives it
//! (`make test-php-diff`); `tests/vectors.rs` checks the core against the shared vector files.

pub mod documents;
pub mod hmac_docs;
pub mod json;
pub mod php;
pub mod postbacks;
pub mod rng;
pub mod run;
pub mod sign_check;
