//! Batch jobs (`nutgraf batch`): a JSONL line or a CSV row becomes one [`Record`] (or the error
//! that the record will be reported with), each result one output line, and records are analyzed
//! on a thread pool in input order. Opens no files and analyzes nothing itself (but for the
//! metadata of an HTML page with no text, read again for its error record).

use crate::error::{Error, Result};
use crate::schema::{BatchRecord, RecordError};
use serde_json::{json, Value};
use std::io::BufRead;

/// One input record of `nutgraf batch`, parsed as far as possible.
#[derive(Debug)]
pub struct Record {
    /// Line (JSONL) or record (CSV) number, from 1.
    pub line: usize,
    /// The record id (the line number when the record has none or cannot be parsed).
    pub id: Value,
    /// The text to analyze (bytes: CSV fields of HTML pages may be in any encoding), or why
    /// the record has none.
    pub text: std::result::Result<Vec<u8>, Error>,
}

/// Parses one input line (without or with its trailing newline) of a `nutgraf batch`
/// JSONL file. Never fails: a bad line becomes a record whose `text` is the error, so
/// that every input line gets exactly one output line.
pub fn parse_record(line_no: usize, raw: &[u8], text_field: &str, id_field: &str) -> Record {
    let fallback_id = json!(line_no);
    if raw.iter().all(u8::is_ascii_whitespace) {
        // blank lines are not records, but they are reported so nothing goes unseen
        return Record {
            line: line_no,
            id: fallback_id,
            text: Err(Error::InvalidInput("empty line".into())),
        };
    }
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
    let Value::Object(mut map) = value else {
        return Record {
            line: line_no,
            id: fallback_id,
            text: Err(Error::InvalidInput("not a JSON object".into())),
        };
    };
    let id = map.get(id_field).cloned().unwrap_or(fallback_id);
    // the page is moved out of the parsed line, not copied
    let text = match map.remove(text_field) {
        Some(Value::String(s)) => Ok(s.into_bytes()),
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

/// The output line (JSON, without newline) of a record and its result (`format`: how the
/// record's text was read).
pub fn output_line(
    rec: &Record,
    result: std::result::Result<crate::types::Analysis, Error>,
    format: crate::text::InputFormat,
) -> String {
    let (id, line) = (rec.id.clone(), rec.line);
    let out = match result {
        Ok(a) => BatchRecord::Analyzed {
            id,
            line,
            ok: true,
            analysis: Box::new(a),
        },
        Err(e) => BatchRecord::Failed {
            id,
            line,
            ok: false,
            metadata: page_metadata(rec, &e, format),
            error: RecordError {
                kind: e.kind().to_string(),
                message: e.to_string(),
            },
        },
    };
    serde_json::to_string(&out).expect("batch record serializes")
}

/// The metadata of an HTML page whose article had no text ([`Error::EmptyInput`]): the page
/// is decoded and its metadata read again (as the analysis did before it failed); `None` for
/// other errors and for a page that says nothing about itself.
fn page_metadata(
    rec: &Record,
    e: &Error,
    format: crate::text::InputFormat,
) -> Option<Box<crate::types::Metadata>> {
    empty_page_metadata(rec.text.as_ref().ok()?, e, format).map(Box::new)
}

/// The metadata of `page` when its analysis as `format` failed with `e` because the page's
/// article had no text ([`Error::EmptyInput`] of an HTML page; see
/// [`crate::text::metadata::page_metadata`]); `None` for other errors and formats.
pub fn empty_page_metadata(
    page: &[u8],
    e: &Error,
    format: crate::text::InputFormat,
) -> Option<crate::types::Metadata> {
    if format != crate::text::InputFormat::Html || !matches!(e, Error::EmptyInput) {
        return None;
    }
    crate::text::metadata::page_metadata(page)
}

/// The records of a CSV input with a header row naming the text (and optionally id) column.
///
/// A missing text column is a fatal error; a row that is too short becomes an error record
/// (text that is not UTF-8 fails in the analysis; HTML pages are decoded there). The id is the id column's value, or the record number.
pub fn csv_records<'a>(
    reader: Box<dyn BufRead + 'a>,
    text_col: &str,
    id_col: &str,
) -> Result<impl Iterator<Item = Result<Record>> + 'a> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let headers = csv
        .byte_headers()
        .map_err(|e| Error::InvalidInput(format!("CSV header: {e}")))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h == name.as_bytes());
    let text_idx = column(text_col).ok_or_else(|| {
        Error::InvalidInput(format!(
            "CSV header has no column {text_col:?} (columns: {})",
            headers
                .iter()
                .map(String::from_utf8_lossy)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    let id_idx = column(id_col);
    let text_col = text_col.to_string();
    Ok(csv.into_byte_records().enumerate().map(move |(i, row)| {
        let n = i + 1;
        let row = row.map_err(|e| Error::InvalidInput(format!("CSV record {n}: {e}")))?;
        let id = id_idx
            .and_then(|j| row.get(j))
            .filter(|v| !v.is_empty())
            .map(|v| Value::String(String::from_utf8_lossy(v).into_owned()))
            .unwrap_or_else(|| json!(n));
        let text = row.get(text_idx).map(<[u8]>::to_vec);
        let text = text.ok_or_else(|| Error::InvalidInput(format!("missing field {text_col:?}")));
        Ok(Record { line: n, id, text })
    }))
}

/// `f` of every item, computed on the pool's threads, in input order. The threads take the
/// items largest first (longest processing time first), so that no thread is left with one
/// big page while the others are idle.
pub fn map_largest_first<I: Sync, T: Send>(
    pool: &rayon::ThreadPool,
    items: &[I],
    size: impl Fn(&I) -> usize,
    f: impl Fn(&I) -> T + Sync,
) -> Vec<T> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(size(&items[i])));
    let next = AtomicUsize::new(0);
    let parts: Vec<Vec<(usize, T)>> = pool.broadcast(|_| {
        let mut done = Vec::new();
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((i, f(&items[i])));
        }
        done
    });
    let mut slots: Vec<Option<T>> = (0..items.len()).map(|_| None).collect();
    for (i, t) in parts.into_iter().flatten() {
        slots[i] = Some(t);
    }
    slots
        .into_iter()
        .map(|t| t.expect("every item mapped"))
        .collect()
}
