//! Acronyms (rule 4): definitions "Long Form (ACR)" / "ACR (Long Form)" found in the text,
//! their untagged side added, and acronyms linked to the groups they define or abbreviate.
//! Works on items and group ids only; decides no label, canonical name or salience.

use super::grouping::{find, union};
use super::mentions::{make_item, Item, Kind};
use super::names::{acronym_letters, fold, is_acronym, CONNECTORS};
use crate::types::EntityLabel;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Schwartz & Hearst: the start (char index) of the shortest suffix of `long` that holds the
/// acronym's letters in order, the first one at a word start.
fn sh_start(acr: &str, long: &str) -> Option<usize> {
    let a = acronym_letters(acr);
    let l: Vec<char> = long.chars().flat_map(char::to_lowercase).collect();
    if a.is_empty() || l.len() <= a.len() {
        return None;
    }
    let mut li = l.len() as isize - 1;
    for si in (0..a.len()).rev() {
        loop {
            if li < 0 {
                return None;
            }
            let i = li as usize;
            let word_start = i == 0 || !l[i - 1].is_alphanumeric();
            if l[i] == a[si] && (si > 0 || word_start) {
                break;
            }
            li -= 1;
        }
        li -= 1;
    }
    Some((li + 1) as usize)
}

/// True when `long` reads as a name: its words capitalized, lowercase connectors inside.
fn name_like(long: &str) -> bool {
    let ws: Vec<&str> = long.split_whitespace().collect();
    if ws.is_empty() || ws.len() > 12 {
        return false;
    }
    let cap = |w: &str| w.chars().next().is_some_and(|c| c.is_uppercase());
    cap(ws[0])
        && cap(ws[ws.len() - 1])
        && ws
            .iter()
            .all(|w| cap(w) || CONNECTORS.contains(&w.to_lowercase().as_str()))
}

/// Text between two byte offsets holds only whitespace.
fn blank(text: &str, a: usize, b: usize) -> bool {
    a <= b && text[a..b].trim().is_empty()
}

/// `(start, end)` of the parenthesis content right after `end` ("X (content)").
fn paren_after(text: &str, end: usize) -> Option<(usize, usize)> {
    let rest = &text[end..];
    let trimmed = rest.trim_start();
    let open = end + (rest.len() - trimmed.len());
    let inner = trimmed.strip_prefix('(')?;
    let close = inner.find(')')?;
    let content = &inner[..close];
    if content.contains('(') || content.contains('\n') {
        return None;
    }
    let lead = content.len() - content.trim_start().len();
    let s = open + 1 + lead;
    let e = open + 1 + content.trim_end().len();
    (s < e).then_some((s, e))
}

/// For an item written "(X)": the offset of the "(" when the item is the whole content.
fn inside_parens(text: &str, item: &Item) -> Option<usize> {
    let before = text[..item.start].trim_end();
    let after = text[item.end..].trim_start();
    (before.ends_with('(') && after.starts_with(')')).then(|| before.len() - 1)
}

/// The long form before an acronym written at `open` ("... Long Form (ACR)"): byte span.
fn long_form_before(text: &str, open: usize, acr: &str) -> Option<(usize, usize)> {
    let before = text[..open].trim_end();
    let end = before.len();
    // the clause before the parenthesis: no sentence or clause punctuation inside
    let clause_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| ".,;:!?\"„“”«»()\n".contains(c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let clause = &before[clause_start..];
    let n = acronym_letters(acr).len();
    let max_words = (n + 5).min(2 * n);
    let ws: Vec<(usize, &str)> = clause
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - clause.as_ptr() as usize, w))
        .collect();
    let from = ws.len().saturating_sub(max_words);
    let window_start = ws.get(from)?.0;
    let window = &clause[window_start..];
    let start_char = sh_start(acr, window)?;
    let start_byte = window
        .char_indices()
        .nth(start_char)
        .map(|(b, _)| b)
        .unwrap_or(window.len());
    // the long form begins at the start of the word holding the first letter
    let word_start = window[..start_byte]
        .rfind(char::is_whitespace)
        .map(|i| i + 1)
        .unwrap_or(0);
    let s = clause_start + window_start + word_start;
    let long = &text[s..end];
    (name_like(long) && long.chars().count() > acr.chars().count()).then_some((s, end))
}

