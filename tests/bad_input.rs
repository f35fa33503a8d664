//! Bad input gives clear errors or sane results, never a panic.

use nutgraf::{Analyzer, Error, InputFormat, Options};

#[test]
fn errors_are_typed() {
    let nlp = Analyzer::builtin().unwrap();
    assert!(matches!(nlp.analyze(""), Err(Error::EmptyInput)));
    assert!(matches!(nlp.analyze(" \n\t "), Err(Error::EmptyInput)));
    assert!(matches!(
        nlp.analyze("\0\u{1}\u{2}\u{3}\0\0"),
        Err(Error::InvalidInput(_))
    ));
    let e = nlp
        .analyze_bytes(b"Gr\xfc\xdfe aus K\xf6ln", InputFormat::Text)
        .unwrap_err();
    assert!(e.to_string().contains("UTF-8"), "{e}");
    let small = nlp
        .with_options(Options {
            max_input_bytes: 100,
            ..Options::default()
        })
        .unwrap();
    assert!(matches!(
        small.analyze(&"x ".repeat(100)),
        Err(Error::InputTooLarge {
            size: 200,
            limit: 100
        })
    ));
    assert!(nlp
        .with_options(Options {
            topic_threshold: 2.0,
            ..Options::default()
        })
        .is_err());
}

#[test]
fn garbage_gives_sane_results() {
    let nlp = Analyzer::builtin().unwrap();
    let mut lcg = 12345u64;
    let mut garbage = String::new();
    for _ in 0..20_000 {
        lcg = lcg
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        if let Some(c) = char::from_u32(((lcg >> 33) % 0x3000) as u32) {
            garbage.push(c);
        }
    }
    for text in [
        garbage.as_str(),
        "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "😀😀😀 🇩🇪 ‏שלום עולם‏ مرحبا Привет",
        &"a".repeat(100_000),
        &"\n".repeat(100_000).replace('\n', "x\n"),
        "<<<<>>>>&&&&;;;",
    ] {
        match nlp.analyze(text) {
            Ok(doc) => {
                for m in &doc.mentions {
                    assert_eq!(&doc.text[m.start..m.end], m.text);
                }
            }
            Err(e) => assert!(
                matches!(e, Error::EmptyInput | Error::InvalidInput(_)),
                "{e}"
            ),
        }
        let _ = nlp.analyze_html(text);
    }
}
