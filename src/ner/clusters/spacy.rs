//! Word clusters from a spaCy vectors folder (`strings.json`, `key2row`, `vectors`): the
//! readers of those formats and the clustering of the vector rows. Reads the files it is
//! given; no other learning.

use super::linalg::{kmeans, normalize_rows};
use super::{ClusterData, ClusterOptions, Clusters, NLEVELS};
use crate::error::{Error, Result};
use crate::ner::token::lower;
use crate::rng::Rng;
use std::collections::HashMap;
use std::path::Path;

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
}
