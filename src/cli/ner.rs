//! `nutgraf tag`, `nutgraf train ner|clusters` and `nutgraf eval ner`: arguments, files and
//! printing only. Evaluation is [`crate::eval::ner`], training [`crate::train::ner`] and
//! [`crate::train::clusters`]; no scoring or data assembly here.

use crate::error::{Error, Result};
use crate::eval::ner::{dev_scores, evaluate_ner, predictions_tsv, NerEvalOptions};
use crate::ner::clusters::ClusterOptions;
use crate::ner::conll;
use crate::ner::trainer::TrainDoc;
use crate::ner::{model_for, NerModel};
use crate::train::clusters::{train_clusters as learn_clusters, ClusterTrainConfig};
use crate::train::ner::{train_ner, NerTrainConfig};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The model to use (shared by `tag` and `eval ner`).
#[derive(clap::Args, Debug)]
pub struct ModelArgs {
    /// Language of the built-in model (`en`, `de`, `es`, `fr`, `nl`, `pt`, `pl`, `it`, `cs`, `sv`, `da`, `fi`, `nb`, `nn`).
    #[arg(long)]
    pub lang: String,
    /// Model file instead of the built-in model.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Text domain (`news`, `wiki`): models trained with wiki data use their wiki weights.
    #[arg(long, default_value = "news")]
    pub domain: String,
}

/// Arguments of `nutgraf train ner`.
#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    /// Language code of the model; selects the default recipe.
    #[arg(long)]
    pub lang: String,
    /// Where to write the model file.
    #[arg(long)]
    pub output: PathBuf,
    /// Training files (CoNLL style, tag in the last column). Default: the language's recipe.
    #[arg(long, num_args = 1..)]
    pub train: Vec<PathBuf>,
    /// Training files without a MISC class (their O tokens may be MISC).
    #[arg(long, num_args = 1..)]
    pub train_no_misc: Vec<PathBuf>,
    /// Wikipedia-style training files without MISC (latent MISC, wiki-domain features).
    #[arg(long, num_args = 1..)]
    pub train_wiki: Vec<PathBuf>,
    /// Training files of other domains: `NAME=PATH`, `NAME:no-misc=PATH` (no MISC class) or `NAME:misc-o=PATH` (MISC read as O); NAME: `wiki`, `parl`, `legal`, `smartdata`, `silver` or a language (`en`, `nl`, `es`, `nb`, `nn`, `da`, `sv`, `pl`, `cs`, `pt`, `fr`, `fi`, `it`).
    #[arg(long, num_args = 1..)]
    pub train_domain: Vec<String>,
    /// Dev file for early stopping (added to the default recipe's dev data).
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Text domain of the dev file (`news`, `wiki`).
    #[arg(long, default_value = "news")]
    pub dev_domain: String,
    /// The dev file has no MISC class.
    #[arg(long)]
    pub dev_no_misc: bool,
    /// Data folder of the default recipes.
    #[arg(long, default_value = "../shared/data")]
    pub data_dir: PathBuf,
    /// Maximum epochs per stage.
    #[arg(long, default_value_t = 20)]
    pub epochs: usize,
    /// Early-stopping patience in epochs.
    #[arg(long, default_value_t = 4)]
    pub patience: usize,
    /// Folds for jackknifing.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Train only the local first stage.
    #[arg(long)]
    pub no_stage2: bool,
    /// Do not harvest entity strings from the training data.
    #[arg(long)]
    pub no_harvest: bool,
    /// Do not use the country and first-name gazetteers.
    #[arg(long)]
    pub no_gazetteers: bool,
    /// Drop weights below this absolute value.
    #[arg(long, default_value_t = 0.0)]
    pub prune: f32,
    /// Drop features seen fewer times in training.
    #[arg(long, default_value_t = 1)]
    pub min_count: u32,
    /// Shuffling seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Word clusters file (from `nutgraf train clusters`) to use as features.
    #[arg(long)]
    pub clusters: Option<PathBuf>,
    /// Train each stage this many times with different seeds and average the weights.
    #[arg(long, default_value_t = 1)]
    pub seed_runs: usize,
    /// Wikipedia-style dev file without MISC, added to the dev set in the wiki domain.
    #[arg(long)]
    pub dev_wiki: Option<PathBuf>,
    /// Select the epochs on dev, then retrain on train + dev with them fixed.
    #[arg(long)]
    pub final_fit: bool,
    /// Wikipedia-style files without MISC added only to the final fit's training data.
    #[arg(long, num_args = 1.., requires = "final_fit")]
    pub final_train_wiki: Vec<PathBuf>,
    /// With `--final-fit`: also write the dev-selected model here.
    #[arg(long, requires = "final_fit")]
    pub selected_output: Option<PathBuf>,
    /// Labelled files whose entity strings join the gazetteer (not the training data).
    #[arg(long, num_args = 1..)]
    pub gazetteer_conll: Vec<PathBuf>,
    /// Feature set: `full`, `full-stems` (the full set plus stem features; fi, sv, da, cs), or `generic` / `generic-affixes` / `generic-names` / `generic-prefix` / `generic-heads` / `generic-prefix4` (language-independent: no casing dictionary, no lowercase word identities; for the multilingual model).
    #[arg(long, default_value = "full")]
    pub features: String,
    /// Transformer NER model folder that labels the --unlabeled texts as more training data (distillation; writes a model card too).
    #[arg(long, requires = "unlabeled")]
    pub teacher: Option<PathBuf>,
    /// Unlabeled texts for --teacher: JSONL (field `text`) or CSV (`.csv`, column `text`).
    #[arg(long, num_args = 1.., requires = "teacher")]
    pub unlabeled: Vec<PathBuf>,
}

