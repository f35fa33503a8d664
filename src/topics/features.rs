//! Hashed sparse features for the topic classifier.
//!
//! A text becomes a sparse vector over `2^bits` hash buckets:
//! - lowercased word unigrams and bigrams (tokens are maximal runs of alphanumeric characters),
//! - character n-grams (`char_min..=char_max`) inside each word, with `<`/`>` word-boundary marks,
//!   which carry meaning across related languages and inflections,
//! - optionally word-cluster ids (a coarse cluster of each word, from cluster maps stored in
//!   the model, [`WordClusters`]), which generalize to words the training data never showed,
//! - optionally one length feature (the text's word count on a log2 scale), so that the model
//!   can learn different priors for single sentences and long articles.
//!
//! Counts are damped (`1 + ln(count)`), each group (words, chars) is L2-normalized and scaled by its
//! group weight, so short sentences and long articles live on the same scale.
//!
//! Extraction makes one pass over the bytes of the text: tokens are lowercased into a reused
//! buffer, word and character n-gram hashes are computed incrementally (FNV-1a, one step per
//! byte; an n-gram's hash extends the (n−1)-gram's), and counts go into a reused open-addressing
//! table, so an article costs no allocation after the first one on a thread.

use crate::hint::prefetch;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::sync::Arc;

/// Feature extraction settings (stored in the model file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureConfig {
    /// Number of hash bits: the feature space has `2^bits` buckets.
    pub bits: u32,
    /// Shortest character n-gram.
    pub char_min: usize,
    /// Longest character n-gram (0 disables character n-grams).
    pub char_max: usize,
    /// Use word bigrams besides unigrams.
    pub word_bigrams: bool,
    /// Weight of the (L2-normalized) word group.
    pub word_weight: f32,
    /// Weight of the (L2-normalized) character group.
    pub char_weight: f32,
    /// Only the first `max_chars` bytes (rounded to a char boundary) of a text are used (0 = all).
    pub max_chars: usize,
    /// Value of the length feature (one bucket per power of two of the word count; 0 = off).
    pub length_weight: f32,
    /// Word clusters as an extra feature group (`None` = off).
    #[serde(with = "shared_clusters")]
    pub clusters: Option<Arc<WordClusters>>,
}

/// Serde for the shared cluster map (stored inline, like `Option<WordClusters>`).
mod shared_clusters {
    use super::WordClusters;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(
        v: &Option<Arc<WordClusters>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        v.as_deref().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Arc<WordClusters>>, D::Error> {
        Ok(Option::<WordClusters>::deserialize(d)?.map(Arc::new))
    }
}

/// The stored form of [`WordClusters`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WordClustersData {
    /// Weight of the (L2-normalized) cluster group.
    pub weight: f32,
    /// 32-bit hashes of the lowercase words ([`word_key`]), ascending; a word in two cluster
    /// maps (e.g. English and German "die") appears twice.
    pub keys: Vec<u32>,
    /// Cluster feature id of each key (ids of different cluster maps do not overlap).
    pub ids: Vec<u16>,
}

/// Word → coarse cluster ids, used as the features of one group: every word with a cluster
/// adds a feature for its cluster (at most two, from different cluster maps). Built by
/// [`WordClusters::new`] from `(word, cluster id)` lists, e.g. of the entity models' cluster
/// files; stored in the topic model file.
#[derive(Clone, Serialize, Deserialize)]
#[serde(from = "WordClustersData", into = "WordClustersData")]
pub struct WordClusters {
    data: WordClustersData,
    /// Open-addressing table of `[key | 1, value]` slots (key 0 = empty; value = `first id + 1
    /// | (second id + 1) << 16`, 0 = none); key and value share a cache line.
    slots: Vec<[u32; 2]>,
}

impl std::fmt::Debug for WordClusters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "WordClusters {{ weight: {}, entries: {} }}",
            self.data.weight,
            self.data.keys.len()
        )
    }
}

impl PartialEq for WordClusters {
    fn eq(&self, other: &Self) -> bool {
        self.data == other.data
    }
}

