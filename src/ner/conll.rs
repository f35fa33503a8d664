//! CoNLL-style reader and writer: one token per line (first column), blank line between
//! sentences, `-DOCSTART-` lines as document breaks.

use crate::error::{Error, Result};
use crate::types::Iob;
use std::io::Write;

/// Tags every sentence of `items` with `model`, one document at a time (documents in
/// parallel), so document-level features see the whole document. Returns one tag list per
/// item (empty for `-DOCSTART-` lines), ready for [`write_tagged`].
pub fn tag_items(model: &super::NerModel, items: &[Item]) -> Vec<Vec<Iob>> {
    use rayon::prelude::*;
    let docs = documents(items);
    let tagged: Vec<Vec<Vec<Iob>>> = docs
        .par_iter()
        .map(|d| {
            let s: Vec<Vec<&str>> = d
                .iter()
                .map(|&i| match &items[i] {
                    Item::Sentence(t) => t.iter().map(String::as_str).collect(),
                    Item::DocStart(_) => Vec::new(),
                })
                .collect();
            model.tag_document_tags(&s)
        })
        .collect();
    let mut tags = vec![Vec::new(); items.len()];
    for (d, t) in docs.iter().zip(tagged) {
        for (&i, t) in d.iter().zip(t) {
            tags[i] = t;
        }
    }
    tags
}

/// One item of unlabelled CoNLL input, in file order.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A `-DOCSTART-` line, kept verbatim so it can be echoed back.
    DocStart(String),
    /// One sentence's tokens.
    Sentence(Vec<String>),
}

/// A labelled sentence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabeledSentence {
    /// Tokens.
    pub tokens: Vec<String>,
    /// IOB2 tags, one per token.
    pub tags: Vec<Iob>,
}

/// A labelled document: its sentences.
pub type LabeledDoc = Vec<LabeledSentence>;

/// Decodes bytes as UTF-8 with an error that names the line of the first bad byte.
pub fn utf8(bytes: &[u8], what: &str) -> Result<String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let off = e.valid_up_to();
            let line = bytes[..off].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(Error::InvalidInput(format!(
                "{what}: invalid UTF-8 at byte {off} (line {line})"
            )))
        }
    }
}

fn columns(line: &str) -> Vec<&str> {
    if line.contains('\t') {
        line.split('\t')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect()
    } else {
        line.split_whitespace().collect()
    }
}

fn is_docstart(first: &str) -> bool {
    first == "-DOCSTART-"
}

/// Parses unlabelled CoNLL input: the first column of each line is the token.
pub fn read_items(text: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    for line in text.lines() {
        let cols = columns(line);
        match cols.first() {
            None => {
                if !cur.is_empty() {
                    items.push(Item::Sentence(std::mem::take(&mut cur)));
                }
            }
            Some(first) if is_docstart(first) => {
                if !cur.is_empty() {
                    items.push(Item::Sentence(std::mem::take(&mut cur)));
                }
                items.push(Item::DocStart(
                    line.trim_end_matches(['\r', '\n']).to_string(),
                ));
            }
            Some(first) => cur.push((*first).to_string()),
        }
    }
    if !cur.is_empty() {
        items.push(Item::Sentence(cur));
    }
    items
}

/// Groups items into documents (a `-DOCSTART-` starts a new one); returns for each
/// document the indices of its sentence items.
pub fn documents(items: &[Item]) -> Vec<Vec<usize>> {
    let mut docs: Vec<Vec<usize>> = vec![Vec::new()];
    for (i, it) in items.iter().enumerate() {
        match it {
            Item::DocStart(_) => {
                if !docs.last().is_some_and(|d| d.is_empty()) {
                    docs.push(Vec::new());
                }
            }
            Item::Sentence(_) => docs.last_mut().expect("non-empty").push(i),
        }
    }
    docs.retain(|d| !d.is_empty());
    docs
}

/// Turns a tag sequence into valid IOB2 (IOB1 input included): an `I-X` that does not follow
/// `B-X`/`I-X` becomes `B-X`.
pub fn repair_iob2(tags: &mut [Iob]) {
    let mut prev = Iob::O;
    for t in tags.iter_mut() {
        if let Iob::I(l) = *t {
            match prev {
                Iob::B(p) | Iob::I(p) if p == l => {}
                _ => *t = Iob::B(l),
            }
        }
        prev = *t;
    }
}

