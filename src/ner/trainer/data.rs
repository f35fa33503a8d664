//! Training material: sentences as feature indices with gold tags and latent-MISC masks,
//! the casing dictionary, harvested gazetteer entries and the feature index of a stage.
//! Learns no weights and reads no files.

use super::TrainDoc;
use crate::ner::conll::LabeledSentence;
use crate::ner::features::{add_domain, Extra, FeatureSet};
use crate::ner::gazetteer::{self, label_bit, Gazetteer};
use crate::ner::generic::sentence_features;
use crate::ner::hash::IdMap;
use crate::ner::model::iob_to_tag;
use crate::ner::token::{lower, Tok, ALLCAPS, CASE_CAP, CASE_LOWER, CASE_MIXED, HASALPHA, INITCAP};
use crate::ner::{foreign_domain, spans_from_iob};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// A sentence as feature indices.
pub(super) struct TSent {
    pub(super) feats: Vec<u32>,
    pub(super) offs: Vec<u32>,
    pub(super) gold: Vec<u8>,
    pub(super) mask: Option<Vec<u16>>,
}

pub(super) fn gold_tags(s: &LabeledSentence) -> Vec<u8> {
    s.tags.iter().map(|&t| iob_to_tag(t)).collect()
}

/// Mask for a no-MISC sentence: O tokens may be O or MISC.
pub(super) fn latent_mask(gold: &[u8]) -> Vec<u16> {
    gold.iter()
        .map(|&g| {
            if g == 0 {
                1 | (1 << 4) | (1 << 8)
            } else {
                1 << g
            }
        })
        .collect()
}

/// Casing dictionary: lowercase form -> class from mid-sentence occurrences (not in
/// foreign-language documents).
pub(super) fn casing_dict(docs: &[TrainDoc]) -> Vec<(String, u8)> {
    let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
    let empty = IdMap::default();
    for d in docs.iter().filter(|d| !foreign_domain(d.domain)) {
        for s in &d.sentences {
            for (i, w) in s.tokens.iter().enumerate() {
                let t = Tok::new(w, &empty);
                if t.flags & HASALPHA == 0 || t.flags & ALLCAPS != 0 || i == 0 {
                    continue;
                }
                let c = counts.entry(lower(w).into_owned()).or_default();
                if t.flags & INITCAP != 0 {
                    c.1 += 1;
                } else {
                    c.0 += 1;
                }
            }
        }
    }
    let mut out: Vec<(String, u8)> = counts
        .into_iter()
        .filter(|(_, (lc, cc))| lc + cc >= 2)
        .map(|(w, (lc, cc))| {
            let c = if lc >= 3 * cc {
                CASE_LOWER
            } else if cc >= 3 * lc {
                CASE_CAP
            } else {
                CASE_MIXED
            };
            (w, c)
        })
        .collect();
    out.sort();
    out
}

pub(super) fn harvest(docs: &[&TrainDoc], entries: &mut BTreeMap<String, u8>) {
    for d in docs {
        for s in &d.sentences {
            for (a, b, l) in spans_from_iob(&s.tags) {
                gazetteer::add(entries, &s.tokens[a..b].join(" "), label_bit(l));
            }
        }
    }
}

