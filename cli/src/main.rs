//! `paykassma`: the SDK's command line. Each subcommand lives in its own module.

mod commands;
mod input;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "paykassma",
    version,
    about = "Paykassma merchant SDK: signatures, postbacks, conformance"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the request signature (40 hex digits) of a JSON object.
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Sign(args) => commands::sign::run(args),
        Command::VerifyPostback(args) => commands::verify_postback::run(args),
        Command::Conformance(kind) => commands::conformance::run(kind),
        Command::Demo => commands::demo::run(),
        Command::Sandbox(args) => commands::sandbox::run(args),
    }
}
