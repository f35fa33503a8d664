//! Loads the shipped models and checks a few clear sentences.

use nutgraf::ner::{builtin, spans_from_iob, NerModel};
use nutgraf::{EntityLabel, Iob};

fn entities(model: &NerModel, words: &[&str]) -> Vec<(String, EntityLabel)> {
    let out = model.tag_document(&[words.to_vec()]);
    let tags: Vec<Iob> = out[0].iter().map(|x| x.0).collect();
    for &(_, c) in &out[0] {
        assert!((0.0..=1.0).contains(&c));
    }
    spans_from_iob(&tags)
        .into_iter()
        .map(|(a, b, l)| (words[a..b].join(" "), l))
        .collect()
}

#[test]
fn english_builtin() {
    let m = builtin("en").expect("shipped English model");
    assert_eq!(m.language(), "en");
    let e = entities(
        &m,
        &["Angela", "Merkel", "visited", "Paris", "on", "Monday", "."],
    );
    assert!(
        e.contains(&("Angela Merkel".into(), EntityLabel::PER)),
        "{e:?}"
    );
    assert!(e.contains(&("Paris".into(), EntityLabel::LOC)), "{e:?}");
    let e = entities(
        &m,
        &[
            "Shares",
            "of",
            "Microsoft",
            "rose",
            "in",
            "New",
            "York",
            "on",
            "Tuesday",
            ".",
        ],
    );
    assert!(e.contains(&("Microsoft".into(), EntityLabel::ORG)), "{e:?}");
    assert!(e.contains(&("New York".into(), EntityLabel::LOC)), "{e:?}");
    // Round trip through bytes gives the same output.
    let m2 = NerModel::from_bytes(&m.to_bytes().unwrap()).unwrap();
    let s = vec![vec!["Angela", "Merkel", "visited", "Paris", "."]];
    assert_eq!(m.tag_document(&s), m2.tag_document(&s));
}

#[test]
fn german_builtin() {
    let m = builtin("de").expect("shipped German model");
    assert_eq!(m.language(), "de");
    let e = entities(
        &m,
        &[
            "Der",
            "japanische",
            "Premierminister",
            "Shigeru",
            "Ishiba",
            "traf",
            "Mark",
            "Rutte",
            "in",
            "Tokio",
            ".",
        ],
    );
    assert!(
        e.contains(&("Shigeru Ishiba".into(), EntityLabel::PER)),
        "{e:?}"
    );
    assert!(e.contains(&("Tokio".into(), EntityLabel::LOC)), "{e:?}");
}
