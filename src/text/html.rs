//! Article extraction from HTML (through the `rs-trafilatura` crate): title and text out.
//! It fetches nothing and knows nothing of what later stages do with the text.

use super::clean::clean_pasted;
use super::declared::{json_ld_article, microdata_body, Declared, DeclaredText};
use super::lang::detect_language;
use super::page::{blocks_of, PageBlock};
use super::web::{align, drop_last_resort, judge, recover, Piece};
use crate::error::{Error, Result};
use std::collections::HashSet;

/// The main article of an HTML page.
#[derive(Clone, Debug)]
pub struct Article {
    /// The page's headline, when found.
    pub title: Option<String>,
    /// The article text, paragraphs separated by blank lines.
    pub text: String,
}

/// Pages whose elements nest deeper than this skip the article extractor, whose cost
/// grows with the square of the depth (2,000 nested `<div>`s took 14 s, 100,000 would
/// take hours); their tags are stripped instead ([`strip_tags`]). Real pages stay far below.
pub const MAX_HTML_DEPTH: usize = 512;

/// Elements that never contain others or that the parser closes implicitly: they do not
/// count towards [`MAX_HTML_DEPTH`] even when their end tag is missing.
fn is_unnested(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"param",
        b"source",
        b"track",
        b"wbr",
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"option",
        b"optgroup",
        b"tr",
        b"td",
        b"th",
        b"thead",
        b"tbody",
        b"tfoot",
        b"rb",
        b"rt",
        b"rp",
        b"colgroup",
        b"caption",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// An upper estimate of the element nesting depth of `html`, in one linear scan of its
/// tags. As in the HTML parser, a trailing `/` closes an element only inside SVG or MathML.
pub fn nesting_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max, mut foreign) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        let close = b.get(i) == Some(&b'/');
        let start = if close { i + 1 } else { i };
        let len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = &b[start..start + len];
        if len == 0 || is_unnested(name) {
            continue;
        }
        let is_foreign_root =
            name.eq_ignore_ascii_case(b"svg") || name.eq_ignore_ascii_case(b"math");
        let self_closing = foreign > 0
            && b[start + len..]
                .iter()
                .position(|&c| c == b'>')
                .is_some_and(|p| b[start + len + p - 1] == b'/');
        if close {
            depth = depth.saturating_sub(1);
            if is_foreign_root {
                foreign = foreign.saturating_sub(1);
            }
        } else if !self_closing {
            depth += 1;
            max = max.max(depth);
            if is_foreign_root {
                foreign += 1;
            }
        }
        i = start + len;
    }
    max
}

/// Extracts the main article text and title from an HTML page.
///
/// Pages nested deeper than `MAX_HTML_DEPTH` get their tags stripped instead
/// (`strip_tags`); the boilerplate cleaner then finds the story in that text.
pub fn extract_article(html: &str) -> Result<Article> {
    let page = read_page(html)?;
    let text = page
        .pieces
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    Ok(Article {
        title: page.title,
        text,
    })
}

/// An HTML page read for its article: the extractor's paragraphs aligned onto the page's
/// blocks, each kept or dropped (with the reason).
#[derive(Clone, Debug)]
pub struct Page {
    /// The page's headline, when found.
    pub title: Option<String>,
    /// The paragraphs the article extractor kept, in its order, each judged by
    /// [`super::web::judge`].
    pub pieces: Vec<Piece>,
    /// The visible blocks of the page (empty when its tags were stripped instead).
    pub blocks: Vec<PageBlock>,
    /// Where the kept paragraphs came from when the page's declared article stands in for the
    /// extractor's text (which kept none, or far less: [`SUPERSEDED`]); they follow the
    /// extractor's paragraphs, all dropped. `None` otherwise.
    pub declared: Option<Declared>,
}

/// Pages whose depth estimate ([`nesting_depth`]) is over this are not parsed at all: their
/// tags are stripped. Between [`MAX_HTML_DEPTH`] and this, the parsed tree's real depth
/// decides (unclosed inline elements make the estimate high on some real pages).
const MAX_ESTIMATED_DEPTH: usize = 8 * MAX_HTML_DEPTH;