/// Adds the side of an acronym definition that the recognizer did not tag.
pub(super) fn add_definitions(text: &str, items: &mut Vec<Item>) {
    let mut sorted: Vec<Item> = std::mem::take(items);
    sorted.sort_by_key(|m| m.start);
    let mut added: Vec<Item> = Vec::new();
    // occupied spans, start -> end (the items do not overlap)
    let mut taken: BTreeMap<usize, usize> = sorted.iter().map(|m| (m.start, m.end)).collect();
    let free = |taken: &BTreeMap<usize, usize>, s: usize, e: usize| {
        taken
            .range(..e)
            .next_back()
            .is_none_or(|(_, &end)| end <= s)
    };
    for (idx, it) in sorted.iter().enumerate() {
        if it.is_acronym() {
            // "Long Form (ACR)": the long form untagged
            if let Some(open) = inside_parens(text, it) {
                let tagged_before = idx > 0 && blank(text, sorted[idx - 1].end, open);
                if !tagged_before {
                    if let Some((s, e)) = long_form_before(text, open, &it.name) {
                        if free(&taken, s, e) {
                            if let Some(m) = make_item(text, s, e, it.label, it.score) {
                                taken.insert(s, e);
                                added.push(m);
                            }
                        }
                    }
                }
            }
            // "ACR (Long Form)": the long form untagged
            if let Some((s, e)) = paren_after(text, it.end) {
                let long = &text[s..e];
                if free(&taken, s, e) && name_like(long) && sh_start(&it.name, long) == Some(0) {
                    if let Some(m) = make_item(text, s, e, it.label, it.score) {
                        taken.insert(s, e);
                        added.push(m);
                    }
                }
            }
        } else if let Some((s, e)) = paren_after(text, it.end) {
            // "Long Form (ACR)": the acronym untagged
            let acr = &text[s..e];
            if is_acronym(acr) && free(&taken, s, e) && sh_start(acr, &it.name).is_some() {
                if let Some(m) = make_item(text, s, e, it.label, it.score) {
                    taken.insert(s, e);
                    added.push(m);
                }
            }
        }
    }
    sorted.extend(added);
    *items = sorted;
}

/// Pairs (acronym item, long-form item) of the acronym definitions in the text.
pub(super) fn defined_pairs(text: &str, items: &[Item]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if !it.is_acronym() {
            continue;
        }
        // "Long (ACR)"
        if let Some(open) = inside_parens(text, it) {
            if i > 0 && blank(text, items[i - 1].end, open) {
                let long = &items[i - 1];
                if !long.is_acronym() && sh_start(&it.name, &long.name).is_some() {
                    out.push((i, i - 1));
                }
            }
        }
        // "ACR (Long)"
        if let (Some((s, e)), Some(next)) = (paren_after(text, it.end), items.get(i + 1)) {
            if next.start == s
                && next.end == e
                && !next.is_acronym()
                && sh_start(&it.name, &next.name) == Some(0)
            {
                out.push((i, i + 1));
            }
        }
    }
    out
}

/// True when `acr` abbreviates the words of a name word by word: each word gives its first
/// letter and possibly more of its letters in order ("EZB" = Europäische + Z(entral)B(ank));
/// connectors may be skipped. Needs two words or more.
fn abbreviates(acr: &str, name: &str) -> bool {
    let capitalized = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || CONNECTORS.contains(&w.to_lowercase().as_str())
        });
    if !capitalized {
        return false;
    }
    let a = acronym_letters(acr);
    let ws: Vec<Vec<char>> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect();
    let content = ws
        .iter()
        .filter(|w| !CONNECTORS.contains(&w.iter().collect::<String>().as_str()))
        .count();
    let a = fold(&a.iter().collect::<String>());
    content >= 2 && a.len() >= 2 && abbrev_rec(&a, 0, &ws, 0)
}

fn abbrev_rec(a: &[char], ai: usize, ws: &[Vec<char>], wi: usize) -> bool {
    if wi == ws.len() {
        return ai == a.len();
    }
    let w = &ws[wi];
    let word: String = w.iter().collect();
    if CONNECTORS.contains(&word.as_str()) && abbrev_rec(a, ai, ws, wi + 1) {
        return true;
    }
    if ai >= a.len() || w.first() != Some(&a[ai]) {
        return false;
    }
    // the word gives a[ai..ai + k]: first letter, then k - 1 letters in order inside it
    let mut pos = 1;
    let mut k = 1;
    loop {
        if abbrev_rec(a, ai + k, ws, wi + 1) {
            return true;
        }
        if ai + k >= a.len() {
            return false;
        }
        match w[pos..].iter().position(|&c| c == a[ai + k]) {
            Some(p) => {
                pos += p + 1;
                k += 1;
            }
            None => return false,
        }
    }
}

