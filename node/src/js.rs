//! The few N-API calls the conversions need, each checked. The addon converts values with these
//! directly (rather than through napi-rs's typed wrappers) so that one postback costs as few calls
//! across the boundary as possible.

use std::ffi::{c_char, c_void};
use std::mem::MaybeUninit;
use std::ptr;

use napi::bindgen_prelude::{ToNapiValue, TypeName};
use napi::{sys, Error, Result, Status, ValueType};

/// The most bytes one character takes in UTF-8.
const UTF8_CHAR_MAX: usize = 4;

/// A JS value to hand back from a `#[napi]` function as is.
pub struct Raw(pub sys::napi_value);

impl ToNapiValue for Raw {
    unsafe fn to_napi_value(_env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        Ok(val.0)
    }
}

impl TypeName for Raw {
    fn type_name() -> &'static str {
        "unknown"
    }
    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

/// The environment of the current call. Only used on the JS thread, for the call's duration.
#[derive(Clone, Copy)]
pub struct Js(pub sys::napi_env);

fn check(status: sys::napi_status) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else if status == sys::Status::napi_pending_exception {
        // A getter threw: let that exception propagate unchanged.
        Err(Error::new(
            Status::PendingException,
            "a JavaScript exception is pending",
        ))
    } else {
        Err(Error::new(Status::from(status), "N-API call failed"))
    }
}

macro_rules! out {
    ($init:expr, |$o:ident| $call:expr) => {{
        let mut $o = $init;
        check(unsafe { $call })?;
        Ok::<_, Error>($o)
    }};
}

impl Js {
    pub fn type_of(self, v: sys::napi_value) -> Result<ValueType> {
        out!(0, |t| sys::napi_typeof(self.0, v, &mut t)).map(ValueType::from)
    }

    pub fn is_array(self, v: sys::napi_value) -> Result<bool> {
        out!(false, |b| sys::napi_is_array(self.0, v, &mut b))
    }

    pub fn is_typedarray(self, v: sys::napi_value) -> Result<bool> {
        out!(false, |b| sys::napi_is_typedarray(self.0, v, &mut b))
    }

    pub fn is_date(self, v: sys::napi_value) -> Result<bool> {
        out!(false, |b| sys::napi_is_date(self.0, v, &mut b))
    }

    pub fn strict_equals(self, a: sys::napi_value, b: sys::napi_value) -> Result<bool> {
        out!(false, |r| sys::napi_strict_equals(self.0, a, b, &mut r))
    }

    pub fn prototype_of(self, v: sys::napi_value) -> Result<sys::napi_value> {
        out!(ptr::null_mut(), |p| sys::napi_get_prototype(
            self.0, v, &mut p
        ))
    }

    /// `Object.prototype` of this realm, to tell plain objects from class instances.
    pub fn object_prototype(self) -> Result<sys::napi_value> {
        let global = out!(ptr::null_mut(), |g| sys::napi_get_global(self.0, &mut g))?;
        let object = self.named(global, c"Object")?;
        self.named(object, c"prototype")
    }

    fn named(self, obj: sys::napi_value, name: &std::ffi::CStr) -> Result<sys::napi_value> {
        out!(ptr::null_mut(), |v| sys::napi_get_named_property(
            self.0,
            obj,
            name.as_ptr(),
            &mut v
        ))
    }

    pub fn array_len(self, v: sys::napi_value) -> Result<u32> {
        out!(0, |n| sys::napi_get_array_length(self.0, v, &mut n))
    }

    pub fn element(self, v: sys::napi_value, i: u32) -> Result<sys::napi_value> {
        out!(ptr::null_mut(), |e| sys::napi_get_element(
            self.0, v, i, &mut e
        ))
    }

    /// `Object.keys(v)`: own enumerable string keys, in JS order.
    pub fn own_keys(self, v: sys::napi_value) -> Result<sys::napi_value> {
        out!(ptr::null_mut(), |k| sys::napi_get_all_property_names(
            self.0,
            v,
            sys::KeyCollectionMode::own_only,
            sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
            sys::KeyConversion::numbers_to_strings,
            &mut k
        ))
    }

