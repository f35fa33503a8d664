//! Errors across the FFI boundary: the Python exception classes, the mapping of each
//! [`Error`] kind to one of them, and the panic guard that every entry point runs in. No
//! analysis here.

use crate::error::Error;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `f`, turning a Rust panic into [`Error::Internal`] so that no panic ever reaches
/// Python (every entry point of this module goes through it).
pub(super) fn guarded<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(Error::Internal(msg))
    })
}

create_exception!(
    _nutgraf,
    NutgrafError,
    PyException,
    "Base class of nutgraf's errors."
);
create_exception!(
    _nutgraf,
    EmptyInputError,
    NutgrafError,
    "The input has no text to analyze."
);
create_exception!(
    _nutgraf,
    InputTooLargeError,
    NutgrafError,
    "The input exceeds max_input_bytes."
);
create_exception!(
    _nutgraf,
    InvalidInputError,
    NutgrafError,
    "The input is not usable text."
);
create_exception!(
    _nutgraf,
    ModelError,
    NutgrafError,
    "A model file is malformed or incompatible."
);
create_exception!(
    _nutgraf,
    UnsupportedLanguageError,
    NutgrafError,
    "No model for this language."
);
create_exception!(
    _nutgraf,
    DataError,
    NutgrafError,
    "Bad training or evaluation data."
);
create_exception!(_nutgraf, ConfigError, NutgrafError, "Invalid options.");

pub(super) fn to_py(e: Error) -> PyErr {
    let msg = e.to_string();
    match e {
        Error::EmptyInput => EmptyInputError::new_err(msg),
        Error::InputTooLarge { .. } => InputTooLargeError::new_err(msg),
        Error::InvalidInput(_) => InvalidInputError::new_err(msg),
        Error::Model(_) => ModelError::new_err(msg),
        Error::UnsupportedLanguage(_) => UnsupportedLanguageError::new_err(msg),
        Error::Data(_) => DataError::new_err(msg),
        Error::Config(_) => ConfigError::new_err(msg),
        _ => NutgrafError::new_err(msg),
    }
}

/// `err` carrying the metadata (JSON) of the HTML page whose article had no text, as the
/// attribute `_page_metadata` (the Python layer makes it `EmptyInputError.metadata`).
pub(super) fn with_page_metadata(py: Python<'_>, err: PyErr, metadata: Option<String>) -> PyErr {
    if let Some(m) = metadata {
        // setting an attribute on a fresh exception object does not fail
        let _ = err.value(py).setattr("_page_metadata", m);
    }
    err
}

/// Raises the Python exception that matches an error kind from `analyze_batch_json` (with
/// the page's metadata where the batch gave one).
#[pyfunction]
#[pyo3(signature = (kind, message, metadata=None))]
pub(super) fn raise_error(
    py: Python<'_>,
    kind: &str,
    message: String,
    metadata: Option<String>,
) -> PyResult<()> {
    let err = match kind {
        "empty_input" => EmptyInputError::new_err(message),
        "input_too_large" => InputTooLargeError::new_err(message),
        "invalid_input" => InvalidInputError::new_err(message),
        "model" => ModelError::new_err(message),
        "unsupported_language" => UnsupportedLanguageError::new_err(message),
        "data" => DataError::new_err(message),
        "config" => ConfigError::new_err(message),
        _ => NutgrafError::new_err(message),
    };
    Err(with_page_metadata(py, err, metadata))
}
