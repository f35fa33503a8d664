//! The multilingual fallback entity model as a recognizer: which languages it serves (Latin
//! script, no model of their own), its name in the output and the warning each document it
//! serves carries. No tagging logic here (`crate::ner`); the analyzer decides nothing about it.

use crate::backend::{EntityRecognizer, RawMention};
use crate::error::Result;
use crate::ner::NerModel;
use crate::text::Prepared;
use std::sync::Arc;

/// The name the output's `entity_model` reports for documents the fallback served.
pub const NAME: &str = "multilingual";

/// Mean F1 of the fallback on a language it was not trained on: leave-one-language-out on
/// the test splits of es, nl, it, pl, cs, sv, fi (`docs/multilingual-ner.md`).
pub const LOLO_F1: f32 = 54.82;

/// Languages (ISO 639-1, as language identification reports them) written in Latin script:
/// those without a model of their own get the fallback. Languages of other scripts (Greek,
/// Cyrillic, Arabic, ...) and Serbian (both scripts) are not listed: they keep the "no entity
/// model" warning, since the model never saw their letters.
pub const LATIN_SCRIPT: &[&str] = &[
    "af", "an", "az", "br", "bs", "ca", "cs", "cy", "da", "de", "en", "eo", "es", "et", "eu", "fi",
    "fo", "fr", "ga", "gl", "hr", "ht", "hu", "id", "is", "it", "jv", "la", "lb", "lt", "lv", "mg",
    "ms", "mt", "nb", "nl", "nn", "no", "oc", "pl", "pt", "qu", "ro", "rw", "se", "sk", "sl", "sq",
    "sv", "sw", "tl", "tr", "vi", "wa", "xh", "zu",
];

/// True when the fallback may serve `language` (a Latin-script language; the caller asks
/// only for languages without a model of their own).
pub fn serves(language: &str) -> bool {
    LATIN_SCRIPT.contains(&language)
}

/// The built-in multilingual model serving languages it was not trained on.
pub struct Fallback(pub Arc<NerModel>);

impl EntityRecognizer for Fallback {
    fn recognize(&self, doc: &Prepared) -> Result<Vec<RawMention>> {
        self.0.recognize(doc)
    }

    fn name(&self) -> String {
        NAME.into()
    }

    fn fallback_warning(&self, language: &str) -> Option<String> {
        Some(format!(
            "entities come from the multilingual fallback model: no entity model of its own \
             for language {language:?}; expect lower quality (F1 about {LOLO_F1:.0} on \
             languages it was not trained on); turn it off with entity_fallback=false (CLI: --no-entity-fallback)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_script_only() {
        for l in [
            "ro", "hu", "sk", "hr", "sl", "et", "lv", "lt", "ga", "mt", "ca",
        ] {
            assert!(serves(l), "{l}");
        }
        for l in [
            "el", "ru", "bg", "uk", "sr", "mk", "ar", "he", "zh", "ja", "und", "",
        ] {
            assert!(!serves(l), "{l}");
        }
    }
}
