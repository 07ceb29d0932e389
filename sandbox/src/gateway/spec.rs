//! The sandbox's own reading of the gateway's documents: field lengths and per-wallet rules,
//! written from the documents' text and deliberately not taken from the core's rules table, so
//! that a test through the sandbox catches the core being too strict or too loose. Each line
//! names where it is written ("general page" is "Deposit/Withdrawal of funds (API)").

/// `label`, `wallet_type`, `key1`: string (190) in every deposit table.
pub const TEXT_190: usize = 190;
/// `custom_transaction_id` of an activation: 190 on the Easypaisa and iPay pages' activation
/// tables and on the general page's possible-transaction table (the general page's
/// transaction/activate table says 64; the looser is served).
pub const ACTIVATION_CUSTOM_ID: usize = 190;
/// `custom_transaction_id` of `payment/create`: string (64), general page.
pub const PAYMENT_CUSTOM_ID: usize = 64;
/// `bank` of `payment/create`: string (3), general page.
pub const BANK: usize = 3;
/// `withdrawal_id`: string(1-36), general page's withdrawal table and the Easypaisa page.
pub const WITHDRAWAL_ID: usize = 36;
/// `comment`: string(4-64), the general page's earlier withdrawal table.
pub const COMMENT: (usize, usize) = (4, 64);
/// Every field of the older withdrawal request: string(191) / text(191).
pub const LEGACY_TEXT: usize = 191;

/// The name the available-systems answer shows.
pub fn name(wallet: &str) -> &str {
    match base(wallet) {
        "easypaisa" => "Easypaisa",
        "ipay" => "iPay",
        "bkash" => "bKash",
        "nagad" => "Nagad",
        "upi" => "UPI P2P",
        "phone_pe" => "PhonePe",
        "paytm" => "PayTM",
        "imps" => "IMPS",
        _ => wallet,
    }
}

/// `bkash_api` follows `bkash`.
fn base(wallet: &str) -> &str {
    wallet.strip_suffix("_api").unwrap_or(wallet)
}

/// Digits of the transaction number: Easypaisa page "Transaction ID received from the user (11
/// digits)", iPay page "(8 digits)".
pub fn key1_digits(wallet: &str) -> Option<usize> {
    match base(wallet) {
        "easypaisa" => Some(11),
        "ipay" => Some(8),
        _ => None,
    }
}

/// Activation needs `amount`: the general page's table (UPI P2P and PhonePe required, bKash and
/// Nagad "-") and the Easypaisa and iPay activation tables ("amount float yes").
pub fn activation_needs_amount(wallet: &str) -> bool {
    matches!(base(wallet), "easypaisa" | "ipay" | "upi" | "phone_pe")
}

/// Withdrawal `label`: string(1-36) on the Easypaisa page; the general page gives no length, so
/// the deposits' 190 stands.
pub fn withdrawal_label_max(wallet: &str) -> usize {
    match base(wallet) {
        "easypaisa" => 36,
        _ => TEXT_190,
    }
}

/// Withdrawal `account_number` formats: Easypaisa "Eleven-digit ... in the format 03XXXXXXXXX";
/// iPay "in the format 07XXXXXX", whose own examples use `03405138`.
pub fn account_formats(wallet: &str) -> &'static [&'static str] {
    match base(wallet) {
        "easypaisa" => &["03XXXXXXXXX"],
        "ipay" => &["07XXXXXX", "03XXXXXX"],
        _ => &[],
    }
}

/// `account` in `format` (`03XXXXXXXXX`: the digits shown, then any digit for each X).
pub fn matches_format(account: &str, format: &str) -> bool {
    account.len() == format.len()
        && account.bytes().zip(format.bytes()).all(|(a, f)| match f {
            b'X' => a.is_ascii_digit(),
            _ => a == f,
        })
}

/// `account_name` required: Easypaisa and iPay tables ("yes"); the general page's current table
/// "imps_ib, upi_ib,....", its earlier version "imps, upi,....".
pub fn account_name_required(wallet: &str) -> bool {
    matches!(
        base(wallet),
        "easypaisa" | "ipay" | "imps" | "upi" | "imps_ib" | "upi_ib"
    )
}

/// Easypaisa: "the limit on the number of characters is 30, only the Latin alphabet, without
/// other symbols and numbers".
pub fn account_name_latin_max(wallet: &str) -> Option<usize> {
    (base(wallet) == "easypaisa").then_some(30)
}

/// iPay: "bank_details.bank_code string yes".
pub fn bank_code_required(wallet: &str) -> bool {
    base(wallet) == "ipay"
}

/// General page: "account_email *required_if PS = bkash,...".
pub fn account_email_required(wallet: &str) -> bool {
    base(wallet) == "bkash"
}

/// General page, earlier table: "receiver_name string(190) required_if PS = imps".
pub fn receiver_name_required(wallet: &str) -> bool {
    base(wallet) == "imps"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_read_as_the_documents_write_them() {
        assert!(matches_format("03405135211", "03XXXXXXXXX"));
        assert!(!matches_format("0340513521", "03XXXXXXXXX"));
        assert!(!matches_format("04405135211", "03XXXXXXXXX"));
        assert!(account_formats("ipay")
            .iter()
            .any(|f| matches_format("03405138", f)));
        assert_eq!(key1_digits("easypaisa_api"), Some(11));
    }
}
