//! `nutgraf analyze`: one document to JSON or readable text, and the analysis options that
//! `nutgraf batch` shares. Parses arguments, reads the input and prints; the analysis itself is
//! the library's [`Analyzer`](crate::analyzer::Analyzer).

use crate::analyzer::Analyzer;
use crate::analyzer::{Options, Tasks};
use crate::error::{Error, Result};
use crate::summary::SummaryLength;
use crate::text::InputFormat;
use std::io::{Read, Write};
use std::path::PathBuf;

/// Analysis options shared by `analyze` and `batch`.
#[derive(clap::Args, Debug, Clone)]
pub struct AnalysisArgs {
    /// Language of the input (ISO 639-1, e.g. `de`); detected per document when absent.
    /// Selects the entity model (built in: en, de, es, fr, nl, pt, pl, it, cs, sv, da, fi, nb, nn).
    #[arg(long, alias = "lang")]
    pub language: Option<String>,
    /// Keep the text as it is (no boilerplate removal).
    #[arg(long)]
    pub no_clean: bool,
    /// No multilingual fallback entity model for Latin-script languages without a model of
    /// their own (their documents then get no entities and a warning).
    #[arg(long)]
    pub no_entity_fallback: bool,
    /// Summary length in sentences.
    #[arg(long, default_value_t = 3, conflicts_with_all = ["summary_words", "summary_ratio"])]
    pub summary_sentences: usize,
    /// Summary length in words (whole sentences).
    #[arg(long)]
    pub summary_words: Option<usize>,
    /// Summary length as a fraction of the sentences, in (0, 1].
    #[arg(long)]
    pub summary_ratio: Option<f32>,
    /// Return at most this many topics.
    #[arg(long, default_value_t = 5)]
    pub topics_top_k: usize,
    /// Return only topics scoring at least this (the top topic is always returned).
    #[arg(long, default_value_t = 0.1)]
    pub topics_threshold: f32,
    /// Tasks to skip (repeatable): entities, topics, summary, keyphrases.
    #[arg(long, value_parser = ["entities", "topics", "summary", "keyphrases"])]
    pub skip: Vec<String>,
    /// Return at most this many key phrases.
    #[arg(long, default_value_t = 10)]
    pub keyphrases: usize,
    /// Reject documents larger than this many bytes.
    #[arg(long, default_value_t = crate::analyzer::DEFAULT_MAX_INPUT_BYTES)]
    pub max_bytes: usize,
    /// Use this topic model file (from `nutgraf train topics`) instead of the built-in one.
    #[arg(long)]
    pub topic_model: Option<PathBuf>,
    #[command(flatten)]
    pub transformers: TransformerArgs,
}

/// Transformer-tier models (need a build with `--features transformers`).
#[derive(clap::Args, Debug, Clone)]
pub struct TransformerArgs {
    /// Directory of a token-classification model for entities (transformer tier).
    #[arg(long, value_name = "DIR")]
    pub ner_model: Option<PathBuf>,
    /// Directory of a summarization model for an abstractive summary (transformer tier).
    #[arg(long, value_name = "DIR")]
    pub summary_model: Option<PathBuf>,
    /// Directory of an NLI model for zero-shot topics (transformer tier; needs --labels).
    #[arg(long, value_name = "DIR")]
    pub zero_shot_model: Option<PathBuf>,
    /// Comma-separated topic labels for the zero-shot model.
    #[arg(long, value_delimiter = ',')]
    pub labels: Vec<String>,
    /// Score zero-shot labels independently instead of normalizing them to sum to 1.
    #[arg(long)]
    pub multi_label: bool,
    /// Device of the transformer models: cpu, cuda or cuda:N.
    #[arg(long, default_value = "cpu")]
    pub device: String,
}

impl TransformerArgs {
    /// The transformer configuration these arguments describe.
    pub fn config(&self) -> Result<crate::transformers::TransformerConfig> {
        Ok(crate::transformers::TransformerConfig {
            ner_model: self.ner_model.clone(),
            summary_model: self.summary_model.clone(),
            zero_shot_model: self.zero_shot_model.clone(),
            labels: self.labels.iter().map(|l| l.trim().to_string()).collect(),
            multi_label: self.multi_label,
            device: self.device.parse()?,
            ..Default::default()
        })
    }
}

