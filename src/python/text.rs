//! `detect_language`, the core of `nutgraf.detect_language`: the library's language
//! identification with the GIL released. Thin: no detection logic here.

use super::errors::{guarded, to_py};
use crate::text::{detect_language as detect, UNDETERMINED};
use pyo3::prelude::*;

/// The language of `text` as `(ISO 639-1 code, confidence)`; `("und", 0.0)` when the text
/// is too short to tell.
#[pyfunction]
pub(super) fn detect_language(py: Python<'_>, text: String) -> PyResult<(String, f32)> {
    py.allow_threads(|| {
        guarded(|| {
            Ok(match detect(&text) {
                Some(l) => (l.code, l.confidence),
                None => (UNDETERMINED.to_string(), 0.0),
            })
        })
    })
    .map_err(to_py)
}
