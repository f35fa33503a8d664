//! Limits, pathological inputs and concurrency: everything finishes with a result or a
//! clear error, and one shared Analyzer gives the same results on many threads.

use nutgraf::{Analyzer, Error, InputFormat, Options};
use std::process::Command;
use std::sync::OnceLock;

fn nlp() -> &'static Analyzer {
    static NLP: OnceLock<Analyzer> = OnceLock::new();
    NLP.get_or_init(|| Analyzer::builtin().unwrap())
}

/// Result or one of the input errors; mention and sentence offsets exact.
fn sane(r: nutgraf::Result<nutgraf::Analysis>) {
    match r {
        Ok(a) => {
            for m in &a.mentions {
                assert_eq!(&a.text[m.start..m.end], m.text);
            }
            for s in &a.sentences {
                assert!(a.text.is_char_boundary(s.start) && a.text.is_char_boundary(s.end));
            }
        }
        Err(e) => assert!(
            matches!(e, Error::EmptyInput | Error::InvalidInput(_)),
            "unexpected error {e}"
        ),
    }
}

#[test]
fn input_limit_error_is_clear() {
    let small = nlp()
        .with_options(Options {
            max_input_bytes: 1000,
            ..Options::default()
        })
        .unwrap();
    let e = small.analyze(&"Wort ".repeat(300)).unwrap_err();
    assert_eq!(e.kind(), "input_too_large");
    assert_eq!(
        e.to_string(),
        "input too large: 1500 bytes, the limit is 1000 bytes (see Options::max_input_bytes)"
    );
    // the default limit is 16 MiB
    let big = "a".repeat((16 << 20) + 1);
    assert!(matches!(
        nlp().analyze(&big),
        Err(Error::InputTooLarge { limit, .. }) if limit == 16 << 20
    ));
}

