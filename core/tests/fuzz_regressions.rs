//! Inputs the fuzzers found, kept so the behaviour they pinned down stays.

use paykassma::php::{decode, encode, Value};

/// `4e5` decodes to a float that PHP re-encodes as `400000`, which decodes as an int: the encoding
/// reaches a fixpoint after one round, as in PHP, rather than round-tripping the type.
#[test]
fn float_with_integral_value_reencodes_as_int() {
    let v = decode("4e5").unwrap();
    assert_eq!(v, Value::Float(400000.0));
    assert_eq!(encode(&v).unwrap(), "400000");
    assert_eq!(decode("400000").unwrap(), Value::Int(400000));
}

/// `-0.0` encodes as `-0`, which PHP decodes as the int 0.
#[test]
fn negative_zero_reencodes_as_int_zero() {
    let v = decode("-0.0").unwrap();
    assert_eq!(encode(&v).unwrap(), "-0");
    assert_eq!(encode(&decode("-0").unwrap()).unwrap(), "0");
}
