//! The hashing feature extractor: the per-thread scratch (count table, token buffers) that
//! counts a text's features in one pass, the group normalization, and [`extract`]. Builds
//! feature vectors only; scoring against weights is in `scoring`, the models elsewhere.

use super::hashing::{
    bucket, fnv_step, key_of_hash, BIGRAM_SALT, CHAR_SEED, CLUSTER_SEED, FNV_PRIME, LEN_SEED,
    WORD_SEED,
};
use super::{FeatureConfig, SparseVec};
use std::cell::RefCell;

/// How many tokens ahead the cluster lookups prefetch their table slots.
const PREFETCH_AHEAD: usize = 16;

/// `1 + ln(c)` for small counts.
const DAMP_TABLE: usize = 64;

pub(super) fn damp_table() -> &'static [f32; DAMP_TABLE] {
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
pub(super) fn damp(t: &[f32; DAMP_TABLE], c: u32) -> f32 {
    match t.get(c as usize) {
        Some(&v) => v,
        None => 1.0 + (c as f32).ln(),
    }
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
pub(super) const GROUPS: usize = 4;
const G_WORD: u32 = 0;
const G_CHAR: u32 = 1;
const G_LEN: u32 = 2;
const G_CLUSTER: u32 = 3;

/// Reused per-thread buffers of the extraction.
#[derive(Default)]
pub(super) struct Scratch {
    /// Feature counts.
    pub(super) table: Table,
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
pub(super) struct Table {
    /// `(bucket << 2 | group) + 1` (0 = empty).
    pub(super) keys: Vec<u32>,
    pub(super) counts: Vec<u32>,
    /// Occupied slots, in insertion order.
    pub(super) used: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's extraction buffers.
pub(super) fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
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
    pub(super) fn collect(&mut self, text: &str, cfg: &FeatureConfig) {
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
    pub(super) fn group_scales(&self, cfg: &FeatureConfig) -> [f32; GROUPS] {
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
pub(super) fn group_factors(cfg: &FeatureConfig, ss: &[f32; GROUPS]) -> [f32; GROUPS] {
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

#[cfg(test)]
mod tests {
    use super::*;

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
