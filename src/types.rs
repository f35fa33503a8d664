//! Output types of nutgraf. All are serde-serializable with stable field names;
//! all offsets are byte offsets into [`Analysis::text`]. Plain data, no analysis logic:
//! a field renamed here changes the JSON output and its schema (`schema/`).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Version of the JSON output schema ([`Analysis`] and batch records).
pub const SCHEMA_VERSION: u32 = 2;

/// Entity types of the built-in taggers (CoNLL-2003 scheme).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum EntityLabel {
    /// Persons.
    PER,
    /// Organizations.
    ORG,
    /// Locations.
    LOC,
    /// Miscellaneous names (events, nationalities, works, products, ...).
    MISC,
}

impl EntityLabel {
    /// All labels in a fixed order.
    pub const ALL: [EntityLabel; 4] = [
        EntityLabel::PER,
        EntityLabel::ORG,
        EntityLabel::LOC,
        EntityLabel::MISC,
    ];

    /// The label as a string (`"PER"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::PER => "PER",
            EntityLabel::ORG => "ORG",
            EntityLabel::LOC => "LOC",
            EntityLabel::MISC => "MISC",
        }
    }
}

impl fmt::Display for EntityLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntityLabel {
    type Err = crate::error::Error;
    fn from_str(s: &str) -> crate::error::Result<Self> {
        match s {
            "PER" => Ok(EntityLabel::PER),
            "ORG" => Ok(EntityLabel::ORG),
            "LOC" => Ok(EntityLabel::LOC),
            "MISC" => Ok(EntityLabel::MISC),
            _ => Err(crate::error::Error::Data(format!(
                "unknown entity label {s:?}"
            ))),
        }
    }
}

/// An IOB2 tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Iob {
    /// Outside any entity.
    O,
    /// First token of an entity.
    B(EntityLabel),
    /// Continuation of an entity.
    I(EntityLabel),
}

impl fmt::Display for Iob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Iob::O => f.write_str("O"),
            Iob::B(l) => write!(f, "B-{l}"),
            Iob::I(l) => write!(f, "I-{l}"),
        }
    }
}

impl FromStr for Iob {
    type Err = crate::error::Error;
    /// Parses `O`, `B-PER`, `I-LOC`, ...
    fn from_str(s: &str) -> crate::error::Result<Self> {
        if s == "O" {
            return Ok(Iob::O);
        }
        match s.split_once('-') {
            Some(("B", l)) => Ok(Iob::B(l.parse()?)),
            Some(("I", l)) => Ok(Iob::I(l.parse()?)),
            _ => Err(crate::error::Error::Data(format!("not an IOB2 tag: {s:?}"))),
        }
    }
}

/// A half-open byte range `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// One occurrence of a named entity in the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Mention {
    /// Entity type.
    pub label: EntityLabel,
    /// The mention's surface text, equal to `text[start..end]`.
    pub text: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Confidence in `[0, 1]`.
    pub score: f32,
    /// Index of the entity in [`Analysis::entities`] this mention belongs to.
    pub entity: usize,
    /// The mention is a derived adjective or demonym ("japanische", "deutschen",
    /// "Berliner", "Japanese"), not a name: it belongs to the entity it derives from when
    /// that entity is in the document (and keeps the label MISC), else to a MISC entity
    /// of its own (see [`crate::entities`], rule 7).
    #[serde(default)]
    pub derived: bool,
}

/// A real-world thing mentioned one or more times ("Shigeru Ishiba", "Ishiba", "Herr Ishiba").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Entity {
    /// Entity type.
    pub label: EntityLabel,
    /// Canonical name: the longest full form of its names, without titles or honorifics
    /// (an acronym when the text uses it more than twice as often as its long form; see
    /// [`crate::entities`]).
    pub name: String,
    /// Number of mentions (`mentions.len()`).
    pub count: usize,
    /// Byte offset of the first mention (the `start` of the mention `mentions[0]`).
    #[serde(default)]
    pub start: usize,
    /// Indices into [`Analysis::mentions`], in text order.
    pub mentions: Vec<usize>,
    /// Salience in `[0, 1]`: how central the entity is to the story (mentions, first
    /// position, presence in the title and the lead; see [`crate::entities`]).
    pub salience: f32,
}

