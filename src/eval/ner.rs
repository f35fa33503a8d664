//! Evaluation of entity taggers on labelled CoNLL-style data: conlleval-style scores of a
//! model's tags ([`evaluate_ner`]) and of the whole entity pipeline (text in, document-level
//! rules, byte spans). Reads test files and models; prints nothing, knows nothing of the CLI.

use crate::backend::{EntityRecognizer, RawMention};
use crate::error::Result;
use crate::ner::eval::{Counts, Scorer};
use crate::ner::trainer::TrainDoc;
use crate::ner::{model_for, spans_from_iob, NerModel, DOMAINS};
use crate::text::{self, InputFormat};
use crate::types::{EntityLabel, Iob};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Settings of an entity evaluation (`nutgraf eval ner`).
#[derive(Clone, Debug)]
pub struct NerEvalOptions {
    /// Language of the built-in model, and of text preparation in the pipeline scores.
    pub language: String,
    /// Model file instead of the built-in model.
    pub model: Option<PathBuf>,
    /// Text domain (a name of [`DOMAINS`]): models trained with wiki data use their wiki
    /// weights.
    pub domain: String,
    /// Map MISC to O in gold and predictions (WikiANN, Europeana).
    pub no_misc: bool,
    /// Also score what `analyze` returns (see [`score_pipeline`]).
    pub pipeline: bool,
}

impl NerEvalOptions {
    /// The built-in model of `language`, news domain, MISC scored, no pipeline scores.
    pub fn new(language: &str) -> Self {
        NerEvalOptions {
            language: language.to_string(),
            model: None,
            domain: DOMAINS[0].to_string(),
            no_misc: false,
            pipeline: false,
        }
    }

    /// The model these options name (see [`crate::ner::model_for`]).
    pub fn load_model(&self) -> Result<Arc<NerModel>> {
        model_for(&self.language, self.model.as_deref(), &self.domain)
    }
}

/// Scores of one test set.
#[derive(Clone, Debug)]
pub struct NerReport {
    /// Entity-level scores of the tagger (conlleval style), overall and per label.
    pub scores: Scorer,
    /// Predicted tags per document, sentence and token.
    pub predictions: Vec<Vec<Vec<Iob>>>,
    /// Seconds spent tagging and scoring (without the pipeline scores).
    pub seconds: f64,
    /// The pipeline scores, when asked for.
    pub pipeline: Option<PipelineScores>,
}

/// Scores of one test file through the whole entity stage: the recognizer's mentions and
/// the mentions after the document-level rules.
#[derive(Clone, Debug)]
pub struct PipelineScores {
    /// Mentions as the recognizer returns them.
    pub recognizer: Scorer,
    /// Mentions after grouping into entities and the document-level label vote.
    pub grouped: Scorer,
    /// Documents scored.
    pub docs: usize,
    /// Documents left out because text preparation changed their text (e.g. Unicode
    /// normalization), so that byte offsets would not match.
    pub changed: usize,
}

impl NerReport {
    /// The report as `nutgraf eval ner` prints it on standard output.
    pub fn text(&self) -> String {
        let mut s = format!("{}\n", self.scores);
        if let Some(p) = &self.pipeline {
            s.push_str(&format!("{p}\n"));
        }
        s
    }

    /// The report as JSON: `scores` (see [`scores_json`]), `seconds`, `report` (the
    /// [`NerReport::text`]) and `pipeline` (`recognizer`, `grouped`, `docs`, `changed`, or
    /// null).
    pub fn to_json(&self) -> Value {
        let pipeline = self.pipeline.as_ref().map(|p| {
            json!({
                "recognizer": scores_json(&p.recognizer),
                "grouped": scores_json(&p.grouped),
                "docs": p.docs,
                "changed": p.changed,
            })
        });
        json!({
            "scores": scores_json(&self.scores),
            "seconds": self.seconds,
            "report": self.text(),
            "pipeline": pipeline,
        })
    }
}

impl fmt::Display for PipelineScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "pipeline, recognizer mentions (text in, byte spans):\n{}\npipeline, after the document-level entity rules:\n{}",
            self.recognizer, self.grouped
        )
    }
}

fn counts_json(c: &Counts) -> Value {
    json!({
        "precision": c.precision(),
        "recall": c.recall(),
        "f1": c.f1(),
        "gold": c.gold,
        "predicted": c.predicted,
        "correct": c.correct,
    })
}

