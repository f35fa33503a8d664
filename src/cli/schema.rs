//! `nutgraf schema`: print or write the JSON Schemas of the output. The schemas themselves come
//! from the library's `schema` module; this file only chooses where they go.

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
