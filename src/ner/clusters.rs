//! Word clusters learned from unlabeled text, used as tagger features.
//!
//! Training (`nutgraf train clusters`): lowercase tokens are counted; each of the most
//! frequent words gets a sparse context vector (counts of the frequent words at offsets
//! -2, -1, +1, +2 and of sentence boundaries), weighted by positive PMI with smoothed
//! context probabilities. A randomized truncated SVD reduces the vectors to `dim`
//! dimensions; spherical k-means then clusters the unit-length word vectors into the
//! finest level of clusters, and each coarser level clusters the centroids of the level
//! below it, so the levels nest (a hierarchy like the prefixes of a Brown cluster path).
//! Everything is deterministic for a given seed (parallel work is split into fixed chunks
//! and summed in order).

use super::features::{hash_str, lower, Tok};
use super::table::{PackedStrs, U64Table};
use crate::error::{Error, Result};
use crate::model_file;
use crate::rng::Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// Payload version of `clusters` files.
pub const VERSION: u16 = 1;
/// Number of cluster granularities per word (finest first).
pub const NLEVELS: usize = 4;

/// The stored form of a cluster map.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ClusterData {
    /// ISO 639-1 code.
    pub language: String,
    /// Free-text description (data and settings).
    pub description: String,
    /// Number of clusters per level, finest first.
    pub levels: Vec<u32>,
    /// Lowercase words.
    pub words: Vec<String>,
    /// `NLEVELS` cluster ids per word (word-major).
    pub ids: Vec<u16>,
}

/// The stored form of a cluster map, borrowing its strings from the decoded payload (the
/// same serialized layout as [`ClusterData`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct ClusterDataRef<'a> {
    pub(crate) language: &'a str,
    pub(crate) description: &'a str,
    pub(crate) levels: Vec<u32>,
    #[serde(borrow)]
    pub(crate) words: Vec<&'a str>,
    pub(crate) ids: Vec<u16>,
}

/// A loaded cluster map: lowercase word -> cluster ids at [`NLEVELS`] granularities.
#[derive(Clone, Debug)]
pub struct Clusters {
    language: String,
    description: String,
    levels: Vec<u32>,
    words: PackedStrs,
    ids: Vec<u16>,
    /// Hash of the lowercase form -> 1 + cluster id per level (0 = unknown word).
    map: U64Table<[u16; NLEVELS]>,
}

impl Clusters {
    /// Validates stored data and builds the lookup table.
    pub fn from_data(data: ClusterData) -> Result<Clusters> {
        Clusters::from_ref(ClusterDataRef {
            language: &data.language,
            description: &data.description,
            levels: data.levels.clone(),
            words: data.words.iter().map(String::as_str).collect(),
            ids: data.ids.clone(),
        })
    }

    /// Validates stored data (strings borrowed from a payload) and builds the lookup table.
    pub(crate) fn from_ref(data: ClusterDataRef<'_>) -> Result<Clusters> {
        let words = PackedStrs::new(data.words.iter().copied())
            .ok_or_else(|| Error::Model("clusters: words too long".into()))?;
        Clusters::from_parts(
            data.language.to_string(),
            data.description.to_string(),
            data.levels,
            words,
            data.ids,
        )
    }

    /// Validates stored data and builds the lookup table.
    pub(crate) fn from_parts(
        language: String,
        description: String,
        levels: Vec<u32>,
        words: PackedStrs,
        ids: Vec<u16>,
    ) -> Result<Clusters> {
        if levels.len() != NLEVELS {
            return Err(Error::Model(format!(
                "clusters: {} levels, expected {NLEVELS}",
                levels.len()
            )));
        }
        if levels.iter().any(|&k| k == 0 || k >= u16::MAX as u32) {
            return Err(Error::Model("clusters: bad level size".into()));
        }
        if ids.len() != words.len() * NLEVELS {
            return Err(Error::Model(format!(
                "clusters: {} ids for {} words",
                ids.len(),
                words.len()
            )));
        }
        for (w, ids) in words.iter().zip(ids.chunks_exact(NLEVELS)) {
            for j in 0..NLEVELS {
                if ids[j] as u32 >= levels[j] {
                    return Err(Error::Model(format!(
                        "clusters: id {} of {w:?} out of range",
                        ids[j]
                    )));
                }
            }
        }
        let hashes: Vec<u64> = words.iter().map(hash_str).collect();
        let value = |i: usize| std::array::from_fn(|j| ids[i * NLEVELS + j] + 1);
        let map = U64Table::build_with(words.len(), |i| hashes[i], value, |slot, v| *slot = v);
        Ok(Clusters {
            language,
            description,
            levels,
            words,
            ids,
            map,
        })
    }