impl From<WordClustersData> for WordClusters {
    fn from(data: WordClustersData) -> Self {
        let n = data.keys.len().min(data.ids.len());
        let cap = (n * 2).next_power_of_two().max(16);
        let mut slots = vec![[0u32; 2]; cap];
        let mask = cap - 1;
        for (&k, &id) in data.keys.iter().zip(&data.ids).take(n) {
            let tag = k | 1;
            let mut s = slot_of(k, mask);
            loop {
                let slot = &mut slots[s];
                if slot[0] == 0 {
                    *slot = [tag, id as u32 + 1];
                    break;
                }
                if slot[0] == tag {
                    // a second cluster map (the first's value stays in the low half)
                    if slot[1] >> 16 == 0 && slot[1] != id as u32 + 1 {
                        slot[1] |= (id as u32 + 1) << 16;
                    }
                    break;
                }
                s = (s + 1) & mask;
            }
        }
        WordClusters { data, slots }
    }
}

impl From<WordClusters> for WordClustersData {
    fn from(c: WordClusters) -> Self {
        c.data
    }
}

/// How many tokens ahead the cluster lookups prefetch their table slots.
const PREFETCH_AHEAD: usize = 16;

#[inline(always)]
fn slot_of(key: u32, mask: usize) -> usize {
    (key.wrapping_mul(0x9e37_79b1) >> 7) as usize & mask
}

/// The 32-bit key of a word hash (see [`word_key`]).
#[inline(always)]
fn key_of_hash(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// The 32-bit cluster-table key of a word: its feature hash, folded (the word is lowercased
/// the way the extractor lowercases tokens).
pub fn word_key(word: &str) -> u32 {
    let mut h = WORD_SEED;
    for c in word.chars() {
        for l in c.to_lowercase() {
            let mut buf = [0u8; 4];
            for &b in l.encode_utf8(&mut buf).as_bytes() {
                h = fnv_step(h, b);
            }
        }
    }
    key_of_hash(h)
}

impl WordClusters {
    /// Builds the map from `(word, cluster id)` pairs (words are lowercased; words that are
    /// not one token of the extractor, i.e. contain a char that is not alphanumeric, are
    /// skipped). `weight` is the group weight.
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, u16)>, weight: f32) -> Self {
        let mut kv: Vec<(u32, u16)> = pairs
            .into_iter()
            .filter(|(w, _)| !w.is_empty() && w.chars().all(char::is_alphanumeric))
            .map(|(w, id)| (word_key(w), id))
            .collect();
        kv.sort_unstable();
        kv.dedup();
        WordClusters::from(WordClustersData {
            weight,
            keys: kv.iter().map(|p| p.0).collect(),
            ids: kv.iter().map(|p| p.1).collect(),
        })
    }

    /// The group weight.
    pub fn weight(&self) -> f32 {
        self.data.weight
    }

    /// Number of (word, cluster) entries.
    pub fn len(&self) -> usize {
        self.data.keys.len()
    }

    /// True when no word has a cluster.
    pub fn is_empty(&self) -> bool {
        self.data.keys.is_empty()
    }

    /// The cluster ids of a word (at most two), if any.
    pub fn lookup(&self, word: &str) -> Vec<u16> {
        let v = self.get(word_key(word));
        [v & 0xffff, v >> 16]
            .into_iter()
            .filter(|&x| x != 0)
            .map(|x| (x - 1) as u16)
            .collect()
    }

    /// Hints the CPU to load the table slot of `key`.
    #[inline(always)]
    fn prefetch(&self, key: u32) {
        let s = slot_of(key, self.slots.len() - 1);
        prefetch(self.slots.as_ptr().wrapping_add(s));
    }

    /// The packed value of a key (0 = no cluster).
    #[inline(always)]
    fn get(&self, key: u32) -> u32 {
        let mask = self.slots.len() - 1;
        let tag = key | 1;
        let mut s = slot_of(key, mask);
        loop {
            let [k, v] = self.slots[s];
            if k == tag {
                return v;
            }
            if k == 0 {
                return 0;
            }
            s = (s + 1) & mask;
        }
    }
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            bits: 20,
            char_min: 3,
            char_max: 5,
            word_bigrams: true,
            word_weight: 1.0,
            char_weight: 1.0,
            max_chars: 20_000,
            length_weight: 0.0,
            clusters: None,
        }
    }
}

/// A sparse feature vector: sorted unique bucket indices and their values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SparseVec {
    /// Bucket indices, ascending, unique.
    pub idx: Vec<u32>,
    /// Values, one per index.
    pub val: Vec<f32>,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// Start states of the feature groups (FNV offset run over a group tag).
