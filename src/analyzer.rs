//! The [`Analyzer`]: one object that prepares text and runs entities, topics and
//! summaries on it. It is `Send + Sync`: share one instance between threads.
//! It composes the stages of [`crate::backend`]; it holds no model logic and reads no files.

use crate::backend::{AbstractiveSummarizer, EntityRecognizer, SentenceSelector, TopicClassifier};
use crate::entities;
use crate::error::{Error, Result};
use crate::summary::SummaryLength;
use crate::text::{self, InputFormat, Language, Prepared, LOW_CONFIDENCE, UNDETERMINED};
use crate::types::{Analysis, SummarySentence, TopicScore, SCHEMA_VERSION};
use rayon::prelude::*;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// Default limit on the size of one input document (16 MiB).
pub const DEFAULT_MAX_INPUT_BYTES: usize = 16 << 20;

/// Which tasks to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tasks {
    /// Named entities.
    pub entities: bool,
    /// Topic classification.
    pub topics: bool,
    /// Extractive summary.
    pub summary: bool,
    /// Key phrases.
    pub keyphrases: bool,
}

impl Default for Tasks {
    fn default() -> Self {
        Tasks {
            entities: true,
            topics: true,
            summary: true,
            keyphrases: true,
        }
    }
}

/// Options of an [`Analyzer`].
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Tasks to run (all by default).
    pub tasks: Tasks,
    /// Remove page boilerplate from pasted text (default `true`). With `false` the text is
    /// only Unicode-normalized.
    pub clean: bool,
    /// Language of the input (ISO 639-1); `None` detects it per document.
    pub language: Option<String>,
    /// Length of the summary (default 3 sentences).
    pub summary_length: SummaryLength,
    /// Return at most this many topics (default 5).
    pub topic_top_k: usize,
    /// Return only topics scoring at least this (default 0.1); the top topic is always returned.
    pub topic_threshold: f32,
    /// Inputs larger than this many bytes are rejected with [`Error::InputTooLarge`].
    pub max_input_bytes: usize,
    /// Return at most this many key phrases (default 10).
    pub keyphrase_count: usize,
    /// Let a fallback entity model (the built-in multilingual one) serve a language without a
    /// model of its own, with a warning in each document it serves (default `true`). With
    /// `false` such documents get no entities and the "no entity model" warning.
    pub entity_fallback: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            tasks: Tasks::default(),
            clean: true,
            language: None,
            summary_length: SummaryLength::Sentences(3),
            topic_top_k: 5,
            topic_threshold: 0.1,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            keyphrase_count: 10,
            entity_fallback: true,
        }
    }
}

impl Options {
    fn validate(&self) -> Result<()> {
        match self.summary_length {
            SummaryLength::Sentences(0) | SummaryLength::Words(0) => {
                return Err(Error::Config("summary length must be at least 1".into()))
            }
            SummaryLength::Ratio(r) if !(r > 0.0 && r <= 1.0) => {
                return Err(Error::Config(format!(
                    "summary ratio must be in (0, 1], got {r}"
                )))
            }
            _ => {}
        }
        if !(0.0..=1.0).contains(&self.topic_threshold) {
            return Err(Error::Config(format!(
                "topic threshold must be in [0, 1], got {}",
                self.topic_threshold
            )));
        }
        if self.max_input_bytes == 0 {
            return Err(Error::Config("max_input_bytes must be positive".into()));
        }
        Ok(())
    }
}

/// Resolves the entity recognizer for a language (e.g. loading a built-in model lazily).
pub type RecognizerResolver =
    dyn Fn(&str) -> Result<Option<Arc<dyn EntityRecognizer>>> + Send + Sync;

