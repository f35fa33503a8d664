//! `nutgraf train topics` and `nutgraf eval topics`.

use crate::datasets::{self as data, Labelled};
use crate::error::{Error, Result};
use crate::ner::clusters::Clusters;
use crate::topics::features::WordClusters;
use crate::topics::taxonomy::{DatasetMap, LABELS};
use crate::topics::{Sample, TopicModel, TrainOptions};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
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
    /// Build a keyword-seeded model (no training data) from this JSON file:
    /// `{"label": ["seed term", ...], ...}`.
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
    /// Keyword model: refine it on these unlabeled texts (JSON Lines, `--text-field`): the
    /// seed model labels them and a model is trained on its most confident choices.
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
    /// Default recipe: train every taxonomy label as a negative of every other dataset label,
    /// even where the dataset cannot tell them apart (e.g. SIB-200 politics vs international).
    #[arg(long)]
    pub no_unknown_labels: bool,
    /// Longest character n-gram (0 = no character n-grams).
    #[arg(long)]
    pub char_max: Option<usize>,
    /// Training loss: `logistic` (default) or `squared-hinge`.
    #[arg(long)]
    pub loss: Option<String>,
    /// Default recipe: multiply the example weights of one source, `SOURCE=WEIGHT` with SOURCE
    /// one of bbc, sib200, 10kgnad, agnews (repeatable).
    #[arg(long, value_name = "SOURCE=WEIGHT")]
    pub source_weight: Vec<String>,
    /// Add word-cluster features from a cluster file at one of its levels, `PATH:LEVEL`
    /// (e.g. `models/clusters-en.ngm:1`; level 0 = finest; repeatable, one per language).
    #[arg(long, value_name = "PATH:LEVEL")]
    pub clusters: Vec<String>,
    /// Weight of the word-cluster feature group (with `--clusters`).
    #[arg(long, default_value_t = 0.5)]
    pub cluster_weight: f32,
    /// Default recipe: balance the labels within each source (exponent `--class-balance`)
    /// instead of over the pooled data.
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
    /// Split: `test` (default; for 10kgnad/agnews the held-out half), `dev`, or `all`
    /// (10kgnad/agnews: the whole file, including the half the built-in model was trained on).
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
    if let Some(e) = a.epochs {
        o.epochs = e;
    }
    if let Some(l) = a.lr {
        o.learning_rate = l;
    }
    if let Some(b) = a.bits {
        o.features.bits = b;
    }
    if let Some(c) = a.class_balance {
        o.class_balance = c;
    }
    if let Some(l) = a.l2 {
        o.l2 = l;
    }
    if a.no_average {
        o.average = false;
    }
    if let Some(w) = a.word_weight {
        o.features.word_weight = w;
    }
    if let Some(w) = a.char_weight {
        o.features.char_weight = w;
    }
    if let Some(m) = a.min_examples {
        o.min_examples_per_label = m;
    }
    if let Some(m) = a.max_chars {
        o.features.max_chars = m;
    }
    if let Some(w) = a.length_weight {
        o.features.length_weight = w;
    }
    if let Some(c) = a.char_min {
        o.features.char_min = c;
    }
    if let Some(c) = a.char_max {
        o.features.char_max = c;
    }
    if !a.clusters.is_empty() {
        o.features.clusters = Some(std::sync::Arc::new(load_clusters(
            &a.clusters,
            a.cluster_weight,
        )?));
    }
    Ok(o)
}

/// Builds the word-cluster feature map from `PATH:LEVEL` arguments: each file's words with
/// their cluster at that level; the ids of later files are shifted past the earlier ones'.
pub fn load_clusters(args: &[String], weight: f32) -> Result<WordClusters> {
    if !(weight.is_finite() && weight > 0.0) {
        return Err(Error::Config(format!(
            "--cluster-weight {weight}: must be positive"
        )));
    }
    let mut pairs: Vec<(String, u16)> = Vec::new();
    let mut offset = 0u32;
    for a in args {
        let (path, level) = a
            .rsplit_once(':')
            .and_then(|(p, l)| Some((p, l.parse::<usize>().ok()?)))
            .ok_or_else(|| Error::Config(format!("--clusters {a:?}: expected PATH:LEVEL")))?;
        let c = Clusters::load(Path::new(path))?;
        let n = c.levels().get(level).copied().ok_or_else(|| {
            Error::Config(format!(
                "--clusters {a:?}: the file has levels 0..{}",
                c.levels().len()
            ))
        })?;
        if offset + n > u16::MAX as u32 {
            return Err(Error::Config("--clusters: too many clusters in all".into()));
        }
        let d = c.data();
        let per = d.ids.len() / d.words.len().max(1);
        for (w, ids) in d.words.iter().zip(d.ids.chunks_exact(per.max(1))) {
            if let Some(&id) = ids.get(level) {
                pairs.push((w.clone(), (offset + id as u32) as u16));
            }
        }
        offset += n;
    }
    Ok(WordClusters::new(
        pairs.iter().map(|(w, id)| (w.as_str(), *id)),
        weight,
    ))
}

