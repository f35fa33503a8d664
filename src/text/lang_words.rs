//! The word table of language identification: the most frequent words of ~50 languages and
//! the word endings of their other words (`models/langid-words.tsv.gz`,
//! `models/langid-suffixes.tsv.gz`, built by `bench/langid_words.py`) and the log-likelihood
//! of a text's words under each language. Knows nothing of the n-gram model it is added to.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

/// The table file: per language `#code<TAB>tokens<TAB>types`, then `word<TAB>count` lines.
const TABLE: &[u8] = include_bytes!("../../models/langid-words.tsv.gz");

/// The ending table: per language `#code<TAB>tokens<TAB>types` of the words outside its word
/// table, then `ending<TAB>count` lines (the last [`ENDING`] letters of such a word, or `^`
/// and the whole word when it is not longer).
const ENDINGS: &[u8] = include_bytes!("../../models/langid-suffixes.tsv.gz");

/// Letters of a word's ending (chosen on dev: 3 before 4 and 2, and before all three together).
const ENDING: usize = 3;

/// Additive smoothing of the word and ending counts (chosen on SIB-200 dev with the lingua
/// dev lines).
const SMOOTHING: f64 = 0.1;

/// The log-probability of the letters of a word before its ending, the same in every language:
/// a word outside a language's table costs its share of words outside the table, its ending's
/// probability among those and this (chosen on dev: 7, 8 (shipped), 11; see
/// `models/langid-words.md`).
const STEM_COST: f64 = 8.0;

/// Words with at least this count in some table are words, not names, when capitalized.
const COMMON: f64 = 3.0;

/// Word log-probabilities per language.
pub(crate) struct WordTable {
    /// Language code → index into `unseen`.
    index: HashMap<String, usize>,
    /// log P(a given word outside the table | language), before its ending's probability.
    unseen: Vec<f32>,
    /// Word → (language index, log P(word | language) − unseen of that language).
    words: HashMap<String, Vec<(u8, f32)>>,
    /// The log-probability of every word in a language without a table: the median of
    /// `unseen`, so that such a language is neither favoured nor ruled out.
    untabled: f32,
    /// Words counted at least [`COMMON`] times in some language's text.
    common: std::collections::HashSet<String>,
    /// The ending tables (same languages, same order); `None` for the ending table itself.
    endings: Option<Box<WordTable>>,
}