/// Scores as JSON: the overall counts and percentages (`precision`, `recall`, `f1`, `gold`,
/// `predicted`, `correct`), `tokens`, token `accuracy` (null for span scores) and
/// `per_label` (without MISC when it is not scored).
pub fn scores_json(sc: &Scorer) -> Value {
    let mut v = counts_json(&sc.total);
    let per_label: serde_json::Map<String, Value> = EntityLabel::ALL
        .iter()
        .zip(&sc.per_class)
        .filter(|(l, _)| !(sc.no_misc && **l == EntityLabel::MISC))
        .map(|(l, c)| (l.as_str().to_string(), counts_json(c)))
        .collect();
    let accuracy = (sc.tokens > 0).then(|| 100.0 * sc.tokens_correct as f64 / sc.tokens as f64);
    v["tokens"] = json!(sc.tokens);
    v["accuracy"] = json!(accuracy);
    v["per_label"] = Value::Object(per_label);
    v
}

/// Tags every document as a whole (documents in parallel).
fn tag_docs(model: &NerModel, docs: &[TrainDoc]) -> Vec<Vec<Vec<Iob>>> {
    docs.par_iter()
        .map(|d| {
            let s: Vec<Vec<&str>> = d
                .sentences
                .iter()
                .map(|s| s.tokens.iter().map(String::as_str).collect())
                .collect();
            model.tag_document_tags(&s)
        })
        .collect()
}

fn score_tags(docs: &[TrainDoc], preds: &[Vec<Vec<Iob>>], no_misc: bool) -> Scorer {
    let mut sc = Scorer::new(no_misc);
    for (d, p) in docs.iter().zip(preds) {
        for (s, p) in d.sentences.iter().zip(p) {
            sc.add(&s.tags, p);
        }
    }
    sc
}

/// Scores a model on documents (each document tagged as a whole).
pub fn score_docs(model: &NerModel, docs: &[TrainDoc], no_misc: bool) -> Scorer {
    score_tags(docs, &tag_docs(model, docs), no_misc)
}

/// Evaluates `model` on labelled documents: tags and scores them, and with
/// `opts.pipeline` also runs them through the whole entity stage in `opts.language`
/// (`opts.model` and `opts.domain` are not read: the model is given).
pub fn evaluate_ner(
    model: &NerModel,
    docs: &[TrainDoc],
    opts: &NerEvalOptions,
) -> Result<NerReport> {
    let t0 = std::time::Instant::now();
    let predictions = tag_docs(model, docs);
    let scores = score_tags(docs, &predictions, opts.no_misc);
    let seconds = t0.elapsed().as_secs_f64();
    let pipeline = if opts.pipeline {
        Some(score_pipeline(model, docs, &opts.language, opts.no_misc)?)
    } else {
        None
    };
    Ok(NerReport {
        scores,
        predictions,
        seconds,
        pipeline,
    })
}

/// Evaluates the model of `opts` on a labelled CoNLL-style file (tag in the last column,
/// `-DOCSTART-` lines between documents).
pub fn evaluate_ner_file(path: &Path, opts: &NerEvalOptions) -> Result<NerReport> {
    let model = opts.load_model()?;
    let docs = TrainDoc::read(path, false)?;
    evaluate_ner(&model, &docs, opts)
}

/// `token<TAB>gold<TAB>predicted` lines, a blank line after each sentence.
pub fn predictions_tsv(docs: &[TrainDoc], predictions: &[Vec<Vec<Iob>>]) -> String {
    let mut out = String::new();
    for (d, pred) in docs.iter().zip(predictions) {
        for (sent, pred) in d.sentences.iter().zip(pred) {
            for ((tok, g), p) in sent.tokens.iter().zip(&sent.tags).zip(pred) {
                out.push_str(&format!("{tok}\t{g}\t{p}\n"));
            }
            out.push('\n');
        }
    }
    out
}

/// A model's scores on dev documents, per text domain present (each scored with a copy of
/// the model set to that domain; MISC ignored where the documents have none).
pub fn dev_scores(model: &NerModel, dev_docs: &[TrainDoc]) -> Result<Vec<(&'static str, Scorer)>> {
    let mut out = Vec::new();
    for (id, name) in DOMAINS.iter().enumerate() {
        let docs: Vec<TrainDoc> = dev_docs
            .iter()
            .filter(|d| d.domain as usize == id)
            .cloned()
            .collect();
        if docs.is_empty() {
            continue;
        }
        let mut m = NerModel::from_bytes(&model.to_bytes()?)?;
        m.set_domain(name)?;
        let nm = docs.iter().any(|d| d.no_misc);
        out.push((*name, score_docs(&m, &docs, nm)));
    }
    Ok(out)
}