/// The source of the default recipe that a `--source-weight` name means.
fn source_of(name: &str) -> Result<DatasetMap> {
    Ok(match name {
        "bbc" => DatasetMap::Bbc,
        "sib200" => DatasetMap::Sib200,
        "10kgnad" => DatasetMap::Gnad,
        "agnews" => DatasetMap::AgNews,
        _ => {
            return Err(Error::Config(format!(
                "unknown source {name:?} (bbc, sib200, 10kgnad, agnews)"
            )))
        }
    })
}

/// Parses `SOURCE=WEIGHT` arguments.
fn parse_source_weights(args: &[String]) -> Result<Vec<(DatasetMap, f32)>> {
    args.iter()
        .map(|a| {
            let (name, w) = a.split_once('=').ok_or_else(|| {
                Error::Config(format!("--source-weight {a:?}: expected SOURCE=WEIGHT"))
            })?;
            let w: f32 = w
                .trim()
                .parse()
                .ok()
                .filter(|w: &f32| w.is_finite() && *w >= 0.0)
                .ok_or_else(|| {
                    Error::Config(format!(
                        "--source-weight {a:?}: the weight must be a non-negative number"
                    ))
                })?;
            Ok((source_of(name.trim())?, w))
        })
        .collect()
}

/// Sets the example weights of the default recipe's training samples (`pairs[i]` is the
/// source of `samples[i]`): with `balance` = `Some(e)`, each example of label `l` in source `s`
/// gets `(N_s / (L_s · count_s(l)))^e` (N_s examples and L_s labels in the source), then every
/// example of a source listed in `source_weights` is multiplied by its weight.
fn weight_samples(
    pairs: &[(DatasetMap, Labelled)],
    samples: &mut [Sample],
    source_weights: &[(DatasetMap, f32)],
    balance: Option<f32>,
) {
    if let Some(e) = balance {
        let mut counts: BTreeMap<(u8, &str), f32> = BTreeMap::new();
        for ((m, _), s) in pairs.iter().zip(samples.iter()) {
            *counts.entry((*m as u8, s.labels[0].as_str())).or_default() += 1.0;
        }
        let mut per_source: BTreeMap<u8, (f32, f32)> = BTreeMap::new(); // examples, labels
        for (&(m, _), &c) in &counts {
            let t = per_source.entry(m).or_default();
            t.0 += c;
            t.1 += 1.0;
        }
        let w: Vec<f32> = pairs
            .iter()
            .zip(samples.iter())
            .map(|((m, _), s)| {
                let (n, l) = per_source[&(*m as u8)];
                let c = counts[&(*m as u8, s.labels[0].as_str())];
                (n / (l * c)).powf(e)
            })
            .collect();
        for (s, w) in samples.iter_mut().zip(w) {
            s.weight *= w;
        }
    }
    for ((m, _), s) in pairs.iter().zip(samples.iter_mut()) {
        if let Some((_, w)) = source_weights.iter().find(|(d, _)| d == m) {
            s.weight *= w;
        }
    }
}

/// The text field of every line of a JSON Lines file.
fn read_texts(path: &Path, field: &str) -> Result<Vec<String>> {
    let rows: Vec<serde_json::Value> = data::read_jsonl(path)?;
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            r.get(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .ok_or_else(|| {
                    Error::Data(format!(
                        "{}:{}: no string field {field:?}",
                        path.display(),
                        i + 1
                    ))
                })
        })
        .collect()
}