impl WordTable {
    /// The built-in table, parsed on first use; `None` if it cannot be read.
    pub(crate) fn builtin() -> Option<&'static WordTable> {
        static TABLE_CELL: OnceLock<Option<WordTable>> = OnceLock::new();
        TABLE_CELL
            .get_or_init(|| {
                let mut words = Self::parse(TABLE, true)?;
                let endings = Self::parse(ENDINGS, false)?;
                // both files list the same languages in the same order
                let same = endings.index.len() == words.index.len()
                    && endings
                        .index
                        .iter()
                        .all(|(c, i)| words.index.get(c) == Some(i));
                words.endings = same.then(|| Box::new(endings));
                Some(words)
            })
            .as_ref()
    }

    /// Whether `word` (lowercase) is a common word of some language.
    pub(crate) fn is_common(&self, word: &str) -> bool {
        self.common.contains(word)
    }

    /// Parses a table. `words`: a word table, whose unseen words cost the language's share
    /// of words outside its table and [`STEM_COST`]; otherwise an ending table, smoothed.
    fn parse(gz: &[u8], words_table: bool) -> Option<WordTable> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(gz)
            .read_to_string(&mut text)
            .ok()?;
        let mut index = HashMap::new();
        // per language: tokens, types, tokens of the listed words
        let mut totals: Vec<(f64, f64, f64)> = Vec::new();
        let mut listed: Vec<(u8, &str, f64)> = Vec::new();
        for line in text.lines() {
            let mut cols = line.split('\t');
            let (first, a, b) = (cols.next()?, cols.next()?, cols.next());
            if let Some(code) = first.strip_prefix('#') {
                let tokens: f64 = a.parse().ok()?;
                let types: f64 = b?.parse().ok()?;
                index.insert(code.to_string(), totals.len());
                totals.push((tokens, types, 0.0));
            } else {
                let lang = u8::try_from(totals.len().checked_sub(1)?).ok()?;
                let count: f64 = a.parse().ok()?;
                totals[lang as usize].2 += count;
                listed.push((lang, first, count));
            }
        }
        let denominators: Vec<f64> = totals
            .iter()
            .map(|&(tokens, types, _)| (tokens + SMOOTHING * types).max(1.0))
            .collect();
        let unseen: Vec<f32> = totals
            .iter()
            .zip(&denominators)
            .map(|(&(tokens, _, top), d)| {
                if words_table {
                    (((tokens - top).max(0.0) + 1.0) / (tokens + 1.0)).ln() - STEM_COST
                } else {
                    (SMOOTHING / d).ln()
                }
            })
            .map(|x| x as f32)
            .collect();
        let mut words: HashMap<String, Vec<(u8, f32)>> = HashMap::new();
        let mut common = std::collections::HashSet::new();
        for (lang, word, count) in listed {
            let l = lang as usize;
            let log_p = ((count + SMOOTHING) / denominators[l]).ln() as f32;
            if count >= COMMON {
                common.insert(word.to_string());
            }
            words
                .entry(word.to_string())
                .or_default()
                .push((lang, log_p - unseen[l]));
        }
        let mut sorted = unseen.clone();
        sorted.sort_by(f32::total_cmp);
        let untabled = *sorted.get(sorted.len() / 2)?;
        Some(WordTable {
            index,
            unseen,
            words,
            untabled,
            common,
            endings: None,
        })
    }

    /// The table index of a language code, `None` for a language without a table.
    pub(crate) fn language(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// Log-likelihood of the words of `text` (runs of letters, lowercased) under every
    /// language of the table, and under a language without a table (the last entry). A word
    /// outside a language's table adds the log-probability of its ending there.
    pub(crate) fn scores(&self, text: &str) -> Vec<f32> {
        let langs = self.unseen.len();
        let mut out = vec![0f32; langs + 1];
        let mut listed = vec![false; langs];
        let mut ending = vec![0f32; langs];
        let mut word = String::new();
        let mut flush = |word: &mut String, out: &mut [f32]| {
            if word.is_empty() {
                return;
            }
            listed.iter_mut().for_each(|x| *x = false);
            if let Some(entries) = self.words.get(word.as_str()) {
                for &(lang, gain) in entries {
                    out[lang as usize] += gain;
                    listed[lang as usize] = true;
                }
            }
            for (o, u) in out.iter_mut().zip(&self.unseen) {
                *o += u;
            }
            out[langs] += self.untabled;
            if let Some(endings) = &self.endings {
                endings.ending_log_p(word, &mut ending);
                for ((o, e), l) in out.iter_mut().zip(&ending).zip(&listed) {
                    if !l {
                        *o += e;
                    }
                }
                // a language without a table: the median ending log-probability
                ending.sort_by(f32::total_cmp);
                out[langs] += ending[langs / 2];
            }
            word.clear();
        };
        for c in text.chars() {
            if c.is_alphabetic() {
                word.extend(c.to_lowercase());
            } else {
                flush(&mut word, &mut out);
            }
        }
        flush(&mut word, &mut out);
        out
    }

    /// The log-probability of `word`'s ending under each language of this ending table.
    fn ending_log_p(&self, word: &str, out: &mut [f32]) {
        out.copy_from_slice(&self.unseen);
        let cut = word
            .char_indices()
            .rev()
            .nth(ENDING)
            .map(|(i, c)| i + c.len_utf8());
        let entries = match cut {
            Some(i) => self.words.get(&word[i..]),
            None => self.words.get(format!("^{word}").as_str()),
        };
        for &(lang, gain) in entries.into_iter().flatten() {
            out[lang as usize] += gain;
        }
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
        // words outside the tables are weighed by their endings: "-ted" is English
        assert!(table.endings.is_some());
        let en = table.language("en").unwrap();
        let et = table.language("et").unwrap();
        let s = table.scores("visited");
        assert!(s[en] > s[et], "{} {}", s[en], s[et]);
        assert!(table.is_common("der") && !table.is_common("angela"));
    }
}