/// The entity-word table ([`crate::ner::features::FeatureSet::heads`]): lowercase words of
/// at least 2 letters that occur in at least 3 distinct multi-word ORG (LOC) names and in
/// those for at least 60 % of the distinct multi-word names they occur in, added as
/// one-word phrases with [`gazetteer::G_ORGWORD`] ([`gazetteer::G_LOCWORD`]).
pub(super) fn harvest_heads(docs: &[&TrainDoc], entries: &mut BTreeMap<String, u8>) {
    let mut names: HashMap<String, u8> = HashMap::new();
    for d in docs {
        for s in &d.sentences {
            for (a, b, l) in spans_from_iob(&s.tags) {
                if b - a >= 2 {
                    let name = lower(&s.tokens[a..b].join(" ")).into_owned();
                    *names.entry(name).or_insert(0) |= label_bit(l);
                }
            }
        }
    }
    // per word: distinct names of each label bit (PER 1, ORG 2, LOC 4, MISC 8)
    let mut words: HashMap<&str, [u32; 4]> = HashMap::new();
    for (name, &bits) in &names {
        let mut seen: Vec<&str> = name.split(' ').collect();
        seen.sort_unstable();
        seen.dedup();
        for w in seen {
            if w.chars().filter(|c| c.is_alphabetic()).count() < 2 {
                continue;
            }
            let c = words.entry(w).or_insert([0; 4]);
            for (k, v) in c.iter_mut().enumerate() {
                *v += (bits >> k) as u32 & 1;
            }
        }
    }
    let mut table: Vec<(&str, u8)> = Vec::new();
    for (w, c) in &words {
        let total: u32 = c.iter().sum();
        for (k, bit) in [(1, gazetteer::G_ORGWORD), (2, gazetteer::G_LOCWORD)] {
            if c[k] >= 3 && c[k] * 10 >= total * 6 {
                table.push((w, bit));
            }
        }
    }
    table.sort_unstable();
    for (w, bit) in table {
        gazetteer::add(entries, w, bit);
    }
}

/// Stage-1 tags and document codes of a document's sentences.
pub(super) type DocExtra<'a> = (&'a [Vec<u8>], &'a [Vec<u8>]);

/// Feature keys of every sentence of a document.
pub(super) fn doc_keys(
    toks: &[Vec<Tok>],
    gaz: &Gazetteer,
    fs: FeatureSet,
    extra: Option<DocExtra<'_>>,
    domain: u8,
) -> Vec<(Vec<u32>, Vec<u32>)> {
    toks.iter()
        .enumerate()
        .map(|(i, t)| {
            let (mut f, mut o) = (Vec::new(), Vec::new());
            let ex = extra.map(|(s1, dc)| Extra {
                s1: &s1[i],
                doc: &dc[i],
            });
            sentence_features(t, gaz, fs, ex, &mut f, &mut o);
            add_domain(&mut f, &mut o, domain);
            (f, o)
        })
        .collect()
}

/// Training material of one stage: keys per doc, per sentence.
pub(super) type Keys = Vec<Vec<(Vec<u32>, Vec<u32>)>>;

pub(super) struct Indexed {
    pub(super) keys: Vec<u32>,
    pub(super) train: Vec<Vec<TSent>>,
    pub(super) dev: Vec<Vec<TSent>>,
}

pub(super) fn index(
    train_keys: Keys,
    dev_keys: Keys,
    train: &[TrainDoc],
    dev: &[TrainDoc],
    min_count: u32,
) -> Indexed {
    let mut counts: IdMap<u32, u32> = IdMap::default();
    for d in &train_keys {
        for (f, _) in d {
            for &k in f {
                *counts.entry(k).or_insert(0) += 1;
            }
        }
    }
    let mut keys: Vec<u32> = counts
        .iter()
        .filter(|(_, &c)| c >= min_count)
        .map(|(&k, _)| k)
        .collect();
    keys.sort_unstable();
    let idx: IdMap<u32, u32> = keys
        .iter()
        .enumerate()
        .map(|(i, &k)| (k, i as u32))
        .collect();
    let conv = |keys: Keys, docs: &[TrainDoc]| -> Vec<Vec<TSent>> {
        keys.into_par_iter()
            .zip(docs.par_iter())
            .map(|(dk, d)| {
                dk.into_iter()
                    .zip(&d.sentences)
                    .map(|((f, o), s)| {
                        let mut feats = Vec::with_capacity(f.len());
                        let mut offs = Vec::with_capacity(o.len());
                        for w in o.windows(2) {
                            offs.push(feats.len() as u32);
                            feats.extend(
                                f[w[0] as usize..w[1] as usize]
                                    .iter()
                                    .filter_map(|k| idx.get(k).copied()),
                            );
                        }
                        offs.push(feats.len() as u32);
                        let gold = gold_tags(s);
                        let mask = d.no_misc.then(|| latent_mask(&gold));
                        TSent {
                            feats,
                            offs,
                            gold,
                            mask,
                        }
                    })
                    .collect()
            })
            .collect()
    };
    let train = conv(train_keys, train);
    let dev = conv(dev_keys, dev);
    Indexed { keys, train, dev }
}
