//! Every field rule of the merchant API as data, each with the document and section it comes
//! from. The request builders validate through this table, so what it says is what they do.
//!
//! Where the documents contradict each other the SDK refuses nothing a document shows as valid
//! (the looser limit, both formats) and the rule's `choice` says what each document says and what
//! was taken. `docs/RULES.md` lists the table; a test keeps the two in step.

use crate::money::Amount;
use crate::Error;

/// The gateway's documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    /// "Deposit of funds (API)" and "Withdrawal of funds (API)": the general page, whose stored
    /// copy compares two versions (older text beside the current).
    General,
    /// The Easypaisa integration page.
    Easypaisa,
    /// The iPay integration page.
    Ipay,
}

impl Document {
    pub fn title(self) -> &'static str {
        match self {
            Document::General => "general API page",
            Document::Easypaisa => "Easypaisa page",
            Document::Ipay => "iPay page",
        }
    }
}

/// Where a rule is written: a document and the section (and table or line) in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    pub document: Document,
    pub section: &'static str,
}

const fn general(section: &'static str) -> Source {
    Source {
        document: Document::General,
        section,
    }
}

const fn easypaisa(section: &'static str) -> Source {
    Source {
        document: Document::Easypaisa,
        section,
    }
}

const fn ipay(section: &'static str) -> Source {
    Source {
        document: Document::Ipay,
        section,
    }
}

/// One request of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    PaymentSystemsAvailable,
    SaveTransactionCustomId,
    CreateTransaction,
    ActivateTransaction,
    ActivatePossibleTransaction,
    CreatePayment,
    DepositInfo,
    HashUrls,
    CreateWithdrawal,
    LegacyWithdrawal,
    GetPostback,
    PullPostbacks,
    PluginUrl,
}

impl Endpoint {
    pub const ALL: [Endpoint; 13] = [
        Endpoint::PaymentSystemsAvailable,
        Endpoint::SaveTransactionCustomId,
        Endpoint::CreateTransaction,
        Endpoint::ActivateTransaction,
        Endpoint::ActivatePossibleTransaction,
        Endpoint::CreatePayment,
        Endpoint::DepositInfo,
        Endpoint::HashUrls,
        Endpoint::CreateWithdrawal,
        Endpoint::LegacyWithdrawal,
        Endpoint::GetPostback,
        Endpoint::PullPostbacks,
        Endpoint::PluginUrl,
    ];

    /// The request line, as the documents write it.
    pub fn request(self) -> &'static str {
        match self {
            Endpoint::PaymentSystemsAvailable => "GET /api/v1/payment-systems/available",
            Endpoint::SaveTransactionCustomId => "POST /api/v1/payment/save-transaction-custom-id",
            Endpoint::CreateTransaction => "POST /api/v1/transaction/create/{wallet_type}",
            Endpoint::ActivateTransaction => "POST /api/v1/transaction/activate",
            Endpoint::ActivatePossibleTransaction => "POST /api/v1/possible-transaction/activate",
            Endpoint::CreatePayment => "POST /api/v1/payment/create/{payment_system}",
            Endpoint::DepositInfo => "GET /api/v1/deposit-info",
            Endpoint::HashUrls => "POST /api/v1/payment-plugin/hash-url",
            Endpoint::CreateWithdrawal => "POST /v2/withdrawal/create",
            Endpoint::LegacyWithdrawal => "POST /v2/withdrawal/create (older field set)",
            Endpoint::GetPostback => "GET /api/v1/postback",
            Endpoint::PullPostbacks => "GET /api/v1/pullpostbacks",
            Endpoint::PluginUrl => "payment window link (plugin)",
        }
    }
}

/// What a value must look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Text of `min..=max` characters (no maximum when `None`).
    Text { min: usize, max: Option<usize> },
    /// Exactly this many ASCII digits.
    Digits(usize),
    /// Digits only, `length` long, starting with one of `prefixes`.
    Account {
        prefixes: &'static [&'static str],
        length: usize,
    },
    /// Latin letters and spaces only, at most `max` characters.
    LatinName { max: usize },
    /// One of these values.
    OneOf(&'static [&'static str]),
    /// Three uppercase letters.
    Currency,
    /// Two lowercase letters.
    Language,
    /// A wallet type: letters, digits and `_`, at most `max` characters.
    WalletType { max: usize },
    /// A positive decimal with at most `decimals` decimal places.
    Amount { decimals: usize },
    /// A whole number of at most `max_digits` digits.
    Integer { max_digits: usize },
    /// An `http(s)://` URL.
    Url,
    /// An email address (something `@` something).
    Email,
    /// A hash from the hash-url request (hex digits), not a URL.
    Hash,
    /// `true` or `false`: the builders take a `bool`, so nothing else can be written.
    Boolean,
}

