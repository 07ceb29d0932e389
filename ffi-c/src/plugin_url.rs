//! The payment window link.

use std::ffi::c_char;

use crate::boundary::{call, out_param, string_out, text_in};
use crate::status::pk_status;

/// Builds the payment window URL from the plugin base URL (`https://plugin.<server>`) and JSON
/// parameters: `label` (required), `currency_code`, `lang`, `wallet_type`,
/// `custom_transaction_id`, `fixed_amount`, `payment_url_success_id`, `payment_url_pending_id`,
/// `payment_url_fail_id`, `success_url`, `fail_url`, `pending_url`. On success `*out_url`
/// receives the URL (free it with `pk_string_free`). Fails with `PK_STATUS_VALIDATION` naming the
/// bad parameter.
///
/// # Safety
/// `plugin_base_url` and `params_json` must point to `base_len` and `params_len` readable bytes;
/// `out_url` to a writable `char *`.
#[no_mangle]
pub unsafe extern "C" fn pk_plugin_url(
    plugin_base_url: *const c_char,
    base_len: usize,
    params_json: *const c_char,
    params_len: usize,
    out_url: *mut *mut c_char,
) -> pk_status {
    call(|| {
        let out = out_param(out_url, "out_url")?;
        let base = text_in(plugin_base_url, base_len, "plugin_base_url")?;
        let params = text_in(params_json, params_len, "params")?;
        string_out(out, sdk::plugin_url_json(base, params)?)
    })
}
