//! Feature extraction: the hashed features of a sentence's tokens (word, shape, affixes,
//! window, casing, gazetteer matches, word clusters, stage-1 and document codes), domain
//! copies and document-window codes; the feature sets (full, or language-independent for
//! the multilingual model). Above tokens, gazetteer and clusters; trains nothing.

use super::gazetteer::Gazetteer;
use super::hash::{IdMap, H};
use super::stem::Stemmer;
use super::token::{Tok, ALLCAPS, HASALPHA, HASUPPER, INITCAP, NFLAGS, NLEVELS};

/// Stage-2 inputs for one sentence: stage-1 tags (0..9) and document codes.
pub(crate) struct Extra<'a> {
    pub(crate) s1: &'a [u8],
    pub(crate) doc: &'a [u8],
}

/// Which features a model uses; stored in the model (models without the field use
/// [`FeatureSet::Full`], so older models tag as before).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FeatureSet {
    /// Every feature, word identities included (the per-language models).
    #[default]
    Full,
    /// Language-independent features only: shape, casing in context, punctuation,
    /// position, gazetteers, word clusters and the stage-2 codes; no word identity, no
    /// affixes (the multilingual fallback).
    Generic,
    /// [`FeatureSet::Generic`] plus prefixes and suffixes of 1–3 characters.
    GenericAffixes,
    /// [`FeatureSet::GenericAffixes`] plus the lowercase form of capitalized words (names
    /// are shared across languages; lowercase words, which are not, stay unseen).
    GenericNames,
    /// [`FeatureSet::Full`] plus stem features (`crate::ner::stem`): the stem of the word
    /// and of its neighbours, stem × shape, the casing class of the stem, and gazetteer
    /// matches on stems (the inflecting languages: fi, sv, da, cs).
    FullStems,
    /// [`FeatureSet::GenericAffixes`] plus gazetteer matches on the 5-letter prefixes of
    /// words (inflected forms of a listed name: "Warszawy", "Warszawa").
    GenericPrefix,
    /// [`FeatureSet::GenericPrefix`] plus the entity-word table learned from the training
    /// data (words of many ORG or LOC names, gazetteer bits [`crate::ner::gazetteer::G_ORGWORD`]
    /// and `G_LOCWORD`) and acronym definitions ("Europäische Union ( EU )").
    GenericHeads,
    /// [`FeatureSet::GenericPrefix`] with 4-letter prefixes (a dev-LOLO lever,
    /// `docs/multilingual-ner.md`).
    GenericPrefix4,
}

impl FeatureSet {
    /// The names of the feature sets (`full`, `generic`, `generic-affixes`), by code.
    pub const NAMES: [&'static str; 8] = [
        "full",
        "generic",
        "generic-affixes",
        "generic-names",
        "full-stems",
        "generic-prefix",
        "generic-heads",
        "generic-prefix4",
    ];

    /// The stored code of the feature set.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The feature set of a stored code.
    pub fn from_code(c: u8) -> Option<FeatureSet> {
        [
            FeatureSet::Full,
            FeatureSet::Generic,
            FeatureSet::GenericAffixes,
            FeatureSet::GenericNames,
            FeatureSet::FullStems,
            FeatureSet::GenericPrefix,
            FeatureSet::GenericHeads,
            FeatureSet::GenericPrefix4,
        ]
        .get(c as usize)
        .copied()
    }

    /// The feature set of a name of [`FeatureSet::NAMES`].
    pub fn from_name(name: &str) -> Option<FeatureSet> {
        let i = FeatureSet::NAMES.iter().position(|&n| n == name)?;
        FeatureSet::from_code(i as u8)
    }

