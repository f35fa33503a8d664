//! The full analyze path (text or HTML) with the built-in models, without the panic
//! guard so that a panic is a finding. Checks every offset of the result.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nutgraf::{Analyzer, InputFormat};
use std::sync::OnceLock;

static NLP: OnceLock<Analyzer> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let nlp = NLP.get_or_init(|| Analyzer::builtin().expect("built-in models load"));
    let format = if flags & 1 == 1 {
        InputFormat::Html
    } else {
        InputFormat::Text
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        assert!(nlp.analyze_bytes(rest, format).is_err());
        return;
    };
    let Ok(a) = nlp.analyze_as(text, format) else {
        return;
    };
    let t = &a.text;
    for m in &a.mentions {
        assert!(t.is_char_boundary(m.start) && t.is_char_boundary(m.end) && m.end <= t.len());
        assert_eq!(&t[m.start..m.end], m.text);
        assert!(m.entity < a.entities.len());
    }
    for w in a.mentions.windows(2) {
        assert!(w[0].end <= w[1].start, "overlapping mentions");
    }
    for s in &a.sentences {
        assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end) && s.end <= t.len());
    }
    for s in &a.summary {
        assert_eq!(&t[s.start..s.end], s.text);
    }
    serde_json::to_string(&a).expect("analysis serializes");
});
