//! Page metadata ([`Metadata`]) from an HTML page: JSON-LD first, then OpenGraph and other
//! `<meta>` tags, `<time>` elements and microdata, then bylines and dates in the visible text.
//! It parses the page with dom_query and leaves the article text to `html.rs`.

mod authors;
mod byline;
mod dates;
pub(in crate::text) mod jsonld;
mod published;
mod title;

pub use dates::{find_text_date, parse_machine, text_dates, url_date};

use crate::types::Metadata;
use dom_query::{Document, NodeId, NodeRef};

/// `<meta>` keys of each field, in order of trust (lowercase; `name`, `property`,
/// `itemprop` and `http-equiv` all count as keys).
const TITLE_KEYS: &[&str] = &["og:title", "twitter:title", "dc.title", "citation_title"];
const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "og:article:author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "parsely-author",
    "sailthru.author",
    "byl",
    "cxenseparse:author",
];
const SITE_KEYS: &[&str] = &["og:site_name", "application-name", "dc.publisher"];
const DESCRIPTION_KEYS: &[&str] = &[
    "description",
    "og:description",
    "twitter:description",
    "dc.description",
];
const IMAGE_KEYS: &[&str] = &[
    "og:image",
    "og:image:url",
    "twitter:image",
    "twitter:image:src",
];
const LANGUAGE_KEYS: &[&str] = &["content-language", "og:locale", "dc.language", "language"];

/// Class or id parts of containers whose bylines and dates belong to something else than
/// the page's article (comments, teasers, sidebars).
const FOREIGN: &[&str] = &[
    "comment",
    "related",
    "sidebar",
    "teaser",
    "footer",
    "widget",
    "recommend",
    "popular",
    "newsletter",
    "reply",
    "respond",
];

/// The `<meta>` tags of a page as (key, content) pairs in document order.
struct Metas(Vec<(String, String)>);

impl Metas {
    fn read(doc: &Document) -> Metas {
        let mut out = Vec::new();
        for node in doc.select("meta").nodes() {
            let Some(content) = node.attr("content") else {
                continue;
            };
            let content = squash(&content);
            if content.is_empty() {
                continue;
            }
            for k in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(key) = node.attr(k) {
                    for key in key.split_whitespace() {
                        out.push((key.to_lowercase(), content.clone()));
                    }
                }
            }
        }
        Metas(out)
    }

    /// The first value of the first key in `keys` that the page has.
    fn first(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| {
            self.0
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        })
    }

    /// Every value of `key`.
    fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Whitespace collapsed and trimmed.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Character references in JSON-LD strings and double-escaped attributes decoded.
fn unescape(s: &str) -> String {
    if !(s.contains('&') && s.contains(';')) {
        return squash(s);
    }
    let doc = Document::fragment(format!("<p>{}</p>", s.replace('<', "&lt;")));
    squash(&doc.select("p").text())
}

/// The lowercase form used to compare titles: letters and digits, single spaces.
fn key(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of an element with a space between its text nodes: elements glue their texts
/// ("Erstellt am</span><span>09.02.2022") where the page shows them apart.
fn spaced_text(node: &NodeRef) -> String {
    spaced_text_upto(node, usize::MAX).unwrap_or_default()
}

/// [`spaced_text`] when it is at most `max` bytes long, else `None`: the walk stops as soon
/// as the text is longer, so that a page-wide wrapper costs no more than a short element.
fn spaced_text_upto(node: &NodeRef, max: usize) -> Option<String> {
    let mut out = String::new();
    for t in node.descendants_it().filter(|n| n.is_text()) {
        for word in t.text().split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
            if out.len() > max {
                return None;
            }
        }
    }
    Some(out)
}