    pub fn property(self, obj: sys::napi_value, key: sys::napi_value) -> Result<sys::napi_value> {
        out!(ptr::null_mut(), |v| sys::napi_get_property(
            self.0, obj, key, &mut v
        ))
    }

    pub fn get_f64(self, v: sys::napi_value) -> Result<f64> {
        out!(0.0, |f| sys::napi_get_value_double(self.0, v, &mut f))
    }

    pub fn get_bool(self, v: sys::napi_value) -> Result<bool> {
        out!(false, |b| sys::napi_get_value_bool(self.0, v, &mut b))
    }

    /// A BigInt as i64, or `None` when it does not fit.
    pub fn get_bigint_i64(self, v: sys::napi_value) -> Result<Option<i64>> {
        let mut lossless = false;
        let i = out!(0i64, |i| sys::napi_get_value_bigint_int64(
            self.0,
            v,
            &mut i,
            &mut lossless
        ))?;
        Ok(lossless.then_some(i))
    }

    /// `String(v)`: for a BigInt, its decimal digits.
    pub fn to_text(self, v: sys::napi_value) -> Result<String> {
        let text = out!(ptr::null_mut(), |s| sys::napi_coerce_to_string(
            self.0, v, &mut s
        ))?;
        self.get_utf8(text)
    }

    /// A string's UTF-16 code units, so that lone surrogates can be refused instead of being
    /// silently replaced.
    pub fn get_utf16(self, v: sys::napi_value) -> Result<Vec<u16>> {
        let len = out!(0usize, |n| sys::napi_get_value_string_utf16(
            self.0,
            v,
            ptr::null_mut(),
            0,
            &mut n
        ))?;
        let mut buf = vec![0u16; len + 1];
        let written = self.write_utf16(v, &mut buf)?;
        buf.truncate(written);
        Ok(buf)
    }

    /// A string's UTF-16 units into `buf` when they fit (with room to spare, so that a string
    /// that filled it is known whole): the units written, or `None` when it is longer.
    pub fn utf16_into(self, v: sys::napi_value, buf: &mut [u16]) -> Result<Option<usize>> {
        let written = self.write_utf16(v, buf)?;
        Ok((written + 1 < buf.len()).then_some(written))
    }

    /// A string as UTF-8 into `buf` when it fits, without clearing `buf` first: the text, or
    /// `None` when it may be longer. V8 writes whole characters only, stopping up to four bytes
    /// short of a full buffer, so a text is known whole only with more than a character's room
    /// to spare. V8 writes a lone surrogate as U+FFFD: a caller that must refuse them looks for
    /// that character.
    pub fn utf8_in(self, v: sys::napi_value, buf: &mut [MaybeUninit<u8>]) -> Result<Option<&str>> {
        let written = out!(0usize, |n| sys::napi_get_value_string_utf8(
            self.0,
            v,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut n
        ))?;
        if written + UTF8_CHAR_MAX >= buf.len() {
            return Ok(None);
        }
        // SAFETY: N-API wrote `written` bytes (and a NUL after them) at the start of `buf`.
        let bytes = unsafe { std::slice::from_raw_parts(buf.as_ptr().cast(), written) };
        std::str::from_utf8(bytes)
            .map(Some)
            .map_err(|_| Error::from_reason("N-API returned invalid UTF-8"))
    }

    /// A string's UTF-16 units into `buf` when they fit, in one N-API call and without clearing
    /// `buf` first (with room to spare, so that a string that filled it is known whole): the
    /// units, or `None` when it is longer.
    pub fn utf16_in(
        self,
        v: sys::napi_value,
        buf: &mut [MaybeUninit<u16>],
    ) -> Result<Option<&[u16]>> {
        let written = out!(0usize, |n| sys::napi_get_value_string_utf16(
            self.0,
            v,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut n
        ))?;
        if written + 1 >= buf.len() {
            return Ok(None);
        }
        // SAFETY: N-API wrote `written` units (and a NUL after them) at the start of `buf`.
        Ok(Some(unsafe {
            std::slice::from_raw_parts(buf.as_ptr().cast(), written)
        }))
    }

