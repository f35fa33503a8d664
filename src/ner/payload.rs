//! A direct reader of `ner` model payloads (postcard layout of [`super::ModelData`]):
//! the same bytes serde reads, decoded in tight loops (varint arrays without a visitor call
//! per element, one UTF-8 check per string list). Strings are borrowed from the payload.
//! Malformed payloads give `Error::Model("deserialize: ...")`; allocations are bounded by
//! the payload's size, never by a declared length.

#[cfg(test)]
use super::clusters::ClusterDataRef;
use super::clusters::Clusters;
use super::model::StageData;
use super::table::PackedStrs;
use super::ModelDataRef;
use crate::error::{Error, Result};

fn err(what: &str) -> Error {
    Error::Model(format!("deserialize: {what}"))
}

/// The u16 varint at `*pos` (at most 3 bytes, the last one holding 2 bits).
#[inline(always)]
fn u16_at(b: &[u8], pos: &mut usize) -> Option<u16> {
    let x0 = *b.get(*pos)?;
    if x0 < 0x80 {
        *pos += 1;
        return Some(x0 as u16);
    }
    let x1 = *b.get(*pos + 1)?;
    let lo = (x0 & 0x7f) as u16;
    if x1 < 0x80 {
        *pos += 2;
        return Some(lo | (x1 as u16) << 7);
    }
    let x2 = *b.get(*pos + 2)?;
    if x2 > 0x03 {
        return None;
    }
    *pos += 3;
    Some(lo | ((x1 & 0x7f) as u16) << 7 | (x2 as u16) << 14)
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    #[inline]
    fn byte(&mut self) -> Result<u8> {
        let b = *self.b.get(self.pos).ok_or_else(|| err("unexpected end"))?;
        self.pos += 1;
        Ok(b)
    }

    /// An unsigned LEB128 varint of at most `max_bytes` bytes.
    #[inline]
    fn varint(&mut self, max_bytes: u32) -> Result<u64> {
        let mut v = 0u64;
        for i in 0..max_bytes {
            let b = self.byte()?;
            v |= ((b & 0x7f) as u64) << (7 * i);
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(err("bad varint"))
    }

    /// A vector of u16 varints, mapped by `f` (e.g. zigzag to i16), decoded in one loop.
    #[inline]
    fn u16s<T>(&mut self, f: impl Fn(u16) -> T) -> Result<Vec<T>> {
        let n = self.len()?;
        let mut v = Vec::with_capacity(n.min(self.b.len() - self.pos));
        let (b, mut pos) = (self.b, self.pos);
        for _ in 0..n {
            let x = u16_at(b, &mut pos).ok_or_else(|| err("bad u16 varint"))?;
            v.push(f(x));
        }
        self.pos = pos;
        Ok(v)
    }

    #[inline]
    fn u32(&mut self) -> Result<u32> {
        u32::try_from(self.varint(5)?).map_err(|_| err("u32 out of range"))
    }

    fn f32(&mut self) -> Result<f32> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn len(&mut self) -> Result<usize> {
        usize::try_from(self.varint(10)?).map_err(|_| err("length out of range"))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or_else(|| err("unexpected end"))?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn str(&mut self) -> Result<&'a str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| err("invalid UTF-8"))
    }

    /// A vector of `count` elements, preallocating no more than the bytes left can hold.
    fn seq<T>(&mut self, mut f: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        let n = self.len()?;
        let mut v = Vec::with_capacity(n.min(self.b.len() - self.pos));
        for _ in 0..n {
            v.push(f(self)?);
        }
        Ok(v)
    }

    /// A list of strings, each optionally followed by one byte (`with_byte`): the whole
    /// list is checked as UTF-8 at once when it is valid (the usual case), string by string
    /// otherwise.
    fn strs(&mut self, with_byte: bool) -> Result<Vec<(&'a str, u8)>> {
        let n = self.len()?;
        let start = self.pos;
        let mut spans = Vec::with_capacity(n.min(self.b.len() - self.pos));
        for _ in 0..n {
            let len = self.len()?;
            let a = self.pos;
            self.take(len)?;
            let byte = if with_byte { self.byte()? } else { 0 };
            spans.push((a - start, self.pos - start - with_byte as usize, byte));
        }
        let section = &self.b[start..self.pos];
        if let Ok(all) = std::str::from_utf8(section) {
            // every string is a slice of valid UTF-8: valid itself when cut at char boundaries
            spans
                .into_iter()
                .map(|(a, b, byte)| {
                    all.get(a..b)
                        .map(|s| (s, byte))
                        .ok_or_else(|| err("invalid UTF-8"))
                })
                .collect()
        } else {
            spans
                .into_iter()
                .map(|(a, b, byte)| {
                    std::str::from_utf8(&section[a..b])
                        .map(|s| (s, byte))
                        .map_err(|_| err("invalid UTF-8"))
                })
                .collect()
        }
    }

    fn option_tag(&mut self) -> Result<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(err("bad option tag")),
        }
    }

    fn stage(&mut self) -> Result<StageData> {
        Ok(StageData {
            key_deltas: self.seq(Self::u32)?,
            masks: self.u16s(|x| x)?,
            values: self.u16s(|u| ((u >> 1) as i16) ^ -((u & 1) as i16))?,
            scale: self.f32()?,
            trans: self.seq(Self::f32)?,
        })
    }

    /// A list of strings packed into one buffer (two passes: sizes, then copies; one UTF-8
    /// check for the whole buffer plus a char-boundary check per string end).
    fn packed_strs(&mut self) -> Result<PackedStrs> {
        let n = self.len()?;
        let start = self.pos;
        let mut total = 0usize;
        for _ in 0..n {
            let len = self.len()?;
            self.take(len)?;
            total += len;
        }
        self.pos = start;
        let mut buf = Vec::with_capacity(total);
        let mut ends = Vec::with_capacity(n);
        for _ in 0..n {
            let len = self.len()?;
            buf.extend_from_slice(self.take(len)?);
            ends.push(u32::try_from(buf.len()).map_err(|_| err("strings too long"))?);
        }
        let buf = String::from_utf8(buf).map_err(|_| err("invalid UTF-8"))?;
        if !ends.iter().all(|&e| buf.is_char_boundary(e as usize)) {
            return Err(err("invalid UTF-8"));
        }
        Ok(PackedStrs::from_parts(buf, ends))
    }

    /// A cluster map, read and built without borrowing strings.
    fn cluster_map(&mut self) -> Result<Clusters> {
        let language = self.str()?.to_string();
        let description = self.str()?.to_string();
        let levels = self.seq(Self::u32)?;
        let words = self.packed_strs()?;
        let ids = self.u16s(|x| x)?;
        Clusters::from_parts(language, description, levels, words, ids)
    }

    #[cfg(test)]
    fn clusters(&mut self) -> Result<ClusterDataRef<'a>> {
        Ok(ClusterDataRef {
            language: self.str()?,
            description: self.str()?,
            levels: self.seq(Self::u32)?,
            words: self.strs(false)?.into_iter().map(|(s, _)| s).collect(),
            ids: self.u16s(|x| x)?,
        })
    }
}

