//! Readers of the public datasets that nutgraf trains and evaluates on (the folders of
//! `../shared/data`: BBC, SIB-200, 10kGNAD, AG News, Klexikon), of the JSONL/CSV/gzip files they
//! come in, and a JSONL writer for prediction files. Knows file layouts only; no model, no scoring.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::io::{Read, Write};
use std::path::Path;

/// Reads a whole (optionally gzip'd) file as UTF-8.
pub fn read_text(path: &Path) -> Result<String> {
    let raw = std::fs::read(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    let bytes = if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(|e| Error::io(path.display().to_string(), e))?;
        out
    } else {
        raw
    };
    String::from_utf8(bytes)
        .map_err(|_| Error::Data(format!("{}: not valid UTF-8", path.display())))
}

/// Reads JSON Lines (optionally gzip'd).
pub fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>> {
    let s = read_text(path)?;
    s.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .map_err(|e| Error::Data(format!("{}:{}: {e}", path.display(), i + 1)))
        })
        .collect()
}

/// Writes one JSON object per line (e.g. the prediction records of an evaluation report).
pub fn write_jsonl(path: &Path, records: &[serde_json::Value]) -> Result<()> {
    let io = |e| Error::io(path.display().to_string(), e);
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    records
        .iter()
        .try_for_each(|r| writeln!(w, "{r}"))
        .map_err(io)?;
    w.flush().map_err(io)
}

/// Minimal CSV parser: `delim` between fields, `quote` around fields, doubled quote = literal.
pub fn parse_csv(s: &str, delim: char, quote: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut in_q = false;
    let mut it = s.chars().peekable();
    let mut any = false;
    while let Some(c) = it.next() {
        any = true;
        if in_q {
            if c == quote {
                if it.peek() == Some(&quote) {
                    field.push(quote);
                    it.next();
                } else {
                    in_q = false;
                }
            } else {
                field.push(c);
            }
        } else if c == quote {
            in_q = true;
        } else if c == delim {
            row.push(std::mem::take(&mut field));
        } else if c == '\n' {
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
            any = false;
        } else if c != '\r' {
            field.push(c);
        }
    }
    if any {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// One BBC News article with its extractive summary.
#[derive(Clone, Debug, Deserialize)]
pub struct BbcDoc {
    pub id: String,
    pub category: String,
    pub title: String,
    pub text: String,
    pub summary: String,
}

/// All BBC articles (normalized copy).
pub fn bbc(data: &Path) -> Result<Vec<BbcDoc>> {
    read_jsonl(&data.join("bbc-news-summary/normalized/bbc_news_summary.jsonl.gz"))
}

/// The fixed BBC split: (train ids, test ids).
pub fn bbc_split(data: &Path) -> Result<(Vec<String>, Vec<String>)> {
    #[derive(Deserialize)]
    struct Split {
        train: Vec<String>,
        test: Vec<String>,
    }
    let p = data.join("splits/bbc_topic_split.json");
    let s: Split = serde_json::from_str(&read_text(&p)?)
        .map_err(|e| Error::Data(format!("{}: {e}", p.display())))?;
    Ok((s.train, s.test))
}

/// A labelled text of a classification dataset.
#[derive(Clone, Debug)]
pub struct Labelled {
    pub id: String,
    pub label: String,
    pub text: String,
}

/// The 12 SIB-200 languages available.
pub const SIB_LANGS: [&str; 12] = [
    "ces", "dan", "deu", "eng", "fin", "fra", "ita", "nld", "pol", "por", "spa", "swe",
];

/// One SIB-200 split (`train`, `dev`, `test`) of one language.
pub fn sib200(data: &Path, lang: &str, split: &str) -> Result<Vec<Labelled>> {
    let p = data.join(format!("sib200/{lang}_Latn/{split}.tsv"));
    let s = read_text(&p)?;
    let mut out = Vec::new();
    for (i, line) in s.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let mut f = line.splitn(3, '\t');
        match (f.next(), f.next(), f.next()) {
            (Some(id), Some(label), Some(text)) => out.push(Labelled {
                id: format!("{lang}/{id}"),
                label: label.to_string(),
                text: text.to_string(),
            }),
            _ => return Err(Error::Data(format!("{}:{}: bad row", p.display(), i + 1))),
        }
    }
    Ok(out)
}

/// 10kGNAD test file (`label;'text'`).
pub fn gnad(data: &Path) -> Result<Vec<Labelled>> {
    let p = data.join("10kgnad/test.csv");
    let rows = parse_csv(&read_text(&p)?, ';', '\'');
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| match <[String; 2]>::try_from(r) {
            Ok([label, text]) => Ok(Labelled {
                id: format!("10kgnad/{i}"),
                label,
                text,
            }),
            Err(_) => Err(Error::Data(format!(
                "{}: row {} is not label;text",
                p.display(),
                i + 1
            ))),
        })
        .collect()
}

/// AG News test file (header `label,title,description`, class 1..4).
pub fn agnews(data: &Path) -> Result<Vec<Labelled>> {
    const NAMES: [&str; 4] = ["World", "Sports", "Business", "Sci/Tech"];
    let p = data.join("ag-news/test.csv");
    let rows = parse_csv(&read_text(&p)?, ',', '"');
    let mut out = Vec::new();
    for (i, r) in rows.into_iter().enumerate().skip(1) {
        let bad = || Error::Data(format!("{}: bad row {}", p.display(), i + 1));
        if r.len() != 3 {
            return Err(bad());
        }
        let k: usize = r[0].trim().parse().map_err(|_| bad())?;
        let label = NAMES.get(k.wrapping_sub(1)).ok_or_else(bad)?;
        let clean = |s: &str| s.replace("\\n", " ").replace('\\', " ");
        out.push(Labelled {
            id: format!("agnews/{}", i - 1),
            label: label.to_string(),
            text: format!("{}. {}", clean(&r[1]), clean(&r[2])),
        });
    }
    Ok(out)
}

/// Deterministic stratified halves of a test-only dataset: within each label, in file order,
/// items 0, 2, 4, ... are the training half (`true`), items 1, 3, 5, ... the evaluation half.
pub fn train_half(items: &[Labelled]) -> Vec<bool> {
    let mut seen = std::collections::HashMap::new();
    items
        .iter()
        .map(|x| {
            let c = seen.entry(x.label.as_str()).or_insert(0usize);
            *c += 1;
            *c % 2 == 1
        })
        .collect()
}

/// One Klexikon pair.
#[derive(Clone, Debug, Deserialize)]
pub struct KlexikonDoc {
    pub title: String,
    pub wiki_text: String,
    pub klexikon_text: String,
}

/// One Klexikon split (`train`, `validation`, `test`).
pub fn klexikon(data: &Path, split: &str) -> Result<Vec<KlexikonDoc>> {
    read_jsonl(&data.join(format!("klexikon/{split}.jsonl.gz")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes() {
        let r = parse_csv("a;'x;''y'''\nb;c\n", ';', '\'');
        assert_eq!(r, vec![vec!["a", "x;'y'"], vec!["b", "c"]]);
    }
}