/// Reads `{"label": ["term", ...], ...}` (labels in file order are sorted by name).
pub fn read_keywords(path: &Path) -> Result<Vec<(String, Vec<String>)>> {
    let s = std::fs::read_to_string(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    let v: serde_json::Value = serde_json::from_str(&s)
        .map_err(|e| Error::Data(format!("{}: bad JSON: {e}", path.display())))?;
    let obj = v.as_object().ok_or_else(|| {
        Error::Data(format!(
            "{}: expected an object {{\"label\": [\"term\", ...]}}",
            path.display()
        ))
    })?;
    obj.iter()
        .map(|(label, terms)| {
            let bad = || {
                Error::Data(format!(
                    "{}: label {label:?}: seed terms must be a string or a list of strings",
                    path.display()
                ))
            };
            let terms = match terms {
                serde_json::Value::String(s) => vec![s.clone()],
                serde_json::Value::Array(a) => a
                    .iter()
                    .map(|t| t.as_str().map(str::to_string).ok_or_else(bad))
                    .collect::<Result<Vec<_>>>()?,
                _ => return Err(bad()),
            };
            Ok((label.clone(), terms))
        })
        .collect()
}

/// A labelled evaluation set with its dataset map.
pub struct EvalSet {
    pub name: String,
    pub map: DatasetMap,
    pub items: Vec<Labelled>,
}

/// Loads the items of one dataset split. `split`: train | dev | test | all.
pub fn load_eval_set(data: &Path, dataset: &str, split: &str) -> Result<EvalSet> {
    let bad_split = || Error::Config(format!("unknown split {split:?} for {dataset}"));
    let (map, items) = if dataset == "bbc" {
        let docs = data::bbc(data)?;
        let (train, test) = data::bbc_split(data)?;
        let ids: Vec<String> = match split {
            "test" => test,
            // the built-in recipe's calibration part of the training ids
            "dev" => train.into_iter().skip(9).step_by(10).collect(),
            "train" => train
                .into_iter()
                .enumerate()
                .filter(|(i, _)| i % 10 != 9)
                .map(|x| x.1)
                .collect(),
            "all" => docs.iter().map(|d| d.id.clone()).collect(),
            _ => return Err(bad_split()),
        };
        let by_id: BTreeMap<&str, &data::BbcDoc> =
            docs.iter().map(|d| (d.id.as_str(), d)).collect();
        let mut items = Vec::new();
        for id in ids {
            let d = by_id
                .get(id.as_str())
                .ok_or_else(|| Error::Data(format!("BBC split id {id} not in the data")))?;
            items.push(Labelled {
                id: d.id.clone(),
                label: d.category.clone(),
                text: format!("{}\n\n{}", d.title, d.text),
            });
        }
        (DatasetMap::Bbc, items)
    } else if let Some(lang) = dataset.strip_prefix("sib200-") {
        let s = match split {
            "all" => return Err(bad_split()),
            s => s,
        };
        let langs: Vec<&str> = if lang == "all" {
            data::SIB_LANGS.to_vec()
        } else {
            vec![lang]
        };
        let mut items = Vec::new();
        for l in langs {
            items.extend(data::sib200(data, l, s)?);
        }
        (DatasetMap::Sib200, items)
    } else if dataset == "10kgnad" || dataset == "agnews" {
        let (map, all) = if dataset == "10kgnad" {
            (DatasetMap::Gnad, data::gnad(data)?)
        } else {
            (DatasetMap::AgNews, data::agnews(data)?)
        };
        let half = data::train_half(&all);
        let train_part = |keep_dev: bool| -> Vec<Labelled> {
            all.iter()
                .zip(&half)
                .filter(|(_, &h)| h)
                .enumerate()
                .filter(|(i, _)| (i % 10 == 9) == keep_dev)
                .map(|(_, (x, _))| x.clone())
                .collect()
        };
        let items = match split {
            "test" => all
                .iter()
                .zip(&half)
                .filter(|(_, &h)| !h)
                .map(|(x, _)| x.clone())
                .collect(),
            "train" => train_part(false),
            "dev" => train_part(true),
            "all" => all,
            _ => return Err(bad_split()),
        };
        (map, items)
    } else {
        return Err(Error::Config(format!(
            "unknown dataset {dataset:?} (bbc, sib200-LANG, sib200-all, 10kgnad, agnews)"
        )));
    };
    Ok(EvalSet {
        name: format!("{dataset}/{split}"),
        map,
        items,
    })
}

/// Accuracy, macro-F1 and per-class F1 of the top label.
pub struct Scores {
    pub n: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub per_class: Vec<(String, f64, usize)>,
    pub predicted: Vec<Option<&'static str>>,
}

/// Scores a model on an evaluation set.
pub fn score(model: &TopicModel, set: &EvalSet) -> (Scores, ndarray::Array2<f32>) {
    let texts: Vec<&str> = set.items.iter().map(|x| x.text.as_str()).collect();
    let z = model.log_odds_batch(&texts);
    let m = z.mapv(crate::topics::model::sigmoid);
    let labels = model.labels();
    let mut predicted = Vec::with_capacity(texts.len());
    let mut classes: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new(); // tp, fp, fn
    let mut correct = 0;
    for (i, x) in set.items.iter().enumerate() {
        let row = z.row(i); // log-odds: no ties where probabilities round to 1.0
        let best = (0..labels.len())
            .max_by(|&a, &b| row[a].total_cmp(&row[b]))
            .unwrap_or(0);
        let pred = set.map.from_taxonomy(&labels[best]);
        let gold = set.map.eval_class(&x.label);
        predicted.push(pred);
        if pred == Some(gold.as_str()) {
            correct += 1;
            classes.entry(gold).or_default().0 += 1;
        } else {
            classes.entry(gold).or_default().2 += 1;
            if let Some(p) = pred {
                classes.entry(p.to_string()).or_default().1 += 1;
            }
        }
    }
    let mut per_class = Vec::new();
    for (c, &(tp, fp, fnn)) in &classes {
        if tp + fnn == 0 {
            continue; // not a gold class of this set
        }
        let f1 = if tp == 0 {
            0.0
        } else {
            2.0 * tp as f64 / (2 * tp + fp + fnn) as f64
        };
        per_class.push((c.clone(), f1, tp + fnn));
    }
    let macro_f1 = per_class.iter().map(|x| x.1).sum::<f64>() / per_class.len().max(1) as f64;
    let n = set.items.len();
    (
        Scores {
            n,
            accuracy: correct as f64 / n.max(1) as f64,
            macro_f1,
            per_class,
            predicted,
        },
        m,
    )
}

/// Calibration of the scores against the gold taxonomy label of each item, over every
/// (item, label) pair: Brier score (mean squared error) and expected calibration error
/// (10 equal-width bins). `None` when the model's labels are not the taxonomy's.
pub fn calibration(
    model: &TopicModel,
    set: &EvalSet,
    m: &ndarray::Array2<f32>,
) -> Option<(f64, f64)> {
    let labels = model.labels();
    let mut bins = [(0f64, 0f64, 0usize); 10]; // sum of scores, sum of targets, count
    let mut brier = 0f64;
    let mut n = 0usize;
    let mut known = false;
    for (i, x) in set.items.iter().enumerate() {
        let gold = set.map.to_taxonomy(&x.label)?;
        for (k, l) in labels.iter().enumerate() {
            let y = if l == gold { 1.0 } else { 0.0 };
            known |= l == gold;
            let p = m[[i, k]] as f64;
            brier += (p - y) * (p - y);
            let b = &mut bins[((p * 10.0) as usize).min(9)];
            b.0 += p;
            b.1 += y;
            b.2 += 1;
            n += 1;
        }
    }
    if !known || n == 0 {
        return None;
    }
    let ece = bins
        .iter()
        .map(|&(s, y, c)| (s - y).abs() / n as f64 * if c > 0 { 1.0 } else { 0.0 })
        .sum();
    Some((brier / n as f64, ece))
}

type Pairs = Vec<(DatasetMap, Labelled)>;

/// The default recipe's training and calibration examples.
fn builtin_samples(data: &Path) -> Result<(Pairs, Pairs)> {
    let mut train = Vec::new();
    let mut dev = Vec::new();
    let mut add = |name: &str, split: &str, to_dev: bool| -> Result<()> {
        let s = load_eval_set(data, name, split)?;
        let target = if to_dev { &mut dev } else { &mut train };
        target.extend(s.items.into_iter().map(|x| (s.map, x)));
        Ok(())
    };
    add("bbc", "train", false)?;
    add("bbc", "dev", true)?;
    add("sib200-all", "train", false)?;
    add("sib200-all", "dev", true)?;
    add("10kgnad", "train", false)?;
    add("10kgnad", "dev", true)?;
    add("agnews", "train", false)?;
    add("agnews", "dev", true)?;
    Ok((train, dev))
}

/// Training samples with taxonomy labels; with `mask_unknown`, the taxonomy labels a dataset
/// label cannot rule out ([`DatasetMap::unknown_labels`]) stay out of each example's loss.
fn to_samples(v: &[(DatasetMap, Labelled)], mask_unknown: bool) -> Result<Vec<Sample<'_>>> {
    let mut out = Vec::new();
    for (m, x) in v {
        let t = m.to_taxonomy(&x.label).ok_or_else(|| {
            Error::Data(format!("{}: label {:?} has no taxonomy map", x.id, x.label))
        })?;
        let unknown = if mask_unknown {
            m.unknown_labels(&x.label)
                .into_iter()
                .map(str::to_string)
                .collect()
        } else {
            Vec::new()
        };
        out.push(Sample {
            text: &x.text,
            labels: vec![t.to_string()],
            weight: 1.0,
            unknown,
        });
    }
    Ok(out)
}

