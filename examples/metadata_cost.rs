//! What the page-metadata step costs next to main-text extraction, on a folder of HTML
//! pages (e.g. `../shared/data/web-pages-dev/pages.tar.gz` unpacked):
//! `cargo run --release --example metadata_cost -- DIR [ROUNDS]`. Prints ms per page for
//! `text::extract_article` and `text::metadata::extract_metadata`.
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: metadata_cost DIR [ROUNDS]");
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let mut pages = Vec::new();
    for e in std::fs::read_dir(&dir).expect("readable folder").flatten() {
        if let Ok(b) = std::fs::read(e.path()) {
            pages.push(nutgraf::text::encoding::decode_html(&b).text);
        }
    }
    let n = (pages.len() * rounds) as f64;
    let t = Instant::now();
    for _ in 0..rounds {
        for p in &pages {
            let _ = std::hint::black_box(nutgraf::text::extract_article(p));
        }
    }
    let article = t.elapsed().as_secs_f64() * 1e3 / n;
    let t = Instant::now();
    for _ in 0..rounds {
        for p in &pages {
            std::hint::black_box(nutgraf::text::metadata::extract_metadata(p));
        }
    }
    let meta = t.elapsed().as_secs_f64() * 1e3 / n;
    println!(
        "{} pages x {rounds}: extract_article {article:.2} ms/page, extract_metadata {meta:.2} ms/page",
        pages.len()
    );
}
