//! The catalog of the built-in models: name, task, languages, size, training data and the
//! terms of that data, as `nutgraf models` and `nutgraf.models()` show them (the model cards in
//! `models/*.md` have the details). Facts only: decodes no model.

use serde::Serialize;

/// What the training data of a model allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Terms {
    /// Every training set allows redistribution, commercial use included (attribution or
    /// share-alike may apply).
    Open,
    /// A training set has no stated licence or research-only terms: check before commercial use.
    Unclear,
    /// A training set forbids commercial use: the model is for research and non-commercial use.
    NonCommercial,
}

impl Terms {
    /// The name used in the output (`open`, `unclear`, `non-commercial`).
    pub fn as_str(self) -> &'static str {
        match self {
            Terms::Open => "open",
            Terms::Unclear => "unclear",
            Terms::NonCommercial => "non-commercial",
        }
    }
}

/// One built-in model.
#[derive(Clone, Debug, Serialize)]
pub struct ModelInfo {
    /// Name, as the output's `entity_model` / `topics_model` reports it (`ner-de`, `topics`).
    pub name: String,
    /// `entities`, `topics` or `summary`.
    pub task: &'static str,
    /// Languages (ISO 639-1) it was trained for.
    pub languages: Vec<String>,
    /// Size of the embedded model file in bytes (0 for weights kept in code).
    pub bytes: usize,
    /// Its model card, relative to the repository.
    pub card: String,
    /// What it was trained on, with each set's licence.
    pub data: &'static str,
    /// What that data allows.
    pub terms: Terms,
}

/// Training data and terms of each built-in entity model, by language.
const NER: &[(&str, &str, Terms)] = &[
    ("en", "CoNLL-2003 en train + dev (Reuters RCV1, research agreement); gazetteers: countries (CC BY-SA 4.0), first names (GNU FDL 1.2+)", Terms::Unclear),
    ("de", "GermEval 2014 dev (CC BY 4.0), CoNLL-2003 de dev (Frankfurter Rundschau, ECI/LDC, restricted), WikiANN de train + dev (licence unclear), Europarl German NER train + dev (research use), SmartData train (CC BY 4.0), CoNLL-2003 en train (research agreement), CoNLL-2002 es train (research use), German LER train sample (CC BY 4.0; the authors' README also shows a CC BY-NC-SA badge); gazetteers as ner-en plus WikiANN en/fr/nl/pt entity strings", Terms::Unclear),
    ("es", "CoNLL-2002 es train (EFE, research use, no licence stated); gazetteers as ner-en", Terms::Unclear),
    ("fr", "WikiANN fr train (licence unclear), CoNLL-2002 es train (research use); gazetteers as ner-en", Terms::Unclear),
    ("nl", "CoNLL-2002 nl train (research only, no commercial use), WikiANN nl train (licence unclear); gazetteers as ner-en", Terms::NonCommercial),
    ("pt", "WikiANN pt train (licence unclear), CoNLL-2002 es train (research use); gazetteers as ner-en", Terms::Unclear),
    ("pl", "NKJP-1M pl train (licence not stated with the data; GPL v3 or CC BY 4.0 upstream); gazetteers as ner-en", Terms::Unclear),
    ("it", "KIND Wikinews it train (CC BY-NC 4.0, non-commercial); training-only domains CoNLL-2002 es train (research use), CoNLL-2003 en train (research agreement), WikiANN pt and fr train (licence unclear); gazetteers as ner-en", Terms::NonCommercial),
    ("cs", "CNEC 2.0 cs train (CC BY-NC-SA 3.0, non-commercial); training-only domain NKJP-1M pl train (licence not stated with the data; GPL v3 or CC BY 4.0 upstream); gazetteers as ner-en", Terms::NonCommercial),
    ("sv", "Swedish NER corpus sv train (CC BY 4.0); gazetteers as ner-en", Terms::Open),
    ("da", "Danish DDT NER da train (text CC BY-SA 4.0, labels without a stated licence); training-only domains NorNE nb and nn train (annotations CC0), Swedish NER corpus train (CC BY 4.0); gazetteers as ner-en", Terms::Unclear),
    ("fi", "Turku NER fi train (CC BY-SA 4.0); gazetteers as ner-en", Terms::Open),
    ("nb", "NorNE nb train (annotations CC0); training-only domains NorNE nn train (CC0) and Swedish NER corpus train (CC BY 4.0); gazetteers as ner-en", Terms::Open),
    ("nn", "NorNE nn and nb train (annotations CC0); gazetteers as ner-en", Terms::Open),
];

