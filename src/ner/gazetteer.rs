//! Gazetteers: phrase lists (countries, first names, entity strings harvested from
//! training data) matched case-insensitively on token sequences. Reads no files (the
//! training drivers load the lists) and computes no features.

use super::hash::{hash_str, H};
use super::stem::Stemmer;
use super::table::U64Table;
use super::token::{lower, Tok};
use crate::types::EntityLabel;
use std::collections::BTreeMap;

/// Flag bits of a gazetteer entry.
pub(crate) const G_COUNTRY: u8 = 16;
pub(crate) const G_FIRSTNAME: u8 = 32;
/// A word of many ORG (LOC) names (the entity-word table of the `generic-heads` set).
pub(crate) const G_ORGWORD: u8 = 64;
pub(crate) const G_LOCWORD: u8 = 128;
const MAX_LEN: usize = 6;

/// Flag bit of a harvested entity label.
pub(crate) fn label_bit(l: EntityLabel) -> u8 {
    match l {
        EntityLabel::PER => 1,
        EntityLabel::ORG => 2,
        EntityLabel::LOC => 4,
        EntityLabel::MISC => 8,
    }
}

/// Phrases (lowercase tokens joined by single spaces) with flag bits.
#[derive(Clone, Debug, Default)]
pub(crate) struct Gazetteer {
    /// Phrase key -> flag bits (low byte), plus [`PREFIX`] where the key also begins a
    /// longer phrase.
    map: U64Table<u16>,
    max_len: usize,
    /// The same phrases with each word stemmed, matched on [`Tok::stem`] (models with
    /// stem features only); their matches have position codes 4–7.
    stems: Option<Box<Gazetteer>>,
}

/// Marks a key that is the first tokens of a longer phrase: matching goes on past it.
const PREFIX: u16 = 0x100;

impl Gazetteer {
    /// Builds the lookup table from entries.
    pub(crate) fn from_entries(entries: &BTreeMap<String, u8>) -> Gazetteer {
        Gazetteer::from_pairs(entries.iter().map(|(p, &b)| (p.as_str(), b)))
    }

    /// Builds the lookup table from (phrase, flag bits) pairs; the bits of phrases with the
    /// same key are combined.
    pub(crate) fn from_pairs<'a>(
        entries: impl ExactSizeIterator<Item = (&'a str, u8)>,
    ) -> Gazetteer {
        let mut max_len = 0;
        let mut keyed = Vec::with_capacity(entries.len());
        for (p, bits) in entries {
            let n = p.split(' ').count();
            if n == 0 || n > MAX_LEN || p.is_empty() {
                continue;
            }
            // the key of every proper prefix, then the phrase's own key (as `key` computes)
            let mut h = H::new(99);
            for (k, t) in p.split(' ').enumerate() {
                h = h.u(hash_str(&lower(t)));
                keyed.push((h.0, if k + 1 == n { bits as u16 } else { PREFIX }));
            }
            max_len = max_len.max(n);
        }
        Gazetteer {
            map: U64Table::build(keyed, |slot, bits| *slot |= bits),
            max_len,
            stems: None,
        }
    }

    /// Adds the stemmed form of every phrase (see [`Gazetteer::sentence_matches`]).
    pub(crate) fn with_stems<'a>(
        mut self,
        entries: impl Iterator<Item = (&'a str, u8)>,
        stemmer: &Stemmer,
    ) -> Gazetteer {
        let stemmed: Vec<(String, u8)> = entries
            .map(|(p, b)| {
                let words: Vec<String> = p
                    .split(' ')
                    .map(|w| stemmer.stem(&lower(w)).into_owned())
                    .collect();
                (words.join(" "), b)
            })
            .collect();
        let g = Gazetteer::from_pairs(stemmed.iter().map(|(p, b)| (p.as_str(), *b)));
        self.stems = Some(Box::new(g));
        self
    }

    /// Number of phrases.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    /// For each token: (flag bits, position code) of every phrase covering it; position
    /// codes: 0 single, 1 begin, 2 inside, 3 end.
    /// With stemmed phrases, their matches on the tokens' stems follow, with position
    /// codes 4–7.
    pub(crate) fn sentence_matches(&self, toks: &[Tok]) -> Vec<Vec<(u8, u8)>> {
        let mut out = vec![Vec::new(); toks.len()];
        self.matches_into(toks, |t| t.l, 0, &mut out);
        if let Some(g) = &self.stems {
            g.matches_into(toks, |t| t.stem, 4, &mut out);
        }
        out
    }

