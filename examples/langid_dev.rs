//! Language identification of many short texts at once, for choosing settings on dev sets:
//! reads `set<TAB>gold<TAB>text` lines on stdin, writes `set<TAB>gold<TAB>code<TAB>confidence`.
use std::io::{BufRead, Write};

fn main() -> std::io::Result<()> {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let line = line?;
        let mut cols = line.splitn(3, '\t');
        let (set, gold, text) = (cols.next(), cols.next(), cols.next());
        let (Some(set), Some(gold), Some(text)) = (set, gold, text) else {
            continue;
        };
        let (code, conf) = nutgraf::detect_language(text)
            .map_or(("und".to_string(), 0.0), |l| (l.code, l.confidence));
        writeln!(out, "{set}\t{gold}\t{code}\t{conf:.4}")?;
    }
    Ok(())
}