/// True when an element or one of its ancestors is page furniture (comments, teasers,
/// sidebars, `<aside>`, `<footer>`, `<nav>`) rather than the article.
/// The walk up stops at the container of the page's headline (`headline`, from
/// [`headline_path`]): what shares it with the headline belongs to the article, whatever the
/// classes above say ("sticky-sidebar-parent" on the `<article>`).
fn in_foreign(node: &NodeRef, headline: &[NodeId]) -> bool {
    std::iter::once(*node)
        .chain(node.ancestors_it(Some(12)))
        .take_while(|n| !headline.contains(&n.id))
        .any(|n| {
            let name = n.node_name().map(|t| t.to_lowercase()).unwrap_or_default();
            if matches!(name.as_str(), "aside" | "nav") || (name == "footer" && !post_part(&n)) {
                return true;
            }
            // page-wide classes ("has-sidebar") say nothing about one element
            if matches!(name.as_str(), "body" | "html") {
                return false;
            }
            let attrs = format!(
                "{} {}",
                n.attr("class").unwrap_or_default(),
                n.attr("id").unwrap_or_default()
            )
            .to_lowercase();
            // modifiers ("with-sidebar", "has-comments") and page builders' wrappers
            // ("elementor-widget") name no container of their own
            attrs
                .split_whitespace()
                .filter(|t| {
                    !["with-", "has-", "no-", "elementor"]
                        .iter()
                        .any(|m| t.contains(m))
                })
                .any(|t| {
                    FOREIGN.iter().any(|f| t.contains(f))
                        && !(t.contains("footer") && POST_PARTS.iter().any(|p| t.contains(p)))
                })
        })
}

/// Class parts of a post's own header and footer ("entry-footer", "post-footer",
/// "entry-meta"), which hold its byline and date, unlike the page's footer.
const POST_PARTS: &[&str] = &["entry", "post", "article", "story", "meta"];

/// The ancestors of the page's first `<h1>`, nearest first (empty without one).
fn headline_path(doc: &Document) -> Vec<NodeId> {
    doc.select("body h1")
        .nodes()
        .first()
        .map(|h| h.ancestors_it(Some(40)).map(|a| a.id).collect())
        .unwrap_or_default()
}

/// Whether a `<footer>` is a post's own (classed as one, or inside an `<article>`).
fn post_part(footer: &NodeRef) -> bool {
    let class = footer.attr("class").unwrap_or_default().to_lowercase();
    POST_PARTS.iter().any(|p| class.contains(p))
        || footer
            .ancestors_it(Some(6))
            .any(|a| a.node_name().as_deref() == Some("article"))
}

/// Reads the metadata of an HTML page. Never fails: a page without any gives an empty
/// [`Metadata`].
pub fn extract_metadata(html: &str) -> Metadata {
    // Very deep pages are read up to their body only (their markup defeats tree walks).
    let html = if super::html::nesting_depth(html) > super::html::MAX_HTML_DEPTH {
        let mut end = html
            .to_ascii_lowercase()
            .find("<body")
            .unwrap_or(html.len().min(1 << 16));
        while !html.is_char_boundary(end) {
            end -= 1;
        }
        &html[..end]
    } else {
        html
    };
    metadata_of(&Document::from(html))
}

/// The metadata of a page given as its raw bytes, decoded as an analysis decodes them
/// (`encoding` names the result); `None` when the page says nothing about itself. For a
/// page whose analysis failed (e.g. its article had no text) and whose metadata is wanted
/// all the same.
pub fn page_metadata(page: &[u8]) -> Option<Metadata> {
    let decoded = super::encoding::decode_html(page);
    let meta = extract_metadata(&decoded.text);
    (meta != Metadata::default()).then(|| Metadata {
        encoding: Some(decoded.encoding.to_string()),
        ..meta
    })
}

