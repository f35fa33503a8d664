//! Who wrote a page: the JSON-LD and `<meta>` authors, else the visible byline (microdata,
//! `rel=author`, elements classed as authors or bylines, blocks that start with "Von", "By").
//! It finds and picks the candidates; cleaning one name is `authors.rs`'s business.

use super::{authors, in_foreign, spaced_text_upto, squash, unescape, Metas, AUTHOR_KEYS};
use dom_query::{Document, NodeRef};
use regex::Regex;
use std::sync::LazyLock;

/// Letters and digits of `s`, lowercase: the form in which an author is compared with the
/// site's name and host ("NMB-Media" and "nmb-media.de").
pub(super) fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Authors: JSON-LD, else the `<meta>` author tags, else the page's visible byline. Names
/// that are the site itself (`site`: its name and host, as [`compact`] forms) are no authors, and the
/// next source is asked.
pub(super) fn page_authors(
    doc: &Document,
    metas: &Metas,
    ld: &[String],
    site: &[String],
) -> Vec<String> {
    let mut out = Vec::new();
    // JSON-LD and `<meta>` name newsrooms and publishers too; a byline as written stays
    let person = |n: &String| !authors::is_organisation(n) && !site.contains(&compact(n));
    for a in ld {
        let names = authors::split_names(&unescape(a));
        authors::push_unique(&mut out, names.into_iter().filter(person));
    }
    let mut meta = Vec::new();
    for k in AUTHOR_KEYS {
        for v in metas.all(k) {
            if !v.contains("://") {
                let names = authors::split_names(&unescape(v));
                authors::push_unique(&mut meta, names.into_iter().filter(person));
            }
        }
        if !meta.is_empty() {
            break;
        }
    }
    // the `<meta>` tags name the co-author the JSON-LD left out: the longer list
    let within = |a: &[String], b: &[String]| {
        a.iter()
            .all(|x| b.iter().any(|y| x.to_lowercase() == y.to_lowercase()))
    };
    if out.is_empty() || meta.len() > out.len() && within(&out, &meta) {
        out = meta;
    }
    // the byline that names the one author of the data and more names the co-authors too
    if out.len() == 1 {
        if let Some(all) = co_named(doc, &out[0]) {
            let all: Vec<String> = all.into_iter().filter(person).collect();
            if all.len() > 1 {
                return all;
            }
        }
    }
    if !out.is_empty() {
        return out;
    }
    // a person's name on the page's byline stays even where the site is named after them
    // (a personal blog); a newsroom's does not
    let mut out = byline(doc);
    out.retain(|n| !site.contains(&compact(n)) || authors::looks_like_person(n));
    out
}

/// Short text blocks that start with a byline cue ("Von Anna Muster", "Posted by x").
static BYLINE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?i:posted|written|published)\s+by|By|BY|Von|VON|(?i:text|autor|autorin|author)\s*:|(?i:ein\s+)?(?:Beitrag|Artikel|Gastbeitrag)\s+von)\s+\S",
    )
    .expect("valid byline pattern")
});

/// Class or id parts of author elements that hold no name: the author's picture, bio, role.
const NOT_NAME_PARTS: &[&str] = &[
    "image", "img", "avatar", "photo", "picture", "bio", "desc", "about", "staff", "role", "job",
    "social", "follow", "more", "link", "label", "list", "from",
];

/// Whether an element whose class or id holds "author" somewhere ("c-page-intro__author",
/// "field--name-field-term-author") names the author rather than a picture, bio or box.
fn author_part(node: &NodeRef) -> bool {
    let attrs = format!(
        "{} {}",
        node.attr("class").unwrap_or_default(),
        node.attr("id").unwrap_or_default()
    )
    .to_lowercase();
    attrs
        .split_whitespace()
        .filter(|t| t.contains("author") || t.contains("autor"))
        .any(|t| {
            let rest = t.replace("author", " ").replace("autor", " ");
            !rest
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|p| NOT_NAME_PARTS.iter().any(|n| p.starts_with(n)))
        })
}

