//! `nutgraf batch`: JSONL in, JSONL out, one output line per input line, in order.

use super::analyze::AnalysisArgs;
use crate::{Error, InputFormat, Result};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `nutgraf batch`.
#[derive(clap::Args, Debug)]
pub struct BatchArgs {
    /// Input JSONL file (one JSON object per line); `-` reads standard input.
    #[arg(long, short)]
    pub input: PathBuf,
    /// Output JSONL file; `-` writes standard output.
    #[arg(long, short)]
    pub output: PathBuf,
    /// Field holding the text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// Field holding the record id (copied to the output; the line number is used when absent).
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// The texts are HTML pages.
    #[arg(long)]
    pub html: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Skip records whose id is already in the output file, and append to it.
    #[arg(long)]
    pub resume: bool,
    /// Progress display on standard error: auto (a bar on a terminal), always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub progress: String,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

const CHUNK: usize = 512;

/// One input line, parsed as far as possible.
struct Record {
    line: usize,
    id: Value,
    text: std::result::Result<String, Error>,
}

fn parse_record(line_no: usize, raw: &[u8], text_field: &str, id_field: &str) -> Record {
    let fallback_id = json!(line_no);
    let line = match std::str::from_utf8(raw) {
        Ok(s) => s.trim_end_matches(['\n', '\r']),
        Err(e) => {
            return Record {
                line: line_no,
                id: fallback_id,
                text: Err(Error::InvalidInput(format!(
                    "line is not valid UTF-8 (byte {})",
                    e.valid_up_to()
                ))),
            }
        }
    };
    let value: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => {
            return Record {
                line: line_no,
                id: fallback_id,
                text: Err(Error::InvalidInput(format!("not a JSON line: {e}"))),
            }
        }
    };
    let Value::Object(map) = value else {
        return Record {
            line: line_no,
            id: fallback_id,
            text: Err(Error::InvalidInput("not a JSON object".into())),
        };
    };
    let id = map.get(id_field).cloned().unwrap_or(fallback_id);
    let text = match map.get(text_field) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(Error::InvalidInput(format!(
            "field {text_field:?} is not a string but {}",
            match other {
                Value::Null => "null",
                Value::Bool(_) => "a boolean",
                Value::Number(_) => "a number",
                Value::Array(_) => "an array",
                Value::Object(_) => "an object",
                Value::String(_) => "a string",
            }
        ))),
        None => Err(Error::InvalidInput(format!("missing field {text_field:?}"))),
    };
    Record {
        line: line_no,
        id,
        text,
    }
}

fn output_line(rec: &Record, result: std::result::Result<crate::Analysis, Error>) -> String {
    let v = match result {
        Ok(a) => json!({"id": rec.id, "line": rec.line, "ok": true, "analysis": a}),
        Err(e) => json!({"id": rec.id, "line": rec.line, "ok": false,
                         "error": {"kind": e.kind(), "message": e.to_string()}}),
    };
    serde_json::to_string(&v).expect("JSON value serializes")
}

fn id_key(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn existing_ids(path: &PathBuf) -> Result<HashSet<String>> {
    let mut ids = HashSet::new();
    let Ok(f) = std::fs::File::open(path) else {
        return Ok(ids);
    };
    for line in BufReader::new(f).split(b'\n') {
        let line = line.map_err(|e| Error::io(path.display().to_string(), e))?;
        // A torn last line from an interrupted run is not valid JSON and is redone.
        if let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(&line) {
            if let Some(id) = m.get("id") {
                ids.insert(id_key(id));
            }
        }
    }
    Ok(ids)
}

fn count_lines(path: &PathBuf) -> Option<u64> {
    if path.as_os_str() == "-" {
        return None;
    }
    let f = std::fs::File::open(path).ok()?;
    let mut n = 0u64;
    let mut reader = BufReader::with_capacity(1 << 20, f);
    loop {
        let buf = reader.fill_buf().ok()?;
        if buf.is_empty() {
            break;
        }
        n += buf.iter().filter(|&&b| b == b'\n').count() as u64;
        let len = buf.len();
        reader.consume(len);
    }
    Some(n)
}

pub fn batch(a: BatchArgs) -> Result<i32> {
    let nlp = a.analysis.analyzer()?;
    let format = if a.html {
        InputFormat::Html
    } else {
        InputFormat::Text
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::Config(format!("thread pool: {e}")))?;

    let skip_ids = if a.resume {
        existing_ids(&a.output)?
    } else {
        HashSet::new()
    };
    let reader: Box<dyn BufRead> = if a.input.as_os_str() == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        let f = std::fs::File::open(&a.input)
            .map_err(|e| Error::io(a.input.display().to_string(), e))?;
        Box::new(BufReader::with_capacity(1 << 20, f))
    };
    let mut writer: Box<dyn Write> = if a.output.as_os_str() == "-" {
        Box::new(BufWriter::new(std::io::stdout()))
    } else {
        let f = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(a.resume)
            .truncate(!a.resume)
            .open(&a.output)
            .map_err(|e| Error::io(a.output.display().to_string(), e))?;
        Box::new(BufWriter::new(f))
    };

    let progress = super::progress::Progress::new(&a.progress, count_lines(&a.input));
    let started = Instant::now();
    let (mut ok, mut failed, mut skipped) = (0u64, 0u64, 0u64);
    let mut lines = reader.split(b'\n');
    let mut line_no = 0usize;
    loop {
        let mut chunk = Vec::with_capacity(CHUNK);
        for line in lines.by_ref() {
            let line = line.map_err(|e| Error::io(a.input.display().to_string(), e))?;
            line_no += 1;
            if line.iter().all(u8::is_ascii_whitespace) {
                // blank lines are not records, but they are reported so nothing goes unseen
                chunk.push(Record {
                    line: line_no,
                    id: json!(line_no),
                    text: Err(Error::InvalidInput("empty line".into())),
                });
            } else {
                chunk.push(parse_record(line_no, &line, &a.text_field, &a.id_field));
            }
            if chunk.len() == CHUNK {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let before = chunk.len();
        chunk.retain(|r| !(a.resume && skip_ids.contains(&id_key(&r.id))));
        skipped += (before - chunk.len()) as u64;
        let outputs: Vec<(bool, String)> = pool.install(|| {
            use rayon::prelude::*;
            chunk
                .par_iter()
                .map(|rec| {
                    let result = match &rec.text {
                        Ok(t) => nlp.analyze_guarded(t, format),
                        Err(e) => Err(Error::InvalidInput(
                            e.to_string()
                                .trim_start_matches("invalid input: ")
                                .to_string(),
                        )),
                    };
                    (result.is_ok(), output_line(rec, result))
                })
                .collect()
        });
        for (is_ok, line) in outputs {
            if is_ok {
                ok += 1
            } else {
                failed += 1
            }
            writer
                .write_all(line.as_bytes())
                .and_then(|_| writer.write_all(b"\n"))
                .map_err(|e| Error::io("output", e))?;
        }
        writer.flush().map_err(|e| Error::io("output", e))?;
        progress.advance(before as u64, failed);
    }
    progress.finish();
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "nutgraf batch: {} records: {ok} analyzed, {failed} errors{} in {secs:.1} s ({:.0} records/s)",
        ok + failed + skipped,
        if a.resume { format!(", {skipped} skipped (already in output)") } else { String::new() },
        (ok + failed) as f64 / secs.max(1e-9)
    );
    Ok(if failed > 0 { 1 } else { 0 })
}
