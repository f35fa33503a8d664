//! Text preparation of pasted text: normalization, boilerplate removal, language id,
//! sentences and tokens. Every span must lie on char boundaries inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nutgraf::text::{prepare, InputFormat};

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((flags, s)) = common::flags_and_text(data) else {
        return;
    };
    let lang = match flags % 3 {
        0 => None,
        1 => Some("de"),
        _ => Some("en"),
    };
    if let Ok(p) = prepare(s, InputFormat::Text, flags & 4 == 0, lang) {
        common::check_prepared(&p);
    }
});
