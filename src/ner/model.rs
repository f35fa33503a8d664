//! Model weights (quantized, pruned), the serialized model layout and decoding
//! (constrained Viterbi and forward-backward confidences).

use crate::error::{Error, Result};
use crate::hint::prefetch;
use crate::types::{EntityLabel, Iob};
use serde::{Deserialize, Serialize};

/// Number of tags: O, B-{PER,ORG,LOC,MISC}, I-{PER,ORG,LOC,MISC}.
pub(crate) const NT: usize = 9;
/// Rows of the transition matrix: one per previous tag plus the sentence start.
pub(crate) const NPREV: usize = NT + 1;
pub(crate) const START: usize = NT;

pub(crate) fn tag_to_iob(t: u8) -> Iob {
    match t {
        0 => Iob::O,
        1..=4 => Iob::B(EntityLabel::ALL[t as usize - 1]),
        _ => Iob::I(EntityLabel::ALL[t as usize - 5]),
    }
}

pub(crate) fn iob_to_tag(i: Iob) -> u8 {
    let li = |l: EntityLabel| {
        EntityLabel::ALL
            .iter()
            .position(|&x| x == l)
            .expect("label") as u8
    };
    match i {
        Iob::O => 0,
        Iob::B(l) => 1 + li(l),
        Iob::I(l) => 5 + li(l),
    }
}

/// Whether tag `cur` may follow `prev` (`START` at the sentence start) in IOB2.
#[inline]
pub(crate) fn allowed(prev: usize, cur: usize) -> bool {
    if cur < 5 {
        true
    } else {
        prev == cur || prev == cur - 4
    }
}

/// Best tag sequence under the IOB2 constraints; `mask[i]` (bit per tag) restricts the
/// tags of position `i` when given. `em` holds `n * NT` emission scores, `trans` holds
/// `NPREV * NT` transition scores.
pub(crate) fn viterbi(em: &[f32], trans: &[f32], mask: Option<&[u16]>) -> Vec<u8> {
    let n = em.len() / NT;
    if n == 0 {
        return Vec::new();
    }
    let ok = |i: usize, t: usize| match mask {
        None => true,
        Some(m) => m[i] & (1 << t) != 0,
    };
    let neg = f32::NEG_INFINITY;
    let mut delta = vec![neg; n * NT];
    let mut back = vec![0u8; n * NT];
    for t in 0..NT {
        if allowed(START, t) && ok(0, t) {
            delta[t] = em[t] + trans[START * NT + t];
        }
    }
    for i in 1..n {
        let mut prev = [neg; NT];
        prev.copy_from_slice(&delta[(i - 1) * NT..i * NT]);
        for t in 0..NT {
            if !ok(i, t) {
                continue;
            }
            let mut best = neg;
            let mut arg = 0;
            // the allowed predecessors of `t`, in ascending order (ties keep the first)
            let mut consider = |p: usize| {
                let d = prev[p];
                if d != neg {
                    let s = d + trans[p * NT + t];
                    if s > best {
                        best = s;
                        arg = p;
                    }
                }
            };
            if t < 5 {
                (0..NT).for_each(&mut consider);
            } else {
                consider(t - 4);
                consider(t);
            }
            debug_assert!((0..NT).all(|p| allowed(p, t) == (t < 5 || p == t - 4 || p == t)));
            if best > neg {
                delta[i * NT + t] = best + em[i * NT + t];
                back[i * NT + t] = arg as u8;
            }
        }
    }
    let last = &delta[(n - 1) * NT..];
    let mut t = (0..NT)
        .max_by(|&a, &b| last[a].total_cmp(&last[b]))
        .expect("tags");
    if last[t] == neg {
        // No path satisfies the mask: fall back to the unconstrained best path.
        return viterbi(em, trans, None);
    }
    let mut out = vec![0u8; n];
    for i in (0..n).rev() {
        out[i] = t as u8;
        t = back[i * NT + t] as usize;
    }
    out
}