/// Analyzes news text: cleaning, language, entities, topics and summary.
pub struct Analyzer {
    options: Options,
    recognizers: HashMap<String, Arc<dyn EntityRecognizer>>,
    resolver: Option<Arc<RecognizerResolver>>,
    topics: Option<Arc<dyn TopicClassifier>>,
    selector: Option<Arc<dyn SentenceSelector>>,
    abstractive: Option<Arc<dyn AbstractiveSummarizer>>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("options", &self.options)
            .field("languages", &self.recognizers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Builds an [`Analyzer`] from parts.
#[derive(Default)]
pub struct AnalyzerBuilder {
    options: Options,
    recognizers: HashMap<String, Arc<dyn EntityRecognizer>>,
    resolver: Option<Arc<RecognizerResolver>>,
    topics: Option<Arc<dyn TopicClassifier>>,
    selector: Option<Arc<dyn SentenceSelector>>,
    abstractive: Option<Arc<dyn AbstractiveSummarizer>>,
}

impl AnalyzerBuilder {
    /// Sets the options.
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }
    /// Uses `recognizer` for documents in `language` (ISO 639-1).
    pub fn entity_recognizer(
        mut self,
        language: &str,
        recognizer: Arc<dyn EntityRecognizer>,
    ) -> Self {
        self.recognizers.insert(language.to_string(), recognizer);
        self
    }
    /// Resolves recognizers for languages without an explicit one.
    pub fn recognizer_resolver(mut self, resolver: Arc<RecognizerResolver>) -> Self {
        self.resolver = Some(resolver);
        self
    }
    /// Uses `classifier` for topics.
    pub fn topic_classifier(mut self, classifier: Arc<dyn TopicClassifier>) -> Self {
        self.topics = Some(classifier);
        self
    }
    /// Uses `selector` for summaries.
    pub fn sentence_selector(mut self, selector: Arc<dyn SentenceSelector>) -> Self {
        self.selector = Some(selector);
        self
    }
    /// Adds an abstractive summary ([`Analysis::abstractive_summary`]) by `summarizer`.
    pub fn abstractive_summarizer(mut self, summarizer: Arc<dyn AbstractiveSummarizer>) -> Self {
        self.abstractive = Some(summarizer);
        self
    }
    /// Checks the options and builds the analyzer.
    pub fn build(self) -> Result<Analyzer> {
        self.options.validate()?;
        Ok(Analyzer {
            options: self.options,
            recognizers: self.recognizers,
            resolver: self.resolver,
            topics: self.topics,
            selector: self.selector,
            abstractive: self.abstractive,
        })
    }
}

impl Analyzer {
    /// A builder for analyzers with custom parts.
    pub fn builder() -> AnalyzerBuilder {
        AnalyzerBuilder::default()
    }

    /// The options in use.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// A copy of this analyzer with other options (models are shared, not copied).
    pub fn with_options(&self, options: Options) -> Result<Analyzer> {
        self.to_builder().options(options).build()
    }

    /// A builder holding this analyzer's options and (shared) models, to replace some.
    pub fn to_builder(&self) -> AnalyzerBuilder {
        AnalyzerBuilder {
            options: self.options.clone(),
            recognizers: self.recognizers.clone(),
            resolver: self.resolver.clone(),
            topics: self.topics.clone(),
            selector: self.selector.clone(),
            abstractive: self.abstractive.clone(),
        }
    }

    /// Analyzes plain (possibly pasted) text.
    pub fn analyze(&self, text: &str) -> Result<Analysis> {
        self.analyze_as(text, InputFormat::Text)
    }

    /// Analyzes an HTML page: the article is extracted first.
    pub fn analyze_html(&self, html: &str) -> Result<Analysis> {
        self.analyze_as(html, InputFormat::Html)
    }

    /// Analyzes bytes. An HTML page is decoded as its BOM, its `<meta charset>` or the
    /// encoding detector say ([`text::encoding::decode_html`]; the encoding used is
    /// [`crate::types::Metadata::encoding`]); plain text must be UTF-8 (a BOM is honoured):
    /// invalid UTF-8 is an error, not replaced.
    pub fn analyze_bytes(&self, bytes: &[u8], format: InputFormat) -> Result<Analysis> {
        if format == InputFormat::Html {
            self.check_size(bytes.len())?;
            let decoded = text::encoding::decode_html(bytes);
            let mut analysis = self.analyze_as(&decoded.text, format)?;
            if let Some(m) = analysis.metadata.as_mut() {
                m.encoding = Some(decoded.encoding.to_string());
            }
            return Ok(analysis);
        }
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|e| {
            Error::InvalidInput(format!(
                "not valid UTF-8 (first bad byte at offset {})",
                e.valid_up_to()
            ))
        })?;
        self.analyze_as(text, format)
    }

    /// Rejects inputs over [`Options::max_input_bytes`].
    fn check_size(&self, size: usize) -> Result<()> {
        if size > self.options.max_input_bytes {
            return Err(Error::InputTooLarge {
                size,
                limit: self.options.max_input_bytes,
            });
        }
        Ok(())
    }