    fn matches_into(
        &self,
        toks: &[Tok],
        key: impl Fn(&Tok) -> u64,
        base: u8,
        out: &mut [Vec<(u8, u8)>],
    ) {
        let n = toks.len();
        if self.map.is_empty() {
            return;
        }
        for i in 0..n {
            let mut h = H::new(99);
            for j in i..n.min(i + self.max_len) {
                h = h.u(key(&toks[j]));
                let Some(v) = self.map.get(h.0) else {
                    break; // no phrase starts with tokens i..=j
                };
                let bits = v as u8;
                // a bare prefix (or a phrase without bits) adds no feature
                if bits != 0 {
                    if i == j {
                        out[i].push((bits, base));
                    } else {
                        out[i].push((bits, base + 1));
                        for o in &mut out[i + 1..j] {
                            o.push((bits, base + 2));
                        }
                        out[j].push((bits, base + 3));
                    }
                }
                if v & PREFIX == 0 {
                    break;
                }
            }
        }
    }
}

/// Normalizes a phrase: lowercase, whitespace-separated tokens, trailing punctuation split.
pub(crate) fn normalize_phrase(p: &str) -> String {
    let mut toks: Vec<String> = Vec::new();
    for t in p.split_whitespace() {
        let t = t.trim_matches(|c: char| c == '"' || c == '(' || c == ')');
        if let Some(s) = t.strip_suffix(',') {
            toks.push(lower(s).into_owned());
            toks.push(",".into());
        } else if !t.is_empty() {
            toks.push(lower(t).into_owned());
        }
    }
    toks.join(" ")
}

/// Adds a phrase with flag bits.
pub(crate) fn add(entries: &mut BTreeMap<String, u8>, phrase: &str, bits: u8) {
    let p = normalize_phrase(phrase);
    if !p.is_empty() && p.split(' ').count() <= MAX_LEN {
        *entries.entry(p).or_insert(0) |= bits;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemmed_phrases_match_other_forms() {
        let mut e = BTreeMap::new();
        add(&mut e, "Helsingin yliopisto", 2);
        add(&mut e, "Praha", 4);
        let c = U64Table::default();
        let fi = Stemmer::for_language("fi");
        let words = ["Helsingissä", "yliopistossa", "Helsingin", "yliopisto"];
        let mut toks: Vec<Tok> = words.iter().map(|w| Tok::new(w, &c)).collect();
        // without stems: only the exact form matches
        let plain = Gazetteer::from_entries(&e);
        assert!(plain.sentence_matches(&toks)[0].is_empty());
        assert_eq!(plain.sentence_matches(&toks)[2], vec![(2, 1)]);
        let g =
            Gazetteer::from_entries(&e).with_stems(e.iter().map(|(p, &b)| (p.as_str(), b)), &fi);
        // tokens without stems match as before
        assert_eq!(g.sentence_matches(&toks), plain.sentence_matches(&toks));
        fi.assign(&mut toks, &words, &U64Table::default());
        let m = g.sentence_matches(&toks);
        assert_eq!(m[0], vec![(2, 5)]);
        assert_eq!(m[1], vec![(2, 7)]);
        assert_eq!(m[2], vec![(2, 1), (2, 5)]);
        let cs = Stemmer::for_language("cs");
        let g =
            Gazetteer::from_entries(&e).with_stems(e.iter().map(|(p, &b)| (p.as_str(), b)), &cs);
        let mut toks = vec![Tok::new("Prahou", &c)];
        cs.assign(&mut toks, &["Prahou"], &U64Table::default());
        assert_eq!(g.sentence_matches(&toks)[0], vec![(4, 4)]);
    }

    #[test]
    fn matches_phrases() {
        let mut e = BTreeMap::new();
        add(&mut e, "United States", 4);
        add(&mut e, "Korea, Republic of", 4);
        add(&mut e, "Mark", G_FIRSTNAME);
        let g = Gazetteer::from_entries(&e);
        // 3 phrases and the 4 proper prefixes of the longer ones
        assert_eq!(g.len(), 7);
        let c = U64Table::default();
        let toks: Vec<Tok> = ["MARK", "left", "the", "United", "States"]
            .iter()
            .map(|w| Tok::new(w, &c))
            .collect();
        let m = g.sentence_matches(&toks);
        assert_eq!(m[0], vec![(G_FIRSTNAME, 0)]);
        assert!(m[1].is_empty());
        assert_eq!(m[3], vec![(4, 1)]);
        assert_eq!(m[4], vec![(4, 3)]);
        // a phrase that begins a longer phrase: matching goes on past it
        add(&mut e, "New York", 4);
        add(&mut e, "New York Times", 2);
        let g = Gazetteer::from_entries(&e);
        let toks: Vec<Tok> = ["the", "New", "York", "Times", "said"]
            .iter()
            .map(|w| Tok::new(w, &c))
            .collect();
        let m = g.sentence_matches(&toks);
        assert!(m[0].is_empty() && m[4].is_empty());
        assert_eq!(m[1], vec![(4, 1), (2, 1)]);
        assert_eq!(m[2], vec![(4, 3), (2, 2)]);
        assert_eq!(m[3], vec![(2, 3)]);
    }
}
