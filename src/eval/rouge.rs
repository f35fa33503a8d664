//! ROUGE-1/2/L/Lsum F1 of a summary against a reference, with the tokenization of EVAL.md.
//! Pure scoring of given texts; knows no dataset, no summarizer, and reads no files.
//!
//! Conventions (EVAL.md): English text is lowercased, every non-`[a-z0-9]` character becomes a
//! space, tokens longer than 3 characters are stemmed (here: Snowball English, i.e. Porter2;
//! Google's `rouge-score` uses NLTK's Porter, so numbers can differ slightly: use
//! `scripts/rouge_eval.py` on the `--predictions` file for the reference implementation).
//! German: `\w+` tokens of the lowercased text, no stemming. ROUGE-Lsum uses one sentence per line.

use std::collections::HashMap;

/// ROUGE F1 scores of one summary, or their mean over documents.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rouge {
    /// ROUGE-1: unigram overlap.
    pub rouge1: f64,
    /// ROUGE-2: bigram overlap.
    pub rouge2: f64,
    /// ROUGE-L: longest common subsequence of the whole texts.
    pub rouge_l: f64,
    /// ROUGE-Lsum: summary-level LCS over sentences (union LCS, as in `rouge-score`).
    pub rouge_lsum: f64,
}

impl Rouge {
    /// The four scores in the order R1, R2, RL, RLsum.
    pub fn to_array(self) -> [f64; 4] {
        [self.rouge1, self.rouge2, self.rouge_l, self.rouge_lsum]
    }

    /// Scores from an array in the order R1, R2, RL, RLsum.
    pub fn from_array(a: [f64; 4]) -> Self {
        Rouge {
            rouge1: a[0],
            rouge2: a[1],
            rouge_l: a[2],
            rouge_lsum: a[3],
        }
    }
}

/// ROUGE of a summary against a reference, both given as sentences; `english` selects the
/// English tokenization (stemmed) instead of the German one (see the module docs). F1 in [0, 1].
pub fn rouge<S: AsRef<str>, R: AsRef<str>>(summary: &[S], reference: &[R], english: bool) -> Rouge {
    let ps: Vec<Vec<String>> = summary
        .iter()
        .map(|s| tokens(s.as_ref(), english))
        .collect();
    let rs: Vec<Vec<String>> = reference
        .iter()
        .map(|s| tokens(s.as_ref(), english))
        .collect();
    let pf: Vec<String> = ps.concat();
    let rf: Vec<String> = rs.concat();
    Rouge {
        rouge1: rouge_n(&pf, &rf, 1),
        rouge2: rouge_n(&pf, &rf, 2),
        rouge_l: rouge_l(&pf, &rf),
        rouge_lsum: rouge_lsum(&ps, &rs),
    }
}

