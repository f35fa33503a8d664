//! Training driver of word clusters: the unlabeled text of each language's cluster recipe
//! (read through [`crate::datasets`]), or a spaCy vectors folder, then the cluster learner.
//! Reads data files; writes no clusters file and prints nothing (progress goes to `log`).

use crate::datasets::{self, read_text};
use crate::error::{Error, Result};
use crate::ner::clusters::{self, ClusterOptions, Clusters, Corpus};
use crate::ner::conll;
use crate::ner::recipes::{self, TextFormat};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What to learn clusters from and how (the options of `nutgraf train clusters`).
#[derive(Clone, Debug)]
pub struct ClusterTrainConfig {
    /// Language code; selects the unlabeled text of the default recipe.
    pub language: String,
    /// Data folder of the default recipes.
    pub data_dir: PathBuf,
    /// Minimum count of a clustered word (default: 2 for en, 3 otherwise).
    pub min_count: Option<u64>,
    /// The learner's settings (`min_count` there is replaced by the one above).
    pub options: ClusterOptions,
    /// Build the clusters from this spaCy vectors folder instead of text.
    pub spacy_vocab: Option<PathBuf>,
}

/// Adds the tokens of a CoNLL-style file (labels ignored); `keep` filters sentences by
/// their index within the document.
fn add_conll(c: &mut Corpus, path: &Path, keep: &dyn Fn(usize) -> bool) -> Result<usize> {
    let before = c.num_tokens();
    for d in conll::read_labeled(&read_text(path)?, &path.display().to_string())? {
        for (i, s) in d.iter().enumerate() {
            if keep(i) {
                c.add_sentence(s.tokens.iter().map(String::as_str));
            }
        }
    }
    Ok(c.num_tokens() - before)
}

/// Adds raw texts: every non-empty line is tokenized as one sentence. Returns the tokens
/// added.
fn add_texts<'a>(c: &mut Corpus, texts: impl IntoIterator<Item = &'a str>, lang: &str) -> usize {
    let before = c.num_tokens();
    for line in texts.into_iter().flat_map(str::lines) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let spans = crate::text::tokenize_lang(line, lang);
        c.add_sentence(spans.iter().map(|s| &line[s.start..s.end]));
    }
    c.num_tokens() - before
}

/// Adds the `text` column of a SIB-200 TSV file.
fn add_sib(c: &mut Corpus, path: &Path, lang: &str) -> Result<usize> {
    let text = read_text(path)?;
    let texts = text
        .lines()
        .skip(1)
        .filter_map(|l| l.splitn(3, '\t').nth(2));
    Ok(add_texts(c, texts, lang))
}

