//! Document-level entities (`nutgraf::entities::group`): every merge rule on small
//! constructed mention lists, then on text tagged by the built-in models.

use nutgraf::backend::RawMention;
use nutgraf::entities::group;
use nutgraf::text::{prepare, InputFormat, Prepared};
use nutgraf::{Analyzer, Entity, EntityLabel, Mention, Span};

use EntityLabel::{LOC, MISC, ORG, PER};

fn doc(text: &str, lang: &str) -> Prepared {
    prepare(text, InputFormat::Text, false, Some(lang)).unwrap()
}

fn doc_titled(title: &str, text: &str, lang: &str) -> Prepared {
    let mut d = doc(text, lang);
    d.title = Some(title.to_string());
    d
}

/// The `nth` occurrence of `needle` as a mention.
fn m(d: &Prepared, needle: &str, nth: usize, label: EntityLabel) -> RawMention {
    ms(d, needle, nth, label, 1.0)
}

fn ms(d: &Prepared, needle: &str, nth: usize, label: EntityLabel, score: f32) -> RawMention {
    let start = d
        .text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in the text"))
        .0;
    RawMention {
        span: Span {
            start,
            end: start + needle.len(),
        },
        label,
        score,
    }
}

/// Checks the invariants of a grouping and returns it.
fn run(d: &Prepared, raw: &[RawMention]) -> (Vec<Mention>, Vec<Entity>) {
    let (mentions, entities) = group(d, raw);
    for (i, mention) in mentions.iter().enumerate() {
        assert_eq!(&d.text[mention.start..mention.end], mention.text);
        assert!(entities[mention.entity].mentions.contains(&i));
    }
    assert!(mentions
        .windows(2)
        .all(|w| w[0].start <= w[1].start && w[0].end <= w[1].start));
    for e in &entities {
        assert_eq!(e.count, e.mentions.len());
        assert!(!e.mentions.is_empty());
        assert!(e.mentions.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(e.start, mentions[e.mentions[0]].start);
        assert!((0.0..=1.0).contains(&e.salience), "{e:?}");
    }
    assert!(entities.windows(2).all(|w| w[0].salience >= w[1].salience));
    (mentions, entities)
}

fn entity<'a>(entities: &'a [Entity], name: &str) -> &'a Entity {
    entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name:?} in {:?}", names(entities)))
}

fn names(entities: &[Entity]) -> Vec<&str> {
    entities.iter().map(|e| e.name.as_str()).collect()
}

/// The mention texts of an entity.
fn forms<'a>(mentions: &'a [Mention], e: &Entity) -> Vec<&'a str> {
    e.mentions
        .iter()
        .map(|&i| mentions[i].text.as_str())
        .collect()
}

/// Recognizer offsets are kept: every input span comes back unchanged.
fn assert_spans_kept(raw: &[RawMention], mentions: &[Mention]) {
    for r in raw {
        assert!(
            mentions
                .iter()
                .any(|m| m.start == r.span.start && m.end == r.span.end),
            "span {:?} lost",
            r.span
        );
    }
}

#[test]
fn surnames_and_honorifics() {
    let d = doc(
        "Shigeru Ishiba traf Mark Rutte. Ishiba lobte die Zusammenarbeit. \
         Herrn Rutte dankte er. Mr. Johnson und Boris Johnson schwiegen.",
        "de",
    );
    let raw = vec![
        m(&d, "Shigeru Ishiba", 0, PER),
        m(&d, "Mark Rutte", 0, PER),
        m(&d, "Ishiba", 1, PER),
        m(&d, "Herrn Rutte", 0, PER), // a recognizer that keeps the honorific
        m(&d, "Mr. Johnson", 0, PER),
        m(&d, "Boris Johnson", 0, PER),
    ];
    let (mentions, entities) = run(&d, &raw);
    assert_spans_kept(&raw, &mentions);
    assert_eq!(names(&entities).len(), 3, "{:?}", names(&entities));
    assert_eq!(entity(&entities, "Shigeru Ishiba").count, 2);
    assert_eq!(entity(&entities, "Mark Rutte").count, 2);
    // "Mr. Johnson" comes first, the canonical name is still the full form without "Mr."
    let johnson = entity(&entities, "Boris Johnson");
    assert_eq!(forms(&mentions, johnson), ["Mr. Johnson", "Boris Johnson"]);
}

