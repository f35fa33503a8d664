//! HTML pages as bytes: encodings (BOM, declarations, detection, wrong declarations), broken
//! and huge pages, and the metadata read from them.

use nutgraf::{Analyzer, Error, InputFormat, Options, Tasks};

const STORY: &str = "Die Stadt Köln hat am Montag einen neuen Plan für den Verkehr vorgestellt. \
Bürgermeisterin Anna Muster sagte, die Straßen sollen grüner werden. Der Rat stimmt im Mai ab. \
Die Grünen begrüßten den Vorschlag, die Opposition äußerte Kritik an den Kosten für die Bürger.";

fn nlp() -> Analyzer {
    nlp_cleaning(true)
}

/// An analyzer that only prepares the text (cleaning on or off).
fn nlp_cleaning(clean: bool) -> Analyzer {
    Analyzer::builtin()
        .unwrap()
        .with_options(Options {
            clean,
            tasks: Tasks {
                entities: false,
                topics: false,
                summary: false,
                keyphrases: false,
            },
            ..Options::default()
        })
        .unwrap()
}

fn page(head: &str) -> String {
    format!(
        "<html><head>{head}<title>Neuer Verkehrsplan für Köln | Stadtblatt</title></head><body>\
         <h1>Neuer Verkehrsplan für Köln</h1><p class=byline>Von Anna Muster</p>\
         <article><p>{STORY}</p><p>{STORY}</p></article></body></html>"
    )
}

fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

#[test]
fn encodings_are_honoured() {
    let nlp = nlp();
    let check = |bytes: &[u8], encoding: &str| {
        let a = nlp.analyze_bytes(bytes, InputFormat::Html).unwrap();
        assert!(a.text.contains("Bürgermeisterin"), "{encoding}: {}", a.text);
        assert!(!a.text.contains('\u{fffd}') && !a.text.contains("Ã"));
        let m = a.metadata.unwrap();
        assert_eq!(m.encoding.as_deref(), Some(encoding));
        assert_eq!(m.title.as_deref(), Some("Neuer Verkehrsplan für Köln"));
        assert_eq!(a.title.as_deref(), Some("Neuer Verkehrsplan für Köln"));
        assert_eq!(m.authors, ["Anna Muster"]);
    };
    // Latin-1 without a declaration: detected
    check(&latin1(&page("")), "windows-1252");
    // windows-1252 declared in <meta charset>, and in http-equiv
    check(
        &latin1(&page("<meta charset=windows-1252>")),
        "windows-1252",
    );
    check(
        &latin1(&page(
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">",
        )),
        "windows-1252",
    );
    // UTF-16 with a BOM
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(page("").encode_utf16().flat_map(u16::to_le_bytes));
    check(&utf16, "UTF-16LE");
    // a page declaring the wrong charset: UTF-8 bytes declared Latin-1, Latin-1 declared UTF-8
    check(page("<meta charset=iso-8859-1>").as_bytes(), "UTF-8");
    check(&latin1(&page("<meta charset=utf-8>")), "windows-1252");
    // UTF-8 with a BOM
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(page("").as_bytes());
    check(&bom, "UTF-8");
}

#[test]
fn broken_and_huge_pages_give_results_or_errors() {
    let nlp = nlp();
    let full = page("<meta charset=utf-8>");
    // truncated anywhere, even inside a tag or a character: a result or a clear error
    for cut in (0..full.len()).step_by(97) {
        match nlp.analyze_bytes(&full.as_bytes()[..cut], InputFormat::Html) {
            Ok(a) => assert!(a.metadata.is_some()),
            Err(e) => assert!(
                matches!(e, Error::EmptyInput | Error::InvalidInput(_)),
                "{e}"
            ),
        }
    }
    for broken in [
        "<html><head><script type=application/ld+json>{\"@type\":\"NewsArticle\",",
        "<meta charset=\"><meta property=og:title content=\"",
        "<time datetime=\"2020-13-45\">morgen</time><p>",
    ] {
        let _ = nlp.analyze_bytes(format!("{broken}{STORY}").as_bytes(), InputFormat::Html);
    }
    // a 10 MB page
    let mut huge = page("<meta charset=utf-8>");
    let para = format!("<p>{STORY}</p>\n");
    while huge.len() < 10 << 20 {
        huge.push_str(&para);
    }
    let a = nlp
        .analyze_bytes(huge.as_bytes(), InputFormat::Html)
        .unwrap();
    assert_eq!(a.metadata.unwrap().authors, ["Anna Muster"]);
    let small = nlp
        .with_options(Options {
            max_input_bytes: 1 << 20,
            ..nlp.options().clone()
        })
        .unwrap();
    assert!(matches!(
        small.analyze_bytes(huge.as_bytes(), InputFormat::Html),
        Err(Error::InputTooLarge { .. })
    ));
}

