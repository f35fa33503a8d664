//! Criterion micro-benchmarks of the pipeline stages on BBC News articles:
//! tokenizer, sentence splitter, text preparation, NER tagger, topic classifier,
//! summarizer, model load and the full analysis (1 and 2 threads).
//!
//! `cargo bench --bench stages` (reads `../shared/data`; stages without their data are
//! skipped with a note).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use nutgraf::ner::NerModel;
use nutgraf::summary::Summarizer;
use nutgraf::text::{prepare, split_sentences, tokenize_lang, InputFormat};
use nutgraf::{Analyzer, SummaryLength};
use std::io::BufRead;

const BBC: &str = "../shared/data/bbc-news-summary/normalized/bbc_news_summary.jsonl.gz";

/// The first `n` BBC articles (title and text), or none when the data is missing.
fn articles(n: usize) -> Vec<String> {
    let Ok(f) = std::fs::File::open(BBC) else {
        eprintln!("{BBC} not found: benchmarks skipped");
        return Vec::new();
    };
    std::io::BufReader::new(flate2::read::GzDecoder::new(f))
        .lines()
        .take(n)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l.expect("line")).expect("json");
            v["text"].as_str().expect("text").to_string()
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let texts = articles(100);
    if texts.is_empty() {
        return;
    }
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let prepared: Vec<_> = texts
        .iter()
        .map(|t| prepare(t, InputFormat::Text, true, None).expect("prepared"))
        .collect();
    let ntok: u64 = prepared.iter().map(|p| p.tokens.len() as u64).sum();

    let mut g = c.benchmark_group("text");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| tokenize_lang(t, "en").len())
                .sum::<usize>()
        })
    });
    g.bench_function("split_sentences", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| split_sentences(t, "en").len())
                .sum::<usize>()
        })
    });
    g.bench_function("prepare", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| prepare(t, InputFormat::Text, true, None).map_or(0, |p| p.tokens.len()))
                .sum::<usize>()
        })
    });
    g.finish();

    let ner = nutgraf::ner::builtin("en").expect("model");
    let docs: Vec<Vec<Vec<&str>>> = prepared.iter().map(|p| p.sentence_words()).collect();
    let mut g = c.benchmark_group("ner");
    g.sample_size(10);
    g.throughput(Throughput::Elements(ntok));
    g.bench_function("tag_document_tags", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| ner.tag_document_tags(d).len())
                .sum::<usize>()
        })
    });
    g.bench_function("tag_document", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| ner.tag_document(d).len())
                .sum::<usize>()
        })
    });
    g.finish();

    let topics = nutgraf::topics::builtin().expect("topics");
    let summarizer = Summarizer::builtin().expect("summarizer");
    let mut g = c.benchmark_group("doc");
    g.sample_size(10);
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.bench_function("topics", |b| {
        b.iter(|| {
            prepared
                .iter()
                .map(|p| topics.predict(&p.text).len())
                .sum::<usize>()
        })
    });
    g.bench_function("summary", |b| {
        b.iter(|| {
            prepared
                .iter()
                .map(|p| {
                    summarizer
                        .summarize(
                            &p.text,
                            &p.sentences,
                            "en",
                            None,
                            SummaryLength::Sentences(3),
                        )
                        .len()
                })
                .sum::<usize>()
        })
    });
    let nlp = Analyzer::builtin().expect("analyzer");
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        g.bench_function(format!("analyze_batch_{threads}t"), |b| {
            b.iter(|| pool.install(|| nlp.analyze_batch(&texts, InputFormat::Text).len()))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    for lang in ["en", "de"] {
        let b = nutgraf::models::ner_bytes(lang).expect("bytes");
        g.bench_function(format!("ner_{lang}"), |bn| {
            bn.iter_batched(
                || (),
                |_| NerModel::from_bytes(b).expect("model"),
                BatchSize::PerIteration,
            )
        });
    }
    g.bench_function("topics", |bn| {
        bn.iter(|| {
            nutgraf::topics::TopicModel::from_bytes(nutgraf::models::topics_bytes()).expect("model")
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
