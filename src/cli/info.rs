//! `nutgraf schema` (the JSON Schemas of the output) and `nutgraf models` (the built-in models,
//! their data and its terms). The facts come from the library's `schema` and `models` modules;
//! this file only prints or writes them.

use crate::error::{Error, Result};
use std::path::PathBuf;

/// Arguments of `nutgraf schema`.
#[derive(clap::Args, Debug)]
pub struct SchemaArgs {
    /// Which schema to print: the analysis of one document, or one `nutgraf batch` output line.
    #[arg(default_value = "analysis", value_parser = ["analysis", "batch-record"])]
    pub which: String,
    /// Write every schema file into this folder instead (e.g. `schema`).
    #[arg(long)]
    pub write: Option<PathBuf>,
}

pub fn schema(a: SchemaArgs) -> Result<i32> {
    let files = crate::schema::schema_files();
    match a.write {
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
            for (name, text) in files {
                let path = dir.join(name);
                std::fs::write(&path, text)
                    .map_err(|e| Error::io(path.display().to_string(), e))?;
                eprintln!("wrote {}", path.display());
            }
        }
        None => {
            let name = format!("{}.schema.json", a.which);
            let (_, text) = files
                .into_iter()
                .find(|(n, _)| *n == name)
                .expect("every listed schema exists");
            print!("{text}");
        }
    }
    Ok(0)
}

/// Arguments of `nutgraf models`.
#[derive(clap::Args, Debug)]
pub struct ModelsArgs {
    /// Print JSON (one array) instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn models(a: ModelsArgs) -> Result<i32> {
    let models = crate::models::builtin_models();
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&models).expect("model info serializes")
        );
        return Ok(0);
    }
    println!(
        "{:<10} {:<9} {:>8}  {:<15} languages",
        "model", "task", "MB", "terms"
    );
    for m in &models {
        let mb = m.bytes as f64 / 1e6;
        let terms = m.terms.as_str();
        println!(
            "{:<10} {:<9} {mb:>8.2}  {terms:<15} {}",
            m.name,
            m.task,
            m.languages.join(" ")
        );
    }
    println!(
        "\nTraining data and terms per model: `nutgraf models --json` and the cards in models/."
    );
    Ok(0)
}
