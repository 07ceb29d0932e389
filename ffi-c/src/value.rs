//! Reading values the library holds (a verified postback's entries) without JSON text: a view of
//! one value, and the items of an array copied into a caller's buffer a batch at a time. Bindings
//! build their own values from these directly; everything stays owned by the handle it came from.

use std::ffi::c_char;

use sdk::php::{Array, Key, Shape, Value};

use crate::boundary::{call, out_param, Failure};
use crate::status::pk_status;

/// An array held by the library (opaque), valid as long as the handle it came from. Read its
/// items with `pk_array_items`.
pub struct pk_array {
    _inner: Array,
}

/// The type of a value in a `pk_value_view`, as PHP's `json_decode($json, true)` gives it.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum pk_value_type {
    Null = 0,
    Bool = 1,
    Int = 2,
    Float = 3,
    String = 4,
    Array = 5,
}

/// A view of one value. Only the members of its `kind` are set; the others are zero or NULL.
/// `text` is not NUL-terminated (it may hold NUL): read `text_len` bytes. Everything it points to
/// is owned by the handle it came from and lives as long as that handle.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct pk_value_view {
    pub kind: pk_value_type,
    /// `PK_VALUE_TYPE_BOOL`.
    pub boolean: bool,
    /// `PK_VALUE_TYPE_INT`.
    pub integer: i64,
    /// `PK_VALUE_TYPE_FLOAT`.
    pub number: f64,
    /// `PK_VALUE_TYPE_STRING`: UTF-8 bytes.
    pub text: *const c_char,
    pub text_len: usize,
    /// `PK_VALUE_TYPE_ARRAY`: the array, its number of items, and whether it was a JSON object
    /// (`{}`) rather than a list.
    pub array: *const pk_array,
    pub array_len: usize,
    pub array_is_object: bool,
}

/// One item of an array: its key (a string when `key_text` is not NULL, else the integer
/// `key_int`) and a view of its value. `key_text` is not NUL-terminated: read `key_len` bytes.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct pk_array_item {
    pub key_text: *const c_char,
    pub key_len: usize,
    pub key_int: i64,
    pub value: pk_value_view,
}

impl pk_value_view {
    /// A view of borrowed text, which need not live in a `Value`.
    pub(crate) fn text(text: &str) -> pk_value_view {
        let mut view = pk_value_view::of(&Value::Null);
        view.kind = pk_value_type::String;
        view.text = text.as_ptr().cast();
        view.text_len = text.len();
        view
    }

    pub(crate) fn of(value: &Value) -> pk_value_view {
        let mut view = pk_value_view {
            kind: pk_value_type::Null,
            boolean: false,
            integer: 0,
            number: 0.0,
            text: std::ptr::null(),
            text_len: 0,
            array: std::ptr::null(),
            array_len: 0,
            array_is_object: false,
        };
        match value {
            Value::Null => {}
            Value::Bool(b) => {
                view.kind = pk_value_type::Bool;
                view.boolean = *b;
            }
            Value::Int(i) => {
                view.kind = pk_value_type::Int;
                view.integer = *i;
            }
            Value::Float(f) => {
                view.kind = pk_value_type::Float;
                view.number = *f;
            }
            Value::Str(s) => {
                view.kind = pk_value_type::String;
                view.text = s.as_ptr().cast();
                view.text_len = s.len();
            }
            Value::Array(a) => {
                view.kind = pk_value_type::Array;
                // The opaque type is only ever turned back into the `Array` it was made from.
                view.array = (a as *const Array).cast();
                view.array_len = a.len();
                view.array_is_object = a.shape() == Shape::Object;
            }
        }
        view
    }
}

/// Copies views of the items of `array`, from the item at `start`, into `out_items` (room for
/// `capacity` items); `*out_count` receives how many were copied (0 once `start` reaches the
/// end). Read an array of `array_len` items in batches by advancing `start`.
///
/// # Safety
/// `array` must come from a view of a handle that is still alive; `out_items` must point to
/// `capacity` writable items; `out_count` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn pk_array_items(
    array: *const pk_array,
    start: usize,
    out_items: *mut pk_array_item,
    capacity: usize,
    out_count: *mut usize,
) -> pk_status {
    call(|| {
        let out_count = out_param(out_count, "out_count")?;
        let out_items = out_param(out_items, "out_items")?;
        let array = array
            .cast::<Array>()
            .as_ref()
            .ok_or(Failure::NullPointer { param: "array" })?;
        let mut n = 0;
        for (key, value) in array.iter().skip(start).take(capacity) {
            let (key_text, key_len, key_int) = match key {
                Key::Int(i) => (std::ptr::null(), 0, *i),
                Key::Str(s) => (s.as_ptr().cast(), s.len(), 0),
            };
            out_items.add(n).write(pk_array_item {
                key_text,
                key_len,
                key_int,
                value: pk_value_view::of(value),
            });
            n += 1;
        }
        *out_count = n;
        Ok(())
    })
}
