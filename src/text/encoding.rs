//! Character encodings of input bytes: a BOM, an HTML page's `<meta charset>` or `http-equiv`
//! declaration, else detection (chardetng), decoded by encoding_rs to UTF-8 text.
//! It reads no markup beyond the declaration, and never guesses where the bytes are valid UTF-8.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// Bytes of the page start searched for a charset declaration (the HTML standard's
/// prescan reads 1,024; pages with long inline scripts or styles in `<head>` declare later).
const PRESCAN_BYTES: usize = 16 << 10;

/// Bytes fed to the detector: enough for a reliable guess, bounded for huge pages.
const DETECT_BYTES: usize = 256 << 10;

/// Text decoded from bytes, with how its encoding was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text (malformed sequences replaced by U+FFFD).
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `windows-1252`, `UTF-16LE`, ...).
    pub encoding: &'static str,
    /// Where the encoding came from.
    pub source: EncodingSource,
}

/// Where the encoding of [`Decoded`] came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncodingSource {
    /// A byte order mark.
    Bom,
    /// The page's own declaration (`<meta charset>`, `http-equiv="Content-Type"`).
    Declared,
    /// The bytes are valid UTF-8 (and the page declares nothing, or declares a legacy
    /// encoding that the bytes contradict).
    Utf8,
    /// Detection (chardetng): no usable declaration and not UTF-8.
    Detected,
}

/// Decodes an HTML page: its BOM, else its charset declaration when the bytes agree with
/// it, else UTF-8 when the bytes are valid UTF-8, else the detector's guess.
///
/// A declaration that the bytes contradict is overruled: a page declaring UTF-8 whose bytes
/// are not UTF-8 is detected instead, and a page declaring a legacy encoding whose bytes are
/// valid UTF-8 with non-ASCII characters is read as UTF-8 (no mojibake; text that was
/// already decoded, such as a JSON string, keeps its characters).
pub fn decode_html(bytes: &[u8]) -> Decoded {
    if let Some(d) = decode_bom(bytes) {
        return d;
    }
    let utf8_ok = std::str::from_utf8(bytes).is_ok();
    if let Some(enc) = declared_charset(&bytes[..bytes.len().min(PRESCAN_BYTES)]) {
        let contradicted = if enc == UTF_8 {
            !utf8_ok
        } else {
            utf8_ok && !bytes.is_ascii()
        };
        if !contradicted {
            return decode_with(bytes, enc, EncodingSource::Declared);
        }
    }
    decode_undeclared(bytes, utf8_ok)
}

/// Decodes text without a declaration: its BOM, else UTF-8 when valid, else the
/// detector's guess.
pub fn decode_text(bytes: &[u8]) -> Decoded {
    if let Some(d) = decode_bom(bytes) {
        return d;
    }
    decode_undeclared(bytes, std::str::from_utf8(bytes).is_ok())
}

fn decode_undeclared(bytes: &[u8], utf8_ok: bool) -> Decoded {
    if utf8_ok {
        return decode_with(bytes, UTF_8, EncodingSource::Utf8);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return decode_with(bytes, enc, EncodingSource::Detected);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    det.feed(sample, sample.len() == bytes.len());
    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
    decode_with(bytes, enc, EncodingSource::Detected)
}

fn decode_bom(bytes: &[u8]) -> Option<Decoded> {
    let (enc, len) = Encoding::for_bom(bytes)?;
    Some(decode_with(&bytes[len..], enc, EncodingSource::Bom))
}

fn decode_with(bytes: &[u8], enc: &'static Encoding, source: EncodingSource) -> Decoded {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        source,
    }
}

/// UTF-16 without a BOM: most ASCII characters leave a NUL byte beside them, in the
/// same position (high byte) of most code units.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let units = sample.len() / 2;
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd * 10 > units * 6 && even * 10 < units {
        Some(UTF_16LE)
    } else if even * 10 > units * 6 && odd * 10 < units {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The encoding a page declares in a `<meta>` tag (`charset=...`, or the `content` of an
/// `http-equiv="Content-Type"`), as the HTML standard maps labels: UTF-16 declarations
/// in an ASCII-compatible page mean UTF-8, `x-user-defined` means windows-1252.
pub fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while let Some(off) = find_ci(&head[i..], b"<meta") {
        let start = i + off + 5;
        let end = head[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |p| start + p);
        let tag = &head[start..end];
        if let Some(p) = find_ci(tag, b"charset") {
            let rest = &tag[p + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest.strip_prefix(b"\"").unwrap_or(rest);
                let rest = rest.strip_prefix(b"'").unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|&b| {
                        matches!(b, b'"' | b'\'' | b';' | b'/') || b.is_ascii_whitespace()
                    })
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..len]) {
                    return Some(if enc == UTF_16LE || enc == UTF_16BE {
                        UTF_8
                    } else if enc.name() == "x-user-defined" {
                        WINDOWS_1252
                    } else {
                        enc
                    });
                }
            }
        }
        i = end;
    }
    None
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

/// Position of `needle` (lowercase ASCII) in `hay`, ignoring ASCII case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_are_read() {
        for head in [
            &b"<meta charset=\"ISO-8859-1\">"[..],
            b"<META CHARSET='latin1'/>",
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">",
            b"<meta content='text/html;charset=windows-1252' http-equiv='content-type'>",
        ] {
            assert_eq!(declared_charset(head), Some(WINDOWS_1252), "{head:?}");
        }
        assert_eq!(declared_charset(b"<meta charset=utf-16>"), Some(UTF_8));
        assert_eq!(declared_charset(b"<meta name=x content=y>"), None);
        assert_eq!(declared_charset(b"<meta charset=bogus>"), None);
        assert_eq!(declared_charset(b"<meta charset"), None);
    }

    #[test]
    fn pages_decode_without_mojibake() {
        let latin1 =
            b"<html><p>Gr\xfc\xdfe aus K\xf6ln und \xe4hnliche Gr\xfc\xdfe f\xfcr alle.</p>";
        let d = decode_html(latin1);
        assert!(d.text.contains("Grüße aus Köln"), "{}", d.text);
        assert_eq!(d.source, EncodingSource::Detected);
        let declared = b"<meta charset=windows-1252><p>\x93Zitat\x94 \x80 5</p>";
        let d = decode_html(declared);
        assert_eq!(
            (d.encoding, d.source),
            ("windows-1252", EncodingSource::Declared)
        );
        assert!(d.text.contains("\u{201c}Zitat\u{201d} € 5"));
        // declared Latin-1, but the bytes are UTF-8: UTF-8 wins
        let wrong = "<meta charset=iso-8859-1><p>Grüße</p>".as_bytes();
        let d = decode_html(wrong);
        assert_eq!((d.encoding, d.text.contains("Grüße")), ("UTF-8", true));
        // declared UTF-8, but the bytes are Latin-1
        let d = decode_html(b"<meta charset=utf-8><p>Gr\xfc\xdfe aus M\xfcnchen</p>");
        assert!(d.text.contains("Grüße aus München"), "{}", d.text);
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend("<p>Grüße</p>".encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode_html(&utf16);
        assert_eq!(
            (d.text.as_str(), d.source),
            ("<p>Grüße</p>", EncodingSource::Bom)
        );
        let be: Vec<u8> = "<p>Grüße aus Köln</p>"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode_html(&be).text, "<p>Grüße aus Köln</p>");
        assert_eq!(decode_text(b"plain").encoding, "UTF-8");
        assert_eq!(decode_html(b"").text, "");
    }
}