/// [`extract_metadata`] of a page parsed already (whole, not nested deeper than
/// [`super::html::MAX_HTML_DEPTH`]).
pub fn metadata_of(doc: &Document) -> Metadata {
    let metas = Metas::read(doc);
    let ld = jsonld::read(&jsonld::script_blocks(doc));

    let site_name = ld
        .site_name
        .as_deref()
        .or_else(|| metas.first(SITE_KEYS))
        .map(unescape)
        .filter(|s| !s.is_empty());
    let url = doc
        .select("link")
        .nodes()
        .iter()
        .find(|n| {
            n.attr("rel").is_some_and(|r| {
                r.to_lowercase()
                    .split_whitespace()
                    .any(|r| r == "canonical")
            })
        })
        .and_then(|n| n.attr("href"))
        .map(|h| h.trim().to_string())
        .or_else(|| metas.first(&["og:url"]).map(str::to_string))
        .or_else(|| ld.url.clone())
        .filter(|u| !u.is_empty());
    let title = title::title(
        doc,
        &metas,
        ld.headline.as_deref(),
        site_name.as_deref(),
        url.as_deref(),
    );
    // the site named as its own author (its name, its host) says nothing about who wrote
    // the article
    let host = url
        .as_deref()
        .and_then(|u| u.split_once("://"))
        .and_then(|(_, rest)| rest.split(['/', '?', '#', ':']).next())
        .map(|h| h.trim_start_matches("www.").to_lowercase())
        .unwrap_or_default();
    // "laola1.at", "LAOLA1", "Nestle Family" on nestle-family.com
    let label = host.rsplit_once('.').map_or(host.as_str(), |(l, _)| l);
    let site: Vec<String> = [site_name.as_deref().unwrap_or(""), &host, label]
        .iter()
        .map(|s| byline::compact(s))
        .filter(|s| !s.is_empty())
        .collect();
    let authors = byline::page_authors(doc, &metas, &ld.authors, &site);
    let (published, modified) = published::dates(doc, &metas, &ld, url.as_deref(), &authors);
    let description = ld
        .description
        .as_deref()
        .or_else(|| metas.first(DESCRIPTION_KEYS))
        .map(unescape)
        .filter(|s| !s.is_empty());
    let image = metas
        .first(IMAGE_KEYS)
        .map(str::to_string)
        .or(ld.image.clone())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let language = doc
        .select("html")
        .attr("lang")
        .map(|l| l.to_string())
        .or_else(|| metas.first(LANGUAGE_KEYS).map(str::to_string))
        .or(ld.language.clone())
        .and_then(|l| language_code(&l));
    Metadata {
        title,
        authors,
        published,
        modified,
        site_name,
        url,
        description,
        image,
        language,
        encoding: None,
    }
}

