pub mod conformance;
pub mod demo;
pub mod sandbox;
pub mod sign;
pub mod verify_postback;
