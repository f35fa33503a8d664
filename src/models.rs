//! The built-in models that ship inside nutgraf, and the adapters that put them behind
//! the pipeline traits of [`crate::backend`].

use crate::analyzer::{Analyzer, Options};
use crate::Result;

impl Analyzer {
    /// An analyzer with the built-in models and default options.
    pub fn builtin() -> Result<Analyzer> {
        Self::builtin_with(Options::default())
    }

    /// An analyzer with the built-in models and the given options. Models are loaded
    /// lazily (entity models per language on first use) and shared between analyzers.
    pub fn builtin_with(options: Options) -> Result<Analyzer> {
        Analyzer::builder().options(options).build()
    }
}
