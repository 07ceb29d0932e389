//! The load generator: N threads calling the gateway through `paykassma::Client` for a fixed
//! time, a mix of lookups, deposits and signed withdrawals. Retries are off, so every failed
//! request is counted rather than hidden.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use paykassma::Client;
use paykassma_sandbox::{DEFAULT_SECRET, DEFAULT_WITHDRAWAL_PRIVATE_KEY};
use serde_json::{json, Value};

/// One round of every thread: GETs, an unsigned POST, a signed POST.
pub const MIX: [&str; 5] = [
    "accounts_balance",
    "deposit_info",
    "payment_systems_available",
    "create_transaction",
    "create_withdrawal",
];

#[derive(Clone, Debug)]
pub struct LoadConfig {
    pub url: String,
    pub threads: usize,
    pub duration: Duration,
    /// One `Client` per thread instead of one shared by all.
    pub client_per_thread: bool,
    /// All threads start at once instead of one every 25 ms (the burst that stalled tiny_http).
    pub burst: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub threads: usize,
    pub client_per_thread: bool,
    pub seconds: f64,
    pub requests: u64,
    pub failures: u64,
    /// `Error::code()` of each failure, with a count.
    pub errors: BTreeMap<String, u64>,
    /// The first failure's message, to show what went wrong.
    pub first_error: Option<String>,
    /// Successful `create_withdrawal` calls (the sandbox must hold exactly these).
    pub withdrawals: u64,
    pub latency_us: Latencies,
    /// TCP connections opened to the sandbox during the run (Linux only).
    pub connections: Option<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct Latencies {
    pub p50: u64,
    pub p90: u64,
    pub p99: u64,
    pub max: u64,
}

impl Report {
    pub fn requests_per_second(&self) -> f64 {
        self.requests as f64 / self.seconds.max(1e-9)
    }

    pub fn to_json(&self) -> Value {
        json!({
            "threads": self.threads,
            "client": if self.client_per_thread { "one per thread" } else { "one shared" },
            "seconds": (self.seconds * 100.0).round() / 100.0,
            "requests": self.requests,
            "requests_per_second": self.requests_per_second().round(),
            "failures": self.failures,
            "errors": self.errors,
            "first_error": self.first_error,
            "withdrawals_created": self.withdrawals,
            "latency_us": {"p50": self.latency_us.p50, "p90": self.latency_us.p90,
                           "p99": self.latency_us.p99, "max": self.latency_us.max},
            "connections_opened": self.connections,
        })
    }

    pub fn from_json(v: &Value) -> Option<Report> {
        let n = |p: &str| v.pointer(p).and_then(Value::as_u64);
        Some(Report {
            threads: n("/threads")? as usize,
            client_per_thread: v["client"] == "one per thread",
            seconds: v["seconds"].as_f64()?,
            requests: n("/requests")?,
            failures: n("/failures")?,
            errors: serde_json::from_value(v["errors"].clone()).ok()?,
            first_error: v["first_error"].as_str().map(str::to_owned),
            withdrawals: n("/withdrawals_created")?,
            latency_us: Latencies {
                p50: n("/latency_us/p50")?,
                p90: n("/latency_us/p90")?,
                p99: n("/latency_us/p99")?,
                max: n("/latency_us/max")?,
            },
            connections: n("/connections_opened").map(|c| c as usize),
        })
    }

