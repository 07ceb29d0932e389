//! The sandbox's clock: real time plus an offset that tests move forward (the hash-url lifetime
//! is one day), and the gateway's `YYYY-MM-DD HH:MM:SS` format.

use std::time::{SystemTime, UNIX_EPOCH};

pub fn now_unix(offset_secs: i64) -> i64 {
    let real = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    real.saturating_add(offset_secs)
}

/// UTC `2023-09-26 19:37:02`.
pub fn datetime(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_utc() {
        assert_eq!(super::datetime(0), "1970-01-01 00:00:00");
        assert_eq!(super::datetime(1_695_757_022), "2023-09-26 19:37:02");
        assert_eq!(super::datetime(951_782_400), "2000-02-29 00:00:00");
    }
}
