//! Learning word clusters from unlabeled text (`nutgraf train clusters`): the [`Corpus`] of
//! interned tokens and [`train`]. Reads no files (the caller fills the corpus).
//!
//! Lowercase tokens are counted; each of the most frequent words gets a sparse context
//! vector (counts of the frequent words at offsets -2, -1, +1, +2 and of sentence
//! boundaries), weighted by positive PMI with smoothed context probabilities. A randomized
//! truncated SVD reduces the vectors to `dim` dimensions; spherical k-means then clusters
//! the unit-length word vectors into the finest level of clusters, and each coarser level
//! clusters the centroids of the level below it, so the levels nest (a hierarchy like the
//! prefixes of a Brown cluster path). Everything is deterministic for a given seed
//! (parallel work is split into fixed chunks and summed in order).

use super::linalg::{eigh, gram, kmeans, normalize_rows, orthonormalize, right_mul, Csr};
use super::{ClusterData, Clusters, NLEVELS};
use crate::error::{Error, Result};
use crate::ner::token::lower;
use crate::rng::Rng;
use rayon::prelude::*;
use std::collections::HashMap;

/// Unlabeled text as interned lowercase tokens.
#[derive(Default, Debug)]
pub struct Corpus {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    counts: Vec<u64>,
    toks: Vec<u32>,
    sentences: usize,
}

const SEP: u32 = u32::MAX;

impl Corpus {
    /// Adds one sentence (tokens; empty tokens are skipped).
    pub fn add_sentence<'a, I: IntoIterator<Item = &'a str>>(&mut self, tokens: I) {
        let mut any = false;
        for w in tokens {
            let w = w.trim();
            if w.is_empty() {
                continue;
            }
            let l = lower(w);
            let id = match self.ids.get(l.as_ref()) {
                Some(&id) => id,
                None => {
                    let id = self.words.len() as u32;
                    self.ids.insert(l.to_string(), id);
                    self.words.push(l.into_owned());
                    self.counts.push(0);
                    id
                }
            };
            self.counts[id as usize] += 1;
            self.toks.push(id);
            any = true;
        }
        if any {
            self.toks.push(SEP);
            self.sentences += 1;
        }
    }

    /// Number of tokens.
    pub fn num_tokens(&self) -> usize {
        self.toks.len() - self.sentences
    }

    /// Number of sentences.
    pub fn num_sentences(&self) -> usize {
        self.sentences
    }

    /// Number of distinct lowercase words.
    pub fn num_types(&self) -> usize {
        self.words.len()
    }
}

/// Cluster training settings.
#[derive(Clone, Debug)]
pub struct ClusterOptions {
    /// Minimum corpus count of a clustered word.
    pub min_count: u64,
    /// Keep at most this many words (the most frequent).
    pub max_words: usize,
    /// Number of most frequent words used as contexts.
    pub contexts: usize,
    /// SVD dimensions.
    pub dim: usize,
    /// Clusters per level, finest first (each level must not be larger than the one before).
    pub levels: Vec<u32>,
    /// k-means iterations per level.
    pub iters: usize,
    /// Random seed.
    pub seed: u64,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            min_count: 3,
            max_words: 150_000,
            contexts: 3000,
            dim: 100,
            levels: vec![1024, 256, 64, 16],
            iters: 15,
            seed: 1,
        }
    }
}

