//! Sentence splitting edge cases in German and English, headline detection for pasted web
//! text, keyphrases of an English story and a 100,000-word document.

use nutgraf::text::split_sentences;
use nutgraf::{Analyzer, Options, Tasks};

fn sents<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    split_sentences(text, lang)
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect()
}

#[track_caller]
fn check(lang: &str, parts: &[&str]) {
    let text = parts.join(" ");
    assert_eq!(sents(&text, lang), parts, "{text}");
}

#[test]
fn german_abbreviations_and_ordinals() {
    check(
        "de",
        &[
            "Es gibt viele Früchte, z. B. Äpfel und Birnen.",
            "Dr. Müller und Prof. Schmidt sind da.",
        ],
    );
    check(
        "de",
        &[
            "Die Wahl findet am 3. Oktober statt.",
            "Am 9. April kam Rutte nach Tokio.",
            "Der 2. Weltkrieg endete 1945.",
            "Danach begann der Wiederaufbau.",
        ],
    );
    check(
        "de",
        &[
            "Es gab Äpfel, Birnen usw.",
            "Die Preise stiegen bzw. fielen kaum.",
            "Nr. 5 gewann ca. 100 Euro.",
        ],
    );
}

#[test]
fn german_dates_numbers_quotes_lists() {
    check(
        "de",
        &[
            "Am 10.04.2025 begann die Konferenz.",
            "Die Inflation lag bei 2,5 Prozent.",
            "Sie stieg auf 100.",
            "Das ist viel.",
        ],
    );
    check(
        "de",
        &[
            "Er sagte: „Wir begrüßen das.“",
            "Dann ging er.",
            "„Kommt ihr?“, fragte sie.",
            "Niemand antwortete …",
            "Dann war es still.",
        ],
    );
    // headlines and list items end at the line break
    let t = "Japan und die NATO vereinbaren Zusammenarbeit\nDie Punkte:\n- Sicherheit\n- Technologie\n1. Drohnen\n2. Quantentechnik";
    assert_eq!(
        sents(t, "de"),
        [
            "Japan und die NATO vereinbaren Zusammenarbeit",
            "Die Punkte:",
            "- Sicherheit",
            "- Technologie",
            "1. Drohnen",
            "2. Quantentechnik"
        ]
    );
}

#[test]
fn english_abbreviations_and_acronyms() {
    check(
        "en",
        &[
            "Dr. Smith met Mr. Jones at 5 p.m. on Monday.",
            "The U.S. economy grew by 2.5% in the quarter.",
            "He moved to the U.S.",
            "It was his first trip.",
            "Acme Inc. said profits rose, e.g. in Europe.",
        ],
    );
    check(
        "en",
        &[
            "They sold apples, pears etc.",
            "The No. 10 spokesman declined to comment.",
        ],
    );
}

#[test]
fn english_quotes_ellipses_urls() {
    check(
        "en",
        &[
            "\"We will win,\" he said.",
            "\"Really?\" she asked.",
            "He paused...",
            "Then he spoke.",
            "Details are at https://www.example.com/news/story.html.",
            "Read more at www.example.org.",
            "Prices rose 1.5 percent on Friday.",
        ],
    );
    check(
        "en",
        &[
            "The vote was delayed (again).",
            "Nobody knew why!",
            "Was it planned?",
        ],
    );
}

fn analyzer(tasks: Tasks) -> Analyzer {
    Analyzer::builtin_with(Options {
        tasks,
        ..Options::default()
    })
    .unwrap()
}

#[test]
fn page_furniture_alone_is_analysed_with_a_warning() {
    let nlp = analyzer(Tasks::default());
    let doc = nlp
        .analyze("Startseite > Politik > Ausland\n\nKommentare (12)\n\nTeilen\n\nDrucken")
        .unwrap();
    assert!(
        doc.warnings.iter().any(|w| w.starts_with("no story found")),
        "{:?}",
        doc.warnings
    );
    // a story with the same furniture around it: no such warning
    let doc = nlp
        .analyze(
            "Startseite > Politik > Ausland\n\nTeilen\n\nDie Bundesregierung will den Kommunen \
             in diesem Jahr mit zusätzlichen Milliarden helfen, wie das Finanzministerium am \
             Donnerstag mitteilte.\n\nKommentare (12)",
        )
        .unwrap();
    assert!(!doc.warnings.iter().any(|w| w.starts_with("no story found")));
    assert!(doc.text.starts_with("Die Bundesregierung"), "{}", doc.text);
}

