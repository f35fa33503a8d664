//! Unicode normalization and cleanup of invisible characters.

use unicode_normalization::UnicodeNormalization;

/// NFC-normalizes `text`, turns exotic spaces into plain spaces, `\r\n` and `\r` into
/// `\n`, and drops control and zero-width characters (NUL, soft hyphen, BOM, ...).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_cr = false;
    for c in text.nfc() {
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
    }
}