    /// Analyzes many texts in parallel (rayon); one result per input, in input order.
    /// A panic inside one document is caught and reported as that document's error.
    pub fn analyze_batch<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        format: InputFormat,
    ) -> Vec<Result<Analysis>> {
        if self.has_batching_backend() {
            return self.analyze_batch_tensors(texts, format);
        }
        texts
            .par_iter()
            .map(|t| self.analyze_guarded(t.as_ref(), format))
            .collect()
    }

    /// Like [`Analyzer::analyze_as`], with a panic turned into [`Error::Internal`].
    pub fn analyze_guarded(&self, text: &str, format: InputFormat) -> Result<Analysis> {
        self.guarded(|| self.analyze_as(text, format))
    }

    /// Like [`Analyzer::analyze_bytes`], with a panic turned into [`Error::Internal`].
    pub fn analyze_bytes_guarded(&self, bytes: &[u8], format: InputFormat) -> Result<Analysis> {
        self.guarded(|| self.analyze_bytes(bytes, format))
    }

    fn guarded(&self, f: impl FnOnce() -> Result<Analysis>) -> Result<Analysis> {
        match catch_unwind(AssertUnwindSafe(f)) {
            Ok(r) => r,
            Err(p) => {
                let msg = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                Err(Error::Internal(format!("panic while analyzing: {msg}")))
            }
        }
    }

    /// Analyzes one document given in `format`.
    pub fn analyze_as(&self, input: &str, format: InputFormat) -> Result<Analysis> {
        let doc = self.prepare_checked(input, format)?;
        let mut analysis = self.run_models(&doc)?;
        // the prepared document is ours: move its text instead of copying it
        analysis.title = doc.title;
        analysis.metadata = doc.metadata;
        analysis.text = doc.text;
        analysis.sentences = doc.sentences;
        analysis.blocks = doc.blocks;
        Ok(analysis)
    }

    /// Checks the input's size and kind and prepares it.
    fn prepare_checked(&self, input: &str, format: InputFormat) -> Result<Prepared> {
        self.check_size(input.len())?;
        check_not_binary(input)?;
        text::prepare(
            input,
            format,
            self.options.clean,
            self.options.language.as_deref(),
        )
    }

    /// Runs the models on an already prepared document.
    pub fn analyze_prepared(&self, doc: &Prepared) -> Result<Analysis> {
        let mut analysis = self.run_models(doc)?;
        analysis.title = doc.title.clone();
        analysis.metadata = doc.metadata.clone();
        analysis.text = doc.text.clone();
        analysis.sentences = doc.sentences.clone();
        analysis.blocks = doc.blocks.clone();
        Ok(analysis)
    }

    /// The model outputs for `doc`; title, text and sentences are left empty for the caller.
    fn run_models(&self, doc: &Prepared) -> Result<Analysis> {
        self.run_models_with(doc, Precomputed::default())
    }

    /// [`Analyzer::run_models`] with outputs already computed in a batch.
    fn run_models_with(&self, doc: &Prepared, pre: Precomputed) -> Result<Analysis> {
        let o = &self.options;
        let lang = doc.language.code.as_str();
        let mut warnings = doc.warnings.clone();
        warnings.extend(language_warnings(&doc.language, o.language.is_some()));

        let mut entity_model = None;
        let (mentions, entities) = if let (true, Some(raw)) = (o.tasks.entities, pre.mentions) {
            if let Some(r) = self.recognizer(lang)? {
                entity_model = Some(r.name());
                warnings.extend(r.fallback_warning(lang));
            }
            entities::group(doc, &raw?)
        } else if o.tasks.entities {
            match self.recognizer(lang)? {
                Some(r) => {
                    entity_model = Some(r.name());
                    warnings.extend(r.fallback_warning(lang));
                    let raw = r.recognize(doc)?;
                    entities::group(doc, &raw)
                }
                None => {
                    warnings.push(format!(
                        "no entity model for language {lang:?}: entities skipped"
                    ));
                    (Vec::new(), Vec::new())
                }
            }
        } else {
            (Vec::new(), Vec::new())
        };

        let mut topics_model = None;
        let topics = match (&self.topics, o.tasks.topics) {
            (Some(c), true) => {
                topics_model = Some(c.name());
                let all = c.classify(doc.title.as_deref(), &doc.text, lang)?;
                warnings.extend(topic_warnings(c.as_ref(), lang, &all));
                all.into_iter()
                    .enumerate()
                    .filter(|(i, t)| *i == 0 || t.score >= o.topic_threshold)
                    .map(|(_, t)| t)
                    .take(o.topic_top_k)
                    .collect()
            }
            (None, true) => {
                warnings.push("no topic model configured: topics skipped".into());
                Vec::new()
            }
            _ => Vec::new(),
        };

        let summary = match (&self.selector, o.tasks.summary) {
            (Some(s), true) => s
                .select(doc, o.summary_length)?
                .into_iter()
                .filter(|(i, _)| *i < doc.sentences.len())
                .map(|(i, score)| {
                    let span = doc.sentences[i];
                    SummarySentence {
                        text: doc.text[span.start..span.end].to_string(),
                        start: span.start,
                        end: span.end,
                        index: i,
                        score,
                    }
                })
                .collect(),
            (None, true) if self.abstractive.is_none() => {
                warnings.push("no summarizer configured: summary skipped".into());
                Vec::new()
            }
            _ => Vec::new(),
        };

        let keyphrases = if o.tasks.keyphrases {
            crate::keyphrases::extract(doc, &mentions, &entities, o.keyphrase_count)
        } else {
            Vec::new()
        };

        let abstractive_summary = match (&self.abstractive, o.tasks.summary, pre.abstractive) {
            (Some(_), true, Some(s)) => Some(s?),
            (Some(s), true, None) => Some(s.summarize(doc)?),
            _ => None,
        };

        Ok(Analysis {
            schema_version: SCHEMA_VERSION,
            abstractive_summary,
            language: doc.language.code.clone(),
            language_confidence: doc.language.confidence,
            title: None,
            metadata: None,
            text: String::new(),
            sentences: Vec::new(),
            summary,
            topics,
            mentions,
            entities,
            keyphrases,
            entity_model,
            topics_model,
            warnings,
            blocks: None,
        })
    }

    /// Topic scores of many texts as a matrix (rows: texts, columns: the returned labels),
    /// without cleaning or the other tasks: the fast path for bulk classification.
    pub fn topic_matrix(&self, texts: &[&str]) -> Result<(Vec<String>, ndarray::Array2<f32>)> {
        let c = self
            .topics
            .as_ref()
            .ok_or_else(|| Error::Config("no topic model configured".into()))?;
        Ok((c.labels(), c.classify_matrix(texts)?))
    }

    /// The recognizer for `lang`: the one set for it, else the resolver's; a fallback model
    /// only while [`Options::entity_fallback`] is on.
    fn recognizer(&self, lang: &str) -> Result<Option<Arc<dyn EntityRecognizer>>> {
        if let Some(r) = self.recognizers.get(lang) {
            return Ok(Some(r.clone()));
        }
        let r = match &self.resolver {
            Some(resolve) => resolve(lang)?,
            None => None,
        };
        Ok(r.filter(|r| self.options.entity_fallback || r.fallback_warning(lang).is_none()))
    }
}