    /// The name of the feature set.
    pub fn name(self) -> &'static str {
        FeatureSet::NAMES[self as usize]
    }

    /// True when word-identity features (the word, its lowercase form, its neighbours and
    /// the learned casing class) are used.
    pub fn words(self) -> bool {
        matches!(self, FeatureSet::Full | FeatureSet::FullStems)
    }

    /// True when the model stems its tokens (see `crate::ner::stem`).
    pub fn stems(self) -> bool {
        self == FeatureSet::FullStems
    }

    /// True when the gazetteer is also matched on word prefixes (5 letters, 4 for
    /// [`FeatureSet::GenericPrefix4`]).
    pub fn prefixes(self) -> bool {
        matches!(
            self,
            FeatureSet::GenericPrefix | FeatureSet::GenericHeads | FeatureSet::GenericPrefix4
        )
    }

    /// True when the model learns the entity-word table and uses acronym definitions.
    pub fn heads(self) -> bool {
        self == FeatureSet::GenericHeads
    }

    /// True when word affixes (1–3 characters) are features.
    pub fn affixes(self) -> bool {
        !matches!(self, FeatureSet::Generic)
    }

    /// The stemmer whose stems the gazetteer is also matched on: the language's for
    /// [`FeatureSet::FullStems`], 5-letter prefixes for [`FeatureSet::prefixes`].
    pub(crate) fn stemmer(self, lang: &str) -> Option<Stemmer> {
        if self.stems() {
            Some(Stemmer::for_language(lang))
        } else if self == FeatureSet::GenericPrefix4 {
            Some(Stemmer::Prefix(4))
        } else if self.prefixes() {
            Some(Stemmer::Prefix(5))
        } else {
            None
        }
    }
}

pub(super) const BOS: u64 = 0x1111_2222_3333_4444;
pub(super) const EOS: u64 = 0x5555_6666_7777_8888;

/// True when the sentence looks like an all-caps headline.
pub(super) fn all_caps_sentence(toks: &[Tok]) -> bool {
    let alpha = toks
        .iter()
        .filter(|t| t.flags & HASALPHA != 0 && t.nchars > 1);
    let (mut n, mut caps) = (0, 0);
    for t in alpha {
        n += 1;
        if t.flags & ALLCAPS != 0 {
            caps += 1;
        }
    }
    n > 0 && caps * 10 >= n * 8
}

/// Sentence length bucket: 0..=4 tokens exactly, then 5–7, 8–12 and longer.
pub(super) fn len_bucket(n: usize) -> u64 {
    match n {
        0..=4 => n as u64,
        5..=7 => 5,
        8..=12 => 6,
        _ => 7,
    }
}

