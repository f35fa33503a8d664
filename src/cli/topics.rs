//! `nutgraf train topics` and `nutgraf eval topics`: arguments, files and printing; the work is
//! in `crate::train::topics` and `crate::eval::topics`.

use crate::error::{Error, Result};
use crate::eval::topics as eval_topics;
use crate::topics::{KeywordOptions, TopicModel, TrainOptions};
use crate::train::topics as train_topics;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `nutgraf train topics`.
#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    /// Folder with the shared datasets (default recipe).
    #[arg(long, default_value = "../shared/data")]
    pub data_dir: PathBuf,
    /// Train a custom model from this JSON Lines file instead of the default recipe.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Build a keyword-seeded model from this JSON file: `{"label": ["seed term", ...], ...}`.
    #[arg(long, conflicts_with = "data")]
    pub keywords: Option<PathBuf>,
    /// Keyword model: weight of the built-in model's knowledge (0 = seed terms only).
    #[arg(long, requires = "keywords")]
    pub transfer_weight: Option<f32>,
    /// Keyword model: weight of the direct seed-term match.
    #[arg(long, requires = "keywords")]
    pub lexical_weight: Option<f32>,
    /// Keyword model: add up to N words of each seed word's word cluster (de/en).
    #[arg(long, requires = "keywords")]
    pub expansion: Option<usize>,
    /// Keyword model: refine it on the seed model's most confident labels of these texts (JSONL).
    #[arg(long, requires = "keywords")]
    pub unlabeled: Option<PathBuf>,
    /// With `--unlabeled`: the fraction of the texts each label wins that is used.
    #[arg(long, default_value_t = 0.5, requires = "unlabeled")]
    pub keep: f32,
    /// Field holding the text (custom data).
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// Field holding the label(s): a string or a list of strings (custom data).
    #[arg(long, default_value = "labels")]
    pub labels_field: String,
    /// Where to write the model file.
    #[arg(long, short)]
    pub output: PathBuf,
    /// Training epochs.
    #[arg(long)]
    pub epochs: Option<usize>,
    /// AdaGrad learning rate.
    #[arg(long)]
    pub lr: Option<f32>,
    /// Hash bits (feature space 2^bits).
    #[arg(long)]
    pub bits: Option<u32>,
    /// Class-balance exponent (0 = off).
    #[arg(long)]
    pub class_balance: Option<f32>,
    /// L2 penalty.
    #[arg(long)]
    pub l2: Option<f32>,
    /// Do not average the weights over the last epochs.
    #[arg(long)]
    pub no_average: bool,
    /// Weight of the word-feature group.
    #[arg(long)]
    pub word_weight: Option<f32>,
    /// Weight of the character-n-gram group.
    #[arg(long)]
    pub char_weight: Option<f32>,
    /// Every label needs at least this many examples (custom data).
    #[arg(long)]
    pub min_examples: Option<usize>,
    /// Use only the first N bytes of each text (0 = all).
    #[arg(long)]
    pub max_chars: Option<usize>,
    /// Value of the text-length feature (0 = off).
    #[arg(long)]
    pub length_weight: Option<f32>,
    /// Shortest character n-gram.
    #[arg(long)]
    pub char_min: Option<usize>,
    /// Default recipe: no unknown labels (e.g. SIB-200 politics is a negative of international).
    #[arg(long)]
    pub no_unknown_labels: bool,
    /// Longest character n-gram (0 = no character n-grams).
    #[arg(long)]
    pub char_max: Option<usize>,
    /// Training loss: `logistic` (default) or `squared-hinge`.
    #[arg(long)]
    pub loss: Option<String>,
    /// Default recipe: weigh a source (bbc, sib200, 10kgnad, agnews) up or down (repeatable).
    #[arg(long, value_name = "SOURCE=WEIGHT")]
    pub source_weight: Vec<String>,
    /// Word-cluster features from a cluster file at a level (0 = finest), e.g. `clusters-en.ngm:1`.
    #[arg(long, value_name = "PATH:LEVEL")]
    pub clusters: Vec<String>,
    /// Weight of the word-cluster feature group (with `--clusters`).
    #[arg(long, default_value_t = 0.5)]
    pub cluster_weight: f32,
    /// Default recipe: balance the labels within each source instead of over the pooled data.
    #[arg(long)]
    pub per_source_balance: bool,
}

/// Arguments of `nutgraf eval topics`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// bbc | sib200-LANG (e.g. sib200-deu) | sib200-all | 10kgnad | agnews
    #[arg(long, required_unless_present = "text")]
    pub dataset: Option<String>,
    /// Instead of a dataset, print the topics of this text (or of the file `@PATH`).
    #[arg(long)]
    pub text: Option<String>,
    /// Model file (default: the built-in model).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Folder with the shared datasets.
    #[arg(long, default_value = "../shared/data")]
    pub data_dir: PathBuf,
    /// Split: `test` (10kgnad/agnews: the held-out half), `dev`, or `all` (the whole file).
    #[arg(long, default_value = "test")]
    pub split: String,
    /// Write one JSON line per example (id, gold, predicted, topics).
    #[arg(long)]
    pub predictions: Option<PathBuf>,
}

