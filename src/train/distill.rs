//! Distillation: a transformer NER model (the teacher) labels unlabeled texts (JSONL or CSV),
//! and its mentions become IOB-tagged training documents of the built-in tagger, tokenized and
//! split into sentences as the built-in tier does. Trains nothing and writes no file.

use crate::datasets::{parse_csv, read_text};
use crate::error::{Error, Result};
use crate::ner::conll::{LabeledDoc, LabeledSentence};
use crate::ner::trainer::TrainDoc;
use crate::text::Prepared;
use crate::types::{EntityLabel, Iob};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the teacher labelled: counts for the model card.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeacherReport {
    /// The teacher's folder.
    pub teacher: PathBuf,
    /// The unlabeled files.
    pub files: Vec<PathBuf>,
    /// Texts read, and texts left out (empty after preparation).
    pub texts: usize,
    /// Texts left out.
    pub skipped: usize,
    /// Sentences and tokens of the labelled documents.
    pub sentences: usize,
    /// Tokens of the labelled documents.
    pub tokens: usize,
    /// Mentions by label (`PER`, `ORG`, ...).
    pub mentions: BTreeMap<String, usize>,
}

/// The texts of an unlabeled file: JSONL (one object a line, the string field `field`) or,
/// when the name ends in `.csv` (or `.csv.gz`), CSV with a header row and a column `field`.
pub fn read_unlabeled(path: &Path, field: &str) -> Result<Vec<String>> {
    let name = path.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".csv") || name.ends_with(".csv.gz") {
        let rows = parse_csv(&read_text(path)?, ',', '"');
        let Some((header, rows)) = rows.split_first() else {
            return Ok(Vec::new());
        };
        let col = header
            .iter()
            .position(|h| h == field)
            .ok_or_else(|| Error::Data(format!("{}: no column {field:?}", path.display())))?;
        return Ok(rows.iter().filter_map(|r| r.get(col).cloned()).collect());
    }
    crate::train::topics::read_texts(path, field)
}

/// IOB tags of `doc`'s sentences from mentions (byte spans in `doc.text`): a token inside a
/// mention gets its label, `B` on the first token of the mention in each sentence.
pub fn tag_prepared(doc: &Prepared, mentions: &[(usize, usize, EntityLabel)]) -> LabeledDoc {
    let mut sorted = mentions.to_vec();
    sorted.sort_by_key(|m| (m.0, m.1));
    doc.sentence_tokens
        .iter()
        .filter(|r| !r.is_empty())
        .map(|r| {
            let mut last: Option<usize> = None; // index of the mention of the previous token
            let mut tags = Vec::with_capacity(r.len());
            for t in &doc.tokens[r.clone()] {
                let hit = sorted
                    .iter()
                    .position(|&(s, e, _)| s < t.end && t.start < e);
                tags.push(match hit {
                    None => Iob::O,
                    Some(m) if last == Some(m) => Iob::I(sorted[m].2),
                    Some(m) => Iob::B(sorted[m].2),
                });
                last = hit;
            }
            LabeledSentence {
                tokens: doc.tokens[r.clone()]
                    .iter()
                    .map(|t| doc.text[t.start..t.end].to_string())
                    .collect(),
                tags,
            }
        })
        .collect()
}

/// Labels the texts of `files` with the teacher in `teacher` (a token-classification folder
/// as the transformer tier loads it): training documents of the default domain, and the
/// counts. Texts are prepared as plain text in `language` (no cleaning); `log` gets progress.
#[cfg(feature = "transformers")]
pub fn teacher_docs(
    teacher: &Path,
    files: &[PathBuf],
    field: &str,
    language: &str,
    log: &(dyn Fn(&str) + Sync),
) -> Result<(Vec<TrainDoc>, TeacherReport)> {
    use crate::backend::EntityRecognizer;
    use rayon::prelude::*;
    let device = tch::Device::cuda_if_available();
    let ner = crate::transformers::ner::TransformerNer::load(teacher, device, 16)?;
    let mut report = TeacherReport {
        teacher: teacher.to_path_buf(),
        files: files.to_vec(),
        ..TeacherReport::default()
    };
    let mut docs = Vec::new();
    for f in files {
        let texts = read_unlabeled(f, field)?;
        report.texts += texts.len();
        for (k, part) in texts.chunks(64).enumerate() {
            let prepared: Vec<Prepared> = part
                .par_iter()
                .filter_map(|t| {
                    crate::text::prepare(t, crate::text::InputFormat::Text, false, Some(language))
                        .ok()
                })
                .collect();
            report.skipped += part.len() - prepared.len();
            let refs: Vec<&Prepared> = prepared.iter().collect();
            for (doc, found) in prepared.iter().zip(ner.recognize_many(&refs)) {
                let spans: Vec<(usize, usize, EntityLabel)> = found?
                    .into_iter()
                    .map(|m| (m.span.start, m.span.end, m.label))
                    .collect();
                let labeled = tag_prepared(doc, &spans);
                count(&labeled, &mut report);
                docs.push(labeled);
            }
            log(&format!(
                "teacher: {} texts of {} labelled",
                (k * 64 + part.len()).min(texts.len()),
                f.display()
            ));
        }
    }
    Ok((TrainDoc::from_labeled(docs, false), report))
}

