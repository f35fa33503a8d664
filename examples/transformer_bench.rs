//! Throughput of the transformer tier on base-size random-initialized models (BERT-base for
//! NER, BART-base for summarization; speed does not depend on the weights).
//!
//! ```text
//! LIBTORCH_USE_PYTORCH=1 cargo run --release --features transformers --example transformer_bench -- \
//!     --dir /tmp/nutgraf-base --devices cpu,cuda --docs 16
//! ```
//! Writes the models into `--dir` once (about 1 GB), then prints one table row per device and
//! task: documents, words, seconds, documents/s and words/s.

use nutgraf::transformers::random_models::{self, Size};
use nutgraf::transformers::{DeviceSpec, TransformerConfig};
use nutgraf::{Analyzer, InputFormat, Options, Tasks};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn arg(args: &[String], name: &str, default: &str) -> String {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| default.to_string())
}

/// A news-like document of about `words` words.
fn document(seed: usize, words: usize) -> String {
    let sentences = [
        "The finance minister presented the budget to parliament in Berlin on Tuesday.",
        "Opposition leaders criticised the plan, saying it did too little for families.",
        "Angela Weber of the Greens said the coalition had ignored the climate targets.",
        "Markets in Frankfurt reacted calmly, with the DAX closing slightly higher.",
        "The European Commission is expected to review the draft next month in Brussels.",
        "Economists at the Ifo institute lowered their growth forecast to 0.3 percent.",
    ];
    let mut out = String::new();
    let mut i = seed;
    while out.split_whitespace().count() < words {
        out.push_str(sentences[i % sentences.len()]);
        out.push(' ');
        i += 1;
    }
    out
}

fn ensure_models(dir: &Path) -> (PathBuf, PathBuf) {
    let (ner, bart) = (dir.join("bert-base-ner"), dir.join("bart-base"));
    if !ner.join("rust_model.ot").is_file() {
        eprintln!("writing {}", ner.display());
        random_models::write_bert_ner(&ner, Size::Base, None).expect("BERT-base");
    }
    if !bart.join("rust_model.ot").is_file() {
        eprintln!("writing {}", bart.display());
        random_models::write_bart(&bart, Size::Base).expect("BART-base");
    }
    (ner, bart)
}

fn run(nlp: &Analyzer, docs: &[String]) -> f64 {
    // one warm-up document, then the timed batch
    nlp.analyze(&docs[0]).expect("warm-up");
    let t = Instant::now();
    for r in nlp.analyze_batch(docs, InputFormat::Text) {
        r.expect("analysis");
    }
    t.elapsed().as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(arg(&args, "--dir", "/tmp/nutgraf-base-models"));
    let devices = arg(&args, "--devices", "cpu");
    let n: usize = arg(&args, "--docs", "16").parse().expect("--docs N");
    let words: usize = arg(&args, "--words", "400").parse().expect("--words N");
    let ner_only = args.iter().any(|a| a == "--ner-only");
    let (ner, bart) = ensure_models(&dir);
    let docs: Vec<String> = (0..n).map(|i| document(i, words)).collect();
    let total_words: usize = docs.iter().map(|d| d.split_whitespace().count()).sum();
    let options = |entities: bool, summary: bool| Options {
        language: Some("en".into()),
        clean: false,
        tasks: Tasks {
            entities,
            topics: false,
            summary,
            keyphrases: false,
        },
        ..Options::default()
    };
    println!(
        "| device | task | model | docs | words | seconds | docs/s | words/s |\n|---|---|---|---|---|---|---|---|"
    );
    for d in devices.split(',') {
        let device: DeviceSpec = d.parse().expect("device");
        let mut tasks = vec![("ner", true)];
        if !ner_only {
            tasks.push(("summary", false));
        }
        for (task, is_ner) in tasks {
            let config = TransformerConfig {
                ner_model: is_ner.then(|| ner.clone()),
                summary_model: (!is_ner).then(|| bart.clone()),
                summary_max_tokens: 60,
                summary_min_tokens: 20,
                summary_beams: 2,
                device,
                ..Default::default()
            };
            let nlp = match Analyzer::builtin_with_transformers(options(is_ner, !is_ner), &config) {
                Ok(a) => a,
                Err(e) => {
                    println!("| {device} | {task} | - | error: {e} |");
                    continue;
                }
            };
            let secs = run(&nlp, &docs);
            let model = if is_ner {
                "BERT-base (random)"
            } else {
                "BART-base (random), 20-60 tokens, 2 beams"
            };
            println!(
                "| {device} | {task} | {model} | {n} | {total_words} | {secs:.2} | {:.2} | {:.0} |",
                n as f64 / secs,
                total_words as f64 / secs
            );
        }
    }
}
