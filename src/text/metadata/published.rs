//! Which of a page's dates is its publication date, and which its last change: JSON-LD and
//! `<meta>` dates weighed against the dates the page shows (near its headline, after cues
//! like "Veröffentlicht am", in its URL). Reading one date from a string is `dates.rs`'s.

use super::dates::{find_text_date, parse_machine, text_dates, url_date};
use super::jsonld::JsonLd;
use super::{in_foreign, spaced_text, spaced_text_upto, squash, Metas};
use chrono::NaiveDate;
use dom_query::{Document, NodeRef};
use regex::Regex;
use std::cell::OnceCell;
use std::sync::LazyLock;

/// Words that announce a publication date in visible text.
static DATE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:datum|veröffentlicht|publiziert|erstellt|erschienen|stand|published|posted|date|publié|publicado|pubblicato)\b\s*(?:am|on|le|el|il)?\s*:?",
    )
    .expect("valid cue pattern")
});

/// Words that announce the date of a page's last change in visible text.
static UPDATE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:aktualisiert|zuletzt geändert|letzte änderung|updated|last modified|mis à jour|actualizado|aggiornato|bijgewerkt)\b\s*(?:am|on|le|el|il)?\s*:?",
    )
    .expect("valid cue pattern")
});

/// `<meta>` keys of the publication date, in order of trust (lowercase).
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
    "publishdate",
    "publish-date",
    "pubdate",
];
/// Generic `<meta>` date keys: often the day the page was built, not written. A date the
/// page's elements show wins over them.
const WEAK_DATE_KEYS: &[&str] = &["date", "dc.date", "dcterms.date"];
const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
];

/// The visible text of a page's body (scripts, styles and templates left out) and where
/// its headline (the first `<h1>`) starts in it.
struct Shown {
    body: String,
    headline: Option<usize>,
    /// Every date written in `body`, read on first use.
    dates: OnceCell<Vec<String>>,
}

impl Shown {
    fn read(doc: &Document) -> Shown {
        let mut text = String::new();
        for t in doc
            .select("body")
            .nodes()
            .iter()
            .flat_map(|b| b.descendants_it())
        {
            if !t.is_text() {
                continue;
            }
            let code = t.parent().and_then(|p| p.node_name()).is_some_and(|n| {
                ["script", "style", "noscript", "template"]
                    .iter()
                    .any(|c| n.eq_ignore_ascii_case(c))
            });
            if !code {
                text.push_str(&t.text());
                text.push(' ');
            }
        }
        let body = squash(&text);
        let headline = doc
            .select("h1")
            .nodes()
            .first()
            .map(spaced_text)
            .filter(|h| !h.is_empty())
            .and_then(|h| body.find(&h));
        Shown {
            body,
            headline,
            dates: OnceCell::new(),
        }
    }

    /// About `len` bytes of the text from `from` on, to the end of the last word (a date
    /// cut at "31.05.20" would read as 2020).
    fn window(&self, from: usize, len: usize) -> &str {
        let mut end = (from + len).min(self.body.len());
        while !self.body.is_char_boundary(end) {
            end -= 1;
        }
        let rest = &self.body[end..];
        end += rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        &self.body[from..end]
    }

    /// Up to `len` bytes of the text before `to`.
    fn before(&self, to: usize, len: usize) -> &str {
        let mut start = to.saturating_sub(len);
        while !self.body.is_char_boundary(start) {
            start += 1;
        }
        &self.body[start..to]
    }

    /// Whether the text names the day of `date` (an ISO date or date-time).
    fn names(&self, date: &str) -> bool {
        let d = &date[..date.len().min(10)];
        self.dates
            .get_or_init(|| text_dates(&self.body).collect())
            .iter()
            .any(|s| s.starts_with(d))
    }