#[test]
fn person_titles_are_stripped_from_persons_only() {
    let d = doc(
        "General Pervez Musharraf met General Motors. Gen Musharraf said so.",
        "en",
    );
    let raw = vec![
        m(&d, "General Pervez Musharraf", 0, PER),
        m(&d, "General Motors", 0, ORG),
        m(&d, "Gen Musharraf", 0, PER),
    ];
    let (_, entities) = run(&d, &raw);
    assert_eq!(entity(&entities, "Pervez Musharraf").count, 2);
    assert_eq!(entity(&entities, "General Motors").label, ORG);
}

#[test]
fn ambiguous_surnames_go_to_the_nearest_person_before() {
    let d = doc(
        "Gordon Brown spoke first. Brown was calm. Then Nick Brown spoke. Brown was angry.",
        "en",
    );
    let raw = vec![
        m(&d, "Gordon Brown", 0, PER),
        m(&d, "Brown", 1, PER),
        m(&d, "Nick Brown", 0, PER),
        m(&d, "Brown", 3, PER),
    ];
    let (mentions, entities) = run(&d, &raw);
    let gordon = entity(&entities, "Gordon Brown");
    let nick = entity(&entities, "Nick Brown");
    assert_eq!(gordon.count, 2);
    assert_eq!(nick.count, 2);
    assert!(mentions[*nick.mentions.last().unwrap()].start > mentions[gordon.mentions[1]].start);
}

#[test]
fn first_names_only_when_unambiguous() {
    let d = doc(
        "Boris Johnson met Anna Schmidt and Anna Meyer, and Jordan Smith met Paul Jordan. \
         Boris smiled. Anna left. Jordan stayed.",
        "en",
    );
    let raw = vec![
        m(&d, "Boris Johnson", 0, PER),
        m(&d, "Anna Schmidt", 0, PER),
        m(&d, "Anna Meyer", 0, PER),
        m(&d, "Jordan Smith", 0, PER),
        m(&d, "Paul Jordan", 0, PER),
        m(&d, "Boris", 1, PER),
        m(&d, "Anna", 2, PER),
        m(&d, "Jordan", 2, PER),
    ];
    let (_, entities) = run(&d, &raw);
    assert_eq!(entity(&entities, "Boris Johnson").count, 2);
    // two Annas: "Anna" stays apart
    assert_eq!(entity(&entities, "Anna").count, 1);
    // "Jordan" is a surname in the document: the surname rule wins over the first name
    assert_eq!(entity(&entities, "Paul Jordan").count, 2);
    assert_eq!(entity(&entities, "Jordan Smith").count, 1);
}

#[test]
fn middle_names_and_genitive_surnames() {
    let d = doc(
        "George W. Bush traf Angela Merkel. George Bush und Merkels Berater sprachen.",
        "de",
    );
    let raw = vec![
        m(&d, "George W. Bush", 0, PER),
        m(&d, "Angela Merkel", 0, PER),
        m(&d, "George Bush", 0, PER),
        m(&d, "Merkels", 0, PER),
    ];
    let (_, entities) = run(&d, &raw);
    assert_eq!(entities.len(), 2, "{:?}", names(&entities));
    assert_eq!(entity(&entities, "George W. Bush").count, 2);
    assert_eq!(entity(&entities, "Angela Merkel").count, 2);
}