const WORD_SEED: u64 = FNV_OFFSET ^ 0x77;
const CHAR_SEED: u64 = FNV_OFFSET ^ 0x63;
const LEN_SEED: u64 = FNV_OFFSET ^ 0x6c;
const CLUSTER_SEED: u64 = FNV_OFFSET ^ 0x6b;
const BIGRAM_SALT: u64 = 0x9e37_79b9_7f4a_7c15;

#[inline(always)]
fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(FNV_PRIME)
}

/// Bucket of a hash: fold the high half in, multiply, keep the top `bits` bits.
#[inline(always)]
fn bucket(h: u64, bits: u32) -> u32 {
    ((h ^ (h >> 32)).wrapping_mul(0xd6e8_feb8_6659_fd93) >> (64 - bits)) as u32
}

/// `1 + ln(c)` for small counts.
const DAMP_TABLE: usize = 64;

fn damp_table() -> &'static [f32; DAMP_TABLE] {
    static T: std::sync::OnceLock<[f32; DAMP_TABLE]> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let mut t = [0f32; DAMP_TABLE];
        for (c, v) in t.iter_mut().enumerate().skip(1) {
            *v = 1.0 + (c as f32).ln();
        }
        t
    })
}

#[inline]
fn damp(t: &[f32; DAMP_TABLE], c: u32) -> f32 {
    match t.get(c as usize) {
        Some(&v) => v,
        None => 1.0 + (c as f32).ln(),
    }
}

/// Lowercased word tokens (maximal runs of alphanumeric characters).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                cur.push(l);
            }
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn truncate(text: &str, max: usize) -> &str {
    if max == 0 || text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Feature groups (normalized separately).
pub(crate) const GROUPS: usize = 4;
const G_WORD: u32 = 0;
const G_CHAR: u32 = 1;
const G_LEN: u32 = 2;
const G_CLUSTER: u32 = 3;

/// Reused per-thread buffers of the extraction.
#[derive(Default)]
pub(crate) struct Scratch {
    /// Feature counts.
    table: Table,
    /// The current token: `<`, its lowercased bytes, `>`.
    tok: Vec<u8>,
    /// Byte offset in `tok` where each char starts, plus the end (filled only for tokens with
    /// non-ASCII chars).
    starts: Vec<u32>,
    /// Cluster-table keys of the tokens, in text order (with word clusters only).
    cl_keys: Vec<u32>,
}

/// Open-addressing count table of `(bucket, group)` features.
#[derive(Default)]
struct Table {
    /// `(bucket << 2 | group) + 1` (0 = empty).
    keys: Vec<u32>,
    counts: Vec<u32>,
    /// Occupied slots, in insertion order.
    used: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's extraction buffers.
pub(crate) fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        // re-entered (not expected): use fresh buffers
        Err(_) => f(&mut Scratch::default()),
    })
}

impl Table {
    fn clear(&mut self) {
        for &s in &self.used {
            self.keys[s as usize] = 0;
        }
        self.used.clear();
        if self.keys.len() > 1 << 20 {
            // an unusually large text grew the table: give the memory back
            self.keys = Vec::new();
            self.counts = Vec::new();
        }
        if self.keys.is_empty() {
            self.keys = vec![0; 1 << 12];
            self.counts = vec![0; 1 << 12];
        }
    }

    #[inline(always)]
    fn add(&mut self, id: u32, group: u32) {
        let key = ((id << 2) | group) + 1;
        let mask = self.keys.len() - 1;
        let mut s = (key.wrapping_mul(0x9e37_79b1) as usize) & mask;
        loop {
            let k = self.keys[s];
            if k == key {
                self.counts[s] += 1;
                return;
            }
            if k == 0 {
                self.keys[s] = key;
                self.counts[s] = 1;
                self.used.push(s as u32);
                if self.used.len() * 2 > self.keys.len() {
                    self.grow();
                }
                return;
            }
            s = (s + 1) & mask;
        }
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let n = self.keys.len() * 2;
        let old: Vec<(u32, u32)> = self
            .used
            .iter()
            .map(|&s| (self.keys[s as usize], self.counts[s as usize]))
            .collect();
        self.keys = vec![0; n];
        self.counts = vec![0; n];
        self.used.clear();
        let mask = n - 1;
        for (key, c) in old {
            let mut s = (key.wrapping_mul(0x9e37_79b1) as usize) & mask;
            while self.keys[s] != 0 {
                s = (s + 1) & mask;
            }
            self.keys[s] = key;
            self.counts[s] = c;
            self.used.push(s as u32);
        }
    }
}

