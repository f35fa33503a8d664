//! CSV input of `nutgraf batch`: a header row, then one record per row.

use super::batch::Record;
use crate::{Error, Result};
use serde_json::{json, Value};
use std::io::BufRead;

/// The records of a CSV input with a header row naming the text (and optionally id) column.
///
/// A missing text column is a fatal error; a row that is too short, or whose text is not
/// UTF-8, becomes an error record. The id is the id column's value, or the record number.
pub(super) fn records<'a>(
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
        let text = match row.get(text_idx) {
            None => Err(Error::InvalidInput(format!("missing field {text_col:?}"))),
            Some(b) => String::from_utf8(b.to_vec()).map_err(|e| {
                Error::InvalidInput(format!(
                    "field {text_col:?} is not valid UTF-8 (byte {})",
                    e.utf8_error().valid_up_to()
                ))
            }),
        };
        Ok(Record { line: n, id, text })
    }))
}
