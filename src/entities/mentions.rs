//! Mentions into items (rules 1, 5, 10, 11): the recognizer's spans checked and made
//! [`Item`]s with their names, elided compound parts dropped, compounds cut to their name part.
//! Reads only the text around a mention; groups nothing and decides no entity.

use super::names::{is_acronym, key_words, strip_name, HONORIFICS};
use crate::backend::RawMention;
use crate::types::EntityLabel;
use std::collections::{HashMap, HashSet};

/// What a mention is to its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A name of the entity.
    Name,
    /// The name part of a compound ("NATO" of "NATO-Generalsekretär").
    Part,
    /// An adjective or demonym ("japanische", "British").
    Descriptor,
}

#[derive(Clone, Debug)]
pub(super) struct Item {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) label: EntityLabel,
    pub(super) score: f32,
    pub(super) kind: Kind,
    /// The name: the mention text without honorifics, articles and possessive.
    pub(super) name: String,
    /// Lowercase words of `name`.
    pub(super) toks: Vec<String>,
    /// Preceded by (or starting with) an honorific.
    pub(super) honorific: bool,
}

impl Item {
    pub(super) fn is_acronym(&self) -> bool {
        is_acronym(&self.name)
    }
}

/// Valid, sorted, non-overlapping items from the recognizer's mentions.
pub(super) fn collect(text: &str, raw: &[RawMention]) -> Vec<Item> {
    let mut raw: Vec<&RawMention> = raw
        .iter()
        .filter(|m| {
            m.span.start < m.span.end
                && m.span.end <= text.len()
                && text.is_char_boundary(m.span.start)
                && text.is_char_boundary(m.span.end)
        })
        .collect();
    raw.sort_by_key(|m| (m.span.start, m.span.end));
    let mut out: Vec<Item> = Vec::with_capacity(raw.len());
    let mut last_end = 0;
    for m in raw {
        if m.span.start < last_end {
            continue;
        }
        last_end = m.span.end;
        if truncated_compound(text, m.span.start, m.span.end) {
            continue;
        }
        if let Some(item) = make_item(text, m.span.start, m.span.end, m.label, m.score) {
            out.push(item);
        }
    }
    out
}

/// Words that coordinate an elided compound part with the next conjunct ("Ost- und
/// Südchinesisches Meer", "Nord- oder Südkorea", "pre- and post-war"), lowercase.
const COORDINATORS: &[&str] = &[
    "und", "oder", "bzw.", "bzw", "sowie", "wie", "bis", "u.", "and", "or", "nor", "&", "et", "ou",
    "en", "of", "y", "o", "e", "u",
];

/// Whether `text[start..end]` is the truncated first part of a coordinated compound: it
/// ends in a hyphen that follows a letter, and the text after it is a comma or whitespace
/// and one of [`COORDINATORS`] ("Ost-" in "Ost- und Südchinesisches Meer").
fn truncated_compound(text: &str, start: usize, end: usize) -> bool {
    let Some(surface) = text.get(start..end) else {
        return false;
    };
    let Some(head) = surface
        .strip_suffix('-')
        .or_else(|| surface.strip_suffix('\u{2010}'))
    else {
        return false;
    };
    if !head.chars().next_back().is_some_and(char::is_alphabetic) {
        return false;
    }
    let after = text.get(end..).unwrap_or("");
    if after.starts_with(',') {
        return true;
    }
    if !after.starts_with(char::is_whitespace) {
        return false;
    }
    let word = after.split_whitespace().next().unwrap_or("");
    let word = word.strip_suffix(',').unwrap_or(word).to_lowercase();
    COORDINATORS.contains(&word.as_str())
}

pub(super) fn make_item(
    text: &str,
    start: usize,
    end: usize,
    label: EntityLabel,
    score: f32,
) -> Option<Item> {
    let surface = &text[start..end];
    let (name, led_by_honorific) = strip_name(surface, label);
    let toks = key_words(&name);
    if toks.is_empty() {
        return None;
    }
    let honorific = led_by_honorific || preceded_by_honorific(text, start);
    Some(Item {
        start,
        end,
        label,
        score,
        kind: Kind::Name,
        name,
        toks,
        honorific,
    })
}

fn preceded_by_honorific(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    let word = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .to_lowercase();
    !word.is_empty() && HONORIFICS.contains(&word.as_str())
}

