//! JSON-LD (schema.org) in a page's `<script type="application/ld+json">` blocks: the
//! article object (`NewsArticle`, `Article`, `BlogPosting`, ..., also inside `@graph`) and
//! its headline, authors, dates, publisher, and the article text it declares (`articleBody`,
//! `HowTo` steps). It reads JSON only (the script elements of a parsed page) and parses no dates
//! or HTML.

use dom_query::Document;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// What a page's JSON-LD says about it (values as written, dates unparsed).
#[derive(Clone, Debug, Default)]
pub struct JsonLd {
    /// `headline` (or `name`) of the article object.
    pub headline: Option<String>,
    /// Names of the article's `author`s (strings, `Person` objects, `@id` references;
    /// `Organization` authors are left out).
    pub authors: Vec<String>,
    /// `datePublished` (else `dateCreated`).
    pub published: Option<String>,
    /// `dateModified`.
    pub modified: Option<String>,
    /// The publisher's name, or the `WebSite`'s.
    pub site_name: Option<String>,
    /// `url` or `mainEntityOfPage` of the article.
    pub url: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `image` (a URL, an `ImageObject`, or the first of a list).
    pub image: Option<String>,
    /// `inLanguage`.
    pub language: Option<String>,
}

/// The schema.org types (after any `http://schema.org/` prefix) of a node.
fn types(o: &Map<String, Value>) -> Vec<&str> {
    match o.get("@type") {
        Some(Value::String(s)) => vec![s.rsplit('/').next().unwrap_or(s)],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.rsplit('/').next().unwrap_or(s))
            .collect(),
        _ => Vec::new(),
    }
}

/// How much a node's types say it is the page's article: 2 for articles and posts, 1 for
/// pages and other creative works, 0 for the rest.
fn article_rank(o: &Map<String, Value>) -> u8 {
    let t = types(o);
    if t.iter()
        .any(|t| t.ends_with("Article") || t.ends_with("Posting") || *t == "Report")
    {
        2
    } else if t.iter().any(|t| {
        t.ends_with("Page") || matches!(*t, "Recipe" | "CreativeWork" | "Review" | "VideoObject")
    }) {
        1
    } else {
        0
    }
}

/// The nodes that are articles, pages or other works, best first (rank, then page order),
/// each with its rank (2 for an article or posting).
fn ranked<'a>(nodes: &[&'a Map<String, Value>]) -> Vec<(u8, usize, &'a Map<String, Value>)> {
    let mut ranked: Vec<(u8, usize, &Map<String, Value>)> = nodes
        .iter()
        .enumerate()
        .map(|(i, o)| (article_rank(o), i, *o))
        .filter(|(r, _, _)| *r > 0)
        .collect();
    ranked.sort_by_key(|&(r, i, _)| (std::cmp::Reverse(r), i));
    ranked
}

/// JSON as pages write it: with HTML comment or CDATA wrappers, raw line breaks inside
/// strings, a trailing semicolon.
fn parse_lenient(raw: &str) -> Option<Value> {
    let s = raw.trim();
    if let Ok(v) = serde_json::from_str(s) {
        return Some(v);
    }
    let s = s
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .replace("/*<![CDATA[*/", "")
        .replace("/*]]>*/", "")
        .replace(['\n', '\r', '\t'], " ");
    let s = s.trim().trim_end_matches(';');
    serde_json::from_str(s).ok()
}

/// All objects of a JSON-LD value: the value itself, list items and `@graph` members,
/// and objects nested in them (depth-first, in document order).
fn collect<'a>(v: &'a Value, out: &mut Vec<&'a Map<String, Value>>, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| collect(x, out, depth + 1)),
        Value::Object(o) => {
            out.push(o);
            for (k, x) in o {
                if k == "@graph" || matches!(x, Value::Object(_) | Value::Array(_)) {
                    collect(x, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(text),
        Value::Object(o) => o.get("@value").and_then(text),
        _ => None,
    }
}

/// Resolves a node that is only an `@id` reference to the full node.
fn resolve<'a>(
    o: &'a Map<String, Value>,
    ids: &HashMap<&str, &'a Map<String, Value>>,
) -> &'a Map<String, Value> {
    match (o.get("@id").and_then(Value::as_str), o.len()) {
        (Some(id), 1) => ids.get(id).copied().unwrap_or(o),
        _ => o,
    }
}

