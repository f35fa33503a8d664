//! The one error type of nutgraf and its `Result`: every fallible library call returns it.
//! Kinds and messages only; it must not print, log or exit (the CLI decides that).

use std::fmt;

/// Everything that can go wrong in nutgraf.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The input text is empty or contains no usable text after cleaning.
    EmptyInput,
    /// The input is larger than the configured limit (bytes given, limit).
    InputTooLarge { size: usize, limit: usize },
    /// The input is not valid text (e.g. binary data, invalid UTF-8).
    InvalidInput(String),
    /// A model file is malformed, truncated, corrupted or of an unsupported version.
    Model(String),
    /// No model is available for this language or task.
    UnsupportedLanguage(String),
    /// Bad training or evaluation data.
    Data(String),
    /// Invalid options or arguments.
    Config(String),
    /// A bug inside nutgraf (a caught panic); please report it.
    Internal(String),
    /// An I/O error, with the path or context it happened in.
    Io {
        context: String,
        source: std::io::Error,
    },
}

/// Result alias used throughout nutgraf.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A short, stable name of the error kind (used in batch output and Python exceptions).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::EmptyInput => "empty_input",
            Error::InputTooLarge { .. } => "input_too_large",
            Error::InvalidInput(_) => "invalid_input",
            Error::Model(_) => "model",
            Error::UnsupportedLanguage(_) => "unsupported_language",
            Error::Data(_) => "data",
            Error::Config(_) => "config",
            Error::Internal(_) => "internal",
            Error::Io { .. } => "io",
        }
    }

    /// Wraps an I/O error with a context (usually the path).
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::EmptyInput => write!(f, "empty input: no text to analyze"),
            Error::InputTooLarge { size, limit } => write!(
                f,
                "input too large: {size} bytes, the limit is {limit} bytes (see Options::max_input_bytes)"
            ),
            Error::InvalidInput(m) => write!(f, "invalid input: {m}"),
            Error::Model(m) => write!(f, "model error: {m}"),
            Error::UnsupportedLanguage(m) => write!(f, "unsupported language: {m}"),
            Error::Data(m) => write!(f, "data error: {m}"),
            Error::Config(m) => write!(f, "invalid configuration: {m}"),
            Error::Internal(m) => write!(f, "internal error: {m}"),
            Error::Io { context, source } => write!(f, "I/O error ({context}): {source}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