/// One field's rule for one endpoint, for the wallets it names (none: every wallet without a
/// rule of its own; a wallet's rule replaces the general one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub endpoint: Endpoint,
    pub field: &'static str,
    pub wallets: &'static [&'static str],
    pub required: bool,
    pub check: Check,
    pub sources: &'static [Source],
    /// Values the documents show for this field (each must be accepted).
    pub examples: &'static [&'static str],
    /// When the documents disagree: what each says and what the SDK takes.
    pub choice: Option<&'static str>,
}

const fn rule(endpoint: Endpoint, field: &'static str, required: bool, check: Check) -> Rule {
    Rule {
        endpoint,
        field,
        wallets: &[],
        required,
        check,
        sources: &[],
        examples: &[],
        choice: None,
    }
}

impl Rule {
    const fn wallets(mut self, wallets: &'static [&'static str]) -> Rule {
        self.wallets = wallets;
        self
    }

    const fn from(mut self, sources: &'static [Source]) -> Rule {
        self.sources = sources;
        self
    }

    const fn examples(mut self, examples: &'static [&'static str]) -> Rule {
        self.examples = examples;
        self
    }

    const fn choice(mut self, choice: &'static str) -> Rule {
        self.choice = Some(choice);
        self
    }

    /// Checks a value given for this field; the error names the field.
    pub fn check(&self, value: &str) -> Result<(), Error> {
        self.check.apply(self.field, value)
    }
}

const fn text(max: usize) -> Check {
    Check::Text {
        min: 1,
        max: Some(max),
    }
}

const ANY_TEXT: Check = Check::Text { min: 1, max: None };

/// Sections cited more than once.
const NO_SPACES: Source = general(
    "Withdrawal of funds (API), warning: \"When transmitting data, there should be no spaces at the beginning and end\"",
);
const ACTIVATE: Source =
    general("Creating a payment, 2. Activation request, 1) if is_manual = false: parameters");
const POSSIBLE: Source =
    general("Creating a payment, 2. Activation request, 2) if is_manual = true: body");
const AMOUNT_TABLE: Source = general(
    "Creating a payment, \"**For some PS, it is also necessary to send the amount field\" table",
);
const EP_ACTIVATE: Source = easypaisa("API integration, Activation request: parameters");
const IP_ACTIVATE: Source = ipay("API integration, Activation request: parameters");
const PAYMENT: Source = general("For PS that do not require payment activation: parameters");
const CREATE: Source = general("Creating a payment, 1. Payment creation request: parameters");
const EP_CREATE: Source = easypaisa("API integration, Creating payment: parameters");
const IP_CREATE: Source = ipay("API integration, Creating payment: parameters");
const WITHDRAWAL: Source =
    general("Withdrawal of funds (API), \"Required parameters for transmission in POST request\" (current table)");
const WITHDRAWAL_OLD: Source = general(
    "Withdrawal of funds (API), \"Required parameters\" (the compared earlier version's table)",
);
const EP_WITHDRAWAL: Source = easypaisa("Withdrawals for users, Creating withdrawal: parameters");
const IP_WITHDRAWAL: Source =
    ipay("Withdrawals for users, Creating withdrawal request for Ipay: parameters");
const LEGACY: Source =
    general("Withdrawal of funds, \"The old withdrawal request is also available\": parameters");
const DEPOSIT_INFO: Source = general("Information about savings: parameters");
const POSTBACK: Source =
    general("Information about the postback that was sent earlier: parameters");
const PULL: Source = general("Order statuses: parameters");
const AVAILABLE: Source = general("Obtaining available PSs: parameters");
const SAVE_ID: Source = general("Saving the client's ID transaction: parameters");
const HASH: Source = general("Redirect addresses hashing: parameters");
const EP_PLUGIN: Source = easypaisa(
    "Payment window integration (plugin): link example and \"Available languages (lang): en\"",
);
const IP_PLUGIN: Source = ipay(
    "Payment window integration (plugin): link example and \"Доступные языки (lang): en, bn\"",
);

use Endpoint as E;