impl Scratch {
    /// Counts the features of `text` into the table.
    fn collect(&mut self, text: &str, cfg: &FeatureConfig) {
        let Scratch {
            table,
            tok,
            starts,
            cl_keys,
        } = self;
        table.clear();
        cl_keys.clear();
        let text = truncate(text, cfg.max_chars);
        // the model and the trainer check 1..=26; a hand-made config must not overflow the key
        let bits = cfg.bits.clamp(1, 26);
        let chars_on = cfg.char_max >= cfg.char_min && cfg.char_min > 0;
        let mut prev: Option<u64> = None;
        let mut nwords = 0u32;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // skip to the next alphanumeric char
            let b = bytes[i];
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    i += 1;
                    continue;
                }
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                if !c.is_alphanumeric() {
                    i += c.len_utf8();
                    continue;
                }
            }
            // a token: lowercase it into `tok` with boundary marks
            tok.clear();
            starts.clear();
            tok.push(b'<');
            let mut ascii = true;
            while i < bytes.len() {
                let b = bytes[i];
                if b < 0x80 {
                    if !b.is_ascii_alphanumeric() {
                        break;
                    }
                    if !ascii {
                        starts.push(tok.len() as u32);
                    }
                    tok.push(b.to_ascii_lowercase());
                    i += 1;
                } else {
                    let c = text[i..].chars().next().unwrap_or(' ');
                    if !c.is_alphanumeric() {
                        break;
                    }
                    if ascii {
                        ascii = false;
                        starts.extend(0..tok.len() as u32);
                    }
                    for l in c.to_lowercase() {
                        starts.push(tok.len() as u32);
                        let mut buf = [0u8; 4];
                        tok.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                    }
                    i += c.len_utf8();
                }
            }
            if !ascii {
                starts.push(tok.len() as u32);
                starts.push(tok.len() as u32 + 1);
            }
            tok.push(b'>');
            nwords += 1;

            let inner = &tok[1..tok.len() - 1];
            let mut hw = WORD_SEED;
            for &b in inner {
                hw = fnv_step(hw, b);
            }
            let id = bucket(hw, bits);
            table.add(id, G_WORD);
            if cfg.clusters.is_some() {
                // looked up after the loop, with prefetching (the table is large)
                cl_keys.push(key_of_hash(hw));
            }
            if cfg.word_bigrams {
                if let Some(p) = prev {
                    let mut hb = (p ^ BIGRAM_SALT).wrapping_mul(FNV_PRIME);
                    for &b in &tok[1..tok.len() - 1] {
                        hb = fnv_step(hb, b);
                    }
                    table.add(bucket(hb, bits), G_WORD);
                }
                prev = Some(hw);
            }
            if chars_on && ascii {
                // all chars are one byte: n-grams are byte windows
                let n = tok.len();
                for s in 0..n {
                    let top = (s + cfg.char_max).min(n);
                    if s + cfg.char_min > top {
                        break;
                    }
                    let mut h = CHAR_SEED;
                    for (j, &b) in tok[s..top].iter().enumerate() {
                        h = fnv_step(h, b);
                        if j + 1 >= cfg.char_min {
                            table.add(bucket(h, bits), G_CHAR);
                        }
                    }
                }
            } else if chars_on {
                // starts[k] = byte start of the k-th char of "<token>", plus the end
                let nchar = starts.len() - 1;
                for s in 0..nchar {
                    let top = (s + cfg.char_max).min(nchar);
                    if s + cfg.char_min > top {
                        break;
                    }
                    let mut h = CHAR_SEED;
                    for e in s..top {
                        for k in starts[e]..starts[e + 1] {
                            h = fnv_step(h, tok[k as usize]);
                        }
                        if e + 1 - s >= cfg.char_min {
                            table.add(bucket(h, bits), G_CHAR);
                        }
                    }
                }
            }
        }
        if let Some(cl) = &cfg.clusters {
            for (i, &k) in cl_keys.iter().enumerate() {
                if let Some(&ahead) = cl_keys.get(i + PREFETCH_AHEAD) {
                    cl.prefetch(ahead);
                }
                let v = cl.get(k);
                for c in [v & 0xffff, v >> 16] {
                    if c != 0 {
                        let h = fnv_step(fnv_step(CLUSTER_SEED, c as u8), (c >> 8) as u8);
                        table.add(bucket(h, bits), G_CLUSTER);
                    }
                }
            }
        }
        if cfg.length_weight != 0.0 && nwords > 0 {
            let b = 32 - nwords.leading_zeros();
            table.add(bucket(fnv_step(LEN_SEED, b as u8), bits), G_LEN);
        }
    }

    /// Group scale factors: `weight / L2 norm` of each group's damped counts (length: its weight).
    fn group_scales(&self, cfg: &FeatureConfig) -> [f32; GROUPS] {
        let t = damp_table();
        let mut ss = [0f32; GROUPS];
        for &s in &self.table.used {
            let d = damp(t, self.table.counts[s as usize]);
            ss[(self.table.keys[s as usize] - 1) as usize & 3] += d * d;
        }
        group_factors(cfg, &ss)
    }
}