    /// The date shown with the headline: the first one written in the 500 bytes after its
    /// start (the headline, a standfirst, the byline).
    fn with_headline(&self) -> Option<String> {
        find_text_date(self.window(self.headline?, 500))
    }
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// How many days two ISO dates are apart.
fn days_apart(a: &str, b: &str) -> Option<i64> {
    Some((day(a)? - day(b)?).num_days().abs())
}

/// The publication date and the last change of a page, as ISO 8601.
pub(super) fn dates(
    doc: &Document,
    metas: &Metas,
    ld: &JsonLd,
    url: Option<&str>,
    authors: &[String],
) -> (Option<String>, Option<String>) {
    let cell = OnceCell::new();
    let shown = || cell.get_or_init(|| Shown::read(doc));
    let ld_published = ld.published.as_deref().and_then(parse_machine);
    let meta_published = meta_date(metas, PUBLISHED_KEYS);
    let machine = ld_published.or(meta_published);
    let modified = ld
        .modified
        .as_deref()
        .and_then(parse_machine)
        .or_else(|| meta_date(metas, MODIFIED_KEYS));
    // a date in the page's address is the day it was made; a machine date days away from
    // it belongs to a later edit or move of the page
    let machine = match (machine, url.and_then(url_date)) {
        (Some(p), Some(u)) if days_apart(&p, &u).is_some_and(|n| n > 1) => Some(u),
        (p, _) => p,
    };
    let from_machine = machine.is_some();
    let published = machine.map(|p| local_day(doc, url, &shown, p)).or_else(|| {
        match meta_date(metas, WEAK_DATE_KEYS) {
            // a date after a publication cue, else one shown with the headline, wins over a
            // generic one
            Some(weak) => cued_date(shown())
                .or_else(|| dom_date(doc, url, &shown, authors, false))
                .or(Some(weak)),
            None => dom_date(doc, url, &shown, authors, true),
        }
    });
    let published = shown_update(&shown, published, modified.as_deref(), from_machine);
    (published, modified)
}

fn meta_date(metas: &Metas, keys: &[&str]) -> Option<String> {
    keys.iter()
        .flat_map(|k| metas.all(k))
        .find_map(parse_machine)
}

/// A date written right after the first name of the byline ("Von Anna Muster (21. November
/// 2022)").
fn byline_date(shown: &Shown, authors: &[String]) -> Option<String> {
    let name = authors.first()?;
    let at = shown.body.find(name.as_str())? + name.len();
    find_text_date(shown.window(at, 60))
}

/// The first date written right after a publication cue ("Erschienen am: 13.10.2021").
fn cued_date(shown: &Shown) -> Option<String> {
    DATE_CUE
        .find_iter(&shown.body)
        .find_map(|m| find_text_date(shown.window(m.end(), 40)))
}

/// A machine date late or early in the day may fall on another day where the page is
/// written or shown (a server's clock in UTC, a page that shows UTC): the date the page
/// shows (in its URL, else in its elements) wins when it is one day off. Dates without a
/// time, and machine dates the page shows no other day for, stay as written.
fn local_day<'a>(
    doc: &Document,
    url: Option<&str>,
    shown: &dyn Fn() -> &'a Shown,
    machine: String,
) -> String {
    let Some(m) = day(&machine).filter(|_| machine.len() > 10) else {
        return machine;
    };
    let shown = url
        .and_then(url_date)
        .or_else(|| dom_date(doc, url, shown, &[], true))
        .filter(|d| day(d).is_some_and(|d| (d - m).num_days().abs() == 1));
    shown.unwrap_or(machine)
}

/// The date a page shows: a published date that its visible text never names gives way to
/// the modified date where the text names that one ("Aktualisiert am 6. Januar 2020").
fn shown_update<'a>(
    shown: &dyn Fn() -> &'a Shown,
    published: Option<String>,
    modified: Option<&str>,
    from_machine: bool,
) -> Option<String> {
    let p = published.as_deref()?;
    let pd = &p[..p.len().min(10)];
    if let Some(m) = modified {
        let md = &m[..m.len().min(10)];
        if pd != md {
            let s = shown();
            if !s.names(pd) && s.names(md) {
                return Some(m.to_string());
            }
        }
    }
    // a machine date the page never names gives way to the date it shows with the headline
    // (a page moved to a new system keeps its shown date)
    if from_machine {
        let s = shown();
        if let Some(d) = s
            .with_headline()
            .filter(|d| !d.starts_with(pd) && !s.names(pd))
        {
            return Some(d);
        }
    }
    published
}

