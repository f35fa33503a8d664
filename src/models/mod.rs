//! The built-in models that ship inside nutgraf (embedded in the library, see
//! `models/*.md` for their cards), and the adapters that put them behind the pipeline
//! traits of [`crate::backend`]; no model logic or training here (`ner`, `topics`, `summary`).

use crate::analyzer::{Analyzer, Options};
use crate::backend::{EntityRecognizer, RawMention, SentenceSelector, TopicClassifier};
use crate::error::{Error, Result};
use crate::ner::{spans_from_iob, NerModel};
use crate::summary::{Summarizer, SummaryLength};
use crate::text::Prepared;
use crate::topics::TopicModel;
use crate::types::{Span, TopicScore};
use std::sync::Arc;

mod catalog;
pub mod fallback;
pub use catalog::{builtin_models, ModelInfo, Terms};

pub use crate::ner::builtin_bytes as ner_bytes;
pub use crate::topics::builtin_bytes as topics_bytes;

impl EntityRecognizer for NerModel {
    fn name(&self) -> String {
        format!("ner-{}", self.language())
    }

    fn recognize(&self, doc: &Prepared) -> Result<Vec<RawMention>> {
        // the tagger asks for each sentence's words when it gets to it and hands back
        // each sentence (or chunk of an overlong one) when done: nothing per token is
        // held for the whole document but the mentions
        let words = |i: usize| -> Vec<&str> {
            doc.tokens[doc.sentence_tokens[i].clone()]
                .iter()
                .map(|t| &doc.text[t.start..t.end])
                .collect()
        };
        let mut out = Vec::new();
        let mut iob = Vec::new();
        self.tag_spans_stream(
            doc.sentence_tokens.len(),
            words,
            true,
            |sent, first, tags| {
                let offset = doc.sentence_tokens[sent].start + first;
                iob.clear();
                iob.extend(tags.iter().map(|t| t.0));
                for (a, b, label) in spans_from_iob(&iob) {
                    let score = tags[a..b].iter().map(|t| t.1).sum::<f32>() / (b - a) as f32;
                    let span = Span {
                        start: doc.tokens[offset + a].start,
                        end: doc.tokens[offset + b - 1].end,
                    };
                    out.push(RawMention { span, label, score });
                }
            },
        );
        Ok(out)
    }
}

/// Below this top score the built-in topic model's answer comes with a warning: on dev (BBC,
/// SIB-200, 10kGNAD, AG News) its top topic under 0.3 was right about half the time, over
/// 0.8 more than nine times in ten.
pub const LOW_TOPIC_SCORE: f32 = 0.3;

/// Languages of the built-in topic model's training data (`models/topics.md`): SIB-200's
/// twelve, BBC and AG News (en), 10kGNAD (de).
pub const TOPIC_LANGUAGES: [&str; 12] = [
    "cs", "da", "de", "en", "es", "fi", "fr", "it", "nl", "pl", "pt", "sv",
];

/// The built-in topic model as a classifier that knows its name and its languages.
struct BuiltinTopics(Arc<TopicModel>);

impl TopicClassifier for BuiltinTopics {
    fn labels(&self) -> Vec<String> {
        self.0.labels().to_vec()
    }

    fn name(&self) -> String {
        "topics".into()
    }

    fn languages(&self) -> Option<&[&str]> {
        Some(&TOPIC_LANGUAGES)
    }

    fn uncertain_below(&self) -> Option<f32> {
        Some(LOW_TOPIC_SCORE)
    }

    fn classify(&self, title: Option<&str>, text: &str, language: &str) -> Result<Vec<TopicScore>> {
        TopicClassifier::classify(&*self.0, title, text, language)
    }

    fn classify_matrix(&self, texts: &[&str]) -> Result<ndarray::Array2<f32>> {
        self.0.classify_matrix(texts)
    }
}

impl TopicClassifier for TopicModel {
    fn labels(&self) -> Vec<String> {
        TopicModel::labels(self).to_vec()
    }

    fn classify(
        &self,
        title: Option<&str>,
        text: &str,
        _language: &str,
    ) -> Result<Vec<TopicScore>> {
        Ok(match title {
            Some(t) => self.predict(&format!("{t}\n{text}")),
            None => self.predict(text),
        })
    }

