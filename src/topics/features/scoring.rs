//! Scoring straight from the count table: `Σ value · weight` of a text's features per label,
//! without building a sparse vector (the fast path of prediction). Reads the extractor's
//! scratch; builds no features of its own and knows no model file.

use super::extractor::{damp, damp_table, group_factors, with_scratch, Scratch, GROUPS};
use super::FeatureConfig;

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
