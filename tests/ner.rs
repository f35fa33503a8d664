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

/// Scoring `tag`-style output (written, re-read, scored) equals the `eval` path.
#[test]
fn tag_output_scores_like_eval() {
    use nutgraf::eval::ner::score_docs;
    use nutgraf::ner::conll::{read_items, read_labeled, tag_items, write_tagged};
    use nutgraf::ner::eval::Scorer;
    use nutgraf::ner::trainer::TrainDoc;
    let gold = "-DOCSTART- -X- -X- O\n\nAngela\tB-PER\nMerkel\tI-PER\nvisited\tO\nParis\tB-LOC\n.\tO\n\n\
                Shares\tO\nof\tO\nMicrosoft\tB-ORG\nrose\tO\nin\tO\nNew\tB-LOC\nYork\tI-LOC\n.\tO\n\n\
                -DOCSTART- -X- -X- O\n\nGerman\tB-MISC\nofficials\tO\nmet\tO\nEU\tB-ORG\nenvoys\tO\n.\tO\n";
    let m = builtin("en").unwrap();
    // eval path
    let docs: Vec<TrainDoc> = read_labeled(gold, "gold")
        .unwrap()
        .into_iter()
        .map(|sentences| TrainDoc {
            sentences,
            no_misc: false,
            domain: 0,
        })
        .collect();
    let direct = score_docs(&m, &docs, false);
    // tag path
    let items = read_items(gold);
    let tags = tag_items(&m, &items);
    let mut out = Vec::new();
    write_tagged(&mut out, &items, &tags).unwrap();
    let pred = read_labeled(std::str::from_utf8(&out).unwrap(), "pred").unwrap();
    let mut sc = Scorer::new(false);
    for (g, p) in docs
        .iter()
        .flat_map(|d| &d.sentences)
        .zip(pred.iter().flatten())
    {
        assert_eq!(g.tokens, p.tokens);
        sc.add(&g.tags, &p.tags);
    }
    assert_eq!(sc.total, direct.total);
    assert!(out.starts_with(b"-DOCSTART- -X- -X- O\n\n"));
}
