//! Summaries and keyphrases of 500-word news articles.
//!
//! `cargo bench --bench summary`. Articles: BBC News texts of 400–600 words from
//! `../shared/data` (the seed article, repeated to ~500 words, when the data is missing).
//! Throughput is reported in articles per second on one core.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use nutgraf::summary::Summarizer;
use nutgraf::text::{prepare, InputFormat, Prepared};
use nutgraf::SummaryLength;
use std::io::Read;

/// Up to 64 articles of about 500 words.
fn articles() -> Vec<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");
    let path = format!("{root}/data/bbc-news-summary/normalized/bbc_news_summary.jsonl.gz");
    let mut out = Vec::new();
    if let Ok(f) = std::fs::File::open(&path) {
        let mut s = String::new();
        flate2::read::GzDecoder::new(f)
            .read_to_string(&mut s)
            .expect("readable BBC data");
        for line in s.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            let text = v["text"].as_str().unwrap_or("");
            let n = text.split_whitespace().count();
            if (400..=600).contains(&n) {
                out.push(text.to_string());
            }
            if out.len() == 64 {
                break;
            }
        }
    }
    if out.is_empty() {
        let seed = std::fs::read_to_string(format!("{root}/examples/seed-article-de.txt"))
            .expect("../shared/examples/seed-article-de.txt");
        let mut t = String::new();
        while t.split_whitespace().count() < 500 {
            t.push_str(&seed);
            t.push('\n');
        }
        out.push(t);
    }
    out
}

fn prepared(texts: &[String]) -> Vec<Prepared> {
    texts
        .iter()
        .map(|t| prepare(t, InputFormat::Text, false, Some("en")).expect("prepared"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let texts = articles();
    let docs = prepared(&texts);
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    eprintln!(
        "{} articles, {} words on average",
        texts.len(),
        words / texts.len()
    );
    let summarizer = Summarizer::builtin().expect("summarizer");
    let mut g = c.benchmark_group("summary");
    g.throughput(Throughput::Elements(docs.len() as u64));
    g.bench_function(BenchmarkId::new("summarize", "3 sentences"), |b| {
        b.iter(|| {
            for d in &docs {
                std::hint::black_box(summarizer.summarize(
                    &d.text,
                    &d.sentences,
                    "en",
                    d.title.as_deref(),
                    SummaryLength::Sentences(3),
                ));
            }
        })
    });
    g.bench_function(BenchmarkId::new("split+summarize", "3 sentences"), |b| {
        b.iter(|| {
            for t in &texts {
                let sp = nutgraf::text::split_sentences(t, "en");
                std::hint::black_box(summarizer.summarize(
                    t,
                    &sp,
                    "en",
                    None,
                    SummaryLength::Sentences(3),
                ));
            }
        })
    });
    g.bench_function(BenchmarkId::new("keyphrases", "10"), |b| {
        b.iter(|| {
            for d in &docs {
                std::hint::black_box(nutgraf::keyphrases::extract(d, &[], &[], 10));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