    /// Writes as many of a string's UTF-16 units as `buf` holds (one slot goes to a NUL); the
    /// units written.
    fn write_utf16(self, v: sys::napi_value, buf: &mut [u16]) -> Result<usize> {
        out!(0usize, |n| sys::napi_get_value_string_utf16(
            self.0,
            v,
            buf.as_mut_ptr(),
            buf.len(),
            &mut n
        ))
    }

    /// The length in UTF-8 bytes of a string, without copying it.
    pub fn utf8_len(self, v: sys::napi_value) -> Result<usize> {
        out!(0usize, |n| sys::napi_get_value_string_utf8(
            self.0,
            v,
            ptr::null_mut(),
            0,
            &mut n
        ))
    }

    /// The length of a string in UTF-16 units, without reading it.
    pub fn utf16_len(self, v: sys::napi_value) -> Result<usize> {
        out!(0usize, |n| sys::napi_get_value_string_utf16(
            self.0,
            v,
            ptr::null_mut(),
            0,
            &mut n
        ))
    }

    /// [`Js::get_utf8`] in one pass over the string: room is made for the longest UTF-8 its
    /// length allows (three bytes a UTF-16 unit), left unwritten past the text.
    pub fn get_utf8_one_pass(self, v: sys::napi_value) -> Result<String> {
        let room = 3 * self.utf16_len(v)? + 1;
        let mut buf = Vec::<u8>::with_capacity(room);
        let written = out!(0usize, |n| sys::napi_get_value_string_utf8(
            self.0,
            v,
            buf.as_mut_ptr().cast(),
            room,
            &mut n
        ))?;
        // SAFETY: N-API wrote `written` bytes (and a NUL after them) within the capacity.
        unsafe { buf.set_len(written.min(room - 1)) };
        String::from_utf8(buf).map_err(|_| Error::from_reason("N-API returned invalid UTF-8"))
    }

    /// A string as UTF-8 (lone surrogates become U+FFFD, as in `Buffer.from(string)`).
    pub fn get_utf8(self, v: sys::napi_value) -> Result<String> {
        let len = self.utf8_len(v)?;
        let mut buf = vec![0u8; len + 1];
        let written = out!(0usize, |n| sys::napi_get_value_string_utf8(
            self.0,
            v,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut n
        ))?;
        buf.truncate(written);
        String::from_utf8(buf).map_err(|_| Error::from_reason("N-API returned invalid UTF-8"))
    }

    /// A typed array's element type, length and data.
    fn typed_array(
        self,
        v: sys::napi_value,
    ) -> Result<(sys::napi_typedarray_type, usize, *mut c_void)> {
        let mut kind = 0;
        let mut len = 0usize;
        let mut data = ptr::null_mut();
        check(unsafe {
            sys::napi_get_typedarray_info(
                self.0,
                v,
                &mut kind,
                &mut len,
                &mut data,
                ptr::null_mut(),
                ptr::null_mut(),
            )
        })?;
        Ok((kind, len, data))
    }

    /// The bytes of a `Uint8Array` (a `Buffer` is one), borrowed for the current call; `None` for
    /// other typed arrays.
    pub fn uint8_bytes<'a>(self, v: sys::napi_value) -> Result<Option<&'a [u8]>> {
        let (kind, len, data) = self.typed_array(v)?;
        if kind != sys::TypedarrayType::uint8_array {
            return Ok(None);
        }
        if len == 0 || data.is_null() {
            return Ok(Some(&[]));
        }
        // The array stays alive (and unmoved) while the calling JS frame holds it.
        Ok(Some(unsafe {
            std::slice::from_raw_parts(data.cast(), len)
        }))
    }

