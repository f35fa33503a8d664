//! Coreference of names (rules 2, 3 and 6): items with the same, inflected or genitive
//! name, partial person names and lone first names into groups; union-find; the label vote.
//! Sees only items and group ids; builds no output entity and reads no text.

use super::mentions::{Item, Kind};
use super::names::{genitive_variants, norm_key};
use crate::types::EntityLabel;
use std::collections::HashMap;

/// Full person names (lowercase words) with their group and offset, indexed by their last
/// and first word.
#[derive(Default)]
struct Persons {
    names: Vec<PersonName>,
    by_last: HashMap<String, Vec<usize>>,
    by_first: HashMap<String, Vec<usize>>,
}

type PersonName = (usize, Vec<String>, usize);

impl Persons {
    fn add(&mut self, group: usize, toks: Vec<String>, at: usize) {
        let id = self.names.len();
        if let (Some(first), Some(last)) = (toks.first(), toks.last()) {
            self.by_first.entry(first.clone()).or_default().push(id);
            self.by_last.entry(last.clone()).or_default().push(id);
        }
        self.names.push((group, toks, at));
    }

    fn with_last<'a>(&'a self, w: &str) -> impl Iterator<Item = &'a PersonName> {
        self.lookup(&self.by_last, w)
    }

    fn with_first<'a>(&'a self, w: &str) -> impl Iterator<Item = &'a PersonName> {
        self.lookup(&self.by_first, w)
    }

    fn lookup<'a>(
        &'a self,
        index: &'a HashMap<String, Vec<usize>>,
        w: &str,
    ) -> impl Iterator<Item = &'a PersonName> {
        index
            .get(w)
            .into_iter()
            .flatten()
            .map(|&id| &self.names[id])
    }
}

/// Rules 2 and 3: the group of each name item (`usize::MAX` for descriptors) and the
/// number of groups. Longer names come first, compound parts last.
pub(super) fn group_names(items: &[Item], de: bool) -> (Vec<usize>, usize) {
    let n = items.len();
    let mut assign = vec![usize::MAX; n];
    let mut ngroups = 0;
    let mut persons = Persons::default();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut by_norm: HashMap<String, usize> = HashMap::new();
    let mut by_gen: HashMap<String, usize> = HashMap::new();
    let mut order: Vec<usize> = (0..n)
        .filter(|&i| items[i].kind != Kind::Descriptor)
        .collect();
    order.sort_by_key(|&i| {
        (
            items[i].kind == Kind::Part,
            std::cmp::Reverse(items[i].toks.len()),
            items[i].start,
        )
    });
    for &i in &order {
        let found = find_group(items, i, &persons, &by_key, &by_norm, &by_gen, de);
        let g = match found {
            Some(g) => g,
            None => {
                ngroups += 1;
                let g = ngroups - 1;
                let key = items[i].toks.join(" ");
                by_norm.entry(norm_key(&items[i].toks, de)).or_insert(g);
                if !items[i].is_acronym() {
                    for v in genitive_variants(&items[i].toks) {
                        by_gen.entry(v.join(" ")).or_insert(g);
                    }
                }
                by_key.insert(key, g);
                g
            }
        };
        assign[i] = g;
        let it = &items[i];
        if it.toks.len() >= 2 && (it.label == EntityLabel::PER || it.honorific) {
            persons.add(g, it.toks.clone(), it.start);
        }
    }
    (assign, ngroups)
}

