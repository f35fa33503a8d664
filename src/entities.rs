//! Grouping of entity mentions into entities ("Shigeru Ishiba", "Ishiba" and
//! "Herrn Ishiba" are one person), with a canonical name and a salience score.

use crate::backend::RawMention;
use crate::types::{Entity, EntityLabel, Mention};
use std::collections::HashMap;

/// Titles and honorifics that may lead a person mention and do not belong to the name.
const HONORIFICS: &[&str] = &[
    "herr", "herrn", "frau", "dr.", "prof.", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "sir",
    "dame", "lord", "lady", "monsieur", "madame", "señor", "señora",
];

fn name_tokens(text: &str) -> Vec<String> {
    let toks: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '.')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let skip = toks
        .iter()
        .take_while(|t| HONORIFICS.contains(&t.as_str()))
        .count();
    if skip < toks.len() {
        toks[skip..].to_vec()
    } else {
        toks
    }
}

/// Builds mentions and entities from raw mentions over `text`.
///
/// Mentions come back in text order; entities most salient first, and each mention's
/// `entity` field indexes into the returned entities.
pub fn group(text: &str, raw: &[RawMention]) -> (Vec<Mention>, Vec<Entity>) {
    let mut raw: Vec<RawMention> = raw.to_vec();
    raw.sort_by_key(|m| (m.span.start, m.span.end));
    let keys: Vec<Vec<String>> = raw
        .iter()
        .map(|m| name_tokens(&text[m.span.start..m.span.end]))
        .collect();
    // Longer names first, so that partial names can attach to full ones.
    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(keys[i].len()), raw[i].span.start));

    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut person_last: HashMap<String, usize> = HashMap::new();
    let mut assignment = vec![usize::MAX; raw.len()];
    for &i in &order {
        let key = keys[i].join(" ");
        let label = raw[i].label;
        let found = by_key
            .get(&key)
            .copied()
            // German/English genitive: "Japans" → "Japan"
            .or_else(|| key.strip_suffix('s').and_then(|k| by_key.get(k).copied()))
            .or_else(|| key.strip_suffix("'s").and_then(|k| by_key.get(k).copied()))
            // A single name that is the surname of a known person.
            .or_else(|| {
                (label == EntityLabel::PER && keys[i].len() == 1)
                    .then(|| person_last.get(&keys[i][0]).copied())
                    .flatten()
            });
        let g = match found {
            Some(g) => g,
            None => {
                groups.push(Vec::new());
                let g = groups.len() - 1;
                by_key.insert(key.clone(), g);
                if label == EntityLabel::PER && keys[i].len() >= 2 {
                    if let Some(last) = keys[i].last() {
                        person_last.entry(last.clone()).or_insert(g);
                    }
                }
                g
            }
        };
        groups[g].push(i);
        assignment[i] = g;
    }

    let text_len = text.len().max(1) as f32;
    let max_count = groups.iter().map(Vec::len).max().unwrap_or(1) as f32;
    let mut entities: Vec<(Entity, usize)> = groups
        .iter()
        .enumerate()
        .map(|(g, members)| {
            let mut votes: HashMap<EntityLabel, (usize, usize)> = HashMap::new();
            for &i in members {
                let e = votes.entry(raw[i].label).or_insert((0, usize::MAX));
                e.0 += 1;
                e.1 = e.1.min(raw[i].span.start);
            }
            let label = votes
                .iter()
                .max_by_key(|(_, (n, first))| (*n, std::cmp::Reverse(*first)))
                .map(|(l, _)| *l)
                .unwrap_or(raw[members[0]].label);
            let canonical = members
                .iter()
                .max_by_key(|&&i| (keys[i].len(), std::cmp::Reverse(raw[i].span.start)))
                .copied()
                .unwrap_or(members[0]);
            let name = strip_honorifics(&text[raw[canonical].span.start..raw[canonical].span.end]);
            let first = members
                .iter()
                .map(|&i| raw[i].span.start)
                .min()
                .unwrap_or(0) as f32;
            let salience = 0.7 * members.len() as f32 / max_count + 0.3 * (1.0 - first / text_len);
            let entity = Entity {
                label,
                name,
                count: members.len(),
                mentions: Vec::new(),
                salience,
            };
            (entity, g)
        })
        .collect();
    entities.sort_by(|a, b| b.0.salience.total_cmp(&a.0.salience).then(a.1.cmp(&b.1)));
    let mut new_index = vec![0; groups.len()];
    for (pos, (_, g)) in entities.iter().enumerate() {
        new_index[*g] = pos;
    }
    let mut entities: Vec<Entity> = entities.into_iter().map(|(e, _)| e).collect();
    let mentions: Vec<Mention> = raw
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let entity = new_index[assignment[i]];
            entities[entity].mentions.push(i);
            Mention {
                label: m.label,
                text: text[m.span.start..m.span.end].to_string(),
                start: m.span.start,
                end: m.span.end,
                score: m.score,
                entity,
            }
        })
        .collect();
    (mentions, entities)
}

fn strip_honorifics(name: &str) -> String {
    let mut rest = name.trim();
    while let Some((first, tail)) = rest.split_once(char::is_whitespace) {
        if HONORIFICS.contains(&first.to_lowercase().as_str()) {
            rest = tail.trim_start();
        } else {
            break;
        }
    }
    rest.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Span;

    fn m(text: &str, needle: &str, nth: usize, label: EntityLabel) -> RawMention {
        let start = text.match_indices(needle).nth(nth).unwrap().0;
        RawMention {
            span: Span {
                start,
                end: start + needle.len(),
            },
            label,
            score: 0.9,
        }
    }

    #[test]
    fn groups_partial_names_and_genitives() {
        let t = "Shigeru Ishiba traf Mark Rutte in Japan. Ishiba lobte Japans Rolle. Herrn Rutte dankte er.";
        let raw = vec![
            m(t, "Shigeru Ishiba", 0, EntityLabel::PER),
            m(t, "Mark Rutte", 0, EntityLabel::PER),
            m(t, "Japan", 0, EntityLabel::LOC),
            m(t, "Ishiba", 1, EntityLabel::PER),
            m(t, "Japans", 0, EntityLabel::LOC),
            m(t, "Herrn Rutte", 0, EntityLabel::PER),
        ];
        let (mentions, entities) = group(t, &raw);
        assert_eq!(mentions.len(), 6);
        assert_eq!(entities.len(), 3);
        let names: Vec<&str> = entities.iter().map(|e| e.name.as_str()).collect();
        assert!(
            names.contains(&"Shigeru Ishiba")
                && names.contains(&"Mark Rutte")
                && names.contains(&"Japan")
        );
        for e in &entities {
            assert_eq!(e.count, 2);
        }
        for (i, mention) in mentions.iter().enumerate() {
            assert_eq!(&t[mention.start..mention.end], mention.text);
            assert!(entities[mention.entity].mentions.contains(&i));
        }
        assert!(mentions.windows(2).all(|w| w[0].start <= w[1].start));
    }

    #[test]
    fn empty() {
        let (m, e) = group("nothing", &[]);
        assert!(m.is_empty() && e.is_empty());
    }
}
