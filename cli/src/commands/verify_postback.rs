use std::path::PathBuf;
use std::process::ExitCode;

use paykassma::Error;

use crate::input::read_input;

#[derive(clap::Args)]
pub struct Args {
    /// The postback private key.
    #[arg(long, env = "PAYKASSMA_POSTBACK_PRIVATE_KEY", hide_env_values = true)]
    key: String,
    /// A file holding the raw postback body; `-` or nothing reads standard input.
    file: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let body = match read_input(args.file.as_ref()) {
        Ok(body) => body,
        Err(message) => {
            eprintln!("paykassma verify-postback: {message}");
            return ExitCode::from(2);
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
