//! `paykassma.verify_postback` and the `Postback` / `PostbackEntry` objects it returns. They wrap
//! the core's structs; attributes are read on access, so verification itself builds no Python
//! objects beyond the wrapper.

use std::borrow::Cow;
use std::sync::Arc;

use paykassma::postback::UnsignedFields;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyMapping, PyString, PyTuple};

use crate::errors::IntoPyResult;
use crate::from_python::{self, DecimalAs, Path};
use crate::to_python::to_python;

/// Bodies from this size up are verified with the GIL released. Below it verification takes a
/// few microseconds, less than handing the GIL to another thread and taking it back.
const RELEASE_GIL_FROM: usize = 16 * 1024;

/// Verifies a postback with the postback private key and returns what it says.
///
/// `body` is the raw request body exactly as received (bytes or str), never a parsed dict: the
/// signature covers the data re-encoded as PHP does, which a parsed dict no longer determines.
/// Raises `SignatureError` when the signature does not match, `PostbackError` when the body
/// cannot be checked, `ValidationError` for an empty key.
#[pyfunction]
pub fn verify_postback(
    body: &Bound<'_, PyAny>,
    private_key: &Bound<'_, PyString>,
) -> PyResult<Postback> {
    let private_key = &*from_python::arg(private_key, "private_key")?;
    let bytes = body_bytes(body)?;
    verify_bytes(body.py(), &bytes, |b| {
        paykassma::verify_postback(b, private_key)
    })
}

/// Runs a verification, without the GIL for large bodies.
pub fn verify_bytes(
    py: Python<'_>,
    bytes: &[u8],
    verify: impl FnOnce(&[u8]) -> Result<paykassma::Postback, paykassma::Error> + Send,
) -> PyResult<Postback> {
    let result = if bytes.len() >= RELEASE_GIL_FROM {
        py.detach(|| verify(bytes))
    } else {
        verify(bytes)
    };
    result.or_raise(py).map(|inner| Postback {
        inner: Arc::new(inner),
    })
}

/// The raw body as bytes; a parsed object is refused with the reason.
pub fn body_bytes<'a>(body: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(b) = body.cast::<PyBytes>() {
        Ok(Cow::Borrowed(b.as_bytes()))
    } else if let Ok(s) = body.cast::<PyString>() {
        let text = s.to_cow().map_err(|_| {
            crate::errors::to_py_err(
                s.py(),
                paykassma::Error::MalformedPostback {
                    reason: "body holds a lone UTF-16 surrogate, which has no UTF-8 form".into(),
                },
            )
        })?;
        Ok(match text {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        })
    } else if let Ok(b) = body.cast::<PyByteArray>() {
        // Copied (it may change while the GIL is released), so refused by size before that.
        paykassma::postback::check_body_size(b.len()).or_raise(b.py())?;
        Ok(Cow::Owned(b.to_vec()))
    } else if body.cast::<PyMapping>().is_ok() || body.cast::<PyList>().is_ok() {
        Err(PyTypeError::new_err(
            "verify_postback needs the raw request body (bytes or str) exactly as received, not a \
             parsed object: the signature covers the data as PHP re-encodes it, which a parsed \
             dict no longer determines. Flask: request.get_data(); FastAPI/Starlette: \
             await request.body(); Django: request.body; http.server: self.rfile.read(length)",
        ))
    } else {
        Err(PyTypeError::new_err(format!(
            "body must be bytes or str (the raw request body), got {}",
            body.get_type().name()?
        )))
    }
}

