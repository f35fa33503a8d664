//! Analyze a file with the built-in models and print what nutgraf found:
//! `cargo run --release --example analyze -- ../shared/examples/seed-article-de.txt`
use nutgraf::{Analyzer, Options, SummaryLength};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: analyze FILE")?;
    let text = std::fs::read_to_string(&path)?;
    let options = Options {
        summary_length: SummaryLength::Sentences(2),
        ..Options::default()
    };
    let nlp = Analyzer::builtin_with(options)?;
    let doc = if path.ends_with(".html") {
        nlp.analyze_html(&text)?
    } else {
        nlp.analyze(&text)?
    };

    println!("language: {}  title: {:?}", doc.language, doc.title);
    println!("summary:  {}", doc.summary_text());
    for t in &doc.topics {
        println!("topic:    {:<22} {:.3}", t.label, t.score);
    }
    for e in &doc.entities {
        println!("entity:   {:<5} {} (x{})", e.label, e.name, e.count);
    }
    for m in doc.mentions.iter().take(5) {
        println!(
            "mention:  {:<5} {:?} at bytes {}..{}",
            m.label, m.text, m.start, m.end
        );
    }
    Ok(())
}
