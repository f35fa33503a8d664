//! Extractive summaries.

/// How long a summary should be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SummaryLength {
    /// A number of sentences.
    Sentences(usize),
    /// About this many words (whole sentences, at least one).
    Words(usize),
    /// A fraction of the document's sentences, in `(0, 1]`.
    Ratio(f32),
}