/// `weight / sqrt(sum of squares)` of the word, char and cluster groups; the length group's
/// weight.
fn group_factors(cfg: &FeatureConfig, ss: &[f32; GROUPS]) -> [f32; GROUPS] {
    let cw = cfg.clusters.as_ref().map_or(0.0, |c| c.weight());
    let w = [cfg.word_weight, cfg.char_weight, cfg.length_weight, cw];
    let mut out = [0f32; GROUPS];
    for g in 0..GROUPS {
        out[g] = if g == G_LEN as usize {
            w[g]
        } else if ss[g] > 0.0 {
            w[g] / ss[g].sqrt()
        } else {
            0.0
        };
    }
    out
}

/// Extracts the sparse feature vector of `text`.
pub fn extract(text: &str, cfg: &FeatureConfig) -> SparseVec {
    with_scratch(|s| {
        s.collect(text, cfg);
        let sc = s.group_scales(cfg);
        let t = damp_table();
        let mut pairs: Vec<(u32, f32)> = s
            .table
            .used
            .iter()
            .map(|&slot| {
                let key = s.table.keys[slot as usize] - 1;
                let v = damp(t, s.table.counts[slot as usize]) * sc[(key & 3) as usize];
                (key >> 2, v)
            })
            .filter(|p| p.1 != 0.0)
            .collect();
        pairs.sort_unstable_by_key(|p| p.0);
        let mut v = SparseVec {
            idx: Vec::with_capacity(pairs.len()),
            val: Vec::with_capacity(pairs.len()),
        };
        for (i, x) in pairs {
            match v.idx.last() {
                Some(&last) if last == i => {
                    if let Some(l) = v.val.last_mut() {
                        *l += x;
                    }
                }
                _ => {
                    v.idx.push(i);
                    v.val.push(x);
                }
            }
        }
        v
    })
}

/// Adds `Σ value · weights[row]` over the features of `text` to `out` (one entry per label),
/// without building a sparse vector. `weights` has `labels` i8 values per hash bucket; the
/// i8 values are multiplied by `scales` at the end.
pub(crate) fn score_into(
    text: &str,
    cfg: &FeatureConfig,
    weights: &[i8],
    scales: &[f32],
    out: &mut [f32],
) {
    with_scratch(|s| {
        s.collect(text, cfg);
        match out.len() {
            10 => s.score_fixed::<10>(cfg, weights, scales, out),
            l if l <= 4 => s.score_fixed::<4>(cfg, weights, scales, out),
            l if l <= 8 => s.score_fixed::<8>(cfg, weights, scales, out),
            l if l <= 16 => s.score_fixed::<16>(cfg, weights, scales, out),
            _ => s.score_any(cfg, weights, scales, out),
        }
    })
}