#[test]
fn first_line_headline_becomes_the_title() {
    let nlp = analyzer(Tasks {
        entities: false,
        ..Tasks::default()
    });
    let page = "Leaders agree on climate deal in Paris\n\nWorld leaders meeting in Paris agreed on Monday to cut emissions faster than planned, officials said after the talks.\n\nThe agreement was welcomed by environmental groups, who had warned that the previous targets were far too weak.\n\nNegotiators worked through the night to settle the last questions about financing for poorer countries.";
    let doc = nlp.analyze(page).unwrap();
    assert_eq!(
        doc.title.as_deref(),
        Some("Leaders agree on climate deal in Paris")
    );
    assert!(
        doc.text.starts_with("World leaders meeting"),
        "{}",
        doc.text
    );

    let seite = "Bundesregierung beschließt neues Klimapaket\nDie Bundesregierung hat am Mittwoch ein neues Klimapaket beschlossen, das den Ausstoß von Treibhausgasen deutlich senken soll.\nUmweltverbände begrüßten die Pläne, forderten aber schnellere Schritte beim Ausbau der erneuerbaren Energien.\nDie Opposition kritisierte die Kosten des Pakets für private Haushalte und kleine Unternehmen.";
    let doc = nlp.analyze(seite).unwrap();
    assert_eq!(doc.language, "de");
    assert_eq!(
        doc.title.as_deref(),
        Some("Bundesregierung beschließt neues Klimapaket")
    );
    assert!(
        doc.text.starts_with("Die Bundesregierung hat"),
        "{}",
        doc.text
    );
}

#[test]
fn english_keyphrases() {
    let nlp = Analyzer::builtin().unwrap();
    let story = "The European Central Bank raised interest rates on Thursday for the tenth time in a row. \
        ECB President Christine Lagarde said inflation in the euro zone was still too high. \
        Higher interest rates make loans more expensive for households and companies. \
        Economists had expected the European Central Bank to raise rates, but some warned of a recession. \
        Inflation in the euro zone fell to 5.2 percent in August, far above the bank's target of two percent. \
        Lagarde did not say whether the ECB would raise interest rates again in October.";
    let doc = nlp.analyze(story).unwrap();
    let phrases: Vec<String> = doc
        .keyphrases
        .iter()
        .map(|k| k.text.to_lowercase())
        .collect();
    assert!(!phrases.is_empty() && phrases.len() <= 10, "{phrases:?}");
    let has = |s: &str| phrases.iter().any(|p| p.contains(s));
    assert!(has("interest rate"), "{phrases:?}");
    assert!(has("lagarde"), "{phrases:?}");
    assert!(has("inflation"), "{phrases:?}");
    assert!(has("central bank") || has("ecb"), "{phrases:?}");
    for k in &doc.keyphrases {
        assert!(k.score > 0.0 && k.score <= 1.0, "{k:?}");
        assert!(k.start < k.end && k.end <= doc.text.len());
    }
    assert!(doc.keyphrases.windows(2).all(|w| w[0].score >= w[1].score));

    // the task can be switched off and the count set
    let off = analyzer(Tasks {
        keyphrases: false,
        ..Tasks::default()
    });
    assert!(off.analyze(story).unwrap().keyphrases.is_empty());
    let three = Analyzer::builtin_with(Options {
        keyphrase_count: 3,
        ..Options::default()
    })
    .unwrap();
    assert_eq!(three.analyze(story).unwrap().keyphrases.len(), 3);
}

#[test]
fn hundred_thousand_words() {
    let nlp = analyzer(Tasks {
        entities: false,
        topics: false,
        ..Tasks::default()
    });
    let topics = [
        "The city council approved the new budget for schools and roads",
        "Farmers in the region reported a poor harvest after the dry summer",
        "The football club signed a young striker from a rival team",
        "Scientists published a study on the melting of glaciers in the Alps",
    ];
    let mut doc = String::new();
    let mut i = 0usize;
    while doc.split_whitespace().count() < 100_000 {
        for _ in 0..50 {
            doc.push_str(&format!(
                "{} in week {}, officials said on day {}. ",
                topics[i % topics.len()],
                i % 52,
                i
            ));
            i += 1;
        }
        doc.push_str("\n\n");
    }
    let a = nlp.analyze(&doc).unwrap();
    assert!(a.sentences.len() > 5_000, "{}", a.sentences.len());
    assert_eq!(a.summary.len(), 3);
    assert!(!a.keyphrases.is_empty());
    for s in &a.summary {
        assert_eq!(&a.text[s.start..s.end], s.text);
    }
}
