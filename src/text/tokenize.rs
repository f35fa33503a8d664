//! Word tokenization with exact byte offsets.
//! Token spans only: it must not change the text, and sentences are [`super::sentences`]'.
//!
//! Whitespace-separated chunks are split into words and punctuation in the style of
//! the CoNLL/GermEval corpora: brackets, quotes and sentence punctuation become tokens
//! of their own, while abbreviations ("Dr.", "z.B.", "U.S."), initials ("J."), German
//! ordinals ("9. April"), numbers ("1.13", "10/04/2025") and hyphenated compounds
//! ("NATO-Generalsekretär") stay whole. English clitics ("'s", "n't") are split off
//! when the language is `en`.

use super::{abbreviations, lexicon};
use crate::types::Span;

fn is_leading_punct(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '"'
            | '\''
            | '„'
            | '“'
            | '”'
            | '‚'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '¿'
            | '¡'
            | '*'
            | '•'
            | '$'
            | '€'
            | '£'
            | '¥'
            | '#'
            | '@'
            | '<'
            | '>'
    )
}

fn is_trailing_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '"'
            | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '…'
            | '%'
            | '*'
            | '<'
            | '>'
    )
}

/// Whether a period after `core` ends a sentence, given the next word (if any).
///
/// Used by both the tokenizer (to keep the period on abbreviations and ordinals) and the
/// sentence splitter, so that the two always agree.
pub fn period_is_boundary(core: &str, next: Option<&str>, lang: &str) -> bool {
    if core.is_empty() {
        return true;
    }
    let next_first = next.and_then(|n| n.chars().find(|c| c.is_alphanumeric()));
    let next_lower = next_first.is_some_and(|c| c.is_lowercase());
    // Initials and abbreviations: "J.", "Dr.", "z.B.", "U.S."
    let mut chars = core.chars();
    let first = chars.next().unwrap_or(' ');
    let single_char = chars.next().is_none();
    // lowercase single letters are words outside English and German ("bor i.", "w.")
    let single_letter = single_char
        && first.is_alphabetic()
        && (first.is_uppercase()
            || abbreviations::uses_en_de(lang)
            || abbreviations::is_abbreviation(lang, core));
    let dotted = core.contains('.')
        && core
            .split('.')
            .all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic));
    if single_letter || abbreviations::is_abbreviation(lang, core) || dotted {
        // A dotted acronym at a sentence end is followed by a capitalized function word;
        // so are abbreviations that can end a sentence ("usw.", "etc.", "U.S.").
        let starter = next.is_some_and(|n| {
            n.chars().next().is_some_and(char::is_uppercase)
                && lexicon::is_sentence_starter(lang, n)
        });
        let capital_next = next.is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase));
        if capital_next && abbreviations::closes_list(lang, core) {
            return true;
        }
        if starter
            && ((dotted || !single_char && first.is_uppercase())
                && !abbreviations::is_abbreviation(lang, core)
                || abbreviations::can_end_sentence(lang, core))
        {
            return true;
        }
        return false;
    }
    if core.chars().all(|c| c.is_ascii_digit()) {
        let Some(n) = next else { return true };
        if next_lower
            || abbreviations::is_month(lang, n.trim_matches(|c: char| !c.is_alphanumeric()))
        {
            return false;
        }
        // German ordinals before capitalized nouns: "der 3. Weltkrieg", but not
        // "stieg auf 100. Die Regierung ...".
        if lang == "de" && core.len() <= 2 && next_first.is_some_and(char::is_uppercase) {
            return lexicon::is_stopword(lang, n);
        }
        return true;
    }
    // "etc. and", "ca. 5": a lowercase continuation means no sentence end.
    !next_lower
}

/// Tokenizes `text` with language-independent rules.
pub fn tokenize(text: &str) -> Vec<Span> {
    tokenize_lang(text, "")
}

/// Tokenizes `text` with the rules of `lang` (ISO 639-1 code, e.g. `"en"`, `"de"`).
pub fn tokenize_lang(text: &str, lang: &str) -> Vec<Span> {
    let chunks: Vec<(usize, &str)> = split_whitespace_indices(text).collect();
    let mut out = Vec::with_capacity(chunks.len() + chunks.len() / 4);
    for (i, &(start, chunk)) in chunks.iter().enumerate() {
        let next = chunks.get(i + 1).map(|(_, c)| {
            c.trim_start_matches(|ch: char| is_leading_punct(ch) && ch != '#' && ch != '@')
        });
        split_chunk(chunk, start, next, lang, &mut out);
    }
    out
}

fn split_whitespace_indices(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let rest = &text[pos..];
        let skip = rest.find(|c: char| !c.is_whitespace())?;
        let start = pos + skip;
        let len = text[start..]
            .find(char::is_whitespace)
            .unwrap_or(text.len() - start);
        pos = start + len;
        Some((start, &text[start..start + len]))
    })
}