/// ROUGE tokenization (see the module docs).
pub fn tokens(s: &str, english: bool) -> Vec<String> {
    thread_local! {
        static STEM: rust_stemmers::Stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    }
    let lower = s.to_lowercase();
    if english {
        let cleaned: String = lower
            .chars()
            .map(|c| {
                if c.is_ascii_lowercase() || c.is_ascii_digit() {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        STEM.with(|st| {
            cleaned
                .split_whitespace()
                .map(|w| {
                    if w.len() > 3 {
                        st.stem(w).into_owned()
                    } else {
                        w.to_string()
                    }
                })
                .collect()
        })
    } else {
        lower
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }
}

fn ngrams(t: &[String], n: usize) -> HashMap<&[String], usize> {
    let mut m = HashMap::new();
    if t.len() >= n {
        for w in t.windows(n) {
            *m.entry(w).or_insert(0) += 1;
        }
    }
    m
}

fn f1(hits: f64, n_pred: f64, n_ref: f64) -> f64 {
    if hits == 0.0 || n_pred == 0.0 || n_ref == 0.0 {
        return 0.0;
    }
    let p = hits / n_pred;
    let r = hits / n_ref;
    2.0 * p * r / (p + r)
}

fn rouge_n(pred: &[String], refr: &[String], n: usize) -> f64 {
    let a = ngrams(pred, n);
    let b = ngrams(refr, n);
    let hits: usize = a
        .iter()
        .map(|(g, c)| (*c).min(*b.get(g).unwrap_or(&0)))
        .sum();
    f1(
        hits as f64,
        a.values().sum::<usize>() as f64,
        b.values().sum::<usize>() as f64,
    )
}

/// LCS table (lengths) of two token sequences.
fn lcs_table(a: &[String], b: &[String]) -> Vec<Vec<u32>> {
    let mut t = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            t[i][j] = if a[i - 1] == b[j - 1] {
                t[i - 1][j - 1] + 1
            } else {
                t[i - 1][j].max(t[i][j - 1])
            };
        }
    }
    t
}

fn rouge_l(pred: &[String], refr: &[String]) -> f64 {
    if pred.is_empty() || refr.is_empty() {
        return 0.0;
    }
    let t = lcs_table(refr, pred);
    f1(
        t[refr.len()][pred.len()] as f64,
        pred.len() as f64,
        refr.len() as f64,
    )
}

/// Indices of `r` on one LCS path with `c`.
fn lcs_indices(r: &[String], c: &[String]) -> Vec<usize> {
    let t = lcs_table(r, c);
    let (mut i, mut j) = (r.len(), c.len());
    let mut out = Vec::new();
    while i > 0 && j > 0 {
        if r[i - 1] == c[j - 1] {
            out.push(i - 1);
            i -= 1;
            j -= 1;
        } else if t[i - 1][j] > t[i][j - 1] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    out
}

/// Summary-level ROUGE-L (ROUGE-Lsum, union LCS as in `rouge-score`).
fn rouge_lsum(pred: &[Vec<String>], refr: &[Vec<String>]) -> f64 {
    let m: usize = refr.iter().map(|s| s.len()).sum();
    let n: usize = pred.iter().map(|s| s.len()).sum();
    if m == 0 || n == 0 {
        return 0.0;
    }
    let mut cnt_r: HashMap<&str, i64> = HashMap::new();
    let mut cnt_c: HashMap<&str, i64> = HashMap::new();
    for s in refr {
        for t in s {
            *cnt_r.entry(t).or_insert(0) += 1;
        }
    }
    for s in pred {
        for t in s {
            *cnt_c.entry(t).or_insert(0) += 1;
        }
    }
    let mut hits = 0usize;
    for r in refr {
        let mut union: Vec<usize> = pred.iter().flat_map(|c| lcs_indices(r, c)).collect();
        union.sort_unstable();
        union.dedup();
        for i in union {
            let t = r[i].as_str();
            let (cr, cc) = (
                cnt_r.get(t).copied().unwrap_or(0),
                cnt_c.get(t).copied().unwrap_or(0),
            );
            if cr > 0 && cc > 0 {
                hits += 1;
                *cnt_r.get_mut(t).unwrap() -= 1;
                *cnt_c.get_mut(t).unwrap() -= 1;
            }
        }
    }
    f1(hits as f64, n as f64, m as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rouge_basics() {
        let t = |s: &str| tokens(s, true);
        assert_eq!(t("The Cats' running!"), ["the", "cat", "run"]);
        assert_eq!(tokens("Für die Straße", false), ["für", "die", "straße"]);
        let a = t("the cat sat on the mat");
        assert!((rouge_n(&a, &a, 1) - 1.0).abs() < 1e-9);
        assert!((rouge_l(&a, &a) - 1.0).abs() < 1e-9);
        let b = t("the cat was on the mat");
        assert!((rouge_n(&a, &b, 1) - 5.0 / 6.0).abs() < 1e-9);
        assert!((rouge_n(&a, &b, 2) - 3.0 / 5.0).abs() < 1e-9);
        let ls = rouge_lsum(std::slice::from_ref(&a), std::slice::from_ref(&b));
        assert!((ls - rouge_l(&a, &b)).abs() < 1e-9);
    }

    #[test]
    fn rouge_of_sentences_by_hand() {
        // summary "a b c" against reference "a b x" + "y": 2 of 3 summary unigrams hit, 2 of 4
        // reference unigrams: P = 2/3, R = 1/2, F1 = 4/7; one bigram "a b" of 2 and 2 (the
        // sentence-level bigram "x y" counts in the joined text): P = 1/2, R = 1/3, F1 = 2/5
        let r = rouge(&["A b c."], &["a b x", "y"], true);
        assert!((r.rouge1 - 4.0 / 7.0).abs() < 1e-12, "{r:?}");
        assert!((r.rouge2 - 0.4).abs() < 1e-12, "{r:?}");
        assert!((r.rouge_l - 4.0 / 7.0).abs() < 1e-12, "{r:?}");
        assert!((r.rouge_lsum - 4.0 / 7.0).abs() < 1e-12, "{r:?}");
        assert_eq!(rouge::<&str, &str>(&[], &["a"], false), Rouge::default());
        assert_eq!(Rouge::from_array(r.to_array()), r);
    }
}