pub fn train(a: TrainArgs) -> Result<i32> {
    let mut opts = options(&a)?;
    let source_weights = parse_source_weights(&a.source_weight)?;
    let custom = a.data.is_some() || a.keywords.is_some();
    if custom && (!source_weights.is_empty() || a.per_source_balance) {
        return Err(Error::Config(
            "--source-weight and --per-source-balance apply to the default recipe only".into(),
        ));
    }
    let t0 = Instant::now();
    let model = if let Some(path) = &a.keywords {
        let seeds = read_keywords(path)?;
        let mut o = crate::topics::KeywordOptions::default();
        if let Some(w) = a.transfer_weight {
            o.transfer_weight = w;
        }
        if let Some(w) = a.lexical_weight {
            o.lexical_weight = w;
        }
        if let Some(n) = a.expansion {
            o.expansion = n;
        }
        match &a.unlabeled {
            None => TopicModel::from_keywords(&seeds, &o)?,
            Some(u) => {
                let texts = read_texts(u, &a.text_field)?;
                let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
                TopicModel::from_keywords_and_texts(&seeds, &refs, &o, a.keep, &opts)?
            }
        }
    } else if let Some(path) = &a.data {
        let (texts, labels) =
            crate::topics::jsonl::read_examples(path, &a.text_field, &a.labels_field)?;
        let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
        let mut m = TopicModel::train(&refs, &labels, &opts)?;
        m.set_info(format!(
            "custom model from {} ({} examples), {:?}",
            path.display(),
            texts.len(),
            opts
        ));
        m
    } else {
        let (train, dev) = builtin_samples(&a.data_dir)?;
        let mut tr = to_samples(&train, !a.no_unknown_labels)?;
        let dv = to_samples(&dev, !a.no_unknown_labels)?;
        let balance = a.per_source_balance.then_some(opts.class_balance);
        weight_samples(&train, &mut tr, &source_weights, balance);
        if a.per_source_balance {
            opts.class_balance = 0.0;
        }
        eprintln!(
            "default recipe: {} training, {} calibration examples",
            tr.len(),
            dv.len()
        );
        let order: Vec<String> = LABELS.iter().map(|s| s.to_string()).collect();
        let mut m = TopicModel::train_samples(&tr, &dv, Some(&order), &opts)?;
        m.set_info(format!(
            "nutgraf built-in topics: BBC train ids (90%) + SIB-200 train (12 langs) + first halves of 10kGNAD and AG News test files; calibrated on BBC train ids (10%), SIB-200 dev, 10% of the halves. {:?}; source weights {:?}; per-source balance {}",
            opts, source_weights, a.per_source_balance
        ));
        // development scores (never test)
        for name in ["bbc", "sib200-all", "10kgnad", "agnews"] {
            let s = load_eval_set(&a.data_dir, name, "dev")?;
            let (sc, _) = score(&m, &s);
            eprintln!(
                "dev {:<12} n={:<5} acc={:.2}% macro-F1={:.2}%",
                name,
                sc.n,
                100.0 * sc.accuracy,
                100.0 * sc.macro_f1
            );
        }
        m
    };
    eprintln!("trained in {:.1}s", t0.elapsed().as_secs_f64());
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
    let set = load_eval_set(&a.data_dir, dataset, &a.split)?;
    let t0 = Instant::now();
    let (sc, m) = score(&model, &set);
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "{}: n={} accuracy={:.2}% macro-F1={:.2}%  ({:.0} texts/s, {} threads)",
        set.name,
        sc.n,
        100.0 * sc.accuracy,
        100.0 * sc.macro_f1,
        sc.n as f64 / secs.max(1e-9),
        rayon::current_num_threads()
    );
    if let Some((brier, ece)) = calibration(&model, &set, &m) {
        println!("  calibration over all labels: Brier={brier:.4} ECE={ece:.4}");
    }
    for (c, f1, n) in &sc.per_class {
        println!("  {c:<20} F1={:.2}% (n={n})", 100.0 * f1);
    }
    if let Some(p) = &a.predictions {
        let f = std::fs::File::create(p).map_err(|e| Error::io(p.display().to_string(), e))?;
        let mut w = std::io::BufWriter::new(f);
        let labels = model.labels();
        for (i, x) in set.items.iter().enumerate() {
            let mut topics: Vec<(&str, f32)> = labels
                .iter()
                .enumerate()
                .map(|(k, l)| (l.as_str(), m[[i, k]]))
                .collect();
            topics.sort_by(|a, b| b.1.total_cmp(&a.1));
            let rec = serde_json::json!({
                "id": x.id,
                "gold": set.map.eval_class(&x.label),
                "predicted": sc.predicted[i],
                "topics": topics.iter().map(|(l, s)| serde_json::json!({"label": l, "score": s})).collect::<Vec<_>>(),
            });
            writeln!(w, "{rec}").map_err(|e| Error::io(p.display().to_string(), e))?;
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(label: &str) -> Labelled {
        Labelled {
            id: String::new(),
            label: label.into(),
            text: "some text".into(),
        }
    }

    #[test]
    fn source_weights_parse() {
        let w = parse_source_weights(&["sib200=2".into(), " bbc = 0.5".into()]).unwrap();
        assert_eq!(w, [(DatasetMap::Sib200, 2.0), (DatasetMap::Bbc, 0.5)]);
        for bad in ["sib200", "sib=2", "bbc=-1", "bbc=x", "agnews=inf"] {
            assert!(
                matches!(parse_source_weights(&[bad.into()]), Err(Error::Config(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn per_source_balance_and_source_weights() {
        // source A (BBC): 3 × business, 1 × sports; source B (SIB-200): 2 × sports
        let pairs: Vec<(DatasetMap, Labelled)> = vec![
            (DatasetMap::Bbc, item("business")),
            (DatasetMap::Bbc, item("business")),
            (DatasetMap::Bbc, item("business")),
            (DatasetMap::Bbc, item("sport")),
            (DatasetMap::Sib200, item("sports")),
            (DatasetMap::Sib200, item("sports")),
        ];
        let mut s = to_samples(&pairs, true).unwrap();
        weight_samples(&pairs, &mut s, &[(DatasetMap::Sib200, 3.0)], Some(1.0));
        let w: Vec<f32> = s.iter().map(|x| x.weight).collect();
        // BBC: N = 4, L = 2: business 4 / (2 · 3), sport 4 / (2 · 1); SIB: one label → 1, × 3
        let want = [2.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0, 2.0, 3.0, 3.0];
        for (a, b) in w.iter().zip(want) {
            assert!((a - b).abs() < 1e-6, "{w:?}");
        }
        // no balance, no weights: unchanged
        let mut s = to_samples(&pairs, true).unwrap();
        weight_samples(&pairs, &mut s, &[], None);
        assert!(s.iter().all(|x| x.weight == 1.0));
    }

    #[test]
    fn cluster_arguments_are_checked() {
        let e = |args: &[&str], w: f32| {
            let v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            load_clusters(&v, w).err()
        };
        let root = env!("CARGO_MANIFEST_DIR");
        let de = format!("{root}/models/clusters-de.ngm");
        assert!(matches!(e(&[&de], 0.5), Some(Error::Config(_))), "no level");
        assert!(
            matches!(e(&[&format!("{de}:9")], 0.5), Some(Error::Config(_))),
            "no such level"
        );
        assert!(matches!(
            e(&[&format!("{de}:0")], 0.0),
            Some(Error::Config(_))
        ));
        assert!(e(&["/nonexistent/clusters.ngm:0"], 0.5).is_some());
        let c = load_clusters(&[format!("{de}:0")], 0.5).unwrap();
        assert!(c.len() > 100_000);
        // words of one German cluster file get one id each, below the level's size (1024)
        let ids = c.lookup("regierung");
        assert_eq!(ids.len(), 1);
        assert!(ids[0] < 1024);
    }
}