/// Model outputs computed for many documents at once (transformer tier).
#[derive(Default)]
struct Precomputed {
    mentions: Option<Result<Vec<crate::backend::RawMention>>>,
    abstractive: Option<Result<String>>,
}

/// Turns a caught panic into an error.
fn panic_error(p: Box<dyn std::any::Any + Send>) -> Error {
    let msg = p
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    Error::InvalidInput(format!("internal error while analyzing: {msg}"))
}

impl Analyzer {
    /// True when an entity recognizer or summarizer prefers many documents per call.
    fn has_batching_backend(&self) -> bool {
        let t = self.options.tasks;
        let ner = t.entities
            && match (&self.resolver, self.recognizers.values().next()) {
                (_, Some(r)) if r.batches() => true,
                // the transformer tier resolves every language to one recognizer
                (Some(resolve), _) => matches!(resolve(""), Ok(Some(r)) if r.batches()),
                _ => false,
            };
        ner || (t.summary && self.abstractive.as_ref().is_some_and(|s| s.batches()))
    }

    /// [`Analyzer::analyze_batch`] for batching backends: documents are prepared in parallel,
    /// then each batching model sees all documents in one call (tensor batches), then the rest
    /// runs per document in parallel.
    fn analyze_batch_tensors<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        format: InputFormat,
    ) -> Vec<Result<Analysis>> {
        let prepared: Vec<Result<Prepared>> = texts
            .par_iter()
            .map(|t| {
                catch_unwind(AssertUnwindSafe(|| {
                    self.prepare_checked(t.as_ref(), format)
                }))
                .unwrap_or_else(|p| Err(panic_error(p)))
            })
            .collect();
        let mut pre: Vec<Precomputed> = prepared.iter().map(|_| Precomputed::default()).collect();
        let t = self.options.tasks;
        if t.entities {
            // documents grouped by their (batching) recognizer
            let mut groups: Vec<(Arc<dyn EntityRecognizer>, Vec<usize>)> = Vec::new();
            for (i, doc) in prepared.iter().enumerate() {
                let Ok(doc) = doc else { continue };
                let Ok(Some(r)) = self.recognizer(&doc.language.code) else {
                    continue;
                };
                if !r.batches() {
                    continue;
                }
                match groups.iter_mut().find(|(g, _)| Arc::ptr_eq(g, &r)) {
                    Some((_, idx)) => idx.push(i),
                    None => groups.push((r, vec![i])),
                }
            }
            for (r, idx) in groups {
                let docs: Vec<&Prepared> = idx
                    .iter()
                    .filter_map(|&i| prepared[i].as_ref().ok())
                    .collect();
                let out = catch_unwind(AssertUnwindSafe(|| r.recognize_many(&docs)))
                    .unwrap_or_else(|p| {
                        let e = panic_error(p).to_string();
                        docs.iter()
                            .map(|_| Err(Error::Internal(e.clone())))
                            .collect()
                    });
                for (i, m) in idx.into_iter().zip(out) {
                    pre[i].mentions = Some(m);
                }
            }
        }
        if let (true, Some(s)) = (t.summary, self.abstractive.as_ref().filter(|s| s.batches())) {
            let idx: Vec<usize> = (0..prepared.len())
                .filter(|&i| prepared[i].is_ok())
                .collect();
            let docs: Vec<&Prepared> = idx
                .iter()
                .filter_map(|&i| prepared[i].as_ref().ok())
                .collect();
            let out =
                catch_unwind(AssertUnwindSafe(|| s.summarize_many(&docs))).unwrap_or_else(|p| {
                    let e = panic_error(p).to_string();
                    docs.iter()
                        .map(|_| Err(Error::Internal(e.clone())))
                        .collect()
                });
            for (i, summary) in idx.into_iter().zip(out) {
                pre[i].abstractive = Some(summary);
            }
        }
        prepared
            .into_par_iter()
            .zip(pre)
            .map(|(doc, pre)| {
                let doc = doc?;
                let mut analysis =
                    catch_unwind(AssertUnwindSafe(|| self.run_models_with(&doc, pre)))
                        .unwrap_or_else(|p| Err(panic_error(p)))?;
                analysis.title = doc.title;
                analysis.metadata = doc.metadata;
                analysis.text = doc.text;
                analysis.sentences = doc.sentences;
                analysis.blocks = doc.blocks;
                Ok(analysis)
            })
            .collect()
    }
}

