//! Who wrote a page: the JSON-LD and `<meta>` authors, else the visible byline (microdata,
//! `rel=author`, elements classed as authors or bylines, blocks that start with "Von", "By").
//! It finds and picks the candidates; cleaning one name is `authors.rs`'s business.

use super::{
    authors, in_foreign, spaced_text, spaced_text_upto, squash, unescape, Metas, AUTHOR_KEYS,
};
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
    // blog engines write the byline as a label and a value ("Verfasst von", "Anna Muster")
    if meta.is_empty() {
        let names = written_by(metas).map(|v| authors::split_names(&unescape(v)));
        authors::push_unique(&mut meta, names.into_iter().flatten().filter(person));
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
    // a first name or a user name in the data ("Todd", "annamuster") where the byline
    // writes the full name ("Todd Bates", "Anna Muster"), or data that names no person
    // ("Jobs & Hire") where the byline does: the byline's names
    if !out.is_empty() && out.iter().all(|n| !n.contains(' ')) {
        let shown = byline(doc, site);
        let persons: Vec<&String> = shown
            .iter()
            .filter(|n| authors::looks_like_person(n))
            .collect();
        let fuller = |d: &String| {
            persons.iter().find(|p| {
                let d = d.to_lowercase();
                let p = p.to_lowercase();
                compact(&p) == compact(&d) || p.strip_prefix(&d).is_some_and(|r| r.starts_with(' '))
            })
        };
        if out.iter().all(|d| fuller(d).is_some()) {
            return out
                .iter()
                .filter_map(fuller)
                .map(|p| p.to_string())
                .collect();
        }
        let unseen = out.iter().all(|d| {
            !shown
                .iter()
                .any(|n| n.to_lowercase().contains(&d.to_lowercase()))
        });
        // (a few names: a longer list is the teasers')
        if (out.len() > 1 || unseen) && (1..=3).contains(&persons.len()) {
            return persons.into_iter().cloned().collect();
        }
    }
    if !out.is_empty() {
        return out;
    }
    byline(doc, site)
}

/// The value that blog engines' `twitter:labelN` "Written by" / "Verfasst von" names.
fn written_by(metas: &Metas) -> Option<&str> {
    (1..=4).find_map(|i| {
        let label = metas.first(&[format!("twitter:label{i}").as_str()])?;
        let label = label.to_lowercase();
        let by = [
            "written by",
            "verfasst von",
            "geschrieben von",
            "escrito por",
            "écrit par",
            "scritto da",
            "auteur",
            "author",
            "autor",
        ];
        by.contains(&label.as_str())
            .then(|| metas.first(&[format!("twitter:data{i}").as_str()]))
            .flatten()
    })
}

/// Whether a byline name may stay on this site: a person's name or a one-word handle
/// stays even where the site is named after them (a personal blog, a pseudonym's); a
/// newsroom's does not.
fn not_the_site(name: &str, site: &[String]) -> bool {
    !site.contains(&compact(name)) || authors::looks_like_person(name) || !name.contains(' ')
}

/// Short text blocks that start with a byline cue ("Von Anna Muster", "Posted by x").
static BYLINE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[-–—|•·\s]*(?:(?P<strong>(?i:posted|written|published)\s+by|(?i:geschrieben|verfasst|eingestellt)\s+von|(?i:text|autor|autorin|autoren|author|authors|redaktion)\s*:|(?i:autoren|authors)|(?i:ein\s+|blog[\s-]?)?(?:Beitrag|Artikel|Gastbeitrag)\s+von)|By|BY|by|Von|VON|von|Vom|Par|Por|Door)\s+\S",
    )
    .expect("valid byline pattern")
});

/// A label element whose name follows in the next elements ("<b>Autor:</b> Anna Muster").
static BYLINE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:autor|autorin|autoren|author|authors|text|von|by|par|por)\s*:?$")
        .expect("valid label pattern")
});