#[test]
fn a_mislabelled_surname_joins_its_person_and_takes_its_label() {
    // the tagger's "Balls" after "Mr" is ORG with a score of 0: the honorific votes PER
    let d = doc(
        "Ed Balls said the rule held. Mr Balls added more. Mr Balls left. Michael Jordan \
         flew to Jordan.",
        "en",
    );
    let raw = vec![
        m(&d, "Ed Balls", 0, PER),
        ms(&d, "Balls", 1, ORG, 0.0),
        ms(&d, "Balls", 2, ORG, 0.0),
        m(&d, "Michael Jordan", 0, PER),
        m(&d, "Jordan", 1, LOC),
    ];
    let (mentions, entities) = run(&d, &raw);
    let balls = entity(&entities, "Ed Balls");
    assert_eq!((balls.label, balls.count), (PER, 3));
    for &i in &balls.mentions {
        assert_eq!(mentions[i].label, PER, "mention labels follow the entity");
    }
    // a LOC mention is not a surname without an honorific
    assert_eq!(entity(&entities, "Jordan").label, LOC);
    assert_eq!(entity(&entities, "Michael Jordan").count, 1);
}

#[test]
fn a_full_person_name_outvotes_its_lone_surnames() {
    // sports prose: the tagger takes the lone surname for a club, confidently and often
    let d = doc(
        "Newcastle striker Craig Bellamy may join Celtic. Bellamy rejected Birmingham. \
         Souness said Bellamy would not play. Bellamy was fined. Celtic want Bellamy.",
        "en",
    );
    let raw = vec![
        m(&d, "Newcastle", 0, ORG),
        m(&d, "Craig Bellamy", 0, PER),
        m(&d, "Celtic", 0, ORG),
        m(&d, "Bellamy", 1, ORG),
        m(&d, "Birmingham", 0, ORG),
        m(&d, "Souness", 0, PER),
        m(&d, "Bellamy", 2, ORG),
        m(&d, "Bellamy", 3, PER),
        m(&d, "Celtic", 1, ORG),
        m(&d, "Bellamy", 4, ORG),
    ];
    let (mentions, entities) = run(&d, &raw);
    let bellamy = entity(&entities, "Craig Bellamy");
    assert_eq!((bellamy.label, bellamy.count), (PER, 5));
    assert!(bellamy.mentions.iter().all(|&i| mentions[i].label == PER));
    // without a full name tagged PER, the surnames' majority still decides
    let raw: Vec<RawMention> = raw.into_iter().filter(|r| r.span.start != 18).collect();
    let (_, entities) = run(&d, &raw);
    assert_eq!(entity(&entities, "Bellamy").label, ORG);
}

#[test]
fn acronym_defined_after_an_untagged_long_form() {
    let text = "Der Generalsekretär der Nordatlantikpakt-Organisation (NATO), Mark Rutte, \
                kam. Die NATO wächst. Die NATO berät.";
    let d = doc(text, "de");
    let raw = vec![
        m(&d, "NATO", 0, ORG),
        m(&d, "Mark Rutte", 0, PER),
        m(&d, "NATO", 1, ORG),
        m(&d, "NATO", 2, ORG),
    ];
    let (mentions, entities) = run(&d, &raw);
    assert_spans_kept(&raw, &mentions);
    let nato = entity(&entities, "NATO");
    assert_eq!(nato.label, ORG);
    // the long form is added as a mention with its exact offsets
    let long = &mentions[nato.mentions[0]];
    assert_eq!(long.text, "Nordatlantikpakt-Organisation");
    assert_eq!(long.start, d.text.find("Nordatlantikpakt").unwrap());
    assert_eq!(long.label, ORG);
    assert_eq!(nato.count, 4);
}

#[test]
fn acronym_defined_with_both_sides_tagged_and_the_long_form_as_name() {
    let d = doc(
        "The North Atlantic Treaty Organization (NATO) met. NATO agreed.",
        "en",
    );
    let raw = vec![
        m(&d, "North Atlantic Treaty Organization", 0, ORG),
        m(&d, "NATO", 0, ORG),
        m(&d, "NATO", 1, ORG),
    ];
    let (mentions, entities) = run(&d, &raw);
    assert_spans_kept(&raw, &mentions);
    assert_eq!(entities.len(), 1);
    // two acronyms against one long form: not more than twice as often, the long form names it
    assert_eq!(entities[0].name, "North Atlantic Treaty Organization");
}

