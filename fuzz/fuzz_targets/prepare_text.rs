//! Text preparation of pasted text: normalization, boilerplate removal, language id,
//! sentences and tokens. Every span must lie on char boundaries inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nutgraf::text::{prepare, InputFormat};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(s) = std::str::from_utf8(rest) else {
        return;
    };
    let lang = match flags % 3 {
        0 => None,
        1 => Some("de"),
        _ => Some("en"),
    };
    if let Ok(p) = prepare(s, InputFormat::Text, flags & 4 == 0, lang) {
        check(&p);
    }
});

fn check(p: &nutgraf::text::Prepared) {
    for t in &p.tokens {
        assert!(t.start < t.end && t.end <= p.text.len());
        assert!(p.text.is_char_boundary(t.start) && p.text.is_char_boundary(t.end));
    }
    for (r, s) in p.sentence_tokens.iter().zip(&p.sentences) {
        assert!(r.start < r.end && r.end <= p.tokens.len());
        assert!(p.text.is_char_boundary(s.start) && p.text.is_char_boundary(s.end));
    }
}
