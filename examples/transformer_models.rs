//! Writes random-initialized model directories for the transformer tier (no download):
//! `ner/` (BERT token classification), `summary/` (BART) and `nli/` (BERT, MNLI labels).
//!
//! ```text
//! cargo run --release --features transformers --example transformer_models -- DIR [--base]
//! ```
//! Tiny models (hidden 32, 2 layers) by default, for tests; `--base` writes base-size ones.

use nutgraf::transformers::random_models::{self, Size};
use std::path::PathBuf;

fn main() -> nutgraf::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
    else {
        eprintln!("usage: transformer_models DIR [--base]");
        std::process::exit(2);
    };
    let size = if args.iter().any(|a| a == "--base") {
        Size::Base
    } else {
        Size::Tiny
    };
    tch::manual_seed(7);
    random_models::write_bert_ner(&dir.join("ner"), size, None)?;
    random_models::write_bart(&dir.join("summary"), size)?;
    random_models::write_bert_nli(&dir.join("nli"), size)?;
    println!("{}", dir.display());
    Ok(())
}
