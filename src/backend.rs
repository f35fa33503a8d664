//! The pipeline stages as traits, so that each task can be served by the built-in models or
//! by another backend (e.g. transformers) behind the same [`crate::analyzer::Analyzer`].
//! Traits and the data they exchange only: no implementation and no model lives here.

use crate::error::Result;
use crate::summary::SummaryLength;
use crate::text::Prepared;
use crate::types::{EntityLabel, Span, TopicScore};

/// An entity mention found by a recognizer: byte span in [`Prepared::text`], label, confidence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RawMention {
    /// Byte span in the prepared text.
    pub span: Span,
    /// Entity type.
    pub label: EntityLabel,
    /// Confidence in `[0, 1]`.
    pub score: f32,
}

/// Finds entity mentions in a prepared document of one language.
pub trait EntityRecognizer: Send + Sync {
    /// Mentions in text order, not overlapping.
    fn recognize(&self, doc: &Prepared) -> Result<Vec<RawMention>>;

    /// The model's name as the output reports it (`entity_model`), e.g. `ner-de`.
    fn name(&self) -> String {
        "custom".into()
    }

    /// For a fallback model, one that serves `language` without having been trained on it:
    /// the warning every document it serves carries (the analyzer adds it, and leaves the
    /// model out when [`crate::analyzer::Options::entity_fallback`] is off). `None` for a
    /// language's own model.
    fn fallback_warning(&self, _language: &str) -> Option<String> {
        None
    }

    /// True when [`EntityRecognizer::recognize_many`] is faster than one call per document
    /// (tensor batches); [`crate::Analyzer::analyze_batch`] then hands it many documents.
    fn batches(&self) -> bool {
        false
    }

    /// Mentions of many documents, one result per document.
    fn recognize_many(&self, docs: &[&Prepared]) -> Vec<Result<Vec<RawMention>>> {
        docs.iter().map(|d| self.recognize(d)).collect()
    }
}

/// Scores a document against a topic taxonomy.
pub trait TopicClassifier: Send + Sync {
    /// The labels this classifier can return.
    fn labels(&self) -> Vec<String>;

    /// The model's name as the output reports it (`topics_model`), e.g. `topics`.
    fn name(&self) -> String {
        "custom".into()
    }

    /// The languages (ISO 639-1) the classifier was trained on; `None` when unknown or any.
    /// Texts in other languages get their topics with a warning.
    fn languages(&self) -> Option<&[&str]> {
        None
    }

    /// A top score under this means the classifier does not know (measured on dev data);
    /// `None` when no such threshold is known. The output then warns.
    fn uncertain_below(&self) -> Option<f32> {
        None
    }
    /// All labels with scores in `[0, 1]`, highest first.
    fn classify(&self, title: Option<&str>, text: &str, language: &str) -> Result<Vec<TopicScore>>;

    /// Scores of many texts as a matrix: one row per text, one column per label of
    /// [`TopicClassifier::labels`].
    fn classify_matrix(&self, texts: &[&str]) -> Result<ndarray::Array2<f32>> {
        let labels = self.labels();
        let mut m = ndarray::Array2::zeros((texts.len(), labels.len()));
        for (row, text) in texts.iter().enumerate() {
            for t in self.classify(None, text, "")? {
                if let Some(col) = labels.iter().position(|l| *l == t.label) {
                    m[[row, col]] = t.score;
                }
            }
        }
        Ok(m)
    }
}

/// Picks summary sentences.
pub trait SentenceSelector: Send + Sync {
    /// Indices into `doc.sentences` with their scores, in story order.
    fn select(&self, doc: &Prepared, length: SummaryLength) -> Result<Vec<(usize, f32)>>;
}

/// Writes an abstractive summary (new text, not sentences of the story), e.g. a
/// sequence-to-sequence transformer.
pub trait AbstractiveSummarizer: Send + Sync {
    /// A summary of the document.
    fn summarize(&self, doc: &Prepared) -> Result<String>;

    /// True when [`AbstractiveSummarizer::summarize_many`] is faster than one call per document.
    fn batches(&self) -> bool {
        false
    }

    /// Summaries of many documents, one result per document.
    fn summarize_many(&self, docs: &[&Prepared]) -> Vec<Result<String>> {
        docs.iter().map(|d| self.summarize(d)).collect()
    }
}
