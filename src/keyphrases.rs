//! Keyphrases: a ranked list of the phrases a document is about, in any language.
//! Works on a prepared document and its entities; it tags nothing and loads no model.
//!
//! Candidates are runs of up to three words between stop words and punctuation (so "NATO",
//! "Verteidigungsindustrie", "interest rates"), plus the entities found in the document.
//! Words are scored with statistics in the style of YAKE (Campos et al., 2020): frequency,
//! capitalization away from the sentence start, early position, spread over sentences and
//! the variety of neighbouring words (words next to many different words are function-like).
//! A phrase's score combines its words' scores with its own frequency; entities get a bonus
//! from their salience and phrases from the title one as well. Near-duplicates ("Japan" and
//! "Japans", "interest rate" and "interest rates") are dropped. Everything is linear in the
//! document's length.

use crate::summary::fasthash::{FastMap, FastSet};
use crate::text::Prepared;
use crate::types::{Entity, Keyphrase, Mention};
use std::collections::HashSet;

/// Longest candidate phrase, in words.
const MAX_WORDS: usize = 3;

/// Weekday names (German, English), which are never key phrases on their own.
const WEEKDAYS: &[&str] = &[
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// German adverbs and prepositions with adjective-like endings.
const GERMAN_ADVERBS: &[&str] = &[
    "darunter",
    "außerdem",
    "immer",
    "wieder",
    "weiter",
    "später",
    "früher",
    "bisher",
    "aber",
    "oder",
    "wegen",
    "trotzdem",
    "daher",
    "deshalb",
    "ebenfalls",
    "gerne",
    "heute",
    "gestern",
    "morgen",
    "insgesamt",
    "unter",
    "hinter",
    "seither",
    "zuvor",
    "eher",
    "sehr",
    "mehr",
];

/// A phrase as word ids, padded with `u32::MAX`.
type Key = [u32; MAX_WORDS];

/// Statistics of one word (lowercased) over the document.
#[derive(Default)]
struct WordStats {
    tf: f32,
    /// Capitalized occurrences not at a sentence start.
    upper: f32,
    /// All-caps occurrences (acronyms).
    acronym: f32,
    /// Sentence indices of the occurrences (in order, with repeats).
    sentences: Vec<u32>,
    is_stop: bool,
}

/// A candidate phrase.
struct Candidate {
    /// Word ids.
    words: Vec<u32>,
    count: f32,
    /// First occurrence (byte span).
    start: usize,
    end: usize,
    entity_bonus: f32,
    /// Canonical text for entities (the entity name).
    name: Option<String>,
}

fn is_word(tok: &str) -> bool {
    tok.chars().any(char::is_alphabetic)
}

/// Character trigrams of a lowercased phrase (with padding).
fn trigrams(s: &str) -> HashSet<[char; 3]> {
    let chars: Vec<char> = std::iter::once(' ')
        .chain(s.chars().flat_map(char::to_lowercase))
        .chain(std::iter::once(' '))
        .collect();
    chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

fn dice(a: &HashSet<[char; 3]>, b: &HashSet<[char; 3]>) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(b).count() as f32 / (a.len() + b.len()) as f32
}

/// The Snowball stemmer of a language (rust-stemmers), where there is one.
fn stemmer(lang: &str) -> Option<rust_stemmers::Stemmer> {
    snowball(lang).map(rust_stemmers::Stemmer::create)
}

/// The Snowball algorithm of a language (ISO 639-1), where rust-stemmers has one; shared with
/// the entity tagger's stem features (`ner::stem`).
pub(crate) fn snowball(lang: &str) -> Option<rust_stemmers::Algorithm> {
    use rust_stemmers::Algorithm as A;
    let algorithm = match lang {
        "ar" => A::Arabic,
        "da" => A::Danish,
        "nl" => A::Dutch,
        "en" => A::English,
        "fi" => A::Finnish,
        "fr" => A::French,
        "de" => A::German,
        "el" => A::Greek,
        "hu" => A::Hungarian,
        "it" => A::Italian,
        "nb" | "nn" | "no" => A::Norwegian,
        "pt" => A::Portuguese,
        "ro" => A::Romanian,
        "ru" => A::Russian,
        "es" => A::Spanish,
        "sv" => A::Swedish,
        "ta" => A::Tamil,
        "tr" => A::Turkish,
        _ => return None,
    };
    Some(algorithm)
}

/// Whether two phrases are near-duplicates: inflections of each other (same stems, word by
/// word) or one word apart.
fn near_duplicate(
    a: &str,
    b: &str,
    ta: &HashSet<[char; 3]>,
    tb: &HashSet<[char; 3]>,
    stem: Option<&rust_stemmers::Stemmer>,
) -> bool {
    let (la, lb) = (a.to_lowercase(), b.to_lowercase());
    if la == lb {
        return true;
    }
    if let Some(st) = stem {
        let (wa, wb): (Vec<&str>, Vec<&str>) = (
            la.split_whitespace().collect(),
            lb.split_whitespace().collect(),
        );
        if wa.len() == wb.len() && wa.iter().zip(&wb).all(|(x, y)| st.stem(x) == st.stem(y)) {
            return true;
        }
    }
    // same words up to a short inflectional ending: "Japan"/"Japans", "rate"/"rates"
    let wa: Vec<&str> = la.split_whitespace().collect();
    let wb: Vec<&str> = lb.split_whitespace().collect();
    if wa.len() == wb.len()
        && wa.iter().zip(&wb).all(|(x, y)| {
            let (s, l) = if x.len() <= y.len() { (x, y) } else { (y, x) };
            l.starts_with(s) && l.len() - s.len() <= 2 && s.chars().count() >= 3
        })
    {
        return true;
    }
    dice(ta, tb) >= 0.75
}

/// Extracts up to `count` keyphrases, best first, from a prepared document and its entities.
pub fn extract(
    doc: &Prepared,
    mentions: &[Mention],
    entities: &[Entity],
    count: usize,
) -> Vec<Keyphrase> {
    if count == 0 || doc.tokens.is_empty() {
        return Vec::new();
    }
    let text = &doc.text;
    let lang = doc.language.code.as_str();
    let stop = crate::summary::stopwords::set(lang);
    let n_sent = doc.sentence_tokens.len().max(1);

    // word ids and per-word statistics
    let mut vocab: FastMap<String, u32> = FastMap::default();
    let mut lower = String::new();
    let mut stats: Vec<WordStats> = Vec::new();
    // per token: word id (None for punctuation / numbers)
    let mut tok_word: Vec<Option<u32>> = vec![None; doc.tokens.len()];
    for (si, range) in doc.sentence_tokens.iter().enumerate() {
        for (k, ti) in range.clone().enumerate() {
            let span = doc.tokens[ti];
            let tok = &text[span.start..span.end];
            if !is_word(tok) {
                continue;
            }
            lower.clear();
            lower.extend(tok.chars().flat_map(char::to_lowercase));
            let id = match vocab.get(lower.as_str()) {
                Some(&id) => id,
                None => {
                    let id = vocab.len() as u32;
                    let l = lower.as_str();
                    let short = l.chars().count() < 2;
                    let listed = match stop {
                        Some(set) => set.contains(l),
                        // without a list: very short lowercase words behave like function words
                        None => l.chars().count() <= 3 && tok.chars().all(char::is_lowercase),
                    };
                    stats.push(WordStats {
                        is_stop: short || listed,
                        ..WordStats::default()
                    });
                    vocab.insert(lower.clone(), id);
                    id
                }
            };
            let st = &mut stats[id as usize];
            st.tf += 1.0;
            let first_upper = tok.chars().next().is_some_and(char::is_uppercase);
            if tok
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
                && tok.chars().filter(|c| c.is_alphabetic()).count() >= 2
            {
                st.acronym += 1.0;
            } else if first_upper && k > 0 {
                st.upper += 1.0;
            }
            st.sentences.push(si as u32);
            tok_word[ti] = Some(id);
        }
    }
    if stats.is_empty() {
        return Vec::new();
    }

    // context variety: distinct left/right neighbours per word
    let mut left: FastSet<(u32, u32)> = FastSet::default();
    let mut right: FastSet<(u32, u32)> = FastSet::default();
    let mut n_left = vec![0f32; stats.len()];
    let mut n_right = vec![0f32; stats.len()];
    for range in &doc.sentence_tokens {
        let ids: Vec<u32> = range.clone().filter_map(|t| tok_word[t]).collect();
        for w in ids.windows(2) {
            left.insert((w[1], w[0]));
            right.insert((w[0], w[1]));
            n_left[w[1] as usize] += 1.0;
            n_right[w[0] as usize] += 1.0;
        }
    }
    let mut d_left = vec![0f32; stats.len()];
    let mut d_right = vec![0f32; stats.len()];
    for &(w, _) in &left {
        d_left[w as usize] += 1.0;
    }
    for &(w, _) in &right {
        d_right[w as usize] += 1.0;
    }

    let content_tf: Vec<f32> = stats.iter().filter(|s| !s.is_stop).map(|s| s.tf).collect();
    let (mean_tf, sd_tf, max_tf) = if content_tf.is_empty() {
        (1.0, 0.0, 1.0)
    } else {
        let m = content_tf.iter().sum::<f32>() / content_tf.len() as f32;
        let v = content_tf.iter().map(|x| (x - m) * (x - m)).sum::<f32>() / content_tf.len() as f32;
        (m, v.sqrt(), content_tf.iter().cloned().fold(1.0, f32::max))
    };

    // YAKE word score (lower is better)
    let word_score: Vec<f32> = stats
        .iter_mut()
        .enumerate()
        .map(|(i, s)| {
            let tcase = s.upper.max(s.acronym) / (1.0 + s.tf.ln());
            let mid = s.sentences.len() / 2;
            let median = *s.sentences.select_nth_unstable(mid).1 as f32;
            let tpos = (3.0 + median).ln().ln();
            let tnorm = s.tf / (mean_tf + sd_tf);
            let dl = if n_left[i] > 0.0 {
                d_left[i] / n_left[i]
            } else {
                0.0
            };
            let dr = if n_right[i] > 0.0 {
                d_right[i] / n_right[i]
            } else {
                0.0
            };
            let trel = 1.0 + (dl + dr) * s.tf / max_tf;
            s.sentences.dedup();
            let tsent = s.sentences.len() as f32 / n_sent as f32;
            trel * tpos / (tcase + tnorm / trel + tsent / trel)
        })
        .collect();

    // entity mention of every token (to drop phrases that cut through a name)
    let mut tok_mention = vec![u32::MAX; doc.tokens.len()];
    let mut mi = 0;
    for (ti, t) in doc.tokens.iter().enumerate() {
        while mi < mentions.len() && mentions[mi].end <= t.start {
            mi += 1;
        }
        if let Some(m) = mentions.get(mi) {
            if m.start <= t.start && t.end <= m.end {
                tok_mention[ti] = mi as u32;
            }
        }
    }
    // a phrase that cuts through a name, or mixes a name with other words
    // ("japanische Premierminister Ishiba"), is left to the entity itself
    let cuts_name = |first: usize, last: usize| {
        let m = tok_mention[first];
        let n = tok_mention[last];
        (m != u32::MAX && first > 0 && tok_mention[first - 1] == m)
            || (n != u32::MAX && tok_mention.get(last + 1) == Some(&n))
            || (first < last
                && (first..=last).any(|t| tok_mention[t] != u32::MAX)
                && (first..=last).any(|t| tok_mention[t] != m))
    };
    // English: phrases with a verb-like word (lowercase "-ed" forms) are not noun phrases
    let verb_like = |ti: usize| {
        let w = &text[doc.tokens[ti].start..doc.tokens[ti].end];
        lang == "en" && w.len() > 4 && w.ends_with("ed") && w.chars().all(char::is_lowercase)
    };
    // German: lowercase words inside a phrase must look like inflected adjectives
    // ("japanische", "zahlreicher"), not adverbs or prepositions ("angesichts", "darunter")
    let not_adjective = |ti: usize| {
        let w = &text[doc.tokens[ti].start..doc.tokens[ti].end];
        lang == "de"
            && w.chars().next().is_some_and(char::is_lowercase)
            && (!["e", "en", "er", "es", "em"].iter().any(|e| w.ends_with(e))
                || GERMAN_ADVERBS.contains(&w))
    };
    // a single word that is a date word is not a key phrase
    let date_word = |ti: usize| {
        let w = &text[doc.tokens[ti].start..doc.tokens[ti].end];
        crate::text::abbreviations::is_month(lang, w)
            || WEEKDAYS.contains(&w.to_lowercase().as_str())
    };

    // candidates: runs of content words inside a sentence, all sub-runs up to MAX_WORDS
    let mut cands: Vec<Candidate> = Vec::new();
    let mut by_key: FastMap<Key, usize> = FastMap::default();
    for range in &doc.sentence_tokens {
        let mut run: Vec<usize> = Vec::new(); // token indices
        let flush =
            |run: &mut Vec<usize>, cands: &mut Vec<Candidate>, by_key: &mut FastMap<Key, usize>| {
                for end in 1..=run.len() {
                    for len in 1..=MAX_WORDS.min(end) {
                        let toks = &run[end - len..end];
                        if cuts_name(toks[0], toks[len - 1])
                            || toks.iter().any(|&t| verb_like(t) || not_adjective(t))
                            || (len == 1 && date_word(toks[0]))
                        {
                            continue;
                        }
                        let mut key: Key = [u32::MAX; MAX_WORDS];
                        for (k, &t) in key.iter_mut().zip(toks) {
                            *k = tok_word[t].unwrap_or(u32::MAX);
                        }
                        if lang == "de" {
                            // German nouns are capitalized: a phrase ends in one ("Verteidigungsindustrie",
                            // "japanische Premierminister"), which drops verbs and adverbs
                            let last = &text
                                [doc.tokens[toks[len - 1]].start..doc.tokens[toks[len - 1]].end];
                            if !last.chars().next().is_some_and(char::is_uppercase) {
                                continue;
                            }
                        }
                        let (s, e) = (doc.tokens[toks[0]].start, doc.tokens[toks[len - 1]].end);
                        match by_key.get(&key) {
                            Some(&c) => cands[c].count += 1.0,
                            None => {
                                by_key.insert(key, cands.len());
                                cands.push(Candidate {
                                    words: key[..len].to_vec(),
                                    count: 1.0,
                                    start: s,
                                    end: e,
                                    entity_bonus: 0.0,
                                    name: None,
                                });
                            }
                        }
                    }
                }
                run.clear();
            };
        for ti in range.clone() {
            let contiguous = run.last().is_none_or(|&p| {
                text[doc.tokens[p].end..doc.tokens[ti].start]
                    .trim()
                    .is_empty()
            });
            match tok_word[ti] {
                Some(w) if !stats[w as usize].is_stop && contiguous => run.push(ti),
                Some(w) if !stats[w as usize].is_stop => {
                    flush(&mut run, &mut cands, &mut by_key);
                    run.push(ti);
                }
                _ => flush(&mut run, &mut cands, &mut by_key),
            }
        }
        flush(&mut run, &mut cands, &mut by_key);
    }

    // entities: their name as a phrase, with a bonus from salience
    for e in entities {
        let name_words: Option<Vec<u32>> = e
            .name
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| is_word(w))
            .map(|w| vocab.get(&w.to_lowercase()).copied())
            .collect();
        let Some(words) = name_words.filter(|w| !w.is_empty()) else {
            continue;
        };
        // a mistagged function word ("Cela") or a name span edged by a lowercase one
        // ("fora da África") is no key phrase
        let name_parts: Vec<&str> = e
            .name
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| is_word(w))
            .collect();
        let lower_stop_edge = [name_parts[0], name_parts[name_parts.len() - 1]]
            .iter()
            .zip([words[0], words[words.len() - 1]])
            .any(|(w, id)| {
                stats[id as usize].is_stop && w.chars().next().is_some_and(char::is_lowercase)
            });
        if lower_stop_edge || words.iter().all(|&w| stats[w as usize].is_stop) {
            continue;
        }
        // the first mention that names the entity (not a descriptor such as "japanische")
        let first = e
            .mentions
            .iter()
            .filter_map(|&m| mentions.get(m))
            .filter(|m| m.label == e.label)
            .min_by_key(|m| m.start)
            .or_else(|| {
                e.mentions
                    .iter()
                    .filter_map(|&m| mentions.get(m))
                    .min_by_key(|m| m.start)
            });
        let bonus = 1.0 + 2.0 * e.salience.clamp(0.0, 1.0);
        if words.len() > MAX_WORDS {
            continue;
        }
        let mut key: Key = [u32::MAX; MAX_WORDS];
        key[..words.len()].copy_from_slice(&words);
        match by_key.get(&key) {
            Some(&c) => {
                let cd = &mut cands[c];
                cd.entity_bonus = cd.entity_bonus.max(bonus);
                cd.count = cd.count.max(e.count as f32);
                cd.name = Some(e.name.clone());
            }
            None => {
                let Some(m) = first else { continue };
                by_key.insert(key, cands.len());
                cands.push(Candidate {
                    words,
                    count: e.count as f32,
                    start: m.start,
                    end: m.end,
                    entity_bonus: bonus,
                    name: Some(e.name.clone()),
                });
            }
        }
    }

    let title_words: HashSet<u32> = doc
        .title
        .as_deref()
        .map(|t| {
            t.split(|c: char| !c.is_alphanumeric() && c != '-')
                .filter_map(|w| vocab.get(&w.to_lowercase()).copied())
                .collect()
        })
        .unwrap_or_default();

    // phrase score (YAKE, lower is better), turned into "higher is better"
    let mut scored: Vec<(f32, usize)> = cands
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            // a single word must be a real word: 3+ letters or an acronym
            c.words.len() > 1 || c.name.is_some() || {
                let s = &text[c.start..c.end];
                s.chars().count() >= 3
            }
        })
        .map(|(i, c)| {
            let prod: f32 = c.words.iter().map(|&w| word_score[w as usize]).product();
            let sum: f32 = c.words.iter().map(|&w| word_score[w as usize]).sum();
            let mut s = prod / (c.count * (1.0 + sum));
            if c.entity_bonus > 0.0 {
                s /= c.entity_bonus;
            }
            if !title_words.is_empty() && c.words.iter().all(|w| title_words.contains(w)) {
                s /= 2.5;
            }
            (s, i)
        })
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));

    let mut out: Vec<Keyphrase> = Vec::with_capacity(count);
    let mut grams: Vec<HashSet<[char; 3]>> = Vec::with_capacity(count);
    let mut chosen_words: Vec<&[u32]> = Vec::with_capacity(count);
    let best = scored.first().map(|x| x.0).unwrap_or(1.0).max(1e-12);
    let stem = stemmer(lang);
    for (s, i) in scored {
        if out.len() >= count {
            break;
        }
        let c = &cands[i];
        let phrase = c
            .name
            .clone()
            .unwrap_or_else(|| text[c.start..c.end].to_string());
        // one phrase inside another ("ECB" and "ECB President", "rates" and "interest rates")
        let inside = |a: &[u32], b: &[u32]| a.iter().all(|w| b.contains(w));
        if chosen_words
            .iter()
            .any(|w| inside(w, &c.words) || inside(&c.words, w))
        {
            continue;
        }
        let g = trigrams(&phrase);
        if out
            .iter()
            .zip(&grams)
            .any(|(k, kg)| near_duplicate(&k.text, &phrase, kg, &g, stem.as_ref()))
        {
            continue;
        }
        grams.push(g);
        chosen_words.push(&c.words);
        out.push(Keyphrase {
            text: phrase,
            score: (best / s.max(1e-12)).clamp(0.0, 1.0),
            start: c.start,
            end: c.end,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{prepare, InputFormat};

    fn phrases(text: &str, lang: &str) -> Vec<String> {
        let doc = prepare(text, InputFormat::Text, false, Some(lang)).unwrap();
        extract(&doc, &[], &[], 10)
            .into_iter()
            .map(|k| {
                assert!(k.start < k.end && k.end <= doc.text.len());
                k.text
            })
            .collect()
    }

    #[test]
    fn english_news() {
        let t = "The central bank raised interest rates on Tuesday. \
            Markets fell after the central bank decision on interest rates. \
            Analysts said higher interest rates would slow inflation. \
            The bank said inflation was still too high. \
            A spokesman for the central bank declined to comment.";
        let p = phrases(t, "en");
        assert!(
            p.iter().any(|x| x.to_lowercase().contains("interest rate")),
            "{p:?}"
        );
        assert!(
            p.iter().any(|x| x.to_lowercase().contains("central bank")),
            "{p:?}"
        );
        assert!(
            !p.iter()
                .any(|x| ["the", "on", "said"].contains(&x.as_str())),
            "{p:?}"
        );
        // no near-duplicates
        let lower: Vec<String> = p.iter().map(|x| x.to_lowercase()).collect();
        assert!(
            !(lower.contains(&"interest rate".into()) && lower.contains(&"interest rates".into()))
        );
    }

    #[test]
    fn inflections_are_one_phrase() {
        let st = stemmer("fr");
        let g = |s: &str| trigrams(s);
        let dup = |a: &str, b: &str, lang: &str| {
            near_duplicate(a, b, &g(a), &g(b), stemmer(lang).as_ref())
        };
        assert!(st.is_some() && stemmer("pl").is_none());
        assert!(dup("élections régionales", "élection régionale", "fr"));
        assert!(dup("elecciones", "elección", "es"));
        assert!(dup("regeringens", "regeringen", "sv"));
        assert!(!dup("élections régionales", "réforme régionale", "fr"));
    }

    #[test]
    fn degenerate() {
        let doc = prepare("... !!! ???", InputFormat::Text, false, Some("en")).unwrap();
        assert!(extract(&doc, &[], &[], 10).is_empty());
        let doc = prepare("Hello world.", InputFormat::Text, false, Some("en")).unwrap();
        assert!(extract(&doc, &[], &[], 0).is_empty());
        assert!(extract(&doc, &[], &[], 5).len() <= 5);
        // a language without a stop-word list still gets phrases
        let p = phrases(
            "Le gouvernement français a présenté le budget. Le budget prévoit des économies. \
             Les syndicats critiquent le budget du gouvernement.",
            "fr",
        );
        assert!(
            p.iter().any(|x| x.to_lowercase().contains("budget")),
            "{p:?}"
        );
    }
}
