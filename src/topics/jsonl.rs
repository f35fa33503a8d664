//! Reading custom topic training data from JSON Lines: one object per line with a text field
//! and a label field holding one label (a string) or several (a list of strings). Reads and
//! checks the file only; trains nothing.

use crate::error::{Error, Result};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Texts and their label lists read from a JSON Lines file (optionally gzip'd, `.gz`).
///
/// Blank lines are skipped. A line that is not a JSON object, lacks `text_field` or
/// `labels_field`, or has a value of the wrong type is an [`Error::Data`] naming the file, the
/// line and the fields the object does have.
pub fn read_examples(
    path: &Path,
    text_field: &str,
    labels_field: &str,
) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut texts = Vec::new();
    let mut labels = Vec::new();
    for (i, line) in BufReader::new(reader).lines().enumerate() {
        let at = || format!("{}:{}", path.display(), i + 1);
        let line = line.map_err(|e| Error::io(at(), e))?;
        if line.trim().is_empty() {
            continue;
        }
        let (t, l) = parse_line(&line, text_field, labels_field)
            .map_err(|m| Error::Data(format!("{}: {m}", at())))?;
        texts.push(t);
        labels.push(l);
    }
    if texts.is_empty() {
        return Err(Error::Data(format!(
            "{}: no examples (empty file)",
            path.display()
        )));
    }
    Ok((texts, labels))
}

/// One JSON object → (text, labels); the error is a message without location.
pub fn parse_line(
    line: &str,
    text_field: &str,
    labels_field: &str,
) -> std::result::Result<(String, Vec<String>), String> {
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("bad JSON: {e}"))?;
    let obj = v
        .as_object()
        .ok_or_else(|| "expected a JSON object".to_string())?;
    let fields = || obj.keys().cloned().collect::<Vec<_>>().join(", ");
    let text = match obj.get(text_field) {
        None => {
            return Err(format!(
                "unknown field {text_field:?} (the object has: {})",
                fields()
            ))
        }
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(_) => return Err(format!("field {text_field:?} must be a string")),
    };
    let labels = match obj.get(labels_field) {
        None => {
            return Err(format!(
                "unknown field {labels_field:?} (the object has: {})",
                fields()
            ))
        }
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("field {labels_field:?}: labels must be strings"))
            })
            .collect::<std::result::Result<Vec<_>, _>>()?,
        Some(_) => {
            return Err(format!(
                "field {labels_field:?} must be a string or a list of strings"
            ))
        }
    };
    Ok((text, labels))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let (t, l) =
            parse_line(r#"{"text": "a b", "labels": ["x", "y"]}"#, "text", "labels").unwrap();
        assert_eq!((t.as_str(), l), ("a b", vec!["x".to_string(), "y".into()]));
        let (_, l) = parse_line(r#"{"body": "a", "topic": "x"}"#, "body", "topic").unwrap();
        assert_eq!(l, ["x"]);
        let e = parse_line(r#"{"body": "a", "topic": "x"}"#, "text", "topic").unwrap_err();
        assert!(
            e.contains("unknown field \"text\"") && e.contains("body"),
            "{e}"
        );
        let e = parse_line(r#"{"text": "a", "labels": 3}"#, "text", "labels").unwrap_err();
        assert!(e.contains("must be a string or a list"), "{e}");
        assert!(parse_line("[1]", "text", "labels").is_err());
        assert!(parse_line("{", "text", "labels").is_err());
    }
}
