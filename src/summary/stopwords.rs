//! Stop words of the summarizer's frequency features and of keyphrases: small hand lists for
//! English and German, the ISO lists of the `stop-words` crate (stopwords-iso) for the other
//! languages. Data and a lookup by language; no scoring.

const EN: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "said",
    "same",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "s",
    "t",
    "would",
    "told",
    "year",
    "years",
    "new",
];

const DE: &[&str] = &[
    "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "ander",
    "andere", "anderen", "auch", "auf", "aus", "bei", "bin", "bis", "bist", "da", "damit", "dann",
    "das", "dass", "daß", "dem", "den", "denn", "der", "des", "dich", "die", "dies", "diese",
    "diesem", "diesen", "dieser", "dieses", "dir", "doch", "dort", "du", "durch", "ein", "eine",
    "einem", "einen", "einer", "eines", "er", "es", "etwa", "euch", "für", "gegen", "hat", "hatte",
    "hätte", "ich", "ihm", "ihn", "ihnen", "ihr", "ihre", "ihrem", "ihren", "ihrer", "im", "in",
    "ist", "jede", "jedem", "jeden", "jeder", "kann", "kein", "keine", "man", "mehr", "mit",
    "muss", "nach", "nicht", "noch", "nun", "nur", "ob", "oder", "ohne", "sehr", "sein", "seine",
    "seinem", "seinen", "seiner", "sich", "sie", "sind", "so", "soll", "sowie", "über", "um",
    "und", "uns", "unter", "vom", "von", "vor", "war", "waren", "was", "weil", "wenn", "werden",
    "wie", "wieder", "will", "wir", "wird", "wo", "wurde", "wurden", "zu", "zum", "zur", "zwei",
    "zwischen", "einen", "sei", "seit", "habe", "haben", "hatten", "worden", "jahr", "jahre",
];

/// The stop words of a language as a hash set, built once.
pub(crate) fn set(lang: &str) -> Option<&'static super::fasthash::FastSet<&'static str>> {
    use super::fasthash::FastSet;
    use std::sync::OnceLock;
    static EN_SET: OnceLock<FastSet<&'static str>> = OnceLock::new();
    static DE_SET: OnceLock<FastSet<&'static str>> = OnceLock::new();
    let (cell, words) = match lang {
        "en" => (&EN_SET, EN),
        "de" => (&DE_SET, DE),
        _ => return other(lang),
    };
    Some(cell.get_or_init(|| words.iter().copied().collect()))
}

/// The ISO stop-word list of a language other than English and German, built once (all of
/// them together, on first use: a few thousand words each for the ~50 languages).
fn other(lang: &str) -> Option<&'static super::fasthash::FastSet<&'static str>> {
    use super::fasthash::{FastMap, FastSet};
    use std::sync::OnceLock;
    static SETS: OnceLock<FastMap<&'static str, FastSet<&'static str>>> = OnceLock::new();
    SETS.get_or_init(|| {
        stop_words::available_languages()
            .iter()
            .filter(|l| !matches!(**l, "en" | "de"))
            .filter_map(|l| Some((*l, stop_words::lookup(l)?.iter().copied().collect())))
            .collect()
    })
    // stopwords-iso has one Norwegian list
    .get(if matches!(lang, "nb" | "nn") {
        "no"
    } else {
        lang
    })
}

#[cfg(test)]
mod tests {
    use super::set;

    #[test]
    fn every_language_with_a_model_has_stop_words() {
        for lang in [
            "en", "de", "es", "fr", "nl", "pt", "it", "pl", "cs", "sv", "da", "fi", "nb", "ro",
            "hu",
        ] {
            let s = set(lang).unwrap_or_else(|| panic!("no stop words for {lang}"));
            assert!(s.len() > 50, "{lang}: {}", s.len());
        }
        assert!(set("fr").unwrap().contains("pour"));
        assert!(set("it").unwrap().contains("della"));
        assert!(set("xx").is_none());
    }
}
