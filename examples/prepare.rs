//! Shows what text preparation makes of a pasted web page: `cargo run --example prepare -- FILE`.
use nutgraf::text::{prepare, InputFormat};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: prepare FILE")?;
    let raw = std::fs::read_to_string(&path)?;
    let html = path.ends_with(".html") || path.ends_with(".htm");
    let p = prepare(
        &raw,
        if html {
            InputFormat::Html
        } else {
            InputFormat::Text
        },
        true,
        None,
    )?;
    println!(
        "language: {} ({:.2})",
        p.language.code, p.language.confidence
    );
    println!("title: {:?}", p.title);
    for (i, s) in p.sentences.iter().enumerate() {
        println!("[{i}] {}", &p.text[s.start..s.end]);
    }
    Ok(())
}
