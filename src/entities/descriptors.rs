//! Descriptors (rule 7): one-word MISC adjectives and demonyms ("japanische", "Berliner")
//! marked, then given to the place of the document they derive from or to their base form.
//! Changes only descriptor items and their groups; names are grouped elsewhere.

use super::mentions::{Item, Kind};
use super::names::fold;
use crate::types::EntityLabel;
use std::collections::HashMap;

/// Marks one-word MISC adjectives and demonyms as descriptors (rule 7); in German (`de`)
/// also "Berliner", "Münchner", "Italiener", "Deutscher".
pub(super) fn mark_descriptors(items: &mut [Item], de: bool) {
    for it in items.iter_mut() {
        if it.kind != Kind::Name || it.label != EntityLabel::MISC || it.toks.len() != 1 {
            continue;
        }
        let w = it.name.as_str();
        // "japanische", "euro-atlantischen", "US-amerikanische"
        let tail = w.rsplit('-').next().unwrap_or(w);
        let lower_word = tail.chars().any(char::is_alphabetic)
            && tail.chars().all(|c| c.is_lowercase() || c == '-');
        let l = w.to_lowercase();
        let capitalized = w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).all(|c| c.is_lowercase());
        let demonym = capitalized
            && w.chars().count() >= 4
            && (["an", "ese", "ish", "i", "ch", "is", "ans", "ians"]
                .iter()
                .any(|s| l.ends_with(s))
                || de && ["ner", "ier", "cher"].iter().any(|s| l.ends_with(s)));
        if lower_word || demonym {
            it.kind = Kind::Descriptor;
        }
    }
}

/// German adjective base form ("japanischen" → "japanisch"); other words unchanged.
pub(super) fn descriptor_base(word: &str) -> String {
    let tail = word.rsplit('-').next().unwrap_or(word);
    let lower = tail.chars().next().is_some_and(char::is_lowercase);
    if lower {
        for ending in ["en", "er", "es", "em", "e"] {
            if let Some(stem) = word.strip_suffix(ending) {
                if stem.ends_with("isch") || stem.ends_with("sch") || stem.ends_with("ig") {
                    return stem.to_string();
                }
            }
        }
    }
    word.to_string()
}

/// Gives each descriptor item its group: the place of the document it derives from, else a
/// new MISC group per base form (appended to `labels`).
pub(super) fn assign_descriptors(
    items: &[Item],
    assign: &mut [usize],
    labels: &mut Vec<EntityLabel>,
) {
    let mut desc_groups: HashMap<String, usize> = HashMap::new();
    let places = Places::new(items, assign, labels);
    for (i, it) in items.iter().enumerate() {
        if it.kind != Kind::Descriptor {
            continue;
        }
        let word = it.toks.join(" ");
        let place = places.best(&word);
        assign[i] = match place {
            Some(g) => g,
            None => {
                let key = descriptor_base(&it.name).to_lowercase();
                *desc_groups.entry(key).or_insert_with(|| {
                    labels.push(EntityLabel::MISC);
                    labels.len() - 1
                })
            }
        };
    }
}

/// Length of the stem shared by a descriptor and a one-word place name, when the
/// descriptor derives from the place ("japanische"/"Japan", "British"/"Britain",
/// "deutsche"/"Deutschland"), else `None`.
fn stem_match(descriptor: &str, place: &str) -> Option<usize> {
    let d = fold(descriptor);
    let p = fold(place);
    if p.len() < 3 || d == p {
        return None;
    }
    let common = d.iter().zip(&p).take_while(|(a, b)| a == b).count();
    let place_tail: String = p[common..].iter().collect();
    let desc_tail = d.len() - common;
    let ok_place = place_tail.chars().count() <= 3
        || (place_tail.ends_with("land") && place_tail.chars().count() <= 6);
    let ok = (common >= 4 || (common == p.len() && common >= 3)) && ok_place && desc_tail <= 9;
    ok.then_some(common)
}

/// One-word names of the LOC entities, by their first three (folded) letters.
struct Places {
    by_prefix: HashMap<String, Vec<(String, usize)>>,
}

impl Places {
    fn new(items: &[Item], assign: &[usize], labels: &[EntityLabel]) -> Places {
        let mut by_prefix: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        for (it, &g) in items.iter().zip(assign) {
            if g == usize::MAX || it.kind != Kind::Name || it.toks.len() != 1 {
                continue;
            }
            if labels.get(g) != Some(&EntityLabel::LOC) {
                continue;
            }
            let word = &it.toks[0];
            let list = by_prefix.entry(prefix3(word)).or_default();
            if !list.iter().any(|(w, h)| w == word && *h == g) {
                list.push((word.clone(), g));
            }
        }
        Places { by_prefix }
    }

    /// The place group a descriptor belongs to: the best stem match; `None` when there is
    /// none or two places match equally well.
    fn best(&self, word: &str) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        let mut tie = false;
        for (place, g) in self.by_prefix.get(&prefix3(word)).into_iter().flatten() {
            if let Some(len) = stem_match(word, place) {
                match best {
                    Some((bl, bg)) if len == bl && bg != *g => tie = true,
                    Some((bl, _)) if len <= bl => {}
                    _ => {
                        best = Some((len, *g));
                        tie = false;
                    }
                }
            }
        }
        if tie {
            None
        } else {
            best.map(|(_, g)| g)
        }
    }
}

/// The first three folded letters (a stem match shares at least three).
fn prefix3(word: &str) -> String {
    fold(word).into_iter().take(3).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_of_places() {
        assert!(stem_match("japanische", "Japan").is_some());
        assert!(stem_match("British", "Britain").is_some());
        assert!(stem_match("Israeli", "Israel").is_some());
        assert!(stem_match("deutschen", "Deutschland").is_some());
        assert!(stem_match("chinesische", "China").is_some());
        assert!(stem_match("Austrian", "Australia").is_none());
        assert!(stem_match("französische", "Frankreich").is_none());
        assert_eq!(descriptor_base("japanischen"), "japanisch");
        assert_eq!(descriptor_base("euro-atlantischen"), "euro-atlantisch");
        assert_eq!(descriptor_base("British"), "British");
        assert_eq!(descriptor_base("US-amerikanische"), "US-amerikanisch");
    }
}
