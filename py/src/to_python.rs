//! Core PHP values to plain Python objects, the way `json.loads` would give the same JSON:
//! lists stay lists, objects become dicts with `str` keys.

use paykassma::php::{Shape, Value};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use pyo3::IntoPyObjectExt;

pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_bound_py_any(py)?,
        Value::Int(i) => i.into_bound_py_any(py)?,
        Value::Float(f) => f.into_bound_py_any(py)?,
        Value::Str(s) => s.into_bound_py_any(py)?,
        Value::Array(a) if a.shape() == Shape::List && a.is_list() => {
            let list = PyList::empty(py);
            for v in a.values() {
                list.append(to_python(py, v)?)?;
            }
            list.into_any()
        }
        Value::Array(a) => {
            let dict = PyDict::new(py);
            for (k, v) in a.iter() {
                dict.set_item(k.as_text().as_ref(), to_python(py, v)?)?;
            }
            dict.into_any()
        }
    })
}
