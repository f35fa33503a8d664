//! Author names as pages write them: byline prefixes ("Von", "By", "Autor:") and trailing
//! dates cut, several names split, implausible names (URLs, sentences, UI words) rejected.
//! It works on strings only: where a name comes from is the caller's business.

use regex::Regex;
use std::sync::LazyLock;

/// Byline prefixes (de, en, fr, es, it, nl, pt), longest first.
static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:written|posted|published|reported|story|text|words|photos?|fotos?)\s+(?:by|von)|geschrieben\s+von|ein\s+(?:beitrag|artikel|kommentar|gastbeitrag)\s+von|verfasst\s+von|veröffentlicht\s+von|autor(?:in)?|author|text|von|by|par|por|door|from)\s*[:\-–]?\s+",
    )
    .expect("valid prefix pattern")
});

/// Separators between several names.
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:[;,&]|\s/\s|\s(?:and|und|y|et|e|en|und\s+von)\s)\s*")
        .expect("valid separator pattern")
});

/// Words that say a string is page furniture or prose, not a name (lowercase).
const NOT_NAMES: &[&str] = &[
    "comment",
    "comments",
    "kommentar",
    "kommentare",
    "share",
    "teilen",
    "follow",
    "folgen",
    "mehr",
    "more",
    "read",
    "lesen",
    "posts",
    "beiträge",
    "artikel",
    "articles",
    "view",
    "profile",
    "profil",
    "contact",
    "kontakt",
    "login",
    "anmelden",
    "newsletter",
    "subscribe",
    "abonnieren",
    "minuten",
    "minutes",
    "min",
    "lesezeit",
    "updated",
    "aktualisiert",
    "published",
    "veröffentlicht",
    "uhr",
    "http",
    "https",
    "www",
    "unknown",
    "anonymous",
    "null",
    "undefined",
    "admin",
    "administrator",
];

/// One name cleaned, or `None` when `raw` does not look like a name.
pub fn clean_name(raw: &str) -> Option<String> {
    let mut s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    // a byline often goes on with a date or a role after a bar or a bullet
    for sep in [" | ", " • ", " · ", " – ", " — ", "|", "•"] {
        if let Some((head, _)) = s.split_once(sep) {
            s = head.to_string();
        }
    }
    loop {
        let t = s.trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '·' | '(' | ')')
        });
        let t = PREFIX.replace(t, "").to_string();
        if t == s {
            break;
        }
        s = t;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let lower = s.to_lowercase();
    let bad = s.is_empty()
        || s.chars().count() > 70
        || words.len() > 7
        || s.contains("://")
        || lower.starts_with("www.")
        || s.contains('@')
        || s.ends_with(['.', '!', '?']) && words.len() > 3
        || s.chars().filter(char::is_ascii_digit).count() > 4
        || !s.chars().any(char::is_alphabetic)
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| NOT_NAMES.contains(&w));
    (!bad).then_some(s)
}

/// The names in `raw` ("Anna Muster und Ben Beispiel", "A, B & C"), each cleaned.
pub fn split_names(raw: &str) -> Vec<String> {
    let cleaned = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let cleaned = PREFIX.replace(cleaned.trim(), "");
    SEPARATOR
        .split(&cleaned)
        .filter_map(clean_name)
        .filter(|n| !is_title_suffix(n))
        .collect()
}

/// Degrees and roles that follow a name after a comma ("Jane Doe, PhD").
fn is_title_suffix(s: &str) -> bool {
    matches!(
        s.to_lowercase().trim_end_matches('.'),
        "phd" | "md" | "jr" | "sr" | "dr" | "prof" | "mba" | "ma" | "msc" | "bsc" | "ll.m"
    )
}

/// Adds `names` to `out`, skipping ones already there (ignoring case).
pub fn push_unique(out: &mut Vec<String>, names: impl IntoIterator<Item = String>) {
    for n in names {
        if !out.iter().any(|o| o.to_lowercase() == n.to_lowercase()) {
            out.push(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_and_split() {
        assert_eq!(
            split_names("Von Roland Brockmann und Sebastian Drescher"),
            ["Roland Brockmann", "Sebastian Drescher"]
        );
        assert_eq!(
            split_names("By CLARA LÖW, SIDDHARTH PRAKASH & KLAUS JACOB"),
            ["CLARA LÖW", "SIDDHARTH PRAKASH", "KLAUS JACOB"]
        );
        assert_eq!(split_names("Autor: Jane Doe, PhD"), ["Jane Doe"]);
        assert_eq!(split_names("Anna Muster | 04.12.2026"), ["Anna Muster"]);
        assert_eq!(split_names("hessenschau.de/bb"), ["hessenschau.de/bb"]);
        for bad in [
            "https://www.facebook.com/x",
            "Alle Artikel von Anna",
            "3 Kommentare",
            "Dies ist ein ganzer Satz mit vielen Wörtern darin.",
            "",
        ] {
            assert!(split_names(bad).is_empty(), "{bad}");
        }
    }
}
