//! conlleval-style scoring: entity-level precision, recall and F1 over exact spans and
//! labels, micro-averaged, with per-class figures.

use super::spans_from_iob;
use crate::types::{EntityLabel, Iob};
use std::collections::HashSet;
use std::fmt;

/// Counts of one class (or all classes together).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Correct predicted entities (exact span and label).
    pub correct: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Gold entities.
    pub gold: usize,
}

impl Counts {
    /// Precision in percent.
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            0.0
        } else {
            100.0 * self.correct as f64 / self.predicted as f64
        }
    }
    /// Recall in percent.
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            100.0 * self.correct as f64 / self.gold as f64
        }
    }
    /// F1 in percent.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Accumulated scores over sentences.
#[derive(Clone, Debug, Default)]
pub struct Scorer {
    /// All classes.
    pub total: Counts,
    /// Per class, in [`EntityLabel::ALL`] order.
    pub per_class: [Counts; 4],
    /// Tokens seen.
    pub tokens: usize,
    /// Tokens whose tag matches exactly.
    pub tokens_correct: usize,
    /// When set, MISC is mapped to O in gold and predictions.
    pub no_misc: bool,
}

fn idx(l: EntityLabel) -> usize {
    EntityLabel::ALL
        .iter()
        .position(|&x| x == l)
        .expect("label")
}

fn strip_misc(tags: &[Iob]) -> Vec<Iob> {
    tags.iter()
        .map(|&t| match t {
            Iob::B(EntityLabel::MISC) | Iob::I(EntityLabel::MISC) => Iob::O,
            t => t,
        })
        .collect()
}

impl Scorer {
    /// A scorer; `no_misc` maps MISC to O on both sides.
    pub fn new(no_misc: bool) -> Self {
        Scorer {
            no_misc,
            ..Default::default()
        }
    }

    /// Adds one sentence (gold and predicted tags of equal length).
    pub fn add(&mut self, gold: &[Iob], pred: &[Iob]) {
        assert_eq!(gold.len(), pred.len(), "gold and predicted lengths differ");
        let (g, p) = if self.no_misc {
            (strip_misc(gold), strip_misc(pred))
        } else {
            (gold.to_vec(), pred.to_vec())
        };
        self.tokens += g.len();
        self.tokens_correct += g.iter().zip(&p).filter(|(a, b)| a == b).count();
        let gs: HashSet<_> = spans_from_iob(&g).into_iter().collect();
        let ps = spans_from_iob(&p);
        for s in &gs {
            self.total.gold += 1;
            self.per_class[idx(s.2)].gold += 1;
        }
        for s in &ps {
            self.total.predicted += 1;
            self.per_class[idx(s.2)].predicted += 1;
            if gs.contains(s) {
                self.total.correct += 1;
                self.per_class[idx(s.2)].correct += 1;
            }
        }
    }

    /// Adds one document given as entity spans (e.g. byte ranges) instead of tags: gold and
    /// predicted entities count as equal when span and label are equal. Token accuracy is
    /// not counted.
    pub fn add_spans(
        &mut self,
        gold: &[(usize, usize, EntityLabel)],
        pred: &[(usize, usize, EntityLabel)],
    ) {
        let keep = |s: &&(usize, usize, EntityLabel)| !(self.no_misc && s.2 == EntityLabel::MISC);
        let gs: HashSet<_> = gold.iter().filter(keep).copied().collect();
        for s in &gs {
            self.total.gold += 1;
            self.per_class[idx(s.2)].gold += 1;
        }
        for s in pred.iter().filter(keep) {
            self.total.predicted += 1;
            self.per_class[idx(s.2)].predicted += 1;
            if gs.contains(s) {
                self.total.correct += 1;
                self.per_class[idx(s.2)].correct += 1;
            }
        }
    }
}

impl fmt::Display for Scorer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &self.total;
        if self.tokens > 0 {
            write!(f, "processed {} tokens with ", self.tokens)?;
        }
        writeln!(
            f,
            "{} phrases; found: {} phrases; correct: {}.",
            t.gold, t.predicted, t.correct
        )?;
        if self.tokens > 0 {
            let acc = 100.0 * self.tokens_correct as f64 / self.tokens as f64;
            write!(f, "accuracy: {acc:6.2}%; ")?;
        }
        writeln!(
            f,
            "precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}",
            t.precision(),
            t.recall(),
            t.f1()
        )?;
        for (l, c) in EntityLabel::ALL.iter().zip(&self.per_class) {
            if self.no_misc && *l == EntityLabel::MISC {
                continue;
            }
            writeln!(
                f,
                "{:>17}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {}",
                l.as_str(),
                c.precision(),
                c.recall(),
                c.f1(),
                c.predicted
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::EntityLabel::*;

    #[test]
    fn known_example() {
        // gold: [Angela Merkel]PER visited [Paris]LOC with [EU]ORG
        // pred: [Angela]PER [Merkel]PER visited [Paris]LOC with [EU]MISC, plus [with]LOC
        let gold = [
            Iob::B(PER),
            Iob::I(PER),
            Iob::O,
            Iob::B(LOC),
            Iob::O,
            Iob::B(ORG),
        ];
        let pred = [
            Iob::B(PER),
            Iob::B(PER),
            Iob::O,
            Iob::B(LOC),
            Iob::B(LOC),
            Iob::B(MISC),
        ];
        let mut s = Scorer::new(false);
        s.add(&gold, &pred);
        assert_eq!(
            s.total,
            Counts {
                correct: 1,
                predicted: 5,
                gold: 3
            }
        );
        assert!((s.total.precision() - 20.0).abs() < 1e-9);
        assert!((s.total.recall() - 100.0 / 3.0).abs() < 1e-9);
        assert!((s.total.f1() - 25.0).abs() < 1e-9);
        assert_eq!(s.per_class[2].correct, 1);
        assert_eq!(s.per_class[2].predicted, 2);
        let mut n = Scorer::new(true);
        n.add(&gold, &pred);
        assert_eq!(n.total.predicted, 4);
        assert_eq!(n.total.gold, 3);
        assert!(s.to_string().contains("FB1:  25.00"));
    }
}
