//! Python bindings (the `nutgraf._nutgraf` extension module), one file per Rust area: thin,
//! Rust works with the GIL released and hands results over as JSON (Python `str` offsets)
//! for `python/nutgraf/` to wrap in typed objects. No analysis or training logic here.

mod analyzer;
mod errors;
mod eval;
mod ner;
mod text;
mod topics;

use crate::error::Error;
use analyzer::RustAnalyzer;
use errors::*;
use eval::{evaluate_summaries, evaluate_topics};
use ner::{evaluate_ner_json, train_ner_json};
use pyo3::prelude::*;
use text::detect_language;
use topics::{read_topic_jsonl, RustTopicModel, RustTrainOptions};

/// The extension module's allocations go through mimalloc (faster batch analysis); Rust
/// crates that depend on nutgraf keep their own allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Runs the `nutgraf` command line with `args` (program name first); returns the exit code.
#[pyfunction]
fn run_cli(py: Python<'_>, args: Vec<String>) -> PyResult<i32> {
    py.allow_threads(|| guarded(|| Ok(crate::cli::run(args))))
        .map_err(to_py)
}

/// The built-in models (name, task, languages, size, card, training data and its terms) as
/// a JSON array.
#[pyfunction]
fn models_json() -> String {
    serde_json::to_string(&crate::models::builtin_models()).expect("model info serializes")
}

/// Panics inside the same guard as every other entry point: lets the tests check that
/// a Rust panic becomes a Python exception (`NutgrafError`) instead of a crash.
#[pyfunction]
fn _check_panic_guard(py: Python<'_>) -> PyResult<()> {
    py.allow_threads(|| guarded(|| -> Result<(), Error> { panic!("panic guard check") }))
        .map_err(to_py)
}

/// The native core of nutgraf (Rust, PyO3); use it through the `nutgraf` package.
#[pymodule]
fn _nutgraf(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<RustAnalyzer>()?;
    m.add_class::<RustTopicModel>()?;
    m.add_class::<RustTrainOptions>()?;
    m.add_function(wrap_pyfunction!(detect_language, m)?)?;
    m.add_function(wrap_pyfunction!(read_topic_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_topics, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_summaries, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_ner_json, m)?)?;
    m.add_function(wrap_pyfunction!(train_ner_json, m)?)?;
    m.add_function(wrap_pyfunction!(raise_error, m)?)?;
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    m.add_function(wrap_pyfunction!(models_json, m)?)?;
    m.add_function(wrap_pyfunction!(_check_panic_guard, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("NutgrafError", py.get_type::<NutgrafError>())?;
    // an HTML page without article text: the page's metadata (set by the Python layer)
    py.get_type::<EmptyInputError>()
        .setattr("metadata", py.None())?;
    m.add("EmptyInputError", py.get_type::<EmptyInputError>())?;
    m.add("InputTooLargeError", py.get_type::<InputTooLargeError>())?;
    m.add("InvalidInputError", py.get_type::<InvalidInputError>())?;
    m.add("ModelError", py.get_type::<ModelError>())?;
    m.add(
        "UnsupportedLanguageError",
        py.get_type::<UnsupportedLanguageError>(),
    )?;
    m.add("DataError", py.get_type::<DataError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    Ok(())
}
