//! Output (rule 9): salience of each group, entities sorted by it, and the final
//! [`Mention`]s and [`Entity`]s with their labels. Groups nothing and changes no item.

use super::canonical::canonical;
use super::grouping::metonymy;
use super::mentions::{Item, Kind};
use crate::text::Prepared;
use crate::types::{Entity, EntityLabel, Mention};

/// True when `needle` occurs in `hay` as whole words (a genitive or possessive may follow).
fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(i, _)| {
        let before_ok = hay[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let rest = &hay[i + needle.len()..];
        let rest = rest
            .strip_prefix("'s")
            .or_else(|| rest.strip_prefix("’s"))
            .or_else(|| rest.strip_prefix('s'))
            .unwrap_or(rest);
        let after_ok = rest.chars().next().is_none_or(|c| !c.is_alphanumeric());
        before_ok && after_ok
    })
}

/// Rules 8 and 9: entities with their canonical names and salience; mentions.
pub(super) fn build(
    doc: &Prepared,
    items: &[Item],
    assign: &[usize],
    labels: &[EntityLabel],
    de: bool,
) -> (Vec<Mention>, Vec<Entity>) {
    let text = doc.text.as_str();
    let ng = labels.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); ng];
    for (i, &g) in assign.iter().enumerate() {
        if g < ng {
            members[g].push(i);
        }
    }
    let lead = doc.sentences.first().copied();
    let title = doc.title.as_deref().filter(|t| !t.trim().is_empty());
    let text_len = text.len().max(1) as f32;

    struct Pre {
        name: String,
        weight: f32,
        first: usize,
        in_title: f32,
        in_lead: f32,
        descriptor_only: bool,
    }
    let mut pre: Vec<Option<Pre>> = Vec::with_capacity(ng);
    for ms in &members {
        if ms.is_empty() {
            pre.push(None);
            continue;
        }
        let names: Vec<&Item> = ms
            .iter()
            .map(|&i| &items[i])
            .filter(|it| it.kind == Kind::Name)
            .collect();
        let name = canonical(&names, ms.iter().map(|&i| &items[i]), de);
        let mut w = 0.0;
        let mut in_title: f32 = 0.0;
        let mut in_lead: f32 = 0.0;
        for &i in ms {
            let it = &items[i];
            let (wt, credit) = match it.kind {
                Kind::Name => (1.0, 1.0),
                Kind::Part => (0.5, 1.0),
                Kind::Descriptor => (0.5, 0.5),
            };
            w += wt;
            if let Some(l) = lead {
                if it.start >= l.start && it.start < l.end {
                    in_lead = in_lead.max(credit);
                }
            }
            if let Some(t) = title {
                if contains_words(t, &it.name) {
                    in_title = in_title.max(credit);
                }
            }
        }
        if let Some(t) = title {
            if contains_words(t, &name) {
                in_title = 1.0;
            }
        }
        let first = ms.iter().map(|&i| items[i].start).min().unwrap_or(0);
        pre.push(Some(Pre {
            name,
            weight: w,
            first,
            in_title,
            in_lead,
            descriptor_only: names.is_empty()
                && ms.iter().all(|&i| items[i].kind == Kind::Descriptor),
        }));
    }
    let w_max = pre
        .iter()
        .flatten()
        .map(|p| p.weight)
        .fold(0.0f32, f32::max)
        .max(1.0);
    let (wf, wt) = if title.is_some() {
        (0.5, 0.15)
    } else {
        (0.65, 0.0)
    };
    let mut entities: Vec<(Entity, usize)> = Vec::new();
    for (g, p) in pre.into_iter().enumerate() {
        let Some(p) = p else { continue };
        let f = (1.0 + p.weight).ln() / (1.0 + w_max).ln();
        let pos = 1.0 - p.first as f32 / text_len;
        let mut salience = wf * f + 0.2 * pos + wt * p.in_title + 0.15 * p.in_lead;
        if p.descriptor_only {
            salience *= 0.5;
        }
        let salience = salience.clamp(0.0, 1.0);
        entities.push((
            Entity {
                label: labels[g],
                name: p.name,
                count: members[g].len(),
                start: p.first,
                mentions: Vec::new(),
                salience,
            },
            g,
        ));
    }
    entities.sort_by(|a, b| {
        b.0.salience
            .total_cmp(&a.0.salience)
            .then(a.0.start.cmp(&b.0.start))
    });
    let mut new_index = vec![usize::MAX; ng];
    for (pos, (_, g)) in entities.iter().enumerate() {
        new_index[*g] = pos;
    }
    let mut entities: Vec<Entity> = entities.into_iter().map(|(e, _)| e).collect();
    let mut mentions = Vec::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        let g = assign[i];
        if g >= ng {
            continue;
        }
        let e = new_index[g];
        let label = match it.kind {
            Kind::Descriptor => it.label,
            _ if metonymy(it.label, labels[g]) => it.label,
            _ => labels[g],
        };
        entities[e].mentions.push(mentions.len());
        mentions.push(Mention {
            label,
            text: text[it.start..it.end].to_string(),
            start: it.start,
            end: it.end,
            score: it.score,
            entity: e,
            derived: it.kind == Kind::Descriptor,
        });
    }
    (mentions, entities)
}
