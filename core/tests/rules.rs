//! The rules table walked against the request builders: for every rule, values at its exact edges
//! (and the documents' own examples) are accepted, values past them refused with the field named.
//! Every request the documents show as an example is accepted as it is.

use paykassma::api::rules::{Check, Endpoint, Rule, RULES};
use paykassma::api::*;
use paykassma::Error;

const PLUGIN_BASE: &str = "https://plugin.example.com";

/// The documents' example request of `endpoint`, for `wallet` where a wallet page gives one.
fn example(endpoint: Endpoint, wallet: Option<&str>) -> Request {
    match endpoint {
        // general page, "Obtaining available PSs"
        Endpoint::PaymentSystemsAvailable => {
            Request::Available(PaymentSystemsAvailable::new(["USD", "INR"], "55"))
        }
        // general page, "Saving the client's ID transaction"
        Endpoint::SaveTransactionCustomId => {
            Request::SaveId(SaveTransactionCustomId::new("55", "123465477897"))
        }
        // wallet pages and general page, "Creating payment": {"currency": ..., "label": "eligendi"}
        Endpoint::CreateTransaction => Request::Create(match wallet {
            Some("easypaisa") => CreateTransaction::new("easypaisa", "PKR", "eligendi"),
            Some("ipay") => CreateTransaction::new("ipay", "LKR", "eligendi"),
            _ => CreateTransaction::new("paytm", "INR", "eligendi"),
        }),
        Endpoint::ActivateTransaction => Request::Activate(activation(wallet)),
        // general page, "2) if is_manual = true"
        Endpoint::ActivatePossibleTransaction => Request::Possible(
            ActivatePossibleTransaction::new(match wallet {
                Some(w @ ("easypaisa" | "ipay")) => activation(Some(w)),
                _ => ActivateTransaction::new(
                    "paytm",
                    "USD",
                    "55",
                    "123-ABC-456-DEF",
                    "123465477897",
                )
                .amount(1000),
            })
            .screenshot("shot.png", "image/png", vec![0x89, b'P', b'N', b'G']),
        ),
        // general page, "For PS that do not require payment activation"
        Endpoint::CreatePayment => Request::Payment(
            CreatePayment::new("paytm", "USD", "1000", "55", "123465477897")
                .language("en")
                .bank("MBB")
                .redirect_url("https://google.com"),
        ),
        // general page, "Information about savings": {"label": "55", "wallet_type": "paytm", "currency": "UDS"}
        Endpoint::DepositInfo => Request::DepositInfo(DepositInfo::new("paytm", "UDS", "55")),
        // general page, "Redirect addresses hashing"
        Endpoint::HashUrls => Request::Hash(
            HashUrls::new()
                .success(2, "https://test.com/success2.jpg")
                .success(1, "https://test.com/success1.jpg")
                .fail(1, "https://test.com/fail1.jpg")
                .fail(2, "https://test.com/fail2.jpg")
                .pending(3, "https://test.com/pending1.jpg")
                .pending(4, "https://test.com/pending2.jpg"),
        ),
        Endpoint::CreateWithdrawal => Request::Withdrawal(withdrawal(wallet)),
        // general page, the older withdrawal request (its email is shown obfuscated)
        Endpoint::LegacyWithdrawal => Request::Legacy(
            LegacyWithdrawal::new("paytm", "123123232", 1000)
                .wallet_sender("1111")
                .email("user@example.com")
                .withdrawal_id("13"),
        ),
        Endpoint::GetPostback => {
            Request::Postback(GetPostback::deposit_by_transaction_id("160028076535305"))
        }
        Endpoint::PullPostbacks => Request::Pull(PullPostbacks::deposits([
            "autotest51191116971521",
            "1923912939dd912ddpppdd99test",
        ])),
        // wallet pages, "Payment window integration (plugin)"
        Endpoint::PluginUrl => Request::Plugin(match wallet {
            Some("easypaisa") => PluginUrl {
                currency_code: Some("PKR".into()),
                lang: Some("en".into()),
                wallet_type: Some("easypaisa".into()),
                custom_transaction_id: Some("custom_transaction_id".into()),
                payment_url_success_id: Some(2),
                payment_url_pending_id: Some(3),
                payment_url_fail_id: Some(1),
                ..PluginUrl::new("label")
            }
            .fixed_amount(1000),
            Some(w @ ("ipay" | "bkash")) => PluginUrl {
                currency_code: Some(if w == "ipay" { "LKR" } else { "BDT" }.into()),
                lang: Some("bn".into()),
                wallet_type: Some(w.into()),
                ..PluginUrl::new("label")
            },
            _ => PluginUrl::new("label"),
        }),
    }
}

