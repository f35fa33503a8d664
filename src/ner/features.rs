//! Feature extraction. Features are 32-bit hashes built from precomputed 64-bit token
//! hashes, so the hot path allocates nothing per feature.

use super::gazetteer::Gazetteer;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0x517c_c1b7_2722_0a95;

/// An FxHash-like streaming hasher.
#[derive(Clone, Copy, Debug)]
pub(crate) struct H(pub(crate) u64);

impl H {
    #[inline]
    pub(crate) fn new(template: u8) -> H {
        H((template as u64 ^ 0x9e37_79b9_7f4a_7c15).wrapping_mul(K))
    }
    #[inline]
    pub(crate) fn u(self, x: u64) -> H {
        H((self.0.rotate_left(5) ^ x).wrapping_mul(K))
    }
    pub(crate) fn bytes(self, b: &[u8]) -> H {
        let mut h = self;
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            h = h.u(u64::from_le_bytes(a));
        }
        let r = chunks.remainder();
        let mut a = [0u8; 8];
        a[..r.len()].copy_from_slice(r);
        h.u(u64::from_le_bytes(a)).u(b.len() as u64)
    }
    #[inline]
    pub(crate) fn mix(self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }
    #[inline]
    pub(crate) fn fin(self) -> u32 {
        self.mix() as u32
    }
}

/// Hash of a string (used for token and phrase keys).
pub(crate) fn hash_str(s: &str) -> u64 {
    H::new(0).bytes(s.as_bytes()).mix()
}

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(K);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = (i as u64).wrapping_mul(K);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i.wrapping_mul(K) ^ (i >> 29);
    }
}

/// A HashMap keyed by hashes.
pub(crate) type IdMap<K2, V> = HashMap<K2, V, BuildHasherDefault<IdHasher>>;

// Token flags.
pub(crate) const INITCAP: u16 = 1;
pub(crate) const ALLCAPS: u16 = 2;
pub(crate) const HASDIGIT: u16 = 4;
pub(crate) const ALLDIGIT: u16 = 8;
pub(crate) const HYPHEN: u16 = 16;
pub(crate) const PUNCT: u16 = 32;
pub(crate) const PERIOD: u16 = 64;
pub(crate) const HASUPPER: u16 = 128;
pub(crate) const ALLLOWER: u16 = 256;
pub(crate) const HASALPHA: u16 = 512;
pub(crate) const APOS: u16 = 1024;
const NFLAGS: u32 = 11;

/// Casing classes of a lowercase form, learned from text.
pub(crate) const CASE_LOWER: u8 = 1;
pub(crate) const CASE_CAP: u8 = 2;
pub(crate) const CASE_MIXED: u8 = 3;

/// Everything feature extraction needs from one token.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tok {
    pub(crate) w: u64,
    pub(crate) l: u64,
    pub(crate) shape: u64,
    pub(crate) sshape: u64,
    pub(crate) pre: [u64; 4],
    pub(crate) suf: [u64; 4],
    /// Suffixes of 5 and 6 characters (0 when the word is shorter).
    pub(crate) suf56: [u64; 2],
    pub(crate) nchars: u32,
    pub(crate) flags: u16,
    pub(crate) case: u8,
    /// 1 + word cluster id per level (finest first); `UNKNOWN_CLUSTER` for unknown words,
    /// 0 when the model has no clusters.
    pub(crate) cl: [u16; super::clusters::NLEVELS],
}

fn char_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else if c.is_alphabetic() {
        'a'
    } else if c.is_ascii_punctuation() {
        c
    } else {
        'o'
    }
}

/// The lowercase form (borrowed when the word has no uppercase letter).
pub(crate) fn lower(w: &str) -> Cow<'_, str> {
    if w.chars().any(|c| c.is_uppercase()) {
        Cow::Owned(w.to_lowercase())
    } else {
        Cow::Borrowed(w)
    }
}

/// Casing classes by hash of the lowercase form.
pub(crate) trait CasingTable {
    /// The casing class of a lowercase form (0 when unknown).
    fn class_of(&self, l: u64) -> u8;
}

impl CasingTable for IdMap<u64, u8> {
    fn class_of(&self, l: u64) -> u8 {
        self.get(&l).copied().unwrap_or(0)
    }
}

impl CasingTable for super::table::U64Table<u8> {
    #[inline]
    fn class_of(&self, l: u64) -> u8 {
        self.get(l).unwrap_or(0)
    }
}

