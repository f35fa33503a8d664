//! Sentence splitting: spans are ordered, disjoint, non-empty, on char boundaries and
//! trimmed of surrounding whitespace.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nutgraf::text::split_sentences;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((flags, s)) = common::flags_and_text(data) else {
        return;
    };
    let spans = split_sentences(s, common::lang(flags))
        .into_iter()
        .map(|sp| (sp.start, sp.end));
    for t in common::checked_slices(s, spans) {
        assert_eq!(t.trim(), t, "sentence not trimmed");
    }
});
