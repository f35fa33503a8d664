//! The language-independent features of the multilingual model's feature sets (generic,
//! generic-affixes, generic-names, generic-prefix, generic-heads): shape, casing in context,
//! affixes, gazetteers, acronym definitions; never a word identity. Trains nothing.

use super::features::{
    all_caps_sentence, context_features, full_features, len_bucket, Extra, FeatureSet, BOS, EOS,
};
use super::gazetteer::Gazetteer;
use super::hash::{hash_str, H};
use super::token::{Tok, ALLCAPS, HASALPHA, INITCAP, NFLAGS};

/// Appends the feature hashes of every token of a sentence to `out` (the full set's or the
/// generic sets'); `offs` gets the start offset of each token plus a final end offset.
pub(crate) fn sentence_features(
    toks: &[Tok],
    gaz: &Gazetteer,
    fs: FeatureSet,
    extra: Option<Extra<'_>>,
    out: &mut Vec<u32>,
    offs: &mut Vec<u32>,
) {
    if fs.words() {
        full_features(toks, gaz, fs, extra, out, offs)
    } else {
        generic_features(toks, gaz, fs, extra, out, offs)
    }
}

/// Acronym-definition marks of a sentence's tokens: 1 the acronym of "( EU )" after a phrase
/// whose first word starts with the acronym's first letter, 2 that phrase's first word, 3 its
/// other words; 0 elsewhere. The phrase has at most as many words as the acronym has letters
/// plus 2 ("Organizace spojených národů ( OSN )").
pub(super) fn acronym_marks(toks: &[Tok]) -> Vec<u8> {
    let n = toks.len();
    let mut marks = vec![0u8; n];
    let (open, close) = (hash_str("("), hash_str(")"));
    for j in 1..n.saturating_sub(2) {
        let a = &toks[j + 1];
        if toks[j].l != open
            || toks[j + 2].l != close
            || a.flags & ALLCAPS == 0
            || a.flags & HASALPHA == 0
            || !(2..=8).contains(&a.nchars)
        {
            continue;
        }
        // the words before "(", back to the farthest capitalized word with the initial
        let mut start = None;
        let reach = a.nchars as usize + 2;
        for s in (j.saturating_sub(reach)..j).rev() {
            let t = &toks[s];
            if t.flags & HASALPHA == 0 {
                break;
            }
            if t.flags & INITCAP != 0 && t.pre[0] == a.pre[0] {
                start = Some(s);
            }
        }
        if let Some(s) = start {
            marks[j + 1] = 1;
            marks[s] = 2;
            for m in &mut marks[s + 1..j] {
                *m = 3;
            }
        }
    }
    marks
}

