//! Sentence splitting: spans are ordered, disjoint, non-empty, on char boundaries and
//! trimmed of surrounding whitespace.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nutgraf::text::split_sentences;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(s) = std::str::from_utf8(rest) else {
        return;
    };
    let lang = ["de", "en", ""][flags as usize % 3];
    let mut prev = 0;
    for sp in split_sentences(s, lang) {
        assert!(prev <= sp.start && sp.start < sp.end && sp.end <= s.len());
        assert!(s.is_char_boundary(sp.start) && s.is_char_boundary(sp.end));
        let t = &s[sp.start..sp.end];
        assert_eq!(t.trim(), t, "sentence not trimmed");
        prev = sp.end;
    }
});