#[test]
fn acronym_first_and_long_form_in_parentheses() {
    let d = doc(
        "NATO (North Atlantic Treaty Organization) met in Brussels.",
        "en",
    );
    let raw = vec![m(&d, "NATO", 0, ORG), m(&d, "Brussels", 0, LOC)];
    let (mentions, entities) = run(&d, &raw);
    let nato = &entities[mentions[0].entity];
    assert_eq!(
        forms(&mentions, nato),
        ["NATO", "North Atlantic Treaty Organization"]
    );
    assert_eq!(nato.name, "North Atlantic Treaty Organization");
}

#[test]
fn untagged_acronym_after_a_tagged_long_form() {
    let d = doc("The World Health Organization (WHO) warned.", "en");
    let raw = vec![m(&d, "World Health Organization", 0, ORG)];
    let (mentions, entities) = run(&d, &raw);
    assert_eq!(mentions.len(), 2);
    assert_eq!(mentions[1].text, "WHO");
    assert_eq!(mentions[1].label, ORG);
    assert_eq!(entities.len(), 1);
}

#[test]
fn parties_in_parentheses_are_not_definitions() {
    let d = doc("Angela Merkel (CDU) und Olaf Scholz (SPD) sprachen.", "de");
    let raw = vec![
        m(&d, "Angela Merkel", 0, PER),
        m(&d, "CDU", 0, ORG),
        m(&d, "Olaf Scholz", 0, PER),
        m(&d, "SPD", 0, ORG),
    ];
    let (_, entities) = run(&d, &raw);
    assert_eq!(entities.len(), 4, "{:?}", names(&entities));
}

#[test]
fn undefined_acronyms_join_the_name_they_abbreviate() {
    let d = doc(
        "Die Europäische Zentralbank erhöht die Zinsen. Die EZB sieht Risiken.",
        "de",
    );
    let raw = vec![
        m(&d, "Europäische Zentralbank", 0, ORG),
        m(&d, "EZB", 0, ORG),
    ];
    let (_, entities) = run(&d, &raw);
    assert_eq!(names(&entities), ["Europäische Zentralbank"]);

    let d = doc(
        "The European Central Bank raised rates; the ECB expects growth, the EU agrees.",
        "en",
    );
    let raw = vec![
        m(&d, "European Central Bank", 0, ORG),
        m(&d, "ECB", 0, ORG),
        m(&d, "EU", 0, ORG),
    ];
    let (_, entities) = run(&d, &raw);
    assert_eq!(entity(&entities, "European Central Bank").count, 2);
    assert_eq!(entity(&entities, "EU").count, 1);
}

#[test]
fn initials_do_not_name_a_person_but_a_headline_surname_does() {
    let d = doc(
        "BARATELLI OUT. Goalkeeper Dominique Baratelli is injured. LG won the cup final. \
         Luis Garcia scored for LG twice.",
        "en",
    );
    let raw = vec![
        m(&d, "BARATELLI", 0, ORG),
        m(&d, "Dominique Baratelli", 0, PER),
        m(&d, "LG", 0, ORG),
        m(&d, "Luis Garcia", 0, PER),
        m(&d, "LG", 1, ORG),
    ];
    let (_, entities) = run(&d, &raw);
    let keeper = entity(&entities, "Dominique Baratelli");
    assert_eq!((keeper.label, keeper.count), (PER, 2));
    let lg = entity(&entities, "LG");
    assert_eq!((lg.label, lg.count), (ORG, 2));
    let garcia = entity(&entities, "Luis Garcia");
    assert_eq!((garcia.label, garcia.count), (PER, 1));
}

#[test]
fn ambiguous_undefined_acronyms_stay_apart() {
    let d = doc(
        "The European Union and the Eastern Uplands signed. The EU said so.",
        "en",
    );
    let raw = vec![
        m(&d, "European Union", 0, ORG),
        m(&d, "Eastern Uplands", 0, LOC),
        m(&d, "EU", 0, ORG),
    ];
    let (_, entities) = run(&d, &raw);
    assert_eq!(entities.len(), 3);
}

