//! A direct reader of postcard payloads: the same bytes serde reads, decoded in tight loops
//! (varint arrays without a visitor call per element, one UTF-8 check per string list).
//! Knows the postcard encoding only, not what a model stores.
//!
//! Malformed payloads give `Error::Model("deserialize: ...")`; allocations are bounded by
//! the payload's size, never by a declared length.

use super::table::PackedStrs;
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

/// A cursor over a postcard payload.
pub(crate) struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `b`.
    pub(crate) fn new(b: &'a [u8]) -> Self {
        Reader { b, pos: 0 }
    }

    /// The bytes from the current position on.
    pub(crate) fn rest(&self) -> &'a [u8] {
        &self.b[self.pos..]
    }

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
    pub(crate) fn u16s<T>(&mut self, f: impl Fn(u16) -> T) -> Result<Vec<T>> {
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
    /// One `u8` (a single byte in postcard).
    pub(crate) fn u8(&mut self) -> Result<u8> {
        self.byte()
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        u32::try_from(self.varint(5)?).map_err(|_| err("u32 out of range"))
    }

    pub(crate) fn f32(&mut self) -> Result<f32> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn len(&mut self) -> Result<usize> {
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

    pub(crate) fn str(&mut self) -> Result<&'a str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| err("invalid UTF-8"))
    }

    /// A vector of `count` elements, preallocating no more than the bytes left can hold.
    pub(crate) fn seq<T>(&mut self, mut f: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
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
    pub(crate) fn strs(&mut self, with_byte: bool) -> Result<Vec<(&'a str, u8)>> {
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

    pub(crate) fn option_tag(&mut self) -> Result<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(err("bad option tag")),
        }
    }

    /// A list of strings packed into one buffer (two passes: sizes, then copies; one UTF-8
    /// check for the whole buffer plus a char-boundary check per string end).
    pub(crate) fn packed_strs(&mut self) -> Result<PackedStrs> {
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
}