/// Reads an HTML page: the article extractor's text, aligned onto the page's blocks and
/// judged. Pages nested deeper than `MAX_HTML_DEPTH` skip the extractor: their tags are
/// stripped ([`strip_tags`]) and the text cleaner ([`clean_pasted`]) finds the story.
pub fn read_page(html: &str) -> Result<Page> {
    read_page_parsed(html, None)
}

/// [`read_page`] of a page whose tree `doc` (all of `html`) was parsed already: the page's
/// other readers (its metadata) share one parse. A `doc` is given only for a page whose
/// [`nesting_depth`] is at most [`MAX_HTML_DEPTH`] (the caller measured it: it is not
/// measured again).
pub fn read_page_parsed(html: &str, doc: Option<&dom_query::Document>) -> Result<Page> {
    let estimate = if doc.is_some() {
        0
    } else {
        nesting_depth(html)
    };
    if estimate > MAX_ESTIMATED_DEPTH {
        return Ok(stripped_page(html, &[]));
    }
    let parsed;
    let doc = match doc {
        Some(d) => d,
        None => {
            parsed = dom_query::Document::from(html);
            &parsed
        }
    };
    let (blocks, depth) = blocks_of(doc);
    if estimate > MAX_HTML_DEPTH && depth > MAX_HTML_DEPTH {
        let mut page = stripped_page(html, &blocks);
        page.blocks = blocks;
        return Ok(page);
    }
    let result = rs_trafilatura::extract_with_options(&slim_html(html), &extractor_options())
        .map_err(|e| Error::InvalidInput(format!("HTML extraction failed: {e}")))?;
    let title = result
        .metadata
        .title
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let lines: Vec<&str> = result
        .content_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut pieces = align(&lines, &blocks);
    judge(&mut pieces, &blocks);
    drop_last_resort(&mut pieces, &result.content_text, || {
        doc.select("head title").first().text().to_string()
    });
    recover(&mut pieces, &blocks);
    let declared = declare(html, doc, &blocks, &mut pieces);
    Ok(Page {
        title,
        pieces,
        blocks,
        declared,
    })
}

/// The reason given to the extractor's paragraphs when the page's `itemprop="articleBody"`
/// element holds far more and replaces them ([`declare`]).
pub const SUPERSEDED: &str = "superseded";

/// An `itemprop="articleBody"` element replaces the extractor's kept text when it holds this many
/// times as many characters (and at least [`MIN_DECLARED_CHARS`]).
const FAR_MORE: usize = 3;
/// The least text (bytes) of an `itemprop="articleBody"` element that can replace the
/// extractor's kept text: a few sentences.
const MIN_DECLARED_CHARS: usize = 300;

/// The page's declared article in place of the extractor's text: when the extractor's text
/// keeps nothing ([`take_declared`]), or when it keeps far less than the page's
/// `itemprop="articleBody"` element holds (then its kept paragraphs are dropped as
/// [`SUPERSEDED`] and the element's follow). Where the kept text came from, or `None`.
fn declare(
    html: &str,
    doc: &dom_query::Document,
    blocks: &[PageBlock],
    pieces: &mut Vec<Piece>,
) -> Option<Declared> {
    if pieces.iter().all(|p| p.dropped.is_some()) {
        return take_declared(doc, blocks, pieces, false);
    }
    let kept: usize = pieces
        .iter()
        .filter(|p| p.dropped.is_none())
        .map(|p| p.text.len())
        .sum();
    // cheap test first: the page has such an element at all
    if !html.contains("rticleBody") && !html.contains("rticlebody") {
        return None;
    }
    let mut trial: Vec<Piece> = pieces
        .iter()
        .map(|p| Piece {
            dropped: p.dropped.or(Some(SUPERSEDED)),
            ..p.clone()
        })
        .collect();
    let from = take_declared(doc, blocks, &mut trial, true)?;
    let held: usize = trial
        .iter()
        .filter(|p| p.dropped.is_none())
        .map(|p| p.text.len())
        .sum();
    (held >= MIN_DECLARED_CHARS && held > FAR_MORE * kept).then(|| {
        *pieces = trial;
        from
    })
}