fn activation(wallet: Option<&str>) -> ActivateTransaction {
    match wallet {
        // Easypaisa page, Activation request
        Some("easypaisa") => {
            ActivateTransaction::new("easypaisa", "PKR", "786442", "67923175246", "3158538")
                .amount(1200)
        }
        // iPay page, Activation request
        Some("ipay") => {
            ActivateTransaction::new("ipay", "LKR", "786442", "23936785", "3158538").amount(1000)
        }
        // general page's amount table: UPI P2P and PhonePe send amount too
        Some(w @ ("upi" | "phone_pe")) => {
            ActivateTransaction::new(w, "INR", "55", "123-ABC-456-DEF", "123465477897").amount(1000)
        }
        // general page, "1) if is_manual = false"
        _ => ActivateTransaction::new("paytm", "USD", "55", "123-ABC-456-DEF", "123465477897"),
    }
}

fn withdrawal(wallet: Option<&str>) -> CreateWithdrawal {
    match wallet {
        // Easypaisa page, Creating withdrawal
        Some("easypaisa") => CreateWithdrawal::new("easypaisa", 10000, "PKR", "125199")
            .withdrawal_id("1234567test")
            .account_number("03405135211")
            .account_name("Muhammad Saqib Mushtaq")
            .test(true),
        // iPay page, Creating withdrawal request for Ipay
        Some("ipay") => CreateWithdrawal::new("ipay", 10000, "LKR", "125199")
            .withdrawal_id("1234567test565856")
            .account_number("03405138")
            .account_name("Test Name Acc")
            .bank_code("Bank Of Ceylon")
            .test(true),
        Some("bkash") => CreateWithdrawal::new("bkash", 1000, "BDT", "55")
            .account_number("01711111111")
            .account_email("user@example.com"),
        Some(w @ ("imps" | "upi" | "imps_ib" | "upi_ib")) => {
            let w = CreateWithdrawal::new(w, 1000, "INR", "55")
                .account_number("11111111")
                .account_name("Test Name Acc");
            if w.payment_system == "imps" {
                w.receiver_name("Test Name Acc")
            } else {
                w
            }
        }
        // general page, withdrawal request example
        _ => CreateWithdrawal::new("paytm", 1000, "INR", "55")
            .withdrawal_id("1234567")
            .comment("withdrawal")
            .account_number("11111111")
            .payments_provider("56")
            .payments_method("MOBILE_MONEY")
            .bank_code("MAHB0001821")
            .branch_code("000254")
            .bank_code_in_payments_system("9393"),
    }
}

enum Request {
    Available(PaymentSystemsAvailable),
    SaveId(SaveTransactionCustomId),
    Create(CreateTransaction),
    Activate(ActivateTransaction),
    Possible(ActivatePossibleTransaction),
    Payment(CreatePayment),
    DepositInfo(DepositInfo),
    Hash(HashUrls),
    Withdrawal(CreateWithdrawal),
    Legacy(LegacyWithdrawal),
    Postback(GetPostback),
    Pull(PullPostbacks),
    Plugin(PluginUrl),
}

impl Request {
    fn prepare(&self) -> Result<(), Error> {
        match self {
            Request::Available(r) => r.prepare().map(drop),
            Request::SaveId(r) => r.prepare().map(drop),
            Request::Create(r) => r.prepare().map(drop),
            Request::Activate(r) => r.prepare().map(drop),
            Request::Possible(r) => r.prepare().map(drop),
            Request::Payment(r) => r.prepare().map(drop),
            Request::DepositInfo(r) => r.prepare().map(drop),
            Request::Hash(r) => r.prepare().map(drop),
            Request::Withdrawal(r) => r.prepare("key").map(drop),
            Request::Legacy(r) => r.prepare("key").map(drop),
            Request::Postback(r) => r.prepare().map(drop),
            Request::Pull(r) => r.prepare().map(drop),
            Request::Plugin(r) => r.build(PLUGIN_BASE).map(drop),
        }
    }