/// Arguments of `nutgraf train clusters`.
#[derive(clap::Args, Debug)]
pub struct ClusterArgs {
    /// Language code; selects the unlabeled text of the default recipe.
    #[arg(long)]
    pub lang: String,
    /// Where to write the clusters file.
    #[arg(long)]
    pub output: PathBuf,
    /// Data folder of the default recipes.
    #[arg(long, default_value = "../shared/data")]
    pub data_dir: PathBuf,
    /// Minimum count of a clustered word (default: 3 for de, 2 for en).
    #[arg(long)]
    pub min_count: Option<u64>,
    /// Keep at most this many (most frequent) words.
    #[arg(long, default_value_t = 150_000)]
    pub max_words: usize,
    /// Number of most frequent words used as contexts.
    #[arg(long, default_value_t = 3000)]
    pub contexts: usize,
    /// SVD dimensions.
    #[arg(long, default_value_t = 100)]
    pub dim: usize,
    /// Clusters per level, finest first (4 levels).
    #[arg(long, value_delimiter = ',', default_value = "1024,256,64,16")]
    pub levels: Vec<u32>,
    /// k-means iterations.
    #[arg(long, default_value_t = 15)]
    pub iters: usize,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Build the clusters from a spaCy vectors folder (e.g. `_model/vocab`) instead of text.
    #[arg(long)]
    pub spacy_vocab: Option<PathBuf>,
}

/// Arguments of `nutgraf eval ner`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Labelled test file.
    #[arg(long)]
    pub test: PathBuf,
    /// Write `token<TAB>gold<TAB>predicted` lines here.
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// Map MISC to O in gold and predictions (WikiANN, Europeana).
    #[arg(long)]
    pub no_misc: bool,
    /// Also score what `analyze` returns (text in, document-level rules, byte spans).
    #[arg(long)]
    pub pipeline: bool,
}

/// Arguments of `nutgraf tag`.
#[derive(clap::Args, Debug)]
pub struct TagArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Input file, `-` for standard input.
    #[arg(default_value = "-")]
    pub input: String,
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| Error::io(path.display().to_string(), e))
}

pub fn train(a: TrainArgs) -> Result<i32> {
    let cfg = NerTrainConfig {
        train: a.train,
        train_no_misc: a.train_no_misc,
        train_wiki: a.train_wiki,
        train_domain: a.train_domain,
        dev: a.dev,
        dev_domain: a.dev_domain,
        dev_no_misc: a.dev_no_misc,
        dev_wiki: a.dev_wiki,
        epochs: a.epochs,
        patience: a.patience,
        folds: a.folds,
        stage2: !a.no_stage2,
        harvest: !a.no_harvest,
        gazetteers: !a.no_gazetteers,
        prune: a.prune,
        min_count: a.min_count,
        seed: a.seed,
        clusters: a.clusters,
        seed_runs: a.seed_runs,
        final_fit: a.final_fit,
        final_train_wiki: a.final_train_wiki,
        gazetteer_conll: a.gazetteer_conll,
        features: a.features,
        teacher: a.teacher,
        unlabeled: a.unlabeled,
        ..NerTrainConfig::new(&a.lang, &a.data_dir)
    };
    let t = train_ner(&cfg, &|s: &str| eprintln!("{s}"))?;
    if let Some((selected, sel)) = &t.selected {
        let (e, f) = (sel.epochs, sel.dev_f1);
        eprintln!(
            "dev-selected run: stage 1 epoch {} (dev F1 {:.2}), stage 2 epoch {} (dev F1 {:.2})",
            e[0], f[0], e[1], f[1]
        );
        if let Some(p) = &a.selected_output {
            write(p, &selected.to_bytes()?)?;
            eprintln!("wrote the dev-selected model to {}", p.display());
        }
        report_dev(selected, &t.dev_docs, "dev-selected model")?;
    }
    let command: Vec<String> = std::env::args().collect();
    eprintln!("{}", t.save(&a.output, &command.join(" "))?);
    if t.selected.is_some() {
        eprintln!("(the final model was trained on the dev data: no dev score)");
    } else if !t.dev_docs.is_empty() {
        report_dev(&t.model, &t.dev_docs, "saved model")?;
    }
    Ok(0)
}

