//! Document-level entities: the mentions of one document grouped into [`Entity`]s, each
//! with a canonical name, one label, a count, its first offset and a salience score.
//! This file holds the rules and the stage order only; it tags nothing and loads no model.
//!
//! "Shigeru Ishiba", "Ishiba" and "Herrn Ishiba" are one person. The stages, in order, each
//! in its own file: `mentions` (items from the recognizer's spans, compounds), `acronyms`
//! (definitions and linking), `descriptors`, `grouping` (coreference of names and the
//! label vote), `canonical` (the entity's name) and `salience` (ranking and output);
//! `names` holds the name keys that all of them compare.
//!
//! # Rules
//!
//! Mentions come from a recognizer ([`RawMention`]); this stage only reads the text around
//! them. Every output mention satisfies `text[start..end] == mention.text`: the recognizer's
//! offsets are kept, except for the two documented cases below (compound name parts, and
//! mentions added from an acronym definition).
//!
//! 1. **Name keys.** A mention's name is its text without leading titles and honorifics
//!    ("Herrn Rutte", "Mr. Johnson", "Dr."), leading articles ("der NATO", "the BBC") and an
//!    English possessive ("Japan's", "Scholz'"). Names are compared case-insensitively.
//! 2. **Same name, same entity.** Mentions with the same name are one entity whatever
//!    their labels; a genitive `-s`/`-es` ("Japans", "Deutschlands", "Merkels") joins the
//!    entity of the name without it when that name occurs in the document. In German,
//!    declined adjectives in a name are folded ("Europäischen Union" = "Europäische Union",
//!    "Deutschen Bank" = "Deutsche Bank").
//! 3. **Partial person names.** A shorter name that ends a longer person name is that
//!    person ("Ishiba" → "Shigeru Ishiba", "von der Leyen" → "Ursula von der Leyen"); when
//!    several persons share it, the nearest one mentioned before wins. Such a mention joins
//!    the person even when the tagger labelled it ORG or MISC (the label vote below then
//!    decides); a LOC mention joins only after an honorific ("Mr Jordan"). A lone first
//!    name joins a person only when exactly one person in the document has that first name
//!    and no person has it as surname ("Boris" → "Boris Johnson"). "George Bush" joins
//!    "George W. Bush" (same first and last word, one candidate).
//! 4. **Acronyms.** An acronym defined in the text, "Nordatlantikpakt-Organisation (NATO)",
//!    "North Atlantic Treaty Organization (NATO)" or "NATO (North Atlantic Treaty
//!    Organization)", joins its long form (matched in the manner of Schwartz & Hearst: the
//!    acronym's letters in order in the long form, the first at a word start). When the
//!    recognizer tagged only one side of the definition, the other side is added as a
//!    mention with its exact offsets, the label and score of the tagged side. An acronym
//!    that is not defined joins the one entity whose name it abbreviates word by word
//!    ("EZB" → "Europäische Zentralbank": E + Z-B, "ECB" → "European Central Bank"), but
//!    not a person by their initials ("LG" is not "Luis Garcia"); an all-caps word that is
//!    a word of a person's name ("BARATELLI" in a headline) joins that person.
//! 5. **Compounds.** A hyphenated compound whose first part is an entity of the document,
//!    "NATO-Generalsekretär", "Japan-Besuch", "NATO-led", is not a new entity: the mention is
//!    cut to its name part ("NATO", exact offsets of that part) and belongs to that entity.
//!    This applies when the compound's label is MISC or differs from the entity's, when the
//!    rest of the compound is lowercase, or when it ends in a common German head noun
//!    (`-besuch`, `-gipfel`, `-präsident`, ...). Otherwise ("EU-Kommission" tagged ORG
//!    beside "EU" ORG, "Rheinland-Pfalz") the compound is a name of its own.
//! 6. **Labels.** An entity's label is the majority of its name mentions' labels, each
//!    weighted by the tagger's score (at least 0.05); a mention right after an honorific
//!    adds a PER vote of weight 1. When the tagger labelled a full name of the entity
//!    (two words or more) PER, its lone one-word names (surnames, not acronyms) do not vote:
//!    "Craig Bellamy" decides over "Bellamy" tagged ORG in sports prose. All name mentions
//!    are then reported with the entity's label: a document names one thing with one
//!    label. The exception is LOC vs ORG: a mention the tagger labelled LOC in an ORG
//!    entity, or ORG in a LOC entity, keeps its label, because a place name also names its
//!    team, club or government ("Chicago" the city and the baseball team in one report).
//!    Measured with `nutgraf eval ner --pipeline` on CoNLL-2003 en dev (`eng.testa` with its
//!    document breaks, a model trained without dev): after the rules 92.14 F1 before these
//!    two refinements, 92.98 with them (tagger on the same text: 92.67).
//! 7. **Descriptors.** One-word MISC mentions that are adjectives or demonyms ("japanische",
//!    "euro-atlantischen", "Israeli", "British"; in German also "Berliner", "Italiener",
//!    "Deutscher": -ner, -ier, -cher) are descriptors, reported as
//!    mentions with `derived: true`. A descriptor that matches a place of the document by
//!    stem (japanisch → Japan, Berliner → Berlin, Israeli → Israel, British → Britain) is a
//!    mention of that place and keeps its MISC label; other descriptors form
//!    MISC entities of their own, named by their German base form ("japanisch") or surface
//!    form, with half the salience, so that they rank below the names of the story.
//! 8. **Canonical name.** The longest full form among the entity's names (most words; in
//!    German an uninflected form is preferred, then the most frequent, then the first). An
//!    entity known by an acronym and its long form is named by the acronym when the text
//!    uses the acronym more than twice as often as the long form ("NATO" in the seed
//!    article), else by the long form ("European Central Bank").
//! 9. **Salience** in `[0, 1]`: `0.5·f + 0.2·p + 0.15·t + 0.15·l`, where `f` is the
//!    entity's mention weight (names 1, descriptors and compound parts 0.5) damped as
//!    `ln(1 + w) / ln(1 + w_max)` over the document's entities, `p` is `1 - first offset /
//!    text length`, `t` is 1 when a name of the entity appears in the title (0.5 for a
//!    descriptor only), `l` the same for the first sentence (the lead). Without a title,
//!    its weight goes to `f`. Entities are sorted by salience, then by first offset.
//! 10. **Dropped spans.** Recognizer spans off a char boundary, reversed, past the end or
//!     overlapping an earlier one, and spans without a letter or digit (a lone "," or "!"
//!     from a transformer model that tags every token) are dropped, never a panic.
//! 11. **Truncated compounds.** A mention that ends in a hyphen right after a letter and is
//!     followed by a coordinating word or a comma ("Ost-" in "im Ost- und Südchinesischen
//!     Meer", "Nord-" in "Nord-, Mittel- und Südamerika", "Kinder-" in "Kinder- oder
//!     Jugendhilfe") is only the first part of an elided compound, not a name: it is
//!     dropped. Hyphenated names ("Baden-Württemberg", "Ost-Timor") are whole words and
//!     stay. (This applies to the grouped mentions only; `nutgraf tag` output keeps the
//!     tagger's spans, since GermEval and CoNLL annotate such parts as entities.)