#[test]
fn metadata_from_json_ld_meta_tags_and_text() {
    let nlp = nlp();
    let html = format!(
        r#"<html lang="de"><head><title>Schlagzeile - Stadtblatt</title>
<meta property="og:site_name" content="Stadtblatt"><meta property="og:image" content="https://x.de/b.jpg">
<link rel="canonical" href="https://x.de/a">
<script type="application/ld+json">{{"@context":"https://schema.org","@graph":[
 {{"@type":"NewsArticle","headline":"Schlagzeile","datePublished":"2026-12-04T10:30:00+01:00",
   "dateModified":"2026-12-05","author":[{{"@type":"Person","name":"Anna Muster"}},{{"@type":"Person","name":"Ben Beispiel"}}]}}]}}
</script></head><body><h1>Schlagzeile</h1><p>{STORY}</p></body></html>"#
    );
    let a = nlp.analyze_html(&html).unwrap();
    let m = a.metadata.unwrap();
    assert_eq!(m.title.as_deref(), Some("Schlagzeile"));
    assert_eq!(m.authors, ["Anna Muster", "Ben Beispiel"]);
    assert_eq!(m.published.as_deref(), Some("2026-12-04T10:30:00+01:00"));
    assert_eq!(m.modified.as_deref(), Some("2026-12-05"));
    assert_eq!(m.site_name.as_deref(), Some("Stadtblatt"));
    assert_eq!(m.url.as_deref(), Some("https://x.de/a"));
    assert_eq!(m.image.as_deref(), Some("https://x.de/b.jpg"));
    assert_eq!(m.language.as_deref(), Some("de"));
    assert_eq!(m.encoding, None); // given as text
                                  // dates written in the page's text, German and English
    for (written, iso) in [
        ("4. Dezember 2026", "2026-12-04"),
        ("04.12.2026", "2026-12-04"),
        ("Dec 4, 2026", "2026-12-04"),
    ] {
        let html = format!("<h1>Titel</h1><div class=date>{written}</div><p>{STORY}</p>");
        let m = nlp.analyze_html(&html).unwrap().metadata.unwrap();
        assert_eq!(m.published.as_deref(), Some(iso), "{written}");
    }
    // plain text has no metadata
    assert!(nlp.analyze(STORY).unwrap().metadata.is_none());
}

/// A page whose body shows only a menu (a list of links) after `head`, then `body`.
fn menu_page(head: &str, body: &str) -> String {
    let menu: String = [
        "Politik",
        "Sport",
        "Kultur",
        "Wirtschaft",
        "Wetter",
        "Reisen",
        "Auto",
        "Digital",
    ]
    .iter()
    .map(|w| format!("<li><a href=\"/{w}\">{w}</a></li>"))
    .collect();
    format!(
        "<html><head><meta name=\"author\" content=\"Anna Muster\">\
         <meta property=\"og:title\" content=\"Neuer Verkehrsplan für Köln\">\
         <meta property=\"article:published_time\" content=\"2024-03-04T10:00:00+01:00\">\
         {head}</head><body><header><ul class=\"menu\">{menu}</ul></header>{body}</body></html>"
    )
}

