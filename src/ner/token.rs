//! Tokens as the tagger sees them: the precomputed hashes, shape, affixes, flags and casing
//! class of a word ([`Tok`]). Below the gazetteer, the word clusters and the feature
//! extractor, which all read tokens; knows nothing of them.

use super::hash::{hash_str, IdMap, H};
use super::table::U64Table;
use std::borrow::Cow;

/// Number of cluster granularities per word (finest first).
pub const NLEVELS: usize = 4;

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
/// Number of token flags.
pub(crate) const NFLAGS: u32 = 11;

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
    pub(crate) cl: [u16; NLEVELS],
    /// Hash of the stem of the lowercase form (`crate::ner::stem`); 0 when the model
    /// uses no stems.
    pub(crate) stem: u64,
    /// Casing class of the stem (the classes of the words with that stem); 0 when unknown.
    pub(crate) scase: u8,
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

impl CasingTable for U64Table<u8> {
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