/// When the extractor's text keeps nothing: the article the page declares (see
/// [`super::declared`]), its `itemprop="articleBody"` element first, then its JSON-LD, each
/// aligned onto the page's blocks and judged like the extractor's text; the first that keeps a
/// paragraph is appended to `pieces` (with `element_only`, only the element is tried). Where it
/// came from, or `None` (nothing changed).
fn take_declared(
    doc: &dom_query::Document,
    blocks: &[PageBlock],
    pieces: &mut Vec<Piece>,
    element_only: bool,
) -> Option<Declared> {
    let first_line = pieces.iter().map(|p| p.line + 1).max().unwrap_or(0);
    let sources: [fn(&dom_query::Document) -> Option<DeclaredText>; 2] =
        [microdata_body, json_ld_article];
    for source in &sources[..if element_only { 1 } else { 2 }] {
        let Some(d) = source(doc) else {
            continue;
        };
        // an element's paragraphs are looked up among its own blocks (a teaser elsewhere may
        // repeat them)
        let inside = |b: &PageBlock| {
            d.element.as_deref().is_some_and(|e| {
                b.path
                    .strip_prefix(e)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
        };
        let (lo, hi) = match (
            blocks.iter().position(inside),
            blocks.iter().rposition(inside),
        ) {
            (Some(lo), Some(hi)) => (lo, hi + 1),
            _ => (0, blocks.len()),
        };
        let lines: Vec<&str> = d.paragraphs.iter().map(String::as_str).collect();
        let mut found = align(&lines, &blocks[lo..hi]);
        for p in &mut found {
            p.block = p.block.map(|b| b + lo);
            p.line += first_line;
        }
        judge(&mut found, blocks);
        if found.iter().any(|p| p.dropped.is_none()) {
            pieces.extend(found);
            return Some(d.source);
        }
    }
    None
}

/// The article extractor's settings: every page is read as an article (its page-type
/// classifier costs a quarter of the extractor's time).
fn extractor_options() -> rs_trafilatura::Options {
    rs_trafilatura::Options {
        page_type: Some(rs_trafilatura::page_type::PageType::Article),
        ..Default::default()
    }
}

/// Elements whose content no reader of the article needs: scripts (but JSON-LD data),
/// style sheets, drawings, menus, frames, drop-down lists. Lowercase, without `<`. (The
/// extractor drops them too, but its fallback reads a copy taken before it does.)
const SLIMMED: &[&[u8]] = &[
    b"script",
    b"style",
    b"svg",
    b"nav",
    b"noscript",
    b"iframe",
    b"select",
];

/// `html` without what the article extractor throws away: comments, and
/// [`SLIMMED`] elements with their content (a `<script>` of JSON-LD data stays). Real pages
/// are almost half scripts and styles, and the extractor parses, serializes and parses
/// the page again. A byte scan, no parse: an unclosed element or comment runs to the end.
fn slim_html(html: &str) -> std::borrow::Cow<'_, str> {
    let b = html.as_bytes();
    let mut out: Option<String> = None;
    let (mut copied, mut i) = (0, 0);
    while let Some(lt) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + lt;
        let rest = &b[at + 1..];
        let cut = if rest.starts_with(b"!--") {
            find_ci(b, at + 4, b"-->").map_or(b.len(), |e| e + 3)
        } else if let Some(name) = SLIMMED.iter().find(|n| {
            rest.len() > n.len()
                && rest[..n.len()].eq_ignore_ascii_case(n)
                && matches!(
                    rest[n.len()],
                    b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'
                )
        }) {
            let open_end = gt_after(b, at);
            if find_ci(&b[..open_end], at, b"ld+json").is_some() {
                i = open_end;
                continue;
            }
            let mut e = open_end;
            loop {
                match b[e..].iter().position(|&c| c == b'<') {
                    None => break b.len(),
                    Some(p) => {
                        let t = &b[e + p + 1..];
                        if t.len() > name.len()
                            && t[0] == b'/'
                            && t[1..=name.len()].eq_ignore_ascii_case(name)
                        {
                            break gt_after(b, e + p);
                        }
                        e += p + 1;
                    }
                }
            }
        } else {
            i = at + 1;
            continue;
        };
        let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
        o.push_str(&html[copied..at]);
        copied = cut;
        i = cut;
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            std::borrow::Cow::Owned(o)
        }
    }
}