/// The gateway's side of the formula, for tests of your own postback endpoint: the signature of
/// a postback whose signed list (`additional_data`) is `signed`, a list or its JSON text.
#[pyfunction]
pub fn sign_postback(
    signed: &Bound<'_, PyAny>,
    access_key: &Bound<'_, PyString>,
    private_key: &Bound<'_, PyString>,
) -> PyResult<String> {
    let py = signed.py();
    let access_key = &*from_python::arg(access_key, "access_key")?;
    let private_key = &*from_python::arg(private_key, "private_key")?;
    let value = if let Ok(s) = signed.cast::<PyString>() {
        paykassma::php::decode(&from_python::arg(s, "additional_data")?)
            .map_err(|e| paykassma::Error::Validation {
                field: "additional_data".into(),
                reason: e.to_string(),
            })
            .or_raise(py)?
    } else {
        from_python::value_with(signed, &Path::Root("additional_data"), DecimalAs::Number)?
    };
    paykassma::sign_postback(access_key, private_key, &value).or_raise(py)
}

/// A postback whose signature checked out.
///
/// Credit or settle from `entries` (signed); `unsigned` holds envelope fields outside the
/// signature. Store `idempotency_key` with a unique constraint and answer every postback,
/// repeats included, with `acknowledgement` and HTTP 200.
#[pyclass(module = "paykassma", frozen)]
pub struct Postback {
    inner: Arc<paykassma::Postback>,
}

#[pymethods]
impl Postback {
    /// `"deposit"` or `"withdrawal"`, from the signed entries.
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind().as_str()
    }

    /// The signed entries (`additional_data`, or `transactions` in older postbacks).
    #[getter]
    fn entries(&self) -> Vec<PostbackEntry> {
        (0..self.inner.entries().len())
            .map(|index| PostbackEntry {
                postback: Arc::clone(&self.inner),
                index,
            })
            .collect()
    }

    /// Which list was signed: `"additional_data"` or `"transactions"`.
    #[getter]
    fn signed_list(&self) -> &'static str {
        self.inner.signed_list().field_name()
    }

    /// Which published form the signature matched: `"current"` (the documented flags) or
    /// `"legacy"` (the earlier page's `toJson()` with no flags).
    #[getter]
    fn signature_form(&self) -> &'static str {
        self.inner.signature_form().as_str()
    }

    /// The signed list re-encoded as the gateway hashed it.
    #[getter]
    fn signed_json(&self) -> &str {
        self.inner.signed_json()
    }

    /// Envelope fields outside the signature (`amount`, `label`, `converted_amount` ...): show
    /// them, never credit from them.
    #[getter]
    fn unsigned<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let u = self.inner.unsigned();
        let d = PyDict::new(py);
        d.set_item("amount", &u.amount)?;
        d.set_item("label", &u.label)?;
        d.set_item("currency_code", &u.currency_code)?;
        d.set_item("wallet_type", &u.wallet_type)?;
        d.set_item("direction", &u.direction)?;
        d.set_item("created_datetime", &u.created_datetime)?;
        let converted = match u.converted_amount_value() {
            Some(v) => to_python(py, &v)?,
            None => py.None().into_bound(py),
        };
        d.set_item("converted_amount", converted)?;
        Ok(d)
    }

    /// The names of the envelope fields the signature does not cover.
    #[getter]
    fn unsigned_fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, UnsignedFields::NAMES)
    }

    /// The same for every repeat of this postback; a withdrawal's pending and final states differ.
    #[getter]
    fn idempotency_key(&self) -> String {
        self.inner.idempotency_key()
    }

    /// The body to answer with (HTTP 200): `{"status":"ok"}`.
    #[getter]
    fn acknowledgement(&self) -> &'static str {
        self.inner.acknowledgement()
    }

    /// Everything above as plain dicts and lists (JSON-ready).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.to_value())
    }

    fn __repr__(&self) -> String {
        format!(
            "<Postback kind={} entries={} idempotency_key={:?}>",
            self.kind(),
            self.inner.entries().len(),
            self.inner.idempotency_key()
        )
    }
}

/// One signed entry of a postback, with the gateway's fields typed. Empty strings and nulls read
/// as `None`; `raw` has every field exactly as signed.
#[pyclass(module = "paykassma", frozen)]
pub struct PostbackEntry {
    /// The entries stay in their postback; an entry object shares it instead of copying.
    postback: Arc<paykassma::Postback>,
    index: usize,
}

