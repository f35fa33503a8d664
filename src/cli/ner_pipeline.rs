//! `nutgraf eval ner --pipeline`: entity scores of what users get. Each labelled document
//! becomes plain text (tokens joined by spaces, one sentence per line) and goes through text
//! preparation, the recognizer and the document-level entity rules (`crate::entities`);
//! mentions are compared with the gold entities by byte span and label, so a mention whose
//! ends do not fall on the gold token boundaries counts as wrong.

use crate::backend::{EntityRecognizer, RawMention};
use crate::error::Result;
use crate::ner::eval::Scorer;
use crate::ner::spans_from_iob;
use crate::ner::trainer::TrainDoc;
use crate::text::{self, InputFormat};
use crate::types::EntityLabel;

/// Scores of one test file: the recognizer's mentions and the mentions after the
/// document-level rules.
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

/// A document as text, with the gold entities as byte spans of that text.
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

/// Runs the whole entity stage on each document in `lang`; a single document (a file
/// without document breaks) is taken as that many one-sentence documents.
pub fn score(
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
        let docs = super::super::ner::to_docs(conll::read_labeled(file, "test").unwrap(), false);
        let (text, gold) = doc_text(&docs[0]);
        assert_eq!(text, "Chicago is big\nCraig Bellamy plays .\n");
        assert_eq!(gold, [(0, 7, EntityLabel::LOC), (15, 28, EntityLabel::PER)]);
        let s = score(&Words, &docs, "en", false).unwrap();
        assert_eq!(s.changed, 0);
        // "Chicago" has the wrong label, "Bellamy" the wrong span: nothing is correct
        for sc in [&s.recognizer, &s.grouped] {
            assert_eq!(sc.total.gold, 2);
            assert_eq!(sc.total.predicted, 2);
            assert_eq!(sc.total.correct, 0);
        }
    }
}