#[test]
fn german_genitives_articles_and_declined_names() {
    let d = doc(
        "Die Lage Deutschlands ist gut. Deutschland wächst. Japans Rolle wächst, Japan \
         lobt der NATO Einsatz. Die NATO hilft der Europäischen Union. Die Europäische \
         Union dankt.",
        "de",
    );
    let raw = vec![
        m(&d, "Deutschlands", 0, LOC),
        m(&d, "Deutschland", 1, LOC),
        m(&d, "Japans", 0, LOC),
        m(&d, "Japan", 1, LOC),
        m(&d, "der NATO", 0, ORG), // a recognizer that keeps the article
        m(&d, "NATO", 1, ORG),
        m(&d, "Europäischen Union", 0, ORG),
        m(&d, "Europäische Union", 0, ORG),
    ];
    let (mentions, entities) = run(&d, &raw);
    assert_spans_kept(&raw, &mentions);
    assert_eq!(
        {
            let mut n = names(&entities);
            n.sort();
            n
        },
        ["Deutschland", "Europäische Union", "Japan", "NATO"]
    );
    for e in &entities {
        assert_eq!(e.count, 2, "{e:?}");
    }
}

#[test]
fn english_possessives() {
    let d = doc(
        "Japan's exports rose. Japan is happy. Scholz' plan and Olaf Scholz.",
        "en",
    );
    let raw = vec![
        m(&d, "Japan's", 0, LOC),
        m(&d, "Japan", 1, LOC),
        m(&d, "Scholz'", 0, PER),
        m(&d, "Olaf Scholz", 0, PER),
    ];
    let (_, entities) = run(&d, &raw);
    assert_eq!(entity(&entities, "Japan").count, 2);
    assert_eq!(entity(&entities, "Olaf Scholz").count, 2);
}

#[test]
fn truncated_compound_parts_are_not_entities() {
    let text = "Japan patrouilliert im Ost- und Südchinesischen Meer. Nord-, Mittel- und \
                Südamerika reagieren, Baden-Württemberg und Ost-Timor auch. Die Kinder- oder \
                Jugendhilfe Ost-West tagt in Nord- Borneo.";
    let d = doc(text, "de");
    let raw = [
        m(&d, "Japan", 0, LOC),
        m(&d, "Ost-", 0, LOC),
        m(&d, "Südchinesischen Meer", 0, LOC),
        m(&d, "Nord-", 0, LOC),
        m(&d, "Mittel-", 0, LOC),
        m(&d, "Südamerika", 0, LOC),
        m(&d, "Baden-Württemberg", 0, LOC),
        m(&d, "Ost-Timor", 0, LOC),
        m(&d, "Kinder-", 0, ORG),
        m(&d, "Jugendhilfe Ost-West", 0, ORG),
        m(&d, "Nord-", 1, LOC),
    ];
    let (mentions, entities) = run(&d, &raw);
    let texts: Vec<&str> = mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Japan",
            "Südchinesischen Meer",
            "Südamerika",
            "Baden-Württemberg",
            "Ost-Timor",
            "Jugendhilfe Ost-West",
            // not followed by a coordinator: kept as the recognizer gave it
            "Nord-",
        ]
    );
    assert!(names(&entities).contains(&"Ost-Timor"));
    assert!(!names(&entities).contains(&"Ost-"));
}

#[test]
fn compounds_are_name_parts_not_new_entities() {
    let text = "Die NATO tagt. Der NATO-Generalsekretär kam nach dem Japan-Besuch zurück. \
                Japan lobt die EU. Die EU-Kommission und NATO-geführte Truppen. \
                Das Merkel-Lager schweigt.";
    let d = doc(text, "de");
    let raw = vec![
        m(&d, "NATO", 0, ORG),
        ms(&d, "NATO-Generalsekretär", 0, MISC, 0.9),
        m(&d, "Japan-Besuch", 0, LOC), // same label as Japan: the head noun decides
        m(&d, "Japan", 1, LOC),
        m(&d, "EU", 0, ORG),
        m(&d, "EU-Kommission", 0, ORG), // a name of its own
        m(&d, "NATO-geführte", 0, MISC),
        m(&d, "Merkel-Lager", 0, MISC), // no entity "Merkel": left as it is
    ];
    let (mentions, entities) = run(&d, &raw);
    let nato = entity(&entities, "NATO");
    assert_eq!(forms(&mentions, nato), ["NATO", "NATO", "NATO"]);
    let part = &mentions[nato.mentions[1]];
    assert_eq!(part.start, d.text.find("NATO-General").unwrap());
    assert_eq!(part.end, part.start + "NATO".len());
    assert_eq!(part.label, ORG);
    assert_eq!(part.score, 0.9);
    let japan = entity(&entities, "Japan");
    assert_eq!(forms(&mentions, japan), ["Japan", "Japan"]);
    assert_eq!(entity(&entities, "EU-Kommission").count, 1);
    assert_eq!(entity(&entities, "EU").count, 1);
    assert_eq!(entity(&entities, "Merkel-Lager").count, 1);
    assert!(!names(&entities).iter().any(|n| n.starts_with("NATO-")));
}

