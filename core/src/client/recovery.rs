//! A retry must never turn success into failure. When the answer to a request carrying the
//! caller's unique id is lost (a cut connection, a 5xx), the retry may meet a field error on that
//! very id ("has already been taken"): the first attempt most likely went through. The client then
//! looks the operation up by its id and returns what really happened, or, when the lookup cannot
//! tell, an `ambiguous_retry` error carrying the id, never a plain failure.

use super::Client;
use crate::api::{GetPostback, PreparedRequest};
use crate::php::{Array, Value};
use crate::Error;

/// The id a request carries, and how to look its operation up.
pub(crate) enum SentId<'a> {
    /// A deposit activation's `custom_transaction_id`.
    Deposit(&'a str),
    Withdrawal(&'a str),
}

impl SentId<'_> {
    fn field(&self) -> &'static str {
        match self {
            SentId::Deposit(_) => "custom_transaction_id",
            SentId::Withdrawal(_) => "withdrawal_id",
        }
    }

    fn id(&self) -> &str {
        match self {
            SentId::Deposit(id) | SentId::Withdrawal(id) => id,
        }
    }

    fn lookup(&self) -> GetPostback {
        match self {
            SentId::Deposit(id) => GetPostback::deposit_by_custom_id(*id),
            SentId::Withdrawal(id) => GetPostback::withdrawal(*id),
        }
    }
}

impl Client {
    /// Sends a request carrying `id`, resolving a retry that was refused on that id.
    pub(crate) fn send_with_id(
        &self,
        request: &PreparedRequest,
        id: SentId<'_>,
    ) -> Result<Array, Error> {
        let sent = self.transport.send_tracked(request);
        match sent.result {
            Err(e) if sent.retried && refuses_field(&e, id.field()) => self.recover(&id, &e),
            other => other,
        }
    }

    /// The operation's real outcome from its postback: the gateway posts one once a deposit is
    /// credited or a withdrawal is settled. No postback (yet) cannot tell a lost success from an
    /// id taken by something else, so it is ambiguous.
    fn recover(&self, id: &SentId<'_>, refusal: &Error) -> Result<Array, Error> {
        let postback = match self.get_postback(&id.lookup()) {
            Ok(postback) => postback,
            Err(lookup) => {
                return Err(self.transport.redactor().error(Error::AmbiguousRetry {
                    id_field: id.field().to_owned(),
                    id: id.id().to_owned(),
                    message: format!(
                        "the retry was refused ({refusal}); looking the {} up found nothing conclusive ({lookup})",
                        match id {
                            SentId::Deposit(_) => "deposit",
                            SentId::Withdrawal(_) => "withdrawal",
                        }
                    ),
                }))
            }
        };
        // The activation answer in the documents' shape (easypaisa and ipay pages, "Response
        // Success": `status`, `deposit`, `deposit_amount`, `currency.code`), plus where it came from.
        let mut answer = Array::object().with("status", "ok");
        if let SentId::Deposit(_) = id {
            answer.insert("deposit", true);
            if let Some(amount) = postback.get("amount") {
                answer.insert("deposit_amount", amount.clone());
            }
            if let Some(Value::Str(code)) = postback.get("currency_code") {
                answer.insert("currency", Array::object().with("code", code.as_str()));
            }
        }
        answer.insert("recovered_from", "postback");
        answer.insert("postback", postback);
        Ok(answer)
    }
}

/// A gateway refusal that names `field` among its field errors.
fn refuses_field(error: &Error, field: &str) -> bool {
    matches!(error, Error::Api(api) if api.field_errors.iter().any(|(f, _)| f == field))
}