#[test]
fn a_page_whose_extracted_text_is_only_menus_takes_its_declared_article() {
    let nlp = nlp();
    // the story in an element marked itemprop="articleBody" that the extractor passes over
    let html = menu_page(
        "",
        &format!(
            "<aside><article><div itemprop=\"articleBody\"><p>{STORY}</p></div></article></aside>"
        ),
    );
    let a = nlp.analyze_html(&html).unwrap();
    assert_eq!(a.text, STORY);
    assert!(!a.text.contains("Politik"));
    assert!(
        a.warnings
            .iter()
            .any(|w| w.starts_with("main text from the page's itemprop=\"articleBody\" element")),
        "{:?}",
        a.warnings
    );
    let blocks = a.blocks.unwrap();
    let kept: Vec<_> = blocks.iter().filter(|b| b.span.is_some()).collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        kept[0].path.as_deref(),
        Some("html/body/aside/article/div/p")
    );
    assert_eq!(a.metadata.unwrap().authors, ["Anna Muster"]);

    // the story only in the JSON-LD steps of a HowTo (which the extractor does not read)
    let howto = r#"<script type="application/ld+json">{"@context":"https://schema.org",
        "@type":"HowTo","name":"Eine runde Tischdecke nähen",
        "description":"<p>Mit einem runden Tisch erhältst du ein preiswertes Möbelstück.</p>",
        "step":[{"@type":"HowToStep","name":"Schritt 1: Messen","itemListElement":
        {"@type":"HowToDirection","text":"<p>Miss den Durchmesser deines Tisches von Ende zu Ende.</p>"}},
        {"@type":"HowToStep","text":"Schneide den Stoff mit der Schere sauber zu."}]}</script>"#;
    let a = nlp.analyze_html(&menu_page(howto, "")).unwrap();
    assert_eq!(
        a.text,
        "Mit einem runden Tisch erhältst du ein preiswertes Möbelstück.\n\nSchritt 1: Messen\n\n\
         Miss den Durchmesser deines Tisches von Ende zu Ende.\n\n\
         Schneide den Stoff mit der Schere sauber zu."
    );
    assert_eq!(
        a.warnings[0],
        "main text from the page's JSON-LD HowTo steps: the article extractor kept none"
    );
}

#[test]
fn an_articlebody_element_holding_far_more_than_the_extracted_text_replaces_it() {
    let nlp = nlp();
    let story = |n: usize| {
        format!(
            "Im Abschnitt {n} berichtet die Stadt Köln ausführlich über ihren neuen Plan für \
             den Verkehr in der Innenstadt, über Radwege, Busspuren und die Kosten für die Bürger."
        )
    };
    let paras: String = (1..=20).map(|n| format!("<p>{}</p>", story(n))).collect();
    // the extractor takes the header (and, at the edges, two paragraphs of the body) and passes
    // over the rest of the body, hidden in an aside
    let html = menu_page(
        "",
        &format!(
            "<main><article><header><h1>Neuer Verkehrsplan</h1><p>{STORY}</p></header></article>\
             </main><aside><div itemprop=\"articleBody\">{paras}</div></aside>"
        ),
    );
    let a = nlp.analyze_html(&html).unwrap();
    assert_eq!(
        a.warnings[0],
        "main text from the page's itemprop=\"articleBody\" element: the article extractor kept \
         far less"
    );
    let expected: Vec<String> = (1..=20).map(story).collect();
    assert_eq!(a.text, expected.join("\n\n"));
    let b = a.blocks.unwrap();
    assert!(b.iter().any(|b| b.dropped.as_deref() == Some("superseded")));
    // without cleaning, the superseded paragraphs are not repeated either
    let raw = nlp_cleaning(false).analyze_html(&html).unwrap();
    assert_eq!(raw.text.matches("Abschnitt 1 ").count(), 1, "{}", raw.text);
}

#[test]
fn a_page_with_only_menus_and_no_declared_article_is_empty_but_keeps_its_metadata() {
    let nlp = nlp();
    // with a <title> too: the extractor's last resort (the title three times, the menu's
    // words run together) is no article
    let titled = menu_page(
        "<title>Neuer Verkehrsplan für Köln | Stadtblatt</title>",
        "",
    );
    let r = nlp.analyze_bytes(titled.as_bytes(), InputFormat::Html);
    assert!(matches!(r, Err(Error::EmptyInput)), "{r:?}");
    let html = menu_page("", "");
    let r = nlp.analyze_bytes(html.as_bytes(), InputFormat::Html);
    assert!(matches!(r, Err(Error::EmptyInput)), "{r:?}");
    // the batch's error record carries what the page says about itself
    let line = format!("{}\n", serde_json::json!({"id": "p1", "text": html}));
    let rec = nutgraf::batch::parse_record(1, line.as_bytes(), "text", "id");
    let out: serde_json::Value =
        serde_json::from_str(&nutgraf::batch::output_line(&rec, r, InputFormat::Html)).unwrap();
    assert_eq!(out["ok"], false);
    assert_eq!(out["error"]["kind"], "empty_input");
    assert_eq!(out["metadata"]["title"], "Neuer Verkehrsplan für Köln");
    assert_eq!(out["metadata"]["authors"][0], "Anna Muster");
    assert_eq!(out["metadata"]["published"], "2024-03-04T10:00:00+01:00");
    // other errors, and text input, carry none
    let r = nlp.analyze_bytes(b"   ", InputFormat::Text);
    let out = nutgraf::batch::output_line(&rec, r, InputFormat::Text);
    assert!(!out.contains("metadata"), "{out}");
}