impl Scratch {
    /// Scoring for up to `L` labels: one pass over the table accumulates, per group, the
    /// damped counts times the weight rows and the squared norm; the group factors apply at
    /// the end.
    fn score_fixed<const L: usize>(
        &self,
        cfg: &FeatureConfig,
        weights: &[i8],
        scales: &[f32],
        out: &mut [f32],
    ) {
        let l = out.len();
        let t = damp_table();
        let mut acc = [[0f32; L]; GROUPS];
        let mut ss = [0f32; GROUPS];
        for &slot in &self.table.used {
            let key = self.table.keys[slot as usize] - 1;
            let d = damp(t, self.table.counts[slot as usize]);
            let g = (key & 3) as usize;
            ss[g] += d * d;
            let r = (key >> 2) as usize * l;
            let Some(row) = weights.get(r..r + l) else {
                continue;
            };
            let a = &mut acc[g];
            if l == L {
                let row: &[i8; L] = row.try_into().unwrap_or(&[0; L]);
                for k in 0..L {
                    a[k] += d * row[k] as f32;
                }
            } else {
                for (o, &w) in a.iter_mut().zip(row) {
                    *o += d * w as f32;
                }
            }
        }
        let sc = group_factors(cfg, &ss);
        for (k, o) in out.iter_mut().enumerate() {
            let z = acc[0][k] * sc[0] + acc[1][k] * sc[1] + acc[2][k] * sc[2] + acc[3][k] * sc[3];
            *o += z * scales[k];
        }
    }

