//! `str()` of a Python float: `repr`, the shortest digits that read back as the same double,
//! in fixed notation for exponents -4 to 15 and scientific notation outside (`1e-05`, `1e+16`),
//! with `.0` on a whole number, and `nan`, `inf`, `-inf`.

/// How Python prints `x`.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    // Rust's `{:e}` gives the shortest round-trip digits too: `d.ddde-7`, `-0e0`.
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').expect("`{:e}` writes an exponent");
    let exp: i32 = exp.parse().expect("`{:e}` writes a decimal exponent");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let digits = nearest_even_on_tie(x, digits, exp);
    let mut out = String::from(sign);
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-exp - 1) as usize));
            out.push_str(&digits);
        } else {
            let point = exp as usize + 1;
            if digits.len() <= point {
                out.push_str(&digits);
                out.extend(std::iter::repeat_n('0', point - digits.len()));
                out.push_str(".0");
            } else {
                out.push_str(&digits[..point]);
                out.push('.');
                out.push_str(&digits[point..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push_str(&format!(
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        ));
    }
    out
}

/// Rust and Python find the same shortest length, but when `x` lies exactly halfway between two
/// such decimals that both read back as `x` (1125899906842624.25: `.2` and `.3`), Python's dtoa
/// takes the one with an even last digit and Rust may not.
fn nearest_even_on_tie(x: f64, digits: String, exp: i32) -> String {
    let n = digits.len();
    // A double's exact decimal expansion has at most 767 significant digits.
    let exact = format!("{:.800e}", x.abs());
    let (mantissa, exact_exp) = exact.split_once('e').expect("`{:e}` writes an exponent");
    let exact_digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let exact_digits = exact_digits.trim_end_matches('0');
    let is_tie = exact_digits.len() == n + 1
        && exact_digits.ends_with('5')
        && exact_exp.parse::<i32>() == Ok(exp);
    if !is_tie {
        return digits;
    }
    let low = &exact_digits[..n];
    let last = low.as_bytes()[n - 1];
    if last == b'9' {
        return digits;
    }
    let high = format!("{}{}", &low[..n - 1], char::from(last + 1));
    let even = if (last - b'0').is_multiple_of(2) {
        low.to_owned()
    } else {
        high
    };
    let reads_back = format!("{}.{}e{exp}", &even[..1], &even[1..])
        .parse::<f64>()
        .is_ok_and(|y| y == x.abs());
    if reads_back {
        even
    } else {
        digits
    }
}

#[cfg(test)]
mod tests {
    use super::float_repr;

    #[test]
    fn prints_as_python_does() {
        for (x, want) in [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123456789012345680.0, "1.2345678901234568e+17"),
            (9999999999999998.0, "9999999999999998.0"),
            (1.5e300, "1.5e+300"),
            (-2.5e-310, "-2.5e-310"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (0.30000000000000004, "0.30000000000000004"),
            (123.456, "123.456"),
            (1125899906842624.25, "1125899906842624.2"),
            (1125899906842624.75, "1125899906842624.8"),
            (36028797018963972.0, "3.602879701896397e+16"),
            (-1.5e-7, "-1.5e-07"),
            (f64::NAN, "nan"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
        ] {
            assert_eq!(float_repr(x), want, "{x:?}");
        }
    }
}
