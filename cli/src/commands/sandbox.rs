//! `paykassma sandbox`: runs the local gateway until interrupted. The first stdout line is
//! `sandbox listening on http://127.0.0.1:PORT`, so a test in any language can start it with
//! `--port 0` and read the port.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use paykassma_sandbox::{Sandbox, SandboxConfig};

#[derive(clap::Args)]
pub struct Args {
    /// Port to listen on; 0 picks a free one. Overrides the config file.
    #[arg(long)]
    port: Option<u16>,
    /// Address to bind (loopback unless told otherwise). Overrides the config file.
    #[arg(long)]
    bind: Option<IpAddr>,
    /// Where postbacks are delivered. Overrides the config file.
    #[arg(long)]
    postback_url: Option<String>,
    /// A JSON file with any of the sandbox's configuration fields (see sandbox/README.md).
    #[arg(long)]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let mut config = match &args.config {
        None => SandboxConfig::default(),
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))
            .and_then(|text| SandboxConfig::from_json(&text))
        {
            Ok(c) => c,
            Err(message) => {
                eprintln!("paykassma sandbox: {message}");
                return ExitCode::from(2);
            }
        },
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
    let sandbox = match Sandbox::start(config) {
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