fn report_dev(model: &NerModel, dev_docs: &[TrainDoc], what: &str) -> Result<()> {
    for (name, sc) in dev_scores(model, dev_docs)? {
        eprintln!("{what} on dev ({name}):\n{sc}");
    }
    Ok(())
}

pub fn eval(a: EvalArgs) -> Result<i32> {
    let m = &a.model;
    let model = model_for(&m.lang, m.model.as_deref(), &m.domain)?;
    let docs = TrainDoc::read(&a.test, false)?;
    let opts = NerEvalOptions {
        no_misc: a.no_misc,
        pipeline: a.pipeline,
        ..NerEvalOptions::new(&m.lang)
    };
    let report = evaluate_ner(&model, &docs, &opts)?;
    if let Some(p) = &a.predictions {
        write(p, predictions_tsv(&docs, &report.predictions).as_bytes())?;
    }
    let mut out = std::io::stdout().lock();
    // A closed pipe (e.g. `| head`) is not an error worth a panic.
    let _ = writeln!(out, "{}", report.scores);
    let (tokens, secs) = (report.scores.tokens, report.seconds);
    eprintln!("tagged {tokens} tokens in {secs:.2}s");
    if let Some(p) = &report.pipeline {
        let _ = writeln!(out, "{p}");
        if p.changed > 0 {
            let (n, all) = (p.changed, p.changed + p.docs);
            eprintln!("pipeline: {n} of {all} documents left out (text changed by preparation)");
        }
    }
    Ok(0)
}

pub fn tag(a: TagArgs) -> Result<i32> {
    let m = &a.model;
    let model = model_for(&m.lang, m.model.as_deref(), &m.domain)?;
    let mut bytes = Vec::new();
    if a.input == "-" {
        let stdin = std::io::stdin().read_to_end(&mut bytes);
        stdin.map_err(|e| Error::io("stdin", e))?;
    } else {
        bytes = std::fs::read(&a.input).map_err(|e| Error::io(&a.input, e))?;
    }
    let items = conll::read_items(&conll::utf8(&bytes, &a.input)?);
    let tags = conll::tag_items(&model, &items);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    conll::write_tagged(&mut out, &items, &tags)
        .and_then(|_| out.flush())
        .map_err(|e| Error::io("stdout", e))?;
    Ok(0)
}

pub fn train_clusters(a: ClusterArgs) -> Result<i32> {
    let t0 = std::time::Instant::now();
    let mut options = ClusterOptions::default();
    (options.max_words, options.contexts, options.dim) = (a.max_words, a.contexts, a.dim);
    (options.levels, options.iters, options.seed) = (a.levels, a.iters, a.seed);
    let cfg = ClusterTrainConfig {
        language: a.lang,
        data_dir: a.data_dir,
        min_count: a.min_count,
        options,
        spacy_vocab: a.spacy_vocab,
    };
    let cl = learn_clusters(&cfg, &|s: &str| eprintln!("{s}"))?;
    let bytes = cl.to_bytes()?;
    write(&a.output, &bytes)?;
    let (out, n, levels) = (a.output.display(), cl.len(), cl.levels());
    let (secs, size) = (t0.elapsed().as_secs_f64(), bytes.len());
    match cfg.spacy_vocab {
        Some(_) => eprintln!("wrote {out} ({n} words, levels {levels:?}) in {secs:.1}s"),
        None => eprintln!("wrote {out} ({size} bytes, {n} words) in {secs:.1}s total"),
    }
    Ok(0)
}
