//! Timing for the corpus benchmarks: each item timed alone as the best of a few rounds, rounds
//! interleaved across the items so that a burst of load spoils one round of many items rather
//! than every round of one. Reports the median and the slowest item, as `benches/run.py` reads.

use std::time::Instant;

/// Calls per timed sample: a few, so that the clock's own cost is small beside them.
const CALLS: usize = 4;

pub struct Args {
    pub rounds: usize,
    pub corpus: String,
}

impl Args {
    /// `--rounds N` (default `BENCH_ROUNDS`, else 20) and `--corpus FILE` (default
    /// `target/bench-corpus/postbacks.jsonl`).
    pub fn parse() -> Args {
        let mut args = Args {
            rounds: std::env::var("BENCH_ROUNDS")
                .ok()
                .and_then(|r| r.parse().ok())
                .filter(|&n| n > 0)
                .unwrap_or(20),
            corpus: concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../target/bench-corpus/postbacks.jsonl"
            )
            .to_owned(),
        };
        let mut it = std::env::args().skip(1);
        while let Some(arg) = it.next() {
            let mut value = || it.next().unwrap_or_else(|| panic!("{arg} needs a value"));
            match arg.as_str() {
                "--rounds" => {
                    args.rounds = value()
                        .parse()
                        .ok()
                        .filter(|&n| n > 0)
                        .expect("--rounds takes a positive integer")
                }
                "--corpus" => args.corpus = value(),
                // cargo bench passes --bench.
                "--bench" => {}
                other => panic!("unknown argument {other}: use --rounds N, --corpus FILE"),
            }
        }
        args
    }
}

/// Runs `f` for about two seconds: a fresh process runs slower at first.
pub fn warm_up(mut f: impl FnMut()) {
    let start = Instant::now();
    while start.elapsed().as_secs_f64() < 2.0 {
        f();
    }
}

/// Microseconds per call of `f(i)` for each of `n` items, the best of `rounds`.
pub fn per_item(n: usize, rounds: usize, mut f: impl FnMut(usize)) -> Figures {
    let mut best = vec![f64::INFINITY; n];
    for _ in 0..rounds {
        for (i, best) in best.iter_mut().enumerate() {
            let start = Instant::now();
            for _ in 0..CALLS {
                f(i);
            }
            *best = best.min(start.elapsed().as_secs_f64() * 1e6 / CALLS as f64);
        }
    }
    Figures { us: best }
}

pub struct Figures {
    pub us: Vec<f64>,
}

impl Figures {
    pub fn median(&self) -> f64 {
        let mut sorted = self.us.clone();
        sorted.sort_by(f64::total_cmp);
        let mid = sorted.len() / 2;
        if sorted.len() % 2 == 1 {
            sorted[mid]
        } else {
            (sorted[mid - 1] + sorted[mid]) / 2.0
        }
    }

    pub fn slowest(&self) -> f64 {
        self.us.iter().copied().fold(0.0, f64::max)
    }

    /// The `BENCH` line, and the same figures for a reader.
    pub fn print(&self, what: &str, implementation: &str) {
        let (median, slowest) = (self.median(), self.slowest());
        println!(
            "{what} {implementation}: {} items, median {median:.2} us, slowest {slowest:.2} us",
            self.us.len()
        );
        println!(
            "BENCH {{\"what\":\"{what}\",\"impl\":\"{implementation}\",\"n\":{},\"median_us\":{median:.3},\"slowest_us\":{slowest:.3},\"peak_rss_kb\":{}}}",
            self.us.len(),
            peak_rss_kb()
        );
    }
}

/// The process's peak resident memory so far (`VmHWM`), 0 where /proc is not there.
pub fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
