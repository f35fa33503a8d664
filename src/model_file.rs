//! The nutgraf model file format: a small header, a CRC-32 checksum and a
//! zstd-compressed postcard payload. Nothing in a model file is executable.
//!
//! Layout (little endian):
//! `b"NUTGRAF\0"` magic (8) | format version u16 | kind (8 bytes, ASCII, NUL padded) |
//! payload version u16 | uncompressed length u64 | compressed length u64 | CRC-32 of the
//! compressed payload u32 | compressed payload.

use crate::error::{Error, Result};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::io::Read;

const MAGIC: &[u8; 8] = b"NUTGRAF\0";
const FORMAT_VERSION: u16 = 1;
const HEADER_LEN: usize = 8 + 2 + 8 + 2 + 8 + 8 + 4;
/// Upper bound for an uncompressed payload: no model may claim more (the largest built-in
/// model is about 10 MB), so a hostile file cannot make the loader allocate more.
pub const MAX_PAYLOAD: u64 = 256 << 20;

fn kind_bytes(kind: &str) -> Result<[u8; 8]> {
    let b = kind.as_bytes();
    if b.is_empty() || b.len() > 8 || !b.iter().all(|c| c.is_ascii_graphic()) {
        return Err(Error::Model(format!("invalid model kind {kind:?}")));
    }
    let mut out = [0u8; 8];
    out[..b.len()].copy_from_slice(b);
    Ok(out)
}

/// Serializes `value` as a model file of the given kind (e.g. `"ner"`, `"topics"`).
pub fn encode<T: Serialize>(kind: &str, payload_version: u16, value: &T) -> Result<Vec<u8>> {
    let raw = postcard::to_stdvec(value).map_err(|e| Error::Model(format!("serialize: {e}")))?;
    encode_raw(kind, payload_version, &raw)
}

/// Wraps an already serialized (postcard) payload in a model file: header, checksum and
/// compression. Used by [`encode`], and by tests and fuzzing to build files whose
/// container is valid but whose payload is not.
pub fn encode_raw(kind: &str, payload_version: u16, raw: &[u8]) -> Result<Vec<u8>> {
    if raw.len() as u64 > MAX_PAYLOAD {
        return Err(Error::Model(format!(
            "payload size {} exceeds the limit {MAX_PAYLOAD}",
            raw.len()
        )));
    }
    let compressed =
        zstd::bulk::compress(raw, 19).map_err(|e| Error::Model(format!("compress: {e}")))?;
    let mut out = Vec::with_capacity(HEADER_LEN + compressed.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&kind_bytes(kind)?);
    out.extend_from_slice(&payload_version.to_le_bytes());
    out.extend_from_slice(&(raw.len() as u64).to_le_bytes());
    out.extend_from_slice(&(compressed.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&compressed).to_le_bytes());
    out.extend_from_slice(&compressed);
    Ok(out)
}

/// Reads a model file of the given kind, checking magic, versions, sizes and checksum.
pub fn decode<T: DeserializeOwned>(kind: &str, payload_version: u16, bytes: &[u8]) -> Result<T> {
    deserialize(&decode_payload(kind, payload_version, bytes)?)
}

/// Deserializes a (decompressed) postcard payload; `T` may borrow strings from `raw`.
pub(crate) fn deserialize<'a, T: Deserialize<'a>>(raw: &'a [u8]) -> Result<T> {
    postcard::from_bytes(raw).map_err(|e| Error::Model(format!("deserialize: {e}")))
}

/// Largest output of one zstd byte: a 4-byte RLE block (3 bytes of header, 1 byte) expands
/// to at most one 128 KiB block, so a payload can never be more than this many times its
/// compressed size. Bounds what a file may declare before anything is allocated.
const MAX_EXPANSION: u64 = 32 * 1024;