/// Appends the feature hashes of every token of a sentence to `out`; `offs` gets the
/// start offset of each token plus a final end offset.
/// The sets with word identities ([`FeatureSet::words`]); the others are
/// `crate::ner::generic`'s, which dispatches.
pub(crate) fn full_features(
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
    // a token's hashed field, or the sentence-boundary markers outside the sentence
    let at = |i: isize, field: fn(&Tok) -> u64| -> u64 {
        if i < 0 {
            BOS
        } else if i as usize >= n {
            EOS
        } else {
            field(&toks[i as usize])
        }
    };
    let l = |i: isize| at(i, |t| t.l);
    let ss = |i: isize| at(i, |t| t.sshape);
    let w = |i: isize| at(i, |t| t.w);
    let case = |i: isize| -> u64 {
        if i < 0 || i as usize >= n {
            9
        } else {
            let t = &toks[i as usize];
            (t.case as u64) << 4 | (t.flags & (INITCAP | ALLCAPS)) as u64
        }
    };
    let cl = |i: isize, j: usize| -> u64 {
        if i < 0 || i as usize >= n {
            0xfffe
        } else {
            toks[i as usize].cl[j] as u64
        }
    };
    let use_cl = toks.first().is_some_and(|t| t.cl[0] != 0);
    let stems = fs.stems();
    let stem = |i: isize| at(i, |t| t.stem);
    let s1 = |i: isize| -> u64 {
        match &extra {
            Some(e) if i >= 0 && (i as usize) < n => e.s1[i as usize] as u64,
            _ => 99,
        }
    };
    let dc = |i: isize| -> u64 {
        match &extra {
            Some(e) if i >= 0 && (i as usize) < n => e.doc[i as usize] as u64,
            _ => 99,
        }
    };
    for (iu, t) in toks.iter().enumerate() {
        offs.push(out.len() as u32);
        let i = iu as isize;
        let mut f = |h: H| out.push(h.fin());
        f(H::new(1));
        f(H::new(2).u(t.w));
        f(H::new(3).u(t.l));
        f(H::new(4).u(t.shape));
        f(H::new(5).u(t.sshape));
        for k in 0..4 {
            if t.pre[k] != 0 {
                f(H::new(6).u(t.pre[k]));
            }
            if t.suf[k] != 0 {
                f(H::new(7).u(t.suf[k]));
            }
        }
        for b in 0..NFLAGS {
            if t.flags & (1 << b) != 0 {
                f(H::new(8).u(b as u64));
            }
        }
        f(H::new(9).u(l(i - 1)));
        f(H::new(10).u(l(i + 1)));
        f(H::new(11).u(l(i - 2)));
        f(H::new(12).u(l(i + 2)));
        f(H::new(13).u(w(i - 1)));
        f(H::new(14).u(w(i + 1)));
        f(H::new(15).u(ss(i - 1)));
        f(H::new(16).u(ss(i + 1)));
        f(H::new(17).u(ss(i - 2)));
        f(H::new(18).u(ss(i + 2)));
        f(H::new(19).u(l(i - 1)).u(t.l));
        f(H::new(20).u(t.l).u(l(i + 1)));
        f(H::new(21).u(ss(i - 1)).u(t.sshape).u(ss(i + 1)));
        let first = iu == 0;
        f(H::new(22).u(first as u64).u(t.sshape));
        if first {
            f(H::new(30).u(t.w));
        }
        if acs {
            f(H::new(23));
            f(H::new(24).u(t.sshape));
            f(H::new(24).u(t.case as u64));
        }
        f(H::new(25).u(case(i)).u(first as u64).u(acs as u64));
        f(H::new(26).u(case(i - 1)));
        f(H::new(27).u(case(i + 1)));
        f(H::new(28).u(t.nchars.min(12) as u64));
        f(H::new(31).u(l(i - 1)).u(t.sshape));
        f(H::new(32).u(t.sshape).u(l(i + 1)));
        f(H::new(33).u(case(i - 1)).u(case(i)).u(case(i + 1)));
        for k in 0..2 {
            if t.suf56[k] != 0 {
                f(H::new(34).u(k as u64).u(t.suf56[k]));
            }
        }
        // where the token sits in a short unit (titles, list items, captions: whole
        // Wikipedia "sentences" that are one name)
        let last = iu + 1 == n;
        f(H::new(35)
            .u(len_bucket(n))
            .u(first as u64)
            .u(last as u64)
            .u(t.sshape));
        f(H::new(36).u(last as u64).u(case(i)));
        if stems {
            f(H::new(100).u(t.stem));
            f(H::new(101).u(stem(i - 1)));
            f(H::new(102).u(stem(i + 1)));
            f(H::new(103).u(t.stem).u(t.sshape));
            f(H::new(104)
                .u(t.scase as u64)
                .u((t.flags & (INITCAP | ALLCAPS)) as u64)
                .u(first as u64));
        }
        if use_cl {
            for j in 0..NLEVELS {
                f(H::new(60 + j as u8).u(t.cl[j] as u64));
            }
            f(H::new(64).u(cl(i - 1, 0)));
            f(H::new(65).u(cl(i + 1, 0)));
            f(H::new(66).u(cl(i - 1, 1)));
            f(H::new(67).u(cl(i + 1, 1)));
            f(H::new(68).u(cl(i - 2, 2)));
            f(H::new(69).u(cl(i + 2, 2)));
            f(H::new(70).u(t.cl[1] as u64).u(case(i)));
            f(H::new(71).u(cl(i - 1, 2)).u(t.cl[2] as u64));
            f(H::new(72).u(t.cl[2] as u64).u(cl(i + 1, 2)));
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

/// The features both feature sets share, last for each token: gazetteer matches (with the
/// token's casing) and, in stage 2, the stage-1 and document codes around position `i`.
#[inline(always)]
pub(super) fn context_features(
    f: &mut impl FnMut(H),
    matches: &[(u8, u8)],
    case: u64,
    sshape: u64,
    acs: bool,
    first: bool,
    stage2: Option<(impl Fn(isize) -> u64, impl Fn(isize) -> u64, isize)>,
) {
    for &(bits, pos) in matches {
        for b in 0..8u64 {
            if bits & (1 << b) != 0 {
                f(H::new(40).u(b).u(pos as u64));
                f(H::new(41).u(b).u(pos as u64).u(case));
            }
        }
    }
    if let Some((s1, dc, i)) = stage2 {
        f(H::new(50).u(s1(i)));
        f(H::new(51).u(s1(i - 1)).u(s1(i)));
        f(H::new(52).u(s1(i)).u(s1(i + 1)));
        f(H::new(53).u(dc(i)));
        f(H::new(54).u(dc(i)).u(sshape));
        f(H::new(55).u(dc(i)).u(s1(i)));
        f(H::new(56).u(dc(i - 1)).u(dc(i)));
        f(H::new(57).u(dc(i)).u(dc(i + 1)));
        f(H::new(58).u(dc(i)).u(acs as u64).u(first as u64));
    }
}

/// The key of feature `key`'s copy for `domain`.
#[inline]
pub(crate) fn domain_key(key: u32, domain: u8) -> u32 {
    H::new(90).u(domain as u64).u(key as u64).fin()
}

/// Adds a domain-specific copy of every feature (Daumé-style feature augmentation): token
/// `i`'s features become its general features followed by the same features conjoined with
/// `domain` (1..). Models trained without domain copies simply have no such keys.
pub(crate) fn add_domain(out: &mut Vec<u32>, offs: &mut [u32], domain: u8) {
    if domain == 0 || offs.len() < 2 {
        return;
    }
    let old = std::mem::take(out);
    out.reserve(old.len() * 2);
    let mut start = 0usize;
    for i in 0..offs.len() - 1 {
        let (a, b) = (offs[i] as usize, offs[i + 1] as usize);
        offs[i] = start as u32;
        out.extend_from_slice(&old[a..b]);
        out.extend(old[a..b].iter().map(|&k| domain_key(k, domain)));
        start = out.len();
    }
    let last = offs.len() - 1;
    offs[last] = start as u32;
}

/// Sentences on each side of the current one that document features look at; bounds the
/// context when the input has no document breaks (one huge "document").
pub(crate) const DOC_WINDOW: usize = 25;

fn doc_label(tag: u8) -> usize {
    if tag == 0 {
        4
    } else {
        ((tag - 1) % 4) as usize
    }
}

/// Adds (`d = 1`) or removes (`d = -1`) the stage-1 labels of a unit's capitalized words
/// to the document-window counts; words whose counts drop to zero leave the map, so it
/// holds only the words of the window.
pub(crate) fn counts_add(counts: &mut IdMap<u64, [i32; 5]>, toks: &[Tok], tags: &[u8], d: i32) {
    for (t, &g) in toks.iter().zip(tags) {
        if t.flags & HASUPPER != 0 && t.flags & HASALPHA != 0 {
            let c = counts.entry(t.l).or_insert([0; 5]);
            c[doc_label(g)] += d;
            if d < 0 && c.iter().all(|&v| v == 0) {
                counts.remove(&t.l);
            }
        }
    }
}

/// Document codes of one unit given the counts of its window (the unit included): for each
/// token with an uppercase letter, the majority stage-1 label (PER, ORG, LOC, MISC or O)
/// of the *other* occurrences of its lowercase form; 0 when there is none. Unanimous
/// majorities get their own codes.
pub(crate) fn unit_codes(counts: &IdMap<u64, [i32; 5]>, toks: &[Tok], s1: &[u8]) -> Vec<u8> {
    toks.iter()
        .zip(s1)
        .map(|(t, &g)| {
            if t.flags & HASUPPER == 0 || t.flags & HASALPHA == 0 {
                return 0;
            }
            let mut c = counts.get(&t.l).copied().unwrap_or_default();
            c[doc_label(g)] -= 1;
            let total: i32 = c.iter().sum();
            if total <= 0 {
                return 0;
            }
            let (m, &best) = c
                .iter()
                .enumerate()
                .max_by_key(|&(i, &v)| (v, std::cmp::Reverse(i)))
                .expect("5 labels");
            let unanimous = best == total;
            1 + m as u8 + if unanimous { 5 } else { 0 }
        })
        .collect()
}

/// Document codes of every sentence (see [`unit_codes`]), the window being the sentences
/// within [`DOC_WINDOW`] of each one. The trainer uses this whole-document form; the
/// tagger streams the same computation.
pub(crate) fn doc_codes(doc: &[Vec<Tok>], s1: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let n = doc.len();
    let mut counts: IdMap<u64, [i32; 5]> = IdMap::default();
    for s in 0..n.min(DOC_WINDOW + 1) {
        counts_add(&mut counts, &doc[s], &s1[s], 1);
    }
    let mut out = Vec::with_capacity(n);
    for s in 0..n {
        if s > 0 && s + DOC_WINDOW < n {
            counts_add(&mut counts, &doc[s + DOC_WINDOW], &s1[s + DOC_WINDOW], 1);
        }
        if s > DOC_WINDOW {
            counts_add(
                &mut counts,
                &doc[s - DOC_WINDOW - 1],
                &s1[s - DOC_WINDOW - 1],
                -1,
            );
        }
        out.push(unit_codes(&counts, &doc[s], &s1[s]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::hash::hash_str;
    use crate::ner::token::ALLDIGIT;

    fn feats(words: &[&str]) -> (Vec<u32>, Vec<u32>) {
        let casing = IdMap::default();
        let toks: Vec<Tok> = words.iter().map(|w| Tok::new(w, &casing)).collect();
        let (mut out, mut offs) = (Vec::new(), Vec::new());
        full_features(
            &toks,
            &Gazetteer::default(),
            FeatureSet::Full,
            None,
            &mut out,
            &mut offs,
        );
        (out, offs)
    }

    #[test]
    fn odd_tokens() {
        let long = "a".repeat(10_000);
        let words = [
            "",
            "😀",
            "e\u{301}te\u{301}",
            &long,
            "Ünïcödé",
            "-",
            "1996-08-22",
            "ΑΘΗΝΑ",
        ];
        let (out, offs) = feats(&words);
        assert_eq!(offs.len(), words.len() + 1);
        assert_eq!(*offs.last().unwrap() as usize, out.len());
        for w in offs.windows(2) {
            assert!(w[1] > w[0] + 10);
        }
        let c = IdMap::default();
        assert!(Tok::new("ΑΘΗΝΑ", &c).flags & ALLCAPS != 0);
        assert!(Tok::new("1996", &c).flags & ALLDIGIT != 0);
        assert_eq!(Tok::new("", &c).nchars, 0);
        assert_eq!(Tok::new("Abcdefgh", &c).sshape, Tok::new("Xyz", &c).sshape);
        assert_ne!(Tok::new("Abcdefgh", &c).shape, Tok::new("Xyz", &c).shape);
        assert_eq!(Tok::new("Paris", &c).l, Tok::new("PARIS", &c).l);
    }

    #[test]
    fn doc_codes_window() {
        let c = IdMap::default();
        let sent = |w: &str| vec![Tok::new(w, &c), Tok::new("said", &c)];
        let n = 3 * DOC_WINDOW;
        let doc: Vec<Vec<Tok>> = (0..n)
            .map(|i| {
                sent(if i == 0 || i == 1 || i == n - 1 {
                    "Rutte"
                } else {
                    "He"
                })
            })
            .collect();
        let mut s1 = vec![vec![0u8, 0]; n];
        s1[0][0] = 1; // B-PER
        s1[1][0] = 1;
        let codes = doc_codes(&doc, &s1);
        assert_eq!(codes[0][0], 1 + 5); // unanimous PER among others
        assert_eq!(codes[0][1], 0); // lowercase token
        assert_eq!(codes[n - 1][0], 0); // too far from the other occurrences
    }

    #[test]
    fn cluster_features() {
        let casing = IdMap::default();
        let mk = |cl: [u16; 4]| {
            let mut toks: Vec<Tok> = ["in", "Berlin"]
                .iter()
                .map(|w| Tok::new(w, &casing))
                .collect();
            for t in &mut toks {
                t.cl = cl;
            }
            let (mut out, mut offs) = (Vec::new(), Vec::new());
            full_features(
                &toks,
                &Gazetteer::default(),
                FeatureSet::Full,
                None,
                &mut out,
                &mut offs,
            );
            out
        };
        let none = mk([0; 4]);
        let a = mk([5, 3, 2, 1]);
        let b = mk([6, 3, 2, 1]);
        assert_eq!(a.len(), b.len());
        assert!(a.len() > none.len(), "cluster features are added");
        assert!(a.contains(&H::new(60).u(5).fin()));
        assert!(b.contains(&H::new(60).u(6).fin()));
        assert!(!a.contains(&H::new(60).u(6).fin()));
        // Coarser levels are shared.
        assert!(a.contains(&H::new(61).u(3).fin()) && b.contains(&H::new(61).u(3).fin()));
    }

    #[test]
    fn long_suffixes_and_unit_position() {
        let c = IdMap::default();
        let t = Tok::new("Sportverein", &c);
        assert_eq!(t.suf56, [hash_str("erein"), hash_str("verein")]);
        // a whole word is no suffix of itself
        assert_eq!(Tok::new("Berlin", &c).suf56, [hash_str("erlin"), 0]);
        assert_eq!(Tok::new("Ulm", &c).suf56, [0, 0]);
        let sshape = Tok::new("Osjorsk", &c).sshape;
        // a one-token unit: first and last
        let alone = H::new(35).u(1).u(1).u(1).u(sshape).fin();
        assert!(feats(&["Osjorsk"]).0.contains(&alone));
        let (long, offs) = feats(&["Osjorsk", "liegt", "am", "See", "nahe", "der", "Stadt", "."]);
        assert!(!long.contains(&alone));
        let first = H::new(35).u(6).u(1).u(0).u(sshape).fin();
        assert!(long[offs[0] as usize..offs[1] as usize].contains(&first));
    }

    #[test]
    fn domain_copies() {
        let (f, o) = feats(&["Angela", "Merkel"]);
        let (mut g, mut p) = (f.clone(), o.clone());
        add_domain(&mut g, &mut p, 0);
        assert_eq!((&g, &p), (&f, &o));
        add_domain(&mut g, &mut p, 1);
        assert_eq!(g.len(), 2 * f.len());
        assert_eq!(p.len(), o.len());
        for i in 0..2 {
            let (a, b) = (o[i] as usize, o[i + 1] as usize);
            let (c, d) = (p[i] as usize, p[i + 1] as usize);
            assert_eq!(d - c, 2 * (b - a));
            assert_eq!(&g[c..c + (b - a)], &f[a..b]);
            assert!(!f.contains(&g[c + (b - a)]));
        }
        assert_eq!(*p.last().unwrap() as usize, g.len());
    }

    #[test]
    fn deterministic() {
        assert_eq!(feats(&["Angela", "Merkel"]), feats(&["Angela", "Merkel"]));
        assert_ne!(
            feats(&["Angela", "Merkel"]).0,
            feats(&["Angela", "merkel"]).0
        );
    }
}
