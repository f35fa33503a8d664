//! Tokenization with offsets: tokens are ordered, disjoint, non-empty, on char
//! boundaries and contain no whitespace.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nutgraf::text::tokenize_lang;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(s) = std::str::from_utf8(rest) else {
        return;
    };
    let lang = ["de", "en", ""][flags as usize % 3];
    let mut prev = 0;
    for t in tokenize_lang(s, lang) {
        assert!(prev <= t.start && t.start < t.end && t.end <= s.len());
        assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
        let tok = &s[t.start..t.end];
        assert!(!tok.chars().any(char::is_whitespace), "whitespace in token {tok:?}");
        prev = t.end;
    }
});
