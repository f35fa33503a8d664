//! The seed check through Rust: a German news page exactly as scraped.

use nutgraf::{Analyzer, EntityLabel};
use std::collections::HashSet;

fn seed() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/examples/seed-article-de.txt"
    );
    std::fs::read_to_string(path)
        .expect("../shared/examples/seed-article-de.txt beside the repository")
}

#[test]
fn seed_article_end_to_end() {
    let nlp = Analyzer::builtin().unwrap();
    let doc = nlp.analyze(&seed()).unwrap();

    assert_eq!(doc.language, "de");
    assert_eq!(
        doc.title.as_deref(),
        Some("Japan und die NATO vereinbaren eine Stärkung der Zusammenarbeit in der Verteidigungsindustrie")
    );
    assert!(
        doc.text.starts_with("Am 9. April vereinbarten"),
        "{}",
        doc.text
    );
    for junk in [
        "Quelle:",
        "Etikett:",
        "Kommentar (0)",
        "No data",
        "Gleiches Thema",
        "Hoi An",
        "(Foto: Kyodo)",
    ] {
        assert!(
            !doc.text.contains(junk),
            "boilerplate {junk:?} left in the story"
        );
    }

    assert!((2..=3).contains(&doc.summary.len()), "{:?}", doc.summary);
    let summary = doc.summary_text();
    assert!(
        summary.contains("Ishiba") && summary.contains("Rutte"),
        "{summary}"
    );
    assert!(doc.summary.windows(2).all(|w| w[0].index < w[1].index));

    // a foreign-policy story: politics and international are the top two topics, both shown
    // with the default options (top 5, threshold 0.1)
    let top2: HashSet<&str> = doc
        .topics
        .iter()
        .take(2)
        .map(|t| t.label.as_str())
        .collect();
    assert_eq!(
        top2,
        HashSet::from(["politics", "international"]),
        "{:?}",
        doc.topics
    );

    let names = |label: EntityLabel| -> HashSet<&str> {
        doc.entities
            .iter()
            .filter(|e| e.label == label)
            .map(|e| e.name.as_str())
            .collect()
    };
    let per = names(EntityLabel::PER);
    let org = names(EntityLabel::ORG);
    let loc = names(EntityLabel::LOC);
    assert!(
        per.contains("Shigeru Ishiba") && per.contains("Mark Rutte"),
        "PER {per:?}"
    );
    assert!(org.contains("NATO"), "ORG {org:?}");
    for l in ["Japan", "Tokio", "Ukraine"] {
        assert!(loc.contains(l), "LOC {loc:?} lacks {l}");
    }
    for e in &doc.entities {
        for junk in [
            "Hoi An",
            "Sa Pa",
            "Hoa Lu",
            "Ho-Chi-Minh",
            "VietnamPlus",
            "Kyodo",
        ] {
            assert!(
                !e.name.contains(junk),
                "entity {:?} from boilerplate",
                e.name
            );
        }
    }
    for m in &doc.mentions {
        assert_eq!(&doc.text[m.start..m.end], m.text);
        // "Ost-" of "im Ost- und Südchinesischen Meer" is an elided compound part
        assert!(
            !m.text.ends_with('-'),
            "truncated compound part {:?}",
            m.text
        );
    }

    // key phrases a reader agrees with: the story's actors and its subject, no boilerplate
    let phrases: Vec<&str> = doc.keyphrases.iter().map(|k| k.text.as_str()).collect();
    assert!((5..=10).contains(&phrases.len()), "{phrases:?}");
    let top5 = phrases[..5].join(" | ");
    for key in ["NATO", "Japan"] {
        assert!(top5.contains(key), "{key} not in the top 5: {phrases:?}");
    }
    let all = phrases.join(" | ");
    for key in ["Verteidigungsindustrie", "Ishiba", "Rutte"] {
        assert!(all.contains(key), "{key} missing: {phrases:?}");
    }
    for junk in [
        "Hoi An",
        "Sa Pa",
        "VietnamPlus",
        "Kyodo",
        "Kommentar",
        "No data",
    ] {
        assert!(!all.contains(junk), "{junk} in {phrases:?}");
    }
    for k in &doc.keyphrases {
        assert!(k.start < k.end && k.end <= doc.text.len());
        assert!(doc.text.is_char_boundary(k.start) && doc.text.is_char_boundary(k.end));
    }
}

#[test]
fn analyzer_is_send_sync_and_thread_safe() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Analyzer>();
    let nlp = Analyzer::builtin().unwrap();
    let text = seed();
    let expected = nlp.analyze(&text).unwrap();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| assert_eq!(nlp.analyze(&text).unwrap(), expected));
        }
    });
    let batch = nlp.analyze_batch(
        &[text.as_str(), "", text.as_str()],
        nutgraf::InputFormat::Text,
    );
    assert_eq!(batch.len(), 3);
    assert_eq!(batch[0].as_ref().unwrap(), &expected);
    assert!(matches!(batch[1], Err(nutgraf::Error::EmptyInput)));
    assert_eq!(batch[2].as_ref().unwrap(), &expected);
}