impl Tok {
    pub(crate) fn new(w: &str, casing: &impl CasingTable) -> Tok {
        let low = lower(w);
        let l = hash_str(&low);
        let mut t = Tok {
            w: hash_str(w),
            l,
            case: casing.class_of(l),
            ..Default::default()
        };
        let (mut up, mut lo, mut dig, mut alpha, mut alnum, mut n) =
            (0u32, 0u32, 0u32, 0u32, 0u32, 0u32);
        let mut shape = H::new(1);
        let mut sshape = H::new(2);
        let (mut last, mut run) = ('\0', 0u32);
        let mut first_upper = false;
        for c in w.chars() {
            let k = char_class(c);
            if n == 0 {
                first_upper = k == 'X';
            }
            n += 1;
            match k {
                'X' => up += 1,
                'x' => lo += 1,
                'd' => dig += 1,
                _ => {}
            }
            if c.is_alphabetic() {
                alpha += 1;
            }
            if c.is_alphanumeric() {
                alnum += 1;
            }
            match c {
                '-' => t.flags |= HYPHEN,
                '.' => t.flags |= PERIOD,
                '\'' | '’' => t.flags |= APOS,
                _ => {}
            }
            if k == last {
                run += 1;
            } else {
                run = 1;
                sshape = sshape.u(k as u64);
            }
            if run <= 4 {
                shape = shape.u(k as u64);
            }
            last = k;
        }
        t.nchars = n;
        t.shape = shape.mix();
        t.sshape = sshape.mix();
        if first_upper {
            t.flags |= INITCAP;
        }
        if up > 0 {
            t.flags |= HASUPPER;
        }
        if up > 0 && lo == 0 {
            t.flags |= ALLCAPS;
        }
        if lo > 0 && up == 0 {
            t.flags |= ALLLOWER;
        }
        if dig > 0 {
            t.flags |= HASDIGIT;
        }
        if n > 0 && dig == n {
            t.flags |= ALLDIGIT;
        }
        if alpha > 0 {
            t.flags |= HASALPHA;
        }
        if n > 0 && alnum == 0 {
            t.flags |= PUNCT;
        }
        // Prefixes and suffixes of the lowercase form, 1..=4 characters.
        let mut ends = [0usize; 5];
        let mut k = 0;
        for (i, c) in low.char_indices() {
            if k >= 4 {
                break;
            }
            k += 1;
            ends[k] = i + c.len_utf8();
        }
        for j in 1..=k {
            t.pre[j - 1] = hash_str(&low[..ends[j]]);
        }
        let mut starts = [low.len(); 5];
        let mut k = 0;
        for (i, _) in low.char_indices().rev() {
            if k >= 4 {
                break;
            }
            k += 1;
            starts[k] = i;
        }
        for j in 1..=k {
            t.suf[j - 1] = hash_str(&low[starts[j]..]);
        }
        // 5- and 6-character suffixes of longer words: German compound heads
        // ("-verein", "-straße", "-partei")
        let mut k = 0;
        for (i, _) in low.char_indices().rev() {
            k += 1;
            if i == 0 || k > 6 {
                break;
            }
            if k >= 5 {
                t.suf56[k - 5] = hash_str(&low[i..]);
            }
        }
        t
    }
}

/// Stage-2 inputs for one sentence: stage-1 tags (0..9) and document codes.
pub(crate) struct Extra<'a> {
    pub(crate) s1: &'a [u8],
    pub(crate) doc: &'a [u8],
}

const BOS: u64 = 0x1111_2222_3333_4444;
const EOS: u64 = 0x5555_6666_7777_8888;

/// True when the sentence looks like an all-caps headline.
fn all_caps_sentence(toks: &[Tok]) -> bool {
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
fn len_bucket(n: usize) -> u64 {
    match n {
        0..=4 => n as u64,
        5..=7 => 5,
        8..=12 => 6,
        _ => 7,
    }
}

/// Appends the feature hashes of every token of a sentence to `out`; `offs` gets the
/// start offset of each token plus a final end offset.
pub(crate) fn sentence_features(
    toks: &[Tok],
    gaz: &Gazetteer,
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
        if use_cl {
            for j in 0..super::clusters::NLEVELS {
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
        for &(bits, pos) in &gz[iu] {
            for b in 0..8u64 {
                if bits & (1 << b) != 0 {
                    f(H::new(40).u(b).u(pos as u64));
                    f(H::new(41).u(b).u(pos as u64).u(case(i)));
                }
            }
        }
        if extra.is_some() {
            f(H::new(50).u(s1(i)));
            f(H::new(51).u(s1(i - 1)).u(s1(i)));
            f(H::new(52).u(s1(i)).u(s1(i + 1)));
            f(H::new(53).u(dc(i)));
            f(H::new(54).u(dc(i)).u(t.sshape));
            f(H::new(55).u(dc(i)).u(s1(i)));
            f(H::new(56).u(dc(i - 1)).u(dc(i)));
            f(H::new(57).u(dc(i)).u(dc(i + 1)));
            f(H::new(58).u(dc(i)).u(acs as u64).u(first as u64));
        }
    }
    offs.push(out.len() as u32);
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

    fn feats(words: &[&str]) -> (Vec<u32>, Vec<u32>) {
        let casing = IdMap::default();
        let toks: Vec<Tok> = words.iter().map(|w| Tok::new(w, &casing)).collect();
        let (mut out, mut offs) = (Vec::new(), Vec::new());
        sentence_features(&toks, &Gazetteer::default(), None, &mut out, &mut offs);
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
            sentence_features(&toks, &Gazetteer::default(), None, &mut out, &mut offs);
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