/// The language-independent features of [`FeatureSet::Generic`] and
/// [`FeatureSet::GenericAffixes`] (and the sets built on it): the same keys as the full set where a feature is kept,
/// no word identities (the casing class is 0 without a casing dictionary).
fn generic_features(
    toks: &[Tok],
    gaz: &Gazetteer,
    fs: FeatureSet,
    extra: Option<Extra<'_>>,
    out: &mut Vec<u32>,
    offs: &mut Vec<u32>,
) {
    let n = toks.len();
    let acs = all_caps_sentence(toks);
    let gz = gaz.sentence_matches(toks);
    let inside = |i: isize| i >= 0 && (i as usize) < n;
    let ss = |i: isize| -> u64 {
        match i {
            _ if i < 0 => BOS,
            _ if i as usize >= n => EOS,
            _ => toks[i as usize].sshape,
        }
    };
    let case = |i: isize| -> u64 {
        if !inside(i) {
            9
        } else {
            let t = &toks[i as usize];
            (t.case as u64) << 4 | (t.flags & (INITCAP | ALLCAPS)) as u64
        }
    };
    // a neighbour's length (short words are mostly function words in every language)
    let len = |i: isize| -> u64 {
        if inside(i) {
            toks[i as usize].nchars.min(6) as u64
        } else {
            99
        }
    };
    let s1 = |i: isize| -> u64 {
        match &extra {
            Some(e) if inside(i) => e.s1[i as usize] as u64,
            _ => 99,
        }
    };
    let dc = |i: isize| -> u64 {
        match &extra {
            Some(e) if inside(i) => e.doc[i as usize] as u64,
            _ => 99,
        }
    };
    let acro = if fs.heads() {
        acronym_marks(toks)
    } else {
        Vec::new()
    };
    for (iu, t) in toks.iter().enumerate() {
        offs.push(out.len() as u32);
        let i = iu as isize;
        let mut f = |h: H| out.push(h.fin());
        f(H::new(1));
        f(H::new(4).u(t.shape));
        f(H::new(5).u(t.sshape));
        if fs == FeatureSet::GenericNames && t.flags & INITCAP != 0 {
            f(H::new(3).u(t.l));
        }
        if fs.affixes() {
            for k in 0..3 {
                if t.pre[k] != 0 {
                    f(H::new(6).u(t.pre[k]));
                }
                if t.suf[k] != 0 {
                    f(H::new(7).u(t.suf[k]));
                }
            }
        }
        for b in 0..NFLAGS {
            if t.flags & (1 << b) != 0 {
                f(H::new(8).u(b as u64));
            }
        }
        f(H::new(15).u(ss(i - 1)));
        f(H::new(16).u(ss(i + 1)));
        f(H::new(17).u(ss(i - 2)));
        f(H::new(18).u(ss(i + 2)));
        f(H::new(21).u(ss(i - 1)).u(t.sshape).u(ss(i + 1)));
        let first = iu == 0;
        f(H::new(22).u(first as u64).u(t.sshape));
        if acs {
            f(H::new(23));
            f(H::new(24).u(t.sshape));
        }
        f(H::new(25).u(case(i)).u(first as u64).u(acs as u64));
        f(H::new(26).u(case(i - 1)));
        f(H::new(27).u(case(i + 1)));
        f(H::new(28).u(t.nchars.min(12) as u64));
        f(H::new(33).u(case(i - 1)).u(case(i)).u(case(i + 1)));
        let last = iu + 1 == n;
        f(H::new(35)
            .u(len_bucket(n))
            .u(first as u64)
            .u(last as u64)
            .u(t.sshape));
        f(H::new(36).u(last as u64).u(case(i)));
        f(H::new(80).u(len(i - 1)).u(case(i - 1)).u(case(i)));
        f(H::new(81).u(len(i + 1)).u(case(i + 1)).u(case(i)));
        f(H::new(82).u(case(i - 2)).u(case(i - 1)).u(case(i)));
        f(H::new(83).u(case(i)).u(case(i + 1)).u(case(i + 2)));
        f(H::new(84).u(ss(i - 1)).u(t.sshape));
        f(H::new(85).u(t.sshape).u(ss(i + 1)));
        if let Some(&m) = acro.get(iu).filter(|&&m| m != 0) {
            f(H::new(86).u(m as u64));
            f(H::new(87).u(m as u64).u(case(i)));
        }
        context_features(
            &mut f,
            &gz[iu],
            case(i),
            t.sshape,
            acs,
            first,
            extra.as_ref().map(|_| (&s1, &dc, i)),
        );
    }
    offs.push(out.len() as u32);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::hash::IdMap;

    fn toks(words: &[&str]) -> Vec<Tok> {
        let c = IdMap::default();
        words.iter().map(|w| Tok::new(w, &c)).collect()
    }

    #[test]
    fn acronym_definitions() {
        let m = acronym_marks(&toks(&[
            "Die",
            "Europäische",
            "Union",
            "(",
            "EU",
            ")",
            "hat",
        ]));
        assert_eq!(m, vec![0, 2, 3, 0, 1, 0, 0]);
        let m = acronym_marks(&toks(&[
            "la",
            "Organizace",
            "spojených",
            "národů",
            "(",
            "OSN",
            ")",
        ]));
        assert_eq!(m, vec![0, 2, 3, 3, 0, 1, 0]);
        // no capitalized word with the initial, or no closing parenthesis: no marks
        assert!(acronym_marks(&toks(&["die", "Union", "(", "EU", ")"]))
            .iter()
            .all(|&m| m == 0));
        assert!(acronym_marks(&toks(&["Europa", "(", "EU"]))
            .iter()
            .all(|&m| m == 0));
        // only generic-heads adds acronym keys
        let words = toks(&["Die", "Europäische", "Union", "(", "EU", ")"]);
        let keys = |fs| {
            let (mut out, mut offs) = (Vec::new(), Vec::new());
            generic_features(&words, &Gazetteer::default(), fs, None, &mut out, &mut offs);
            out
        };
        let key = H::new(86).u(1).fin();
        assert!(keys(FeatureSet::GenericHeads).contains(&key));
        assert!(!keys(FeatureSet::GenericPrefix).contains(&key));
        assert_eq!(
            keys(FeatureSet::GenericPrefix),
            keys(FeatureSet::GenericAffixes)
        );
    }

    #[test]
    fn generic_features_know_no_words() {
        let c = IdMap::default();
        let keys = |words: &[&str], fs: FeatureSet| {
            let toks: Vec<Tok> = words.iter().map(|w| Tok::new(w, &c)).collect();
            let (mut out, mut offs) = (Vec::new(), Vec::new());
            sentence_features(&toks, &Gazetteer::default(), fs, None, &mut out, &mut offs);
            out
        };
        let a = ["Angela", "Merkel", "sagte"];
        let b = ["Bertha", "Markul", "dixit"];
        assert_eq!(keys(&a, FeatureSet::Generic), keys(&b, FeatureSet::Generic));
        assert_ne!(keys(&a, FeatureSet::Full), keys(&b, FeatureSet::Full));
        assert_ne!(
            keys(&a, FeatureSet::GenericAffixes),
            keys(&b, FeatureSet::GenericAffixes)
        );
        for fs in [
            FeatureSet::Full,
            FeatureSet::Generic,
            FeatureSet::GenericAffixes,
            FeatureSet::GenericPrefix4,
        ] {
            assert_eq!(FeatureSet::from_name(fs.name()), Some(fs));
            assert_eq!(FeatureSet::from_code(fs.code()), Some(fs));
        }
        assert_eq!(FeatureSet::from_code(8), None);
    }

    fn stem_keys(words: &[&str], fs: FeatureSet, lang: Option<&str>) -> Vec<u32> {
        let c = IdMap::default();
        let mut toks: Vec<Tok> = words.iter().map(|w| Tok::new(w, &c)).collect();
        if let Some(l) = lang {
            crate::ner::stem::Stemmer::for_language(l).assign(&mut toks, words, &c);
        }
        let (mut out, mut offs) = (Vec::new(), Vec::new());
        sentence_features(&toks, &Gazetteer::default(), fs, None, &mut out, &mut offs);
        out
    }

    #[test]
    fn stem_features() {
        let a = ["vierailu", "Helsingissä", "eilen"];
        let b = ["vierailu", "Helsinkiin", "eilen"];
        // the old feature sets ignore stems: the same keys with or without them
        for fs in [
            FeatureSet::Full,
            FeatureSet::Generic,
            FeatureSet::GenericAffixes,
            FeatureSet::GenericNames,
        ] {
            assert_eq!(stem_keys(&a, fs, None), stem_keys(&a, fs, Some("fi")));
            assert!(!fs.stems());
        }
        // full-stems is the full set plus stem keys
        let full = stem_keys(&a, FeatureSet::Full, Some("fi"));
        let stems = stem_keys(&a, FeatureSet::FullStems, Some("fi"));
        assert!(stems.len() > full.len());
        assert!(full.iter().all(|k| stems.contains(k)));
        assert!(FeatureSet::FullStems.words() && FeatureSet::FullStems.stems());
        assert_eq!(
            FeatureSet::from_name("full-stems"),
            Some(FeatureSet::FullStems)
        );
        // two forms of one name share the stem keys (of the word and as a neighbour)
        let sb = stem_keys(&b, FeatureSet::FullStems, Some("fi"));
        let shared = |k: u32| stems.contains(&k) && sb.contains(&k);
        let c = IdMap::default();
        let mut t = [Tok::new("Helsingissä", &c)];
        crate::ner::stem::Stemmer::for_language("fi").assign(&mut t, &["Helsingissä"], &c);
        assert!(shared(H::new(100).u(t[0].stem).fin()));
        assert!(shared(H::new(101).u(t[0].stem).fin()));
        assert!(shared(H::new(102).u(t[0].stem).fin()));
        assert!(!shared(H::new(3).u(t[0].l).fin()));
    }
}