    /// Sets `field` to `value` (`None`: leaves it out, or empty where the builder requires text).
    /// A `type` the builders cannot hold is refused here, by the parse every entry point uses.
    fn set(&mut self, field: &str, value: Option<&str>) -> Result<(), Error> {
        let text = || value.unwrap_or("").to_owned();
        let opt = || value.map(str::to_owned);
        let amount = || value.map(paykassma::Amount::parse);
        match (self, field) {
            (Request::Available(r), "currency_code") => {
                r.currency_codes = opt().into_iter().collect()
            }
            (Request::Available(r), "label") => r.label = text(),
            (Request::SaveId(r), "label") => r.label = text(),
            (Request::SaveId(r), "transaction_custom_id") => r.transaction_custom_id = text(),
            (Request::Create(r), "wallet_type") => r.wallet_type = text(),
            (Request::Create(r), "currency") => r.currency = text(),
            (Request::Create(r), "label") => r.label = text(),
            (Request::Activate(r), f) => set_activation(r, f, value),
            (Request::Possible(r), "screenshot") => match value {
                Some(name) => r.screenshot.as_mut().unwrap().filename = name.to_owned(),
                None => r.screenshot = None,
            },
            (Request::Possible(r), f) => set_activation(&mut r.activation, f, value),
            (Request::Payment(r), "payment_system") => r.payment_system = text(),
            (Request::Payment(r), "language") => r.language = text(),
            (Request::Payment(r), "currency") => r.currency = text(),
            (Request::Payment(r), "bank") => r.bank = text(),
            (Request::Payment(r), "amount") => r.amount = amount(),
            (Request::Payment(r), "label") => r.label = text(),
            (Request::Payment(r), "redirect_url") => r.redirect_url = text(),
            (Request::Payment(r), "custom_transaction_id") => r.custom_transaction_id = text(),
            (Request::DepositInfo(r), "label") => r.label = text(),
            (Request::DepositInfo(r), "wallet_type") => r.wallet_type = text(),
            (Request::DepositInfo(r), "currency") => r.currency = text(),
            (Request::DepositInfo(r), "code") => r.code = opt(),
            (Request::Hash(r), "url") => r.success_urls[0].1 = text(),
            (Request::Withdrawal(r), f) => set_withdrawal(r, f, value),
            (Request::Legacy(r), "wallet_type") => r.wallet_type = text(),
            (Request::Legacy(r), "wallet_recipient") => r.wallet_recipient = text(),
            (Request::Legacy(r), "wallet_sender") => r.wallet_sender = text(),
            (Request::Legacy(r), "account_name") => r.account_name = opt(),
            (Request::Legacy(r), "account_number") => r.account_number = opt(),
            (Request::Legacy(r), "email") => r.email = opt(),
            (Request::Legacy(r), "amount") => r.amount = amount(),
            (Request::Legacy(r), "withdrawal_id") => r.withdrawal_id = Some(text()),
            (Request::Postback(r), "type") => {
                if LookupType::parse(&text())? == LookupType::Withdrawal {
                    *r = GetPostback::withdrawal("autotest984047927037");
                }
            }
            (Request::Postback(r), "transaction_id") => {
                *r = GetPostback::deposit_by_custom_id("order-1");
                r.transaction_id = opt();
            }
            (Request::Postback(r), "custom_id") => {
                *r = GetPostback::deposit_by_transaction_id("160028076535305");
                r.custom_id = opt();
            }
            (Request::Postback(r), "withdrawal_id") => {
                if let Some(id) = value {
                    *r = GetPostback::withdrawal(id);
                }
            }
            (Request::Pull(r), "type") => r.kind = LookupType::parse(&text())?,
            (Request::Pull(r), "plugin_custom_order_id") => {
                *r = PullPostbacks::deposits(opt().into_iter().chain(["order-1".to_owned()]))
            }
            (Request::Pull(r), "withdrawal_id") => {
                *r = PullPostbacks::withdrawals(opt().into_iter().chain(["w-1".to_owned()]))
            }
            (Request::Plugin(r), "label") => r.label = text(),
            (Request::Plugin(r), "currency_code") => r.currency_code = opt(),
            (Request::Plugin(r), "lang") => r.lang = opt(),
            (Request::Plugin(r), "wallet_type") => r.wallet_type = opt(),
            (Request::Plugin(r), "custom_transaction_id") => r.custom_transaction_id = opt(),
            (Request::Plugin(r), "fixed_amount") => r.fixed_amount = amount(),
            (Request::Plugin(r), "success_url") => r.success_url = opt(),
            (Request::Plugin(r), "fail_url") => r.fail_url = opt(),
            (Request::Plugin(r), "pending_url") => r.pending_url = opt(),
            (_, f) => panic!("the walk cannot set {f}: add it to Request::set"),
        }
        Ok(())
    }
}