/// The unlabeled text of a language's cluster recipe (never a test split, never the
/// held-out GermEval dev part). Returns the corpus and a description.
pub fn cluster_corpus(lang: &str, dir: &Path) -> Result<(Corpus, String)> {
    let mut c = Corpus::default();
    let mut parts = Vec::new();
    let all = |_: usize| true;
    match lang {
        "de" => {
            let kl = datasets::klexikon(dir, "train")?;
            let texts = kl.iter().flat_map(|d| [&d.wiki_text, &d.klexikon_text]);
            let n = add_texts(&mut c, texts.map(String::as_str), "de");
            parts.push(format!("Klexikon train wiki+klexikon texts (CC BY-SA) {n}"));
            // Same split as the NER recipe: every 5th sentence of a document is held out.
            let ge = dir.join("germeval2014/normalized/dev.tsv");
            let n = add_conll(&mut c, &ge, &|i| i % 5 != 4)?;
            parts.push(format!("GermEval 2014 dev 4/5 (CC BY 4.0) {n}"));
            for (p, name) in [
                (
                    "conll2003-de/normalized/dev.tsv",
                    "CoNLL-2003 de dev (restricted)",
                ),
                (
                    "smartdata-corpus/normalized/train.tsv",
                    "SmartData train (CC BY 4.0)",
                ),
                (
                    "german-ler/normalized/train.tsv.gz",
                    "German LER train (CC BY 4.0)",
                ),
                (
                    "wikiann/normalized/de/train.tsv",
                    "WikiANN de train (unclear)",
                ),
            ] {
                let n = add_conll(&mut c, &dir.join(p), &all)?;
                parts.push(format!("{name} {n}"));
            }
            let n = add_sib(&mut c, &dir.join("sib200/deu_Latn/train.tsv"), "de")?;
            parts.push(format!("SIB-200 deu train (CC BY-SA 4.0) {n}"));
        }
        "en" => {
            let n = add_conll(&mut c, &dir.join("conll2003-en/original/eng.train"), &all)?;
            parts.push(format!("CoNLL-2003 en train (restricted) {n}"));
            let ids: HashSet<String> = datasets::bbc_split(dir)?.0.into_iter().collect();
            let bbc = datasets::bbc(dir)?;
            let train = bbc.iter().filter(|d| ids.contains(&d.id));
            let texts = train.flat_map(|d| [d.title.as_str(), d.text.as_str()]);
            let n = add_texts(&mut c, texts, "en");
            let what = format!("BBC News train split ({} ids, non-commercial)", ids.len());
            parts.push(format!("{what} {n}"));
            let n = add_conll(&mut c, &dir.join("wikiann/normalized/en/train.tsv"), &all)?;
            parts.push(format!("WikiANN en train (unclear) {n}"));
            let n = add_sib(&mut c, &dir.join("sib200/eng_Latn/train.tsv"), "en")?;
            parts.push(format!("SIB-200 eng train (CC BY-SA 4.0) {n}"));
        }
        _ => {
            let r = recipes::recipe(lang).ok_or_else(|| {
                Error::UnsupportedLanguage(format!("no cluster recipe for {lang:?}"))
            })?;
            for f in r.cluster_text {
                let p = dir.join(f.path);
                let n = match f.format {
                    TextFormat::Conll => add_conll(&mut c, &p, &all)?,
                    TextFormat::Sib200 => add_sib(&mut c, &p, lang)?,
                    TextFormat::ConllHeldOut(k) => add_conll(&mut c, &p, &|i| i % k != k - 1)?,
                };
                parts.push(format!("{} {n}", f.what));
            }
        }
    }
    Ok((c, format!("unlabeled text (tokens): {}", parts.join("; "))))
}

/// Learns word clusters as `cfg` says: from the spaCy vectors folder when one is given,
/// else from the unlabeled text of the language's recipe.
pub fn train_clusters(cfg: &ClusterTrainConfig, log: &(dyn Fn(&str) + Sync)) -> Result<Clusters> {
    let t0 = std::time::Instant::now();
    let lang = &cfg.language;
    if let Some(v) = &cfg.spacy_vocab {
        let opts = &cfg.options;
        let desc = format!(
            "spaCy vectors from {} (word -> vector row; rows clustered by nested spherical \
             k-means {:?}), max words {}, seed {}",
            v.display(),
            &opts.levels[..3],
            opts.max_words,
            opts.seed
        );
        return clusters::from_spacy_vectors(v, opts, lang, &desc, log);
    }
    let (corpus, text_desc) = cluster_corpus(lang, &cfg.data_dir)?;
    log(&format!(
        "read {} sentences, {} tokens in {:.1}s; {text_desc}",
        corpus.num_sentences(),
        corpus.num_tokens(),
        t0.elapsed().as_secs_f64()
    ));
    let opts = ClusterOptions {
        min_count: cfg.min_count.unwrap_or(if lang == "en" { 2 } else { 3 }),
        ..cfg.options.clone()
    };
    let desc = format!(
        "{text_desc}; PPMI context vectors (offsets -2..2, {} context words), randomized SVD \
         {} dims, nested spherical k-means {:?}, min count {}, max words {}, seed {}",
        opts.contexts, opts.dim, opts.levels, opts.min_count, opts.max_words, opts.seed
    );
    clusters::train(&corpus, &opts, lang, &desc, log)
}
