//! The word table of language identification: the most frequent words of ~50 languages
//! (`models/langid-words.tsv.gz`, built by `bench/langid_words.py`) and the log-likelihood of
//! a text's words under each language. Knows nothing of the n-gram model it is added to.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

/// The table file: per language `#code<TAB>tokens<TAB>types`, then `word<TAB>count` lines.
const TABLE: &[u8] = include_bytes!("../../models/langid-words.tsv.gz");

/// Additive smoothing of the word counts (chosen on SIB-200 dev with the lingua dev lines).
const SMOOTHING: f64 = 0.1;

/// Word log-probabilities per language.
pub(crate) struct WordTable {
    /// Language code → index into `unseen`.
    index: HashMap<String, usize>,
    /// log P(a word outside the table | language).
    unseen: Vec<f32>,
    /// Word → (language index, log P(word | language) − unseen of that language).
    words: HashMap<String, Vec<(u8, f32)>>,
    /// The log-probability of every word in a language without a table: the median of
    /// `unseen`, so that such a language is neither favoured nor ruled out.
    untabled: f32,
}

impl WordTable {
    /// The built-in table, parsed on first use; `None` if it cannot be read.
    pub(crate) fn builtin() -> Option<&'static WordTable> {
        static TABLE_CELL: OnceLock<Option<WordTable>> = OnceLock::new();
        TABLE_CELL.get_or_init(|| Self::parse(TABLE)).as_ref()
    }

    fn parse(gz: &[u8]) -> Option<WordTable> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(gz)
            .read_to_string(&mut text)
            .ok()?;
        let mut index = HashMap::new();
        let mut unseen = Vec::new();
        let mut words: HashMap<String, Vec<(u8, f32)>> = HashMap::new();
        for line in text.lines() {
            let mut cols = line.split('\t');
            let (first, a, b) = (cols.next()?, cols.next()?, cols.next());
            if let Some(code) = first.strip_prefix('#') {
                let tokens: f64 = a.parse().ok()?;
                let types: f64 = b?.parse().ok()?;
                index.insert(code.to_string(), unseen.len());
                unseen.push((SMOOTHING / (tokens + SMOOTHING * types)).ln() as f32);
            } else {
                let lang = u8::try_from(unseen.len().checked_sub(1)?).ok()?;
                let count: f64 = a.parse().ok()?;
                let gain = ((count + SMOOTHING) / SMOOTHING).ln() as f32;
                words
                    .entry(first.to_string())
                    .or_default()
                    .push((lang, gain));
            }
        }
        let mut sorted = unseen.clone();
        sorted.sort_by(f32::total_cmp);
        let untabled = *sorted.get(sorted.len() / 2)?;
        Some(WordTable {
            index,
            unseen,
            words,
            untabled,
        })
    }

    /// The table index of a language code, `None` for a language without a table.
    pub(crate) fn language(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// Log-likelihood of the words of `text` (runs of letters, lowercased) under every
    /// language of the table, and under a language without a table (the last entry).
    pub(crate) fn scores(&self, text: &str) -> Vec<f32> {
        let mut n = 0usize;
        let mut gains = vec![0f32; self.unseen.len()];
        let mut word = String::new();
        let mut flush = |word: &mut String, gains: &mut [f32]| {
            if word.is_empty() {
                return;
            }
            n += 1;
            if let Some(entries) = self.words.get(word.as_str()) {
                for &(lang, gain) in entries {
                    gains[lang as usize] += gain;
                }
            }
            word.clear();
        };
        for c in text.chars() {
            if c.is_alphabetic() {
                word.extend(c.to_lowercase());
            } else {
                flush(&mut word, &mut gains);
            }
        }
        flush(&mut word, &mut gains);
        let n = n as f32;
        let mut out: Vec<f32> = gains
            .iter()
            .zip(&self.unseen)
            .map(|(gain, unseen)| gain + n * unseen)
            .collect();
        out.push(n * self.untabled);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_table_loads_and_knows_function_words() {
        let table = WordTable::builtin().expect("table");
        let da = table.language("da").unwrap();
        let nb = table.language("nb").unwrap();
        let s = table.scores("hvis du ikke har noget efter");
        assert!(s[da] > s[nb], "{} {}", s[da], s[nb]);
        let s = table.scores("hvis du ikke har noe etter");
        assert!(s[nb] > s[da]);
        assert!(table.language("xx").is_none());
        assert_eq!(table.scores("").iter().filter(|&&x| x != 0.0).count(), 0);
    }
}