fn set_activation(r: &mut ActivateTransaction, field: &str, value: Option<&str>) {
    let text = value.unwrap_or("").to_owned();
    match field {
        "currency_code" => r.currency_code = text,
        "wallet_type" => r.wallet_type = text,
        "label" => r.label = text,
        "key1" => r.key1 = text,
        "amount" => r.amount = value.map(paykassma::Amount::parse),
        "custom_transaction_id" => r.custom_transaction_id = text,
        f => panic!("the walk cannot set activation field {f}"),
    }
}

fn set_withdrawal(r: &mut CreateWithdrawal, field: &str, value: Option<&str>) {
    let opt = value.map(str::to_owned);
    let text = value.unwrap_or("").to_owned();
    match field {
        "withdrawal_id" => r.withdrawal_id = opt,
        "payment_system" => r.payment_system = text,
        "amount" => r.amount = value.map(paykassma::Amount::parse),
        "currency_code" => r.currency_code = text,
        "label" => r.label = text,
        "comment" => r.comment = opt,
        "account_number" => r.account_number = opt,
        "account_name" => r.account_name = opt,
        "account_email" => r.account_email = opt,
        "receiver_name" => r.receiver_name = opt,
        "payments_details.payments_method" => r.payments_method = opt,
        "payments_details.payments_provider" => r.payments_provider = opt,
        "bank_details.bank_code" => r.bank_code = opt,
        "bank_details.branch_code" => r.branch_code = opt,
        "bank_details.bank_code_in_payments_system" => r.bank_code_in_payments_system = opt,
        "iban" => r.iban = opt,
        "account_type" => r.account_type = opt,
        "document_type" => r.document_type = opt,
        "document_id" => r.document_id = opt,
        "account_digit" => r.account_digit = opt,
        f => panic!("the walk cannot set withdrawal field {f}"),
    }
}

/// Values at the rule's exact edges: accepted, then refused.
fn edges(check: Check) -> (Vec<String>, Vec<String>) {
    let rep = |c: &str, n: usize| c.repeat(n);
    match check {
        Check::Text { min, max } => {
            let mut ok = vec![rep("a", min.max(1))];
            let mut bad = vec![format!(" {}", rep("a", min)), format!("{} ", rep("a", min))];
            match max {
                Some(max) => {
                    ok.push(rep("a", max));
                    bad.push(rep("a", max + 1));
                }
                None => ok.push(rep("a", 1000)),
            }
            if min > 1 {
                bad.push(rep("a", min - 1));
            }
            (ok, bad)
        }
        Check::Digits(n) => (
            vec![rep("1", n)],
            vec![rep("1", n + 1), rep("1", n - 1), rep("a", n)],
        ),
        Check::Account { prefixes, length } => {
            let fill = |p: &str, n: usize| format!("{p}{}", rep("1", n - p.len()));
            let ok = prefixes.iter().map(|p| fill(p, length)).collect();
            let mut bad: Vec<String> = prefixes.iter().map(|p| fill(p, length + 1)).collect();
            bad.extend(prefixes.iter().map(|p| fill(p, length - 1)));
            bad.push(fill("09", length));
            (ok, bad)
        }
        Check::LatinName { max } => (
            vec![rep("A", max), "Ab Cd".to_owned()],
            vec![
                rep("A", max + 1),
                "Muhammad 2".to_owned(),
                "Muhammad-Ali".to_owned(),
            ],
        ),
        Check::OneOf(values) => (
            values.iter().map(|v| v.to_string()).collect(),
            vec!["xx".to_owned(), format!(" {}", values[0])],
        ),
        Check::Currency => (
            vec!["USD".to_owned()],
            vec!["usd".to_owned(), "USDT".to_owned(), "US".to_owned()],
        ),
        Check::Language => (
            vec!["en".to_owned()],
            vec!["EN".to_owned(), "eng".to_owned()],
        ),
        Check::WalletType { max } => (
            vec![rep("a", max), "paytm_api".to_owned()],
            vec![rep("a", max + 1), "a-b".to_owned(), "a/b".to_owned()],
        ),
        Check::Amount { decimals } => {
            let mut ok = vec!["1".to_owned()];
            if decimals > 0 {
                ok.push(format!("1.{}", rep("5", decimals)));
            }
            (
                ok,
                vec![
                    "0".to_owned(),
                    format!("1.{}", rep("5", decimals + 1)),
                    "1e3".to_owned(),
                ],
            )
        }
        Check::Integer { max_digits } => (
            vec![rep("9", max_digits), "1".to_owned()],
            vec![rep("9", max_digits + 1), "1a".to_owned()],
        ),
        Check::Url => (
            vec![
                "https://example.com/r".to_owned(),
                "http://example.com".to_owned(),
            ],
            vec!["example.com".to_owned(), "https://".to_owned()],
        ),
        Check::Email => (
            vec!["user@example.com".to_owned()],
            vec!["user".to_owned(), "@example.com".to_owned()],
        ),
        Check::Hash => (
            vec!["a93558ba9e4f".to_owned()],
            vec!["https://x".to_owned(), String::new()],
        ),
        Check::Boolean => (Vec::new(), Vec::new()),
    }
}