#[test]
fn one_label_per_entity_by_weighted_majority() {
    let d = doc(
        "Washington said no. Washington insisted. Washington agreed later.",
        "en",
    );
    let raw = vec![
        ms(&d, "Washington", 0, PER, 0.6),
        ms(&d, "Washington", 1, ORG, 0.5),
        ms(&d, "Washington", 2, ORG, 0.4),
    ];
    let (mentions, entities) = run(&d, &raw);
    assert_eq!(entities.len(), 1);
    assert_eq!(entities[0].label, ORG);
    assert!(mentions.iter().all(|m| m.label == ORG));
    // scores weigh: one confident PER beats two unsure ORG
    let raw = vec![
        ms(&d, "Washington", 0, PER, 0.99),
        ms(&d, "Washington", 1, ORG, 0.3),
        ms(&d, "Washington", 2, ORG, 0.3),
    ];
    let (mentions, entities) = run(&d, &raw);
    assert_eq!(entities[0].label, PER);
    assert!(mentions.iter().all(|m| m.label == PER));
    // scores are kept as the tagger gave them
    assert_eq!(mentions[1].score, 0.3);
}

#[test]
fn a_place_and_its_team_keep_loc_and_org() {
    // the vote still decides the entity's label, but LOC vs ORG is the city and its team
    let d = doc(
        "Chicago beat Boston 5-3. Chicago scored twice in the ninth. Fans in Chicago cheered.",
        "en",
    );
    let raw = vec![
        m(&d, "Chicago", 0, ORG),
        m(&d, "Boston", 0, ORG),
        m(&d, "Chicago", 1, ORG),
        m(&d, "Chicago", 2, LOC),
    ];
    let (mentions, entities) = run(&d, &raw);
    let chicago = entity(&entities, "Chicago");
    assert_eq!(chicago.label, ORG);
    assert_eq!(chicago.count, 3);
    let labels: Vec<EntityLabel> = chicago
        .mentions
        .iter()
        .map(|&i| mentions[i].label)
        .collect();
    assert_eq!(labels, [ORG, ORG, LOC]);
    // other disagreements are still resolved by the vote: a PER mention joins ORG
    let raw = vec![
        m(&d, "Chicago", 0, ORG),
        m(&d, "Chicago", 1, ORG),
        ms(&d, "Chicago", 2, PER, 0.5),
    ];
    let (mentions, _) = run(&d, &raw);
    assert!(mentions.iter().all(|m| m.label == ORG));
}