/// A topic with its score in `[0, 1]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TopicScore {
    /// Topic label from the model's taxonomy (e.g. `"politics"`).
    pub label: String,
    /// Probability-like score in `[0, 1]`.
    pub score: f32,
}

/// A sentence chosen for the summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SummarySentence {
    /// The sentence text, equal to `text[start..end]`.
    pub text: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Index of the sentence in [`Analysis::sentences`].
    pub index: usize,
    /// Salience score used for the choice (higher is more central).
    pub score: f32,
}

/// A key phrase of the document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Keyphrase {
    /// The phrase as it first occurs, or the entity's canonical name for entities.
    pub text: String,
    /// Relevance in `(0, 1]`, 1 for the best phrase of the document.
    pub score: f32,
    /// Byte offset of the first occurrence's first byte.
    pub start: usize,
    /// Byte offset one past the first occurrence's last byte.
    pub end: usize,
}

/// What an HTML page says about itself: headline, authors, dates, site, canonical URL.
/// Read from the page's JSON-LD, OpenGraph and other `<meta>` tags, `<time>` elements,
/// microdata and the visible byline, in that order of trust (see [`crate::text::metadata`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Metadata {
    /// The article's headline (without the site name that page titles append).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Author names, in the page's order; empty when the page names none.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Publication date, ISO 8601: `2026-12-04`, or `2026-12-04T10:30:00+01:00` (with the
    /// time and, where the page gives one, its UTC offset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Date of the last modification, ISO 8601 as `published`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// Name of the site or publisher (`og:site_name`, the JSON-LD publisher).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// Canonical URL of the page (`<link rel="canonical">`, `og:url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The page's own summary (`<meta name="description">`, `og:description`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// URL of the lead image (`og:image`, JSON-LD `image`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Language the page declares (`<html lang>`, `og:locale`, `Content-Language`), as an
    /// ISO 639-1 code; the detected one is [`Analysis::language`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Character encoding the page's bytes were decoded from (`UTF-8`, `windows-1252`, ...);
    /// absent when the page was given as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

/// The result of analyzing one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Analysis {
    /// Version of this schema ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// ISO 639-1 code of the detected (or given) language.
    pub language: String,
    /// Confidence of the language identification in `[0, 1]`.
    pub language_confidence: f32,
    /// Headline, when one was found (for HTML pages: [`Metadata::title`] when the page has one).
    pub title: Option<String>,
    /// What an HTML page says about itself (authors, dates, site, URL, ...); absent for
    /// plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// The story text after cleaning; every offset refers to it.
    pub text: String,
    /// Sentence boundaries in `text`.
    pub sentences: Vec<Span>,
    /// Summary sentences in story order.
    pub summary: Vec<SummarySentence>,
    /// A summary written by an abstractive model (transformer tier), when one is configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abstractive_summary: Option<String>,
    /// Topics, highest score first.
    pub topics: Vec<TopicScore>,
    /// Entity mentions in text order.
    pub mentions: Vec<Mention>,
    /// Entities (mentions grouped), most salient first.
    pub entities: Vec<Entity>,
    /// Key phrases, best first.
    #[serde(default)]
    pub keyphrases: Vec<Keyphrase>,
    /// The entity model that served the document (`ner-de`, `multilingual` for the fallback
    /// model of a Latin-script language without a model of its own, `transformer:…`); `None`
    /// when entities were skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_model: Option<String>,
    /// The topic model that served the document (`topics` for the built-in one, `custom`, `zero-shot:…`); `None`
    /// when topics were skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topics_model: Option<String>,
    /// Things the caller should know, e.g. a task skipped for lack of a model for the language.
    pub warnings: Vec<String>,
    /// Where the text came from (HTML input only): each paragraph of `text` with the page
    /// element it was taken from, and the paragraphs of the extracted article that cleaning
    /// dropped, with the reason; in the order of the extractor's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<Vec<Block>>,
}

