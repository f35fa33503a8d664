//! The page's headline: its `<h1>`/`<h2>` headings weighed against the title data (JSON-LD
//! headline, `og:title`, `<title>`), site names and logos told apart from headlines.
//! It reads a parsed page only; the other metadata fields are `mod.rs`'s.

use super::{in_foreign, key, squash, unescape, Metas, TITLE_KEYS};
use dom_query::{Document, NodeRef};

/// Separators between a headline and the site name in page titles.
const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " » ", " « ", " › ", " ‹ ", " :: ", " // ", " · ", " • ", " / ",
    ": ", " ~ ",
];

/// Class or id parts of headings that are hidden or name the site rather than the page.
const SITE_MARKS: &[&str] = &[
    "logo",
    "brand",
    "site-title",
    "site-name",
    "sitename",
    "site_title",
    "blog-title",
    "blog-name",
    "visuallyhidden",
    "visually-hidden",
    "element-invisible",
    "hide-accessible",
    "sr-only",
    "screen-reader",
];

/// A key without spaces ("Neunzehn 72" and "neunzehn72" compare equal).
fn compact(s: &str) -> String {
    key(s).replace(' ', "")
}

/// What says a part of a title is the site: its name, the labels of its host name.
struct Site {
    name: String,
    labels: Vec<String>,
}

impl Site {
    fn new(name: Option<&str>, url: Option<&str>) -> Site {
        let host = url
            .and_then(|u| u.split_once("://").map(|(_, r)| r))
            .map(|r| r.split(['/', '?', '#', ':']).next().unwrap_or_default())
            .unwrap_or_default()
            .to_lowercase();
        let labels: Vec<&str> = host.split('.').collect();
        let labels = labels[..labels.len().saturating_sub(1)]
            .iter()
            .filter(|l| l.len() >= 4 && **l != "www")
            .map(|l| compact(l))
            .collect();
        Site {
            name: name.map(compact).unwrap_or_default(),
            labels,
        }
    }

    /// Whether a part of a title (or a heading) names the site: the site name, or a short
    /// text that holds a label of the host name ("Neunzehn72" on neunzehn72.de).
    fn is(&self, part: &str) -> bool {
        let c = compact(part);
        if c.is_empty() {
            return false;
        }
        if !self.name.is_empty() && (c == self.name || (self.name.contains(&c) && c.len() >= 4)) {
            return true;
        }
        part.split_whitespace().count() <= 4
            && self
                .labels
                .iter()
                .any(|l| c.contains(l.as_str()) || (l.contains(&c) && c.len() >= 4))
    }
}

/// A title without the site name before or after it ("Headline | Site", "Site - Headline").
fn strip_site(title: &str, site: &Site) -> String {
    for sep in TITLE_SEPARATORS {
        let parts: Vec<&str> = title.split(sep).collect();
        if parts.len() < 2 {
            continue;
        }
        if site.is(parts[parts.len() - 1]) {
            return parts[..parts.len() - 1].join(sep);
        }
        if site.is(parts[0]) {
            return parts[1..].join(sep);
        }
    }
    title.to_string()
}

/// How a heading matches a title: the whole of it, or its head or tail at a separator
/// (with the rest of the title, the words of that rest).
enum Match {
    Whole,
    Head,
    Tail { rest: String },
}

/// How `heading` (a key) matches `title`, if it does.
fn matches(heading: &str, title: &str) -> Option<Match> {
    if key(title) == heading {
        return Some(Match::Whole);
    }
    let mut head_match = false;
    for sep in TITLE_SEPARATORS {
        let parts: Vec<&str> = title.split(sep).collect();
        for n in 1..parts.len() {
            let (head, tail) = (parts[..n].join(sep), parts[n..].join(sep));
            if key(&head) == heading {
                head_match = true;
            }
            if key(&tail) == heading && !head_match {
                return Some(Match::Tail { rest: head });
            }
        }
    }
    head_match.then_some(Match::Head)
}

/// One `<h1>` or `<h2>` of the page, in document order.
struct Heading {
    text: String,
    key: String,
    h1: bool,
}

/// Whether a heading is the site's logo or a hidden label: it links to the home page, or
/// it or its parent is classed as logo, brand, site title or hidden.
fn logo_or_hidden(node: &NodeRef) -> bool {
    let links: Vec<NodeRef> = node
        .descendants_it()
        .chain(node.ancestors_it(Some(2)))
        .filter(|n| n.node_name().as_deref() == Some("a"))
        .collect();
    let home = links.iter().any(|a| {
        let Some(href) = a.attr("href") else {
            return false;
        };
        let href = href.trim();
        let path = href
            .split_once("://")
            .map_or(href, |(_, r)| r.find('/').map_or("/", |i| &r[i..]));
        matches!(
            path,
            "/" | "" | "./" | "/index.html" | "/index.php" | "index.html" | "index.php"
        )
    });
    home || std::iter::once(*node).chain(node.parent()).any(|n| {
        let attrs = format!(
            "{} {}",
            n.attr("class").unwrap_or_default(),
            n.attr("id").unwrap_or_default()
        )
        .to_lowercase();
        SITE_MARKS.iter().any(|m| attrs.contains(m))
    })
}

