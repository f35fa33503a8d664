//! The article a page declares, for pages whose extracted text keeps nothing: the element it
//! marks `itemprop="articleBody"`, else the JSON-LD `articleBody` (or `HowTo` steps) of its main
//! entity. It reads only what the page marks as its article, never the page's text at large.

use super::metadata::jsonld::{article_body, script_blocks, BodySource};
use super::page::{blocks_of, element_path};
use dom_query::Document;

/// Where a declared article came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Declared {
    /// The page's element marked `itemprop="articleBody"` (microdata).
    Microdata,
    /// The `articleBody` of the page's JSON-LD article.
    JsonLdArticleBody,
    /// The description and steps of the page's JSON-LD `HowTo`.
    JsonLdHowTo,
}

impl Declared {
    /// The warning that says where the main text came from; `superseded`: the extractor kept
    /// some text, but far less than the declared article (else it kept none).
    pub fn warning(self, superseded: bool) -> String {
        let from = match self {
            Declared::Microdata => "the page's itemprop=\"articleBody\" element",
            Declared::JsonLdArticleBody => "the page's JSON-LD articleBody",
            Declared::JsonLdHowTo => "the page's JSON-LD HowTo steps",
        };
        let kept = if superseded { "far less" } else { "none" };
        format!("main text from {from}: the article extractor kept {kept}")
    }
}

/// The article text a page declares: its paragraphs, where they came from and, for an
/// element of the page, its element path.
#[derive(Clone, Debug)]
pub struct DeclaredText {
    /// The paragraphs, whitespace collapsed.
    pub paragraphs: Vec<String>,
    /// Where they came from.
    pub source: Declared,
    /// The element path ([`super::page::PageBlock::path`]) of the element holding them.
    pub element: Option<String>,
}

/// The paragraphs of the element a page marks `itemprop="articleBody"` (the one with the most
/// text when there are several), block elements starting new paragraphs; `None` when there is
/// none or it holds no text.
pub fn microdata_body(doc: &Document) -> Option<DeclaredText> {
    doc.select("[itemprop]")
        .nodes()
        .iter()
        .filter(|n| {
            n.attr("itemprop").is_some_and(|v| {
                v.split_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("articleBody"))
            })
        })
        .map(|n| (paragraphs_of(&n.html()), n))
        .filter(|(p, _)| !p.is_empty())
        .max_by_key(|(p, _)| p.iter().map(String::len).sum::<usize>())
        .map(|(paragraphs, n)| DeclaredText {
            paragraphs,
            source: Declared::Microdata,
            element: Some(element_path(n)),
        })
}

/// The paragraphs of the JSON-LD article text of a page ([`article_body`]): each part's HTML
/// read, block elements starting new paragraphs.
pub fn json_ld_article(doc: &Document) -> Option<DeclaredText> {
    let (parts, source) = article_body(&script_blocks(doc))?;
    let paragraphs: Vec<String> = parts.iter().flat_map(|p| paragraphs_of(p)).collect();
    let source = match source {
        BodySource::ArticleBody => Declared::JsonLdArticleBody,
        BodySource::HowToSteps => Declared::JsonLdHowTo,
    };
    (!paragraphs.is_empty()).then_some(DeclaredText {
        paragraphs,
        source,
        element: None,
    })
}

/// The paragraphs of an HTML fragment: its visible blocks (as the page's blocks are read,
/// [`blocks_of`]); in plain text (no `<`), its lines.
fn paragraphs_of(fragment: &str) -> Vec<String> {
    if fragment.contains('<') {
        blocks_of(&Document::from(fragment))
            .0
            .into_iter()
            .map(|b| b.text)
            .collect()
    } else {
        fragment
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn microdata_and_json_ld_bodies() {
        let doc = Document::from(
            r#"<html><body><div itemprop="articleBody"><p>Erster Absatz.</p><p>Zweiter
            <b>Absatz</b>.</p></div><span itemprop="articleBody"> </span>
            <script type="application/ld+json">{"@type":"NewsArticle",
            "articleBody":"<p>Eins &amp; zwei.</p><p>Drei.</p>"}</script></body></html>"#,
        );
        let m = microdata_body(&doc).unwrap();
        assert_eq!(m.source, Declared::Microdata);
        assert_eq!(m.paragraphs, ["Erster Absatz.", "Zweiter Absatz."]);
        assert_eq!(m.element.as_deref(), Some("html/body/div"));
        let j = json_ld_article(&doc).unwrap();
        assert_eq!(j.source, Declared::JsonLdArticleBody);
        assert_eq!(j.paragraphs, ["Eins & zwei.", "Drei."]);
        let none = Document::from("<p itemprop=\"description\">Nur ein Teaser.</p>");
        assert!(microdata_body(&none).is_none() && json_ld_article(&none).is_none());
    }

    #[test]
    fn howto_steps_in_order() {
        let doc = Document::from(
            r#"<script type="application/ld+json">{"@type":"HowTo","name":"Tisch",
            "description":"<p>Wie man es macht.</p>","step":[{"@type":"HowToStep",
            "name":"Schritt 1: Messen","itemListElement":{"@type":"HowToDirection",
            "text":"Miss den Tisch."}},{"@type":"HowToStep","text":"Schneide den Stoff."},
            "Nähe den Saum."]}</script>"#,
        );
        let j = json_ld_article(&doc).unwrap();
        assert_eq!(j.source, Declared::JsonLdHowTo);
        assert_eq!(
            j.paragraphs,
            [
                "Wie man es macht.",
                "Schritt 1: Messen",
                "Miss den Tisch.",
                "Schneide den Stoff.",
                "Nähe den Saum."
            ]
        );
    }
}