mod acronyms;
mod canonical;
mod descriptors;
mod grouping;
mod mentions;
mod names;
mod salience;

use crate::backend::RawMention;
use crate::text::Prepared;
use crate::types::{Entity, Mention};

/// Builds mentions and entities from the recognizer's mentions of `doc` (see the module
/// documentation for the rules).
///
/// Mentions come back in text order; entities most salient first, and each mention's
/// `entity` field indexes into the returned entities. Mentions with spans outside the text,
/// off character boundaries, or overlapping an earlier mention are dropped.
pub fn group(doc: &Prepared, raw: &[RawMention]) -> (Vec<Mention>, Vec<Entity>) {
    let text = doc.text.as_str();
    let de = doc.language.code == "de";
    let mut items = mentions::collect(text, raw);
    acronyms::add_definitions(text, &mut items);
    items.sort_by_key(|m| (m.start, m.end));
    let pairs = acronyms::defined_pairs(text, &items);
    mentions::split_compounds(text, &mut items, &pairs);
    descriptors::mark_descriptors(&mut items, de);

    // names into groups; acronyms: defined ones, then acronyms of names found elsewhere
    let (mut assign, ngroups) = grouping::group_names(&items, de);
    let mut uf: Vec<usize> = (0..ngroups).collect();
    acronyms::link_acronyms(&items, &pairs, &assign, &mut uf);
    let count = grouping::merge(&mut uf, &mut assign);
    let mut labels = grouping::vote(&items, &assign, count);

    // descriptors: to a place of the document, else by their base form
    descriptors::assign_descriptors(&items, &mut assign, &mut labels);

    salience::build(doc, &items, &assign, &labels, de)
}
