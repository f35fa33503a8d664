//! The nutgraf side of the parity check with HF `transformers` (`scripts/tf_parity.py`): runs
//! the transformer tier on the model folders and inputs that `tf_parity.py make` wrote and
//! writes what it found, with its windows, to `DIR/nutgraf.json` for `tf_parity.py check`.
//!
//! ```text
//! cargo run --release --features transformers --example transformer_parity -- DIR
//! ```

use nutgraf::transformers::generate::{EarlyStopping, GenerationSettings};
use nutgraf::transformers::ner::TransformerNer;
use nutgraf::transformers::nli::{NliModel, TEMPLATE};
use nutgraf::transformers::summarize::TransformerSummarizer;
use nutgraf::transformers::token_classifier::Aggregation;
use nutgraf::transformers::TransformerConfig;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The model folders in `dir` whose names start with `prefix`, sorted.
fn models(dir: &Path, prefix: &str) -> nutgraf::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| nutgraf::Error::io(dir.display().to_string(), e))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    Ok(names)
}

fn main() -> nutgraf::Result<()> {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: transformer_parity DIR");
        std::process::exit(2);
    };
    let inputs: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(dir.join("inputs.json"))
            .map_err(|e| nutgraf::Error::io(dir.display().to_string(), e))?,
    )
    .map_err(|e| nutgraf::Error::Config(format!("inputs.json: {e}")))?;
    let docs: Vec<(String, nutgraf::text::Prepared)> = inputs
        .iter()
        .map(|d| {
            let text = d["text"].as_str().unwrap_or_default();
            let p = nutgraf::text::prepare(text, nutgraf::InputFormat::Text, false, None)?;
            Ok((d["id"].as_str().unwrap_or_default().to_string(), p))
        })
        .collect::<nutgraf::Result<_>>()?;
    let mut ner = Vec::new();
    for name in models(&dir, "ner-")? {
        for (strategy, agg) in [
            ("simple", Aggregation::Simple),
            ("first", Aggregation::First),
        ] {
            let model =
                TransformerNer::load(&dir.join(&name), tch::Device::Cpu, 8)?.with_aggregation(agg);
            let mut out = Vec::new();
            for (id, doc) in &docs {
                let windows: Vec<Value> = model
                    .windows(&doc.text, &doc.sentences)
                    .iter()
                    .map(|c| {
                        json!({"start": c.span.start, "end": c.span.end,
                               "own_start": c.own.start, "own_end": c.own.end})
                    })
                    .collect();
                let entities: Vec<Value> = model
                    .entity_groups(&doc.text, &doc.sentences)?
                    .iter()
                    .map(|g| json!({"group": g.group, "score": g.score, "start": g.start, "end": g.end}))
                    .collect();
                out.push(
                    json!({"id": id, "text": doc.text, "windows": windows, "entities": entities}),
                );
            }
            eprintln!("{name} {strategy}: {} texts", out.len());
            ner.push(json!({"model": name, "strategy": strategy, "docs": out}));
        }
    }
    let mut zero_shot = Vec::new();
    let labels = ["politics", "sports", "business", "technology"];
    for name in models(&dir, "nli-")? {
        let md = nutgraf::transformers::ModelDir::open(&dir.join(&name))?;
        let model = NliModel::load(&md, tch::Device::Cpu)?;
        for multi_label in [false, true] {
            let mut out = Vec::new();
            for (id, doc) in docs.iter().filter(|(id, _)| id != "long") {
                let scores = model.scores(&doc.text, &labels, TEMPLATE, multi_label)?;
                out.push(json!({"id": id, "text": doc.text, "scores": scores}));
            }
            eprintln!("{name} multi_label={multi_label}: {} texts", out.len());
            zero_shot.push(
                json!({"model": name, "multi_label": multi_label, "labels": labels,
                                  "template": TEMPLATE, "docs": out}),
            );
        }
    }
    let mut summary = Vec::new();
    // three German and three English texts, short outputs: HF's generate() is slow
    let texts: Vec<(&String, &str)> = docs
        .iter()
        .filter(|(id, _)| ["de0", "de1", "de2", "en0", "en1", "en2"].contains(&id.as_str()))
        .map(|(id, d)| (id, d.text.as_str()))
        .collect();
    for name in models(&dir, "sum-")? {
        for beams in [1, 4] {
            let config = TransformerConfig {
                summary_max_tokens: 30,
                summary_min_tokens: 10,
                summary_beams: beams,
                ..Default::default()
            };
            let model = TransformerSummarizer::load(&dir.join(&name), tch::Device::Cpu, &config)?;
            let settings = model.settings().ok_or_else(|| {
                nutgraf::Error::Model(format!("{name}: not loaded from tokenizer.json"))
            })?;
            // all texts in one batch (HF runs them one by one)
            let all: Vec<&str> = texts.iter().map(|t| t.1).collect();
            let ids = model.generate_ids(&all)?;
            let mut out = Vec::new();
            for ((id, text), ids) in texts.iter().zip(ids) {
                let summary = model.decode(&ids)?;
                out.push(json!({"id": id, "text": text, "ids": ids, "summary": summary}));
            }
            eprintln!("{name} beams={beams}: {} texts", out.len());
            summary.push(json!({"model": name, "settings": settings_json(&settings), "docs": out}));
        }
    }
    let path = dir.join("nutgraf.json");
    let all = json!({ "ner": ner, "zero_shot": zero_shot, "summary": summary });
    std::fs::write(&path, serde_json::to_string(&all).unwrap_or_default())
        .map_err(|e| nutgraf::Error::io(dir.display().to_string(), e))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

/// The settings as HF `generate()` keywords.
fn settings_json(s: &GenerationSettings) -> Value {
    let early = match s.early_stopping {
        EarlyStopping::Yes => json!(true),
        EarlyStopping::Heuristic => json!(false),
        EarlyStopping::Never => json!("never"),
    };
    json!({
        "max_length": s.max_length, "min_length": s.min_length, "num_beams": s.num_beams,
        "length_penalty": s.length_penalty, "no_repeat_ngram_size": s.no_repeat_ngram_size,
        "early_stopping": early, "decoder_start_token_id": s.decoder_start_token_id,
        "eos_token_id": s.eos_token_id, "pad_token_id": s.pad_token_id,
        "forced_bos_token_id": s.forced_bos_token_id, "forced_eos_token_id": s.forced_eos_token_id,
    })
}
