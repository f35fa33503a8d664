//! The multilingual fallback entity model (issue 17, part 3): a Romanian and a Hungarian news
//! sentence are identified as such and get their names from the fallback, flagged by
//! `entity_model: "multilingual"` and a warning; Greek and Russian get no entities and the
//! explicit warning; Italian and Polish keep their own models; the option turns it off.

use nutgraf::analyzer::{Options, Tasks};
use nutgraf::{Analysis, Analyzer, EntityLabel};

const RO: &str = "Președintele Klaus Iohannis s-a întâlnit marți la București cu cancelarul \
                  german Olaf Scholz, pentru a discuta despre aderarea României la spațiul \
                  Schengen.";
const HU: &str = "A Magyar Nemzeti Bank hétfőn bejelentette, hogy Varga Mihály lesz az új elnök \
                  Matolcsy György helyett.";
const EL: &str = "Ο πρωθυπουργός Κυριάκος Μητσοτάκης συναντήθηκε την Τρίτη στην Αθήνα με τον \
                  Γερμανό καγκελάριο Όλαφ Σολτς.";
const RU: &str = "Президент Владимир Путин во вторник встретился в Москве с премьер-министром \
                  Индии Нарендрой Моди.";

fn analyzer(entity_fallback: bool) -> Analyzer {
    Analyzer::builtin_with(Options {
        tasks: Tasks {
            entities: true,
            topics: false,
            summary: false,
            keyphrases: false,
        },
        clean: false,
        entity_fallback,
        ..Default::default()
    })
    .unwrap()
}

/// (text, start, end, label) of every mention.
fn mentions(a: &Analysis) -> Vec<(&str, usize, usize, EntityLabel)> {
    a.mentions
        .iter()
        .map(|m| (&a.text[m.start..m.end], m.start, m.end, m.label))
        .collect()
}

fn fallback_warnings(a: &Analysis) -> usize {
    a.warnings
        .iter()
        .filter(|w| w.contains("multilingual fallback"))
        .count()
}

/// `text` is identified as `lang`, served by the fallback with its warning, and each
/// `(surface, label)` is a mention at the byte offset where the surface first occurs.
fn check_fallback(lang: &str, text: &str, expected: &[(&str, EntityLabel)]) {
    let a = analyzer(true).analyze(text).unwrap();
    assert_eq!(a.language, lang);
    assert_eq!(a.entity_model.as_deref(), Some("multilingual"));
    assert_eq!(fallback_warnings(&a), 1, "{:?}", a.warnings);
    assert!(a.warnings.iter().any(|w| w.contains(&format!("{lang:?}"))));
    let got = mentions(&a);
    for &(surface, label) in expected {
        let start = text.find(surface).unwrap();
        let want = (surface, start, start + surface.len(), label);
        assert!(got.contains(&want), "{lang}: want {want:?}, got {got:?}");
    }
}

#[test]
fn romanian_gets_the_fallback() {
    // also tagged: "Schengen" LOC; "României" (Romania's) comes out as PER, a miss
    check_fallback(
        "ro",
        RO,
        &[
            ("Klaus Iohannis", EntityLabel::PER),
            ("București", EntityLabel::LOC),
            ("Olaf Scholz", EntityLabel::PER),
        ],
    );
}

#[test]
fn hungarian_gets_the_fallback() {
    check_fallback(
        "hu",
        HU,
        &[
            ("Magyar Nemzeti Bank", EntityLabel::ORG),
            ("Varga Mihály", EntityLabel::PER),
            ("Matolcsy György", EntityLabel::PER),
        ],
    );
}

#[test]
fn other_scripts_get_the_explicit_warning() {
    for (lang, text) in [("el", EL), ("ru", RU)] {
        let a = analyzer(true).analyze(text).unwrap();
        assert_eq!(a.language, lang);
        assert!(a.mentions.is_empty() && a.entities.is_empty());
        assert_eq!(a.entity_model, None);
        assert_eq!(fallback_warnings(&a), 0);
        let want = format!("no entity model for language {lang:?}: entities skipped");
        assert!(a.warnings.contains(&want), "{:?}", a.warnings);
    }
}

#[test]
fn languages_with_a_model_keep_it() {
    for (lang, text, name) in [
        (
            "it",
            "Il presidente del Consiglio Giorgia Meloni ha incontrato martedì a Roma il \
             cancelliere tedesco Olaf Scholz.",
            "Giorgia Meloni",
        ),
        (
            "pl",
            "Premier Donald Tusk spotkał się we wtorek w Warszawie z kanclerzem Niemiec \
             Olafem Scholzem.",
            "Donald Tusk",
        ),
    ] {
        let a = analyzer(true).analyze(text).unwrap();
        assert_eq!(a.language, lang);
        assert_eq!(a.entity_model.as_deref(), Some(&*format!("ner-{lang}")));
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
        assert!(mentions(&a)
            .iter()
            .any(|m| m.0 == name && m.3 == EntityLabel::PER));
    }
}

#[test]
fn the_option_turns_it_off() {
    let on = analyzer(true);
    let off = on.with_options(Options {
        entity_fallback: false,
        ..on.options().clone()
    });
    for (lang, a) in [
        ("ro", analyzer(false).analyze(RO).unwrap()),
        ("hu", off.unwrap().analyze(HU).unwrap()),
    ] {
        assert!(a.mentions.is_empty());
        assert_eq!(a.entity_model, None);
        assert_eq!(fallback_warnings(&a), 0);
        let want = format!("no entity model for language {lang:?}: entities skipped");
        assert!(a.warnings.contains(&want), "{:?}", a.warnings);
    }
}
