//! Language identification (through the `whatlang` crate), with ISO 639-1 codes.
//! Detection only: it changes no text and chooses no model.

use whatlang::Lang;

/// A detected language.
#[derive(Clone, Debug, PartialEq)]
pub struct Language {
    /// ISO 639-1 code where one exists (`"de"`), else ISO 639-3 (`"ceb"`).
    pub code: String,
    /// Confidence in `[0, 1]`.
    pub confidence: f32,
}

/// The part of `text` that [`detect_language`] looks at: whatlang looks at trigrams, and a
/// long text's first 20 kB are plenty and keep this fast.
pub(crate) fn sample(text: &str) -> &str {
    let mut cut = text.len().min(20_000);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// Detects the language of `text`; `None` when the text has too little to go on. The result
/// depends only on its first 20 kB.
pub fn detect_language(text: &str) -> Option<Language> {
    let sample = sample(text);
    let info = whatlang::detect(sample)?;
    let guess = Language {
        code: iso639_1(info.lang()).to_string(),
        confidence: info.confidence() as f32,
    };
    if info.is_reliable() && sample.split_whitespace().nth(30).is_some() {
        return Some(guess);
    }
    // Short texts: trigram statistics are weak, function words are a better vote.
    let hits: Vec<(usize, &str)> = ["de", "en", "fr", "es", "nl", "pt", "it"]
        .iter()
        .map(|l| {
            let n = sample
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty() && super::lexicon::is_stopword(l, w))
                .count();
            (n, *l)
        })
        .collect();
    let best = hits.iter().map(|h| h.0).max().unwrap_or(0);
    if best == 0 {
        return Some(guess);
    }
    let tied: Vec<Lang> = hits
        .iter()
        .filter(|h| h.0 == best)
        .filter_map(|h| Lang::from_code(iso639_3(h.1)))
        .collect();
    if tied.iter().any(|l| iso639_1(*l) == guess.code) {
        return Some(guess);
    }
    let pick = if tied.len() == 1 {
        tied[0]
    } else {
        whatlang::Detector::with_allowlist(tied.clone())
            .detect_lang(sample)
            .unwrap_or(tied[0])
    };
    Some(Language {
        code: iso639_1(pick).to_string(),
        confidence: 0.5,
    })
}

fn iso639_3(code: &str) -> &'static str {
    match code {
        "de" => "deu",
        "en" => "eng",
        "fr" => "fra",
        "es" => "spa",
        "nl" => "nld",
        "pt" => "por",
        _ => "ita",
    }
}

/// ISO 639-1 code of a whatlang language (ISO 639-3 where no two-letter code exists).
fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Deu => "de",
        Lang::Eng => "en",
        Lang::Fra => "fr",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Nld => "nl",
        Lang::Pol => "pl",
        Lang::Ces => "cs",
        Lang::Slk => "sk",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Nob => "nb",
        Lang::Fin => "fi",
        Lang::Est => "et",
        Lang::Lav => "lv",
        Lang::Lit => "lt",
        Lang::Hun => "hu",
        Lang::Ron => "ro",
        Lang::Bul => "bg",
        Lang::Ell => "el",
        Lang::Rus => "ru",
        Lang::Ukr => "uk",
        Lang::Bel => "be",
        Lang::Tur => "tr",
        Lang::Ara => "ar",
        Lang::Heb => "he",
        Lang::Pes => "fa",
        Lang::Hin => "hi",
        Lang::Ben => "bn",
        Lang::Urd => "ur",
        Lang::Cmn => "zh",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        Lang::Vie => "vi",
        Lang::Tha => "th",
        Lang::Ind => "id",
        Lang::Cat => "ca",
        Lang::Epo => "eo",
        Lang::Lat => "la",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_german_and_english() {
        let de = detect_language("Der japanische Premierminister und der Generalsekretär der NATO vereinbarten eine Stärkung der Zusammenarbeit.").unwrap();
        assert_eq!(de.code, "de");
        let en = detect_language("The prime minister and the secretary general agreed to strengthen their cooperation on defence.").unwrap();
        assert_eq!(en.code, "en");
        assert!(detect_language("").is_none());
    }
}
