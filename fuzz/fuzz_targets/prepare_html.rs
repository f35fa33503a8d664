//! Text preparation of HTML pages (article extraction through rs-trafilatura, then the
//! pasted-text path). Every span must lie on char boundaries inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nutgraf::text::{prepare, InputFormat};

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = prepare(s, InputFormat::Html, true, None) {
        common::check_prepared(&p);
    }
});