/// An h1's text without its kicker: a first child element of its own class ("dachzeile",
/// "label") before the headline ("<span class=kicker>Interne Unterlagen</span> Daten von
/// Rheinmetall gehackt"), when kicker and rest are two words or more each and no title
/// datum is the kicker alone.
fn without_kicker(h1: &NodeRef, data: &[String]) -> String {
    let text = squash(&h1.text());
    let Some(first) = h1
        .children_it(false)
        .find(|c| c.is_element() || (c.is_text() && !c.text().trim().is_empty()))
    else {
        return text;
    };
    if !first.is_element() || !first.has_attr("class") {
        return text;
    }
    let kicker = squash(&first.text());
    let Some(rest) = text.strip_prefix(kicker.as_str()) else {
        return text;
    };
    let rest = rest.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '–' | '—' | '-' | '|' | '·')
    });
    // a kicker is two words or more ("Ehezoff" styled alone is the headline's first word);
    // a first part that the title data name whole is the headline, the rest its subtitle
    let (kicker_words, kicker_key) = (kicker.split_whitespace().count(), key(&kicker));
    if !(2..=8).contains(&kicker_words)
        || rest.split_whitespace().count() < 2
        || data.iter().any(|d| key(d) == kicker_key)
    {
        return text;
    }
    rest.to_string()
}

/// The content words of a text (lowercase, 4 letters or more).
fn content_words(s: &str) -> Vec<String> {
    key(s)
        .split(' ')
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_string)
        .collect()
}

/// Whether two texts share a content word (or its first 6 letters: "elektronische",
/// "elektronisches").
fn share_word(a: &str, b: &str) -> bool {
    let stem = |w: &String| w.chars().take(6).collect::<String>();
    let b: Vec<String> = content_words(b).iter().map(stem).collect();
    content_words(a).iter().any(|w| b.contains(&stem(w)))
}

/// The headline. In order: a heading that one of the title data name whole; a heading that
/// is the head or tail of one (of several such, the last in the page: the site's comes
/// first); the first `<h1>` when it shares words with the title data (a title held whole in
/// a longer `<h1>` is the headline without its kicker); else the title data without the
/// site's name.
pub(super) fn title(
    doc: &Document,
    metas: &Metas,
    headline: Option<&str>,
    site_name: Option<&str>,
    url: Option<&str>,
) -> Option<String> {
    let site = Site::new(site_name, url);
    let page_title = squash(&doc.select("title").first().text());
    let data: Vec<String> = headline
        .map(unescape)
        .into_iter()
        .chain(
            TITLE_KEYS
                .iter()
                .filter_map(|k| metas.first(&[k]).map(unescape)),
        )
        .chain(std::iter::once(page_title))
        .filter(|t| !t.is_empty())
        .collect();
    let headings: Vec<Heading> =
        doc.select("h1, h2")
            .nodes()
            .iter()
            .filter(|n| !in_foreign(n, &[]) && !logo_or_hidden(n))
            .filter_map(|n| {
                let h1 = n.node_name().is_some_and(|t| t.eq_ignore_ascii_case("h1"));
                let text = if h1 {
                    without_kicker(n, &data)
                } else {
                    squash(&n.text())
                };
                let k = key(&text);
                (!k.is_empty() && text.chars().count() <= 300 && !site.is(&text))
                    .then_some(Heading { text, key: k, h1 })
            })
            .scan((0, 0), |(n1, n2), h| {
                if h.h1 {
                    *n1 += 1
                } else {
                    *n2 += 1
                }
                Some((*n1 <= 5 && *n2 <= 10).then_some(h))
            })
            .flatten()
            .collect();
    // a heading named whole by the title data: an h1 first, then an h2
    for want_h1 in [true, false] {
        for h in headings.iter().filter(|h| h.h1 == want_h1) {
            if data.iter().any(|d| key(d) == h.key) {
                return Some(h.text.clone());
            }
        }
    }
    // an h1 that holds a title datum whole and more (a kicker, a subtitle): the datum
    if let Some(h) = headings.iter().find(|h| h.h1) {
        if let Some(d) = data.iter().find(|d| {
            let k = key(d);
            // a datum cut short ("...") is no headline of its own
            k.split(' ').count() >= 2 && h.key.contains(&k) && !d.ends_with(['.', '…'])
        }) {
            return Some(d.clone());
        }
    }
    // headings that are a part of a title: the last of several; a lone short tail the
    // site's name ("Headline | Site Name" over a logo h1)
    let parts: Vec<(&Heading, Match)> = headings
        .iter()
        .filter_map(|h| data.iter().find_map(|d| matches(&h.key, d)).map(|m| (h, m)))
        .collect();
    match parts.as_slice() {
        [] => {}
        [(h, Match::Tail { rest })]
            if h.h1
                && h.text.split_whitespace().count() <= 4
                && rest.split_whitespace().count() > h.text.split_whitespace().count() =>
        {
            return Some(rest.trim().to_string());
        }
        [.., (h, _)] => return Some(h.text.clone()),
    }
    let stripped: Vec<String> = data
        .iter()
        .map(|d| strip_site(d, &site).trim().to_string())
        .filter(|d| !d.is_empty())
        .collect();
    if let (Some(h), Some(t)) = (headings.iter().find(|h| h.h1), stripped.first()) {
        let tk = key(t);
        if h.key.contains(&tk) && h.key != tk {
            return Some(t.clone());
        }
        if tk.contains(&h.key) || share_word(&h.text, t) {
            return Some(h.text.clone());
        }
    }
    stripped
        .into_iter()
        .chain(headings.iter().filter(|h| h.h1).map(|h| h.text.clone()))
        .next()
}