/// Learns clusters from a corpus.
pub fn train(
    corpus: &Corpus,
    opts: &ClusterOptions,
    language: &str,
    description: &str,
    log: &(dyn Fn(&str) + Sync),
) -> Result<Clusters> {
    let t0 = std::time::Instant::now();
    if opts.levels.len() != NLEVELS
        || opts.levels.windows(2).any(|w| w[1] > w[0])
        || opts.levels.iter().any(|&k| k == 0 || k >= u16::MAX as u32)
    {
        return Err(Error::InvalidInput(format!(
            "need {NLEVELS} decreasing cluster counts, got {:?}",
            opts.levels
        )));
    }
    let nt = corpus.words.len();
    let mut order: Vec<u32> = (0..nt as u32)
        .filter(|&i| corpus.counts[i as usize] >= opts.min_count)
        .collect();
    order.sort_by(|&a, &b| {
        corpus.counts[b as usize]
            .cmp(&corpus.counts[a as usize])
            .then_with(|| corpus.words[a as usize].cmp(&corpus.words[b as usize]))
    });
    order.truncate(opts.max_words);
    let nv = order.len();
    if nv < opts.levels[0] as usize * 2 {
        return Err(Error::Data(format!(
            "only {nv} words with count >= {}; too few for {} clusters",
            opts.min_count, opts.levels[0]
        )));
    }
    let mut row = vec![u32::MAX; nt];
    for (r, &i) in order.iter().enumerate() {
        row[i as usize] = r as u32;
    }
    let nc = opts.contexts.min(nv);
    let per = nc + 1; // context words + sentence boundary
    let ncols = 4 * per;
    // Co-occurrence pairs (row << 32 | col), sorted and counted.
    let ctx = |id: u32| -> Option<usize> {
        if id == SEP {
            Some(nc)
        } else {
            let r = row[id as usize] as usize;
            (r < nc).then_some(r)
        }
    };
    let mut pairs: Vec<u64> = Vec::with_capacity(corpus.toks.len() * 3);
    let toks = &corpus.toks;
    let n = toks.len();
    let at = |i: isize| -> u32 {
        if i < 0 || i as usize >= n {
            SEP
        } else {
            toks[i as usize]
        }
    };
    for (i, &t) in toks.iter().enumerate() {
        if t == SEP || row[t as usize] == u32::MAX {
            continue;
        }
        let r = row[t as usize] as u64;
        let ii = i as isize;
        let l1 = at(ii - 1);
        let r1 = at(ii + 1);
        let l2 = if l1 == SEP { SEP } else { at(ii - 2) };
        let r2 = if r1 == SEP { SEP } else { at(ii + 2) };
        for (p, c) in [l2, l1, r1, r2].into_iter().enumerate() {
            if let Some(c) = ctx(c) {
                pairs.push(r << 32 | (p * per + c) as u64);
            }
        }
    }
    pairs.par_sort_unstable();
    let mut ptr = vec![0usize; nv + 1];
    let mut idx = Vec::new();
    let mut cnt: Vec<f32> = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let key = pairs[i];
        let mut j = i;
        while j < pairs.len() && pairs[j] == key {
            j += 1;
        }
        let r = (key >> 32) as usize;
        ptr[r + 1] += 1;
        idx.push(key as u32);
        cnt.push((j - i) as f32);
        i = j;
    }
    drop(pairs);
    for r in 0..nv {
        ptr[r + 1] += ptr[r];
    }
    // Positive PMI with context smoothing (alpha 0.75).
    let mut rs = vec![0f64; nv];
    let mut cs = vec![0f64; ncols];
    for r in 0..nv {
        for p in ptr[r]..ptr[r + 1] {
            rs[r] += cnt[p] as f64;
            cs[idx[p] as usize] += cnt[p] as f64;
        }
    }
    let csa: Vec<f64> = cs.iter().map(|&c| c.powf(0.75)).collect();
    let za: f64 = csa.iter().sum();
    let mut val = vec![0f32; cnt.len()];
    for r in 0..nv {
        for p in ptr[r]..ptr[r + 1] {
            let pmi = (cnt[p] as f64 * za / (rs[r] * csa[idx[p] as usize])).ln();
            val[p] = pmi.max(0.0) as f32;
        }
    }
    let a = Csr {
        rows: nv,
        cols: ncols,
        ptr,
        idx,
        val,
    };
    log(&format!(
        "{} tokens, {} types, {nv} words clustered, {} contexts, {} nonzeros ({:.1}s)",
        corpus.num_tokens(),
        nt,
        ncols,
        a.val.len(),
        t0.elapsed().as_secs_f64()
    ));
    // Randomized SVD.
    let mut rng = Rng(opts.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let k = (opts.dim + 20).min(ncols).min(nv);
    let omega: Vec<f32> = (0..ncols * k).map(|_| rng.gauss() as f32).collect();
    let mut y = a.mul(&omega, k);
    for _ in 0..2 {
        let q = orthonormalize(&y, k);
        let z = orthonormalize(&a.tmul(&q, k), k);
        y = a.mul(&z, k);
    }
    let q = orthonormalize(&y, k);
    let z = a.tmul(&q, k);
    let (vals, vecs) = eigh(&gram(&z, k), k);
    let d = opts.dim.min(k);
    // Word vectors: Q U_d S_d^0.5, then unit length.
    let mut w = vec![0f64; k * d];
    for i in 0..k {
        for j in 0..d {
            w[i * d + j] = vecs[i * k + j] * vals[j].max(0.0).powf(0.25);
        }
    }
    let mut emb = right_mul(&q, k, &w, d);
    normalize_rows(&mut emb, d);
    log(&format!(
        "svd: {d} dims, top singular values {:.1} {:.1} {:.1} ({:.1}s)",
        vals[0].max(0.0).sqrt(),
        vals[1].max(0.0).sqrt(),
        vals[2].max(0.0).sqrt(),
        t0.elapsed().as_secs_f64()
    ));
    // Nested spherical k-means.
    let ones = vec![1f32; nv];
    let (a0, mut cent) = kmeans(
        &emb,
        d,
        &ones,
        opts.levels[0] as usize,
        opts.iters,
        &mut rng,
    );
    let mut ids = vec![0u16; nv * NLEVELS];
    for (r, &c) in a0.iter().enumerate() {
        ids[r * NLEVELS] = c;
    }
    let mut sizes = vec![0f32; opts.levels[0] as usize];
    for &c in &a0 {
        sizes[c as usize] += 1.0;
    }
    log(&format!(
        "level 0: {} clusters ({:.1}s)",
        opts.levels[0],
        t0.elapsed().as_secs_f64()
    ));
    for j in 1..NLEVELS {
        let kj = opts.levels[j] as usize;
        let (aj, cj) = kmeans(&cent, d, &sizes, kj, opts.iters * 3, &mut rng);
        for r in 0..nv {
            let prev = ids[r * NLEVELS + j - 1] as usize;
            ids[r * NLEVELS + j] = aj[prev];
        }
        let mut s2 = vec![0f32; kj];
        for (c, &s) in aj.iter().zip(&sizes) {
            s2[*c as usize] += s;
        }
        sizes = s2;
        cent = cj;
    }
    let words = order
        .iter()
        .map(|&i| corpus.words[i as usize].clone())
        .collect();
    log(&format!(
        "clusters trained in {:.1}s",
        t0.elapsed().as_secs_f64()
    ));
    Clusters::from_data(ClusterData {
        language: language.into(),
        description: description.into(),
        levels: opts.levels.clone(),
        words,
        ids,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Clusters {
        let mut c = Corpus::default();
        let names = ["Anna", "Berta", "Clara", "Dora", "Emil", "Fritz"];
        let cities = ["Berlin", "Paris", "Rom", "Wien", "Bern", "Prag"];
        for i in 0..400 {
            let n = names[i % names.len()];
            let m = cities[(i * 7) % cities.len()];
            c.add_sentence(["Heute", "sagte", n, "in", m, "."]);
            c.add_sentence(["Die", "Stadt", m, "liegt", "nah", "."]);
            c.add_sentence([n, "lacht", "laut", "."]);
        }
        let opts = ClusterOptions {
            min_count: 2,
            contexts: 50,
            dim: 8,
            levels: vec![8, 4, 2, 1],
            iters: 20,
            ..Default::default()
        };
        train(&c, &opts, "de", "toy", &|_| {}).unwrap()
    }

    #[test]
    fn learns_and_round_trips() {
        let cl = toy();
        let a = cl.lookup("Anna").unwrap();
        let b = cl.lookup("BERTA").unwrap();
        let p = cl.lookup("paris").unwrap();
        let w = cl.lookup("Wien").unwrap();
        assert_eq!(a[1], b[1], "names share a cluster");
        assert_eq!(p[1], w[1], "cities share a cluster");
        assert_ne!(a[0], p[0]);
        assert!(cl.lookup("unbekannt").is_none());
        // Nested levels: the coarsest has one cluster.
        assert_eq!(a[3], 0);
        let bytes = cl.to_bytes().unwrap();
        let back = Clusters::from_bytes(&bytes).unwrap();
        assert_eq!(back.data(), cl.data());
        assert_eq!(back.lookup("anna"), Some(a));
        // Corruption is an error, not a panic.
        let mut bad = bytes.clone();
        let last = bad.len() - 1;
        bad[last] ^= 0xff;
        assert!(Clusters::from_bytes(&bad).is_err());
        assert!(Clusters::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        let mut d = cl.data();
        d.ids[0] = 60_000;
        assert!(Clusters::from_data(d).is_err());
    }
}
