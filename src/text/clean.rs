//! Boilerplate removal for text pasted or scraped from web pages: story text and title out.
//! Plain text only: it knows no HTML markup (see [`super::html`]) and no model.
//!
//! The text is cut into blocks (lines). Each block is classified in the spirit of
//! jusText (Pomikálek 2011): blocks matching page furniture (source and tag lines,
//! comment counters, "related" lists, photo credits, cookie/newsletter prompts) or
//! repeated elsewhere in the page are *bad*; long blocks that end like prose and have
//! a normal share of function words are *good*; the rest is *short* or *near-good*.
//! The story is the run from the first to the last good block (widened over adjacent
//! near-good blocks), cut at the first end marker ("Quelle:", "Tags:", "Related", ...).
//! A headline-like block just before the story becomes the title.

use super::lexicon;
use std::collections::{HashMap, HashSet};

/// The story found in pasted text.
#[derive(Clone, Debug, PartialEq)]
pub struct Cleaned {
    /// Headline found before the story, if any.
    pub title: Option<String>,
    /// The story, blocks separated by blank lines.
    pub text: String,
    /// Every block of the text looked like page furniture (menus, breadcrumbs, buttons,
    /// counters): no story was found, and `text` is all of it, kept rather than dropped.
    pub furniture_only: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Bad,
    Short,
    NearGood,
    Good,
}

/// Prefixes (lowercase) of blocks that are page furniture, never story text (besides the
/// [`END_MARKERS`], which are furniture too).
pub(super) const PAGE_FURNITURE: &[&str] = &[
    "topics:",
    "comment (",
    "no data",
    "keine daten",
    "mehr aus",
    "lesen sie mehr",
    "weitere nachrichten",
    "share",
    "teilen",
    "drucken",
    "print",
    "copyright",
    "©",
    "(c) ",
    "all rights reserved",
    "alle rechte vorbehalten",
    "advertisement",
    "anzeige",
    "werbung",
    "cookie",
    "newsletter",
    "follow us",
    "folgen sie uns",
    "sign up",
    "subscribe",
    "abonnieren",
    "jetzt abonnieren",
    "login",
    "log in",
    "anmelden",
    "registrieren",
    "zur startseite",
    "startseite",
    "home",
    "menu",
    "menü",
    "navigation",
    "suche",
    "search",
    "loading",
    "wird geladen",
    "foto:",
    "fotos:",
    "photo:",
    "photos:",
    "bild:",
    "image:",
    "credit:",
    "video:",
    "audio:",
    "zum artikel",
    "artikel teilen",
    "facebook",
    "twitter",
    "whatsapp",
    "linkedin",
    "e-mail",
    "email",
    "bookmark",
    "merken",
    "feedback",
    "impressum",
    "datenschutz",
    "privacy",
    "terms of",
    "nutzungsbedingungen",
    "kontakt",
    "contact us",
    "about us",
    "über uns",
];

/// Blocks starting like this end the story: what follows is lists of other articles.
pub(super) const END_MARKERS: &[&str] = &[
    "quelle:",
    "source:",
    "sources:",
    "etikett:",
    "tags:",
    "tag:",
    "schlagworte:",
    "schlagwörter:",
    "themen:",
    "kommentar (",
    "kommentare (",
    "comments (",
    "gleiches thema",
    "gleiche kategorie",
    "gleicher autor",
    "ähnliche artikel",
    "verwandte artikel",
    "mehr zum thema",
    "lesen sie auch",
    "weitere artikel",
    "das könnte sie auch interessieren",
    "related",
    "read more",
    "more from",
    "more on this",
    "see also",
    "you may also like",
    "recommended",
    "most read",
    "most popular",
    "meistgelesen",
    "top stories",
];

pub(super) fn lower_starts_with_any(lower: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| {
        lower.starts_with(p)
            && (p.ends_with(':')
                || p.ends_with('(')
                || p.ends_with(' ')
                || lower[p.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric()))
    })
}

pub(super) fn is_photo_credit(block: &str) -> bool {
    let lower = block.to_lowercase();
    [
        "(foto",
        "(photo",
        "(bild",
        "(image",
        "(credit",
        "foto: ",
        "photo: ",
        "bild: ",
        "getty images",
        "(picture",
    ]
    .iter()
    .any(|p| lower.contains(p))
        && block.split_whitespace().count() < 60
}

fn is_domain_like(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    let lower = w.to_lowercase();
    lower.starts_with("http")
        || lower.starts_with("www.")
        || lower.rsplit_once('.').is_some_and(|(a, tld)| {
            !a.is_empty()
                && a.chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
                && matches!(
                    tld,
                    "com"
                        | "de"
                        | "vn"
                        | "org"
                        | "net"
                        | "uk"
                        | "at"
                        | "ch"
                        | "fr"
                        | "io"
                        | "eu"
                        | "info"
                        | "news"
                )
        })
}

