//! How PHP prints a double, in its two forms that matter here. Both go through PHP's `php_gcvt`:
//!
//! - `(string)$f` with `precision=14`: the value rounded to 14 significant digits, exponent as
//!   `1.0E+20` when the decimal point falls outside `-3..=14`;
//! - `json_encode($f)` with `serialize_precision=-1`: the shortest digits that round-trip,
//!   exponent as `1.0e+25` when the decimal point falls outside `-3..=17`.
//!
//! Rust's formatter gives the same digits as PHP's `zend_dtoa` (shortest, or correctly rounded with
//! ties to even); only the layout is PHP's own, and one quirk noted in `round_to_14`.

/// `(string)$f` under PHP's default `precision=14`: `0.1+0.2` is `0.3`, `1e-5` is `1.0E-5`.
pub fn to_php_string(f: f64) -> String {
    if let Some(s) = non_finite(f) {
        return s.to_owned();
    }
    let (digits, exponent) = round_to_14(f.abs());
    layout(f.is_sign_negative(), &digits, exponent + 1, 14, 'E')
}

/// `json_encode($f)` under `serialize_precision=-1`, or `None` for INF and NAN, which PHP refuses.
pub fn to_json_number(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    let (digits, exponent) = split_exp(&format!("{:e}", f.abs()));
    let digits = even_on_tie(f.abs(), digits, exponent);
    Some(layout(f.is_sign_negative(), &digits, exponent + 1, 17, 'e'))
}

/// When the double lies exactly halfway between two shortest candidates (`1953495423541926.25`
/// between `...26.2` and `...26.3`), `zend_dtoa` takes the even last digit; Rust's formatter takes
/// the larger one. Found by the differential tests.
fn even_on_tie(abs: f64, digits: String, exponent: i32) -> String {
    let n = digits.len();
    // A tie needs the exact value to end in a 5 right after the shortest digits.
    let (next, next_exp) = split_exp(&format!("{:.*e}", n, abs));
    if next_exp != exponent || !next.ends_with('5') {
        return digits;
    }
    let (exact, _) = split_exp(&format!("{:.800e}", abs));
    let exact = exact.trim_end_matches('0');
    let low = &exact[..exact.len().saturating_sub(1)];
    if exact.len() != n + 1 || !exact.ends_with('5') {
        return digits;
    }
    // `low` and `low + 1` are the two candidates; keep the one with an even last digit.
    let last = low.as_bytes()[n - 1];
    if last == b'9' {
        return digits; // rounds up with a carry, as Rust's formatter did
    }
    if last % 2 == 0 {
        return low.to_owned();
    }
    let mut up = low.as_bytes().to_vec();
    up[n - 1] += 1;
    String::from_utf8(up).unwrap_or(digits)
}

fn non_finite(f: f64) -> Option<&'static str> {
    if f.is_nan() {
        Some("NAN")
    } else if f.is_infinite() {
        Some(if f > 0.0 { "INF" } else { "-INF" })
    } else {
        None
    }
}

/// Fourteen significant digits, trailing zeros dropped, with the exponent of the first digit.
///
/// PHP's quirk: an integral value below 1e15 whose 15th digit is an exact tie that rounds down
/// (`100000000000005.0`) leaves `zend_dtoa`'s small-integer path with its trailing zeros kept,
/// so PHP prints `1.0000000000000E+14`, not `1.0E+14`.
fn round_to_14(abs: f64) -> (String, i32) {
    let (digits, exponent) = split_exp(&format!("{:.13e}", abs));
    let keeps_zeros = abs.fract() == 0.0
        && (1e14..1e15).contains(&abs)
        && abs % 10.0 == 5.0
        && (abs / 10.0).trunc() % 2.0 == 0.0;
    if keeps_zeros {
        return (digits, exponent);
    }
    let trimmed = digits.trim_end_matches('0');
    let trimmed = if trimmed.is_empty() { "0" } else { trimmed };
    (trimmed.to_owned(), exponent)
}

/// Splits Rust's `d.ddde-5` into the digits `dddd` and the exponent `-5`.
fn split_exp(s: &str) -> (String, i32) {
    let (mantissa, exponent) = s.split_once('e').unwrap_or((s, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    (digits, exponent.parse().unwrap_or(0))
}

/// `php_gcvt`'s layout of `0.DIGITS × 10^decpt`.
fn layout(negative: bool, digits: &str, decpt: i32, precision: i32, exp_char: char) -> String {
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    if digits == "0" {
        out.push('0');
        return out;
    }
    if decpt < -3 || decpt > precision {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        out.push('.');
        out.push_str(if rest.is_empty() { "0" } else { rest });
        out.push(exp_char);
        let e = decpt - 1;
        out.push(if e < 0 { '-' } else { '+' });
        out.push_str(&e.unsigned_abs().to_string());
    } else if decpt <= 0 {
        out.push_str("0.");
        for _ in decpt..0 {
            out.push('0');
        }
        out.push_str(digits);
    } else {
        let d = decpt as usize;
        if digits.len() <= d {
            out.push_str(digits);
            for _ in digits.len()..d {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..d]);
            out.push('.');
            out.push_str(&digits[d..]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_conversion_matches_php_examples() {
        let cases = [
            (0.1 + 0.2, "0.3"),
            (1.0, "1"),
            (1000.0, "1000"),
            (1e-5, "1.0E-5"),
            (0.0001, "0.0001"),
            (1e20, "1.0E+20"),
            (1e14, "1.0E+14"),
            (1e13, "10000000000000"),
            (-0.0, "-0"),
            (0.0, "0"),
            (f64::INFINITY, "INF"),
            (f64::NEG_INFINITY, "-INF"),
            (100000000000005.0, "1.0000000000000E+14"),
            (100000000000015.0, "1.0000000000002E+14"),
            (123450000000005.0, "1.2345000000000E+14"),
            (0.00013153, "0.00013153"),
            (-2.5, "-2.5"),
        ];
        for (f, want) in cases {
            assert_eq!(to_php_string(f), want, "{f:e}");
        }
    }

    #[test]
    fn json_numbers_match_php_examples() {
        let cases = [
            (0.1 + 0.2, "0.30000000000000004"),
            (1.0, "1"),
            (1e25, "1.0e+25"),
            (1e17, "1.0e+17"),
            (1e16, "10000000000000000"),
            (1e-5, "1.0e-5"),
            (-0.0, "-0"),
            (3.44, "3.44"),
            (0.00013153, "0.00013153"),
            // Exact ties between two shortest candidates go to the even digit, as in PHP.
            (1953495423541926.25, "1953495423541926.2"),
            (1953495423541926.75, "1953495423541926.8"),
            (1125899906842624.25, "1125899906842624.2"),
            (1125899906842625.75, "1125899906842625.8"),
            (2251799813685248.5, "2251799813685248.5"),
            (562949953421312.125, "562949953421312.1"),
            (562949953421312.375, "562949953421312.4"),
        ];
        for (f, want) in cases {
            assert_eq!(to_json_number(f).as_deref(), Some(want), "{f:e}");
        }
        assert_eq!(to_json_number(f64::INFINITY), None);
    }
}
