//! The nutgraf side of the parity check with HF `transformers` (`scripts/tf_parity.py`): runs
//! the transformer tier on the model folders and inputs that `tf_parity.py make` wrote and
//! writes what it found, with its windows, to `DIR/nutgraf.json` for `tf_parity.py check`.
//!
//! ```text
//! cargo run --release --features transformers --example transformer_parity -- DIR
//! ```

use nutgraf::transformers::ner::TransformerNer;
use nutgraf::transformers::nli::{NliModel, TEMPLATE};
use nutgraf::transformers::token_classifier::Aggregation;
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
    let path = dir.join("nutgraf.json");
    let all = json!({ "ner": ner, "zero_shot": zero_shot });
    std::fs::write(&path, serde_json::to_string(&all).unwrap_or_default())
        .map_err(|e| nutgraf::Error::io(dir.display().to_string(), e))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}
