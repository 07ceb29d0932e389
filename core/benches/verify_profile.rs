//! A fixed loop of postback verifications for instruction counting, which stays repeatable on a
//! busy machine where wall-clock times do not:
//!
//!     CARGO_PROFILE_BENCH_DEBUG=true cargo bench -p paykassma --bench verify_profile --no-run
//!     valgrind --tool=callgrind <the built binary> 2000
//!
//! Instructions per verify = (total - a run with 0) / 2000.

use std::hint::black_box;

const BODY: &str = include_str!("data/postback_6kb.json");

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    for _ in 0..n {
        let ok =
            paykassma::verify_postback(black_box(BODY.as_bytes()), "bench-postback-key").is_ok();
        assert!(black_box(ok));
    }
}