/// Rule 4: the groups of each defined pair (acronym, long form) united in `uf`, then the
/// acronyms that are not defined linked to the names they abbreviate.
pub(super) fn link_acronyms(
    items: &[Item],
    pairs: &[(usize, usize)],
    assign: &[usize],
    uf: &mut [usize],
) {
    for &(a, b) in pairs {
        if assign[a] != usize::MAX && assign[b] != usize::MAX {
            union(uf, assign[a], assign[b]);
        }
    }
    link_undefined_acronyms(items, assign, uf);
}

/// Rule 4, second half: an acronym-only group joins the one group whose name it abbreviates.
fn link_undefined_acronyms(items: &[Item], assign: &[usize], uf: &mut [usize]) {
    let ng = uf.len();
    let mut acronym: Vec<Option<&str>> = vec![None; ng];
    let mut acr_only = vec![true; ng];
    // long names of two words or more, by the letters an acronym of them can start with
    let mut longs: HashMap<char, Vec<(&str, usize, bool)>> = HashMap::new();
    let mut seen: HashSet<(&str, usize)> = HashSet::new();
    for (it, &g) in items.iter().zip(assign) {
        if g == usize::MAX || it.kind != Kind::Name {
            continue;
        }
        if it.is_acronym() {
            acronym[g].get_or_insert(it.name.as_str());
            continue;
        }
        acr_only[g] = false;
        if it.toks.len() + it.name.matches('-').count() < 2 || !seen.insert((&it.name, g)) {
            continue;
        }
        for w in it.name.split(|c: char| c.is_whitespace() || c == '-') {
            if w.is_empty() {
                continue;
            }
            if let Some(&c) = fold(w).first() {
                let person = it.label == EntityLabel::PER || it.honorific;
                longs.entry(c).or_default().push((&it.name, g, person));
            }
            if !CONNECTORS.contains(&w.to_lowercase().as_str()) {
                break;
            }
        }
    }
    // roots that already have a long form (a defined acronym)
    let mut has_long = vec![false; ng];
    for (g, _) in acr_only.iter().enumerate().filter(|(_, only)| !**only) {
        let r = find(uf, g);
        has_long[r] = true;
    }
    for g in 0..ng {
        let Some(acr) = acronym[g].filter(|_| acr_only[g]) else {
            continue;
        };
        if has_long[find(uf, g)] {
            continue;
        }
        let Some(&c) = fold(acr).first() else {
            continue;
        };
        let mut cands: Vec<usize> = Vec::new();
        for &(name, h, person) in longs.get(&c).into_iter().flatten() {
            let r = find(uf, h);
            // initials do not name a person ("LG" is not "Luis Garcia"); a headline's
            // capitalized surname ("BARATELLI") does
            let fits = if person {
                name.split_whitespace()
                    .any(|w| w.to_lowercase() == acr.to_lowercase())
            } else {
                abbreviates(acr, name)
            };
            if !cands.contains(&r) && fits {
                cands.push(r);
            }
        }
        if cands.len() == 1 {
            union(uf, g, cands[0]);
            let r = find(uf, g);
            has_long[r] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::names::is_acronym;

    #[test]
    fn schwartz_hearst() {
        assert_eq!(sh_start("NATO", "Nordatlantikpakt-Organisation"), Some(0));
        assert_eq!(
            sh_start("NATO", "North Atlantic Treaty Organization"),
            Some(0)
        );
        assert!(sh_start("CDU", "Angela Merkel").is_none());
        assert!(sh_start("SPD", "sagte der Sprecher").is_none());
    }

    #[test]
    fn word_by_word_abbreviations() {
        assert!(abbreviates("EZB", "Europäische Zentralbank"));
        assert!(abbreviates("ECB", "European Central Bank"));
        assert!(abbreviates("NATO", "North Atlantic Treaty Organization"));
        assert!(abbreviates("BoE", "Bank of England") || !is_acronym("BoE"));
        assert!(abbreviates("IWF", "Internationaler Währungsfonds"));
        assert!(!abbreviates("EZB", "Europäische Union"));
        assert!(!abbreviates("EU", "Europa"));
        assert!(!abbreviates("USA", "US-amerikanische"));
        assert!(abbreviates("PSP", "PlayStation Portable"));
    }
}
