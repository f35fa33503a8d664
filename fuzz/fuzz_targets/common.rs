//! Helpers shared by the fuzz targets (each target includes this file with `mod common;`).
#![allow(dead_code)] // each target uses only some of them

use nutgraf::text::Prepared;

/// Splits fuzz input into its first byte (flags) and the rest as UTF-8 text; `None` when the
/// input is empty or the rest is not UTF-8.
pub fn flags_and_text(data: &[u8]) -> Option<(u8, &str)> {
    let (&flags, rest) = data.split_first()?;
    Some((flags, std::str::from_utf8(rest).ok()?))
}

/// The tokenizer/sentence-splitter language a flags byte selects.
pub fn lang(flags: u8) -> &'static str {
    ["de", "en", ""][flags as usize % 3]
}

/// Asserts that `spans` are ordered, disjoint, non-empty and on char boundaries of `s`;
/// returns their slices for further checks.
pub fn checked_slices(s: &str, spans: impl IntoIterator<Item = (usize, usize)>) -> Vec<&str> {
    let mut prev = 0;
    let mut out = Vec::new();
    for (start, end) in spans {
        assert!(prev <= start && start < end && end <= s.len());
        assert!(s.is_char_boundary(start) && s.is_char_boundary(end));
        out.push(&s[start..end]);
        prev = end;
    }
    out
}

/// Asserts that every token and sentence of a prepared text lies on char boundaries inside it.
pub fn check_prepared(p: &Prepared) {
    for t in &p.tokens {
        assert!(t.start < t.end && t.end <= p.text.len());
        assert!(p.text.is_char_boundary(t.start) && p.text.is_char_boundary(t.end));
    }
    for (r, s) in p.sentence_tokens.iter().zip(&p.sentences) {
        assert!(r.start < r.end && r.end <= p.tokens.len());
        assert!(p.text.is_char_boundary(s.start) && p.text.is_char_boundary(s.end));
    }
}
