//! Tokenization with offsets: tokens are ordered, disjoint, non-empty, on char
//! boundaries and contain no whitespace.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nutgraf::text::tokenize_lang;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((flags, s)) = common::flags_and_text(data) else {
        return;
    };
    let spans = tokenize_lang(s, common::lang(flags))
        .into_iter()
        .map(|t| (t.start, t.end));
    for tok in common::checked_slices(s, spans) {
        assert!(
            !tok.chars().any(char::is_whitespace),
            "whitespace in token {tok:?}"
        );
    }
});
