//! Text preparation: normalization, boilerplate removal, HTML extraction, language
//! identification, sentence segmentation and tokenization with exact byte offsets.
//! It produces [`Prepared`] for the later stages and knows no model, entity or topic.

pub mod abbreviations;
mod clean;
mod declared;
pub mod encoding;
mod html;
mod lang;
mod lang_words;
pub mod lexicon;
pub mod metadata;
mod normalize;
mod page;
pub mod render;
mod sentences;
mod tokenize;
mod web;

pub use clean::{clean_pasted, Cleaned};
pub use declared::Declared;
pub use html::{extract_article, read_page, Article, Page};
pub use lang::{detect_language, Language, LOW_CONFIDENCE, UNDETERMINED};
pub use normalize::normalize;
pub use page::PageBlock;
pub use sentences::{sentences_from_tokens, split_sentences};
pub use tokenize::{period_is_boundary, tokenize, tokenize_lang};
pub use web::Piece;

use crate::error::{Error, Result};
use crate::types::{Block, Span};
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

impl InputFormat {
    /// [`InputFormat::Html`] when `html`, else [`InputFormat::Text`].
    pub fn html(html: bool) -> InputFormat {
        if html {
            InputFormat::Html
        } else {
            InputFormat::Text
        }
    }
}

/// A document ready for the models: clean story text with sentences and tokens.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// Headline, when one was found.
    pub title: Option<String>,
    /// What an HTML page says about itself; `None` for plain text.
    pub metadata: Option<crate::types::Metadata>,
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
    /// Where the paragraphs of `text` came from in the page (HTML input only).
    pub blocks: Option<Vec<Block>>,
    /// What the caller should know about how the text was read (the page's declared
    /// article standing in for the extractor's text, [`Declared::warning`]).
    pub warnings: Vec<String>,
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
    let mut warnings = Vec::new();
    let (mut title, body, metadata, blocks) = match format {
        InputFormat::Html => {
            // one parse of the page for its blocks and its metadata (deep pages read their
            // own way in both)
            let doc = (html::nesting_depth(raw) <= html::MAX_HTML_DEPTH)
                .then(|| dom_query::Document::from(raw));
            let page = html::read_page_parsed(raw, doc.as_ref())?;
            let meta = doc
                .as_ref()
                .map_or_else(|| metadata::extract_metadata(raw), metadata::metadata_of);
            let (text, blocks) = page_text(&page, clean);
            let superseded = page
                .pieces
                .iter()
                .any(|p| p.dropped == Some(html::SUPERSEDED));
            warnings.extend(page.declared.map(|d| d.warning(superseded)));
            (
                meta.title.clone().or(page.title),
                text,
                Some(meta),
                Some(blocks),
            )
        }
        InputFormat::Text => (None, normalize(raw), None, None),
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
    // HTML was cleaned block by block already (`read_page`)
    let (text, unchanged) = if clean && blocks.is_none() {
        let c = clean_pasted(&body, &first_guess.code);
        if title.is_none() {
            title = c.title;
        }
        if c.furniture_only {
            warnings.push(FURNITURE_ONLY.to_string());
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
        metadata,
        text,
        language,
        tokens,
        sentence_tokens,
        sentences,
        blocks,
        warnings,
    })
}

/// The warning of a text in which cleaning found no story, only page furniture (kept).
pub const FURNITURE_ONLY: &str = "no story found: every line looks like page furniture (menus, \
     breadcrumbs, buttons, counters); the results describe that text";

/// The text of a page's article (its kept paragraphs, normalized, blank lines between;
/// every paragraph with `clean` off) and where each paragraph came from.
fn page_text(page: &Page, clean: bool) -> (String, Vec<Block>) {
    let mut text = String::new();
    let mut blocks = Vec::with_capacity(page.pieces.len());
    for p in &page.pieces {
        let path = p.block.map(|b| page.blocks[b].path.clone());
        let para = normalize(&p.text);
        let para = para.trim();
        match p.dropped {
            // a superseded paragraph is in the declared article that follows; text not on
            // the page is no text of the page's, cleaned or not
            Some(reason) if clean || reason == html::SUPERSEDED || reason == web::NOT_ON_PAGE => {
                blocks.push(Block {
                    span: None,
                    path,
                    dropped: Some(reason.to_string()),
                    text: Some(para.to_string()),
                })
            }
            _ if para.is_empty() => {}
            _ => {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                let start = text.len();
                text.push_str(para);
                blocks.push(Block {
                    span: Some(Span {
                        start,
                        end: text.len(),
                    }),
                    path,
                    dropped: None,
                    text: None,
                });
            }
        }
    }
    (text, blocks)
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
    fn html_paragraphs_point_back_to_the_page() {
        let html = "<html><body><article><p>Angela Merkel besuchte am Montag Paris und traf dort \
            den Präsidenten zu langen Gesprächen über Europa.</p><p>Die beiden sprachen auch über \
            die Lage in der Ukraine und über neue Hilfen für das Land.</p>\
            <p>Teilen</p></article></body></html>";
        for clean in [true, false] {
            let p = prepare(html, InputFormat::Html, clean, None).unwrap();
            let blocks = p.blocks.as_ref().unwrap();
            let kept: Vec<_> = blocks.iter().filter_map(|b| b.span).collect();
            assert!(kept.len() >= 2, "{blocks:?}");
            assert!(p.text[kept[0].start..kept[0].end].starts_with("Angela Merkel"));
            assert_eq!(blocks[0].path.as_deref(), Some("html/body/article/p"));
            assert_eq!(p.text.contains("Teilen"), !clean, "{}", p.text);
        }
        let plain = prepare(
            "Angela Merkel besuchte Paris.",
            InputFormat::Text,
            true,
            None,
        );
        assert!(plain.unwrap().blocks.is_none());
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