/// Checks a model file (magic, versions, sizes, checksum) and returns its decompressed
/// payload. The payload is decompressed in one pass straight into a buffer of the declared
/// size when the zstd frame declares the same size (what [`encode`] writes), else streamed.
pub fn decode_payload(kind: &str, payload_version: u16, bytes: &[u8]) -> Result<Vec<u8>> {
    if bytes.len() < HEADER_LEN {
        return Err(Error::Model(format!(
            "file too short ({} bytes): truncated or not a nutgraf model",
            bytes.len()
        )));
    }
    if &bytes[..8] != MAGIC {
        return Err(Error::Model("bad magic: not a nutgraf model file".into()));
    }
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u64_at = |i: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&bytes[i..i + 8]);
        u64::from_le_bytes(b)
    };
    let format = u16_at(8);
    if format != FORMAT_VERSION {
        return Err(Error::Model(format!(
            "unsupported model format version {format} (this nutgraf reads {FORMAT_VERSION})"
        )));
    }
    let want_kind = kind_bytes(kind)?;
    if bytes[10..18] != want_kind {
        let got = String::from_utf8_lossy(&bytes[10..18])
            .trim_end_matches('\0')
            .to_string();
        return Err(Error::Model(format!(
            "model kind is {got:?}, expected {kind:?}"
        )));
    }
    let pv = u16_at(18);
    if pv != payload_version {
        return Err(Error::Model(format!(
            "{kind} model payload version {pv}, this nutgraf reads {payload_version}: retrain or upgrade"
        )));
    }
    let raw_len = u64_at(20);
    let comp_len = u64_at(28);
    let crc = u32::from_le_bytes([bytes[36], bytes[37], bytes[38], bytes[39]]);
    if raw_len > MAX_PAYLOAD {
        return Err(Error::Model(format!(
            "payload size {raw_len} exceeds the limit {MAX_PAYLOAD}"
        )));
    }
    let body = &bytes[HEADER_LEN..];
    if comp_len != body.len() as u64 {
        return Err(Error::Model(format!(
            "payload is {} bytes, header says {comp_len}: file truncated or corrupted",
            body.len()
        )));
    }
    if crc32fast::hash(body) != crc {
        return Err(Error::Model(
            "checksum mismatch: model file corrupted".into(),
        ));
    }
    if raw_len > comp_len.saturating_mul(MAX_EXPANSION) {
        return Err(Error::Model(
            "payload length does not match header: more than zstd can expand to".into(),
        ));
    }
    match zstd::zstd_safe::get_frame_content_size(body) {
        Ok(Some(n)) if n != raw_len => {
            return Err(Error::Model(format!(
                "payload length does not match header ({raw_len} declared, frame holds {n})"
            )))
        }
        Ok(Some(_)) => {
            // the frame and the header agree: one pass into the final buffer
            let raw = zstd::bulk::decompress(body, raw_len as usize)
                .map_err(|e| Error::Model(format!("decompress: {e}")))?;
            if raw.len() as u64 != raw_len {
                return Err(Error::Model("payload length does not match header".into()));
            }
            return Ok(raw);
        }
        _ => {}
    }
    // grow as data arrives: the declared length only bounds what is read
    let mut raw = Vec::with_capacity(raw_len.min(1 << 20) as usize);
    let mut dec = zstd::stream::read::Decoder::new(body)
        .map_err(|e| Error::Model(format!("decompress: {e}")))?
        .take(raw_len + 1);
    dec.read_to_end(&mut raw)
        .map_err(|e| Error::Model(format!("decompress: {e}")))?;
    if raw.len() as u64 != raw_len {
        return Err(Error::Model("payload length does not match header".into()));
    }
    Ok(raw)
}

/// Reads a model file from disk.
pub fn read<T: DeserializeOwned>(
    kind: &str,
    payload_version: u16,
    path: &std::path::Path,
) -> Result<T> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    decode(kind, payload_version, &bytes)
}

/// Writes a model file to disk.
pub fn write<T: Serialize>(
    kind: &str,
    payload_version: u16,
    value: &T,
    path: &std::path::Path,
) -> Result<()> {
    let bytes = encode(kind, payload_version, value)?;
    std::fs::write(path, bytes).map_err(|e| Error::io(path.display().to_string(), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_corruption() {
        let v: Vec<(String, f32)> = vec![("a".into(), 1.5), ("b".into(), -2.0)];
        let bytes = encode("test", 3, &v).unwrap();
        let back: Vec<(String, f32)> = decode("test", 3, &bytes).unwrap();
        assert_eq!(v, back);
        assert!(matches!(
            decode::<Vec<(String, f32)>>("ner", 3, &bytes),
            Err(Error::Model(_))
        ));
        assert!(decode::<Vec<(String, f32)>>("test", 4, &bytes).is_err());
        for cut in [0, 10, HEADER_LEN, bytes.len() - 1] {
            assert!(decode::<Vec<(String, f32)>>("test", 3, &bytes[..cut]).is_err());
        }
        let mut bad = bytes.clone();
        let last = bad.len() - 1;
        bad[last] ^= 0xff;
        let e = decode::<Vec<(String, f32)>>("test", 3, &bad).unwrap_err();
        assert!(e.to_string().contains("checksum"));
        let mut huge = bytes.clone();
        huge[20..28].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(decode::<Vec<(String, f32)>>("test", 3, &huge).is_err());
    }
}