/// The table. Order: endpoint, then field, general rule before the wallets' own.
pub const RULES: &[Rule] = &[
    // payment-systems/available
    rule(E::PaymentSystemsAvailable, "currency_code", true, Check::Currency)
        .from(&[AVAILABLE])
        .examples(&["USD", "INR"]),
    rule(E::PaymentSystemsAvailable, "label", true, text(190))
        .from(&[AVAILABLE])
        .examples(&["55"]),
    // save-transaction-custom-id
    rule(E::SaveTransactionCustomId, "label", true, text(190))
        .from(&[SAVE_ID])
        .examples(&["55"]),
    rule(E::SaveTransactionCustomId, "transaction_custom_id", true, text(190))
        .from(&[SAVE_ID])
        .examples(&["123465477897"]),
    // transaction/create/{wallet_type}
    rule(E::CreateTransaction, "wallet_type", true, Check::WalletType { max: 190 })
        .from(&[CREATE, ACTIVATE])
        .examples(&["paytm", "easypaisa", "ipay"])
        .choice("the path names the wallet type without a length; the activation table gives wallet_type string (190), taken here too"),
    rule(E::CreateTransaction, "currency", true, Check::Currency)
        .from(&[CREATE])
        .examples(&["INR"]),
    rule(E::CreateTransaction, "currency", true, Check::OneOf(&["PKR"]))
        .wallets(&["easypaisa"])
        .from(&[EP_CREATE, EP_PLUGIN])
        .examples(&["PKR"]),
    rule(E::CreateTransaction, "currency", true, Check::OneOf(&["LKR"]))
        .wallets(&["ipay"])
        .from(&[IP_CREATE])
        .examples(&["LKR"]),
    rule(E::CreateTransaction, "label", true, text(190))
        .from(&[CREATE, EP_CREATE, IP_CREATE])
        .examples(&["eligendi"]),
    // transaction/activate
    rule(E::ActivateTransaction, "currency_code", true, Check::Currency)
        .from(&[ACTIVATE])
        .examples(&["USD"])
        .choice("payment-systems/available lists paytm in INR, yet the general page activates paytm in USD: no currency is tied to a wallet except where the wallet's own page names one"),
    rule(E::ActivateTransaction, "currency_code", true, Check::OneOf(&["PKR"]))
        .wallets(&["easypaisa"])
        .from(&[EP_ACTIVATE, EP_PLUGIN])
        .examples(&["PKR"]),
    rule(E::ActivateTransaction, "currency_code", true, Check::OneOf(&["LKR"]))
        .wallets(&["ipay"])
        .from(&[IP_ACTIVATE])
        .examples(&["LKR"]),
    rule(E::ActivateTransaction, "wallet_type", true, Check::WalletType { max: 190 })
        .from(&[ACTIVATE, EP_ACTIVATE, IP_ACTIVATE])
        .examples(&["paytm", "easypaisa", "ipay"]),
    rule(E::ActivateTransaction, "label", true, text(190))
        .from(&[ACTIVATE, EP_ACTIVATE, IP_ACTIVATE])
        .examples(&["55", "786442"]),
    rule(E::ActivateTransaction, "key1", true, text(190))
        .from(&[ACTIVATE])
        .examples(&["123-ABC-456-DEF"]),
    rule(E::ActivateTransaction, "key1", true, Check::Digits(11))
        .wallets(&["easypaisa"])
        .from(&[EP_ACTIVATE])
        .examples(&["67923175246"]),
    rule(E::ActivateTransaction, "key1", true, Check::Digits(8))
        .wallets(&["ipay"])
        .from(&[IP_ACTIVATE])
        .examples(&["23936785"])
        .choice("the iPay table gives key1 max length 190 and describes it as \"Transaction ID received from the user (8 digits)\"; its example has 8 digits: 8 digits taken"),
    rule(E::ActivateTransaction, "amount", false, Check::Amount { decimals: 2 })
        .from(&[ACTIVATE, AMOUNT_TABLE])
        .examples(&["1200"])
        .choice("the general table says amount is \"*required if\"; its list marks bKash and Nagad \"-\" and its paytm example sends none: optional unless the wallet needs it"),
    rule(E::ActivateTransaction, "amount", true, Check::Amount { decimals: 2 })
        .wallets(&["easypaisa", "ipay", "upi", "phone_pe"])
        .from(&[AMOUNT_TABLE, EP_ACTIVATE, IP_ACTIVATE])
        .examples(&["1200", "1000"])
        .choice("the wallet pages give amount float with \"Max Length 256\", which a number cannot have: no length taken; two decimal places, as money"),
    rule(E::ActivateTransaction, "custom_transaction_id", true, text(190))
        .from(&[EP_ACTIVATE, IP_ACTIVATE, ACTIVATE])
        .examples(&["3158538", "123465477897"])
        .choice("the general page's activation table says string (64); both wallet pages' activation tables say 190: 190 taken"),
    // possible-transaction/activate
    rule(E::ActivatePossibleTransaction, "currency_code", true, Check::Currency)
        .from(&[POSSIBLE])
        .examples(&["USD"]),
    rule(E::ActivatePossibleTransaction, "currency_code", true, Check::OneOf(&["PKR"]))
        .wallets(&["easypaisa"])
        .from(&[EP_PLUGIN])
        .examples(&["PKR"]),
    rule(E::ActivatePossibleTransaction, "currency_code", true, Check::OneOf(&["LKR"]))
        .wallets(&["ipay"])
        .from(&[IP_ACTIVATE])
        .examples(&["LKR"]),
    rule(E::ActivatePossibleTransaction, "wallet_type", true, Check::WalletType { max: 190 })
        .from(&[POSSIBLE])
        .examples(&["paytm"]),
    rule(E::ActivatePossibleTransaction, "label", true, text(190))
        .from(&[POSSIBLE])
        .examples(&["55"]),
    rule(E::ActivatePossibleTransaction, "key1", true, text(190))
        .from(&[POSSIBLE])
        .examples(&["123-ABC-456-DEF"])
        .choice("manual activation takes key1 string (190) for every wallet: the wallet pages' digit counts are for transaction/activate; the page's documented refusal {\"key1\":[\"Transaction field has wrong length\"]} shows the gateway checks a length of its own, which the SDK leaves to it"),
    rule(E::ActivatePossibleTransaction, "amount", true, Check::Amount { decimals: 2 })
        .from(&[POSSIBLE])
        .examples(&["1000"])
        .choice("the current table requires amount and custom_transaction_id; the earlier version's example request sends neither: the current table taken"),
    rule(E::ActivatePossibleTransaction, "screenshot", false, text(190))
        .from(&[POSSIBLE])
        .examples(&["shot.png"]),
    rule(E::ActivatePossibleTransaction, "custom_transaction_id", true, text(190))
        .from(&[POSSIBLE])
        .examples(&["123465477897"]),
    // payment/create/{payment_system}
    rule(E::CreatePayment, "payment_system", true, Check::WalletType { max: 190 })
        .from(&[PAYMENT])
        .examples(&["paytm"]),
    rule(E::CreatePayment, "language", true, Check::Language)
        .from(&[PAYMENT])
        .examples(&["en"]),
    rule(E::CreatePayment, "currency", true, Check::Currency)
        .from(&[PAYMENT])
        .examples(&["USD"]),
    rule(E::CreatePayment, "bank", true, text(3))
        .from(&[PAYMENT])
        .examples(&["MBB"])
        .choice("string (3): three characters of any kind"),
    rule(E::CreatePayment, "amount", true, Check::Amount { decimals: 2 })
        .from(&[PAYMENT])
        .examples(&["1000", "1000.00"]),
    rule(E::CreatePayment, "label", true, text(190))
        .from(&[PAYMENT])
        .examples(&["55"]),
    rule(E::CreatePayment, "redirect_url", true, Check::Url)
        .from(&[PAYMENT])
        .examples(&["https://google.com"]),
    rule(E::CreatePayment, "custom_transaction_id", true, text(64))
        .from(&[PAYMENT])
        .examples(&["123465477897"]),
    // deposit-info
    rule(E::DepositInfo, "label", true, text(190))
        .from(&[DEPOSIT_INFO])
        .examples(&["55"]),
    rule(E::DepositInfo, "wallet_type", true, Check::WalletType { max: 190 })
        .from(&[DEPOSIT_INFO])
        .examples(&["paytm"]),
    rule(E::DepositInfo, "currency", true, Check::Currency)
        .from(&[DEPOSIT_INFO])
        .examples(&["UDS"])
        .choice("the example's currency is \"UDS\", a typo of USD that a 3-letter check still takes"),
    rule(E::DepositInfo, "code", false, text(190))
        .from(&[DEPOSIT_INFO])
        .examples(&["A1B2C3"])
        .choice("code is string (190) \"or null\", required NO, \"filled in when wallet_type = manual\": optional for every wallet"),
    // payment-plugin/hash-url
    rule(E::HashUrls, "url", true, Check::Url)
        .from(&[HASH])
        .examples(&["https://test.com/success2.jpg"]),
    // v2/withdrawal/create
    rule(E::CreateWithdrawal, "withdrawal_id", false, text(36))
        .from(&[WITHDRAWAL, EP_WITHDRAWAL, WITHDRAWAL_OLD])
        .examples(&["1234567", "1234567test", "1234567test565856"])
        .choice("string (1-36) in the current table and on the Easypaisa page, string (1-7) in the earlier version: 36 taken; the SDK always sends one (the wallet pages mark it required)"),
    rule(E::CreateWithdrawal, "payment_system", true, Check::WalletType { max: 190 })
        .from(&[WITHDRAWAL])
        .examples(&["paytm", "easypaisa", "ipay"]),
    rule(E::CreateWithdrawal, "amount", true, Check::Amount { decimals: 0 })
        .from(&[WITHDRAWAL, EP_WITHDRAWAL, IP_WITHDRAWAL, WITHDRAWAL_OLD])
        .examples(&["1000", "10000"])
        .choice("int in the current table and on both wallet pages, numeric in the earlier version: int taken"),
    rule(E::CreateWithdrawal, "currency_code", true, Check::Currency)
        .from(&[WITHDRAWAL])
        .examples(&["INR"]),
    rule(E::CreateWithdrawal, "currency_code", true, Check::OneOf(&["PKR"]))
        .wallets(&["easypaisa"])
        .from(&[EP_WITHDRAWAL])
        .examples(&["PKR"]),
    rule(E::CreateWithdrawal, "currency_code", true, Check::OneOf(&["LKR"]))
        .wallets(&["ipay"])
        .from(&[IP_WITHDRAWAL])
        .examples(&["LKR"]),
    rule(E::CreateWithdrawal, "label", true, text(190))
        .from(&[WITHDRAWAL, IP_WITHDRAWAL])
        .examples(&["55", "125199"])
        .choice("the general page gives the withdrawal label no length: the deposit label's 190 taken, the same user id"),
    rule(E::CreateWithdrawal, "label", true, text(36))
        .wallets(&["easypaisa"])
        .from(&[EP_WITHDRAWAL])
        .examples(&["125199"]),
    rule(E::CreateWithdrawal, "is_test", true, Check::Boolean).from(&[WITHDRAWAL]),
    rule(E::CreateWithdrawal, "comment", false, Check::Text { min: 4, max: Some(64) })
        .from(&[WITHDRAWAL_OLD])
        .examples(&["withdrawal"]),
    rule(E::CreateWithdrawal, "account_number", false, ANY_TEXT)
        .from(&[WITHDRAWAL, NO_SPACES])
        .examples(&["11111111"]),
    rule(E::CreateWithdrawal, "account_number", true, Check::Account { prefixes: &["03"], length: 11 })
        .wallets(&["easypaisa"])
        .from(&[EP_WITHDRAWAL])
        .examples(&["03405135211"]),
    rule(E::CreateWithdrawal, "account_number", true, Check::Account { prefixes: &["07", "03"], length: 8 })
        .wallets(&["ipay"])
        .from(&[IP_WITHDRAWAL, ipay("Withdrawals for users: request and postback examples")])
        .examples(&["03405138"])
        .choice("the table says \"in the format 07XXXXXX\", the page's own request and postback examples use 03405138: both prefixes taken"),
    rule(E::CreateWithdrawal, "account_name", false, ANY_TEXT)
        .from(&[WITHDRAWAL, NO_SPACES]),
    rule(E::CreateWithdrawal, "account_name", true, Check::LatinName { max: 30 })
        .wallets(&["easypaisa"])
        .from(&[EP_WITHDRAWAL])
        .examples(&["Muhammad Saqib Mushtaq"]),
    rule(E::CreateWithdrawal, "account_name", true, ANY_TEXT)
        .wallets(&["ipay"])
        .from(&[IP_WITHDRAWAL])
        .examples(&["Test Name Acc"]),
    rule(E::CreateWithdrawal, "account_name", true, ANY_TEXT)
        .wallets(&["imps_ib", "upi_ib", "imps", "upi"])
        .from(&[WITHDRAWAL, WITHDRAWAL_OLD])
        .choice("the current table requires it for \"imps_ib, upi_ib,....\", the earlier version for \"imps, upi,....\": required for all four"),
    rule(E::CreateWithdrawal, "account_email", false, ANY_TEXT)
        .from(&[WITHDRAWAL, NO_SPACES]),
    rule(E::CreateWithdrawal, "account_email", true, Check::Email)
        .wallets(&["bkash"])
        .from(&[WITHDRAWAL]),
    rule(E::CreateWithdrawal, "receiver_name", false, text(190))
        .from(&[WITHDRAWAL_OLD]),
    rule(E::CreateWithdrawal, "receiver_name", true, text(190))
        .wallets(&["imps"])
        .from(&[WITHDRAWAL_OLD]),
    rule(E::CreateWithdrawal, "payments_details.payments_method", false, ANY_TEXT)
        .from(&[WITHDRAWAL, NO_SPACES])
        .examples(&["MOBILE_MONEY"]),
    rule(E::CreateWithdrawal, "payments_details.payments_provider", false, ANY_TEXT)
        .from(&[WITHDRAWAL, NO_SPACES])
        .examples(&["56"]),
    rule(E::CreateWithdrawal, "bank_details.bank_code", false, ANY_TEXT)
        .from(&[WITHDRAWAL, NO_SPACES])
        .examples(&["MAHB0001821"]),
    rule(E::CreateWithdrawal, "bank_details.bank_code", true, ANY_TEXT)
        .wallets(&["ipay"])
        .from(&[IP_WITHDRAWAL])
        .examples(&["Bank Of Ceylon"]),
    rule(E::CreateWithdrawal, "bank_details.branch_code", false, ANY_TEXT)
        .from(&[WITHDRAWAL, NO_SPACES])
        .examples(&["000254"]),
    rule(E::CreateWithdrawal, "bank_details.bank_code_in_payments_system", false, ANY_TEXT)
        .from(&[WITHDRAWAL, NO_SPACES])
        .examples(&["9393"]),
    rule(E::CreateWithdrawal, "iban", false, ANY_TEXT).from(&[WITHDRAWAL, NO_SPACES]),
    rule(E::CreateWithdrawal, "account_type", false, ANY_TEXT).from(&[WITHDRAWAL_OLD, NO_SPACES]),
    rule(E::CreateWithdrawal, "document_type", false, ANY_TEXT).from(&[WITHDRAWAL_OLD, NO_SPACES]),
    rule(E::CreateWithdrawal, "document_id", false, ANY_TEXT).from(&[WITHDRAWAL_OLD, NO_SPACES]),
    rule(E::CreateWithdrawal, "account_digit", false, ANY_TEXT).from(&[WITHDRAWAL_OLD, NO_SPACES]),
    // the older withdrawal field set
    rule(E::LegacyWithdrawal, "wallet_type", true, Check::WalletType { max: 191 })
        .from(&[LEGACY])
        .examples(&["paytm"]),
    rule(E::LegacyWithdrawal, "wallet_recipient", true, text(191))
        .from(&[LEGACY])
        .examples(&["123123232"]),
    rule(E::LegacyWithdrawal, "wallet_sender", true, Check::Digits(4))
        .from(&[LEGACY])
        .examples(&["1111"])
        .choice("string (191), described as \"it is necessary to fill in the field with arbitrary four digits\": four digits taken"),
    rule(E::LegacyWithdrawal, "account_name", false, text(191))
        .from(&[LEGACY])
        .choice("listed among the \"required parameters\", absent from the page's own example: optional"),
    rule(E::LegacyWithdrawal, "account_number", false, text(191))
        .from(&[LEGACY])
        .choice("listed among the \"required parameters\", absent from the page's own example: optional"),
    rule(E::LegacyWithdrawal, "email", true, Check::Email)
        .from(&[LEGACY])
        .examples(&["user@example.com"])
        .choice("string (191) in the table: an address of at most 191 characters"),
    rule(E::LegacyWithdrawal, "amount", true, Check::Amount { decimals: 2 })
        .from(&[LEGACY])
        .examples(&["1000"]),
    rule(E::LegacyWithdrawal, "withdrawal_id", true, Check::Integer { max_digits: 18 })
        .from(&[LEGACY])
        .examples(&["13"])
        .choice("Integer, sent as the string \"13\" in the example: digits, at most 18 so any PHP integer fits"),
    // postback lookup
    rule(E::GetPostback, "type", true, Check::OneOf(&["deposit", "withdrawal"]))
        .from(&[POSTBACK])
        .examples(&["deposit", "withdrawal"]),
    rule(E::GetPostback, "transaction_id", false, text(190))
        .from(&[POSTBACK])
        .examples(&["160028076535305"])
        .choice("string with no length: 190, the length of the ids it looks up"),
    rule(E::GetPostback, "custom_id", false, text(190))
        .from(&[POSTBACK])
        .choice("string with no length: 190, the length of the ids it looks up"),
    rule(E::GetPostback, "withdrawal_id", false, text(190))
        .from(&[POSTBACK])
        .examples(&["autotest984047927037"])
        .choice("string with no length: 190, the length of the ids it looks up"),
    // pullpostbacks
    rule(E::PullPostbacks, "type", true, Check::OneOf(&["deposit", "withdrawal"]))
        .from(&[PULL])
        .examples(&["deposit", "withdrawal"]),
    rule(E::PullPostbacks, "plugin_custom_order_id", false, text(190))
        .from(&[PULL])
        .examples(&["1923912939dd912ddpppdd99test"])
        .choice("the table says \"YES if type = withdrawal\" for plugin_custom_order_id and \"YES if type = plugin_custom_order_id\" for withdrawal_id; the page's own error reads \"required when type is deposit\": deposits send plugin_custom_order_id[], withdrawals withdrawal_id[]. No offset or limit is sent: the documents define them only in the answer"),
    rule(E::PullPostbacks, "withdrawal_id", false, text(190))
        .from(&[PULL])
        .examples(&["ID_03213331asd"]),
    // the payment window link
    rule(E::PluginUrl, "label", true, text(190))
        .from(&[EP_PLUGIN, IP_PLUGIN, CREATE])
        .examples(&["label"]),
    rule(E::PluginUrl, "currency_code", false, Check::Currency)
        .from(&[EP_PLUGIN, IP_PLUGIN])
        .examples(&["PKR", "LKR"]),
    rule(E::PluginUrl, "currency_code", false, Check::OneOf(&["PKR"]))
        .wallets(&["easypaisa"])
        .from(&[EP_PLUGIN])
        .examples(&["PKR"]),
    rule(E::PluginUrl, "currency_code", false, Check::OneOf(&["LKR"]))
        .wallets(&["ipay"])
        .from(&[IP_PLUGIN])
        .examples(&["LKR"]),
    rule(E::PluginUrl, "lang", false, Check::Language)
        .from(&[EP_PLUGIN, IP_PLUGIN])
        .examples(&["en"]),
    rule(E::PluginUrl, "lang", false, Check::OneOf(&["en"]))
        .wallets(&["easypaisa"])
        .from(&[EP_PLUGIN])
        .examples(&["en"]),
    rule(E::PluginUrl, "lang", false, Check::OneOf(&["en", "bn"]))
        .wallets(&["ipay", "bkash"])
        .from(&[IP_PLUGIN])
        .examples(&["en", "bn"])
        .choice("the iPay page's plugin block names wallet_type=bkash_api and BDT, apparently copied from the bKash page, and lists en, bn: both taken for ipay and bkash"),
    rule(E::PluginUrl, "wallet_type", false, Check::WalletType { max: 190 })
        .from(&[EP_PLUGIN, IP_PLUGIN])
        .examples(&["easypaisa", "ipay"]),
    rule(E::PluginUrl, "custom_transaction_id", false, text(190))
        .from(&[EP_PLUGIN, EP_ACTIVATE, IP_ACTIVATE])
        .choice("the plugin parameter page is not among the documents; the id becomes the activation's custom_transaction_id, 190 on both wallet pages"),
    rule(E::PluginUrl, "fixed_amount", false, Check::Amount { decimals: 2 })
        .from(&[EP_PLUGIN, IP_PLUGIN])
        .examples(&["1000"]),
    rule(E::PluginUrl, "success_url", false, Check::Hash)
        .from(&[EP_PLUGIN, HASH])
        .examples(&["a93558ba9e4f04eef3b1f759ae4281305776559ce86ae2af5f6e6498d84b99be"]),
    rule(E::PluginUrl, "fail_url", false, Check::Hash).from(&[EP_PLUGIN, HASH]),
    rule(E::PluginUrl, "pending_url", false, Check::Hash).from(&[EP_PLUGIN, HASH]),
];