#[cfg(test)]
mod tests {
    use super::super::extract_metadata;

    fn title(html: &str) -> Option<String> {
        extract_metadata(html).title
    }

    #[test]
    fn the_site_logo_heading_is_no_headline() {
        // an old blog theme: the site's name in an h1 linking home, the post's in an h2
        let html = r#"<title>Four Years » Blog Archive » Small Integers in Python</title>
            <h1><a href="https://four.example/">Four Years</a></h1>
            <h2>Small Integers in Python</h2><p>Text</p>"#;
        assert_eq!(title(html).as_deref(), Some("Small Integers in Python"));
        // two headings each a part of the title: the later one (the site's comes first)
        let html = "<title>Alles hat seine Zeit | Marktplatz</title><h1>Marktplatz</h1>\
                    <h1 class=entry-title>Alles hat seine Zeit</h1>";
        assert_eq!(title(html).as_deref(), Some("Alles hat seine Zeit"));
        // a lone short heading at the title's end is the site's name
        let html = "<title>Rinderleber mit Apfel und Zwiebel | Liebe geht durch</title>\
                    <h1>Liebe geht durch</h1>";
        assert_eq!(
            title(html).as_deref(),
            Some("Rinderleber mit Apfel und Zwiebel")
        );
        // og:title named whole by a heading beats a hidden site h1
        let html = r#"<meta property="og:title" content="Provence Travel Guide">
            <h1 class="visuallyhidden">Beige</h1><h1>Provence Travel Guide</h1>"#;
        assert_eq!(title(html).as_deref(), Some("Provence Travel Guide"));
    }

    #[test]
    fn site_names_from_the_host_and_headlines_from_the_h1() {
        // the site's name is the canonical URL's host, after a separator
        let html = r#"<link rel=canonical href="https://www.neunzehn72.de/imac/">
            <title>iMac Performance gelöst | Neunzehn72</title><p>Text</p>"#;
        assert_eq!(title(html).as_deref(), Some("iMac Performance gelöst"));
        // an h1 that shares words with a different SEO title is the headline as shown
        let html = "<title>Wärmepumpe im Altbau - Wann es sich lohnt | heizung.de</title>\
                    <h1>Eignet sich eine Wärmepumpe im Altbau?</h1>";
        assert_eq!(
            title(html).as_deref(),
            Some("Eignet sich eine Wärmepumpe im Altbau?")
        );
        // one without a word in common is not trusted over the title data
        let html = "<title>Mit Hilfe des Chefs für die Rente sparen</title>\
                    <h1>Betriebliche Altersvorsorge</h1>";
        assert_eq!(
            title(html).as_deref(),
            Some("Mit Hilfe des Chefs für die Rente sparen")
        );
    }

    #[test]
    fn kickers_are_cut_from_the_headline() {
        let html = r#"<title>Interne Unterlagen im Netz: Daten von Rheinmetall gehackt</title>
            <h1><span class="dachzeile">Interne Unterlagen im Netz</span>
            <span class="headline">Daten von Rheinmetall gehackt</span></h1>"#;
        assert_eq!(
            title(html).as_deref(),
            Some("Daten von Rheinmetall gehackt")
        );
        // a kicker glued into the h1 as text: the title datum it holds whole
        let html = r#"<meta property="og:title" content="Rene Benko-Firma Signa in Sorge">
            <h1>Immobilienkrise Rene Benko-Firma Signa in Sorge</h1>"#;
        assert_eq!(
            title(html).as_deref(),
            Some("Rene Benko-Firma Signa in Sorge")
        );
        // the headline in its first span, a subtitle after it: the headline
        let html = r#"<meta property="og:title" content="Dezuka Suisan: Fish Cakes">
            <h1><span class="t">Dezuka Suisan: Fish Cakes</span> Welcome to the capital</h1>"#;
        assert_eq!(title(html).as_deref(), Some("Dezuka Suisan: Fish Cakes"));
    }
}