fn ends_like_prose(block: &str) -> bool {
    block.trim_end().chars().next_back().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '"' | '“' | '”' | '»' | '«' | '…' | ')' | '\'' | '’' | ':'
        )
    })
}

fn word_set(block: &str) -> HashSet<String> {
    block
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn classify(block: &str, lang: &str) -> Class {
    let lower = block.to_lowercase();
    if lower_starts_with_any(&lower, PAGE_FURNITURE)
        || lower_starts_with_any(&lower, END_MARKERS)
        || is_photo_credit(block)
    {
        return Class::Bad;
    }
    let words: Vec<&str> = block.split_whitespace().collect();
    let alpha_words = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    if alpha_words == 0 {
        return Class::Bad;
    }
    if words
        .iter()
        .all(|w| is_domain_like(w) || !w.chars().any(char::is_alphabetic))
    {
        return Class::Bad;
    }
    // navigation crumbs: "Home > Politik > Ausland", "Sport | Kultur | Wirtschaft"
    let separators = words
        .iter()
        .filter(|w| matches!(**w, ">" | "»" | "›" | "|" | "/" | "·" | "•"))
        .count();
    if separators >= 2 && separators * 3 >= words.len() {
        return Class::Bad;
    }
    let stops = lexicon::stopwords(lang);
    let density = if stops.is_empty() {
        0.3
    } else {
        words
            .iter()
            .filter(|w| lexicon::is_stopword(lang, w.trim_matches(|c: char| !c.is_alphanumeric())))
            .count() as f32
            / words.len() as f32
    };
    let prose = ends_like_prose(block);
    if alpha_words >= 10 && prose && density >= 0.15 {
        Class::Good
    } else if alpha_words >= 5 && prose && density >= 0.1 {
        Class::NearGood
    } else {
        Class::Short
    }
}

fn is_headline_like(block: &str) -> bool {
    let words: Vec<&str> = block.split_whitespace().collect();
    let n = words.len();
    if !(3..=30).contains(&n) || block.ends_with('.') || block.ends_with(':') {
        return false;
    }
    if words
        .iter()
        .any(|w| is_domain_like(w) || matches!(*w, "|" | ">" | "»" | "›" | "-" | "–" | "/" | "·"))
    {
        return false;
    }
    let alpha = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let digits = block.chars().filter(char::is_ascii_digit).count();
    alpha * 4 >= n * 3 && digits * 4 < block.len()
}

/// Finds the story (and a headline) in text pasted from a web page.
///
/// `lang` is the ISO 639-1 code of the text (used for function-word statistics).
/// Text without page furniture comes back unchanged apart from whitespace: a single
/// short sentence is kept as it is.
pub fn clean_pasted(text: &str, lang: &str) -> Cleaned {
    let blocks: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    if blocks.is_empty() {
        return Cleaned {
            title: None,
            text: String::new(),
            furniture_only: false,
        };
    }
    let mut class: Vec<Class> = blocks.iter().map(|b| classify(b, lang)).collect();

    // Repeated blocks (captions, teasers, menus): exact repeats are dropped everywhere,
    // near-duplicates keep their last copy (the one in the article body).
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for b in &blocks {
        *seen.entry(b.as_str()).or_default() += 1;
    }
    let sets: Vec<HashSet<String>> = blocks.iter().map(|b| word_set(b)).collect();
    for i in 0..blocks.len() {
        if seen[blocks[i].as_str()] > 1 && blocks[i].split_whitespace().count() >= 3 {
            class[i] = Class::Bad;
            continue;
        }
        if sets[i].len() >= 8 {
            for j in i + 1..blocks.len().min(i + 200) {
                if sets[j].len() >= 8 && blocks[j] != blocks[i] {
                    let inter = sets[i].intersection(&sets[j]).count();
                    let union = sets[i].len() + sets[j].len() - inter;
                    if inter as f32 >= 0.6 * union as f32 {
                        class[i] = Class::Bad;
                        break;
                    }
                }
            }
        }
    }

    let lowers: Vec<String> = blocks.iter().map(|b| b.to_lowercase()).collect();
    let Some(first_good) = class.iter().position(|c| *c == Class::Good) else {
        // No prose block: keep everything that is not furniture (or everything).
        let kept: Vec<&str> = blocks
            .iter()
            .zip(&class)
            .filter(|(_, c)| **c != Class::Bad)
            .map(|(b, _)| b.as_str())
            .collect();
        let furniture_only = kept.is_empty();
        let kept = if furniture_only {
            blocks.iter().map(String::as_str).collect()
        } else {
            kept
        };
        return Cleaned {
            title: None,
            text: kept.join("\n\n"),
            furniture_only,
        };
    };
    // The story ends at the first end marker after it began.
    // Only a short marker block ("Mehr zum Thema", "Quelle: dpa") ends it; an inline
    // teaser ("Lesen Sie auch: <headline>") is dropped like other furniture.
    let end_limit = (first_good + 1..blocks.len())
        .find(|&i| {
            lower_starts_with_any(&lowers[i], END_MARKERS)
                && blocks[i].split_whitespace().count() <= 6
        })
        .unwrap_or(blocks.len());
    let last_good = (first_good..end_limit)
        .rev()
        .find(|&i| class[i] == Class::Good)
        .unwrap_or(first_good);
    let mut start = first_good;
    while start > 0 && class[start - 1] == Class::NearGood {
        start -= 1;
    }
    let mut end = last_good + 1;
    while end < end_limit && class[end] == Class::NearGood {
        end += 1;
    }
    let kept: Vec<&str> = (start..end)
        .filter(|&i| class[i] != Class::Bad)
        .map(|i| blocks[i].as_str())
        .collect();

    let title = (start.saturating_sub(8)..start)
        .filter(|&i| class[i] != Class::Bad && is_headline_like(&blocks[i]))
        .max_by_key(|&i| (blocks[i].split_whitespace().count().min(12), i))
        .map(|i| blocks[i].clone());
    Cleaned {
        title,
        text: kept.join("\n\n"),
        furniture_only: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_plain_text() {
        let c = clean_pasted("Angela Merkel visited Paris.", "en");
        assert_eq!(c.text, "Angela Merkel visited Paris.");
        assert_eq!(c.title, None);
        assert!(!c.furniture_only);
    }

    #[test]
    fn furniture_only_is_kept_and_said() {
        let text = "Startseite > Politik > Ausland\n\nKommentare (12)\n\nTeilen\nDrucken";
        let c = clean_pasted(text, "de");
        assert!(c.furniture_only);
        assert_eq!(
            c.text,
            "Startseite > Politik > Ausland\n\nKommentare (12)\n\nTeilen\n\nDrucken"
        );
        // a headline alone is no furniture
        let c = clean_pasted("Bundestag beschließt Haushalt", "de");
        assert!(!c.furniture_only);
    }

    #[test]
    fn german_page_paste_with_inline_teaser() {
        let page = "Startseite > Ausland > Asien\n\nTeilen\n\nRegierung in Berlin plant neue Hilfen für Kommunen\n\nStand: 10.04.2025 14:32 Uhr\n\nVon Max Mustermann\n\nDie Bundesregierung will den Kommunen in diesem Jahr mit zusätzlichen Milliarden helfen, wie das Finanzministerium am Donnerstag mitteilte.\n\nLesen Sie auch: Städtetag fordert mehr Geld für Schulen und Kitas im ganzen Land\n\nAnzeige\n\nDie Länder hatten zuvor in einem gemeinsamen Brief an den Kanzler auf die schwierige Lage der Haushalte hingewiesen.\n\nMehr zum Thema\n\nHaushaltsstreit: Die Koalition ringt um jeden Euro und sucht nach einem Kompromiss.\n\nKommentare (12)";
        let c = clean_pasted(page, "de");
        assert_eq!(
            c.title.as_deref(),
            Some("Regierung in Berlin plant neue Hilfen für Kommunen")
        );
        assert!(c.text.starts_with("Die Bundesregierung will"), "{}", c.text);
        assert!(c.text.ends_with("Haushalte hingewiesen."), "{}", c.text);
        for junk in [
            "Lesen Sie auch",
            "Anzeige",
            "Teilen",
            "Stand:",
            "Haushaltsstreit",
            "Mustermann",
        ] {
            assert!(!c.text.contains(junk), "{junk} in {}", c.text);
        }
    }

    #[test]
    fn english_page_paste() {
        let page = "Home > News > World\n\nSign up for our newsletter\n\nLeaders agree on climate deal in Paris\n\n12 March 2025\n\nWorld leaders meeting in Paris agreed on Monday to cut emissions faster than planned, officials said after the talks.\n\nThe agreement was welcomed by environmental groups, who had warned that the previous targets were far too weak.\n\nA protester outside the venue. (Photo: Reuters)\n\nShare this article\n\nRelated stories\n\nStock markets fall in Asia\nNew phone launched by tech giant\n\nComments (3)";
        let c = clean_pasted(page, "en");
        assert_eq!(
            c.title.as_deref(),
            Some("Leaders agree on climate deal in Paris")
        );
        assert!(c.text.starts_with("World leaders meeting"), "{}", c.text);
        assert!(c.text.ends_with("far too weak."), "{}", c.text);
        assert!(!c.text.contains("Photo"));
    }
}