/// The publication date in the page's elements: microdata, `<time>`, the URL, then a
/// date written in elements classed as dates or bylines.
/// With `loose`, a date written anywhere after the headline or in the page's text will do;
/// without, only one shown with the headline.
fn dom_date<'a>(
    doc: &Document,
    url: Option<&str>,
    shown: &dyn Fn() -> &'a Shown,
    authors: &[String],
    loose: bool,
) -> Option<String> {
    let attr_date = |n: &NodeRef| {
        ["content", "datetime"]
            .iter()
            .filter_map(|a| n.attr(a))
            .find_map(|v| parse_machine(&v))
            .or_else(|| find_text_date(&spaced_text(n)))
    };
    for sel in ["[itemprop~=datePublished]", "[itemprop~=dateCreated]"] {
        if let Some(d) = doc.select(sel).nodes().iter().find_map(attr_date) {
            return Some(d);
        }
    }
    let times: Vec<NodeRef> = doc
        .select("time")
        .nodes()
        .iter()
        .filter(|n| !in_foreign(n, &[]))
        .cloned()
        .collect();
    let published_time = times.iter().find(|n| {
        n.has_attr("pubdate")
            || n.attr("class").is_some_and(|c| {
                let c = c.to_lowercase();
                c.contains("publish") || c.contains("entry-date") || c.contains("post-date")
            })
    });
    if let Some(d) = published_time.and_then(attr_date) {
        return Some(d);
    }
    if let Some(d) = url.and_then(url_date) {
        return Some(d);
    }
    if let Some(d) = times.iter().find_map(attr_date) {
        return Some(d);
    }
    if let Some(d) = byline_date(shown(), authors) {
        return Some(d);
    }
    // elements classed as dates, bylines or article meta data, in document order
    let dated = doc.select("[class], [id]");
    let found = dated.nodes().iter().take(5000).find_map(|n| {
        let attrs = format!(
            "{} {}",
            n.attr("class").unwrap_or_default(),
            n.attr("id").unwrap_or_default()
        )
        .to_lowercase();
        let cue = [
            "date", "datum", "time", "publish", "posted", "byline", "meta", "info",
        ]
        .iter()
        .any(|c| attrs.contains(c));
        if !cue || in_foreign(n, &[]) {
            return None;
        }
        find_text_date(&spaced_text_upto(n, 299)?)
    });
    if found.is_some() {
        return found;
    }
    // the first date written after the headline, else anywhere in the page's text
    let s = shown();
    let from = s.headline.unwrap_or(0);
    if !loose {
        return find_text_date(s.window(from, 300));
    }
    // a date just before the headline (a kicker line "21. Jan 2022 // Autor")
    if let Some(d) = s.headline.and_then(|h| text_dates(s.before(h, 60)).last()) {
        return Some(d);
    }
    cued_date(s)
        .or_else(|| {
            UPDATE_CUE
                .find_iter(&s.body)
                .find_map(|m| find_text_date(s.window(m.end(), 40)))
        })
        .or_else(|| find_text_date(s.window(from, 3000)))
        .or_else(|| find_text_date(&s.body))
}

#[cfg(test)]
mod tests {
    use super::super::extract_metadata;

    fn published(html: &str) -> Option<String> {
        extract_metadata(html).published
    }

    #[test]
    fn machine_dates_against_shown_dates() {
        // a machine date the page never names gives way to the date shown with the headline
        let html = r#"<meta property="article:published_time" content="2022-11-17T10:33:13Z">
            <h1>Eignet sich eine Wärmepumpe?</h1><p>von Alex Muster</p><p>09.03.2022</p>
            <p>Text</p>"#;
        assert_eq!(published(html).as_deref(), Some("2022-03-09"));
        // where the page names the machine date, it stays
        let html = html.replace("<p>Text</p>", "<p>Neu am 17. November 2022</p>");
        assert_eq!(
            published(&html).as_deref(),
            Some("2022-11-17T10:33:13+00:00")
        );
        // a date in the address wins over a machine date days away from it
        let html = r#"<link rel=canonical href="https://b.example/home/2017/7/12/montauk">
            <script type="application/ld+json">{"@type":"BlogPosting",
            "datePublished":"2019-06-17T18:28:00+0200"}</script><p>Text</p>"#;
        assert_eq!(published(html).as_deref(), Some("2017-07-12"));
    }

    #[test]
    fn dates_after_cues_and_bylines() {
        // a generic <meta name="date"> gives way to a date after a publication cue, wherever
        let html = r#"<meta name="date" content="2021-10-15"><h1>Titel</h1><p>Lorem ipsum.</p>
            <p>Erschienen am: 13.10.2021</p><p>Zuletzt geändert am: 15.10.2021</p>"#;
        assert_eq!(published(html).as_deref(), Some("2021-10-13"));
        // without a publication cue, the date after an update cue beats one in running text
        let long = "Ein Satz ohne Zahl. ".repeat(30);
        let html = format!(
            "<h1>Eintrag</h1><p>{long}Bild vom 31.05.2021.</p><p>Letzte Änderung: 14.01.2022 um 09:25</p>"
        );
        assert_eq!(published(&html).as_deref(), Some("2022-01-14T09:25:00"));
        // a date right before the headline (a kicker line) beats a teaser's date after it
        let html = format!(
            "<p>Blog 21. Jan 2022 // Dominik Muster</p><h1>Perfekte Schnitte</h1><p>{long}</p>\
             <p>Das könnte Sie interessieren: 06. Aug 2020 // Tipps</p>"
        );
        assert_eq!(published(&html).as_deref(), Some("2022-01-21"));
        // a date right after the byline's name beats a news list's dates
        let html = r#"<ul><li><span class="newsitem-time">29.11.2022</span> Andere Meldung</li></ul>
            <div class="headline">Energiepreiskrise</div><h5><em>Von Leonora Berger</em></h5>
            <p>(21. November 2022) Energieverbraucher erhalten ...</p>"#;
        assert_eq!(published(html).as_deref(), Some("2022-11-21"));
    }
}