/// `de-DE`, `de_AT`, `EN` → the ISO 639 code (`de`, `en`); `None` for what is no code.
fn language_code(raw: &str) -> Option<String> {
    let code = raw
        .trim()
        .split(['-', '_', ',', ';'])
        .next()?
        .to_lowercase();
    (matches!(code.len(), 2 | 3) && code.chars().all(|c| c.is_ascii_lowercase())).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_meta_tags_and_visible_bylines() {
        let html = r#"<html lang="de-DE"><head><title>Die Schlagzeile | Beispiel-Zeitung</title>
<meta property="og:site_name" content="Beispiel-Zeitung">
<meta property="article:published_time" content="2023-10-31T14:05:00+01:00">
<meta name="description" content="Worum es geht.">
<link rel="canonical" href="https://example.org/a/1"></head>
<body><h1>Die Schlagzeile</h1><p class="byline">Von Anna Muster und Ben Beispiel</p>
<div class="comments"><span class="author">Troll</span></div></body></html>"#;
        let m = extract_metadata(html);
        assert_eq!(m.title.as_deref(), Some("Die Schlagzeile"));
        assert_eq!(m.authors, ["Anna Muster", "Ben Beispiel"]);
        assert_eq!(m.published.as_deref(), Some("2023-10-31T14:05:00+01:00"));
        assert_eq!(m.site_name.as_deref(), Some("Beispiel-Zeitung"));
        assert_eq!(m.url.as_deref(), Some("https://example.org/a/1"));
        assert_eq!(m.description.as_deref(), Some("Worum es geht."));
        assert_eq!(m.language.as_deref(), Some("de"));
    }

    #[test]
    fn written_dates_and_titles_without_site_names() {
        let html = "<title>Nachrichten - Ein Titel</title><meta name=application-name content=Nachrichten>\
                    <div class=meta>Veröffentlicht am 4. Dezember 2026</div><p>Text</p>";
        let m = extract_metadata(html);
        assert_eq!(m.title.as_deref(), Some("Ein Titel"));
        assert_eq!(m.published.as_deref(), Some("2026-12-04"));
        assert!(m.authors.is_empty());
        let empty = extract_metadata("");
        assert_eq!(empty, Metadata::default());
    }

    #[test]
    fn a_posts_own_footer_holds_its_byline() {
        let html = r#"<article><h1>Ein Titel</h1><p>Text</p><footer class="entry-meta">
            <span class="author vcard"><a href="/author/x/">Frank Boës</a></span></footer></article>
            <footer class="site-footer"><span class="author">Webmaster</span></footer>"#;
        assert_eq!(extract_metadata(html).authors, ["Frank Boës"]);
        // the page's own footer stays foreign
        let html = r#"<p>Text</p><footer><span class="author">Webmaster Team</span></footer>"#;
        assert!(extract_metadata(html).authors.is_empty());
    }

    #[test]
    fn dates_the_page_shows() {
        // texts of neighbouring elements are read apart ("am</span><span>09.02.2022")
        let html = r#"<div class="articleCreationDate"><span>Erstellt am</span><span>09.02.2022</span></div>
            <p>Text</p>"#;
        assert_eq!(
            extract_metadata(html).published.as_deref(),
            Some("2022-02-09")
        );
        // a published date the page never shows gives way to the modified date it shows
        let html = r#"<script type="application/ld+json">{"@type": "NewsArticle",
            "datePublished": "2019-10-15T16:59:59+00:00", "dateModified": "2020-03-12T14:42:17+00:00"}</script>
            <p>Updated March 12, 2020</p><p>Text</p>"#;
        let m = extract_metadata(html);
        assert_eq!(m.published.as_deref(), Some("2020-03-12T14:42:17+00:00"));
        // where it shows both, or neither, the published date stays
        let html = html.replace("<p>Text</p>", "<p>First published October 15, 2019</p>");
        let m = extract_metadata(&html);
        assert_eq!(m.published.as_deref(), Some("2019-10-15T16:59:59+00:00"));
        // a generic <meta name="date"> gives way to the date shown with the headline
        let html = r#"<meta name="date" content="2021-12-20T11:02:44+01:00"><h1>Titel</h1>
            <p>Meldung vom 27.01.2022</p><p>Text</p>"#;
        assert_eq!(
            extract_metadata(html).published.as_deref(),
            Some("2022-01-27")
        );
        // and stays where the page shows none
        let html =
            r#"<meta name="date" content="2021-12-20T11:02:44+01:00"><h1>Titel</h1><p>Text</p>"#;
        assert_eq!(
            extract_metadata(html).published.as_deref(),
            Some("2021-12-20T11:02:44+01:00")
        );
        // a machine date one day off the shown day, whatever its offset
        let html = r#"<meta property="article:published_time" content="2022-05-05T21:00:00-05:00">
            <div class="date">6 May 2022 - 2:00 a.m.</div><h1>Titel</h1><p>Text</p>"#;
        assert_eq!(
            extract_metadata(html).published.as_deref(),
            Some("2022-05-06T02:00:00")
        );
        // a day-month-year permalink
        let html =
            r#"<link rel=canonical href="https://x.example/meldungen/29-10-2021"><p>Text</p>"#;
        assert_eq!(
            extract_metadata(html).published.as_deref(),
            Some("2021-10-29")
        );
    }

    #[test]
    fn utc_stamps_take_the_shown_day_and_organisations_are_no_authors() {
        // 23:11 UTC on New Year's Eve, published on January 1st where the page is written
        let html = r#"<link rel=canonical href="https://b.example/2019/01/01/neues-jahr/">
            <meta property="article:published_time" content="2018-12-31T23:11:59+00:00">
            <meta name=author content="NATURSTROM AG"><p>Text</p>"#;
        let m = extract_metadata(html);
        assert_eq!(m.published.as_deref(), Some("2019-01-01"));
        assert!(m.authors.is_empty());
        // a machine date the page shows no other day for is kept as written, and running text
        // after "Von" is no byline
        let html = r#"<meta property="article:published_time" content="2018-12-31T23:11:59+01:00">
            <p>Von Einheimischen, Gästen und ganz viel Kühen</p>"#;
        let m = extract_metadata(html);
        assert_eq!(m.published.as_deref(), Some("2018-12-31T23:11:59+01:00"));
        assert!(m.authors.is_empty());
    }
}