#[test]
fn nationality_adjectives_link_to_their_country_and_keep_misc() {
    let d = doc_titled(
        "Japan und die NATO",
        "Der japanische Premierminister traf die japanischen Minister. Japan und Japans \
         Partner sprachen über die euro-atlantischen und indopazifischen Fragen. Der Berliner \
         Senat tagte in Berlin.",
        "de",
    );
    let raw = vec![
        m(&d, "japanische", 0, MISC),
        m(&d, "japanischen", 0, MISC),
        m(&d, "Japan", 0, LOC),
        m(&d, "Japans", 0, LOC),
        m(&d, "euro-atlantischen", 0, MISC),
        m(&d, "indopazifischen", 0, MISC),
        m(&d, "Berliner", 0, MISC),
        m(&d, "Berlin", 1, LOC),
    ];
    let (mentions, entities) = run(&d, &raw);
    let japan = entity(&entities, "Japan");
    assert_eq!(japan.label, LOC);
    assert_eq!(japan.count, 4);
    assert_eq!(
        japan.start, mentions[0].start,
        "first offset: the first mention"
    );
    assert_eq!(mentions[0].label, MISC, "descriptors keep MISC");
    assert_eq!(mentions[0].entity, mentions[2].entity);
    let derived: Vec<bool> = mentions.iter().map(|m| m.derived).collect();
    assert_eq!(derived, [true, true, false, false, true, true, true, false]);
    let berlin = forms(&mentions, entity(&entities, "Berlin"));
    assert_eq!(berlin, ["Berliner", "Berlin"]);
    // unlinked descriptors: their own MISC entities, base form, ranked below the names
    let euro = entity(&entities, "euro-atlantisch");
    assert_eq!(euro.label, MISC);
    entity(&entities, "indopazifisch");
    assert_eq!(entities[0].name, "Japan");
}

#[test]
fn english_demonyms() {
    let d = doc(
        "British officials met Palestinian leaders in Britain. Israeli and Israelis \
         reacted; Israel said no. Japanese and Twitter firms; Japan.",
        "en",
    );
    let raw = vec![
        m(&d, "Japanese", 0, MISC),
        m(&d, "Twitter", 0, MISC),
        m(&d, "Japan", 1, LOC),
        m(&d, "British", 0, MISC),
        m(&d, "Palestinian", 0, MISC),
        m(&d, "Britain", 0, LOC),
        m(&d, "Israeli", 0, MISC),
        m(&d, "Israelis", 0, MISC),
        m(&d, "Israel", 2, LOC),
    ];
    let (mentions, entities) = run(&d, &raw);
    let britain = forms(&mentions, entity(&entities, "Britain"));
    assert_eq!(britain, ["British", "Britain"]);
    assert_eq!(entity(&entities, "Israel").count, 3);
    let japan = forms(&mentions, entity(&entities, "Japan"));
    assert_eq!(japan, ["Japanese", "Japan"]);
    // "Twitter" is a name, not a German "-er" demonym
    let derived = |m: &Mention| m.label == MISC && m.text != "Twitter";
    assert!(mentions.iter().all(|m| m.derived == derived(m)));
    let pal = entity(&entities, "Palestinian");
    assert_eq!(pal.label, MISC);
    assert!(pal.salience < entity(&entities, "Britain").salience);
}

#[test]
fn salience_counts_position_title_and_lead() {
    let text = "Anna Berg opened the fair. Later Otto Klein came, and Otto Klein spoke. \
                Bern hosted it. Paris too.";
    // the same mentions, with and without a title naming Paris
    let raw_for = |d: &Prepared| {
        vec![
            m(d, "Anna Berg", 0, PER),
            m(d, "Otto Klein", 0, PER),
            m(d, "Otto Klein", 1, PER),
            m(d, "Bern", 0, LOC),
            m(d, "Paris", 0, LOC),
        ]
    };
    let plain = doc(text, "en");
    let (_, entities) = run(&plain, &raw_for(&plain));
    let s = |es: &[Entity], n: &str| entity(es, n).salience;
    // two mentions beat one; earlier beats later at equal counts
    assert!(s(&entities, "Otto Klein") > s(&entities, "Bern"));
    assert!(s(&entities, "Bern") > s(&entities, "Paris"));
    // the lead counts: Anna Berg is in the first sentence
    assert!(s(&entities, "Anna Berg") > s(&entities, "Bern"));
    let titled = doc_titled("Paris fair opens", text, "en");
    let (_, entities) = run(&titled, &raw_for(&titled));
    assert!(
        s(&entities, "Paris") > s(&entities, "Bern"),
        "title presence"
    );
    assert_eq!(entities.iter().filter(|e| e.salience == 1.0).count(), 0);
}

