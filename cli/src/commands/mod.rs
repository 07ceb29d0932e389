pub mod conformance;
pub mod demo;
pub mod sandbox;
pub mod sign;
pub mod trigger;
pub mod verify_postback;
