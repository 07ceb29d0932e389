pub mod conformance;
pub mod sign;
pub mod verify_postback;
