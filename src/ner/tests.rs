//! Tests of the tagger: IOB spans, honorifics, streaming against whole-document tagging,
//! bounded buffers on pathological input. Test code only.

use super::*;
use EntityLabel::*;

#[test]
fn spans() {
    let t = [
        Iob::B(PER),
        Iob::I(PER),
        Iob::O,
        Iob::I(LOC),
        Iob::B(LOC),
        Iob::I(ORG),
    ];
    assert_eq!(
        spans_from_iob(&t),
        vec![(0, 2, PER), (3, 4, LOC), (4, 5, LOC), (5, 6, ORG)]
    );
    assert!(spans_from_iob(&[]).is_empty());
}

#[test]
fn honorifics_are_stripped() {
    let c = U64Table::default();
    let toks: Vec<Tok> = ["Herrn", "Rutte", "Mr", "X"]
        .iter()
        .map(|w| Tok::new(w, &c))
        .collect();
    let mut tags = vec![1, 5, 2, 0];
    strip_honorifics(&mut tags, &toks);
    assert_eq!(tags, vec![0, 1, 0, 0]);
}

#[test]
fn unsupported_language() {
    assert!(matches!(builtin("xx"), Err(Error::UnsupportedLanguage(_))));
}

/// The tagger before streaming: both stages over the whole document at once.
fn whole_document(m: &NerModel, sentences: &[Vec<&str>]) -> Vec<Vec<(Iob, f32)>> {
    let mut buf = FeatureBuf::default();
    let toks: Vec<Vec<Tok>> = sentences.iter().map(|s| m.unit_tokens(s)).collect();
    let s1: Vec<Vec<u8>> = toks
        .iter()
        .map(|t| viterbi(&m.emissions(0, t, None, &mut buf), &m.stages[0].trans, None))
        .collect();
    let codes = super::features::doc_codes(&toks, &s1);
    let trans = &m.stages[1].trans;
    toks.iter()
        .zip(&s1)
        .zip(&codes)
        .map(|((t, s), c)| {
            let em = m.emissions(1, t, Some(Extra { s1: s, doc: c }), &mut buf);
            let mut tags = viterbi(&em, trans, None);
            strip_honorifics(&mut tags, t);
            let mg = marginals(&em, trans);
            tags.iter()
                .enumerate()
                .map(|(i, &g)| (tag_to_iob(g), mg[i * NT + g as usize]))
                .collect()
        })
        .collect()
}

/// A document where the same names recur across more than the document window.
fn recurring_names(seed: u64, n: usize) -> Vec<Vec<&'static str>> {
    const WORDS: [&str; 24] = [
        "Merkel",
        "Berlin",
        "Paris",
        "Siemens",
        "said",
        "the",
        "Bank",
        "in",
        "visited",
        "Macron",
        "EU",
        ".",
        ",",
        "Herr",
        "Scholz",
        "und",
        "Frankfurt",
        "Jordan",
        "Washington",
        "of",
        "Ford",
        "MONDAY",
        "Deutsche",
        "traf",
    ];
    let mut rng = crate::rng::Rng(seed);
    (0..n)
        .map(|_| {
            let len = (rng.next() % 30) as usize; // some sentences are empty
            (0..len)
                .map(|_| WORDS[(rng.next() % WORDS.len() as u64) as usize])
                .collect()
        })
        .collect()
}

#[test]
fn streaming_equals_whole_document() {
    for lang in BUILTIN_LANGUAGES {
        let m = builtin(lang).unwrap();
        assert_eq!(m.stages.len(), 2);
        for (seed, n) in [(1, 0), (2, 1), (3, 7), (4, 2 * DOC_WINDOW + 1), (5, 160)] {
            let doc = recurring_names(seed, n);
            let want = whole_document(&m, &doc);
            let got = m.tag_document(&doc);
            assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                let bits = |v: &[(Iob, f32)]| -> Vec<(Iob, u32)> {
                    v.iter().map(|&(t, c)| (t, c.to_bits())).collect()
                };
                assert_eq!(bits(g), bits(w), "{lang}, seed {seed}");
            }
            let tags: Vec<Vec<Iob>> = want
                .iter()
                .map(|s| s.iter().map(|t| t.0).collect())
                .collect();
            assert_eq!(m.tag_document_tags(&doc), tags);
        }
    }
}

#[test]
fn buffers_stay_bounded_on_pathological_documents() {
    let m = builtin("en").unwrap();
    // one "sentence" of 100,000 punctuation tokens, then 400 short sentences
    let mut doc: Vec<Vec<&str>> = vec![["!", "?", ".", ",", ";", ":"]
        .iter()
        .copied()
        .cycle()
        .take(100_000)
        .collect()];
    doc.extend(recurring_names(9, 400));
    let mut stats = StreamStats::default();
    let mut out: Vec<Vec<u8>> = vec![Vec::new(); doc.len()];
    m.tag_stream(
        doc.len(),
        |i| &doc[i],
        &mut |sent, start, tags, em| {
            assert_eq!(em.len(), tags.len() * NT);
            assert_eq!(start, out[sent].len());
            out[sent].extend_from_slice(tags);
        },
        &mut stats,
    );
    for (o, s) in out.iter().zip(&doc) {
        assert_eq!(o.len(), s.len());
    }
    assert!(out[0].iter().all(|&t| t == 0), "punctuation is no entity");
    assert!(
        out[1..].iter().flatten().any(|&t| t != 0),
        "names are found"
    );
    // what is held at once does not grow with the document
    assert_eq!(stats.unit_tokens, MAX_UNIT_TOKENS);
    assert!(stats.units_held <= 2 * DOC_WINDOW + 1, "{stats:?}");
    assert!(stats.feature_capacity <= MAX_UNIT_TOKENS * 256, "{stats:?}");
    assert!(stats.count_keys <= 24, "{stats:?}");
    // the document-window counts are emptied as the window moves on
    let mut counts = IdMap::default();
    let c = IdMap::default();
    let toks = [Tok::new("Berlin", &c), Tok::new("Paris", &c)];
    counts_add(&mut counts, &toks, &[3, 0], 1);
    counts_add(&mut counts, &toks, &[3, 0], -1);
    assert!(counts.is_empty());
}

#[test]
fn send_sync() {
    fn check<T: Send + Sync>() {}
    check::<NerModel>();
}
