use std::path::PathBuf;
use std::process::ExitCode;

use crate::input::read_input;

#[derive(clap::Args)]
pub struct Args {
    /// The withdrawal private key.
    #[arg(long, env = "PAYKASSMA_PRIVATE_KEY", hide_env_values = true)]
    key: String,
    /// A file holding the JSON object; `-` or nothing reads standard input.
    file: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let result = read_input(args.file.as_ref()).and_then(|bytes| {
        let text = String::from_utf8(bytes).map_err(|_| "input is not valid UTF-8".to_owned())?;
        paykassma::sign_json(&text, &args.key).map_err(|e| e.to_string())
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