/// The visible byline: microdata `author`, `rel="author"` and author-page links, elements
/// classed as author or byline, then short blocks that start with "Von", "By", "Autor:",
/// each outside comments and sidebars.
fn byline(doc: &Document) -> Vec<String> {
    let out = byline_elements(doc);
    if !out.is_empty() {
        return out;
    }
    byline_blocks(doc)
}

/// The names of the first author or byline element that names `name` and others ("von
/// Rudolf Fischer, Simon Kohler").
fn co_named(doc: &Document, name: &str) -> Option<Vec<String>> {
    let name = name.to_lowercase();
    let headline = super::headline_path(doc);
    let found = doc.select(
        "[itemprop~=author], [class*=author], [class*=byline], [class*=autor], a[rel~=author]",
    );
    found.nodes().iter().take(30).find_map(|node| {
        // more than 480 bytes are more than 120 characters
        let text = spaced_text_upto(node, 480)?;
        if text.chars().count() > 120 || in_foreign(node, &headline) {
            return None;
        }
        let names = authors::split_names(&text);
        (names.len() > 1 && names.iter().any(|n| n.to_lowercase() == name)).then_some(names)
    })
}

/// The byline's elements: microdata, `rel=author`, author and byline classes, author links.
fn byline_elements(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let headline = super::headline_path(doc);
    let selectors = [
        "[itemprop~=author] [itemprop~=name]",
        "[itemprop~=author]",
        "a[rel~=author]",
        "[class*=author-name], [class*=author_name], [class*=authorname], [class*=AuthorName]",
        "[class*=byline] [class*=author]",
        "[class*=byline]",
        "[class~=author], [class~=autor], [class~=post-author], [class~=entry-author]",
        "[class*=author], [id*=author], [class*=autor]",
        "a[href*='/author/'], a[href*='/autor/'], a[href*='/autoren/']",
    ];
    for (i, sel) in selectors.iter().enumerate() {
        let found = doc.select(sel);
        // the broad "…author…" classes mark boxes and their parts alike
        let broad = i == 7;
        let mut named: Vec<(NodeRef, Vec<String>)> = Vec::new();
        for node in found.nodes().iter().take(10) {
            if in_foreign(node, &headline) || broad && !author_part(node) {
                continue;
            }
            // more than 480 bytes are more than 120 characters
            let text = match node.attr("content") {
                Some(c) => squash(&c),
                None => match spaced_text_upto(node, 480) {
                    Some(t) => t,
                    None => continue,
                },
            };
            if text.chars().count() > 120 {
                continue;
            }
            // what a page classes loosely as author may be its publisher
            let names: Vec<String> = authors::split_names(&text)
                .into_iter()
                .filter(|n| !broad || !authors::is_organisation(n))
                .collect();
            if !names.is_empty() {
                named.push((*node, names));
            }
        }
        // of a box and its parts that name someone, the innermost speak
        for (node, names) in &named {
            let outer = broad
                && named.iter().any(|(o, _)| {
                    o.id != node.id && o.ancestors_it(Some(8)).any(|a| a.id == node.id)
                });
            if !outer {
                authors::push_unique(&mut out, names.iter().cloned());
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    out
}

/// Short blocks that start with a byline cue ("Von Anna Muster", "By Anna Muster").
fn byline_blocks(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let headline = super::headline_path(doc);
    let blocks = doc.select("p, span, div, address, li, td, small, em, strong, b");
    for node in blocks.nodes().iter().take(20_000) {
        let Some(text) = spaced_text_upto(node, 100) else {
            continue;
        };
        if !BYLINE_CUE.is_match(&text) || in_foreign(node, &headline) {
            continue;
        }
        // "Text: Anna Muster" ends the block; "Von Anna Muster am 4. Mai" goes on with a date
        let names = text
            .split(|c: char| c.is_ascii_digit() || c == '@')
            .next()
            .unwrap_or_default();
        let mut words: Vec<&str> = names.split_whitespace().collect();
        while words.len() > 2
            && words
                .last()
                .is_some_and(|w| w.starts_with(char::is_lowercase))
        {
            words.pop();
        }
        // running text after "Von" is often no byline: only person-like names count here
        let names = authors::split_names(&words.join(" "));
        authors::push_unique(
            &mut out,
            names.into_iter().filter(|n| authors::looks_like_person(n)),
        );
        if !out.is_empty() {
            return out;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::extract_metadata;

    fn authors(html: &str) -> Vec<String> {
        extract_metadata(html).authors
    }

    #[test]
    fn the_headlines_container_is_the_article() {
        // a class above the headline's container ("sticky-sidebar-parent") says nothing
        let html = r#"<article class="sticky-sidebar-parent"><header><h1>Titel</h1>
            <span class="byline">By <a href="/writers/anna">Anna Muster</a></span></header>
            <p>Text</p></article>"#;
        assert_eq!(authors(html), ["Anna Muster"]);
        // a sidebar of its own beside the headline stays foreign
        let html = r#"<article><h1>Titel</h1><p>Text</p></article>
            <div class="sidebar"><span class="byline">By Ben Beispiel</span></div>"#;
        assert!(authors(html).is_empty());
    }

    #[test]
    fn broad_author_classes_and_spaced_texts() {
        // an element classed "…__author" with a label part of its own
        let html = r#"<h1>Titel</h1><div class="c-intro__author"><span class="c-intro__author-from">von</span>
            Anna Muster, Ben Beispiel</div><div class="author-image"><img alt=""></div><p>Text</p>"#;
        assert_eq!(authors(html), ["Anna Muster", "Ben Beispiel"]);
        // the innermost part that names someone, not the box around it
        let html = r#"<h1>Titel</h1><div class="author-info__txt"><span>Sara Zinnecker</span>
            <span>Stand: 05. Februar 2020</span></div><p>Text</p>"#;
        assert_eq!(authors(html), ["Sara Zinnecker"]);
        // texts of neighbouring elements are read apart, icons' labels after the name cut
        let html = r#"<h1>Titel</h1><div>By <span>Anna Muster</span></div><div><a>facebook</a><a>twitter</a></div>
            <div class="x">By <span>Anna Muster</span><a>facebook</a><a>twitter</a></div><p>Text</p>"#;
        assert_eq!(authors(html), ["Anna Muster"]);
        // a newsroom classed loosely as author is no author
        let html =
            r#"<h1>Titel</h1><div class="post-author-line">Deutsche Wirtschaftsnachrichten</div>"#;
        assert!(authors(html).is_empty());
    }

    #[test]
    fn the_site_is_no_author_but_its_owner_is() {
        // the site's host as author: the next source is asked
        let html = r#"<link rel="canonical" href="https://www.sport.example/news/1">
            <meta name="author" content="SPORT.example"><h1>Titel</h1>
            <p class="byline">Von Anna Muster</p>"#;
        assert_eq!(authors(html), ["Anna Muster"]);
        // a personal site named after its owner keeps the owner's byline
        let html = r#"<meta property="og:site_name" content="Anna Muster"><h1>Titel</h1>
            <span class="author vcard"><a rel="author" href="/author/anna/">Anna Muster</a></span>"#;
        assert_eq!(authors(html), ["Anna Muster"]);
        // a newsroom's name on its own site does not stay
        let html = r#"<meta property="og:site_name" content="Beispiel Presse"><h1>Titel</h1>
            <span class="author">Beispiel Presse</span>"#;
        assert!(authors(html).is_empty());
    }

    #[test]
    fn co_authors_from_the_byline_and_the_meta_tags() {
        let html = r#"<script type="application/ld+json">{"@type":"NewsArticle","author":
            {"@type":"Person","name":"Anna Muster"}}</script><h1>Titel</h1>
            <span class="vcard author"><span class="fn">von Anna Muster, Ben Beispiel</span></span>
            <div class="related"><span class="author">Carla Dritte</span></div>"#;
        assert_eq!(authors(html), ["Anna Muster", "Ben Beispiel"]);
        let html = r#"<script type="application/ld+json">{"@type":"NewsArticle","author":
            {"@type":"Person","name":"Anna Muster"}}</script>
            <meta property="author" content="Anna Muster,Ben Beispiel"><p>Text</p>"#;
        assert_eq!(authors(html), ["Anna Muster", "Ben Beispiel"]);
    }
}
