//! The audit of an HTML page read for its article: every block of the page, kept or dropped
//! and why, in page order, as rows or as two columns of text (`nutgraf render`).
//! It reads no files and decides nothing: the verdicts are `read_page`'s.

use super::html::Page;

/// One block of a page and its verdict.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AuditRow {
    /// Element path of the block (`None` for extracted text not found among the blocks).
    pub path: Option<String>,
    /// The block's text.
    pub text: String,
    /// Whether the block is part of the article text.
    pub kept: bool,
    /// Why it is not: `not_extracted` (the article extractor left it out) or the reason
    /// cleaning dropped it (see [`crate::types::Block::dropped`]).
    pub reason: Option<String>,
}

/// Every block of the page in page order with its verdict; extracted text not found among
/// the blocks comes last.
pub fn audit(page: &Page) -> Vec<AuditRow> {
    let mut verdict: Vec<Option<Option<&'static str>>> = vec![None; page.blocks.len()];
    let mut unaligned = Vec::new();
    for p in &page.pieces {
        match p.block {
            Some(b) => {
                // a block kept in any of its pieces counts as kept
                verdict[b] = match verdict[b] {
                    Some(None) => Some(None),
                    _ => Some(p.dropped),
                };
            }
            None => unaligned.push(AuditRow {
                path: None,
                text: p.text.clone(),
                kept: p.dropped.is_none(),
                reason: p.dropped.map(str::to_string),
            }),
        }
    }
    let mut rows: Vec<AuditRow> = page
        .blocks
        .iter()
        .zip(verdict)
        .map(|(b, v)| AuditRow {
            path: Some(b.path.clone()),
            text: b.text.clone(),
            kept: v == Some(None),
            reason: match v {
                None => Some("not_extracted".to_string()),
                Some(r) => r.map(str::to_string),
            },
        })
        .collect();
    rows.extend(unaligned);
    rows
}

/// Greedy word wrap of `text` to lines of at most `width` characters (longer words are cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..width).collect());
        }
        let n = line.chars().count();
        if n > 0 && n + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.extend(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The audit as two columns of text, kept blocks left and dropped ones right (with the
/// reason in brackets), each `width` characters wide, in page order; with `paths`, each
/// block's element path above it.
pub fn side_by_side(rows: &[AuditRow], width: usize, paths: bool) -> String {
    let width = width.max(10);
    let mut out = format!("{:<width$} | DROPPED\n", "KEPT");
    out.push_str(&format!("{}-+-{}\n", "-".repeat(width), "-".repeat(width)));
    for r in rows {
        let mut lines = Vec::new();
        if paths {
            lines.push(format!("<{}>", r.path.as_deref().unwrap_or("?")));
        }
        let text = match &r.reason {
            Some(reason) if !r.kept => format!("[{reason}] {}", r.text),
            _ => r.text.clone(),
        };
        lines.push(text);
        for l in lines.iter().flat_map(|l| wrap(l, width)) {
            let pad = width - l.chars().count().min(width);
            if r.kept {
                out.push_str(&format!("{l}{} |\n", " ".repeat(pad)));
            } else {
                out.push_str(&format!("{} | {l}\n", " ".repeat(width)));
            }
        }
    }
    out
}

/// `nutgraf render`: reads the page and gives its audit in `view`: `columns`
/// ([`side_by_side`]), `paths` (the same with element paths) or `json` (JSON Lines).
pub fn render(html: &str, width: usize, view: &str) -> crate::error::Result<String> {
    let rows = audit(&super::html::read_page(html)?);
    Ok(if view == "json" {
        rows.iter()
            .map(|r| serde_json::to_string(r).expect("plain data serializes") + "\n")
            .collect()
    } else {
        side_by_side(&rows, width, view == "paths")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_and_cuts_long_ones() {
        assert_eq!(wrap("ab cd ef", 5), vec!["ab cd", "ef"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("", 3), vec![""]);
    }
}