impl AnalysisArgs {
    /// The analyzer these arguments describe: built-in models, a custom topic model
    /// and any transformer models named.
    pub fn analyzer(&self) -> Result<Analyzer> {
        let topics = match &self.topic_model {
            Some(p) => Some(std::sync::Arc::new(crate::topics::TopicModel::load(p)?)
                as std::sync::Arc<dyn crate::backend::TopicClassifier>),
            None => None,
        };
        Analyzer::builtin_with_models(self.options(), topics, &self.transformers.config()?)
    }

    /// The analyzer options these arguments describe.
    pub fn options(&self) -> Options {
        let summary_length = match (self.summary_words, self.summary_ratio) {
            (Some(w), _) => SummaryLength::Words(w),
            (None, Some(r)) => SummaryLength::Ratio(r),
            _ => SummaryLength::Sentences(self.summary_sentences),
        };
        let skip = |t: &str| self.skip.iter().any(|s| s == t);
        Options {
            tasks: Tasks {
                entities: !skip("entities"),
                topics: !skip("topics"),
                summary: !skip("summary"),
                keyphrases: !skip("keyphrases"),
            },
            clean: !self.no_clean,
            language: self.language.clone(),
            summary_length,
            topic_top_k: self.topics_top_k,
            topic_threshold: self.topics_threshold,
            max_input_bytes: self.max_bytes,
            keyphrase_count: self.keyphrases,
            entity_fallback: !self.no_entity_fallback,
        }
    }
}

/// Arguments of `nutgraf analyze`.
#[derive(clap::Args, Debug)]
pub struct AnalyzeArgs {
    /// Input file; `-` or absent reads standard input.
    pub input: Option<PathBuf>,
    /// The input is an HTML page (default: guessed from a .html/.htm file name).
    #[arg(long)]
    pub html: bool,
    /// Output format: readable text or one JSON object.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
    /// With `--format text`, also print the cleaned story text.
    #[arg(long)]
    pub show_text: bool,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Arguments of `nutgraf render`.
#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    /// HTML page; `-` or absent reads standard input.
    pub input: Option<PathBuf>,
    /// Width of each column in characters.
    #[arg(long, default_value_t = 60)]
    pub width: usize,
    /// Two columns, two columns with element paths, or JSON Lines (path, text, kept, reason).
    #[arg(long, default_value = "columns", value_parser = ["columns", "paths", "json"])]
    pub view: String,
}

/// The bytes and the name of an input file (`-` or absent: standard input).
fn read_input(input: Option<&std::path::Path>) -> Result<(Vec<u8>, String)> {
    match input {
        Some(p) if p.as_os_str() != "-" => Ok((
            std::fs::read(p).map_err(|e| Error::io(p.display().to_string(), e))?,
            p.display().to_string(),
        )),
        _ => {
            let mut buf = Vec::new();
            let read = std::io::stdin().read_to_end(&mut buf);
            read.map_err(|e| Error::io("stdin", e))?;
            Ok((buf, "<stdin>".to_string()))
        }
    }
}

pub fn render(a: RenderArgs) -> Result<i32> {
    let html = String::from_utf8_lossy(&read_input(a.input.as_deref())?.0).into_owned();
    print!("{}", crate::text::render::render(&html, a.width, &a.view)?);
    Ok(0)
}

pub fn analyze(a: AnalyzeArgs) -> Result<i32> {
    let (bytes, name) = read_input(a.input.as_deref())?;
    let html = a.html || name.ends_with(".html") || name.ends_with(".htm");
    let nlp = a.analysis.analyzer()?;
    let format = InputFormat::html(html);
    let doc = nlp.analyze_bytes(&bytes, format).map_err(|e| match e {
        Error::InvalidInput(m) => Error::InvalidInput(format!("{name}: {m}")),
        other => other,
    })?;
    let mut out = std::io::stdout().lock();
    let written = match a.format.as_str() {
        "json" => writeln!(out, "{}", serde_json::to_string_pretty(&doc).expect("json")),
        _ => out.write_all(doc.to_text(a.show_text).as_bytes()),
    };
    written.map_err(|e| Error::io("stdout", e))?;
    Ok(0)
}