/// Endings of German head nouns that make "<Name>-<Head>" a compound about the name
/// ("NATO-Generalsekretär", "Japan-Besuch") rather than a name of its own.
const COMPOUND_HEADS: &[&str] = &[
    "sekretär",
    "sekretärin",
    "präsident",
    "präsidentin",
    "chef",
    "chefin",
    "chefs",
    "gipfel",
    "besuch",
    "reise",
    "regierung",
    "staaten",
    "mitglied",
    "mitglieder",
    "politik",
    "krise",
    "treffen",
    "sprecher",
    "sprecherin",
    "minister",
    "ministerin",
    "kommissar",
    "kommissarin",
    "botschafter",
    "botschafterin",
    "truppen",
    "einsatz",
    "operation",
    "vertrag",
    "abkommen",
    "beitritt",
    "partner",
    "vorsitz",
    "vorsitzende",
    "vorsitzender",
    "konferenz",
    "delegation",
    "sanktionen",
    "streitkräfte",
    "armee",
    "wahl",
    "wahlen",
    "spieler",
    "trainer",
    "konzern",
    "zentrale",
    "strategie",
    "verhandlungen",
    "gespräche",
];

/// Cuts "NATO-Generalsekretär" to its name part "NATO" when that part names an entity of
/// the document (see rule 5).
pub(super) fn split_compounds(text: &str, items: &mut [Item], pairs: &[(usize, usize)]) {
    // labels of the names found as whole mentions (compounds excluded)
    let mut known: HashMap<String, Vec<EntityLabel>> = HashMap::new();
    let is_compound = |it: &Item| it.toks.len() == 1 && it.name.contains('-');
    for it in items.iter() {
        known.entry(it.toks.join(" ")).or_default().push(it.label);
    }
    let in_pair: HashSet<usize> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    for (i, it) in items.iter_mut().enumerate() {
        if !is_compound(it) || in_pair.contains(&i) {
            continue;
        }
        let name = it.name.clone();
        // the longest prefix ending at a hyphen that is a known name
        let mut best = None;
        for (h, _) in name.match_indices('-') {
            let prefix = &name[..h];
            let tail = &name[h + 1..];
            if prefix.is_empty() || tail.is_empty() {
                continue;
            }
            if let Some(labels) = known.get(&prefix.to_lowercase()) {
                best = Some((h, labels.clone()));
            }
        }
        let Some((h, labels)) = best else { continue };
        let tail = &name[h + 1..];
        let entity_label = majority(&labels);
        let last = tail.rsplit('-').next().unwrap_or(tail).to_lowercase();
        let is_part = it.label == EntityLabel::MISC
            || it.label != entity_label
            || tail.chars().next().is_some_and(char::is_lowercase)
            || COMPOUND_HEADS.iter().any(|head| last.ends_with(head));
        if !is_part {
            continue;
        }
        // the name part starts where the name starts in the mention
        let Some(at) = text[it.start..it.end].find(name.as_str()) else {
            continue;
        };
        it.start += at;
        it.end = it.start + h;
        it.name = name[..h].to_string();
        it.toks = key_words(&it.name);
        it.kind = Kind::Part;
    }
}

fn majority(labels: &[EntityLabel]) -> EntityLabel {
    let mut best = (0, EntityLabel::MISC);
    for l in EntityLabel::ALL {
        let c = labels.iter().filter(|&&x| x == l).count();
        if c > best.0 {
            best = (c, l);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_compound_parts() {
        let t = |text: &str, part: &str| {
            let start = text.find(part).expect("part in text");
            truncated_compound(text, start, start + part.len())
        };
        assert!(t("im Ost- und Südchinesischen Meer", "Ost-"));
        assert!(t("Nord- oder Südkorea", "Nord-"));
        assert!(t("Nord-, Mittel- und Südamerika", "Nord-"));
        assert!(t("Nord-, Mittel- und Südamerika", "Mittel-"));
        assert!(t("die Kinder-  bzw. Jugendhilfe", "Kinder-"));
        assert!(t(
            "die Evangelische Kinder- sowie Jugendhilfe",
            "Evangelische Kinder-"
        ));
        assert!(t("North- and South Korea", "North-"));
        assert!(t("Nord\u{2010} und Südkorea", "Nord\u{2010}"));
        // whole hyphenated names stay
        assert!(!t("Baden-Württemberg und Bayern", "Baden-Württemberg"));
        assert!(!t("Ost-Timor oder Indonesien", "Ost-Timor"));
        assert!(!t("in Baden-Württemberg", "Baden-"));
        // a hyphen not followed by a coordinator, or not after a letter
        assert!(!t("Ost- Timor", "Ost-"));
        assert!(!t("Ost-", "Ost-"));
        assert!(!t("die Ost-undWest", "Ost-"));
        assert!(!t("Nord- Unding", "Nord-"));
        assert!(!t("Gruppe 7- und", "Gruppe 7-"));
        assert!(!t("Nord und Süd", "Nord"));
        // offsets outside the text or off a char boundary are no fragment
        assert!(!truncated_compound("Ost- und", 0, 99));
        assert!(!truncated_compound("Öst- und", 1, 5));
    }
}
