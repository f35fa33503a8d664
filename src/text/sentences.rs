//! Sentence segmentation for news text.
//! Sentence spans over the tokens; it must not change the text or its offsets.
//!
//! Works on the tokens of [`super::tokenize`]: a sentence ends after `.`, `!`, `?`, `…`
//! (plus closing quotes and brackets) when the next token starts a new sentence, and at
//! every line break (headlines and list items rarely end with a full stop). Periods of
//! abbreviations, initials and ordinals stay inside their token and so never split.

use super::tokenize::{period_is_boundary, tokenize_lang};
use crate::types::Span;

fn is_closing(tok: &str) -> bool {
    matches!(
        tok,
        ")" | "]" | "}" | "\"" | "'" | "“" | "”" | "’" | "»" | "«" | "‘"
    )
}

fn is_terminal(tok: &str) -> bool {
    matches!(tok, "." | "!" | "?" | "…" | "..." | "?!" | "!?")
}

/// Splits `text` into sentences (byte spans, trimmed of surrounding whitespace).
pub fn split_sentences(text: &str, lang: &str) -> Vec<Span> {
    let tokens = tokenize_lang(text, lang);
    sentences_from_tokens(text, &tokens, lang)
        .into_iter()
        .map(|r| span_of(&tokens, r))
        .collect()
}

fn span_of(tokens: &[Span], r: std::ops::Range<usize>) -> Span {
    Span {
        start: tokens[r.start].start,
        end: tokens[r.end - 1].end,
    }
}

/// Groups tokens into sentences; returns token index ranges.
pub fn sentences_from_tokens(
    text: &str,
    tokens: &[Span],
    lang: &str,
) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let tok = |i: usize| &text[tokens[i].start..tokens[i].end];
    let mut i = 0;
    while i < tokens.len() {
        let mut end_here = false;
        let mut last = i;
        if is_terminal(tok(i)) {
            // absorb further terminal punctuation and closing quotes/brackets
            while last + 1 < tokens.len()
                && (is_closing(tok(last + 1)) || is_terminal(tok(last + 1)))
                && tokens[last].end == tokens[last + 1].start
            {
                last += 1;
            }
            match tokens.get(last + 1) {
                None => end_here = true,
                Some(next) => {
                    let next_tok = &text[next.start..next.end];
                    let first = next_tok.chars().next().unwrap_or(' ');
                    let starts_new = first.is_uppercase()
                        || first.is_ascii_digit()
                        || matches!(
                            first,
                            '„' | '"'
                                | '“'
                                | '«'
                                | '»'
                                | '('
                                | '‚'
                                | '\''
                                | '-'
                                | '–'
                                | '—'
                                | '•'
                                | '¿'
                                | '¡'
                        );
                    end_here = starts_new;
                    if tok(i) == "." && i > 0 && tokens[i - 1].end == tokens[i].start {
                        // a split-off period: ask the shared rule with the word before it
                        let prev = tok(i - 1);
                        if !period_is_boundary(prev, Some(next_tok), lang)
                            && prev.chars().any(char::is_alphabetic)
                        {
                            end_here = false;
                        }
                    }
                }
            }
        }
        if !end_here {
            if let Some(next) = tokens.get(last + 1) {
                if has_newline(text, tokens[last].end, next.start) {
                    end_here = true;
                }
            }
        }
        if end_here {
            out.push(start..last + 1);
            start = last + 1;
        }
        i = last + 1;
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

fn has_newline(text: &str, a: usize, b: usize) -> bool {
    text[a..b].contains('\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
        split_sentences(text, lang)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn german() {
        let t = "Am 9. April trafen sich Dr. Müller und Herr Rutte, z. B. in Tokio. Er sagte: „Wir begrüßen das.“ Herr Ishiba erklärte, es gehe um die 3. Phase.\nNeue Überschrift ohne Punkt\nDie Zahl stieg auf 100. Danach fiel sie.";
        assert_eq!(
            sents(t, "de"),
            vec![
                "Am 9. April trafen sich Dr. Müller und Herr Rutte, z. B. in Tokio.",
                "Er sagte: „Wir begrüßen das.“",
                "Herr Ishiba erklärte, es gehe um die 3. Phase.",
                "Neue Überschrift ohne Punkt",
                "Die Zahl stieg auf 100.",
                "Danach fiel sie."
            ]
        );
    }

    #[test]
    fn english() {
        let t = "Mr. J. R. Smith of Acme Inc. arrived at 5 p.m. on Monday. \"It's over!\" he said. The U.S. Army agreed... Talks went on (for hours). Done";
        assert_eq!(
            sents(t, "en"),
            vec![
                "Mr. J. R. Smith of Acme Inc. arrived at 5 p.m. on Monday.",
                "\"It's over!\" he said.",
                "The U.S. Army agreed...",
                "Talks went on (for hours).",
                "Done"
            ]
        );
    }

    #[test]
    fn other_languages() {
        let cases: &[(&str, &str, usize)] = &[
            (
                "fr",
                "M. Dupont et Mme Martin sont arrivés, p.ex. à Paris. Ils sont partis.",
                2,
            ),
            (
                "es",
                "La Sra. García y el Dr. López llegaron. ¿Quién lo sabía? Nadie.",
                3,
            ),
            (
                "it",
                "Il dott. Rossi ha visto il Sig. Bianchi, ecc. Poi è partito.",
                2,
            ),
            (
                "pt",
                "O Sr. Silva e a Sra. Costa chegaram ao art. 5. Depois saíram.",
                2,
            ),
            (
                "nl",
                "Dhr. Jansen kwam o.a. uit Utrecht, enz. Daarna ging hij weg.",
                2,
            ),
            (
                "pl",
                "Mieszka przy ul. Długiej, np. od 1998 r. Nie wrócił itd. Koniec.",
                3,
            ),
            ("pl", "Kosztowało to ok. 20 tys. zł. Rząd się zgodził.", 2),
            (
                "cs",
                "Přišel např. Ing. Novák, tzv. expert. Nevěděl co. Pak odešel.",
                3,
            ),
            (
                "sv",
                "Det gäller bl.a. Stockholm, t.ex. Södermalm m.m. Sedan åkte de.",
                2,
            ),
            (
                "da",
                "Han købte bl.a. æbler, f.eks. 3. maj. Det var godt.",
                2,
            ),
            (
                "nb",
                "Han bor i. Hvorfor spør du om det. Det vet jeg, jf. kap. 7 i boka.",
                3,
            ),
            (
                "fi",
                "Hän osti mm. omenoita, esim. 3. toukokuuta jne. Sitten hän lähti.",
                2,
            ),
        ];
        for &(lang, text, n) in cases {
            assert_eq!(
                sents(text, lang).len(),
                n,
                "{lang}: {:?}",
                sents(text, lang)
            );
        }
    }

    #[test]
    fn degenerate() {
        assert!(split_sentences("", "en").is_empty());
        assert!(split_sentences(" \n\n ", "de").is_empty());
        assert_eq!(sents("...", "en"), vec!["..."]);
        assert_eq!(sents("!!! ??? ...", "en").len(), 1);
    }
}
