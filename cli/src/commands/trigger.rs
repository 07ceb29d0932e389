//! `paykassma trigger`: plays the user or the gateway's staff on a running sandbox (its
//! `/_sandbox/` control endpoints), so a merchant can test their endpoint without writing HTTP
//! calls. Prints the sandbox's JSON answer; exit 0 done, 1 refused (the message on stderr), 69
//! the sandbox cannot be reached.

use std::process::ExitCode;

use serde_json::{json, Map, Value};

use crate::exit;

#[derive(clap::Args)]
pub struct Args {
    /// The running sandbox's URL (what `paykassma sandbox` printed).
    #[arg(
        long,
        env = "PAYKASSMA_SANDBOX_URL",
        default_value = "http://127.0.0.1:8080",
        global = true
    )]
    sandbox: String,
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// The user pays in the wallet app: to a deposit's identifier (create_transaction), or a
    /// payment/create deposit by its label. Prints the wallet's transaction number.
    Pay {
        /// The payment system, e.g. easypaisa.
        #[arg(long)]
        wallet: String,
        /// The account the deposit showed the user (create_transaction's identifier).
        #[arg(long, required_unless_present = "label")]
        identifier: Option<String>,
        /// The user's label, for a deposit made with payment/create.
        #[arg(long, conflicts_with = "identifier")]
        label: Option<String>,
        /// The amount paid (a decimal with at most 2 places); a payment/create deposit's own
        /// amount by default.
        #[arg(long)]
        amount: Option<String>,
    },
    /// Staff credit a pending deposit: it is paid and its postback goes out.
    ApproveDeposit {
        /// The deposit's transaction number.
        transaction_id: String,
    },
    /// Staff pay a new withdrawal: its postback goes out.
    PayWithdrawal { withdrawal_id: String },
    /// Staff reject a new withdrawal: its postback goes out.
    RejectWithdrawal { withdrawal_id: String },
    /// Deliver a postback again, byte for byte (the latest one without an id).
    ResendPostback { postback_id: Option<u64> },
}

pub fn run(args: Args) -> ExitCode {
    let (path, body) = match &args.action {
        Action::Pay {
            wallet,
            identifier,
            label,
            amount,
        } => {
            let mut body = Map::new();
            body.insert("wallet_type".into(), json!(wallet));
            if let Some(i) = identifier {
                body.insert("identifier".into(), json!(i));
            }
            if let Some(l) = label {
                body.insert("label".into(), json!(l));
            }
            if let Some(a) = amount {
                body.insert("amount".into(), json!(a));
            }
            ("/_sandbox/pay".to_owned(), Value::Object(body))
        }
        Action::ApproveDeposit { transaction_id } => (
            format!("/_sandbox/deposits/{}/approve", segment(transaction_id)),
            json!({}),
        ),
        Action::PayWithdrawal { withdrawal_id } => (
            format!("/_sandbox/withdrawals/{}/pay", segment(withdrawal_id)),
            json!({}),
        ),
        Action::RejectWithdrawal { withdrawal_id } => (
            format!("/_sandbox/withdrawals/{}/reject", segment(withdrawal_id)),
            json!({}),
        ),
        Action::ResendPostback { postback_id } => (
            "/_sandbox/postbacks/resend".to_owned(),
            postback_id.map_or_else(|| json!({}), |id| json!({ "id": id })),
        ),
    };
    let url = format!("{}{path}", args.sandbox.trim_end_matches('/'));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .build()
        .into();
    let answer = agent
        .post(&url)
        .header("Content-Type", "application/json")
        .send(body.to_string().as_bytes())
        .and_then(|mut r| {
            let status = r.status().as_u16();
            r.body_mut().read_to_string().map(|text| (status, text))
        });
    let (status, text) = match answer {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "paykassma trigger: cannot reach the sandbox at {}: {e}",
                args.sandbox
            );
            return ExitCode::from(exit::UNAVAILABLE);
        }
    };
    let message = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_owned));
    match (status, message) {
        (200..=299, _) => {
            println!("{}", text.trim_end());
            ExitCode::SUCCESS
        }
        (404, None) => {
            eprintln!(
                "paykassma trigger: {} answered 404 without a sandbox message: is it a sandbox?",
                args.sandbox
            );
            ExitCode::from(exit::UNAVAILABLE)
        }
        (_, message) => {
            eprintln!(
                "paykassma trigger: the sandbox refused ({status}): {}",
                message.unwrap_or(text)
            );
            ExitCode::from(1)
        }
    }
}

/// An id as one path segment: anything but unreserved characters percent-encoded.
fn segment(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
