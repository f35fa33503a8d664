//! Text preparation: normalization, boilerplate removal, HTML extraction, language
//! identification, sentence segmentation and tokenization with exact byte offsets.
//! It produces [`Prepared`] for the later stages and knows no model, entity or topic.

pub mod abbreviations;
mod clean;
mod html;
mod lang;
mod lang_words;
pub mod lexicon;
mod normalize;
mod sentences;
mod tokenize;

pub use clean::{clean_pasted, Cleaned};
pub use html::{extract_article, Article};
pub use lang::{detect_language, Language, LOW_CONFIDENCE, UNDETERMINED};
pub use normalize::normalize;
pub use sentences::{sentences_from_tokens, split_sentences};
pub use tokenize::{period_is_boundary, tokenize, tokenize_lang};

use crate::error::{Error, Result};
use crate::types::Span;
use std::ops::Range;

/// How to read the input of [`prepare`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// Plain text, possibly pasted from a web page (boilerplate is removed when cleaning).
    #[default]
    Text,
    /// An HTML page: the article is extracted first.
    Html,
}

/// A document ready for the models: clean story text with sentences and tokens.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// Headline, when one was found.
    pub title: Option<String>,
    /// The story text; all spans refer to it.
    pub text: String,
    /// Detected or given language.
    pub language: Language,
    /// Tokens (byte spans in `text`).
    pub tokens: Vec<Span>,
    /// Sentences as ranges of token indices.
    pub sentence_tokens: Vec<Range<usize>>,
    /// Sentences as byte spans in `text`.
    pub sentences: Vec<Span>,
}

impl Prepared {
    /// The token texts of each sentence (slices of [`Prepared::text`]), the input of
    /// [`crate::ner::NerModel::tag_document`].
    pub fn sentence_words(&self) -> Vec<Vec<&str>> {
        self.sentence_tokens
            .iter()
            .map(|r| {
                self.tokens[r.clone()]
                    .iter()
                    .map(|t| &self.text[t.start..t.end])
                    .collect()
            })
            .collect()
    }
}

/// Prepares raw input: normalizes it, extracts the article from HTML, removes page
/// boilerplate (when `clean`), identifies the language (unless `language` is given),
/// splits sentences and tokenizes.
///
/// Errors with [`Error::EmptyInput`] when no text is left.
pub fn prepare(
    raw: &str,
    format: InputFormat,
    clean: bool,
    language: Option<&str>,
) -> Result<Prepared> {
    let (mut title, body) = match format {
        InputFormat::Html => {
            let a = extract_article(raw)?;
            (a.title, normalize(&a.text))
        }
        InputFormat::Text => (None, normalize(raw)),
    };
    if body.trim().is_empty() {
        return Err(Error::EmptyInput);
    }
    let first_guess = match language {
        Some(l) => Language {
            code: l.to_string(),
            confidence: 1.0,
        },
        None => detect_language(&body).unwrap_or(Language {
            code: lang::UNDETERMINED.into(),
            confidence: 0.0,
        }),
    };
    // `unchanged`: language id would see the same sample again (and give the same answer)
    let (text, unchanged) = if clean {
        let c = clean_pasted(&body, &first_guess.code);
        if title.is_none() {
            title = c.title;
        }
        let unchanged = lang::sample(&c.text) == lang::sample(&body);
        (c.text, unchanged)
    } else {
        (body, true)
    };
    if text.trim().is_empty() {
        return Err(Error::EmptyInput);
    }
    let language = match language {
        Some(_) => first_guess,
        // cleaning left what language id looks at unchanged: the same answer again
        None if unchanged => first_guess,
        None => match detect_language(&text) {
            Some(l) if l.confidence >= first_guess.confidence || l.code == first_guess.code => l,
            _ => first_guess,
        },
    };
    let tokens = tokenize_lang(&text, &language.code);
    let sentence_tokens = sentences_from_tokens(&text, &tokens, &language.code);
    let sentences = sentence_tokens
        .iter()
        .map(|r| Span {
            start: tokens[r.start].start,
            end: tokens[r.end - 1].end,
        })
        .collect();
    Ok(Prepared {
        title,
        text,
        language,
        tokens,
        sentence_tokens,
        sentences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepare_plain_sentence() {
        let p = prepare(
            "Angela Merkel visited Paris. She met Macron.",
            InputFormat::Text,
            true,
            None,
        )
        .unwrap();
        assert_eq!(p.language.code, "en");
        assert_eq!(p.sentences.len(), 2);
        assert_eq!(&p.text[p.tokens[0].start..p.tokens[0].end], "Angela");
    }

    #[test]
    fn empty_inputs_are_errors() {
        for t in ["", "   \n\t ", "\0\0\u{feff}"] {
            assert!(matches!(
                prepare(t, InputFormat::Text, true, None),
                Err(Error::EmptyInput)
            ));
        }
    }
}