/// The byte after the first `>` at or after `at` (the end of `b` when there is none).
fn gt_after(b: &[u8], at: usize) -> usize {
    b[at..]
        .iter()
        .position(|&c| c == b'>')
        .map_or(b.len(), |e| at + e + 1)
}

/// A page read without the extractor: its text with the tags stripped, one piece per line
/// (aligned onto `blocks` when there are any), the lines the text cleaner drops marked
/// `boilerplate`.
fn stripped_page(html: &str, blocks: &[PageBlock]) -> Page {
    let a = strip_tags(html);
    let lines: Vec<&str> = a.text.split("\n\n").collect();
    let mut pieces = if blocks.is_empty() {
        lines
            .iter()
            .enumerate()
            .map(|(line, l)| Piece {
                text: l.to_string(),
                block: None,
                dropped: None,
                line,
            })
            .collect()
    } else {
        align(&lines, blocks)
    };
    let lang = detect_language(&a.text).map_or_else(|| "und".to_string(), |l| l.code);
    let cleaned = clean_pasted(&a.text, &lang);
    let kept: HashSet<&str> = cleaned.text.split("\n\n").collect();
    for p in &mut pieces {
        if !kept.contains(lines[p.line]) {
            p.dropped = Some("boilerplate");
        }
    }
    Page {
        title: a.title.or(cleaned.title),
        pieces,
        blocks: Vec::new(),
        declared: None,
    }
}

/// Non-empty trimmed lines of `text`, separated by blank lines.
fn paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(line);
    }
    out
}

/// Position of `needle` (lowercase ASCII) in `hay` from `from`, ignoring ASCII case.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

