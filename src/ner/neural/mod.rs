//! Experimental neural entity tagger (issue 19, lever 4; feature `neural`): the input
//! encoding (word, character, cluster, shape and domain ids), batching and constrained IOB2
//! decoding. The network and its training live in `net`; reads no files, prints nothing.

pub mod net;

use super::clusters::Clusters;
use super::conll::LabeledSentence;
use crate::types::{EntityLabel, Iob};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Number of IOB2 tags: O, B-X and I-X for the four labels.
pub const NTAGS: usize = 9;
/// Characters per word seen by the character CNN (the first `MAXC / 2` and last `MAXC / 2`
/// of longer words).
pub const MAXC: usize = 16;
/// Number of shape ids (see [`shape`]).
pub const NSHAPES: usize = 12;
/// Cluster levels used as inputs.
pub const NCL: usize = super::clusters::NLEVELS;

/// Tag id of an IOB2 tag: 0 = O, 1..=4 = B-PER/ORG/LOC/MISC, 5..=8 = I-.
pub fn tag_id(t: Iob) -> usize {
    let l = |x: EntityLabel| EntityLabel::ALL.iter().position(|&y| y == x).unwrap_or(0);
    match t {
        Iob::O => 0,
        Iob::B(x) => 1 + l(x),
        Iob::I(x) => 5 + l(x),
    }
}

/// IOB2 tag of a tag id.
pub fn id_tag(i: usize) -> Iob {
    match i {
        0 => Iob::O,
        1..=4 => Iob::B(EntityLabel::ALL[i - 1]),
        _ => Iob::I(EntityLabel::ALL[(i - 5).min(3)]),
    }
}

/// A sentence ready for the network: its tokens, gold tags (empty when unlabelled), text
/// domain id, and whether MISC is latent (its O tokens may be O or MISC).
#[derive(Clone, Debug)]
pub struct Example {
    /// Tokens.
    pub tokens: Vec<String>,
    /// Gold tags (empty for tagging).
    pub tags: Vec<Iob>,
    /// Text domain id (0 = news, 1 = wiki, further ids for training-only domains).
    pub domain: u32,
    /// O tokens may be MISC (the file has no MISC annotation).
    pub no_misc: bool,
}

impl Example {
    /// An example from a labelled sentence.
    pub fn labeled(s: &LabeledSentence, domain: u32, no_misc: bool) -> Example {
        Example {
            tokens: s.tokens.clone(),
            tags: s.tags.clone(),
            domain,
            no_misc,
        }
    }
}

/// Shape id of a token: casing class × whether it is the first token of its sentence.
pub fn shape(tok: &str, first: bool) -> u32 {
    let mut cs = tok.chars();
    let c0 = cs.next().unwrap_or(' ');
    let base = if tok.chars().any(|c| c.is_ascii_digit()) {
        0
    } else if !tok.chars().any(char::is_alphabetic) {
        1
    } else if tok.chars().all(|c| !c.is_alphabetic() || c.is_uppercase()) {
        if tok.chars().count() > 1 {
            2
        } else {
            3
        }
    } else if c0.is_uppercase() {
        4
    } else {
        5
    };
    base * 2 + u32::from(first)
}

/// Vocabularies of the input layer: lowercase words and characters seen in training, and
/// the word clusters (looked up, not learned).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Vocab {
    /// Lowercase word -> id (0 = unknown, 1 = padding).
    pub words: HashMap<String, u32>,
    /// Character -> id (0 = unknown, 1 = padding).
    pub chars: HashMap<char, u32>,
    /// Number of clusters per level (finest first); ids are `cluster + 1`, 0 = none.
    pub cluster_levels: Vec<u32>,
    /// Number of text domains.
    pub domains: u32,
    #[serde(skip)]
    clusters: Option<Clusters>,
}

impl Vocab {
    /// Builds the vocabularies from training sentences: words seen at least `min_word`
    /// times, characters seen at least `min_char` times.
    pub fn build(
        train: &[Example],
        min_word: usize,
        min_char: usize,
        clusters: Option<Clusters>,
        domains: u32,
    ) -> Vocab {
        let mut wc: HashMap<String, usize> = HashMap::new();
        let mut cc: HashMap<char, usize> = HashMap::new();
        for e in train {
            for t in &e.tokens {
                *wc.entry(t.to_lowercase()).or_default() += 1;
                for c in t.chars() {
                    *cc.entry(c).or_default() += 1;
                }
            }
        }
        let mut ws: Vec<_> = wc.into_iter().filter(|x| x.1 >= min_word).collect();
        ws.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut chs: Vec<_> = cc.into_iter().filter(|x| x.1 >= min_char).collect();
        chs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let cluster_levels = clusters
            .as_ref()
            .map(|c| c.levels().to_vec())
            .unwrap_or_else(|| vec![1; NCL]);
        Vocab {
            words: ws
                .into_iter()
                .enumerate()
                .map(|(i, (w, _))| (w, i as u32 + 2))
                .collect(),
            chars: chs
                .into_iter()
                .enumerate()
                .map(|(i, (c, _))| (c, i as u32 + 2))
                .collect(),
            cluster_levels,
            domains,
            clusters,
        }
    }

    /// Sets the cluster map (after loading a saved vocabulary).
    pub fn set_clusters(&mut self, clusters: Option<Clusters>) {
        self.clusters = clusters;
    }

    /// Word vocabulary size including unknown and padding.
    pub fn n_words(&self) -> usize {
        self.words.len() + 2
    }

