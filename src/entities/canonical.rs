//! Canonical name (rule 8): the one name an entity is reported under, chosen among its
//! names (or its descriptors' base forms). Decides neither the group nor the label.

use super::descriptors::descriptor_base;
use super::mentions::Item;
use super::names::{genitive_variants, norm_key};
use std::collections::{HashMap, HashSet};

/// Rule 8: the canonical name from the entity's names (or its descriptors when it has none).
pub(super) fn canonical<'a>(
    names: &[&Item],
    all: impl Iterator<Item = &'a Item>,
    de: bool,
) -> String {
    if names.is_empty() {
        // descriptors only: the most frequent base form, ties to the first
        let mut counts: Vec<(String, usize, usize)> = Vec::new();
        for it in all {
            let base = descriptor_base(&it.name);
            match counts.iter_mut().find(|c| c.0 == base) {
                Some(c) => c.1 += 1,
                None => counts.push((base, 1, it.start)),
            }
        }
        return counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
            .map(|c| c.0)
            .unwrap_or_default();
    }
    let acronyms: Vec<&&Item> = names.iter().filter(|it| it.is_acronym()).collect();
    let longs: Vec<&&Item> = names.iter().filter(|it| !it.is_acronym()).collect();
    let pool: Vec<&&Item> = if acronyms.len() > 2 * longs.len() {
        acronyms
    } else {
        longs
    };
    // distinct forms: (name, words, frequency, first offset)
    let mut forms: Vec<(&str, &[String], usize, usize)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for it in &pool {
        match at.get(it.name.as_str()) {
            Some(&k) => {
                forms[k].2 += 1;
                forms[k].3 = forms[k].3.min(it.start);
            }
            None => {
                at.insert(&it.name, forms.len());
                forms.push((&it.name, &it.toks, 1, it.start));
            }
        }
    }
    let all_toks: HashSet<&[String]> = forms.iter().map(|f| f.1).collect();
    // (words, uninflected, frequency, -first)
    type Rank = (usize, bool, usize, std::cmp::Reverse<usize>);
    let mut best: Option<(Rank, &str)> = None;
    for &(name, toks, freq, first) in &forms {
        let genitive = genitive_variants(toks)
            .iter()
            .any(|v| all_toks.contains(v.as_slice()));
        let uninflected = !genitive && (!de || norm_key(toks, true) == toks.join(" "));
        let key = (
            name.split_whitespace().count(),
            uninflected,
            freq,
            std::cmp::Reverse(first),
        );
        if best.as_ref().is_none_or(|(k, _)| key > *k) {
            best = Some((key, name));
        }
    }
    best.map(|(_, n)| n.to_string()).unwrap_or_default()
}
