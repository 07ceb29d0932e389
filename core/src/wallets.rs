//! The payment systems the documents describe and their rules, in one place: request validation
//! and the sandbox gateway both read this table. Wallets not listed pass with the generic rules,
//! because the gateway adds payment systems faster than SDKs are released.

/// The format of a withdrawal `account_number`: a fixed prefix, then digits up to a total length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountFormat {
    pub prefix: &'static str,
    pub length: usize,
}

impl AccountFormat {
    pub fn matches(&self, account: &str) -> bool {
        account.len() == self.length
            && account.starts_with(self.prefix)
            && account.bytes().all(|b| b.is_ascii_digit())
    }

    /// `03XXXXXXXXX`, as the documents write it.
    pub fn pattern(&self) -> String {
        format!(
            "{}{}",
            self.prefix,
            "X".repeat(self.length - self.prefix.len())
        )
    }
}

/// What a withdrawal to this wallet must carry beyond the generic fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct WithdrawalRules {
    pub account_number: Option<AccountFormat>,
    pub account_name_required: bool,
    /// Latin letters and spaces only, at most this many characters (easypaisa: 30).
    pub account_name_latin_max: Option<usize>,
    /// `bank_details.bank_code` required (ipay: the bank's name, such as "Bank Of Ceylon").
    pub bank_code_required: bool,
    pub account_email_required: bool,
    pub receiver_name_required: bool,
}

/// One payment system (`wallet_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaymentSystem {
    pub wallet_type: &'static str,
    pub name: &'static str,
    pub currency: &'static str,
    /// Languages of the payment window (`lang`).
    pub languages: &'static [&'static str],
    /// Digits of the transaction number (`key1`) the user gets from the wallet app, when fixed.
    pub key1_digits: Option<usize>,
    /// Whether activation must send `amount` (UPI P2P and PhonePe yes, bKash and Nagad no).
    pub activation_needs_amount: bool,
    pub withdrawal: WithdrawalRules,
}

const GENERIC_WITHDRAWAL: WithdrawalRules = WithdrawalRules {
    account_number: None,
    account_name_required: false,
    account_name_latin_max: None,
    bank_code_required: false,
    account_email_required: false,
    receiver_name_required: false,
};

/// Every payment system the documents give rules for.
pub const PAYMENT_SYSTEMS: &[PaymentSystem] = &[
    PaymentSystem {
        wallet_type: "easypaisa",
        name: "Easypaisa",
        currency: "PKR",
        languages: &["en"],
        key1_digits: Some(11),
        activation_needs_amount: true,
        withdrawal: WithdrawalRules {
            account_number: Some(AccountFormat {
                prefix: "03",
                length: 11,
            }),
            account_name_required: true,
            account_name_latin_max: Some(30),
            ..GENERIC_WITHDRAWAL
        },
    },
    PaymentSystem {
        wallet_type: "ipay",
        name: "iPay",
        currency: "LKR",
        languages: &["en"],
        key1_digits: Some(8),
        activation_needs_amount: true,
        withdrawal: WithdrawalRules {
            account_number: Some(AccountFormat {
                prefix: "07",
                length: 8,
            }),
            account_name_required: true,
            bank_code_required: true,
            ..GENERIC_WITHDRAWAL
        },
    },
    PaymentSystem {
        wallet_type: "bkash",
        name: "bKash",
        currency: "BDT",
        languages: &["en", "bn"],
        key1_digits: None,
        activation_needs_amount: false,
        withdrawal: WithdrawalRules {
            account_email_required: true,
            ..GENERIC_WITHDRAWAL
        },
    },
    PaymentSystem {
        wallet_type: "nagad",
        name: "Nagad",
        currency: "BDT",
        languages: &["en", "bn"],
        key1_digits: None,
        activation_needs_amount: false,
        withdrawal: GENERIC_WITHDRAWAL,
    },
    PaymentSystem {
        wallet_type: "upi",
        name: "UPI P2P",
        currency: "INR",
        languages: &["en"],
        key1_digits: None,
        activation_needs_amount: true,
        withdrawal: WithdrawalRules {
            account_name_required: true,
            ..GENERIC_WITHDRAWAL
        },
    },
    PaymentSystem {
        wallet_type: "phone_pe",
        name: "PhonePe",
        currency: "INR",
        languages: &["en"],
        key1_digits: None,
        activation_needs_amount: true,
        withdrawal: GENERIC_WITHDRAWAL,
    },
    PaymentSystem {
        wallet_type: "paytm",
        name: "PayTM",
        currency: "INR",
        languages: &["en"],
        key1_digits: None,
        activation_needs_amount: false,
        withdrawal: GENERIC_WITHDRAWAL,
    },
    PaymentSystem {
        wallet_type: "imps",
        name: "IMPS",
        currency: "INR",
        languages: &["en"],
        key1_digits: None,
        activation_needs_amount: false,
        withdrawal: WithdrawalRules {
            account_name_required: true,
            receiver_name_required: true,
            ..GENERIC_WITHDRAWAL
        },
    },
];

/// The rules of a wallet type. The gateway's API variants (`bkash_api`, `easypaisa_api`) share the
/// rules of their wallet.
pub fn payment_system(wallet_type: &str) -> Option<&'static PaymentSystem> {
    let base = wallet_type.strip_suffix("_api").unwrap_or(wallet_type);
    PAYMENT_SYSTEMS.iter().find(|p| p.wallet_type == base)
}

/// Field lengths the documents give for every payment system.
pub mod limits {
    /// `label`: the merchant's user id.
    pub const LABEL_MAX: usize = 190;
    /// `label` of a withdrawal request.
    pub const WITHDRAWAL_LABEL_MAX: usize = 36;
    pub const WITHDRAWAL_ID_MAX: usize = 36;
    /// `custom_transaction_id` (the general API page's stricter 64, not the wallet pages' 190).
    pub const CUSTOM_TRANSACTION_ID_MAX: usize = 64;
    pub const COMMENT_MIN: usize = 4;
    pub const COMMENT_MAX: usize = 64;
    pub const KEY1_MAX: usize = 190;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_rules() {
        let e = payment_system("easypaisa").unwrap();
        assert_eq!((e.currency, e.key1_digits), ("PKR", Some(11)));
        let account = e.withdrawal.account_number.unwrap();
        assert!(account.matches("03405135211"));
        assert!(!account.matches("04405135211"));
        assert!(!account.matches("0340513521"));
        assert_eq!(account.pattern(), "03XXXXXXXXX");
        assert_eq!(payment_system("ipay").unwrap().key1_digits, Some(8));
        assert_eq!(
            payment_system("bkash_api").unwrap().languages,
            &["en", "bn"]
        );
        assert!(payment_system("phone_pe").unwrap().activation_needs_amount);
        assert!(!payment_system("nagad").unwrap().activation_needs_amount);
        assert!(payment_system("brand_new_wallet").is_none());
    }
}