/// The names in `v`; with `people`, organisations are left out.
fn name_of(
    v: &Value,
    ids: &HashMap<&str, &Map<String, Value>>,
    out: &mut Vec<String>,
    people: bool,
) {
    match v {
        Value::String(s) => {
            if let Some(o) = ids.get(s.as_str()) {
                name_of(&Value::Object((*o).clone()), ids, out, people);
            } else if !s.trim().is_empty() {
                out.push(s.trim().to_string());
            }
        }
        Value::Array(a) => a.iter().take(20).for_each(|x| name_of(x, ids, out, people)),
        Value::Object(o) => {
            let o = resolve(o, ids);
            // an organisation (a newsroom, an agency, the publisher) did not write the article
            // (a blog's owner typed both `Person` and `Organization` is a person)
            let t = types(o);
            if people
                && t.iter()
                    .any(|t| matches!(*t, "Organization" | "NewsMediaOrganization" | "Corporation"))
                && !t.contains(&"Person")
            {
                return;
            }
            if let Some(n) = o.get("name").and_then(text) {
                out.push(n);
            } else {
                let parts: Vec<String> = ["givenName", "familyName"]
                    .iter()
                    .filter_map(|k| o.get(*k).and_then(text))
                    .collect();
                if !parts.is_empty() {
                    out.push(parts.join(" "));
                }
            }
        }
        _ => {}
    }
}

fn url_of(v: &Value, ids: &HashMap<&str, &Map<String, Value>>) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(|x| url_of(x, ids)),
        Value::Object(o) => {
            let o = resolve(o, ids);
            ["url", "contentUrl", "@id"]
                .iter()
                .find_map(|k| o.get(*k).and_then(|x| url_of(x, ids)))
        }
        _ => None,
    }
}

/// Reads the JSON-LD blocks of a page (their raw text).
pub fn read<S: AsRef<str>>(blocks: &[S]) -> JsonLd {
    let values = parse_blocks(blocks);
    let mut nodes = Vec::new();
    for v in &values {
        collect(v, &mut nodes, 0);
    }
    let ids: HashMap<&str, &Map<String, Value>> = nodes
        .iter()
        .filter(|o| o.len() > 1)
        .filter_map(|o| Some((o.get("@id")?.as_str()?, *o)))
        .collect();
    let mut out = JsonLd::default();
    // the article first, then pages and other works to fill what it lacks
    let ranked = ranked(&nodes);
    let get = |o: &Map<String, Value>, k: &str| o.get(k).and_then(text);
    for (rank, _, o) in ranked {
        let article = rank == 2;
        if out.headline.is_none() && article {
            out.headline = get(o, "headline").or_else(|| get(o, "name"));
        }
        if out.authors.is_empty() {
            for key in ["author", "creator"] {
                if let Some(a) = o.get(key) {
                    name_of(a, &ids, &mut out.authors, true);
                    break;
                }
            }
        }
        if out.published.is_none() {
            out.published = get(o, "datePublished").or_else(|| get(o, "dateCreated"));
        }
        if out.modified.is_none() {
            out.modified = get(o, "dateModified");
        }
        if out.site_name.is_none() {
            let mut names = Vec::new();
            // a person as publisher (a blog's owner) names no site
            if let Some(p) = o.get("publisher") {
                name_of(p, &ids, &mut names, false);
                let person = |v: &Value| match v {
                    Value::Object(o) => types(resolve(o, &ids)).contains(&"Person"),
                    _ => false,
                };
                if person(p) {
                    names.clear();
                }
            }
            out.site_name = names.into_iter().next();
        }
        if out.url.is_none() && article {
            out.url = o
                .get("mainEntityOfPage")
                .and_then(|v| url_of(v, &ids))
                .or_else(|| o.get("url").and_then(|v| url_of(v, &ids)));
        }
        if out.description.is_none() {
            out.description = get(o, "description");
        }
        if out.image.is_none() {
            out.image = o.get("image").and_then(|v| url_of(v, &ids));
        }
        if out.language.is_none() {
            out.language = get(o, "inLanguage");
        }
    }
    if out.site_name.is_none() {
        out.site_name = nodes
            .iter()
            .find(|o| types(o).contains(&"WebSite"))
            .and_then(|o| get(o, "name"));
    }
    out
}

/// The raw text of a page's JSON-LD blocks (`<script type="application/ld+json">`).
pub fn script_blocks(doc: &Document) -> Vec<String> {
    doc.select("script")
        .nodes()
        .iter()
        .filter(|n| {
            n.attr("type")
                .is_some_and(|t| t.to_lowercase().contains("ld+json"))
        })
        .map(|n| n.text().to_string())
        .collect()
}

/// The JSON-LD blocks of a page that parse.
fn parse_blocks<S: AsRef<str>>(blocks: &[S]) -> Vec<Value> {
    blocks
        .iter()
        .filter_map(|b| parse_lenient(b.as_ref()))
        .collect()
}