/// Elements that start a new line of text when their tags are stripped.
fn is_block(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"p",
        b"div",
        b"br",
        b"li",
        b"ul",
        b"ol",
        b"h1",
        b"h2",
        b"h3",
        b"h4",
        b"h5",
        b"h6",
        b"tr",
        b"td",
        b"th",
        b"table",
        b"article",
        b"section",
        b"header",
        b"footer",
        b"nav",
        b"aside",
        b"main",
        b"blockquote",
        b"pre",
        b"hr",
        b"figure",
        b"figcaption",
        b"dd",
        b"dt",
        b"form",
        b"body",
        b"title",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Decodes the common character references (`&amp;`, `&#228;`, `&#xE4;`, ...) of `s`
/// onto `out`; unknown ones stay as written.
fn push_decoded(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map(|e| e + 1)
            .filter(|&e| rest[e..].starts_with(';'));
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => match name.strip_prefix('#') {
                    Some(n) => match n.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok(),
                        None => n.parse().ok(),
                    }
                    .and_then(char::from_u32)
                    .filter(|c| *c != '\0'),
                    None => None,
                },
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The text of an HTML page with its tags removed, in one linear pass: scripts, styles
/// and comments are dropped, block elements start new paragraphs and the `<title>`
/// becomes the title. The fallback for pages the article extractor cannot handle.
pub fn strip_tags(html: &str) -> Article {
    let b = html.as_bytes();
    let mut text = String::with_capacity(html.len() / 2);
    let mut title = None;
    let mut i = 0;
    while i < b.len() {
        let Some(off) = b[i..].iter().position(|&c| c == b'<') else {
            push_decoded(&mut text, &html[i..]);
            break;
        };
        push_decoded(&mut text, &html[i..i + off]);
        let lt = i + off;
        if b[lt..].starts_with(b"<!--") {
            i = find_ci(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let close = b.get(lt + 1) == Some(&b'/');
        let start = lt + 1 + usize::from(close);
        let len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = &b[start..start + len];
        let Some(gt) = b[start..]
            .iter()
            .position(|&c| c == b'>')
            .map(|p| start + p)
        else {
            // no end of tag: the rest is text
            push_decoded(&mut text, &html[lt..]);
            break;
        };
        if len == 0 && !matches!(b.get(lt + 1), Some(b'!' | b'?' | b'/')) {
            text.push('<'); // a lone "<" in text
            i = lt + 1;
            continue;
        }
        i = gt + 1;
        if close {
            if is_block(name) {
                text.push('\n');
            }
            continue;
        }
        let raw_text = [&b"script"[..], b"style", b"noscript", b"template", b"title"]
            .into_iter()
            .find(|n| n.eq_ignore_ascii_case(name));
        if let Some(n) = raw_text {
            let mut end_tag = b"</".to_vec();
            end_tag.extend_from_slice(n);
            let end = find_ci(b, i, &end_tag).unwrap_or(b.len());
            if n == b"title" && title.is_none() {
                let mut t = String::new();
                push_decoded(&mut t, &html[i..end]);
                let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
                title = Some(t).filter(|t| !t.is_empty());
            }
            i = end;
            continue;
        }
        if is_block(name) {
            text.push('\n');
        }
    }
    let text = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n");
    Article {
        title,
        text: paragraphs(&text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::web::NOT_ON_PAGE;

    #[test]
    fn slim_html_drops_scripts_styles_and_comments_but_json_ld() {
        let page = "<html><head><SCRIPT type=x>if (a<b) {}</script >\
            <script type=\"application/ld+json\">{\"a\":1}</script><style>p{}</style></head>\
            <body><!-- note <p>x</p> --><p>Text</p><svg><text>1</text></svg><scripts>y</scripts>";
        assert_eq!(
            slim_html(page),
            "<html><head><script type=\"application/ld+json\">{\"a\":1}</script></head>\
            <body><p>Text</p><scripts>y</scripts>"
        );
        assert_eq!(slim_html("<p>a < b</p><script>x"), "<p>a < b</p>");
        assert_eq!(slim_html("<NAV><a>Home</a></nav><p>y</p>"), "<p>y</p>");
        assert!(matches!(
            slim_html("<p>plain</p>"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn nesting_depth_counts_open_elements() {
        assert_eq!(
            nesting_depth("<html><body><div><b>x</b></div></body></html>"),
            4
        );
        assert_eq!(nesting_depth("<p>a<p>b<p>c<br><img src=x/>"), 0);
        assert_eq!(nesting_depth("<div/><div />< div></x>"), 2);
        assert_eq!(nesting_depth("<svg><path/><path d='1' /></svg><svg/>"), 1);
        assert_eq!(nesting_depth("a < b and c<d"), 1);
        let deep = format!(
            "<title>Tiefe &amp; Weite</title>{}<p>Erster Absatz &#228;&#xFC; &lt;b&gt;.</p>\
             <script>var x = '<div>';</script><!-- <p>nein</p> --><p>Zweiter</p>",
            "<div>".repeat(MAX_HTML_DEPTH + 1)
        );
        assert!(nesting_depth(&deep) > MAX_HTML_DEPTH);
        let a = extract_article(&deep).unwrap();
        assert_eq!(a.title.as_deref(), Some("Tiefe & Weite"));
        assert_eq!(a.text, "Erster Absatz äü <b>.\n\nZweiter");
    }

    #[test]
    fn strip_tags_survives_broken_markup() {
        for html in [
            "<",
            "<<<>>>",
            "a < b",
            "</",
            "<!--",
            "<script>x",
            "&#xFFFFFFFF;&#0;&",
            "<ä>ö</ä>",
        ] {
            let a = strip_tags(html);
            assert!(!a.text.contains('\0'));
        }
        assert_eq!(strip_tags("a < b & c").text, "a < b & c");
        assert_eq!(strip_tags("<b>fett</b>er<br>neu").text, "fetter\n\nneu");
    }

    #[test]
    fn the_declared_article_follows_pieces_that_were_all_dropped() {
        let story = "Die Stadt Köln hat am Montag einen neuen Plan für den Verkehr \
            vorgestellt. Der Rat stimmt im Mai darüber ab.";
        let html = format!(
            "<html><head><script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\
             \"articleBody\":\"{story}\"}}</script></head><body><div><a href=/a>Politik</a>\
             </div></body></html>"
        );
        let doc = dom_query::Document::from(html.as_str());
        let (blocks, _) = blocks_of(&doc);
        let mut pieces = vec![Piece {
            text: "Politik".into(),
            block: Some(0),
            dropped: Some("link_dense"),
            line: 0,
        }];
        let from = take_declared(&doc, &blocks, &mut pieces, false);
        assert_eq!(from, Some(Declared::JsonLdArticleBody));
        assert_eq!(pieces.len(), 2);
        assert_eq!((pieces[1].text.as_str(), pieces[1].block), (story, None));
        assert_eq!((pieces[1].dropped, pieces[1].line), (None, 1));
        // a page that declares nothing: nothing changes
        let mut pieces = pieces[..1].to_vec();
        let doc = dom_query::Document::from("<div><a href=/a>Politik</a></div>");
        assert_eq!(take_declared(&doc, &blocks, &mut pieces, false), None);
        assert_eq!(pieces.len(), 1);
    }

    #[test]
    fn the_extractors_last_resort_is_not_taken_for_the_article() {
        // no article on the page: the extractor's last resort repeats the <title>, which no
        // reader sees, with the menu's words run together
        let menu = "<ul><li><a href=/a>Politik</a></li><li><a href=/b>Sport</a></li></ul>";
        for head in [
            "",
            "<script type=\"application/ld+json\">{\"@type\":\"WebPage\"}</script>",
        ] {
            let html = format!(
                "<html><head><title>Verkehrsplan für Köln | Stadtblatt</title>{head}</head>\
                 <body>{menu}</body></html>"
            );
            let page = read_page(&html).unwrap();
            assert!(!page.pieces.is_empty());
            assert!(
                page.pieces.iter().all(|p| p.dropped.is_some()),
                "{:?}",
                page.pieces
            );
            assert!(page.pieces.iter().any(|p| p.dropped == Some(NOT_ON_PAGE)));
        }
        // an article whose headline is the title keeps its text
        let story = "Die Stadt Köln hat am Montag einen neuen Plan für den Verkehr vorgestellt. \
            Bürgermeisterin Anna Muster sagte, die Straßen sollen grüner werden.";
        let html = format!(
            "<html><head><title>Verkehrsplan für Köln</title></head><body>{menu}\
             <article><h1>Verkehrsplan für Köln</h1><p>{story}</p><p>{story} Mehr.</p>\
             </article></body></html>"
        );
        let page = read_page(&html).unwrap();
        let kept: Vec<_> = page.pieces.iter().filter(|p| p.dropped.is_none()).collect();
        assert!(kept.iter().any(|p| p.text == story), "{:?}", page.pieces);
        assert!(page.pieces.iter().all(|p| p.dropped != Some(NOT_ON_PAGE)));
    }

    #[test]
    fn extracts_story_and_title() {
        let html = r#"<html><head><title>Japan und NATO - Beispiel</title></head><body>
<nav><a href="/">Start</a> | <a href="/politik">Politik</a> | <a href="/sport">Sport</a></nav>
<article><h1>Japan und die NATO vereinbaren Zusammenarbeit</h1>
<p>Am 9. April vereinbarten der japanische Premierminister Shigeru Ishiba und der Generalsekretär der NATO, Mark Rutte, eine Stärkung der Zusammenarbeit in der Verteidigungsindustrie.</p>
<p>Herr Rutte betonte die Notwendigkeit einer verstärkten Zusammenarbeit zwischen der NATO und Japan in einer entscheidenden Zeit für die Sicherheit.</p>
</article><footer>Impressum · Datenschutz · Kontakt</footer></body></html>"#;
        let a = extract_article(html).unwrap();
        assert!(a.text.contains("Shigeru Ishiba"), "{}", a.text);
        assert!(a.text.contains("Herr Rutte betonte"));
        assert!(!a.text.contains("Datenschutz"));
        assert!(a.title.is_some());
    }
}
