//! Lemma-like stems of tokens for the `full-stems` feature set: the Snowball stemmer of the
//! model's language (rust-stemmers), a light case-ending stripper for Czech, or the word
//! minus its last letters. Sets [`Tok::stem`]; computes no features and reads no files.

use super::hash::{hash_str, IdMap};
use super::token::{lower, CasingTable, Tok, CASE_MIXED};
use std::borrow::Cow;

/// How a language's words are stemmed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Stemmer {
    /// A Snowball stemmer (rust-stemmers).
    Snowball(rust_stemmers::Algorithm),
    /// A Snowball stemmer whose stems are cut to at most this many characters (Finnish:
    /// consonant gradation leaves "Helsinki" and "Helsingin" apart as "helsink" and
    /// "helsing"; both become "helsi").
    SnowballCut(rust_stemmers::Algorithm, u8),
    /// Czech: the longest known case ending is stripped (at least 3 letters stay).
    Czech,
    /// Any other language: the word minus its last 2 letters (at least 4 letters stay).
    Truncate,
    /// The first letters of the word, at most this many (the multilingual model's
    /// gazetteer matches on prefixes: `crate::ner::features::FeatureSet::prefixes`).
    Prefix(u8),
}

/// Czech noun and adjective case endings, longest first within each length.
const CS_ENDINGS: [&str; 44] = [
    "ovými", "ového", "ovému", "ových", "ovým", "ovou", "ata", "aty", "atům", "ech", "ého", "ému",
    "ích", "ími", "ých", "ými", "ách", "ami", "ové", "ovi", "ovy", "ou", "em", "ám", "ím", "ům",
    "ým", "mi", "ej", "ho", "a", "e", "i", "o", "u", "y", "ů", "ě", "é", "í", "á", "ý", "ú", "ó",
];

impl Stemmer {
    /// The stemmer of a language (ISO 639-1 code).
    pub(crate) fn for_language(lang: &str) -> Stemmer {
        match (lang, crate::keyphrases::snowball(lang)) {
            ("cs", _) => Stemmer::Czech,
            // chosen on Turku NER dev (models/ner-fi.md): cut stems 72.26, whole 71.26
            ("fi", Some(a)) => Stemmer::SnowballCut(a, 5),
            (_, Some(a)) => Stemmer::Snowball(a),
            _ => Stemmer::Truncate,
        }
    }

    /// The stem of a lowercase word.
    pub(crate) fn stem<'a>(&self, low: &'a str) -> Cow<'a, str> {
        match self {
            Stemmer::Snowball(a) => rust_stemmers::Stemmer::create(*a).stem(low),
            Stemmer::SnowballCut(a, k) => {
                cut(rust_stemmers::Stemmer::create(*a).stem(low), *k as usize)
            }
            Stemmer::Czech => Cow::Borrowed(czech_stem(low)),
            Stemmer::Truncate => Cow::Borrowed(truncate(low, 2, 4)),
            Stemmer::Prefix(k) => cut(Cow::Borrowed(low), *k as usize),
        }
    }

    /// Sets the stem hash and the stem's casing class (from `scasing`, see
    /// [`Stemmer::casing`]) of each token from its word.
    pub(crate) fn assign<S: AsRef<str>>(
        &self,
        toks: &mut [Tok],
        words: &[S],
        scasing: &impl CasingTable,
    ) {
        for (t, w) in toks.iter_mut().zip(words) {
            t.stem = hash_str(&self.stem(&lower(w.as_ref())));
            t.scase = scasing.class_of(t.stem);
        }
    }

    /// The casing classes of stems from the casing dictionary of words: a stem whose words
    /// all have one class gets it, other stems are mixed.
    pub(crate) fn casing<'a>(&self, casing: impl Iterator<Item = (&'a str, u8)>) -> IdMap<u64, u8> {
        let mut out: IdMap<u64, u8> = IdMap::default();
        for (w, c) in casing {
            let k = hash_str(&self.stem(w));
            let e = out.entry(k).or_insert(c);
            if *e != c {
                *e = CASE_MIXED;
            }
        }
        out
    }
}