/// Where the JSON-LD text of an article came from ([`article_body`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodySource {
    /// The `articleBody` of the page's article (or of another work, when no article has one).
    ArticleBody,
    /// The `description` and `step`s of a `HowTo`.
    HowToSteps,
}

/// The text a page's JSON-LD gives for its main entity, as written (it may hold HTML), in
/// parts: the `articleBody` of the first article or posting that has one (else of a page
/// or other creative work, ranked as for the metadata), else the `description`, step names
/// and step texts of the first `HowTo`. `None` when there is neither.
pub fn article_body<S: AsRef<str>>(blocks: &[S]) -> Option<(Vec<String>, BodySource)> {
    let values = parse_blocks(blocks);
    let mut nodes = Vec::new();
    for v in &values {
        collect(v, &mut nodes, 0);
    }
    let ranked = ranked(&nodes);
    if let Some(body) = ranked
        .iter()
        .find_map(|(_, _, o)| o.get("articleBody").and_then(text))
    {
        return Some((vec![body], BodySource::ArticleBody));
    }
    let howto = nodes.iter().find(|o| types(o).contains(&"HowTo"))?;
    let mut parts: Vec<String> = howto
        .get("description")
        .and_then(text)
        .into_iter()
        .collect();
    if let Some(s) = howto.get("step") {
        steps(s, &mut parts, 0);
    }
    (!parts.is_empty()).then_some((parts, BodySource::HowToSteps))
}

/// The texts of a `HowTo`'s steps in order: a step given as text, else its `name` (unless
/// its text starts with it) and `text`, and the steps or directions listed in it
/// (`itemListElement`: `HowToSection`s, `HowToDirection`s, `HowToTip`s).
fn steps(v: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
        Value::Array(a) => a.iter().for_each(|x| steps(x, out, depth + 1)),
        Value::Object(o) => {
            let body = o.get("text").and_then(text);
            if let Some(name) = o.get("name").and_then(text) {
                if !body
                    .as_deref()
                    .is_some_and(|b| b.starts_with(name.as_str()))
                {
                    out.push(name);
                }
            }
            out.extend(body);
            if let Some(items) = o.get("itemListElement") {
                steps(items, out, depth + 1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_article_in_graph_with_references() {
        let block = r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","@id":"https://x.org/#site","name":"Beispiel-Zeitung"},
            {"@type":"Person","@id":"https://x.org/#anna","name":"Anna Muster"},
            {"@type":"WebPage","@id":"https://x.org/a","datePublished":"2020-01-01"},
            {"@type":["NewsArticle"],"headline":"Schlagzeile","author":[{"@id":"https://x.org/#anna"},
              {"@type":"Person","name":"Ben Beispiel"}],"datePublished":"2023-10-31T14:05:00+01:00",
             "publisher":{"@type":"Organization","name":"Verlag"},"mainEntityOfPage":"https://x.org/a",
             "image":{"@type":"ImageObject","url":"https://x.org/a.jpg"},"inLanguage":"de-DE"}]}"#;
        let j = read(&[block]);
        assert_eq!(j.headline.as_deref(), Some("Schlagzeile"));
        assert_eq!(j.authors, ["Anna Muster", "Ben Beispiel"]);
        assert_eq!(j.published.as_deref(), Some("2023-10-31T14:05:00+01:00"));
        assert_eq!(j.site_name.as_deref(), Some("Verlag"));
        assert_eq!(j.url.as_deref(), Some("https://x.org/a"));
        assert_eq!(j.image.as_deref(), Some("https://x.org/a.jpg"));
        assert_eq!(j.language.as_deref(), Some("de-DE"));
    }

    #[test]
    fn lenient_and_broken_blocks() {
        let j = read(&[
            "<!--{\"@type\":\"BlogPosting\",\"headline\":\"a\nb\"}-->",
            "{oops",
            "",
        ]);
        assert_eq!(j.headline.as_deref(), Some("a b"));
        let j = read(&[r#"{"@type":"NewsArticle","headline":"H",
            "author":[{"@type":"Organization","name":"BBC News"},{"@type":"Person","name":"Anna Muster"}]}"#]);
        assert_eq!(j.authors, ["Anna Muster"]);
        // a blog's owner, typed person and organisation, wrote and published the post
        let j = read(&[
            r#"{"@graph":[{"@type":["Person","Organization"],"@id":"x:me","name":"Anna Muster"},
            {"@type":"BlogPosting","author":{"@id":"x:me"},"publisher":{"@id":"x:me"}}]}"#,
        ]);
        assert_eq!(j.authors, ["Anna Muster"]);
        assert_eq!(j.site_name, None);
        let j = read(&["[{\"@type\":\"Organization\",\"name\":\"X\"}]"]);
        assert!(j.headline.is_none() && j.authors.is_empty());
    }
}