#[test]
fn bad_spans_are_dropped_without_panics() {
    let d = doc("Zürich und Genf.", "de");
    let bad = |start, end| RawMention {
        span: Span { start, end },
        label: LOC,
        score: 1.0,
    };
    let raw = vec![
        m(&d, "Zürich", 0, LOC),
        bad(1, 2),     // inside "ü"
        bad(3, 1),     // reversed
        bad(0, 1_000), // past the end
        bad(0, 3),     // overlaps "Zürich"
        m(&d, "Genf", 0, LOC),
        m(&d, "Genf", 0, LOC), // duplicate
    ];
    let (mentions, entities) = run(&d, &raw);
    assert_eq!(mentions.len(), 2);
    assert_eq!(entities.len(), 2);
    let (mentions, entities) = run(&d, &[]);
    assert!(mentions.is_empty() && entities.is_empty());
}

// --- text tagged by the built-in models

fn seed() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/examples/seed-article-de.txt"
    );
    std::fs::read_to_string(path).expect("the seed article beside the repository")
}

#[test]
fn seed_article_entities() {
    let nlp = Analyzer::builtin().unwrap();
    let a = nlp.analyze(&seed()).unwrap();
    let names: Vec<&str> = a.entities.iter().map(|e| e.name.as_str()).collect();
    // the top of the story, in the title and the lead
    let top4: Vec<&str> = names.iter().take(4).copied().collect();
    for n in ["NATO", "Japan", "Mark Rutte", "Shigeru Ishiba"] {
        assert!(top4.contains(&n), "{n} not in the top 4: {names:?}");
    }
    // no genitive, compound or adjective as an entity of its own
    for n in &names {
        assert!(!n.ends_with("Japans") && !n.contains("NATO-"), "{names:?}");
        assert!(!n.starts_with("japanisch"), "{names:?}");
    }
    let nato = a.entities.iter().find(|e| e.name == "NATO").unwrap();
    let nato_forms: Vec<&str> = nato
        .mentions
        .iter()
        .map(|&i| a.mentions[i].text.as_str())
        .collect();
    assert!(
        nato_forms.contains(&"Nordatlantikpakt-Organisation"),
        "{nato_forms:?}"
    );
    let japan = a.entities.iter().find(|e| e.name == "Japan").unwrap();
    assert_eq!(japan.label, LOC);
    for &i in &japan.mentions {
        let m = &a.mentions[i];
        assert!(m.label == LOC || m.label == MISC);
        assert_eq!(&a.text[m.start..m.end], m.text);
    }
    let ishiba = a
        .entities
        .iter()
        .find(|e| e.name == "Shigeru Ishiba")
        .unwrap();
    assert!(ishiba.count >= 3);
    for e in &a.entities {
        for &i in &e.mentions {
            if e.label != MISC {
                assert!(
                    a.mentions[i].label == e.label || a.mentions[i].label == MISC,
                    "{e:?}"
                );
            }
        }
    }
}

#[test]
fn english_news_entities() {
    let text = "The European Central Bank (ECB) raised interest rates on Thursday. ECB \
                president Christine Lagarde said inflation in the eurozone was too high. Mrs \
                Lagarde pointed to Germany's weak growth. Prime Minister Boris Johnson said \
                Britain's economy was strong. Mr Johnson met Ms Lagarde in London. The World \
                Health Organization (WHO) warned of a pandemic.";
    let nlp = Analyzer::builtin().unwrap();
    let a = nlp.analyze(text).unwrap();
    let find = |name: &str| a.entities.iter().find(|e| e.name.contains(name));
    let lagarde = find("Lagarde").expect("Lagarde");
    assert_eq!(lagarde.name, "Christine Lagarde");
    assert_eq!(lagarde.label, PER);
    assert_eq!(lagarde.count, 3);
    let johnson = find("Johnson").expect("Johnson");
    assert_eq!((johnson.name.as_str(), johnson.count), ("Boris Johnson", 2));
    let ecb = find("ECB").or_else(|| find("Central Bank")).expect("ECB");
    assert!(ecb.count >= 2, "{ecb:?}");
    assert!(
        a.entities
            .iter()
            .filter(|e| e.name.contains("Lagarde"))
            .count()
            == 1
    );
    for m in &a.mentions {
        assert_eq!(&a.text[m.start..m.end], m.text);
    }
}
