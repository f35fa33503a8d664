//! The nutgraf model file format: a small header, a CRC-32 checksum and a
//! zstd-compressed postcard payload. Nothing in a model file is executable.
//! The container only: it knows no model's payload (each model module owns its own).
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
/// Payloads are compressed as up to [`MAX_FRAMES`] independent zstd frames of at least this
/// many bytes each (decompressed in parallel when loading).
const MIN_FRAME: usize = 1 << 20;
/// Most zstd frames [`encode_raw`] writes.
const MAX_FRAMES: usize = 2;
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
    // independent frames, so that loading can decompress them in parallel; a zstd stream
    // of concatenated frames decompresses to the concatenated chunks
    let frames = raw.len().div_ceil(MIN_FRAME).clamp(1, MAX_FRAMES);
    let chunk = raw.len().div_ceil(frames).max(1);
    let mut compressed = Vec::new();
    for i in 0..frames {
        let part = &raw[(i * chunk).min(raw.len())..((i + 1) * chunk).min(raw.len())];
        compressed.extend(
            zstd::bulk::compress(part, 19).map_err(|e| Error::Model(format!("compress: {e}")))?,
        );
    }
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

/// The kind named in a model file's header (the caller checked the header's length).
fn header_kind(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[10..18])
        .trim_end_matches('\0')
        .to_string()
}

/// Re-encodes a model file with the current container (frames, compression); the payload
/// and everything it means are unchanged.
pub fn repack(bytes: &[u8]) -> Result<Vec<u8>> {
    if bytes.len() < HEADER_LEN {
        return Err(Error::Model("file too short: not a nutgraf model".into()));
    }
    let kind = header_kind(bytes);
    let version = u16::from_le_bytes([bytes[18], bytes[19]]);
    encode_raw(&kind, version, &decode_payload(&kind, version, bytes)?)
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

/// The payload version in the header of a model file (`None` when the file is too short
/// or not a model file); [`decode_payload`] checks the rest.
pub fn payload_version(bytes: &[u8]) -> Option<u16> {
    if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
        return None;
    }
    Some(u16::from_le_bytes([bytes[18], bytes[19]]))
}

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
        let got = header_kind(bytes);
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
    if let Some(frames) = sized_frames(body) {
        let total = frames.iter().try_fold(0u64, |t, f| t.checked_add(f.1));
        if total != Some(raw_len) {
            return Err(Error::Model(format!(
                "payload length does not match header ({raw_len} declared, frames hold {})",
                total.map_or("more".into(), |t| t.to_string())
            )));
        }
        return decompress_frames(&frames, raw_len as usize);
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

/// The zstd frames of `body` with their declared content sizes, when every frame declares
/// one (what [`encode_raw`] writes) and there are at most 64; `None` otherwise.
fn sized_frames(body: &[u8]) -> Option<Vec<(&[u8], u64)>> {
    let mut frames = Vec::new();
    let mut rest = body;
    while !rest.is_empty() && frames.len() < 64 {
        let n = zstd::zstd_safe::find_frame_compressed_size(rest).ok()?;
        if n == 0 || n > rest.len() {
            return None;
        }
        let size = zstd::zstd_safe::get_frame_content_size(&rest[..n]).ok()??;
        frames.push((&rest[..n], size));
        rest = &rest[n..];
    }
    (rest.is_empty() && !frames.is_empty()).then_some(frames)
}

/// Decompresses frames of known sizes straight into one buffer of `len` bytes, the frames
/// in parallel; each frame must produce exactly its declared size.
fn decompress_frames(frames: &[(&[u8], u64)], len: usize) -> Result<Vec<u8>> {
    use rayon::prelude::*;
    let mut raw = vec![0u8; len];
    let mut parts = Vec::with_capacity(frames.len());
    let mut rest = raw.as_mut_slice();
    for &(frame, size) in frames {
        let (dst, tail) = std::mem::take(&mut rest).split_at_mut(size as usize);
        parts.push((frame, dst));
        rest = tail;
    }
    let one = |(frame, dst): (&[u8], &mut [u8])| -> Result<()> {
        match zstd::zstd_safe::decompress(dst, frame) {
            Ok(n) if n == dst.len() => Ok(()),
            Ok(_) => Err(Error::Model("payload length does not match header".into())),
            Err(code) => Err(Error::Model(format!(
                "decompress: {}",
                zstd::zstd_safe::get_error_name(code)
            ))),
        }
    };
    if parts.len() == 1 {
        parts.into_iter().try_for_each(one)?;
    } else {
        parts.into_par_iter().try_for_each(one)?;
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

    /// A file with a checksum that matches a (possibly damaged) compressed body.
    fn with_body(kind: &str, raw_len: u64, body: &[u8]) -> Vec<u8> {
        let mut out = encode_raw(kind, 1, b"x").unwrap()[..HEADER_LEN].to_vec();
        out[20..28].copy_from_slice(&raw_len.to_le_bytes());
        out[28..36].copy_from_slice(&(body.len() as u64).to_le_bytes());
        out[36..40].copy_from_slice(&crc32fast::hash(body).to_le_bytes());
        out.extend_from_slice(body);
        out
    }

    #[test]
    fn large_payloads_are_split_into_frames_that_decode_in_parallel() {
        let raw: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let bytes = encode_raw("test", 1, &raw).unwrap();
        let frames = sized_frames(&bytes[HEADER_LEN..]).unwrap();
        assert_eq!(frames.len(), MAX_FRAMES);
        assert_eq!(frames.iter().map(|f| f.1).sum::<u64>(), raw.len() as u64);
        assert_eq!(decode_payload("test", 1, &bytes).unwrap(), raw);
        assert_eq!(repack(&bytes).unwrap(), bytes);
        // a single frame (older files) and a stream without declared sizes still decode
        let one = zstd::bulk::compress(&raw, 3).unwrap();
        assert_eq!(
            decode_payload("test", 1, &with_body("test", raw.len() as u64, &one)).unwrap(),
            raw
        );
        let mut streamed = Vec::new();
        let mut enc = zstd::stream::write::Encoder::new(&mut streamed, 3).unwrap();
        std::io::Write::write_all(&mut enc, &raw).unwrap();
        enc.finish().unwrap();
        assert!(sized_frames(&streamed).is_none());
        assert_eq!(
            decode_payload("test", 1, &with_body("test", raw.len() as u64, &streamed)).unwrap(),
            raw
        );
        // frames that disagree with the header, a damaged or truncated second frame: errors
        let body = &bytes[HEADER_LEN..];
        let e = decode_payload("test", 1, &with_body("test", raw.len() as u64 - 1, body));
        assert!(e.unwrap_err().to_string().contains("does not match"));
        let first = frames[0].0.len();
        let mut bad = body.to_vec();
        bad[first] ^= 0x5a; // the second frame's magic number
        assert!(decode_payload("test", 1, &with_body("test", raw.len() as u64, &bad)).is_err());
        assert!(decode_payload(
            "test",
            1,
            &with_body("test", raw.len() as u64, &body[..first + 9])
        )
        .is_err());
    }
}