/// Languages of the multilingual fallback's training data (it serves other Latin-script
/// languages without a model of their own: `models/ner-multi.md`).
const MULTI_LANGUAGES: [&str; 11] = [
    "en", "de", "es", "nl", "it", "pl", "cs", "sv", "da", "fi", "nb",
];

/// Training data and terms of the multilingual fallback.
const MULTI_DATA: &str = "at most 10,000 sentences each of CoNLL-2003 en train (research agreement), GermEval 2014 dev (CC BY 4.0), CoNLL-2002 es train (research use) and nl train (research only, no commercial use), KIND Wikinews it train (CC BY-NC 4.0, non-commercial), NKJP-1M pl train (licence not stated with the data), CNEC 2.0 cs train (CC BY-NC-SA 3.0, non-commercial), Swedish NER corpus sv train (CC BY 4.0), Danish DDT NER da train (labels without a stated licence), Turku NER fi train (CC BY-SA 4.0), NorNE nb train (CC0); gazetteers: countries (CC BY-SA 4.0), first names (GNU FDL 1.2+)";

/// Every built-in model, entity models first (in the order of
/// [`crate::ner::BUILTIN_LANGUAGES`], then the multilingual fallback).
pub fn builtin_models() -> Vec<ModelInfo> {
    let mut out: Vec<ModelInfo> = crate::ner::BUILTIN_LANGUAGES
        .iter()
        .map(|lang| {
            let (data, terms) = NER
                .iter()
                .find(|(l, _, _)| l == lang)
                .map_or(("see the model card", Terms::Unclear), |(_, d, t)| (*d, *t));
            ModelInfo {
                name: format!("ner-{lang}"),
                task: "entities",
                languages: vec![lang.to_string()],
                bytes: crate::ner::builtin_bytes(lang).map_or(0, <[u8]>::len),
                card: format!("models/ner-{lang}.md"),
                data,
                terms,
            }
        })
        .collect();
    out.push(ModelInfo {
        name: super::fallback::NAME.into(),
        task: "entities",
        languages: MULTI_LANGUAGES.iter().map(|l| l.to_string()).collect(),
        bytes: crate::ner::builtin_bytes(crate::ner::MULTI).map_or(0, <[u8]>::len),
        card: "models/ner-multi.md".into(),
        data: MULTI_DATA,
        terms: Terms::NonCommercial,
    });
    out.push(ModelInfo {
        name: "topics".into(),
        task: "topics",
        languages: super::TOPIC_LANGUAGES.iter().map(|l| l.to_string()).collect(),
        bytes: crate::topics::builtin_bytes().len(),
        card: "models/topics.md".into(),
        data: "BBC News (non-commercial research), 10kGNAD (CC BY-NC-SA 4.0), AG News (non-commercial), SIB-200 (CC BY-SA 4.0)",
        terms: Terms::NonCommercial,
    });
    out.push(ModelInfo {
        name: "summary".into(),
        task: "summary",
        languages: Vec::new(),
        bytes: 0,
        card: "models/summary.md".into(),
        data: "13 scorer weights fitted on BBC News Summary train (non-commercial research) and tuned on Klexikon validation (CC BY-SA)",
        terms: Terms::NonCommercial,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_language_has_its_data_and_terms_listed() {
        for lang in crate::ner::BUILTIN_LANGUAGES {
            assert!(
                NER.iter().any(|(l, _, _)| *l == lang),
                "no catalog row for ner-{lang}"
            );
        }
        let models = builtin_models();
        assert!(models.iter().all(|m| m.task == "summary" || m.bytes > 0));
        assert!(models
            .iter()
            .all(|m| std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(&m.card)
                .is_file()));
    }
}
