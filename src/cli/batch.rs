//! `nutgraf batch`: JSONL (or CSV) in, JSONL out, one output line per input record, in order;
//! resume, progress and the closing summary. Owns files and threads of the job, never the
//! analysis (the library's) nor the record format (`records.rs`).

use super::analyze::AnalysisArgs;
use crate::analyzer::Analyzer;
use crate::batch::{self as records, output_line, parse_record, Record};
use crate::error::{Error, Result};
use crate::text::InputFormat;
use serde_json::Value;
use std::collections::HashSet;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `nutgraf batch`.
#[derive(clap::Args, Debug)]
pub struct BatchArgs {
    /// Input file: JSONL (one JSON object per line) or CSV with a header; `-` reads standard input.
    #[arg(long, short)]
    pub input: PathBuf,
    /// Input format.
    #[arg(long, default_value = "jsonl", value_parser = ["jsonl", "csv"])]
    pub format: String,
    /// Output JSONL file; `-` writes standard output.
    #[arg(long, short)]
    pub output: PathBuf,
    /// Field (CSV: column) holding the text.
    #[arg(long, default_value = "text", alias = "text-col")]
    pub text_field: String,
    /// Field (CSV: column) holding the record id, copied to the output; the line (CSV: record)
    /// number is used when absent.
    #[arg(long, default_value = "id", alias = "id-col")]
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

/// The records of a JSONL input, one per line (blank lines become error records).
fn jsonl_records<'a>(
    reader: Box<dyn BufRead + 'a>,
    a: &'a BatchArgs,
) -> impl Iterator<Item = Result<Record>> + 'a {
    reader.split(b'\n').enumerate().map(move |(i, line)| {
        let line = line.map_err(|e| Error::io(a.input.display().to_string(), e))?;
        Ok(parse_record(i + 1, &line, &a.text_field, &a.id_field))
    })
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

/// Cuts a torn last line (an interrupted write) off the output, so appended records start
/// on a line of their own.
fn drop_torn_tail(path: &PathBuf) -> Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let io = |e| Error::io(path.display().to_string(), e);
    let Ok(mut f) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
    else {
        return Ok(());
    };
    let len = f.metadata().map_err(io)?.len();
    let mut keep = len;
    let mut buf = vec![0u8; 1 << 16];
    while keep > 0 {
        let step = keep.min(buf.len() as u64);
        f.seek(SeekFrom::Start(keep - step)).map_err(io)?;
        f.read_exact(&mut buf[..step as usize]).map_err(io)?;
        match buf[..step as usize].iter().rposition(|&b| b == b'\n') {
            Some(i) => {
                keep = keep - step + i as u64 + 1;
                break;
            }
            None => keep -= step,
        }
    }
    if keep < len {
        f.set_len(keep).map_err(io)?;
    }
    Ok(())
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

/// The records of the input.
type Records<'a> = Box<dyn Iterator<Item = Result<Record>> + 'a>;

/// Opens the input (a CSV header is read here).
fn open_records(a: &BatchArgs) -> Result<Records<'_>> {
    let reader: Box<dyn BufRead> = if a.input.as_os_str() == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        let f = std::fs::File::open(&a.input)
            .map_err(|e| Error::io(a.input.display().to_string(), e))?;
        Box::new(BufReader::with_capacity(1 << 20, f))
    };
    Ok(if a.format == "csv" {
        Box::new(records::csv_records(reader, &a.text_field, &a.id_field)?)
    } else {
        Box::new(jsonl_records(reader, a))
    })
}

/// The next (at most [`CHUNK`]) records; empty at the end of the input.
fn next_chunk(records: &mut Records<'_>) -> Result<Vec<Record>> {
    let mut raw = Vec::with_capacity(CHUNK);
    for rec in records.by_ref() {
        raw.push(rec?);
        if raw.len() == CHUNK {
            break;
        }
    }
    Ok(raw)
}

pub fn batch(a: BatchArgs) -> Result<i32> {
    std::thread::scope(|s| {
        // the models load while the first records are read; a model error still comes
        // first, and before the output is touched
        let loading = s.spawn(|| a.analysis.analyzer());
        let first = open_records(&a).and_then(|mut r| Ok((next_chunk(&mut r)?, r)));
        let nlp = loading
            .join()
            .unwrap_or_else(|_| Err(Error::Internal("loading the models panicked".into())))?;
        let (first, records) = first?;
        run_batch(&a, &nlp, records, first)
    })
}

fn run_batch(
    a: &BatchArgs,
    nlp: &Analyzer,
    mut records: Records<'_>,
    first: Vec<Record>,
) -> Result<i32> {
    let format = InputFormat::html(a.html);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::Config(format!("thread pool: {e}")))?;

    let skip_ids = if a.resume && a.output.as_os_str() != "-" {
        drop_torn_tail(&a.output)?;
        existing_ids(&a.output)?
    } else {
        HashSet::new()
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

    let csv = a.format == "csv";
    // CSV: one header line; quoted newlines make this an estimate. No count when nothing shows.
    let total = match a.progress.as_str() {
        "never" => None,
        _ => count_lines(&a.input).map(|n| n.saturating_sub(csv as u64)),
    };
    let progress = super::progress::Progress::new(&a.progress, total);
    let started = Instant::now();
    let (mut ok, mut failed, mut skipped) = (0u64, 0u64, 0u64);
    let mut raw = first;
    while !raw.is_empty() {
        let analyze = |mut chunk: Vec<Record>| {
            let before = chunk.len();
            chunk.retain(|r| !(a.resume && skip_ids.contains(&id_key(&r.id))));
            let size = |r: &Record| r.text.as_ref().map_or(0, Vec::len);
            let outputs = records::map_largest_first(&pool, &chunk, size, |rec| {
                let result = match &rec.text {
                    Ok(t) => nlp.analyze_bytes_guarded(t, format),
                    Err(e) => Err(Error::InvalidInput(
                        e.to_string()
                            .trim_start_matches("invalid input: ")
                            .to_string(),
                    )),
                };
                (result.is_ok(), output_line(rec, result, format))
            });
            (before, outputs)
        };
        // the next records are read while these are analyzed
        let ((before, outputs), next) = std::thread::scope(|s| {
            let job = s.spawn(move || analyze(raw));
            let next = next_chunk(&mut records);
            (job.join().expect("batch analysis does not panic"), next)
        });
        skipped += (before - outputs.len()) as u64;
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
        raw = next?;
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