/// A document as text (tokens joined by spaces, one sentence per line), with the gold
/// entities as byte spans of that text.
fn doc_text(doc: &TrainDoc) -> (String, Vec<(usize, usize, EntityLabel)>) {
    let mut text = String::new();
    let mut gold = Vec::new();
    for s in &doc.sentences {
        let mut at = Vec::with_capacity(s.tokens.len());
        for (i, t) in s.tokens.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            at.push((text.len(), text.len() + t.len()));
            text.push_str(t);
        }
        text.push('\n');
        for (a, b, l) in spans_from_iob(&s.tags) {
            gold.push((at[a].0, at[b - 1].1, l));
        }
    }
    (text, gold)
}

/// Entity scores of what users get: each document becomes plain text and goes through
/// text preparation in `lang`, the recognizer and the document-level entity rules
/// (`crate::entities`); mentions match gold entities by byte span and label, so a mention
/// whose ends miss the gold token boundaries counts as wrong. A single document (a file
/// without document breaks) is taken as that many one-sentence documents.
pub fn score_pipeline(
    recognizer: &dyn EntityRecognizer,
    docs: &[TrainDoc],
    lang: &str,
    no_misc: bool,
) -> Result<PipelineScores> {
    let mut out = PipelineScores {
        recognizer: Scorer::new(no_misc),
        grouped: Scorer::new(no_misc),
        changed: 0,
        docs: 0,
    };
    let spans = |m: &[RawMention]| -> Vec<_> {
        m.iter()
            .map(|m| (m.span.start, m.span.end, m.label))
            .collect()
    };
    // a file without document breaks (GermEval, WikiANN) is a list of unrelated sentences
    let split: Vec<TrainDoc>;
    let docs = if docs.len() == 1 {
        split = docs[0]
            .sentences
            .iter()
            .map(|s| TrainDoc {
                sentences: vec![s.clone()],
                no_misc: docs[0].no_misc,
                domain: docs[0].domain,
            })
            .collect();
        &split[..]
    } else {
        docs
    };
    for d in docs {
        let (raw_text, gold) = doc_text(d);
        if gold.is_empty() && raw_text.trim().is_empty() {
            continue;
        }
        let doc = text::prepare(&raw_text, InputFormat::Text, false, Some(lang))?;
        if doc.text != raw_text {
            // offsets would not match the gold spans: counted and reported, not scored
            out.changed += 1;
            continue;
        }
        out.docs += 1;
        let raw = recognizer.recognize(&doc)?;
        out.recognizer.add_spans(&gold, &spans(&raw));
        let (mentions, _) = crate::entities::group(&doc, &raw);
        let grouped: Vec<_> = mentions.iter().map(|m| (m.start, m.end, m.label)).collect();
        out.grouped.add_spans(&gold, &grouped);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::conll;
    use crate::text::Prepared;
    use crate::types::Span;

    /// Tags every "Chicago" as ORG and every "Bellamy" as PER.
    struct Words;
    impl EntityRecognizer for Words {
        fn recognize(&self, doc: &Prepared) -> Result<Vec<RawMention>> {
            let mut out = Vec::new();
            for (w, label) in [("Chicago", EntityLabel::ORG), ("Bellamy", EntityLabel::PER)] {
                for (start, _) in doc.text.match_indices(w) {
                    let span = Span {
                        start,
                        end: start + w.len(),
                    };
                    out.push(RawMention {
                        span,
                        label,
                        score: 0.9,
                    });
                }
            }
            out.sort_by_key(|m| m.span.start);
            Ok(out)
        }
    }

    #[test]
    fn documents_become_text_with_gold_byte_spans() {
        let file =
            "Chicago\tB-LOC\nis\tO\nbig\tO\n\nCraig\tB-PER\nBellamy\tI-PER\nplays\tO\n.\tO\n";
        let docs = TrainDoc::from_labeled(conll::read_labeled(file, "test").unwrap(), false);
        let (text, gold) = doc_text(&docs[0]);
        assert_eq!(text, "Chicago is big\nCraig Bellamy plays .\n");
        assert_eq!(gold, [(0, 7, EntityLabel::LOC), (15, 28, EntityLabel::PER)]);
        let s = score_pipeline(&Words, &docs, "en", false).unwrap();
        assert_eq!(s.changed, 0);
        // "Chicago" has the wrong label, "Bellamy" the wrong span: nothing is correct
        for sc in [&s.recognizer, &s.grouped] {
            assert_eq!(sc.total.gold, 2);
            assert_eq!(sc.total.predicted, 2);
            assert_eq!(sc.total.correct, 0);
        }
    }
}