    /// Scoring for any number of labels.
    fn score_any(&self, cfg: &FeatureConfig, weights: &[i8], scales: &[f32], out: &mut [f32]) {
        let l = out.len();
        let sc = self.group_scales(cfg);
        let t = damp_table();
        let mut z = vec![0f32; l];
        for &slot in &self.table.used {
            let key = self.table.keys[slot as usize] - 1;
            let v = damp(t, self.table.counts[slot as usize]) * sc[(key & 3) as usize];
            let r = (key >> 2) as usize * l;
            let Some(row) = weights.get(r..r + l) else {
                continue;
            };
            for (o, &w) in z.iter_mut().zip(row) {
                *o += v * w as f32;
            }
        }
        for (k, o) in out.iter_mut().enumerate() {
            *o += z[k] * scales[k];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_clusters_lookup_and_features() {
        let cl = WordClusters::new(
            [
                ("hospital", 3),
                ("Klinik", 3),
                ("doctor", 3),
                ("die", 7),
                ("die", 1030), // the same word in a second cluster map
                ("e-mail", 9), // not one token: skipped
                ("", 5),
            ],
            0.5,
        );
        assert_eq!(cl.len(), 5);
        assert_eq!(cl.lookup("HOSPITAL"), [3]);
        assert_eq!(cl.lookup("klinik"), [3]);
        let mut die = cl.lookup("die");
        die.sort_unstable();
        assert_eq!(die, [7, 1030]);
        assert!(cl.lookup("e-mail").is_empty());
        assert!(cl.lookup("unknownword").is_empty());
        assert_eq!(cl.weight(), 0.5);

        let plain = FeatureConfig::default();
        let with = FeatureConfig {
            clusters: Some(Arc::new(cl.clone())),
            ..FeatureConfig::default()
        };
        // words of one cluster share a feature: "hospital" and "doctor" overlap only there
        let a = extract("hospital", &with);
        let b = extract("doctor", &with);
        let shared: Vec<u32> = a
            .idx
            .iter()
            .filter(|i| b.idx.contains(i))
            .copied()
            .collect();
        assert_eq!(shared.len(), 1);
        let pa = extract("hospital", &plain);
        let pb = extract("doctor", &plain);
        assert!(pa.idx.iter().all(|i| !pb.idx.contains(i)));
        assert_eq!(a.idx.len(), pa.idx.len() + 1);
        // the cluster group is L2-normalized to its weight
        let cluster_only: Vec<f32> = a
            .idx
            .iter()
            .zip(&a.val)
            .filter(|(i, _)| !pa.idx.contains(i))
            .map(|(_, &v)| v)
            .collect();
        assert_eq!(cluster_only.len(), 1);
        assert!((cluster_only[0] - 0.5).abs() < 1e-6, "{cluster_only:?}");
        // no cluster for any word: the same features as without clusters
        assert_eq!(
            extract("unknownword text", &with),
            extract("unknownword text", &plain)
        );
        // serialization keeps the map
        let bytes = postcard::to_stdvec(&with).unwrap();
        let back: FeatureConfig = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, with);
        assert_eq!(back.clusters.as_ref().unwrap().lookup("doctor"), [3]);
        assert!(format!("{with:?}").contains("entries: 5"));
    }

    #[test]
    fn words_lowercase_and_split() {
        assert_eq!(
            words("Die Bundes-Regierung, 2024!"),
            ["die", "bundes", "regierung", "2024"]
        );
    }

    #[test]
    fn features_sorted_unique_normalized() {
        let cfg = FeatureConfig::default();
        let v = extract(
            "Die Regierung in Berlin beschließt die Reform. Die Reform!",
            &cfg,
        );
        assert!(!v.idx.is_empty());
        assert!(v.idx.windows(2).all(|w| w[0] < w[1]));
        assert!(v.idx.iter().all(|&i| (i as u64) < (1u64 << cfg.bits)));
        let n: f32 = v.val.iter().map(|x| x * x).sum();
        // two groups of norm 1 (the length feature is off by default), up to collisions
        assert!((n - 2.0).abs() < 0.2, "{n}");
        assert_eq!(extract("", &cfg), SparseVec::default());
        assert_eq!(extract(" ... ", &cfg), SparseVec::default());
    }

    #[test]
    fn deterministic() {
        let cfg = FeatureConfig::default();
        assert_eq!(
            extract("Ölpreis steigt", &cfg),
            extract("ÖLPREIS steigt", &cfg)
        );
    }

    #[test]
    fn counts_are_damped() {
        // "reform" twice: one word feature of value (1 + ln 2) before normalization
        let cfg = FeatureConfig {
            char_max: 0,
            word_bigrams: false,
            length_weight: 0.0,
            ..FeatureConfig::default()
        };
        let v = extract("Reform reform Haushalt", &cfg);
        assert_eq!(v.idx.len(), 2);
        let mut vals = v.val.clone();
        vals.sort_by(f32::total_cmp);
        let d = 1.0 + 2f32.ln();
        let norm = (1.0 + d * d).sqrt();
        assert!((vals[0] - 1.0 / norm).abs() < 1e-6, "{vals:?}");
        assert!((vals[1] - d / norm).abs() < 1e-6, "{vals:?}");
    }

    #[test]
    fn char_ngrams_count_chars_not_bytes() {
        // "<öl>" has 4 chars: one 3-gram pair ("<öl", "öl>") and one 4-gram
        let cfg = FeatureConfig {
            char_min: 3,
            char_max: 4,
            word_weight: 0.0,
            length_weight: 0.0,
            ..FeatureConfig::default()
        };
        assert_eq!(extract("Öl", &cfg).idx.len(), 3);
        assert_eq!(extract("ol", &cfg).idx.len(), 3);
    }

    #[test]
    fn length_feature_separates_sentences_and_articles() {
        let cfg = FeatureConfig {
            length_weight: 1.0,
            word_weight: 0.0,
            char_weight: 0.0,
            ..FeatureConfig::default()
        };
        let short = extract("Die Regierung tagt.", &cfg);
        assert_eq!(short.idx.len(), 1);
        assert_eq!(short.val, [1.0]);
        let long = extract(&"Die Regierung tagt. ".repeat(50), &cfg);
        assert_eq!(long.idx.len(), 1);
        assert_ne!(short.idx, long.idx);
    }

    #[test]
    fn long_and_hostile_texts() {
        let cfg = FeatureConfig {
            max_chars: 0,
            ..FeatureConfig::default()
        };
        // one very long token, many distinct tokens (the table grows), odd characters
        let long_token = "a".repeat(100_000);
        assert!(!extract(&long_token, &cfg).idx.is_empty());
        let many: String = (0..30_000).map(|i| format!("w{i} ")).collect();
        let v = extract(&many, &cfg);
        assert!(v.idx.windows(2).all(|w| w[0] < w[1]));
        let odd = "\u{0}\u{feff}ǅ İstanbul ﬁ ß \u{10ffff} 👍🏽 x";
        let v = extract(odd, &cfg);
        assert!(v.val.iter().all(|x| x.is_finite()));
        // the same text again after a large one gives the same features
        assert_eq!(extract("kurz", &cfg), {
            let _ = extract(&many, &cfg);
            extract("kurz", &cfg)
        });
    }
}