    /// The human summary.
    pub fn summary(&self) -> String {
        let client = if self.client_per_thread {
            "one client per thread"
        } else {
            "one shared client"
        };
        let connections = self.connections.map_or("n/a".to_owned(), |c| c.to_string());
        format!(
            "{} threads, {client}, {:.1} s: {} requests, {:.0} requests/s, {} failures{}\n  \
             latency p50 {} us, p90 {} us, p99 {} us, max {} us; TCP connections opened: {connections}; \
             withdrawals created: {}",
            self.threads,
            self.seconds,
            self.requests,
            self.requests_per_second(),
            self.failures,
            if self.errors.is_empty() {
                String::new()
            } else {
                format!(" {:?}", self.errors)
            },
            self.latency_us.p50,
            self.latency_us.p90,
            self.latency_us.p99,
            self.latency_us.max,
            self.withdrawals,
        )
    }
}

/// The client settings for load: generous timeouts, no retries (failures must show).
pub fn client_config(url: &str) -> String {
    json!({
        "api_base_url": url,
        "secret": DEFAULT_SECRET,
        "withdrawal_private_key": DEFAULT_WITHDRAWAL_PRIVATE_KEY,
        "connect_timeout_ms": 10_000,
        "read_timeout_ms": 30_000,
        "max_retries": 0,
        "binding": "rust-load"
    })
    .to_string()
}

/// The parameters of operation `op` for round `i` of thread `t` (ids unique in this process).
pub fn params(op: &str, t: usize, i: u64) -> String {
    let label = format!("load-{t}");
    match op {
        "deposit_info" => json!({"wallet_type": "easypaisa", "currency": "PKR", "label": label}),
        "payment_systems_available" => json!({"currency_codes": ["PKR"], "label": label}),
        "create_transaction" => {
            json!({"wallet_type": "easypaisa", "currency": "PKR", "label": label})
        }
        "create_withdrawal" => json!({
            "withdrawal_id": format!("load-{}-{t}-{i}", std::process::id()),
            "payment_system": "easypaisa", "amount": 100, "currency_code": "PKR",
            "label": label, "account_number": "03405135211", "account_name": "Load Test",
            "is_test": true
        }),
        _ => json!({}),
    }
    .to_string()
}

struct ThreadResult {
    latencies: Vec<u32>,
    failures: Vec<(String, String)>,
    withdrawals: u64,
}

/// Runs the load and measures it.
pub fn run(config: &LoadConfig) -> Result<Report, paykassma::Error> {
    let port = config
        .url
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse::<u16>().ok());
    let before = port.and_then(crate::sockets::peer_ports);
    let shared = Client::from_json_config(&client_config(&config.url))?;
    let clients: Vec<Client> = if config.client_per_thread {
        (0..config.threads)
            .map(|_| Client::from_json_config(&client_config(&config.url)))
            .collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    let (go, stop) = (AtomicBool::new(false), AtomicBool::new(false));
    let mut start = Instant::now();
    let results: Vec<ThreadResult> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..config.threads)
            .map(|t| {
                let client = clients.get(t).unwrap_or(&shared);
                let (go, stop, burst) = (&go, &stop, config.burst);
                s.spawn(move || {
                    // Threads join one by one, as they did when the sandbox's former server
                    // (tiny_http) could stall a burst, so the figures stay comparable (see the
                    // README). Requests before `go` are not counted.
                    if !burst {
                        std::thread::sleep(RAMP_STEP * t as u32);
                    }
                    drive(client, t, go, stop)
                })
            })
            .collect();
        std::thread::sleep(RAMP_STEP * config.threads as u32 + Duration::from_millis(200));
        start = Instant::now();
        go.store(true, Ordering::SeqCst);
        std::thread::sleep(config.duration);
        stop.store(true, Ordering::SeqCst);
        handles
            .into_iter()
            .map(|h| h.join().expect("a load thread panicked"))
            .collect()
    });
    let seconds = start.elapsed().as_secs_f64();
    let connections = match (port, before) {
        (Some(port), Some(before)) => {
            crate::sockets::peer_ports(port).map(|after| after.difference(&before).count())
        }
        _ => None,
    };
    let mut latencies: Vec<u32> = results.iter().flat_map(|r| r.latencies.clone()).collect();
    latencies.sort_unstable();
    let pick = |q: f64| -> u64 {
        if latencies.is_empty() {
            return 0;
        }
        latencies[((latencies.len() - 1) as f64 * q).round() as usize] as u64
    };
    let mut errors = BTreeMap::new();
    let mut first_error = None;
    for (code, message) in results.iter().flat_map(|r| r.failures.iter()) {
        *errors.entry(code.clone()).or_insert(0) += 1;
        first_error.get_or_insert_with(|| message.clone());
    }
    Ok(Report {
        threads: config.threads,
        client_per_thread: config.client_per_thread,
        seconds,
        requests: latencies.len() as u64,
        failures: errors.values().sum(),
        errors,
        first_error,
        withdrawals: results.iter().map(|r| r.withdrawals).sum(),
        latency_us: Latencies {
            p50: pick(0.50),
            p90: pick(0.90),
            p99: pick(0.99),
            max: pick(1.0),
        },
        connections,
    })
}

/// The pause between two threads joining the load.
const RAMP_STEP: Duration = Duration::from_millis(25);

/// One thread: the mix in a loop until told to stop; counted from `go` on.
fn drive(client: &Client, t: usize, go: &AtomicBool, stop: &AtomicBool) -> ThreadResult {
    let mut r = ThreadResult {
        latencies: Vec::with_capacity(1 << 16),
        failures: Vec::new(),
        withdrawals: 0,
    };
    let mut i: u64 = 0;
    while !stop.load(Ordering::Relaxed) {
        let op = MIX[(i as usize + t) % MIX.len()];
        let params = params(op, t, i);
        let begin = Instant::now();
        let result = client.call(op, &params);
        if go.load(Ordering::Relaxed) {
            r.latencies
                .push(begin.elapsed().as_micros().min(u32::MAX as u128) as u32);
        }
        // Withdrawals and failures count from the first request: the sandbox holds them all.
        match result {
            Ok(_) if op == "create_withdrawal" => r.withdrawals += 1,
            Ok(_) => {}
            Err(e) => r.failures.push((e.code().to_owned(), format!("{op}: {e}"))),
        }
        i += 1;
    }
    r
}
