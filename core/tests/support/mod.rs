pub mod peak;
