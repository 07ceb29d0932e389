//! Sustained load on the sandbox from a second process, over loopback.
//!
//! `paykassma-load [--threads N] [--seconds S] [--modes shared,per-thread] [--burst]` starts a sandbox in
//! this process, then runs itself again as a child (`--url URL`) that drives the load through
//! `paykassma::Client` and prints its figures. Afterwards this process checks the sandbox's
//! state: every withdrawal the child saw accepted exists exactly once, created by one request.
//! `--burst` starts every load thread at once instead of one every 25 ms.
//! Exit status 1 when a request failed or the state is inconsistent.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use paykassma_hardening::load::{self, LoadConfig, Report};
use paykassma_sandbox::{Money, Sandbox, SandboxConfig};

struct Args {
    threads: usize,
    seconds: f64,
    modes: Vec<String>,
    url: Option<String>,
    burst: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        threads: 8,
        seconds: 10.0,
        modes: vec!["shared".into(), "per-thread".into()],
        url: None,
        burst: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--threads" => {
                args.threads = value()?
                    .parse()
                    .ok()
                    .filter(|n| (1..=512).contains(n))
                    .ok_or("--threads must be 1 to 512")?
            }
            "--seconds" => {
                args.seconds = value()?
                    .parse()
                    .ok()
                    .filter(|s: &f64| *s > 0.0 && *s <= 3600.0)
                    .ok_or("--seconds must be above 0 and at most 3600")?
            }
            "--modes" => {
                args.modes = value()?.split(',').map(str::to_owned).collect();
                if let Some(m) = args
                    .modes
                    .iter()
                    .find(|m| !["shared", "per-thread"].contains(&m.as_str()))
                {
                    return Err(format!("unknown mode {m:?}: use shared and/or per-thread"));
                }
            }
            "--url" => args.url = Some(value()?),
            "--burst" => args.burst = true,
            "-h" | "--help" => {
                return Err(
                    "usage: paykassma-load [--threads N] [--seconds S] [--modes shared,per-thread]"
                        .into(),
                )
            }
            other => return Err(format!("unknown argument {other:?} (try --help)")),
        }
    }
    Ok(args)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let ok = match &args.url {
        Some(url) => child(url, &args),
        None => coordinator(&args),
    };
    std::process::exit(if ok { 0 } else { 1 });
}

/// The load process: runs one mode and prints `RESULT {json}` last.
fn child(url: &str, args: &Args) -> bool {
    let config = LoadConfig {
        url: url.to_owned(),
        threads: args.threads,
        duration: Duration::from_secs_f64(args.seconds),
        client_per_thread: args.modes.iter().any(|m| m == "per-thread"),
        burst: args.burst,
    };
    match load::run(&config) {
        Ok(report) => {
            println!("RESULT {}", report.to_json());
            report.failures == 0
        }
        Err(e) => {
            eprintln!("the load client could not start: {e}");
            false
        }
    }
}

/// The sandbox process: one run of the child per mode, on a fresh sandbox state each time.
fn coordinator(args: &Args) -> bool {
    let mut config = SandboxConfig::default();
    // Withdrawals in progress hold balance; give the run room for millions of them.
    for p in &mut config.payment_systems {
        p.balance = Money::from_units(1_000_000_000_000);
    }
    let sandbox = match Sandbox::start(config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("the sandbox did not start: {e}");
            return false;
        }
    };
    let exe = std::env::current_exe().expect("the path of this program");
    println!(
        "paykassma-load: sandbox at {} (this process, pid {}); load from a child process; \
         {} cores; mix per thread: {}",
        sandbox.base_url(),
        std::process::id(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load::MIX.join(", "),
    );
    println!("machine: {}", machine());
    let mut all_ok = true;
    for mode in &args.modes {
        sandbox.control("POST", "/_sandbox/reset", "");
        let mut command = Command::new(&exe);
        if args.burst {
            command.arg("--burst");
        }
        let mut child = match command
            .args(["--url", sandbox.base_url(), "--modes", mode])
            .args(["--threads", &args.threads.to_string()])
            .args(["--seconds", &args.seconds.to_string()])
            .stdout(Stdio::piped())
            .spawn()
        {
            Ok(c) => c,
            Err(e) => {
                eprintln!("cannot start the load process: {e}");
                return false;
            }
        };
        let mut report = None;
        let stdout = child.stdout.take().expect("piped stdout");
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            match line.strip_prefix("RESULT ") {
                Some(json) => {
                    report = serde_json::from_str(json)
                        .ok()
                        .and_then(|v| Report::from_json(&v))
                }
                None => println!("{line}"),
            }
        }
        let status = child.wait().map(|s| s.success()).unwrap_or(false);
        let Some(report) = report else {
            eprintln!("the load process gave no result (exit ok: {status})");
            all_ok = false;
            continue;
        };
        println!("{}", report.summary());
        if let Some(e) = &report.first_error {
            println!("  first failure: {e}");
        }
        let consistent = check_state(&sandbox, report.withdrawals);
        println!("  json: {}", report.to_json());
        all_ok &= status && report.failures == 0 && consistent;
    }
    sandbox.shutdown();
    all_ok
}

/// Every accepted withdrawal exists once, each created by exactly one request.
fn check_state(sandbox: &Sandbox, accepted: u64) -> bool {
    let (_, text) = sandbox.control("GET", "/_sandbox/state", "");
    let state: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let list = state["withdrawals"].as_array().cloned().unwrap_or_default();
    let once = list.iter().all(|w| w["create_requests"] == 1);
    let ok = list.len() as u64 == accepted && once;
    println!(
        "  sandbox state: {} withdrawals for {accepted} accepted, each created by one request: {}",
        list.len(),
        if ok { "yes" } else { "NO" }
    );
    ok
}

/// The CPU model and the load average when the run started (Linux; "unknown" elsewhere).
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|t| t.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned());
    format!("{cpu}, load average {load} at the start")
}