/// Reads a decompressed `ner` payload up to its cluster map: the model data without
/// clusters, and the serialized cluster map when there is one (for [`read_clusters`], which
/// can run in parallel with building the rest).
pub(crate) fn read_head(raw: &[u8]) -> Result<(ModelDataRef<'_>, Option<&[u8]>)> {
    let mut r = Reader { b: raw, pos: 0 };
    let head = ModelDataRef {
        language: r.str()?,
        description: r.str()?,
        gazetteer: r.strs(true)?,
        casing: r.strs(true)?,
        stages: r.seq(Reader::stage)?,
        clusters: None,
    };
    let clusters = r.option_tag()?.then(|| &raw[r.pos..]);
    Ok((head, clusters))
}

/// Reads and builds a serialized cluster map (the tail of a `ner` payload, or a `clusters`
/// payload; trailing bytes are ignored, as postcard does).
pub(crate) fn read_clusters(raw: &[u8]) -> Result<Clusters> {
    Reader { b: raw, pos: 0 }.cluster_map()
}

/// Reads a whole decompressed `ner` payload, the cluster map as stored.
#[cfg(test)]
fn read(raw: &[u8]) -> Result<ModelDataRef<'_>> {
    let (mut head, clusters) = read_head(raw)?;
    if let Some(c) = clusters {
        head.clusters = Some(Reader { b: c, pos: 0 }.clusters()?);
    }
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model_file;

    /// The reader and serde agree (both fail, or both give the same data).
    fn agree(raw: &[u8]) {
        let a = read(raw);
        let b = model_file::deserialize::<ModelDataRef>(raw);
        match (a, b) {
            (Ok(a), Ok(b)) => assert!(a == b),
            (Err(a), Err(_)) => assert!(a.to_string().contains("deserialize")),
            (a, b) => panic!("reader {:?} vs serde {:?}", a.is_ok(), b.is_ok()),
        }
    }

    /// The fast cluster reader agrees with serde followed by [`Clusters::from_ref`].
    fn clusters_agree(raw: &[u8]) {
        let fast = read_clusters(raw);
        let slow = model_file::deserialize::<ClusterDataRef>(raw).and_then(Clusters::from_ref);
        match (fast, slow) {
            (Ok(a), Ok(b)) => assert!(a.as_ref_data() == b.as_ref_data()),
            (Err(_), Err(_)) => {}
            (a, b) => panic!("reader {:?} vs serde {:?}", a.is_ok(), b.is_ok()),
        }
    }

    #[test]
    fn matches_serde_on_the_builtin_models() {
        for lang in super::super::BUILTIN_LANGUAGES {
            let bytes = super::super::builtin_bytes(lang).unwrap();
            let raw = model_file::decode_payload("ner", super::super::VERSION, bytes).unwrap();
            let m = read(&raw).unwrap();
            assert!(!m.gazetteer.is_empty(), "{lang}");
            // es, fr and pt ship without word clusters (see their model cards)
            assert_eq!(
                m.clusters.is_some(),
                matches!(lang, "en" | "de" | "nl"),
                "{lang}"
            );
            agree(&raw);
            if let Some(c) = read_head(&raw).unwrap().1 {
                clusters_agree(c);
            }
        }
    }

    #[test]
    fn matches_serde_on_damaged_payloads() {
        let data = ModelDataRef {
            language: "de",
            description: "täst",
            gazetteer: vec![("köln", 4), ("a b", 1), ("x", 200)],
            casing: vec![("berlin", 2)],
            stages: vec![StageData {
                key_deltas: vec![1, 300, 70000, u32::MAX],
                masks: vec![1, 511, 200, 3],
                values: vec![-32767, 5, 0, 32767, -1],
                scale: 0.5,
                trans: vec![1.0, -2.5],
            }],
            clusters: Some(ClusterDataRef {
                language: "de",
                description: "",
                levels: vec![3, 2, 1, 1],
                words: vec!["ä", "b", ""],
                ids: vec![0, 1, 2, 300, 0, 0, 0, 0, 1, 1, 0, 0],
            }),
        };
        let raw = postcard::to_stdvec(&data).unwrap();
        assert!(read(&raw).unwrap() == data);
        // a valid cluster map (ids within the levels; 299 is a two-byte varint)
        let clusters = postcard::to_stdvec(&ClusterDataRef {
            levels: vec![300, 2, 1, 1],
            ids: vec![0, 1, 0, 0, 299, 0, 0, 0, 1, 1, 0, 0],
            ..data.clusters.clone().unwrap()
        })
        .unwrap();
        let c = read_clusters(&clusters).unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c.lookup("b"), Some([299, 0, 0, 0]));
        assert_eq!(c.lookup("Ä"), Some([0, 1, 0, 0]));
        for (raw, check) in [(raw, agree as fn(&[u8])), (clusters, clusters_agree)] {
            for cut in 0..raw.len() {
                check(&raw[..cut]);
            }
            for i in 0..raw.len() {
                for x in [0x00, 0x01, 0x7f, 0x80, 0xc3, 0xff] {
                    let mut bad = raw.clone();
                    bad[i] = x;
                    check(&bad);
                }
            }
        }
    }
}