    fn classify_matrix(&self, texts: &[&str]) -> Result<ndarray::Array2<f32>> {
        Ok(self.predict_batch(texts))
    }
}

impl SentenceSelector for Summarizer {
    fn select(&self, doc: &Prepared, length: SummaryLength) -> Result<Vec<(usize, f32)>> {
        let title = doc.title.as_deref();
        Ok(self.summarize(&doc.text, &doc.sentences, &doc.language.code, title, length))
    }
}

impl Analyzer {
    /// An analyzer with the built-in models and default options.
    pub fn builtin() -> Result<Analyzer> {
        Self::builtin_with(Options::default())
    }

    /// An analyzer with the built-in models and the given options. Entity models are
    /// decoded on first use per language and shared by all analyzers of the process.
    pub fn builtin_with(options: Options) -> Result<Analyzer> {
        Self::builtin_parts(options, None)
    }

    /// An analyzer with the built-in entity and summary models and a custom topic classifier,
    /// e.g. a [`TopicModel`] trained with [`TopicModel::train`] or loaded with
    /// [`TopicModel::load`].
    pub fn builtin_with_topics(
        options: Options,
        topics: Arc<dyn TopicClassifier>,
    ) -> Result<Analyzer> {
        Self::builtin_parts(options, Some(topics))
    }

    fn builtin_parts(
        options: Options,
        topics: Option<Arc<dyn TopicClassifier>>,
    ) -> Result<Analyzer> {
        // a language's own model, else for a Latin-script language the multilingual
        // fallback (decoded on first use; the analyzer leaves it out when the options say so)
        let resolver = |lang: &str| -> Result<Option<Arc<dyn EntityRecognizer>>> {
            match crate::ner::builtin(lang) {
                Ok(m) => Ok(Some(m as Arc<dyn EntityRecognizer>)),
                Err(Error::UnsupportedLanguage(_)) if fallback::serves(lang) => {
                    let m = crate::ner::builtin(crate::ner::MULTI)?;
                    Ok(Some(
                        Arc::new(fallback::Fallback(m)) as Arc<dyn EntityRecognizer>
                    ))
                }
                Err(Error::UnsupportedLanguage(_)) => Ok(None),
                Err(e) => Err(e),
            }
        };
        if options.tasks.entities {
            prefetch_ner(options.language.as_deref());
        }
        let mut b = Analyzer::builder()
            .options(options.clone())
            .recognizer_resolver(Arc::new(resolver));
        if options.tasks.topics {
            b = b.topic_classifier(match topics {
                Some(t) => t,
                None => Arc::new(BuiltinTopics(crate::topics::builtin()?)),
            });
        }
        if options.tasks.summary {
            b = b.sentence_selector(Summarizer::builtin()?);
        }
        b.build()
    }
}

/// Starts decoding a built-in entity model (`language`'s, or English when the language is
/// detected per document) on a background thread, once per model and process: the topic
/// model decodes meanwhile on the caller's thread, so the first result waits for the slower
/// of the two, not for both. Other languages' models decode on first use (the resolver), so
/// an English-only workload never spends time or memory on the German model.
fn prefetch_ner(language: Option<&str>) {
    use std::sync::atomic::{AtomicBool, Ordering};
    const N: usize = crate::ner::BUILTIN_LANGUAGES.len();
    static STARTED: [AtomicBool; N] = [const { AtomicBool::new(false) }; N];
    let langs: Vec<&'static str> = crate::ner::BUILTIN_LANGUAGES
        .iter()
        .zip(&STARTED)
        .filter(|(l, _)| language.unwrap_or(crate::ner::BUILTIN_LANGUAGES[0]) == **l)
        .filter(|(_, started)| !started.swap(true, Ordering::Relaxed))
        .map(|(l, _)| *l)
        .collect();
    if !langs.is_empty() {
        // a failed spawn only loses the head start: the model then loads on first use
        let _ = std::thread::Builder::new()
            .name("nutgraf-prefetch".into())
            .spawn(move || {
                for l in langs {
                    let _ = crate::ner::builtin(l);
                }
            });
    }
}