/// The wallets a rule is walked with: its own, or none (the example's default wallet).
fn walks(rule: &Rule) -> Vec<Option<&'static str>> {
    if rule.wallets.is_empty() {
        vec![None]
    } else {
        rule.wallets.iter().map(|w| Some(*w)).collect()
    }
}

fn attempt(rule: &Rule, wallet: Option<&str>, value: Option<&str>) -> Result<(), Error> {
    let mut request = example(rule.endpoint, wallet);
    request.set(rule.field, value)?;
    request.prepare()
}

fn refused_on_field(rule: &Rule, wallet: Option<&str>, value: Option<&str>) -> Result<(), String> {
    match attempt(rule, wallet, value) {
        Ok(()) => Err(format!("{value:?} was accepted")),
        Err(e) => match e.field() {
            Some(f) if f == rule.field || f.ends_with(&format!(".{}", rule.field)) => Ok(()),
            _ => Err(format!("{value:?} was refused for another reason: {e}")),
        },
    }
}

#[test]
fn every_rule_accepts_its_edges_and_examples_and_refuses_past_them() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in RULES {
        for wallet in walks(rule) {
            let at = format!("{:?} {} ({wallet:?})", rule.endpoint, rule.field);
            let (ok, bad) = edges(rule.check);
            for value in ok {
                checked += 1;
                if let Err(e) = attempt(rule, wallet, Some(&value)) {
                    failures.push(format!("{at}: {value:?} refused: {e}"));
                }
            }
            for value in rule.examples {
                // A wallet named as an example comes with that wallet's example request.
                let with = match rule.check {
                    Check::WalletType { .. } => Some(*value),
                    _ => wallet,
                };
                checked += 1;
                if let Err(e) = attempt(rule, with, Some(value)) {
                    failures.push(format!("{at}: example {value:?} refused: {e}"));
                }
            }
            for value in bad {
                checked += 1;
                if let Err(why) = refused_on_field(rule, wallet, Some(&value)) {
                    failures.push(format!("{at}: {why}"));
                }
            }
            if rule.check == Check::Boolean {
                continue;
            }
            checked += 1;
            let absent = if rule.required {
                refused_on_field(rule, wallet, None)
            } else {
                attempt(rule, wallet, None).map_err(|e| format!("absent, refused: {e}"))
            };
            if let Err(why) = absent {
                failures.push(format!("{at}: absent: {why}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 400, "only {checked} values walked");
}

#[test]
fn every_document_example_request_is_accepted() {
    let wallets: &[Option<&str>] = &[None, Some("easypaisa"), Some("ipay")];
    for endpoint in Endpoint::ALL {
        for wallet in wallets {
            if let Err(e) = example(endpoint, *wallet).prepare() {
                panic!("{endpoint:?} ({wallet:?}): {e}");
            }
        }
    }
}

#[test]
fn every_rule_cites_a_document_section_and_every_field_the_builders_send_has_a_rule() {
    for rule in RULES {
        assert!(
            !rule.sources.is_empty() && rule.sources.iter().all(|s| !s.section.is_empty()),
            "{:?} {} cites nothing",
            rule.endpoint,
            rule.field
        );
    }
    for endpoint in Endpoint::ALL {
        assert!(
            RULES.iter().any(|r| r.endpoint == endpoint),
            "{endpoint:?} has no rule"
        );
    }
}

/// The items of the spec audit, each against the document line it comes from.
mod audit {
    use super::*;

    fn field_of(r: Result<(), Error>) -> String {
        r.unwrap_err().field().unwrap_or("").to_owned()
    }

    #[test]
    fn custom_transaction_id_is_190_where_the_wallet_pages_say_so() {
        // Easypaisa and iPay pages, Activation request: "custom_transaction_id string yes 190";
        // general page, possible-transaction/activate: "custom_transaction_id string (190)".
        for wallet in ["easypaisa", "ipay"] {
            let mut a = activation(Some(wallet));
            a.custom_transaction_id = "c".repeat(190);
            assert!(a.prepare().is_ok(), "{wallet}");
            a.custom_transaction_id = "c".repeat(191);
            assert_eq!(field_of(a.prepare().map(drop)), "custom_transaction_id");
        }
        let mut possible = ActivatePossibleTransaction::new(activation(None).amount(1000));
        possible.activation.custom_transaction_id = "c".repeat(190);
        assert!(possible.prepare().is_ok());
        // general page, payment/create: "custom_transaction_id string (64)".
        let payment = CreatePayment::new("paytm", "USD", "1000", "55", "c".repeat(65))
            .bank("MBB")
            .redirect_url("https://google.com");
        assert_eq!(
            field_of(payment.prepare().map(drop)),
            "custom_transaction_id"
        );
    }

    #[test]
    fn withdrawal_label_is_36_only_for_easypaisa() {
        // Easypaisa page: "label string(1-36) yes"; the general page's label has no length.
        let mut w = withdrawal(Some("easypaisa"));
        w.label = "l".repeat(36);
        assert!(w.prepare("key").is_ok());
        w.label = "l".repeat(37);
        assert_eq!(field_of(w.prepare("key").map(drop)), "label");
        for wallet in [None, Some("ipay")] {
            let mut w = withdrawal(wallet);
            w.label = "l".repeat(37);
            assert!(w.prepare("key").is_ok(), "{wallet:?}");
        }
    }

    #[test]
    fn ipay_takes_its_own_example_account_and_bn() {
        // iPay page, withdrawal request and postback examples: "account_number": "03405138";
        // the table: "in the format 07XXXXXX".
        for account in ["03405138", "07123456"] {
            assert!(withdrawal(Some("ipay"))
                .account_number(account)
                .prepare("key")
                .is_ok());
        }
        let e = withdrawal(Some("ipay"))
            .account_number("0712345")
            .prepare("key");
        assert_eq!(field_of(e.map(drop)), "account_number");
        // iPay page, plugin: "Доступные языки (lang): en, bn".
        let url = PluginUrl {
            wallet_type: Some("ipay".into()),
            lang: Some("bn".into()),
            ..PluginUrl::new("label")
        };
        assert!(url.build(PLUGIN_BASE).is_ok());
        // Easypaisa page, plugin: "Available languages (lang): en".
        let url = PluginUrl {
            wallet_type: Some("easypaisa".into()),
            lang: Some("bn".into()),
            ..PluginUrl::new("label")
        };
        assert_eq!(field_of(url.build(PLUGIN_BASE).map(drop)), "lang");
    }

    #[test]
    fn account_name_is_required_for_imps_ib_and_upi_ib() {
        // general page, withdrawal table: "account_name *required_if PS = imps_ib, upi_ib,....".
        for wallet in ["imps_ib", "upi_ib"] {
            let mut w = withdrawal(Some(wallet));
            w.account_name = None;
            assert_eq!(
                field_of(w.prepare("key").map(drop)),
                "account_name",
                "{wallet}"
            );
        }
    }

    #[test]
    fn no_optional_field_is_sent_with_outer_spaces() {
        // general page, Withdrawal of funds: "When transmitting data, there should be no spaces
        // at the beginning and end".
        let base = || withdrawal(None);
        for (field, w) in [
            ("account_name", base().account_name(" Test")),
            ("account_email", base().account_email("user@example.com ")),
            ("bank_details.bank_code", base().bank_code(" MAHB0001821")),
            ("iban", base().iban("DE00 ")),
            (
                "payments_details.payments_method",
                base().payments_method(" MOBILE_MONEY"),
            ),
        ] {
            assert_eq!(field_of(w.prepare("key").map(drop)), field);
        }
    }

    #[test]
    fn wallet_type_has_its_190_cap() {
        // general page, activation: "wallet_type string (190)".
        let mut a = activation(None);
        a.wallet_type = "w".repeat(191);
        assert_eq!(field_of(a.prepare().map(drop)), "wallet_type");
    }

    #[test]
    fn the_older_withdrawal_checks_its_191_limits_and_requires_email() {
        // general page, the older withdrawal request: every text field string(191), email listed.
        let legacy = || {
            LegacyWithdrawal::new("paytm", "123123232", 1000)
                .email("user@example.com")
                .withdrawal_id("13")
        };
        let mut no_email = legacy();
        no_email.email = None;
        assert_eq!(field_of(no_email.prepare("key").map(drop)), "email");
        assert!(legacy()
            .account_name("n".repeat(191))
            .prepare("key")
            .is_ok());
        for (field, w) in [
            ("account_name", legacy().account_name("n".repeat(192))),
            ("account_number", legacy().account_number("1".repeat(192))),
            (
                "wallet_recipient",
                LegacyWithdrawal {
                    wallet_recipient: "1".repeat(192),
                    ..legacy()
                },
            ),
        ] {
            assert_eq!(field_of(w.prepare("key").map(drop)), field);
        }
    }

    #[test]
    fn deposit_info_sends_the_code_of_manual_wallets() {
        // general page, Information about savings: "code string (190) или “null” NO".
        let r = DepositInfo::new("manual", "INR", "55")
            .code("A1B2")
            .prepare()
            .unwrap();
        assert!(r.query.contains(&("code".to_owned(), "A1B2".to_owned())));
        let r = DepositInfo::new("paytm", "INR", "55").prepare().unwrap();
        assert!(!r.query.iter().any(|(k, _)| k == "code"));
        let long = DepositInfo::new("manual", "INR", "55").code("c".repeat(191));
        assert_eq!(field_of(long.prepare().map(drop)), "code");
    }

    #[test]
    fn pullpostbacks_sends_only_documented_parameters() {
        // general page, Order statuses: type, plugin_custom_order_id, withdrawal_id.
        let r = PullPostbacks::withdrawals(["w-1"]).prepare().unwrap();
        let names: Vec<&str> = r.query.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["type", "withdrawal_id[]"]);
    }
}

/// The rules page, rendered from the table.
fn rules_page() -> String {
    use std::fmt::Write;
    let describe = |check: Check| match check {
        Check::Text {
            min,
            max: Some(max),
        } if min <= 1 => format!("text, at most {max}"),
        Check::Text {
            min,
            max: Some(max),
        } => format!("text, {min} to {max}"),
        Check::Text { .. } => "text".to_owned(),
        Check::Digits(n) => format!("{n} digits"),
        Check::Account { prefixes, length } => {
            let formats: Vec<String> = prefixes
                .iter()
                .map(|p| format!("`{p}{}`", "X".repeat(length - p.len())))
                .collect();
            formats.join(" or ")
        }
        Check::LatinName { max } => format!("Latin letters and spaces, at most {max}"),
        Check::OneOf(values) => format!("one of {}", values.join(", ")),
        Check::Currency => "3 uppercase letters".to_owned(),
        Check::Language => "2 lowercase letters".to_owned(),
        Check::WalletType { max } => format!("wallet type (letters, digits, `_`), at most {max}"),
        Check::Amount { decimals: 0 } => "whole amount".to_owned(),
        Check::Amount { decimals } => format!("amount, at most {decimals} decimals"),
        Check::Integer { max_digits } => format!("integer, at most {max_digits} digits"),
        Check::Url => "http(s) URL".to_owned(),
        Check::Email => "email address".to_owned(),
        Check::Hash => "hash from hash-url".to_owned(),
        Check::Boolean => "true or false".to_owned(),
    };
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = String::from(PAGE_HEAD);
    out.push_str("\n## Where the documents disagree, or say nothing\n\n");
    for rule in RULES.iter().filter(|r| r.choice.is_some()) {
        let wallets = if rule.wallets.is_empty() {
            String::new()
        } else {
            format!(" ({})", rule.wallets.join(", "))
        };
        let _ = writeln!(
            out,
            "- **{}** `{}`{wallets}: {}.",
            rule.endpoint.request(),
            rule.field,
            rule.choice.unwrap()
        );
    }
    for endpoint in Endpoint::ALL {
        let _ = write!(
            out,
            "\n## {}\n\n| field | wallets | required | rule | documents | examples |\n|---|---|---|---|---|---|\n",
            endpoint.request()
        );
        for rule in RULES.iter().filter(|r| r.endpoint == endpoint) {
            let sources: Vec<String> = rule
                .sources
                .iter()
                .map(|s| format!("{}: {}", s.document.title(), s.section))
                .collect();
            let examples: Vec<String> = rule.examples.iter().map(|e| format!("`{e}`")).collect();
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                rule.field,
                if !rule.wallets.is_empty() {
                    rule.wallets.join(", ")
                } else if RULES.iter().any(|r| {
                    r.endpoint == endpoint && r.field == rule.field && !r.wallets.is_empty()
                }) {
                    "all others".to_owned()
                } else {
                    "all".to_owned()
                },
                if rule.required { "yes" } else { "no" },
                cell(&describe(rule.check)),
                cell(&sources.join("; ")),
                cell(&examples.join(", ")),
            );
        }
    }
    out
}

const PAGE_HEAD: &str = "# Field rules of the merchant API

Every field rule the request builders enforce, with the document and section it comes from. This
page is generated from the table in `core/src/api/rules.rs`; a test fails when the two differ
(`PAYKASSMA_WRITE_RULES_PAGE=1 cargo test -p paykassma --test rules` rewrites it).

The documents are the gateway's general API page (\"Deposit of funds (API)\" and \"Withdrawal of
funds (API)\", kept as a comparison of two versions, so older text stands beside the current) and
the Easypaisa and iPay integration pages. Where they disagree the SDK refuses nothing a document
shows as valid: it takes the looser limit and accepts both formats. Between the two versions of
the general page, the current text wins where they conflict. A wallet's own rule replaces the
general one for that wallet; wallets not named pass with the general rules, because the gateway
adds payment systems faster than SDKs are released.

Text never starts or ends with spaces: the withdrawal section warns \"When transmitting data,
there should be no spaces at the beginning and end\", and the gateway's trimming would break the
signature.

The sandbox (`sandbox/src/gateway/spec.rs`) keeps its own reading of the same documents, not this
table; `sandbox/tests/spec.rs` sends the same requests to both and fails when the core refuses
what the sandbox takes, or sends what it refuses.

## Answers

| answer (document) | the SDK |
|---|---|
| activation `{\"status\":\"ok\",\"deposit\":true,...}` (wallet pages) | `activated`: credited, a postback follows |
| activation `{\"status\":\"ok\",\"deposit\":false,\"deposit_amount\":0,...}` (wallet pages; general page, Information about savings) | `stockpiled`: below the minimum deposit, nothing credited and no postback yet; `deposit_info` tells the sums |
| activation `{\"status\":\"pending\",...}` (wallet pages) and error 400 \"Check of deposit status started...\" (general page) | `pending`: a suspicious payment being checked |
| activation `{\"status\":\"possible_transaction_created\",...}` | `possible_transaction_created` |
| possible-transaction/activate `{\"status\":\"success\",\"code\":20000,\"data\":[],\"paginate\":{...}}` (general page) | the answer as sent |

The typed client returns these as `Activation` variants; the JSON entry point every binding uses
adds `outcome` with the same name to the activation answer.

`pullpostbacks` takes only `type` and the ids: the documents show `offset` and `limit` in the
answer's `paginate`, not as parameters, so the SDK sends neither. The sandbox still honours them
as its own extension.
";

#[test]
fn the_rules_page_lists_the_table() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/RULES.md");
    let page = rules_page();
    if std::env::var_os("PAYKASSMA_WRITE_RULES_PAGE").is_some() {
        std::fs::write(&path, &page).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == page,
        "docs/RULES.md differs from the rules table; rewrite it with PAYKASSMA_WRITE_RULES_PAGE=1"
    );
}
