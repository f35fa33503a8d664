//! Text preparation of HTML pages (article extraction through rs-trafilatura, then the
//! pasted-text path). Every span must lie on char boundaries inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nutgraf::text::{prepare, InputFormat};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = prepare(s, InputFormat::Html, true, None) {
        for t in &p.tokens {
            assert!(t.start < t.end && t.end <= p.text.len());
            assert!(p.text.is_char_boundary(t.start) && p.text.is_char_boundary(t.end));
        }
        for s in &p.sentences {
            assert!(p.text.is_char_boundary(s.start) && p.text.is_char_boundary(s.end));
        }
    }
});