/// Without the transformer tier there is no teacher.
#[cfg(not(feature = "transformers"))]
pub fn teacher_docs(
    _teacher: &Path,
    _files: &[PathBuf],
    _field: &str,
    _language: &str,
    _log: &(dyn Fn(&str) + Sync),
) -> Result<(Vec<TrainDoc>, TeacherReport)> {
    Err(Error::Config(
        "--teacher needs a nutgraf built with `--features transformers`".into(),
    ))
}

#[cfg(feature = "transformers")]
fn count(doc: &LabeledDoc, report: &mut TeacherReport) {
    for s in doc {
        report.sentences += 1;
        report.tokens += s.tokens.len();
        for t in &s.tags {
            if let Iob::B(l) = t {
                *report.mentions.entry(format!("{l:?}")).or_default() += 1;
            }
        }
    }
}

/// The model card of a distilled model (Markdown): teacher, unlabeled data and what the
/// teacher found, gold data, the command, and the dev scores when there are some.
pub fn card(report: &TeacherReport, description: &str, command: &str, scores: &str) -> String {
    let files: Vec<String> = report
        .files
        .iter()
        .map(|f| f.display().to_string())
        .collect();
    let mentions: Vec<String> = report
        .mentions
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    let mut out = format!(
        "# Distilled entity model\n\n\
         Built-in entity tagger trained on the labels of a transformer teacher plus gold data.\n\n\
         - **Teacher:** `{}` (transformer token-classification model; its labels are silver \
         data, its errors are learned too)\n\
         - **Unlabeled data:** {} ({} texts, {} left out as empty; {} sentences, {} tokens)\n\
         - **Teacher mentions:** {}\n\
         - **Training data (description stored in the model):** {description}\n\
         - **Licences:** those of the teacher model, of the unlabeled texts and of the gold \
         data named above apply to this model.\n\
         - **Command:** `{command}`\n",
        report.teacher.display(),
        files.join(", "),
        report.texts,
        report.skipped,
        report.sentences,
        report.tokens,
        if mentions.is_empty() {
            "none".to_string()
        } else {
            mentions.join(", ")
        },
    );
    out.push_str("\n## Scores\n\n");
    if scores.trim().is_empty() {
        out.push_str("No dev data was given: no score.\n");
    } else {
        out.push_str(&format!(
            "On the dev data:\n\n```text\n{}\n```\n",
            scores.trim()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_become_iob_tags_per_sentence() {
        let doc = crate::text::prepare(
            "Angela Merkel met Emmanuel Macron in Paris. Siemens grew.",
            crate::text::InputFormat::Text,
            false,
            Some("en"),
        )
        .unwrap();
        let text = &doc.text;
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            (i, i + s.len())
        };
        let (a, b, c, d) = (
            at("Angela Merkel"),
            at("Emmanuel Macron"),
            at("Paris"),
            at("Siemens"),
        );
        let spans = vec![
            (b.0, b.1, EntityLabel::PER),
            (a.0, a.1, EntityLabel::PER),
            (c.0, c.1, EntityLabel::LOC),
            (d.0, d.1, EntityLabel::ORG),
        ];
        let tagged = tag_prepared(&doc, &spans);
        assert_eq!(tagged.len(), 2);
        let tags: Vec<String> = tagged[0].tags.iter().map(|t| format!("{t:?}")).collect();
        assert_eq!(
            tags,
            ["B(PER)", "I(PER)", "O", "B(PER)", "I(PER)", "O", "B(LOC)", "O"]
        );
        assert_eq!(tagged[1].tokens[0], "Siemens");
        assert!(matches!(tagged[1].tags[0], Iob::B(EntityLabel::ORG)));
    }

    #[test]
    fn csv_and_jsonl_texts() {
        let dir = std::env::temp_dir().join(format!("nutgraf-distill-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let csv = dir.join("t.csv");
        std::fs::write(&csv, "id,text\n1,\"One, two.\"\n2,Three.\n").unwrap();
        assert_eq!(
            read_unlabeled(&csv, "text").unwrap(),
            ["One, two.", "Three."]
        );
        assert!(read_unlabeled(&csv, "body").is_err());
        let jsonl = dir.join("t.jsonl");
        std::fs::write(&jsonl, "{\"text\": \"Four.\"}\n").unwrap();
        assert_eq!(read_unlabeled(&jsonl, "text").unwrap(), ["Four."]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