/// The first `k` characters of a stem.
fn cut(s: Cow<'_, str>, k: usize) -> Cow<'_, str> {
    match s.char_indices().nth(k) {
        Some((i, _)) => match s {
            Cow::Borrowed(b) => Cow::Borrowed(&b[..i]),
            Cow::Owned(mut o) => {
                o.truncate(i);
                Cow::Owned(o)
            }
        },
        None => s,
    }
}

/// The word minus its last `k` characters, keeping at least `keep` of them.
fn truncate(w: &str, k: usize, keep: usize) -> &str {
    let n = w.chars().count();
    let cut = k.min(n.saturating_sub(keep));
    match w.char_indices().rev().nth(cut.wrapping_sub(1)) {
        Some((i, _)) if cut > 0 => &w[..i],
        _ => w,
    }
}

/// The Czech word without its longest case ending (at least 3 letters stay).
fn czech_stem(w: &str) -> &str {
    let n = w.chars().count();
    for e in CS_ENDINGS {
        if let Some(s) = w.strip_suffix(e) {
            if n - e.chars().count() >= 3 {
                return s;
            }
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::token::{CASE_CAP, CASE_LOWER};

    fn stem_of(lang: &str, w: &str) -> String {
        Stemmer::for_language(lang).stem(&lower(w)).into_owned()
    }

    #[test]
    fn forms_of_a_name_share_a_stem() {
        assert_eq!(stem_of("fi", "Suomen"), stem_of("fi", "Suomessa"));
        assert_eq!(stem_of("fi", "Helsingissä"), stem_of("fi", "Helsinki"));
        assert_eq!(stem_of("fi", "Helsingin"), "helsi");
        assert_eq!(stem_of("fi", "EU:n"), stem_of("fi", "EU:ssa"));
        assert_eq!(stem_of("sv", "Stockholms"), stem_of("sv", "Stockholm"));
        assert_eq!(stem_of("da", "Danmarks"), stem_of("da", "Danmark"));
        assert_eq!(stem_of("nb", "Norges"), stem_of("nb", "Norge"));
        assert_eq!(stem_of("cs", "Prahy"), stem_of("cs", "Prahou"));
        assert_eq!(stem_of("cs", "Prahy"), "prah");
        assert_eq!(stem_of("cs", "Zemana"), stem_of("cs", "Zemanovi"));
        // short words keep their letters
        assert_eq!(stem_of("cs", "do"), "do");
        assert_eq!(stem_of("xx", "Kraków"), "krak");
        assert_eq!(stem_of("xx", "Ulm"), "ulm");
        assert_eq!(truncate("ab", 2, 4), "ab");
        assert_eq!(truncate("abcdef", 2, 4), "abcd");
        assert_eq!(truncate("abcde", 2, 4), "abcd");
    }

    #[test]
    fn assign_sets_stem_hashes() {
        let c = IdMap::default();
        let words = ["Helsingin", "Helsinki", "ja"];
        let mut toks: Vec<Tok> = words.iter().map(|w| Tok::new(w, &c)).collect();
        assert!(toks.iter().all(|t| t.stem == 0));
        let s = Stemmer::for_language("fi");
        let sc = s.casing(
            [
                ("helsingin", CASE_CAP),
                ("helsinki", CASE_CAP),
                ("ja", CASE_LOWER),
            ]
            .into_iter(),
        );
        s.assign(&mut toks, &words, &sc);
        assert!(toks.iter().all(|t| t.stem != 0));
        assert_eq!(toks[2].stem, hash_str(&s.stem("ja")));
        assert_eq!(toks[2].scase, CASE_LOWER);
        assert_eq!(toks[0].scase, CASE_CAP);
    }
}
