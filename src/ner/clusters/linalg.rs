//! Dense and sparse linear algebra of cluster learning: sparse products, Gram matrices,
//! Jacobi eigen-decomposition, orthonormalization and spherical k-means, all deterministic
//! (parallel work in fixed chunks, summed in order). Knows nothing of words or files.

use crate::rng::Rng;
use rayon::prelude::*;

/// Sparse rows (CSR).
pub(super) struct Csr {
    pub(super) rows: usize,
    pub(super) cols: usize,
    pub(super) ptr: Vec<usize>,
    pub(super) idx: Vec<u32>,
    pub(super) val: Vec<f32>,
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
    pub(super) fn mul(&self, x: &[f32], k: usize) -> Vec<f32> {
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
    pub(super) fn tmul(&self, y: &[f32], k: usize) -> Vec<f32> {
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
pub(super) fn gram(x: &[f32], k: usize) -> Vec<f64> {
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
pub(super) fn eigh(a: &[f64], k: usize) -> (Vec<f64>, Vec<f64>) {
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
pub(super) fn right_mul(x: &[f32], k: usize, w: &[f64], m: usize) -> Vec<f32> {
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
pub(super) fn orthonormalize(x: &[f32], k: usize) -> Vec<f32> {
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

pub(super) fn normalize_rows(x: &mut [f32], d: usize) {
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
pub(super) fn kmeans(
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