impl PostbackEntry {
    fn entry(&self) -> &paykassma::PostbackEntry {
        &self.postback.entries()[self.index]
    }
}

#[pymethods]
impl PostbackEntry {
    /// `"deposit"` or `"withdrawal"`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.entry().kind().as_str()
    }
    #[getter]
    fn transaction_id(&self) -> Option<&str> {
        self.entry().transaction_id.as_deref()
    }
    #[getter]
    fn plugin_custom_order_id(&self) -> Option<&str> {
        self.entry().plugin_custom_order_id.as_deref()
    }
    #[getter]
    fn withdrawal_id(&self) -> Option<&str> {
        self.entry().withdrawal_id.as_deref()
    }
    /// `1` paid, `5` rejected, other values in processing; `None` on deposits.
    #[getter]
    fn withdrawal_status(&self) -> Option<i64> {
        self.entry().withdrawal_status.map(|s| s.code())
    }
    /// True when the withdrawal was paid or rejected and will not change again.
    #[getter]
    fn is_final(&self) -> bool {
        self.entry().withdrawal_status.is_some_and(|s| s.is_final())
    }
    /// The amount exactly as the gateway wrote it (`"13628.5"`): use `Decimal(entry.amount)`.
    #[getter]
    fn amount(&self) -> Option<&str> {
        self.entry().amount.as_deref()
    }
    #[getter]
    fn currency_code(&self) -> Option<&str> {
        self.entry().currency_code.as_deref()
    }
    #[getter]
    fn wallet_type(&self) -> Option<&str> {
        self.entry().wallet_type.as_deref()
    }
    #[getter]
    fn account_number(&self) -> Option<&str> {
        self.entry().account_number.as_deref()
    }
    #[getter]
    fn account_name(&self) -> Option<&str> {
        self.entry().account_name.as_deref()
    }
    #[getter]
    fn account_email(&self) -> Option<&str> {
        self.entry().account_email.as_deref()
    }
    /// `{"bank_code", "branch_code", "bank_code_in_payments_system"}`, each str or None.
    #[getter]
    fn bank_details<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let b = &self.entry().bank_details;
        let d = PyDict::new(py);
        d.set_item("bank_code", &b.bank_code)?;
        d.set_item("branch_code", &b.branch_code)?;
        d.set_item(
            "bank_code_in_payments_system",
            &b.bank_code_in_payments_system,
        )?;
        Ok(d)
    }
    #[getter]
    fn activated_datetime(&self) -> Option<&str> {
        self.entry().activated_datetime.as_deref()
    }
    #[getter]
    fn exchanger_identifier(&self) -> Option<&str> {
        self.entry().exchanger_identifier.as_deref()
    }
    #[getter]
    fn comment(&self) -> Option<&str> {
        self.entry().comment.as_deref()
    }
    #[getter]
    fn stockpiling_id(&self) -> Option<i64> {
        self.entry().stockpiling_id
    }
    #[getter]
    fn transaction_type(&self) -> Option<i64> {
        self.entry().transaction_type
    }
    /// The entry exactly as signed, every field included.
    #[getter]
    fn raw<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(
            py,
            &paykassma::php::Value::Array(self.entry().raw().clone()),
        )
    }

    fn __repr__(&self) -> String {
        let e = self.entry();
        match e.kind() {
            paykassma::PostbackKind::Withdrawal => format!(
                "<PostbackEntry withdrawal_id={:?} withdrawal_status={:?} amount={:?}>",
                e.withdrawal_id,
                e.withdrawal_status.map(|s| s.code()),
                e.amount
            ),
            paykassma::PostbackKind::Deposit => format!(
                "<PostbackEntry transaction_id={:?} plugin_custom_order_id={:?} amount={:?}>",
                e.transaction_id, e.plugin_custom_order_id, e.amount
            ),
        }
    }
}
