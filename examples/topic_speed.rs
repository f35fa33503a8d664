//! Topic classifier throughput on one thread: `cargo run --release --example topic_speed -- [N] [REPS] [MODEL]`.
//!
//! Classifies the first `N` BBC News articles (title and text; default all) `REPS` times
//! (default 5) with the built-in model (or the model file `MODEL`) and prints articles per second. Under
//! `valgrind --tool=callgrind`, run it once with `N` articles and once with `0` and divide the
//! difference of the instruction counts by `N × REPS` for instructions per article.
use std::io::BufRead;
use std::time::Instant;

const BBC: &str = "../shared/data/bbc-news-summary/normalized/bbc_news_summary.jsonl.gz";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(usize::MAX);
    let reps: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(5);
    let f = std::fs::File::open(BBC)?;
    let mut texts = Vec::new();
    for line in std::io::BufReader::new(flate2::read::GzDecoder::new(f))
        .lines()
        .take(n)
    {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let title = v["title"].as_str().unwrap_or_default();
        let text = v["text"].as_str().unwrap_or_default();
        texts.push(format!("{title}\n\n{text}"));
    }
    let model = match args.next() {
        Some(p) => std::sync::Arc::new(nutgraf::topics::TopicModel::load(p.as_ref())?),
        None => nutgraf::topics::builtin()?,
    };
    let t0 = Instant::now();
    let mut check = 0usize;
    for _ in 0..reps {
        for t in &texts {
            let s = model.scores(t);
            check += s.iter().position(|&x| x >= 0.5).unwrap_or(0);
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    let total = texts.len() * reps;
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    println!(
        "{} articles x {reps} ({:.0} bytes/article): {:.0} articles/s on 1 thread (check {check})",
        texts.len(),
        bytes as f64 / texts.len().max(1) as f64,
        total as f64 / secs.max(1e-9)
    );
    Ok(())
}
