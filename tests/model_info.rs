//! The output says which models served a document and warns where a field should not be
//! trusted: an unidentified or uncertain language, a language without an entity model (or
//! served by the multilingual fallback), a language the topic model was not trained on, topics
//! that are not likely.

use nutgraf::analyzer::{Analyzer, Options};
use nutgraf::topics::{TopicModel, TrainOptions};
use std::sync::Arc;

fn has(warnings: &[String], part: &str) -> bool {
    warnings.iter().any(|w| w.contains(part))
}

#[test]
fn a_german_article_names_its_models_and_has_no_warning() {
    let nlp = Analyzer::builtin().unwrap();
    let text = std::fs::read_to_string("../shared/examples/seed-article-de.txt").unwrap();
    let a = nlp.analyze(&text).unwrap();
    assert_eq!(a.language, "de");
    assert_eq!(a.entity_model.as_deref(), Some("ner-de"));
    assert_eq!(a.topics_model.as_deref(), Some("topics"));
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

#[test]
fn a_language_without_models_is_flagged() {
    let nlp = Analyzer::builtin().unwrap();
    let a = nlp
        .analyze(
            "Guvernul României a anunțat luni noi măsuri economice pentru sprijinirea \
             familiilor cu copii, iar ministrul de finanțe a prezentat bugetul la București.",
        )
        .unwrap();
    // a Latin-script language without a model of its own: the multilingual fallback, flagged
    assert_eq!(a.language, "ro");
    assert_eq!(a.entity_model.as_deref(), Some("multilingual"));
    assert!(
        has(&a.warnings, "multilingual fallback"),
        "{:?}",
        a.warnings
    );
    assert_eq!(a.topics_model.as_deref(), Some("topics"));
    assert!(
        has(&a.warnings, "not trained on language \"ro\""),
        "{:?}",
        a.warnings
    );
    // another script: no entity model at all
    let a = nlp
        .analyze(
            "Η κυβέρνηση ανακοίνωσε τη Δευτέρα νέα οικονομικά μέτρα για τη στήριξη των \
             οικογενειών με παιδιά, ενώ ο υπουργός Οικονομικών παρουσίασε τον προϋπολογισμό.",
        )
        .unwrap();
    assert_eq!(a.language, "el");
    assert_eq!(a.entity_model, None);
    assert!(a.mentions.is_empty());
    assert!(has(&a.warnings, "no entity model for language \"el\""));
    assert!(!has(&a.warnings, "multilingual fallback"));
    assert!(
        has(&a.warnings, "not trained on language \"el\""),
        "{:?}",
        a.warnings
    );
}

#[test]
fn too_little_text_is_und_and_said_so() {
    let a = Analyzer::builtin().unwrap().analyze("NATO").unwrap();
    assert_eq!(a.language, "und");
    assert_eq!(a.language_confidence, 0.0);
    assert!(has(&a.warnings, "too little text to identify the language"));
    // no second warning about the topic model's languages for an unidentified one
    assert!(
        !has(&a.warnings, "not trained on language"),
        "{:?}",
        a.warnings
    );
    // a language given by the caller is not questioned
    let forced = Analyzer::builtin_with(Options {
        language: Some("en".into()),
        ..Options::default()
    })
    .unwrap()
    .analyze("NATO")
    .unwrap();
    assert_eq!(forced.language, "en");
    assert_eq!(forced.entity_model.as_deref(), Some("ner-en"));
    assert!(!has(&forced.warnings, "identif"), "{:?}", forced.warnings);
}

#[test]
fn topics_below_the_threshold_come_with_a_warning() {
    // SIB-200 English dev sentences: short, and some of them far from news topics
    let nlp = Analyzer::builtin().unwrap();
    let tsv = std::fs::read_to_string("../shared/data/sib200/eng_Latn/dev.tsv").unwrap();
    let (mut low, mut high) = (0, 0);
    for line in tsv.lines().skip(1).take(60) {
        let text = line.split('\t').nth(2).unwrap();
        let a = nlp.analyze(text).unwrap();
        let top = a.topics[0].score;
        let warned = has(&a.warnings, "topics are uncertain");
        assert_eq!(
            warned,
            top < nutgraf::models::LOW_TOPIC_SCORE,
            "{text}: {top} {:?}",
            a.warnings
        );
        if warned {
            low += 1;
        } else {
            high += 1;
        }
    }
    assert!(
        low > 0 && high > 0,
        "both kinds among the examples: {low} low, {high} high"
    );
}

#[test]
fn a_custom_topic_model_is_named_custom_and_has_no_language_list() {
    let texts = [
        "The striker scored twice as the team won the football match",
        "The coach praised the goalkeeper after the league game",
        "Shares fell as the bank reported lower quarterly profits",
        "Investors sold stocks as the market fell on inflation data",
    ];
    let labels: Vec<Vec<String>> = ["sport", "sport", "business", "business"]
        .iter()
        .map(|l| vec![l.to_string()])
        .collect();
    let opts = TrainOptions {
        min_examples_per_label: 1,
        ..TrainOptions::default()
    };
    let model = TopicModel::train(&texts, &labels, &opts).unwrap();
    let nlp = Analyzer::builtin_with_topics(Options::default(), Arc::new(model)).unwrap();
    let a = nlp
        .analyze("Guvernul României a anunțat luni noi măsuri economice pentru familii.")
        .unwrap();
    assert_eq!(a.topics_model.as_deref(), Some("custom"));
    assert!(
        !has(&a.warnings, "not trained on language"),
        "{:?}",
        a.warnings
    );
}