    /// The stored form, borrowing the strings.
    pub(crate) fn as_ref_data(&self) -> ClusterDataRef<'_> {
        ClusterDataRef {
            language: &self.language,
            description: &self.description,
            levels: self.levels.clone(),
            words: self.words.iter().collect(),
            ids: self.ids.clone(),
        }
    }

    /// The stored data (a copy).
    pub fn data(&self) -> ClusterData {
        ClusterData {
            language: self.language.clone(),
            description: self.description.clone(),
            levels: self.levels.clone(),
            words: self.words.iter().map(str::to_string).collect(),
            ids: self.ids.clone(),
        }
    }

    /// Number of clusters per level, finest first.
    pub fn levels(&self) -> &[u32] {
        &self.levels
    }

    /// Number of words with clusters.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when no word has a cluster.
    pub fn is_empty(&self) -> bool {
        self.words.len() == 0
    }

    /// Cluster ids (finest first) of a word (looked up lowercased).
    pub fn lookup(&self, word: &str) -> Option<[u16; NLEVELS]> {
        self.map
            .get(hash_str(&lower(word)))
            .map(|v| v.map(|x| x - 1))
    }

    /// Sets the cluster fields of tokens.
    pub(crate) fn assign(&self, toks: &mut [Tok]) {
        for t in toks {
            t.cl = self.map.get(t.l).unwrap_or([UNKNOWN; NLEVELS]);
        }
    }

    /// Reads a cluster map from the bytes of a `clusters` file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Clusters> {
        let raw = model_file::decode_payload("clusters", VERSION, bytes)?;
        super::payload::read_clusters(&raw)
    }

    /// Serializes as a `clusters` file.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        model_file::encode("clusters", VERSION, &self.as_ref_data())
    }

    /// Loads a `clusters` file.
    pub fn load(path: &Path) -> Result<Clusters> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path.display().to_string(), e))?;
        Clusters::from_bytes(&bytes)
    }

    /// Writes a `clusters` file.
    pub fn save(&self, path: &Path) -> Result<()> {
        let bytes = self.to_bytes()?;
        std::fs::write(path, bytes).map_err(|e| Error::io(path.display().to_string(), e))
    }
}

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

/// `Tok::cl` value of words without a cluster (when the model has clusters).
pub(crate) const UNKNOWN: u16 = u16::MAX;

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

/// Sparse rows (CSR).
struct Csr {
    rows: usize,
    cols: usize,
    ptr: Vec<usize>,
    idx: Vec<u32>,
    val: Vec<f32>,
}

/// Fixed chunks of `0..n` for deterministic parallel work.
fn chunks(n: usize) -> Vec<(usize, usize)> {
    let size = n.div_ceil(64).max(1);
    (0..n)
        .step_by(size)
        .map(|a| (a, (a + size).min(n)))
        .collect()
}

impl Csr {
    /// `A x` with `x` row-major `cols x k`; result row-major `rows x k`.
    fn mul(&self, x: &[f32], k: usize) -> Vec<f32> {
        let mut y = vec![0f32; self.rows * k];
        y.par_chunks_mut(k).enumerate().for_each(|(r, yr)| {
            for p in self.ptr[r]..self.ptr[r + 1] {
                let (c, v) = (self.idx[p] as usize, self.val[p]);
                for (a, b) in yr.iter_mut().zip(&x[c * k..(c + 1) * k]) {
                    *a += v * b;
                }
            }
        });
        y
    }

    /// `A^T y` with `y` row-major `rows x k`; result row-major `cols x k`.
    fn tmul(&self, y: &[f32], k: usize) -> Vec<f32> {
        let parts: Vec<Vec<f32>> = chunks(self.rows)
            .into_par_iter()
            .map(|(a, b)| {
                let mut z = vec![0f32; self.cols * k];
                for r in a..b {
                    let yr = &y[r * k..(r + 1) * k];
                    for p in self.ptr[r]..self.ptr[r + 1] {
                        let (c, v) = (self.idx[p] as usize, self.val[p]);
                        for (a, b) in z[c * k..(c + 1) * k].iter_mut().zip(yr) {
                            *a += v * b;
                        }
                    }
                }
                z
            })
            .collect();
        let mut z = vec![0f32; self.cols * k];
        for p in parts {
            for (a, b) in z.iter_mut().zip(p) {
                *a += b;
            }
        }
        z
    }
}