#[test]
fn cli_reports_the_input_limit() {
    let dir = std::env::temp_dir().join(format!("nutgraf-limit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.txt");
    std::fs::write(&path, "Wort ".repeat(100)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nutgraf"))
        .args(["analyze", "--max-bytes", "100"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("input too large: 500 bytes, the limit is 100 bytes"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// `nutgraf tag big.conll | head` must end quietly when `head` closes the pipe (as Unix tools
/// do), not panic on the failed write.
#[cfg(unix)]
#[test]
fn cli_stops_quietly_when_the_output_pipe_closes() {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    let dir = std::env::temp_dir().join(format!("nutgraf-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tokens.conll");
    // ~1.6 MB of tagger output: far more than a pipe buffer holds
    std::fs::write(&path, "Berlin\nis\nbig\n.\n\n".repeat(50_000)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_nutgraf"))
        .args(["tag", "--lang", "en"])
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // the read end is dropped here
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        out.status.signal(),
        Some(libc::SIGPIPE),
        "{:?} {err}",
        out.status
    );
    assert!(String::from_utf8_lossy(&head).starts_with("Berlin\t"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn one_long_line_without_spaces() {
    // 10 MB: tokenizing one huge "word" must stay linear
    sane(nlp().analyze(&"x".repeat(10_000_000)));
    // punctuation runs used to cost O(n²) in the tokenizer (found by scripts/stress.py)
    sane(nlp().analyze(&"!?.,;:".repeat(200_000)));
    sane(nlp().analyze(&"1.".repeat(500_000)));
}

#[test]
fn a_megabyte_of_punctuation_is_tagged_in_bounded_chunks() {
    // One "sentence" of 1,048,576 punctuation tokens: the entity tagger used to hold
    // features and emissions for all of it at once (512 MB peak RSS); it now tags
    // overlong sentences in chunks. The result must still be exact and complete.
    let mut t = "!?.,;:".repeat(174_763);
    t.truncate(1 << 20);
    // (a sentence long enough for language id: "Angela Merkel visited Paris on Monday."
    // alone reads as Estonian to it, see docs/languages.md)
    t.push_str(" Angela Merkel visited Paris on Monday with the French president.");
    let a = nlp().analyze(&t).unwrap();
    assert_eq!(a.text.len(), t.len());
    let names: Vec<&str> = a.mentions.iter().map(|m| m.text.as_str()).collect();
    assert!(names.contains(&"Angela Merkel"), "{names:?}");
    assert!(
        a.mentions.iter().all(|m| m.start >= 1 << 20),
        "no mention in the punctuation: {names:?}"
    );
    sane(Ok(a));
}

#[test]
fn a_million_newlines() {
    let mut t = "\n".repeat(1_000_000);
    t.push_str("Angela Merkel besuchte am Montag Paris.");
    let a = nlp().analyze(&t).unwrap();
    assert!(a.text.contains("Angela Merkel"));
    sane(nlp().analyze(&"Wort.\n".repeat(300_000)));
}

#[test]
fn deeply_nested_html_is_stripped_not_parsed() {
    // 100,000 nested elements: the article extractor is quadratic in the depth, so such
    // pages take the linear tag-stripping path
    let n = 100_000;
    let html = format!(
        "<html><head><title>Tief</title></head><body>{}<p>Angela Merkel besuchte am Montag \
         Paris und traf dort Emmanuel Macron.</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let a = nlp().analyze_html(&html).unwrap();
    assert!(a.text.contains("Angela Merkel besuchte"), "{}", a.text);
    assert_eq!(a.title.as_deref(), Some("Tief"));
    sane(nlp().analyze_html(&"<b><i>".repeat(n)));
    sane(nlp().analyze_html(&"<div/>".repeat(n)));
}

#[test]
fn odd_characters() {
    for t in [
        "!!!???...,,,;;;:::---".repeat(1000),
        "שלום עולם. مرحبا بالعالم. Привет мир. 東京は大きい。 😀🇩🇪👍🏽 e\u{301} ﬁ İ \u{200f}"
            .repeat(500),
        "Angela Merkel\u{0} besuchte Paris. ".repeat(500),
        "\u{202e}Merkel\u{202c} \u{feff}\u{200b} Berlin\r\n".repeat(500),
        "\u{0}".repeat(10_000),
        "\u{7f}\u{1b}[31m Farbe \u{1b}[0m".repeat(100),
    ] {
        sane(nlp().analyze(&t));
        sane(nlp().analyze_html(&t));
    }
    let e = nlp().analyze(&"\u{0}".repeat(100)).unwrap_err();
    assert!(e.to_string().contains("binary"), "{e}");
}

#[test]
fn sixteen_rust_threads_share_one_analyzer() {
    let texts: Vec<String> = (0..64)
        .map(|i| {
            format!(
                "Bundeskanzler Olaf Scholz traf am {i}. Mai in Berlin den französischen \
                 Präsidenten Emmanuel Macron. Thema war die NATO. Report {i} aus Paris."
            )
        })
        .collect();
    let json = |r: nutgraf::Result<nutgraf::Analysis>| serde_json::to_string(&r.unwrap()).unwrap();
    let sequential: Vec<String> = texts.iter().map(|t| json(nlp().analyze(t))).collect();
    let shared = nlp();
    let mut parallel = vec![String::new(); texts.len()];
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..16)
            .map(|k| {
                let texts = &texts;
                s.spawn(move || {
                    (k..texts.len())
                        .step_by(16)
                        .map(|i| (i, json(shared.analyze(&texts[i]))))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (i, j) in h.join().unwrap() {
                parallel[i] = j;
            }
        }
    });
    assert_eq!(parallel, sequential);
    // and rayon batches on a 16-thread pool
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(16)
        .build()
        .unwrap();
    let batch: Vec<String> = pool.install(|| {
        shared
            .analyze_batch(&texts, InputFormat::Text)
            .into_iter()
            .map(json)
            .collect()
    });
    assert_eq!(batch, sequential);
}

#[test]
fn a_panicking_model_becomes_an_internal_error() {
    use nutgraf::backend::{EntityRecognizer, RawMention};
    struct Panics;
    impl EntityRecognizer for Panics {
        fn recognize(&self, _: &nutgraf::text::Prepared) -> nutgraf::Result<Vec<RawMention>> {
            panic!("broken model")
        }
    }
    let nlp = Analyzer::builder()
        .options(Options {
            language: Some("en".into()),
            clean: false,
            ..Options::default()
        })
        .entity_recognizer("en", std::sync::Arc::new(Panics))
        .build()
        .unwrap();
    let e = nlp
        .analyze_guarded("The cat sat on the mat in London.", InputFormat::Text)
        .unwrap_err();
    assert_eq!(e.kind(), "internal");
    assert!(e.to_string().contains("broken model"), "{e}");
    let all = nlp.analyze_batch(&["The cat sat.", "A dog ran."], InputFormat::Text);
    assert!(all.iter().all(|r| matches!(r, Err(Error::Internal(_)))));
}