/// Log-sum-exp of the first `k` values of `v` (no allocation; the same operations in the
/// same order as a plain fold, so results are bit-identical).
#[inline]
fn lse(v: &[f32; NT], k: usize) -> f32 {
    let v = &v[..k];
    let m = v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if m == f32::NEG_INFINITY {
        return m;
    }
    m + v.iter().map(|x| exp0(x - m)).sum::<f32>().ln()
}

/// `x.exp()`, returning 0 directly where it underflows to 0 (x < -104, including -inf)
/// instead of taking libm's slow special-case path: bit-identical results.
#[inline(always)]
fn exp0(x: f32) -> f32 {
    if x < -104.0 {
        0.0
    } else {
        x.exp()
    }
}

/// Posterior marginals of every tag at every position (forward-backward over the valid
/// IOB2 paths, scores used as log-potentials).
pub(crate) fn marginals(em: &[f32], trans: &[f32]) -> Vec<f32> {
    let n = em.len() / NT;
    let neg = f32::NEG_INFINITY;
    let mut a = vec![neg; n * NT];
    let mut b = vec![neg; n * NT];
    if n == 0 {
        return a;
    }
    for t in 0..NT {
        if allowed(START, t) {
            a[t] = em[t] + trans[START * NT + t];
        }
    }
    let mut buf = [0f32; NT];
    for i in 1..n {
        for t in 0..NT {
            let mut k = 0;
            for p in 0..NT {
                if allowed(p, t) {
                    buf[k] = a[(i - 1) * NT + p] + trans[p * NT + t];
                    k += 1;
                }
            }
            a[i * NT + t] = lse(&buf, k) + em[i * NT + t];
        }
    }
    for t in 0..NT {
        b[(n - 1) * NT + t] = 0.0;
    }
    for i in (0..n - 1).rev() {
        for p in 0..NT {
            let mut k = 0;
            for t in 0..NT {
                if allowed(p, t) {
                    buf[k] = trans[p * NT + t] + em[(i + 1) * NT + t] + b[(i + 1) * NT + t];
                    k += 1;
                }
            }
            b[i * NT + p] = lse(&buf, k);
        }
    }
    let mut last = [0f32; NT];
    last.copy_from_slice(&a[(n - 1) * NT..]);
    let z = lse(&last, NT);
    for (x, y) in a.iter_mut().zip(&b) {
        let v = exp0(*x + y - z);
        *x = if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.0
        };
    }
    a
}

/// Serialized weights of one stage: sorted feature keys (delta encoded), a tag mask per
/// key and the nonzero quantized weights in key/tag order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct StageData {
    pub(crate) key_deltas: Vec<u32>,
    pub(crate) masks: Vec<u16>,
    pub(crate) values: Vec<i16>,
    pub(crate) scale: f32,
    pub(crate) trans: Vec<f32>,
}

/// How many keys ahead [`Stage::emissions`] prefetches weight-table slots.
const PREFETCH_AHEAD: usize = 32;

/// Feature key -> weight row: open addressing with linear probing over a power-of-two slot
/// array at most half full. Keys are already hashes, so their top bits pick the slot: keys
/// inserted in ascending order (as stored) then fill the table from front to back.
#[derive(Clone, Debug, Default)]
struct KeyTable {
    /// (key, row) pairs; `row == EMPTY` marks a free slot.
    slots: Vec<(u32, u32)>,
    mask: usize,
    /// `32 - log2(slots.len())`: a key's home slot is `key >> shift`.
    shift: u32,
    len: usize,
}

const EMPTY: u32 = u32::MAX;

impl KeyTable {
    fn with_capacity(n: usize) -> KeyTable {
        let size = (2 * n).max(16).next_power_of_two();
        KeyTable {
            slots: vec![(0, EMPTY); size],
            mask: size - 1,
            shift: 32 - size.trailing_zeros(),
            len: 0,
        }
    }

    /// The home slot of `key`.
    #[inline(always)]
    fn home(&self, key: u32) -> usize {
        (key >> self.shift) as usize
    }

