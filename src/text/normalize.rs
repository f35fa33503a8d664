//! Unicode normalization and cleanup of invisible characters.
//! Character level only: it splits nothing into words or sentences.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// NFC-normalizes `text`, turns exotic spaces into plain spaces, `\r\n` and `\r` into
/// `\n`, and drops control and zero-width characters (NUL, soft hyphen, BOM, ...).
pub fn normalize(text: &str) -> String {
    // most text is already NFC (all ASCII text is): the quick check skips the composer
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        clean(text.chars(), text.len())
    } else {
        clean(text.nfc(), text.len())
    }
}

fn clean(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut prev_cr = false;
    for c in chars {
        match c {
            '\r' => {
                out.push('\n');
                prev_cr = true;
                continue;
            }
            '\n' if prev_cr => {}
            '\n' | '\t' => out.push(c),
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
                out.push(' ')
            }
            '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('\n'),
            '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
        prev_cr = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_invisible_characters() {
        assert_eq!(
            normalize("a\r\nb\rc\u{a0}d\u{ad}e\0f\u{feff}"),
            "a\nb\nc def"
        );
        assert_eq!(normalize("Cafe\u{301}"), "Café");
        // already NFC (quick check) and not: the same cleaning
        assert_eq!(normalize("Café\r\n\u{200b}x"), "Café\nx");
        assert_eq!(normalize("Cafe\u{301}\r\n\u{200b}x"), "Café\nx");
        assert_eq!(normalize("\u{212b}"), "\u{c5}"); // a singleton: not NFC
    }
}
