//! `paykassma`: the SDK's command line. Each subcommand lives in its own module.

mod commands;
mod exit;
mod input;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "paykassma",
    version,
    about = "Paykassma merchant SDK: signatures, postbacks, conformance",
    after_help = "Exit status 64: the command line is wrong; 66: an input file cannot be read."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the request signature (40 hex digits) of a JSON object, or with --hmac the newer
    /// platform's (base64 HMAC-SHA512).
    Sign(commands::sign::Args),
    /// Verify a postback body and print it as JSON. Exit 0 valid, 1 signature mismatch, 2 malformed.
    VerifyPostback(commands::verify_postback::Args),
    /// Walk through a whole signing and verification flow.
    Demo,
    /// Check the SDK against JSON-lines files exported from your own PHP system.
    #[command(subcommand)]
    Conformance(commands::conformance::Kind),
    /// Run the local sandbox gateway; prints `sandbox listening on URL` first.
    Sandbox(commands::sandbox::Args),
    /// Drive a running sandbox: the user pays a deposit, staff approve a deposit or pay or
    /// reject a withdrawal, a postback is sent again. Prints the sandbox's JSON answer.
    Trigger(commands::trigger::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // `--help` and `--version` are answers, not errors; clap's own 2 for a usage error
            // would read as "malformed input".
            return ExitCode::from(if e.use_stderr() { exit::USAGE } else { 0 });
        }
    };
    match cli.command {
        Command::Sign(args) => commands::sign::run(args),
        Command::VerifyPostback(args) => commands::verify_postback::run(args),
        Command::Conformance(kind) => commands::conformance::run(kind),
        Command::Demo => commands::demo::run(),
        Command::Sandbox(args) => commands::sandbox::run(args),
        Command::Trigger(args) => commands::trigger::run(args),
    }
}