    /// Maps `key` to `row` (replacing an earlier row of the same key).
    fn insert(&mut self, key: u32, row: u32) {
        let mut i = self.home(key);
        loop {
            let (k, r) = self.slots[i];
            if r == EMPTY {
                self.slots[i] = (key, row);
                self.len += 1;
                return;
            }
            if k == key {
                self.slots[i].1 = row;
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Asks the CPU to load the first slot of `key` into the cache.
    #[inline]
    fn prefetch(&self, key: u32) {
        prefetch(self.slots.as_ptr().wrapping_add(self.home(key)));
    }

    #[inline]
    fn get(&self, key: u32) -> Option<u32> {
        let mut i = self.home(key);
        loop {
            let (k, r) = self.slots[i];
            if r == EMPTY {
                return None;
            }
            if k == key {
                return Some(r);
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// Weights of one stage ready for scoring.
#[derive(Clone, Debug)]
pub(crate) struct Stage {
    map: KeyTable,
    /// Quantized weights, `NT` per row; a weight is `rows[i] as f32 * scale`.
    rows: Vec<i16>,
    scale: f32,
    pub(crate) trans: Vec<f32>,
}

impl Stage {
    /// Quantizes weights (`keys[i]` owns `w[i*NT..][..NT]`), dropping weights below
    /// `prune` in absolute value.
    pub(crate) fn quantize(keys: &[u32], w: &[f32], trans: &[f32], prune: f32) -> StageData {
        let maxabs = w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-6);
        let scale = maxabs / 32767.0;
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_unstable_by_key(|&i| keys[i]);
        let mut d = StageData {
            key_deltas: Vec::new(),
            masks: Vec::new(),
            values: Vec::new(),
            scale,
            trans: trans.to_vec(),
        };
        let mut prev = 0u32;
        let mut last_key: Option<u32> = None;
        for i in order {
            if last_key == Some(keys[i]) {
                continue; // duplicate key (hash collision): keep the first
            }
            let row = &w[i * NT..(i + 1) * NT];
            let mut mask = 0u16;
            let mut vals = [0i16; NT];
            for t in 0..NT {
                if row[t].abs() >= prune {
                    let q = (row[t] / scale).round().clamp(-32767.0, 32767.0) as i16;
                    if q != 0 {
                        mask |= 1 << t;
                        vals[t] = q;
                    }
                }
            }
            if mask == 0 {
                continue;
            }
            last_key = Some(keys[i]);
            d.key_deltas.push(keys[i] - prev);
            prev = keys[i];
            d.masks.push(mask);
            d.values
                .extend((0..NT).filter(|t| mask & (1 << t) != 0).map(|t| vals[t]));
        }
        d
    }

    /// Builds scoring tables from serialized weights, checking consistency.
    pub(crate) fn from_data(d: &StageData) -> Result<Stage> {
        if d.key_deltas.len() != d.masks.len()
            || d.trans.len() != NPREV * NT
            || !d.scale.is_finite()
        {
            return Err(Error::Model("inconsistent ner weight tables".into()));
        }
        let total: usize = d.masks.iter().map(|m| m.count_ones() as usize).sum();
        if total != d.values.len() || d.masks.iter().any(|&m| m >> NT != 0) {
            return Err(Error::Model("inconsistent ner weight masks".into()));
        }
        let mut map = KeyTable::with_capacity(d.masks.len());
        let mut rows = vec![0i16; d.masks.len() * NT];
        let (mut key, mut v) = (0u32, 0usize);
        for (r, (&delta, &mask)) in d.key_deltas.iter().zip(&d.masks).enumerate() {
            key = key
                .checked_add(delta)
                .ok_or_else(|| Error::Model("ner weight keys overflow".into()))?;
            map.insert(key, r as u32);
            for t in 0..NT {
                if mask & (1 << t) != 0 {
                    rows[r * NT + t] = d.values[v];
                    v += 1;
                }
            }
        }
        if d.trans.iter().any(|x| !x.is_finite()) {
            return Err(Error::Model("non-finite transition weights".into()));
        }
        Ok(Stage {
            map,
            rows,
            scale: d.scale,
            trans: d.trans.clone(),
        })
    }

    /// Emission scores (`n * NT`) from per-token feature keys.
    ///
    /// The lookups are memory-bound (a random slot, then a random row per key), so keys are
    /// resolved to rows in a first pass that prefetches the slot of the key [`PREFETCH_AHEAD`]
    /// positions ahead and each row as soon as it is known; the second pass adds the rows.
    /// Rows stay quantized (`i16`, half the memory of `f32` rows, so more of the table stays
    /// in cache): a token's sums are exact in `i32` and scaled once.
    pub(crate) fn emissions(&self, feats: &[u32], offs: &[u32]) -> Vec<f32> {
        let n = offs.len().saturating_sub(1);
        let mut em = vec![0f32; n * NT];
        if n == 0 {
            return em;
        }
        let lo = offs[0] as usize;
        let keys = &feats[lo..offs[n] as usize];
        let mut found = Vec::with_capacity(keys.len());
        for (j, &k) in keys.iter().enumerate() {
            if let Some(&ahead) = keys.get(j + PREFETCH_AHEAD) {
                self.map.prefetch(ahead);
            }
            let r = self.map.get(k).unwrap_or(EMPTY);
            if r != EMPTY {
                let at = r as usize * NT;
                prefetch(self.rows.as_ptr().wrapping_add(at));
                prefetch(self.rows.as_ptr().wrapping_add(at + NT - 1));
            }
            found.push(r);
        }
        for i in 0..n {
            // integer sums are exact; one rounding when scaled
            let mut acc = [0i32; NT];
            for &r in &found[offs[i] as usize - lo..offs[i + 1] as usize - lo] {
                if r != EMPTY {
                    let row = &self.rows[r as usize * NT..(r as usize + 1) * NT];
                    for t in 0..NT {
                        acc[t] += row[t] as i32;
                    }
                }
            }
            for (e, a) in em[i * NT..(i + 1) * NT].iter_mut().zip(acc) {
                *e = a as f32 * self.scale;
            }
        }
        em
    }

    /// Number of weight rows.
    pub(crate) fn rows(&self) -> usize {
        self.map.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(tags: &[u8]) -> bool {
        let mut p = START;
        for &t in tags {
            if !allowed(p, t as usize) {
                return false;
            }
            p = t as usize;
        }
        true
    }

    #[test]
    fn viterbi_respects_iob2() {
        // Emissions that strongly prefer invalid I- tags everywhere.
        let mut seed = 12345u64;
        for _ in 0..200 {
            let n = 1 + (seed % 7) as usize;
            let em: Vec<f32> = (0..n * NT)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let r = (seed >> 40) as f32 / (1u64 << 24) as f32;
                    if i % NT >= 5 {
                        r * 10.0
                    } else {
                        r
                    }
                })
                .collect();
            let trans = vec![0f32; NPREV * NT];
            let p = viterbi(&em, &trans, None);
            assert_eq!(p.len(), n);
            assert!(valid(&p), "{p:?}");
            let m = marginals(&em, &trans);
            for i in 0..n {
                let s: f32 = m[i * NT..(i + 1) * NT].iter().sum();
                assert!((s - 1.0).abs() < 1e-3, "{s}");
            }
        }
        assert!(viterbi(&[], &[0.0; NPREV * NT], None).is_empty());
    }

    /// The plain forms of Viterbi and forward-backward: the fast ones must agree bit for bit.
    fn naive(em: &[f32], trans: &[f32]) -> (Vec<u8>, Vec<f32>) {
        let n = em.len() / NT;
        let neg = f32::NEG_INFINITY;
        let lse = |v: Vec<f32>| {
            let m = v.iter().copied().fold(neg, f32::max);
            if m == neg {
                return m;
            }
            m + v.iter().map(|x| (x - m).exp()).sum::<f32>().ln()
        };
        let (mut d, mut back) = (vec![neg; n * NT], vec![0u8; n * NT]);
        let (mut a, mut b) = (vec![neg; n * NT], vec![neg; n * NT]);
        for t in (0..NT).filter(|&t| allowed(START, t)) {
            d[t] = em[t] + trans[START * NT + t];
            a[t] = d[t];
        }
        for i in 1..n {
            for t in 0..NT {
                let (mut best, mut arg) = (neg, 0);
                for p in (0..NT).filter(|&p| allowed(p, t)) {
                    let x = d[(i - 1) * NT + p];
                    if x != neg && x + trans[p * NT + t] > best {
                        best = x + trans[p * NT + t];
                        arg = p;
                    }
                }
                if best > neg {
                    d[i * NT + t] = best + em[i * NT + t];
                    back[i * NT + t] = arg as u8;
                }
                let v = (0..NT).filter(|&p| allowed(p, t));
                let v = v.map(|p| a[(i - 1) * NT + p] + trans[p * NT + t]).collect();
                a[i * NT + t] = lse(v) + em[i * NT + t];
            }
        }
        for t in 0..NT {
            b[(n - 1) * NT + t] = 0.0;
        }
        for i in (0..n - 1).rev() {
            for p in 0..NT {
                let v = (0..NT).filter(|&t| allowed(p, t));
                let v = v.map(|t| trans[p * NT + t] + em[(i + 1) * NT + t] + b[(i + 1) * NT + t]);
                b[i * NT + p] = lse(v.collect());
            }
        }
        let z = lse(a[(n - 1) * NT..].to_vec());
        let m = a
            .iter()
            .zip(&b)
            .map(|(x, y)| {
                let v = (x + y - z).exp();
                if v.is_finite() {
                    v.clamp(0.0, 1.0)
                } else {
                    0.0
                }
            })
            .collect();
        let last = &d[(n - 1) * NT..];
        let mut t = (0..NT)
            .max_by(|&x, &y| last[x].total_cmp(&last[y]))
            .unwrap();
        let mut path = vec![0u8; n];
        for i in (0..n).rev() {
            path[i] = t as u8;
            t = back[i * NT + t] as usize;
        }
        (path, m)
    }

    #[test]
    fn fast_decoding_matches_the_plain_one() {
        let mut seed = 987654321u64;
        let mut r = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 40) as f32 / (1u64 << 22) as f32 - 2.0
        };
        for k in 0..300 {
            let n = 1 + k % 40;
            let em: Vec<f32> = (0..n * NT).map(|_| r() * 3.0).collect();
            let trans: Vec<f32> = (0..NPREV * NT).map(|_| r()).collect();
            let (path, m) = naive(&em, &trans);
            assert_eq!(viterbi(&em, &trans, None), path);
            let fast = marginals(&em, &trans);
            assert!(fast.iter().zip(&m).all(|(x, y)| x.to_bits() == y.to_bits()));
        }
    }

    #[test]
    fn tags_roundtrip() {
        for t in 0..NT as u8 {
            assert_eq!(iob_to_tag(tag_to_iob(t)), t);
        }
    }

    #[test]
    fn quantize_roundtrip() {
        let keys = [5u32, 1, 9];
        let mut w = vec![0f32; 3 * NT];
        w[0] = 1.5;
        w[NT + 3] = -2.0;
        w[2 * NT + 8] = 0.001;
        let d = Stage::quantize(&keys, &w, &[0.0; NPREV * NT], 0.01);
        let s = Stage::from_data(&d).unwrap();
        assert_eq!(s.rows(), 2);
        let em = s.emissions(&[5, 1, 9, 77], &[0, 4]);
        assert!((em[0] - 1.5).abs() < 1e-3);
        assert!((em[3] + 2.0).abs() < 1e-3);
        assert_eq!(em[8], 0.0);
    }
}