fn options(a: &TrainArgs) -> Result<TrainOptions> {
    let mut o = TrainOptions::default();
    if let Some(l) = &a.loss {
        o.loss = l.parse()?;
    }
    let f = &mut o.features;
    a.bits.inspect(|&v| f.bits = v);
    a.word_weight.inspect(|&v| f.word_weight = v);
    a.char_weight.inspect(|&v| f.char_weight = v);
    a.max_chars.inspect(|&v| f.max_chars = v);
    a.length_weight.inspect(|&v| f.length_weight = v);
    a.char_min.inspect(|&v| f.char_min = v);
    a.char_max.inspect(|&v| f.char_max = v);
    if !a.clusters.is_empty() {
        let c = train_topics::load_clusters(&a.clusters, a.cluster_weight)?;
        f.clusters = Some(std::sync::Arc::new(c));
    }
    a.epochs.inspect(|&v| o.epochs = v);
    a.lr.inspect(|&v| o.learning_rate = v);
    a.class_balance.inspect(|&v| o.class_balance = v);
    a.l2.inspect(|&v| o.l2 = v);
    a.min_examples.inspect(|&v| o.min_examples_per_label = v);
    o.average &= !a.no_average;
    Ok(o)
}

pub fn train(a: TrainArgs) -> Result<i32> {
    let opts = options(&a)?;
    let source_weights = train_topics::parse_source_weights(&a.source_weight)?;
    if (a.data.is_some() || a.keywords.is_some())
        && (!source_weights.is_empty() || a.per_source_balance)
    {
        return Err(Error::Config(
            "--source-weight and --per-source-balance apply to the default recipe only".into(),
        ));
    }
    let t0 = Instant::now();
    let model = if let Some(path) = &a.keywords {
        let mut o = KeywordOptions::default();
        a.transfer_weight.inspect(|&v| o.transfer_weight = v);
        a.lexical_weight.inspect(|&v| o.lexical_weight = v);
        a.expansion.inspect(|&v| o.expansion = v);
        let unlabeled = a.unlabeled.as_deref().map(|u| (u, a.text_field.as_str()));
        train_topics::train_keywords(path, unlabeled, &o, a.keep, &opts)?
    } else if let Some(path) = &a.data {
        train_topics::train_jsonl(path, &a.text_field, &a.labels_field, &opts)?
    } else {
        let recipe = train_topics::RecipeOptions {
            train: opts,
            source_weights,
            per_source_balance: a.per_source_balance,
            mask_unknown: !a.no_unknown_labels,
        };
        let m = train_topics::train_builtin(&a.data_dir, &recipe, |n, d| {
            eprintln!("default recipe: {n} training, {d} calibration examples")
        })?;
        let devs = train_topics::dev_reports(&m, &a.data_dir)?;
        for (name, r) in train_topics::DEV_SETS.iter().zip(devs) {
            let (n, acc, f1) = (r.n, 100.0 * r.accuracy, 100.0 * r.macro_f1);
            eprintln!("dev {name:<12} n={n:<5} acc={acc:.2}% macro-F1={f1:.2}%");
        }
        m
    };
    eprintln!("trained in {:.1}s", t0.elapsed().as_secs_f64());
    let length = model.length_calibration();
    eprintln!(
        "length calibration: scale {} words, shape {} (scale 0: none)",
        length.scale, length.shape
    );
    model.save(&a.output)?;
    let size = std::fs::metadata(&a.output)
        .map_err(|e| Error::io(a.output.display().to_string(), e))?
        .len();
    eprintln!("wrote {} ({} bytes)", a.output.display(), size);
    Ok(0)
}

pub fn eval(a: EvalArgs) -> Result<i32> {
    let model = match &a.model {
        Some(p) => std::sync::Arc::new(TopicModel::load(p)?),
        None => crate::topics::builtin()?,
    };
    if let Some(t) = &a.text {
        let t = match t.strip_prefix('@') {
            Some(p) => std::fs::read_to_string(p).map_err(|e| Error::io(p.to_string(), e))?,
            None => t.clone(),
        };
        for s in model.predict(&t) {
            println!("{:<22} {:.4}", s.label, s.score);
        }
        return Ok(0);
    }
    let dataset = a.dataset.as_deref().unwrap_or_default();
    let set = eval_topics::load_eval_set(&a.data_dir, dataset, &a.split)?;
    let report = eval_topics::evaluate(&model, &set);
    print!("{report}");
    if let Some(p) = &a.predictions {
        crate::datasets::write_jsonl(p, &report.prediction_records(&set))?;
    }
    Ok(0)
}
