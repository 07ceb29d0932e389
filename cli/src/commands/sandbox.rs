//! `paykassma sandbox`: runs the local gateway until interrupted. The first stdout line is
//! `sandbox listening on http://127.0.0.1:PORT`, so a test in any language can start it with
//! `--port 0` and read the port.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use paykassma_sandbox::{check_postback_url, LogSink, Sandbox, SandboxConfig};

use crate::exit;
use crate::input::read_file;

#[derive(clap::Args)]
pub struct Args {
    /// Port to listen on; 0 picks a free one. Overrides the config file.
    #[arg(long)]
    port: Option<u16>,
    /// Address to bind (loopback unless told otherwise). Overrides the config file.
    #[arg(long)]
    bind: Option<IpAddr>,
    /// Where postbacks are delivered (an http(s) URL). Overrides the config file.
    #[arg(long, value_parser = postback_url)]
    postback_url: Option<String>,
    /// A JSON file with any of the sandbox's configuration fields (see sandbox/README.md).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Write one line per request answered and per postback delivery attempt to stderr.
    #[arg(long)]
    log: bool,
}

/// Refused on the command line (exit 64), before anything starts.
fn postback_url(value: &str) -> Result<String, String> {
    check_postback_url(value).map(|()| value.to_owned())
}

pub fn run(args: Args) -> ExitCode {
    let mut config = match &args.config {
        None => SandboxConfig::default(),
        Some(path) => {
            let bytes = match read_file(path) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("paykassma sandbox: {e}");
                    return ExitCode::from(exit::NO_INPUT);
                }
            };
            match SandboxConfig::from_json(&String::from_utf8_lossy(&bytes)) {
                Ok(c) => c,
                Err(message) => {
                    eprintln!("paykassma sandbox: {message}");
                    return ExitCode::from(2);
                }
            }
        }
    };
    if let Some(port) = args.port {
        config.port = port;
    }
    if let Some(bind) = args.bind {
        config.bind = bind;
    }
    if args.postback_url.is_some() {
        config.postback_url = args.postback_url;
    }
    // stderr, so a caller that stops reading stdout after the first line never blocks the log.
    let log: Option<LogSink> = args.log.then(|| {
        let sink: LogSink = std::sync::Arc::new(|line: &str| eprintln!("{line}"));
        sink
    });
    let sandbox = match Sandbox::start_with_log(config, log) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("paykassma sandbox: {e}");
            return ExitCode::from(1);
        }
    };
    println!("sandbox listening on {}", sandbox.base_url());
    let _ = std::io::stdout().flush();
    // Serve until the process is stopped; the server and delivery run on their own threads.
    loop {
        std::thread::park();
    }
}