/// Class or id parts of author elements that hold no name: the author's picture, bio, role.
const NOT_NAME_PARTS: &[&str] = &[
    "image", "img", "avatar", "photo", "picture", "bio", "desc", "about", "staff", "role", "job",
    "social", "follow", "more", "link", "label", "list", "from", "ization", "ity", "itie",
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
fn byline(doc: &Document, site: &[String]) -> Vec<String> {
    let out = byline_elements(doc, site);
    if !out.is_empty() {
        return out;
    }
    byline_blocks(doc, site)
}

/// The names of the first author or byline element that names `name` and others ("von
/// Rudolf Fischer, Simon Kohler").
fn co_named(doc: &Document, name: &str) -> Option<Vec<String>> {
    let name = name.to_lowercase();
    let headline = article_path(doc);
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
fn byline_elements(doc: &Document, site: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let headline = article_path(doc);
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
            // a headline classed as the author's ("vcard author") is the title, not a byline
            if in_foreign(node, &headline)
                || broad && !author_part(node)
                || node.node_name().as_deref() == Some("h1")
                || not_the_pages(node)
            {
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
                .filter(|n| not_the_site(n, site))
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
fn byline_blocks(doc: &Document, site: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let headline = article_path(doc);
    let blocks = doc.select("p, span, div, address, li, td, small, em, strong, b");
    for node in blocks.nodes().iter().take(20_000) {
        // "Von Anna Muster<br>Kakuma": the byline is the block's first line
        let mut text = first_line(node);
        if text.len() > 100 {
            continue;
        }
        if text.len() < 12 && BYLINE_LABEL.is_match(&text) {
            text = format!("{text} {}", after_label(node));
        }
        if !BYLINE_CUE.is_match(&text) {
            continue;
        }
        let strong = BYLINE_CUE
            .captures(&text)
            .is_some_and(|c| c.name("strong").is_some());
        if in_foreign(node, &headline) || not_the_pages(node) {
            continue;
        }
        let text = text.trim_start_matches(['-', '–', '—', '|', '•', '·', ' ']);
        if !strong && reads_as_prose(text) {
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
        // running text after "Von" is often no byline: only person-like names count here,
        // and one-word names after a cue that only bylines use ("Posted by", "Autor:")
        let names = authors::split_names(&words.join(" "));
        let lone = strong && !names.iter().any(|n| authors::looks_like_person(n));
        authors::push_unique(
            &mut out,
            names.into_iter().filter(|n| {
                (authors::looks_like_person(n)
                    || lone && !n.contains(' ') && !authors::is_organisation(n))
                    && not_the_site(n, site)
            }),
        );
        if !out.is_empty() {
            return out;
        }
    }
    out
}

/// Name particles and joins that a byline writes in lower case ("Anna von Muster und Hans
/// de Vries", "Anna Muster am 4. Mai").
const LOWER_IN_BYLINE: &[&str] = &[
    "von", "van", "der", "den", "de", "da", "di", "del", "della", "du", "dos", "das", "le", "la",
    "ten", "ter", "zu", "und", "and", "et", "y", "e", "en", "i", "og", "och", "a", "am", "on",
    "el", "al", "bin", "ibn", "&", "|", "-", "–", "—", "/",
];

/// Whether a line that starts with a weak byline cue ("By", "Von", "Par", "Door") is running
/// text: the cue is followed by a lower-case word ("By the end of the week", "Par ailleurs"),
/// or the line ends as a sentence with two or more lower-case words that no byline writes
/// ("Door Amsterdam Centraal reden geen treinen.", "By Monday, New York had reopened.").
fn reads_as_prose(line: &str) -> bool {
    let mut words = line.split_whitespace().skip(1);
    let Some(first) = words.next() else {
        return false;
    };
    let lower = |w: &str| {
        w.starts_with(char::is_lowercase)
            && !LOWER_IN_BYLINE.contains(&w.trim_end_matches([',', '.', ':', ';']))
    };
    if lower(first) {
        return true;
    }
    line.trim_end().ends_with(['.', '!', '?']) && words.filter(|w| lower(w)).count() >= 2
}

/// The ancestors at which the walk up from a byline stops ([`in_foreign`]): those of the
/// headline and those of the blog post (`.hentry`), whose page builders wrap it in
/// containers classed like furniture ("widget Blog").
fn article_path(doc: &Document) -> Vec<dom_query::NodeId> {
    let mut out = super::headline_path(doc);
    if let Some(post) = doc.select("[class~=hentry]").nodes().first() {
        out.extend(post.ancestors_it(Some(40)).map(|a| a.id));
    }
    out
}

/// Whether a byline element names someone else than the page's author: it is hidden
/// (`display:none`, class "hidden"), or it sits in a quote, a figure's caption or a review.
fn not_the_pages(node: &NodeRef) -> bool {
    let style = node.attr("style").unwrap_or_default().to_lowercase();
    let class = node.attr("class").unwrap_or_default().to_lowercase();
    if style.replace(' ', "").contains("display:none")
        || class
            .split_whitespace()
            .any(|c| c == "hidden" || c == "d-none")
    {
        return true;
    }
    node.ancestors_it(Some(10)).any(|a| {
        matches!(
            a.node_name().as_deref(),
            Some("blockquote" | "figure" | "figcaption" | "q")
        ) || a.attr("itemprop").is_some_and(|p| p.contains("review"))
            || a.attr("itemtype").is_some_and(|t| t.ends_with("/Review"))
    })
}

/// An element's text up to its first line break (spaced as [`spaced_text`]).
fn first_line(node: &NodeRef) -> String {
    let mut out = String::new();
    for d in node.descendants_it() {
        if d.is_text() {
            out.push_str(&d.text());
            out.push(' ');
            if out.len() > 400 {
                break;
            }
        } else if !out.trim().is_empty() && d.node_name().as_deref() == Some("br") {
            break;
        }
    }
    squash(&out)
}

/// The text that follows a label element up to the next line break ("<b>Autor:</b> Anna
/// Muster<br>"), or the next element's where the label stands alone.
fn after_label(label: &NodeRef) -> String {
    let mut out = String::new();
    let mut next = label.next_sibling();
    for _ in 0..6 {
        let Some(n) = next else { break };
        if n.node_name().as_deref() == Some("br") && !out.trim().is_empty() {
            break;
        }
        if n.is_text() {
            out.push_str(&n.text());
        } else {
            out.push_str(&spaced_text(&n));
        }
        out.push(' ');
        next = n.next_sibling();
    }
    if out.trim().is_empty() {
        if let Some(n) = label.parent().and_then(|p| p.next_element_sibling()) {
            out = spaced_text(&n);
        }
    }
    squash(&out).chars().take(100).collect()
}

#[cfg(test)]
mod tests {
    use super::super::extract_metadata;

    fn authors(html: &str) -> Vec<String> {
        extract_metadata(html).authors
    }

    #[test]
    fn running_text_after_a_weak_cue_is_no_byline() {
        for line in [
            "By the end of the week, Angela Merkel had left.",
            "By Monday, New York had reopened.",
            "Par ailleurs, Paris Saint-Germain a gagné.",
            "Door Amsterdam Centraal reden geen treinen.",
        ] {
            let html = format!("<article><h1>Titel</h1><p>{line}</p><p>Text</p></article>");
            assert!(authors(&html).is_empty(), "{line}: {:?}", authors(&html));
        }
        for (line, name) in [
            ("Par Marie Dupont", "Marie Dupont"),
            ("Von Anna Muster, Korrespondentin in Kiew.", "Anna Muster"),
            ("Door Jan de Vries en Piet Jansen", "Jan de Vries"),
        ] {
            let html = format!("<article><h1>Titel</h1><p>{line}</p><p>Text</p></article>");
            assert_eq!(
                authors(&html).first().map(String::as_str),
                Some(name),
                "{line}"
            );
        }
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

    #[test]
    fn blog_engines_label_and_value() {
        let html = r#"<meta name="twitter:label1" content="Verfasst von">
            <meta name="twitter:data1" content="Anna Muster">
            <meta name="twitter:label2" content="Est. reading time">
            <meta name="twitter:data2" content="4 Minuten"><h1>Titel</h1><p>Text</p>"#;
        assert_eq!(authors(html), ["Anna Muster"]);
    }

    #[test]
    fn the_bylines_full_name_beats_a_first_name_or_a_non_person_in_the_data() {
        let html = r#"<script type="application/ld+json">{"@type":"NewsArticle","author":
            {"@type":"Person","name":"Todd"}}</script><h1>Titel</h1>
            <div class="meta">By Todd Bates</div><p>Text</p>"#;
        assert_eq!(authors(html), ["Todd Bates"]);
        let html = r#"<script type="application/ld+json">{"@type":"NewsArticle","author":
            {"@type":"Person","name":"annamuster"}}</script><h1>Titel</h1>
            <div class="post-header__author"><span>von</span> <a>Anna Muster</a></div>"#;
        assert_eq!(authors(html), ["Anna Muster"]);
        let html = r#"<meta name="author" content="Jobs & Hire"><h1>Titel</h1>
            <div class="wrote_by">By&nbsp;<a href="/reporters/x">Jose de la Cruz</a></div>"#;
        assert_eq!(authors(html), ["Jose de la Cruz"]);
        // a one-word name the byline shows too stays
        let html = r#"<meta name="author" content="Ela"><h1>Titel</h1>
            <span class="byline">von Ela</span><p>Von Anna Muster stammt das Bild.</p>"#;
        assert_eq!(authors(html), ["Ela"]);
    }

    #[test]
    fn hidden_quoted_reviewed_and_headline_names_are_no_bylines() {
        let html = r#"<h1>Titel</h1><a rel="author" style="display:none">Google</a>
            <span class="byline-author">Posted by Anna Muster and Ben Beispiel</span>"#;
        assert_eq!(authors(html), ["Anna Muster", "Ben Beispiel"]);
        let html = r#"<h1>Titel</h1><p>Text</p><blockquote><p>Ein Zitat.</p>
            <a href="/author/ryan/">Ryan Merkley, CEO</a></blockquote>"#;
        assert!(authors(html).is_empty());
        let html = r#"<h1>Titel</h1><p>Text</p><div itemprop="review" itemscope>
            <span itemprop="author" content="Georg N."></span></div>"#;
        assert!(authors(html).is_empty());
        let html = r#"<h1 class="vcard author">Krimiblog-Archiv</h1><h3>Titel</h3>
            <h4 class="vcard author">vom <span class="fn">Krimiblogger</span></h4><p>Text</p>"#;
        assert_eq!(authors(html), ["Krimiblogger"]);
    }

    #[test]
    fn labels_cues_and_lines_of_visible_bylines() {
        // a label element and the name after it, up to the line break
        let html = r#"<h1>Titel</h1><div><span>Datum:</span> 19.11.2021<br><span>Autor:</span>
            Fritz Imhof<br><span>Quelle:</span> Livenet</div><p>Text</p>"#;
        assert_eq!(authors(html), ["Fritz Imhof"]);
        // a cue that only bylines use takes a one-word name; "Von" does not
        let html = r#"<h1>Titel</h1><div><span class="category">Posted by Konstantin</span>
            <span class="date">21.10.2019</span></div><p>Text</p>"#;
        assert_eq!(authors(html), ["Konstantin"]);
        let html = r#"<h1>Titel</h1><p>Von Einheimischen lernen</p>"#;
        assert!(authors(html).is_empty());
        // the byline is the block's first line
        let html = r#"<h1>Titel</h1><p>Von <strong>Roland Brockmann</strong> und <strong>Sebastian
            Drescher</strong><br>Kakuma /Kenia</p><p>Text</p>"#;
        assert_eq!(authors(html), ["Roland Brockmann", "Sebastian Drescher"]);
        let html =
            r#"<h1>Titel</h1><p><span>Par&nbsp;<a href="/node/x">Matthieu Hy</a></span></p>"#;
        assert_eq!(authors(html), ["Matthieu Hy"]);
    }

    #[test]
    fn a_blog_posts_byline_inside_a_widget_and_a_pseudonym_named_like_the_site() {
        let html = r#"<meta property="og:site_name" content="Zahlenzauberin">
            <header><h1>Zahlenzauberin</h1></header><div class="widget Blog">
            <div class="post hentry"><h3>Titel</h3><span class="post-author vcard">Eingestellt von
            <span class="fn">zahlenzauberin</span></span><p>Text</p></div></div>"#;
        assert_eq!(authors(html), ["zahlenzauberin"]);
    }
}