    /// Character vocabulary size including unknown and padding.
    pub fn n_chars(&self) -> usize {
        self.chars.len() + 2
    }

    /// Encodes a batch of examples, padded to the longest one.
    pub fn encode(&self, batch: &[&Example]) -> Encoded {
        let b = batch.len();
        let t = batch
            .iter()
            .map(|e| e.tokens.len())
            .max()
            .unwrap_or(0)
            .max(1);
        let mut enc = Encoded {
            b,
            t,
            words: vec![1; b * t],
            chars: vec![1; b * t * MAXC],
            clusters: vec![0; b * t * NCL],
            shapes: vec![0; b * t],
            domains: vec![0; b * t],
            allowed: vec![1.0; b * t * NTAGS],
            real: 0,
        };
        for (i, e) in batch.iter().enumerate() {
            for (j, tok) in e.tokens.iter().enumerate() {
                let p = i * t + j;
                enc.real += 1;
                let low = tok.to_lowercase();
                enc.words[p] = self.words.get(&low).copied().unwrap_or(0);
                let cs: Vec<char> = tok.chars().collect();
                let sel: Vec<char> = if cs.len() <= MAXC {
                    cs
                } else {
                    cs[..MAXC / 2]
                        .iter()
                        .chain(&cs[cs.len() - MAXC / 2..])
                        .copied()
                        .collect()
                };
                for (k, c) in sel.iter().enumerate() {
                    enc.chars[p * MAXC + k] = self.chars.get(c).copied().unwrap_or(0);
                }
                if let Some(ids) = self.clusters.as_ref().and_then(|c| c.lookup(tok)) {
                    for (k, id) in ids.iter().enumerate() {
                        enc.clusters[p * NCL + k] = u32::from(*id) + 1;
                    }
                }
                enc.shapes[p] = shape(tok, j == 0);
                enc.domains[p] = e.domain.min(self.domains.saturating_sub(1));
                if let Some(&g) = e.tags.get(j) {
                    let row = &mut enc.allowed[p * NTAGS..(p + 1) * NTAGS];
                    row.fill(0.0);
                    row[tag_id(g)] = 1.0;
                    if e.no_misc && g == Iob::O {
                        row[tag_id(Iob::B(EntityLabel::MISC))] = 1.0;
                        row[tag_id(Iob::I(EntityLabel::MISC))] = 1.0;
                    }
                }
            }
        }
        enc
    }
}

/// A padded batch as flat index arrays (row-major, `b` sentences × `t` positions).
#[derive(Clone, Debug)]
pub struct Encoded {
    /// Sentences.
    pub b: usize,
    /// Positions per sentence (the longest sentence).
    pub t: usize,
    /// Word ids.
    pub words: Vec<u32>,
    /// Character ids, `MAXC` per position.
    pub chars: Vec<u32>,
    /// Cluster ids, `NCL` per position.
    pub clusters: Vec<u32>,
    /// Shape ids.
    pub shapes: Vec<u32>,
    /// Domain ids.
    pub domains: Vec<u32>,
    /// Allowed gold tags, `NTAGS` per position (all 1 for padding and unlabelled tokens).
    pub allowed: Vec<f32>,
    /// Number of real (non-padding) positions.
    pub real: usize,
}

/// Whether tag `b` may follow tag `a` in IOB2 (`a = None` at the sentence start).
fn allowed_transition(a: Option<usize>, b: usize) -> bool {
    if b < 5 {
        return true;
    }
    let lab = b - 5;
    matches!(a, Some(x) if x == 1 + lab || x == b)
}

/// Best IOB2-valid tag sequence under per-token log-probabilities (`n × NTAGS`, row-major).
pub fn decode(logp: &[f32], n: usize) -> Vec<Iob> {
    if n == 0 {
        return Vec::new();
    }
    let neg = f32::NEG_INFINITY;
    let mut score = [neg; NTAGS];
    let mut back = vec![[0u8; NTAGS]; n];
    for (k, s) in score.iter_mut().enumerate() {
        if allowed_transition(None, k) {
            *s = logp[k];
        }
    }
    for i in 1..n {
        let mut next = [neg; NTAGS];
        for k in 0..NTAGS {
            let (mut best, mut arg) = (neg, 0);
            for (j, &s) in score.iter().enumerate() {
                if s > best && allowed_transition(Some(j), k) {
                    best = s;
                    arg = j;
                }
            }
            next[k] = best + logp[i * NTAGS + k];
            back[i][k] = arg as u8;
        }
        score = next;
    }
    let mut k = (0..NTAGS)
        .max_by(|&a, &b| score[a].total_cmp(&score[b]))
        .unwrap_or(0);
    let mut out = vec![0usize; n];
    for i in (0..n).rev() {
        out[i] = k;
        k = back[i][k] as usize;
    }
    out.into_iter().map(id_tag).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_ids_round_trip_and_decode_is_valid() {
        for i in 0..NTAGS {
            assert_eq!(tag_id(id_tag(i)), i);
        }
        // I-PER is most likely at the start: decoding must not start with it.
        let mut lp = vec![-5.0f32; 2 * NTAGS];
        lp[5] = 0.0;
        lp[NTAGS + 5] = 0.0;
        lp[1] = -1.0;
        let tags = decode(&lp, 2);
        assert_eq!(
            tags,
            vec![Iob::B(EntityLabel::PER), Iob::I(EntityLabel::PER)]
        );
    }
}
