//! # nutgraf
//!
//! Summaries, topics and named entities for news text. Built-in models are small
//! pure-Rust statistical models that ship inside the crate: no network, no libtorch.
//! This crate root is the front door: it declares the modules and re-exports what users
//! need ([`Analyzer`], [`Error`], the output types); it holds no logic of its own.
//!
//! ```no_run
//! let nlp = nutgraf::Analyzer::builtin()?;
//! let doc = nlp.analyze("Am 9. April trafen sich Shigeru Ishiba und Mark Rutte in Tokio.")?;
//! for m in &doc.mentions {
//!     println!("{} {} {}..{}", m.label, m.text, m.start, m.end);
//! }
//! # Ok::<(), nutgraf::Error>(())
//! ```

pub mod analyzer;
pub mod backend;
#[cfg(feature = "cli")]
pub mod batch;
pub mod datasets;
pub mod entities;
pub mod error;
pub mod eval;
mod hint;
pub mod keyphrases;
pub mod model_file;
pub mod models;
pub mod ner;
mod rng;
#[cfg(feature = "schema")]
pub mod schema;
pub mod summary;
pub mod text;
pub mod topics;
pub mod train;
pub mod transformers;
pub mod types;

#[cfg(feature = "cli")]
pub mod cli;

// Re-exports for users only: code inside the crate names the module (`crate::error::Error`,
// never `crate::Error`); tests/architecture.rs checks it.
pub use analyzer::{Analyzer, AnalyzerBuilder, Options, Tasks};
pub use error::{Error, Result};
pub use summary::SummaryLength;
pub use text::{detect_language, InputFormat, Language};
pub use types::*;

#[cfg(feature = "python")]
mod python;
