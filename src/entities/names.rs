//! Name keys (rule 1): what the name in a mention is — titles, honorifics, articles and
//! possessives stripped, lowercase words, acronym shape, German inflection and genitive forms.
//! Pure functions of one string; knows nothing of a document, its items or its entities.

use crate::types::EntityLabel;

/// Titles and honorifics that may lead a person mention and do not belong to the name.
pub(super) const HONORIFICS: &[&str] = &[
    "herr", "herrn", "frau", "dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
    "sir", "dame", "lord", "lady", "monsieur", "m.", "mme", "mme.", "madame", "señor", "señora",
    "sr.", "sra.", "don", "doña", "dhr.", "mevrouw", "mevr.",
];

/// Titles that may lead a person mention ("General Musharraf", "Prime Minister Boris
/// Johnson"); stripped from PER mentions only ("General Motors" keeps its name).
const PERSON_TITLES: &[&str] = &[
    "general",
    "gen",
    "gen.",
    "col",
    "col.",
    "capt",
    "capt.",
    "president",
    "präsident",
    "präsidentin",
    "kanzler",
    "kanzlerin",
    "bundeskanzler",
    "bundeskanzlerin",
    "chancellor",
    "senator",
    "governor",
    "king",
    "queen",
    "könig",
    "königin",
    "prince",
    "princess",
    "prinz",
    "prinzessin",
    "pope",
    "papst",
    "judge",
    "colonel",
    "captain",
    "bishop",
    "bischof",
    "professor",
    "professorin",
    "minister",
    "ministerin",
    "premier",
    "premierminister",
    "premierministerin",
    "prime",
    "coach",
    "trainer",
    "sheikh",
    "ayatollah",
];

/// Articles that may lead a mention ("der NATO", "the BBC").
const ARTICLES: &[&str] = &[
    "der", "die", "das", "des", "dem", "den", "the", "le", "la", "les", "el", "los", "las",
];

/// Lowercase words allowed inside a long form ("Bank of England", "Amt für Statistik").
pub(super) const CONNECTORS: &[&str] = &[
    "of", "for", "the", "and", "on", "in", "to", "de", "du", "des", "la", "le", "et", "für", "der",
    "die", "das", "und", "von", "zur", "zum", "del", "y", "van", "voor", "en", "e", "do", "da",
    "&",
];

/// The name in a mention: without leading honorifics, person titles (for PER mentions)
/// and lowercase articles, and without a trailing possessive; and whether an honorific
/// led it.
pub(super) fn strip_name(surface: &str, label: EntityLabel) -> (String, bool) {
    let mut rest = surface.trim();
    let mut honorific = false;
    while let Some((first, tail)) = rest.split_once(char::is_whitespace) {
        let w = first.to_lowercase();
        if HONORIFICS.contains(&w.as_str()) {
            honorific = true;
        } else {
            let title = label == EntityLabel::PER && PERSON_TITLES.contains(&w.as_str());
            let article = ARTICLES.contains(&w.as_str()) && first.chars().all(char::is_lowercase);
            if !(title || article) {
                break;
            }
        }
        rest = tail.trim_start();
    }
    let rest = strip_possessive(rest);
    (rest.to_string(), honorific)
}

/// Lowercase words of a name for matching: [`words`] without a leading article
/// ("The Office" matches "Office").
pub(super) fn key_words(name: &str) -> Vec<String> {
    let mut toks = words(name);
    while toks.len() > 1 && ARTICLES.contains(&toks[0].as_str()) {
        toks.remove(0);
    }
    toks
}

/// "Japan's" → "Japan", "Scholz'" → "Scholz"; other text unchanged.
fn strip_possessive(s: &str) -> &str {
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(stem) = s.strip_suffix(suffix) {
            if stem.chars().last().is_some_and(char::is_alphanumeric) {
                return stem;
            }
        }
    }
    s
}

/// Lowercase words of a name, punctuation trimmed (hyphens, dots and `&` kept inside).
fn words(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// An acronym: 2 to 8 characters, uppercase letters (and digits or `&`), starting with a
/// letter, at least two uppercase letters ("NATO", "EZB", "G7" is not).
pub(super) fn is_acronym(s: &str) -> bool {
    let n = s.chars().count();
    (2..=8).contains(&n)
        && s.chars().next().is_some_and(|c| c.is_uppercase())
        && s.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&')
        && s.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// Lowercase letters and digits of an acronym.
pub(super) fn acronym_letters(acr: &str) -> Vec<char> {
    acr.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Folds umlauts for stem comparison (europäisch ~ europa).
pub(super) fn fold(s: &str) -> Vec<char> {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ä' => 'a',
            'ö' => 'o',
            'ü' => 'u',
            'é' | 'è' => 'e',
            c => c,
        })
        .collect()
}

/// German: declined adjectives in a name folded ("europäischen union" → "europäische union").
pub(super) fn norm_key(toks: &[String], de: bool) -> String {
    if !de {
        return toks.join(" ");
    }
    let n = toks.len();
    toks.iter()
        .enumerate()
        .map(|(i, t)| {
            if i + 1 < n && t.chars().count() >= 5 {
                for e in ["en", "er", "es", "em"] {
                    if let Some(stem) = t.strip_suffix(e) {
                        return format!("{stem}e");
                    }
                }
            }
            t.clone()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Genitive variants of a name: the last word without `-s` / `-es` / `-'s`.
pub(super) fn genitive_variants(toks: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    if let Some(last) = toks.last() {
        for suffix in ["s", "es", "'s", "’s", "'", "’"] {
            if let Some(stem) = last.strip_suffix(suffix) {
                if stem.chars().count() >= 3 {
                    let mut v = toks.to_vec();
                    *v.last_mut().expect("non-empty") = stem.to_string();
                    out.push(v);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::EntityLabel;

    #[test]
    fn names_without_titles_and_possessives() {
        let per = EntityLabel::PER;
        assert_eq!(strip_name("Herrn Rutte", per), ("Rutte".into(), true));
        assert_eq!(strip_name("Mr. Johnson", per), ("Johnson".into(), true));
        assert_eq!(
            strip_name("der NATO", EntityLabel::ORG),
            ("NATO".into(), false)
        );
        assert_eq!(
            strip_name("The Office", EntityLabel::ORG),
            ("The Office".into(), false)
        );
        assert_eq!(key_words("The Office"), ["office"]);
        assert_eq!(
            strip_name("Japan's", EntityLabel::LOC),
            ("Japan".into(), false)
        );
        assert_eq!(strip_name("Herr", per), ("Herr".into(), false));
        assert_eq!(
            strip_name("General Musharraf", per),
            ("Musharraf".into(), false)
        );
        assert_eq!(
            strip_name("General Motors", EntityLabel::ORG),
            ("General Motors".into(), false)
        );
        assert_eq!(
            strip_name("Prime Minister Boris Johnson", per),
            ("Boris Johnson".into(), false)
        );
    }
}