/// A paragraph of an HTML page's article and what became of it (see [`Analysis::blocks`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Block {
    /// Where the paragraph is in `text`; absent when it was dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// Element path of its block in the page, e.g. `html/body/div[2]/article/p[3]`
    /// (1-based position among the siblings of the same name); absent when the
    /// extractor's text was not found among the page's blocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Why it was dropped; absent when kept. One of `end_marker` (a heading such as
    /// "Related articles"), `after_end_marker` (what follows one, up to the next prose),
    /// `duplicate`, `boilerplate` (share bars, copyright lines, ...), `caption` (photo
    /// captions and credits), `link_dense` (mostly link text), `call_to_action`
    /// (subscribe, donate, follow, near the end), `superseded` (replaced by the page's
    /// declared article), `not_on_page` (the extractor's last resort: the page's `<title>`
    /// and text run together, found nowhere on the page; dropped even without cleaning).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropped: Option<String>,
    /// The text of a dropped paragraph (a kept one's text is `text[span]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Analysis {
    /// A readable rendering (what `nutgraf analyze` prints): language, title, summary,
    /// topics, keyphrases, entities, the models that served and the warnings.
    pub fn to_text(&self, show_text: bool) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "Language: {} ({:.2})",
            self.language, self.language_confidence
        );
        let models: Vec<&str> = [&self.entity_model, &self.topics_model]
            .into_iter()
            .filter_map(|m| m.as_deref())
            .collect();
        if !models.is_empty() {
            let _ = writeln!(s, "Models:   {}", models.join(", "));
        }
        if let Some(t) = &self.title {
            let _ = writeln!(s, "Title:    {t}");
        }
        if let Some(m) = &self.metadata {
            if !m.authors.is_empty() {
                let _ = writeln!(s, "Authors:  {}", m.authors.join(", "));
            }
            for (name, value) in [
                ("Published", &m.published),
                ("Site", &m.site_name),
                ("URL", &m.url),
            ] {
                if let Some(v) = value {
                    let _ = writeln!(s, "{:<10}{v}", format!("{name}:"));
                }
            }
        }
        let _ = writeln!(s, "Sentences: {}", self.sentences.len());
        let _ = writeln!(s, "\nSummary:");
        for sent in &self.summary {
            let _ = writeln!(s, "  - {}", sent.text);
        }
        if let Some(a) = &self.abstractive_summary {
            let _ = writeln!(s, "\nAbstractive summary:\n  {a}");
        }
        let _ = writeln!(s, "\nTopics:");
        for t in &self.topics {
            let _ = writeln!(s, "  {:<24} {:.3}", t.label, t.score);
        }
        if !self.keyphrases.is_empty() {
            let phrases: Vec<&str> = self.keyphrases.iter().map(|k| k.text.as_str()).collect();
            let _ = writeln!(s, "\nKeyphrases: {}", phrases.join(", "));
        }
        let _ = writeln!(s, "\nEntities:");
        for e in &self.entities {
            let _ = writeln!(s, "  {:<5} {:<32} x{}", e.label.as_str(), e.name, e.count);
        }
        for w in &self.warnings {
            let _ = writeln!(s, "\nWarning: {w}");
        }
        if show_text {
            let _ = writeln!(s, "\nText:\n{}", self.text);
        }
        s
    }

    /// The summary as one string (sentences joined by a space).
    pub fn summary_text(&self) -> String {
        self.summary
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// JSON serialization of the analysis.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("Analysis serializes to JSON")
    }
}
