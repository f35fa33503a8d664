//! Property tests: exact offsets, determinism, independence of batch size and thread
//! count, non-overlapping mentions. Inputs mix news-like words with hostile characters
//! (combining marks, RTL, emoji, case changes that alter byte length, control chars).

use nutgraf::text::{prepare, tokenize_lang, InputFormat};
use nutgraf::{Analysis, Analyzer};
use proptest::prelude::*;
use std::sync::OnceLock;

fn nlp() -> &'static Analyzer {
    static NLP: OnceLock<Analyzer> = OnceLock::new();
    NLP.get_or_init(|| Analyzer::builtin().unwrap())
}

const PIECES: &[&str] = &[
    "Angela",
    "Merkel",
    "Berlin",
    "Paris",
    "Shigeru",
    "Ishiba",
    "NATO",
    "die",
    "the",
    "und",
    "and",
    "sagte",
    "said",
    "Dr.",
    "Mr.",
    "9.",
    "April",
    "U.S.",
    "z.",
    "B.",
    "100",
    "3,5",
    ".",
    ",",
    "!",
    "?",
    "…",
    "...",
    "„",
    "“",
    "\"",
    "'s",
    "(",
    ")",
    "-",
    "–",
    "•",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\t",
    "é",
    "e\u{301}",
    "ß",
    "ẞ",
    "İstanbul",
    "ǅ",
    "ﬁ",
    "😀",
    "🇩🇪",
    "שלום",
    "مرحبا",
    "\u{200f}",
    "\u{200b}",
    "\u{feff}",
    "Привет",
    "東京",
    "\u{0}",
    "\r\n",
    "<p>",
    "</div>",
    "&amp;",
    "Quelle:",
    "Mehr zum Thema",
];

/// Texts made of pieces and arbitrary chars.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            6 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..80,
    )
    .prop_map(|v| {
        let mut s = String::new();
        for (i, p) in v.iter().enumerate() {
            if i > 0 && i % 2 == 0 {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    })
}

fn check_offsets(a: &Analysis) {
    let t = &a.text;
    let ok = |s: usize, e: usize| {
        s <= e && e <= t.len() && t.is_char_boundary(s) && t.is_char_boundary(e)
    };
    for m in &a.mentions {
        assert!(ok(m.start, m.end), "{m:?}");
        assert_eq!(&t[m.start..m.end], m.text);
        assert!(m.entity < a.entities.len());
    }
    for w in a.mentions.windows(2) {
        assert!(w[0].end <= w[1].start, "overlapping mentions {w:?}");
    }
    for s in &a.sentences {
        assert!(ok(s.start, s.end) && s.start < s.end, "{s:?}");
    }
    for w in a.sentences.windows(2) {
        assert!(w[0].end <= w[1].start);
    }
    for s in &a.summary {
        assert!(ok(s.start, s.end));
        assert_eq!(&t[s.start..s.end], s.text);
        assert_eq!(a.sentences[s.index].start, s.start);
    }
}

fn json(r: &nutgraf::Result<Analysis>) -> String {
    match r {
        Ok(a) => serde_json::to_string(a).unwrap(),
        Err(e) => format!("error {}: {e}", e.kind()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn tokens_and_sentences_have_exact_offsets(s in text(), lang in prop::sample::select(&["de", "en", ""][..])) {
        let mut prev = 0;
        for t in tokenize_lang(&s, lang) {
            prop_assert!(prev <= t.start && t.start < t.end && t.end <= s.len());
            prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
            prop_assert!(!s[t.start..t.end].chars().any(char::is_whitespace));
            prev = t.end;
        }
        if let Ok(p) = prepare(&s, InputFormat::Text, true, None) {
            for (r, sp) in p.sentence_tokens.iter().zip(&p.sentences) {
                prop_assert!(r.start < r.end && r.end <= p.tokens.len());
                prop_assert_eq!((sp.start, sp.end), (p.tokens[r.start].start, p.tokens[r.end - 1].end));
                prop_assert!(p.text.is_char_boundary(sp.start) && p.text.is_char_boundary(sp.end));
            }
        }
    }

    #[test]
    fn analysis_offsets_exact_and_deterministic(s in text(), html in any::<bool>()) {
        let format = if html { InputFormat::Html } else { InputFormat::Text };
        let first = nlp().analyze_as(&s, format);
        if let Ok(a) = &first {
            check_offsets(a);
        } else {
            let e = first.as_ref().unwrap_err();
            prop_assert!(matches!(e, nutgraf::Error::EmptyInput | nutgraf::Error::InvalidInput(_)), "{}", e);
        }
        prop_assert_eq!(json(&first), json(&nlp().analyze_as(&s, format)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn batch_size_and_threads_do_not_change_results(texts in prop::collection::vec(text(), 1..24)) {
        let sequential: Vec<String> = texts.iter().map(|t| json(&nlp().analyze(t))).collect();
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            for batch in [1, 5, texts.len()] {
                let got: Vec<String> = pool.install(|| {
                    texts
                        .chunks(batch)
                        .flat_map(|c| nlp().analyze_batch(c, InputFormat::Text))
                        .map(|r| json(&r))
                        .collect()
                });
                prop_assert_eq!(&got, &sequential, "threads {} batch {}", threads, batch);
            }
        }
    }
}
