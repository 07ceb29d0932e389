//! `paykassma demo`: a deposit and a withdrawal through the local sandbox gateway, step by step,
//! with the real client. Needs no configuration and no network beyond loopback; exits 0 only if
//! every step held.

mod receiver;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use paykassma::api::{
    ActivateTransaction, CreateTransaction, CreateWithdrawal, GetPostback, PaymentSystemsAvailable,
};
use paykassma::client::{Activation, Client, Config};
use paykassma::{PostbackKind, WithdrawalStatus};
use paykassma_sandbox::{Sandbox, SandboxConfig};

use receiver::{Arrival, PostbackEndpoint};

const LABEL: &str = "user-42";
const ORDER: &str = "order-1001";
const DEPOSIT: i64 = 1200;
const WITHDRAWAL: i64 = 1000;

pub fn run() -> ExitCode {
    match walk() {
        Ok(()) => {
            println!("\nEvery step held.");
            ExitCode::SUCCESS
        }
        Err(message) => {
            println!("   FAILED: {message}");
            eprintln!("paykassma demo: a step did not hold: {message}");
            ExitCode::from(1)
        }
    }
}

fn walk() -> Result<(), String> {
    let config = SandboxConfig::default();
    let client = Arc::new(
        Client::new(
            Config::new("http://127.0.0.1:1", &config.secret)
                .withdrawal_private_key(&config.withdrawal_private_key)
                .postback_private_key(&config.postback_private_key),
        )
        .map_err(|e| e.to_string())?,
    );
    let endpoint = PostbackEndpoint::start(client.clone())?;
    let sandbox = Sandbox::start(SandboxConfig {
        postback_url: Some(endpoint.url.clone()),
        ..config.clone()
    })
    .map_err(|e| e.to_string())?;
    let client = Client::new(
        Config::new(sandbox.base_url(), &config.secret)
            .plugin_base_url(sandbox.base_url())
            .withdrawal_private_key(&config.withdrawal_private_key)
            .postback_private_key(&config.postback_private_key),
    )
    .map_err(|e| e.to_string())?;

    println!("Paykassma demo: a deposit and a withdrawal, offline, through the sandbox gateway");
    println!("   sandbox gateway    {}", sandbox.base_url());
    println!("   postback endpoint  {}", endpoint.url);

    step(1, "Payment systems available for PKR");
    let systems = client
        .payment_systems_available(&PaymentSystemsAvailable::new(["PKR"], LABEL))
        .map_err(|e| e.to_string())?;
    for w in &systems.wallets {
        println!(
            "   {} ({})",
            w.wallet_type,
            w.name.as_deref().unwrap_or("-")
        );
    }
    if !systems.wallets.iter().any(|w| w.wallet_type == "easypaisa") {
        return Err("easypaisa is not offered for PKR".into());
    }

    step(2, "An easypaisa deposit is created");
    let wallet = client
        .create_transaction(&CreateTransaction::new("easypaisa", "PKR", LABEL))
        .map_err(|e| e.to_string())?;
    println!(
        "   the user is shown the wallet to pay into: {}",
        wallet.identifier
    );

    step(3, "The user pays in the easypaisa app");
    let paid = control(
        &sandbox,
        "/_sandbox/pay",
        &format!(
            r#"{{"wallet_type":"easypaisa","identifier":"{}","amount":{DEPOSIT}}}"#,
            wallet.identifier
        ),
    )?;
    let tx = text(&paid, "transaction_id")?;
    println!("   paid {DEPOSIT} PKR; the app shows transaction number {tx} (11 digits)");

    step(4, "The merchant activates the payment with that number");
    let activation = client
        .activate_transaction(
            &ActivateTransaction::new("easypaisa", "PKR", LABEL, &tx, ORDER).amount(DEPOSIT),
        )
        .map_err(|e| e.to_string())?;
    match &activation {
        Activation::Activated {
            deposit_amount,
            currency_code,
        } => println!(
            "   activated: deposit of {} {}",
            deposit_amount.as_deref().unwrap_or("?"),
            currency_code.as_deref().unwrap_or("?")
        ),
        other => return Err(format!("activation answered {other:?}")),
    }

    step(
        5,
        "The deposit postback arrives, is verified and acknowledged",
    );
    let first = arrival(&endpoint)?;
    let postback = first
        .postback
        .as_ref()
        .map_err(|e| format!("postback refused: {e}"))?;
    let entry = postback.entries().first().ok_or("no signed entry")?;
    if postback.kind() != PostbackKind::Deposit
        || entry.transaction_id.as_deref() != Some(tx.as_str())
    {
        return Err("the postback is not this deposit".into());
    }
    if first.repeat || first.answered != 200 {
        return Err("the first postback was not processed and acknowledged".into());
    }
    println!(
        "   signature valid; deposit of {} {} for order {} (transaction {})",
        entry.amount.as_deref().unwrap_or("?"),
        entry.currency_code.as_deref().unwrap_or("?"),
        entry.plugin_custom_order_id.as_deref().unwrap_or("?"),
        tx
    );
    println!(
        "   credited once; idempotency key {}",
        postback.idempotency_key()
    );
    println!("   answered HTTP 200 {}", postback.acknowledgement());

    step(6, "The gateway sends the same postback again");
    control(&sandbox, "/_sandbox/postbacks/resend", "{}")?;
    let again = arrival(&endpoint)?;
    let repeat = again
        .postback
        .as_ref()
        .map_err(|e| format!("repeat refused: {e}"))?;
    if !again.repeat
        || repeat.idempotency_key() != postback.idempotency_key()
        || again.answered != 200
    {
        return Err("the repeat was not recognised and acknowledged".into());
    }
    println!(
        "   same idempotency key: recognised as a repeat, not credited again, still answered 200"
    );
    let lookup = client
        .get_postback(&GetPostback::deposit_by_custom_id(ORDER))
        .map_err(|e| e.to_string())?;
    println!(
        "   the gateway's record of it (postback lookup): amount {}",
        lookup
            .get("amount")
            .map(|v| paykassma::php::encode(v).unwrap_or_default())
            .unwrap_or_default()
    );

    step(
        7,
        "A withdrawal is created, signed with the withdrawal private key",
    );
    let withdrawal = CreateWithdrawal::new("easypaisa", WITHDRAWAL, "PKR", LABEL)
        .withdrawal_id("payout-7")
        .account_number("03405135211")
        .account_name("Muhammad Saqib Mushtaq")
        .test(true);
    let created = client
        .create_withdrawal(&withdrawal)
        .map_err(|e| e.to_string())?;
    println!(
        "   accepted: withdrawal {} of {WITHDRAWAL} PKR to 03405135211",
        created.withdrawal_id
    );

    step(8, "The gateway pays it; its postback is verified");
    control(
        &sandbox,
        &format!("/_sandbox/withdrawals/{}/pay", created.withdrawal_id),
        "",
    )?;
    let paid = arrival(&endpoint)?;
    let postback = paid
        .postback
        .as_ref()
        .map_err(|e| format!("postback refused: {e}"))?;
    let entry = postback.entries().first().ok_or("no signed entry")?;
    if postback.kind() != PostbackKind::Withdrawal
        || entry.withdrawal_id.as_deref() != Some(created.withdrawal_id.as_str())
        || entry.withdrawal_status != Some(WithdrawalStatus::Success)
        || paid.answered != 200
    {
        return Err("the withdrawal postback does not say this withdrawal was paid".into());
    }
    println!(
        "   signature valid; withdrawal {} status 1 (paid); answered 200",
        created.withdrawal_id
    );

    step(9, "Account balances");
    let balances = client.accounts_balance().map_err(|e| e.to_string())?;
    for b in balances.iter().filter(|b| b.currency_code == "PKR") {
        println!("   {} {} {}", b.wallet_type, b.amount, b.currency_code);
    }
    let easypaisa = balances
        .iter()
        .find(|b| b.wallet_type == "easypaisa")
        .ok_or("no easypaisa balance")?;
    let expected = (1_000_000 + DEPOSIT - WITHDRAWAL).to_string();
    if easypaisa.amount != expected {
        return Err(format!(
            "easypaisa balance is {}, expected {expected}",
            easypaisa.amount
        ));
    }
    println!("   1000000 at the start + {DEPOSIT} deposited - {WITHDRAWAL} withdrawn");
    sandbox.shutdown();
    Ok(())
}

fn step(n: u32, title: &str) {
    println!("\n{n}. {title}");
}

/// Calls a sandbox control endpoint; anything but 2xx is a failed step.
fn control(sandbox: &Sandbox, path: &str, body: &str) -> Result<paykassma::php::Array, String> {
    let (status, text) = sandbox.control("POST", path, body);
    if !(200..300).contains(&status) {
        return Err(format!("{path} answered {status}: {text}"));
    }
    match paykassma::php::decode(&text) {
        Ok(paykassma::php::Value::Array(a)) => Ok(a),
        _ => Err(format!("{path} answered {text}")),
    }
}

fn text(a: &paykassma::php::Array, key: &str) -> Result<String, String> {
    a.get(key)
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .ok_or_else(|| format!("no `{key}` in the answer"))
}

fn arrival(endpoint: &PostbackEndpoint) -> Result<Arrival, String> {
    endpoint
        .arrivals
        .recv_timeout(Duration::from_secs(15))
        .map_err(|_| "no postback arrived within 15 seconds".to_owned())
}