/// The wallet a gateway API variant (`bkash_api`, `easypaisa_api`) belongs to.
pub fn base_wallet(wallet_type: &str) -> &str {
    wallet_type.strip_suffix("_api").unwrap_or(wallet_type)
}

/// The rule for `field` of `endpoint` with this wallet: the wallet's own, else the general one.
pub fn rule_for(endpoint: Endpoint, field: &str, wallet: Option<&str>) -> Option<&'static Rule> {
    let base = wallet.map(base_wallet);
    let of = |r: &&Rule| r.endpoint == endpoint && r.field == field;
    RULES
        .iter()
        .filter(of)
        .find(|r| base.is_some_and(|w| r.wallets.contains(&w)))
        .or_else(|| RULES.iter().filter(of).find(|r| r.wallets.is_empty()))
}

/// Checks a text field against its rule: missing or blank fails a required rule, a present value
/// must pass the check.
pub(crate) fn text_field(
    endpoint: Endpoint,
    field: &str,
    wallet: Option<&str>,
    value: Option<&str>,
) -> Result<(), Error> {
    let Some(rule) = rule_for(endpoint, field, wallet) else {
        return Ok(());
    };
    match value {
        None => missing(rule),
        Some(v) if rule.required && v.trim().is_empty() => missing(rule),
        Some(v) => rule.check(v),
    }
}