    /// The numbers of a `Float64Array`, borrowed for the current call (empty for another view).
    pub fn f64_array<'a>(self, v: sys::napi_value) -> Result<&'a [f64]> {
        let (kind, len, data) = self.typed_array(v)?;
        if kind != sys::TypedarrayType::float64_array || len == 0 || data.is_null() {
            return Ok(&[]);
        }
        // The array stays alive (and unmoved) while the calling JS frame holds it; a
        // Float64Array's data is aligned for f64.
        Ok(unsafe { std::slice::from_raw_parts(data.cast(), len) })
    }

    pub fn null(self) -> Result<sys::napi_value> {
        out!(ptr::null_mut(), |v| sys::napi_get_null(self.0, &mut v))
    }

    /// A string of one character per byte (Latin-1), which V8 copies without decoding: a cheap
    /// copy of bytes that JS owns and cannot change.
    pub fn latin1(self, bytes: &[u8]) -> Result<sys::napi_value> {
        out!(ptr::null_mut(), |v| sys::napi_create_string_latin1(
            self.0,
            bytes.as_ptr().cast(),
            bytes.len() as isize,
            &mut v
        ))
    }

    pub fn boolean(self, b: bool) -> Result<sys::napi_value> {
        out!(ptr::null_mut(), |v| sys::napi_get_boolean(
            self.0, b, &mut v
        ))
    }

    pub fn double(self, f: f64) -> Result<sys::napi_value> {
        out!(ptr::null_mut(), |v| sys::napi_create_double(
            self.0, f, &mut v
        ))
    }

    pub fn bigint(self, i: i64) -> Result<sys::napi_value> {
        out!(ptr::null_mut(), |v| sys::napi_create_bigint_int64(
            self.0, i, &mut v
        ))
    }

    pub fn string(self, s: &str) -> Result<sys::napi_value> {
        // ASCII is Latin-1 too, and V8 copies Latin-1 without decoding it.
        if s.is_ascii() {
            return out!(ptr::null_mut(), |v| sys::napi_create_string_latin1(
                self.0,
                s.as_ptr().cast(),
                s.len() as isize,
                &mut v
            ));
        }
        out!(ptr::null_mut(), |v| sys::napi_create_string_utf8(
            self.0,
            s.as_ptr().cast(),
            s.len() as isize,
            &mut v
        ))
    }

    pub fn object(self) -> Result<sys::napi_value> {
        out!(ptr::null_mut(), |v| sys::napi_create_object(self.0, &mut v))
    }

    pub fn array(self, len: usize) -> Result<sys::napi_value> {
        out!(ptr::null_mut(), |v| sys::napi_create_array_with_length(
            self.0, len, &mut v
        ))
    }

    pub fn set(self, obj: sys::napi_value, key: &str, value: sys::napi_value) -> Result<()> {
        let key = self.string(key)?;
        check(unsafe { sys::napi_set_property(self.0, obj, key, value) })
    }

    /// A plain object with these own data properties, set in one call.
    pub fn object_with(
        self,
        props: &[(sys::napi_value, sys::napi_value)],
    ) -> Result<sys::napi_value> {
        let obj = self.object()?;
        let descriptors: Vec<sys::napi_property_descriptor> = props
            .iter()
            .map(|&(name, value)| descriptor(ptr::null(), name, value))
            .collect();
        check(unsafe {
            sys::napi_define_properties(self.0, obj, descriptors.len(), descriptors.as_ptr())
        })?;
        Ok(obj)
    }

    pub fn set_element(self, arr: sys::napi_value, i: u32, value: sys::napi_value) -> Result<()> {
        check(unsafe { sys::napi_set_element(self.0, arr, i, value) })
    }
}

/// A writable, enumerable, configurable data property: what plain assignment makes.
fn descriptor(
    utf8name: *const c_char,
    name: sys::napi_value,
    value: sys::napi_value,
) -> sys::napi_property_descriptor {
    sys::napi_property_descriptor {
        utf8name,
        name,
        method: None,
        getter: None,
        setter: None,
        value,
        attributes: sys::PropertyAttributes::writable
            | sys::PropertyAttributes::enumerable
            | sys::PropertyAttributes::configurable,
        data: ptr::null_mut(),
    }
}
