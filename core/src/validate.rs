//! Helpers the request builders share beside the rules table (`api::rules`).

use crate::money::{Amount, IntoAmount};
use crate::Error;

pub(crate) fn to_amount(value: impl IntoAmount) -> Option<Result<Amount, String>> {
    Some(value.into_amount())
}

pub(crate) fn url(field: &str, value: &str) -> Result<(), Error> {
    crate::api::rules::Check::Url.apply(field, value)
}