/// Rejects input that is evidently binary: NUL bytes or many control characters.
fn check_not_binary(input: &str) -> Result<()> {
    let sample = &input.as_bytes()[..input.len().min(8192)];
    let nul = sample.iter().filter(|&&b| b == 0).count();
    let ctrl = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if !sample.is_empty() && (nul * 100 > sample.len() || ctrl * 10 > sample.len()) {
        return Err(Error::InvalidInput(format!(
            "input looks binary ({nul} NUL and {ctrl} control bytes in the first {} bytes)",
            sample.len()
        )));
    }
    Ok(())
}

/// What the caller should know about the topics of a text in `lang`: a language the model
/// was not trained on, or no topic that is likely.
fn topic_warnings(c: &dyn TopicClassifier, lang: &str, all: &[TopicScore]) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(known) = c.languages() {
        if lang != UNDETERMINED && !known.contains(&lang) {
            out.push(format!(
                "the topic model was not trained on language {lang:?} (only {}): topics \
                 may be wrong",
                known.join(", ")
            ));
        }
    }
    let below = c.uncertain_below();
    if let (Some(top), Some(min)) = (all.first(), below) {
        if top.score < min {
            out.push(format!(
                "topics are uncertain: the top topic {:?} scores {:.2} (below {min})",
                top.label, top.score
            ));
        }
    }
    out
}

/// What the caller should know about the language: not identified, or identified with low
/// confidence (a language given by the caller is taken as it is).
fn language_warnings(language: &Language, given: bool) -> Vec<String> {
    if given {
        Vec::new()
    } else if language.code == UNDETERMINED {
        vec![
            "too little text to identify the language: language-specific results skipped \
              or generic; pass a language to choose one"
                .into(),
        ]
    } else if language.confidence < LOW_CONFIDENCE {
        vec![format!(
            "language identification is uncertain ({:?} with confidence {:.2}): results may be \
             for the wrong language; pass a language if you know it",
            language.code, language.confidence
        )]
    } else {
        Vec::new()
    }
}
