use std::path::PathBuf;
use std::process::ExitCode;

use crate::exit;
use crate::input::{read_input, InputError};

/// The largest JSON object `sign` reads, in bytes: the cap postbacks have
/// (`paykassma::postback::MAX_POSTBACK_BYTES`), far above any request the gateway takes.
pub const MAX_SIGN_INPUT_BYTES: usize = 1 << 20;

#[derive(clap::Args)]
pub struct Args {
    /// The withdrawal private key (with --hmac: the newer platform's API or postback key).
    #[arg(long, env = "PAYKASSMA_PRIVATE_KEY", hide_env_values = true)]
    key: String,
    /// The newer platform's signature instead: base64 of HMAC-SHA512, for `general.signature`.
    #[arg(long)]
    hmac: bool,
    /// A file holding the JSON object; `-` or nothing reads standard input.
    file: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let bytes = match read_input(args.file.as_ref(), MAX_SIGN_INPUT_BYTES) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("paykassma sign: {e}");
            return ExitCode::from(match e {
                InputError::Unreadable(_) => exit::NO_INPUT,
                InputError::TooLarge(_) => 2,
            });
        }
    };
    let result = String::from_utf8(bytes)
        .map_err(|_| "input is not valid UTF-8".to_owned())
        .and_then(|text| {
            let sign = if args.hmac {
                paykassma::hmac_sign_json
            } else {
                paykassma::sign_json
            };
            sign(&text, &args.key).map_err(|e| e.to_string())
        });
    match result {
        Ok(signature) => {
            println!("{signature}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("paykassma sign: {message}");
            ExitCode::from(2)
        }
    }
}
