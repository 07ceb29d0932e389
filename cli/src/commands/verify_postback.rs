use std::path::PathBuf;
use std::process::ExitCode;

use paykassma::postback::MAX_POSTBACK_BYTES;
use paykassma::Error;

use crate::exit;
use crate::input::{read_input, InputError};

#[derive(clap::Args)]
pub struct Args {
    /// The postback private key.
    #[arg(long, env = "PAYKASSMA_POSTBACK_PRIVATE_KEY", hide_env_values = true)]
    key: String,
    /// A file holding the raw postback body; `-` or nothing reads standard input.
    file: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let body = match read_input(args.file.as_ref(), MAX_POSTBACK_BYTES) {
        Ok(body) => body,
        Err(e) => {
            eprintln!("paykassma verify-postback: {e}");
            return ExitCode::from(match e {
                InputError::Unreadable(_) => exit::NO_INPUT,
                // The core refuses such a body as malformed too.
                InputError::TooLarge(_) => 2,
            });
        }
    };
    match paykassma::verify_postback(&body, &args.key) {
        Ok(postback) => {
            println!("{}", postback.to_json());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("paykassma verify-postback: {e}");
            ExitCode::from(if matches!(e, Error::SignatureMismatch) {
                1
            } else {
                2
            })
        }
    }
}