/// Gram matrix `X^T X` (k x k, f64) of a row-major `n x k` matrix.
fn gram(x: &[f32], k: usize) -> Vec<f64> {
    let n = x.len() / k;
    let parts: Vec<Vec<f64>> = chunks(n)
        .into_par_iter()
        .map(|(a, b)| {
            let mut g = vec![0f64; k * k];
            for r in a..b {
                let xr = &x[r * k..(r + 1) * k];
                for i in 0..k {
                    let xi = xr[i] as f64;
                    if xi == 0.0 {
                        continue;
                    }
                    for j in i..k {
                        g[i * k + j] += xi * xr[j] as f64;
                    }
                }
            }
            g
        })
        .collect();
    let mut g = vec![0f64; k * k];
    for p in parts {
        for (a, b) in g.iter_mut().zip(p) {
            *a += b;
        }
    }
    for i in 0..k {
        for j in 0..i {
            g[i * k + j] = g[j * k + i];
        }
    }
    g
}

/// Eigen-decomposition of a symmetric k x k matrix (cyclic Jacobi). Returns eigenvalues
/// in decreasing order and the matching eigenvectors as columns of a row-major matrix.
fn eigh(a: &[f64], k: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = a.to_vec();
    let mut v = vec![0f64; k * k];
    for i in 0..k {
        v[i * k + i] = 1.0;
    }
    for _sweep in 0..60 {
        let mut off = 0.0;
        let mut diag = 0.0;
        for i in 0..k {
            diag += a[i * k + i] * a[i * k + i];
            for j in i + 1..k {
                off += a[i * k + j] * a[i * k + j];
            }
        }
        if off <= 1e-22 * diag.max(1e-300) {
            break;
        }
        for p in 0..k {
            for q in p + 1..k {
                let apq = a[p * k + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * k + q] - a[p * k + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..k {
                    let (arp, arq) = (a[r * k + p], a[r * k + q]);
                    a[r * k + p] = c * arp - s * arq;
                    a[r * k + q] = s * arp + c * arq;
                }
                for r in 0..k {
                    let (apr, aqr) = (a[p * k + r], a[q * k + r]);
                    a[p * k + r] = c * apr - s * aqr;
                    a[q * k + r] = s * apr + c * aqr;
                }
                for r in 0..k {
                    let (vrp, vrq) = (v[r * k + p], v[r * k + q]);
                    v[r * k + p] = c * vrp - s * vrq;
                    v[r * k + q] = s * vrp + c * vrq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&i, &j| a[j * k + j].total_cmp(&a[i * k + i]));
    let vals = order.iter().map(|&i| a[i * k + i]).collect();
    let mut vecs = vec![0f64; k * k];
    for (newc, &oldc) in order.iter().enumerate() {
        for r in 0..k {
            vecs[r * k + newc] = v[r * k + oldc];
        }
    }
    (vals, vecs)
}

/// `X W` for row-major `n x k` X and `k x m` W (f64); result row-major `n x m` f32.
fn right_mul(x: &[f32], k: usize, w: &[f64], m: usize) -> Vec<f32> {
    let mut y = vec![0f32; x.len() / k * m];
    y.par_chunks_mut(m)
        .zip(x.par_chunks(k))
        .for_each(|(yr, xr)| {
            for (i, &xi) in xr.iter().enumerate() {
                if xi == 0.0 {
                    continue;
                }
                let wi = &w[i * m..(i + 1) * m];
                for (a, &b) in yr.iter_mut().zip(wi) {
                    *a += (xi as f64 * b) as f32;
                }
            }
        });
    y
}

/// Orthonormal columns spanning X's (row-major `n x k`) column space.
fn orthonormalize(x: &[f32], k: usize) -> Vec<f32> {
    let (vals, vecs) = eigh(&gram(x, k), k);
    let top = vals[0].max(1e-30);
    let mut w = vecs;
    for (j, &l) in vals.iter().enumerate() {
        let s = if l > top * 1e-12 { 1.0 / l.sqrt() } else { 0.0 };
        for i in 0..k {
            w[i * k + j] *= s;
        }
    }
    right_mul(x, k, &w, k)
}

#[inline]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    let mut s: f32 = acc.iter().sum();
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    s
}

fn normalize_rows(x: &mut [f32], d: usize) {
    for r in x.chunks_mut(d) {
        let n = dot(r, r).sqrt();
        if n > 0.0 {
            for v in r {
                *v /= n;
            }
        }
    }
}

/// Spherical k-means of unit rows (`n x d`, weights `w`). Returns the assignment and the
/// unit centroids (`k x d`).
fn kmeans(
    x: &[f32],
    d: usize,
    w: &[f32],
    k: usize,
    iters: usize,
    rng: &mut Rng,
) -> (Vec<u16>, Vec<f32>) {
    let n = x.len() / d;
    let k = k.min(n);
    // k-means++ seeding (on 1 - cos), weighted.
    let mut cent = vec![0f32; k * d];
    let first = (rng.next() % n as u64) as usize;
    cent[..d].copy_from_slice(&x[first * d..(first + 1) * d]);
    let mut dist: Vec<f32> = vec![f32::MAX; n];
    for c in 1..=k {
        let prev = &cent[(c - 1) * d..c * d];
        dist.par_iter_mut()
            .zip(x.par_chunks(d))
            .for_each(|(dd, xr)| {
                let v = (1.0 - dot(xr, prev)).max(0.0);
                if v < *dd {
                    *dd = v;
                }
            });
        if c == k {
            break;
        }
        let total: f64 = dist.iter().zip(w).map(|(&a, &b)| (a * a * b) as f64).sum();
        let mut pick = rng.unit() * total;
        let mut chosen = n - 1;
        for (i, (&a, &b)) in dist.iter().zip(w).enumerate() {
            pick -= (a * a * b) as f64;
            if pick <= 0.0 {
                chosen = i;
                break;
            }
        }
        cent[c * d..(c + 1) * d].copy_from_slice(&x[chosen * d..(chosen + 1) * d]);
    }
    let mut assign = vec![0u16; n];
    for _it in 0..iters {
        let new: Vec<(u16, f32)> = x.par_chunks(d).map(|xr| nearest(xr, &cent, d)).collect();
        let changed = new
            .iter()
            .zip(&assign)
            .filter(|((a, _), b)| a != *b)
            .count();
        for (a, (b, _)) in assign.iter_mut().zip(&new) {
            *a = *b;
        }
        let mut sums = vec![0f64; k * d];
        let mut sizes = vec![0f64; k];
        for (i, &c) in assign.iter().enumerate() {
            let c = c as usize;
            sizes[c] += w[i] as f64;
            for (s, &v) in sums[c * d..(c + 1) * d]
                .iter_mut()
                .zip(&x[i * d..(i + 1) * d])
            {
                *s += (v * w[i]) as f64;
            }
        }
        // Empty clusters take the worst-fitting points.
        let mut worst: Vec<usize> = (0..n).collect();
        worst.sort_by(|&a, &b| new[a].1.total_cmp(&new[b].1).then(a.cmp(&b)));
        let mut wi = 0;
        for c in 0..k {
            if sizes[c] > 0.0 {
                for (dst, &s) in cent[c * d..(c + 1) * d]
                    .iter_mut()
                    .zip(&sums[c * d..(c + 1) * d])
                {
                    *dst = s as f32;
                }
            } else if wi < n {
                let p = worst[wi];
                wi += 1;
                cent[c * d..(c + 1) * d].copy_from_slice(&x[p * d..(p + 1) * d]);
            }
        }
        normalize_rows(&mut cent, d);
        if changed * 1000 < n {
            break;
        }
    }
    // Final assignment to the final centroids.
    let fin: Vec<u16> = x.par_chunks(d).map(|xr| nearest(xr, &cent, d).0).collect();
    (fin, cent)
}

/// The centroid (row of `cent`, `d` columns) with the largest dot product with `xr`, and that product.
fn nearest(xr: &[f32], cent: &[f32], d: usize) -> (u16, f32) {
    let (mut best, mut bs) = (0usize, f32::MIN);
    for (c, cr) in cent.chunks_exact(d).enumerate() {
        let s = dot(xr, cr);
        if s > bs {
            bs = s;
            best = c;
        }
    }
    (best as u16, bs)
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

/// spaCy's string hash: MurmurHash64A of the UTF-8 bytes with seed 1.
pub fn spacy_hash(s: &str) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let b = s.as_bytes();
    let mut h: u64 = 1 ^ (b.len() as u64).wrapping_mul(M);
    let mut ch = b.chunks_exact(8);
    for c in &mut ch {
        let mut k = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let rem = ch.remainder();
    if !rem.is_empty() {
        for (i, &x) in rem.iter().enumerate().rev() {
            h ^= (x as u64) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

fn bad(what: &str) -> Error {
    Error::Model(format!("spaCy vectors: {what}"))
}

/// Parses spaCy's `key2row` (a msgpack map of u64 hash -> row) in file order.
fn parse_key2row(b: &[u8]) -> Result<Vec<(u64, u32)>> {
    let mut p = 0usize;
    let take = |p: &mut usize, n: usize| -> Result<&[u8]> {
        let s = b.get(*p..*p + n).ok_or_else(|| bad("key2row truncated"))?;
        *p += n;
        Ok(s)
    };
    let uint = |p: &mut usize| -> Result<u64> {
        let t = take(p, 1)?[0];
        Ok(match t {
            0x00..=0x7f => t as u64,
            0xcc => take(p, 1)?[0] as u64,
            0xcd => u16::from_be_bytes(take(p, 2)?.try_into().expect("2")) as u64,
            0xce => u32::from_be_bytes(take(p, 4)?.try_into().expect("4")) as u64,
            0xcf => u64::from_be_bytes(take(p, 8)?.try_into().expect("8")),
            _ => return Err(bad(&format!("unexpected msgpack byte {t:#x}"))),
        })
    };
    let n = match take(&mut p, 1)?[0] {
        t @ 0x80..=0x8f => (t & 0x0f) as usize,
        0xde => u16::from_be_bytes(take(&mut p, 2)?.try_into().expect("2")) as usize,
        0xdf => u32::from_be_bytes(take(&mut p, 4)?.try_into().expect("4")) as usize,
        _ => return Err(bad("key2row is not a msgpack map")),
    };
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let k = uint(&mut p)?;
        let v = uint(&mut p)?;
        out.push((k, u32::try_from(v).map_err(|_| bad("row out of range"))?));
    }
    Ok(out)
}

/// Parses a little-endian float32 C-order 2-d `.npy` array: (rows, cols, data).
fn parse_npy(b: &[u8]) -> Result<(usize, usize, Vec<f32>)> {
    if b.len() < 10 || &b[..6] != b"\x93NUMPY" {
        return Err(bad("vectors is not an .npy file"));
    }
    let (hl, start) = match b[6] {
        1 => (u16::from_le_bytes([b[8], b[9]]) as usize, 10),
        _ => {
            let h = b.get(8..12).ok_or_else(|| bad("npy header"))?;
            (u32::from_le_bytes(h.try_into().expect("4")) as usize, 12)
        }
    };
    let header = std::str::from_utf8(b.get(start..start + hl).ok_or_else(|| bad("npy header"))?)
        .map_err(|_| bad("npy header"))?;
    if !header.contains("'<f4'") || header.contains("'fortran_order': True") {
        return Err(bad("expected little-endian float32 C-order vectors"));
    }
    let shape = header
        .split("'shape':")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .ok_or_else(|| bad("npy shape"))?;
    let dims: Vec<usize> = shape
        .trim_start_matches([' ', '('])
        .split(',')
        .filter_map(|x| x.trim().parse().ok())
        .collect();
    let [rows, cols] = dims[..] else {
        return Err(bad("expected a 2-d array"));
    };
    let data = &b[start + hl..];
    if data.len() != rows * cols * 4 {
        return Err(bad("npy data size"));
    }
    let v = data
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().expect("4")))
        .collect();
    Ok((rows, cols, v))
}

/// Builds clusters from a spaCy vectors folder (`vocab/` of a pipeline package with
/// `strings.json`, `key2row`, `vectors`): the finest level is the word's vector row
/// (spaCy's pruned tables map every word to one of their rows), the three coarser levels
/// are nested spherical k-means of the rows with `opts.levels[0..3]` clusters. Words are
/// lowercased (the first, i.e. most frequent, casing wins) and the first `opts.max_words`
/// in `key2row` order are kept.
pub fn from_spacy_vectors(
    vocab: &Path,
    opts: &ClusterOptions,
    language: &str,
    description: &str,
    log: &(dyn Fn(&str) + Sync),
) -> Result<Clusters> {
    let read = |name: &str| -> Result<Vec<u8>> {
        let p = vocab.join(name);
        std::fs::read(&p).map_err(|e| Error::io(p.display().to_string(), e))
    };
    let strings: Vec<String> = serde_json::from_slice(&read("strings.json")?)
        .map_err(|e| bad(&format!("strings.json: {e}")))?;
    let key2row = parse_key2row(&read("key2row")?)?;
    let (rows, dim, mut vecs) = parse_npy(&read("vectors")?)?;
    if rows >= u16::MAX as usize || rows < opts.levels[0] as usize {
        return Err(bad(&format!("{rows} rows")));
    }
    let by_hash: HashMap<u64, &str> = strings
        .iter()
        .map(|s| (spacy_hash(s), s.as_str()))
        .collect();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut words: Vec<(String, u32)> = Vec::new();
    let mut named = 0usize;
    for &(k, r) in &key2row {
        let Some(s) = by_hash.get(&k) else { continue };
        named += 1;
        if r as usize >= rows
            || s.is_empty()
            || s.chars().count() > 40
            || s.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            continue;
        }
        let l = lower(s).into_owned();
        if words.len() < opts.max_words && !seen.contains_key(&l) {
            seen.insert(l.clone(), r);
            words.push((l, r));
        }
    }
    log(&format!(
        "{} strings, {} keys ({named} with a string), {rows} x {dim} vectors, {} lowercase words kept",
        strings.len(),
        key2row.len(),
        words.len()
    ));
    normalize_rows(&mut vecs, dim);
    let mut w = vec![0f32; rows];
    for (_, r) in &words {
        w[*r as usize] += 1.0;
    }
    for x in &mut w {
        *x = x.max(1.0).sqrt();
    }
    let mut rng = Rng(opts.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut lv = vec![rows as u32];
    lv.extend_from_slice(&opts.levels[..NLEVELS - 1]);
    let mut ids_of_row: Vec<[u16; NLEVELS]> = (0..rows).map(|r| [r as u16, 0, 0, 0]).collect();
    let (a1, mut cent) = kmeans(&vecs, dim, &w, lv[1] as usize, opts.iters, &mut rng);
    let mut sizes = vec![0f32; lv[1] as usize];
    for (r, &c) in a1.iter().enumerate() {
        ids_of_row[r][1] = c;
        sizes[c as usize] += w[r];
    }
    for j in 2..NLEVELS {
        let kj = lv[j] as usize;
        let (aj, cj) = kmeans(&cent, dim, &sizes, kj, opts.iters * 3, &mut rng);
        for ids in ids_of_row.iter_mut() {
            ids[j] = aj[ids[j - 1] as usize];
        }
        let mut s2 = vec![0f32; kj];
        for (c, &s) in aj.iter().zip(&sizes) {
            s2[*c as usize] += s;
        }
        sizes = s2;
        cent = cj;
    }
    let mut ids = Vec::with_capacity(words.len() * NLEVELS);
    for (_, r) in &words {
        ids.extend_from_slice(&ids_of_row[*r as usize]);
    }
    Clusters::from_data(ClusterData {
        language: language.into(),
        description: description.into(),
        levels: lv,
        words: words.into_iter().map(|(w, _)| w).collect(),
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
    fn spacy_formats() {
        // Reference values of spaCy's `hash_string` (MurmurHash64A, seed 1).
        assert_eq!(spacy_hash("apple"), 8566208034543834098);
        let mut m = vec![0x82u8, 0xcf];
        m.extend_from_slice(&7u64.to_be_bytes());
        m.extend_from_slice(&[0x05, 0xcf]);
        m.extend_from_slice(&9u64.to_be_bytes());
        m.extend_from_slice(&[0xcd, 0x01, 0x00]);
        assert_eq!(parse_key2row(&m).unwrap(), vec![(7, 5), (9, 256)]);
        assert!(parse_key2row(&m[..m.len() - 1]).is_err());
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        let mut npy = b"\x93NUMPY\x01\x00".to_vec();
        npy.extend_from_slice(&(header.len() as u16).to_le_bytes());
        npy.extend_from_slice(header.as_bytes());
        for x in 0..6 {
            npy.extend_from_slice(&(x as f32).to_le_bytes());
        }
        let (r, c, v) = parse_npy(&npy).unwrap();
        assert_eq!((r, c, v[5]), (2, 3, 5.0));
        assert!(parse_npy(&npy[..npy.len() - 2]).is_err());
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
