//! Hardening of the SDK's client against the sandbox gateway: faults, concurrency and sustained
//! load. The tests live in `tests/`; this library holds what they and the `paykassma-load`
//! benchmark share: a sandbox with a client pointed at it, a merchant's postback endpoint, and
//! the load generator.

pub mod fixture;
pub mod load;
pub mod merchant;
pub mod sockets;

pub use fixture::{wait_until, Fixture};
pub use merchant::Merchant;