/// Checks an amount field against its rule; `None` when it is optional and absent.
pub(crate) fn amount_field(
    endpoint: Endpoint,
    field: &str,
    wallet: Option<&str>,
    value: &Option<Result<Amount, String>>,
) -> Result<Option<Amount>, Error> {
    let Some(rule) = rule_for(endpoint, field, wallet) else {
        return Ok(None);
    };
    match value {
        None => missing(rule).map(|()| None),
        Some(Err(reason)) => Err(Error::validation(field, reason.clone())),
        Some(Ok(a)) => rule.check(a.as_str()).map(|()| Some(a.clone())),
    }
}

fn missing(rule: &Rule) -> Result<(), Error> {
    if rule.required {
        Err(Error::validation(rule.field, "is required"))
    } else {
        Ok(())
    }
}

impl Check {
    /// Checks `value` for `field`. Text never starts or ends with spaces (the withdrawal section's
    /// warning; the gateway trims and compares).
    pub fn apply(&self, field: &str, value: &str) -> Result<(), Error> {
        let fail = |reason: String| Err(Error::validation(field, reason));
        if value != value.trim() {
            return fail("must not start or end with spaces".to_owned());
        }
        let n = value.chars().count();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        match *self {
            Check::Text { .. } if n == 0 => return fail("must not be empty".to_owned()),
            Check::Text { min, max } => {
                if n < min || max.is_some_and(|m| n > m) {
                    return fail(match max {
                        Some(max) if min == max => {
                            format!("must be {min} characters long, got {n}")
                        }
                        Some(max) if min <= 1 => {
                            format!("must be at most {max} characters long, got {n}")
                        }
                        Some(max) => format!("must be {min} to {max} characters long, got {n}"),
                        None => "is required".to_owned(),
                    });
                }
            }
            Check::Digits(count) => {
                if value.len() != count || !digits(value) {
                    return fail(format!("must be {count} digits, got {value:?}"));
                }
            }
            Check::Account { prefixes, length } => {
                if value.len() != length
                    || !digits(value)
                    || !prefixes.iter().any(|p| value.starts_with(p))
                {
                    let formats: Vec<String> = prefixes
                        .iter()
                        .map(|p| format!("{p}{}", "X".repeat(length - p.len())))
                        .collect();
                    return fail(format!(
                        "must be {length} digits in the format {}, got {value:?}",
                        formats.join(" or ")
                    ));
                }
            }
            Check::LatinName { max } => {
                if n == 0 || n > max || !value.chars().all(|c| c.is_ascii_alphabetic() || c == ' ')
                {
                    return fail(format!(
                        "must be Latin letters and spaces, at most {max} characters"
                    ));
                }
            }
            Check::OneOf(values) => {
                if !values.contains(&value) {
                    return fail(format!(
                        "must be one of {}, got {value:?}",
                        values.join(", ")
                    ));
                }
            }
            Check::Currency => {
                if value.len() != 3 || !value.bytes().all(|b| b.is_ascii_uppercase()) {
                    return fail(format!(
                        "must be a 3-letter uppercase currency code, got {value:?}"
                    ));
                }
            }
            Check::Language => {
                if value.len() != 2 || !value.bytes().all(|b| b.is_ascii_lowercase()) {
                    return fail(format!("must be a 2-letter language code, got {value:?}"));
                }
            }
            Check::WalletType { max } => {
                if value.is_empty()
                    || !value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    return fail(format!("{value:?} is not a wallet type"));
                }
                if n > max {
                    return fail(format!("must be at most {max} characters long, got {n}"));
                }
            }
            Check::Amount { decimals } => {
                let amount = match Amount::parse(value) {
                    Ok(a) => a,
                    Err(reason) => return fail(reason),
                };
                if amount.decimals() > decimals {
                    return fail(match decimals {
                        0 => "must be a whole number".to_owned(),
                        d => format!("has more than {d} decimal places"),
                    });
                }
            }
            Check::Integer { max_digits } => {
                if !digits(value) || value.len() > max_digits {
                    return fail(format!(
                        "must be an integer id of at most {max_digits} digits, got {value:?}"
                    ));
                }
            }
            Check::Url => {
                let rest = value
                    .strip_prefix("https://")
                    .or_else(|| value.strip_prefix("http://"));
                if !rest
                    .is_some_and(|host| !host.is_empty() && !value.contains(char::is_whitespace))
                {
                    return fail(format!("must be an http(s) URL, got {value:?}"));
                }
            }
            Check::Email => match value.split_once('@') {
                Some((user, host)) if !user.is_empty() && !host.is_empty() && n <= 191 => {}
                _ => return fail(format!("{value:?} is not an email address")),
            },
            Check::Hash => {
                if value.is_empty() || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return fail("must be a hash from the hash-url request, not a URL".to_owned());
                }
            }
            Check::Boolean => {
                if value != "true" && value != "false" {
                    return fail(format!("must be true or false, got {value:?}"));
                }
            }
        }
        Ok(())
    }
}