/// The group an item joins (rules 2 and 3).
fn find_group(
    items: &[Item],
    i: usize,
    persons: &Persons,
    by_key: &HashMap<String, usize>,
    by_norm: &HashMap<String, usize>,
    by_gen: &HashMap<String, usize>,
    de: bool,
) -> Option<usize> {
    let it = &items[i];
    let toks = &it.toks;
    if let Some(&g) = by_key.get(&toks.join(" ")) {
        return Some(g);
    }
    let variants = genitive_variants(toks);
    for v in &variants {
        if let Some(&g) = by_key.get(&v.join(" ")) {
            return Some(g);
        }
    }
    // an earlier name that is this one's genitive ("Deutschlands" before "Deutschland")
    if let Some(&g) = by_gen.get(&toks.join(" ")) {
        return Some(g);
    }
    if de {
        if let Some(&g) = by_norm.get(&norm_key(toks, de)) {
            return Some(g);
        }
        for v in &variants {
            if let Some(&g) = by_norm.get(&norm_key(v, de)) {
                return Some(g);
            }
        }
    }
    if it.kind == Kind::Part || it.is_acronym() {
        return None;
    }
    // rule 3: partial person names
    let may_be_person = it.honorific || it.label != EntityLabel::LOC;
    if !may_be_person {
        return None;
    }
    let mut forms = vec![toks.clone()];
    if it.label == EntityLabel::PER || it.honorific {
        forms.extend(variants);
    }
    for form in &forms {
        // a suffix of a longer person name; the nearest person mentioned before wins
        let mut best: Option<(usize, bool, usize)> = None; // (group, before, distance)
        let Some(last) = form.last() else { continue };
        for (g, full, at) in persons.with_last(last) {
            if full.len() > form.len() && full.ends_with(form) {
                let before = *at < it.start;
                let dist = at.abs_diff(it.start);
                let better = match best {
                    None => true,
                    Some((_, b_before, b_dist)) => {
                        (before && !b_before) || (before == b_before && dist < b_dist)
                    }
                };
                if better {
                    best = Some((*g, before, dist));
                }
            }
        }
        if let Some((g, _, _)) = best {
            return Some(g);
        }
    }
    let strong_person = it.label == EntityLabel::PER || it.honorific;
    if !strong_person {
        return None;
    }
    // a lone first name of exactly one person; "George Bush" for "George W. Bush"
    let mut cands: Vec<usize> = Vec::new();
    for (g, full, _) in persons.with_first(&toks[0]) {
        let hit = if toks.len() == 1 {
            full.len() >= 2
        } else {
            full.len() > toks.len() && full.last() == toks.last()
        };
        if hit && !cands.contains(g) {
            cands.push(*g);
            if cands.len() > 1 {
                return None;
            }
        }
    }
    let is_a_surname = toks.len() == 1 && persons.with_last(&toks[0]).next().is_some();
    (cands.len() == 1 && !is_a_surname).then(|| cands[0])
}

pub(super) fn find(uf: &mut [usize], mut x: usize) -> usize {
    while uf[x] != x {
        uf[x] = uf[uf[x]];
        x = uf[x];
    }
    x
}

/// Renumbers the groups of `assign` by their union-find roots in `uf`, in order of the
/// roots' first group; returns the number of merged groups.
pub(super) fn merge(uf: &mut [usize], assign: &mut [usize]) -> usize {
    let ng = uf.len();
    let mut compact = vec![usize::MAX; ng];
    let mut count = 0;
    for g in 0..ng {
        let r = find(uf, g);
        if compact[r] == usize::MAX {
            compact[r] = count;
            count += 1;
        }
        compact[g] = compact[r];
    }
    for a in assign.iter_mut().filter(|a| **a != usize::MAX) {
        *a = compact[*a];
    }
    count
}

pub(super) fn union(uf: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(uf, a), find(uf, b));
    if ra != rb {
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        uf[hi] = lo;
    }
}

/// Weight of a tagger score in the label vote.
fn weight(score: f32) -> f32 {
    if score.is_finite() {
        score.clamp(0.05, 1.0)
    } else {
        0.5
    }
}

/// Rule 6: the label of each of the `count` groups.
pub(super) fn vote(items: &[Item], assign: &[usize], count: usize) -> Vec<EntityLabel> {
    let idx = |l: EntityLabel| EntityLabel::ALL.iter().position(|&x| x == l).unwrap_or(3);
    let mut votes = vec![[0f32; 4]; count];
    let mut first = vec![[usize::MAX; 4]; count];
    let mut any: Vec<Option<EntityLabel>> = vec![None; count];
    // groups with a full name tagged PER: their lone one-word names do not vote
    let mut full_person = vec![false; count];
    for (it, &g) in items.iter().zip(assign) {
        if g < count && it.kind == Kind::Name && it.toks.len() >= 2 && it.label == EntityLabel::PER
        {
            full_person[g] = true;
        }
    }
    for (it, &g) in items.iter().zip(assign) {
        if g >= count {
            continue;
        }
        any[g].get_or_insert(it.label);
        if it.kind != Kind::Name {
            continue;
        }
        if full_person[g] && it.toks.len() == 1 && !it.honorific && !it.is_acronym() {
            continue;
        }
        let k = idx(it.label);
        votes[g][k] += weight(it.score);
        first[g][k] = first[g][k].min(it.start);
        if it.honorific {
            let p = idx(EntityLabel::PER);
            votes[g][p] += 1.0;
            first[g][p] = first[g][p].min(it.start);
        }
    }
    (0..count)
        .map(|g| {
            let (v, f) = (&votes[g], &first[g]);
            let best = (0..4).max_by(|&a, &b| v[a].total_cmp(&v[b]).then(f[b].cmp(&f[a])));
            match best {
                Some(k) if v[k] > 0.0 => EntityLabel::ALL[k],
                _ => any[g].unwrap_or(EntityLabel::MISC),
            }
        })
        .collect()
}

/// Rule 6: a place name and the organization named after it (its team, club, government)
/// are the LOC/ORG pair that the label vote does not merge.
pub(super) fn metonymy(own: EntityLabel, entity: EntityLabel) -> bool {
    matches!(
        (own, entity),
        (EntityLabel::LOC, EntityLabel::ORG) | (EntityLabel::ORG, EntityLabel::LOC)
    )
}