/// Parses labelled CoNLL data: token in the first column, tag in the last. Tags may be IOB1
/// or IOB2 (converted to IOB2). `-DOCSTART-` lines split documents.
pub fn read_labeled(text: &str, what: &str) -> Result<Vec<LabeledDoc>> {
    let mut docs: Vec<LabeledDoc> = vec![Vec::new()];
    let mut cur = LabeledSentence::default();
    let flush = |cur: &mut LabeledSentence, docs: &mut Vec<LabeledDoc>| {
        if !cur.tokens.is_empty() {
            repair_iob2(&mut cur.tags);
            docs.last_mut()
                .expect("non-empty")
                .push(std::mem::take(cur));
        }
    };
    for (ln, line) in text.lines().enumerate() {
        let cols = columns(line);
        match cols.first() {
            None => flush(&mut cur, &mut docs),
            Some(first) if is_docstart(first) => {
                flush(&mut cur, &mut docs);
                if !docs.last().is_some_and(|d| d.is_empty()) {
                    docs.push(Vec::new());
                }
            }
            Some(first) => {
                if cols.len() < 2 {
                    return Err(Error::Data(format!(
                        "{what}:{}: expected `token<TAB>tag`, got {line:?}",
                        ln + 1
                    )));
                }
                let tag: Iob = cols[cols.len() - 1]
                    .parse()
                    .map_err(|e| Error::Data(format!("{what}:{}: {e}", ln + 1)))?;
                cur.tokens.push((*first).to_string());
                cur.tags.push(tag);
            }
        }
    }
    flush(&mut cur, &mut docs);
    docs.retain(|d| !d.is_empty());
    Ok(docs)
}

/// Reads a labelled file from disk (gzip-compressed when its name ends in `.gz`).
pub fn read_labeled_file(path: &std::path::Path) -> Result<Vec<LabeledDoc>> {
    let what = path.display().to_string();
    let mut bytes = std::fs::read(path).map_err(|e| Error::io(&what, e))?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&bytes[..]), &mut out)
            .map_err(|e| Error::io(&what, e))?;
        bytes = out;
    }
    read_labeled(&utf8(&bytes, &what)?, &what)
}

/// Writes tagged items: `-DOCSTART-` lines verbatim (followed by a blank line), then
/// `token<TAB>tag` lines with a blank line after each sentence. `tags[i]` belongs to
/// `items[i]` (ignored for doc starts).
pub fn write_tagged<W: Write>(
    out: &mut W,
    items: &[Item],
    tags: &[Vec<Iob>],
) -> std::io::Result<()> {
    for (it, t) in items.iter().zip(tags) {
        match it {
            Item::DocStart(line) => writeln!(out, "{line}\n")?,
            Item::Sentence(toks) => {
                for (tok, tag) in toks.iter().zip(t) {
                    writeln!(out, "{tok}\t{tag}")?;
                }
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::EntityLabel::*;

    #[test]
    fn items_and_docs() {
        let t = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects x\n\nPeter\tB-PER\n-DOCSTART- -X- O\n\nHi\n";
        let items = read_items(t);
        assert_eq!(items.len(), 5);
        assert_eq!(items[0], Item::DocStart("-DOCSTART- -X- -X- O".into()));
        assert_eq!(
            items[1],
            Item::Sentence(vec!["EU".into(), "rejects".into()])
        );
        assert_eq!(documents(&items), vec![vec![1, 2], vec![4]]);
    }

    #[test]
    fn labeled_iob1_to_iob2() {
        let t = "-DOCSTART- -X- -X- O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\nA x x I-PER\nB x x B-PER\n";
        let docs = read_labeled(t, "t").unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(
            docs[0][0].tags,
            vec![Iob::B(ORG), Iob::O, Iob::B(MISC), Iob::B(PER), Iob::B(PER)]
        );
        assert!(read_labeled("tok\n", "t").is_err());
        assert!(read_labeled("tok X-FOO\n", "t").is_err());
    }

    #[test]
    fn bad_utf8_is_error() {
        let e = utf8(b"ok\n\xff\xfe\n", "in").unwrap_err();
        assert!(e.to_string().contains("line 2"));
    }
}