fn split_chunk(chunk: &str, base: usize, next: Option<&str>, lang: &str, out: &mut Vec<Span>) {
    let mut lo = 0;
    let mut hi = chunk.len();
    // Leading punctuation, one token per char.
    let mut leading = Vec::new();
    for (i, c) in chunk.char_indices() {
        if is_leading_punct(c) && i + c.len_utf8() < hi {
            leading.push(Span {
                start: base + i,
                end: base + i + c.len_utf8(),
            });
            lo = i + c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, right to left.
    let mut trailing = Vec::new();
    loop {
        let core = &chunk[lo..hi];
        let Some(c) = core.chars().next_back() else {
            break;
        };
        if core.len() == c.len_utf8() {
            break; // one char left (checked in O(1): this loop runs per trailing char)
        }
        if core.ends_with("...") && core.len() > 3 {
            trailing.push(Span {
                start: base + hi - 3,
                end: base + hi,
            });
            hi -= 3;
            continue;
        }
        if !is_trailing_punct(c) {
            break;
        }
        if c == '.' {
            let without = &core[..core.len() - 1];
            let only_this = trailing.is_empty();
            if only_this && !period_is_boundary(without, next, lang) && !without.ends_with('.') {
                break;
            }
            if !only_this && !period_is_boundary(without, None, lang) {
                break;
            }
        }
        trailing.push(Span {
            start: base + hi - c.len_utf8(),
            end: base + hi,
        });
        hi -= c.len_utf8();
    }
    out.extend(leading);
    if lo < hi {
        split_core(&chunk[lo..hi], base + lo, lang, out);
    }
    out.extend(trailing.into_iter().rev());
}

/// English clitics split off a word ("n't" before "'s" etc., so "don't" → "do" "n't").
const CLITICS: &[&str] = &[
    "n't", "n’t", "'s", "’s", "'re", "'ll", "'ve", "'m", "'d", "’re", "’ll", "’ve",
];

/// Splits English clitics from a word core: "Japan's" → "Japan" "'s", "don't" → "do" "n't".
fn split_core(core: &str, base: usize, lang: &str, out: &mut Vec<Span>) {
    if lang == "en" {
        let lower = core.to_lowercase();
        let clitic = CLITICS
            .iter()
            .find(|c| lower.ends_with(*c) && core.len() > c.len());
        if let (true, Some(c)) = (lower.len() == core.len(), clitic) {
            let cut = base + core.len() - c.len();
            out.push(Span {
                start: base,
                end: cut,
            });
            out.push(Span {
                start: cut,
                end: base + core.len(),
            });
            return;
        }
    }
    out.push(Span {
        start: base,
        end: base + core.len(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
        tokenize_lang(text, lang)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn german_news() {
        assert_eq!(
            toks(
                "Am 9. April trafen sich Dr. Müller und Herr Rutte (NATO) in Tokio.",
                "de"
            ),
            vec![
                "Am", "9.", "April", "trafen", "sich", "Dr.", "Müller", "und", "Herr", "Rutte",
                "(", "NATO", ")", "in", "Tokio", "."
            ]
        );
        assert_eq!(
            toks(
                "„Eine stärkere NATO wird Japan helfen“, z.B. der NATO-Generalsekretär.",
                "de"
            ),
            vec![
                "„",
                "Eine",
                "stärkere",
                "NATO",
                "wird",
                "Japan",
                "helfen",
                "“",
                ",",
                "z.B.",
                "der",
                "NATO-Generalsekretär",
                "."
            ]
        );
        assert_eq!(
            toks("stieg auf 100. Die Zahl", "de"),
            vec!["stieg", "auf", "100", ".", "Die", "Zahl"]
        );
        assert_eq!(
            toks("der 3. Weltkrieg", "de"),
            vec!["der", "3.", "Weltkrieg"]
        );
    }

    #[test]
    fn english_news() {
        assert_eq!(
            toks("Japan's U.S. envoy didn't say \"no\"... He left.", "en"),
            vec![
                "Japan", "'s", "U.S.", "envoy", "did", "n't", "say", "\"", "no", "\"", "...", "He",
                "left", "."
            ]
        );
        assert_eq!(
            toks("profits rose 76% to $1.13bn.", "en"),
            vec!["profits", "rose", "76", "%", "to", "$", "1.13bn", "."]
        );
    }

    #[test]
    fn offsets_are_exact_on_odd_input() {
        for text in [
            "",
            "   ",
            "…",
            "ä.ö.",
            "(((",
            "a\u{301}b 😀!! «x»",
            "\0\u{200b}x",
            "'",
            ".",
            "...",
        ] {
            for s in tokenize_lang(text, "en") {
                assert!(s.start < s.end && s.end <= text.len());
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                assert!(
                    !text[s.start..s.end].trim().is_empty()
                        || text[s.start..s.end].contains('\0')
                        || text[s.start..s.end].contains('\u{200b}')
                );
            }
        }
    }
}
