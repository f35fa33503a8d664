//! `nutgraf train topics` and `nutgraf eval topics`.

use super::data::{self, Labelled};
use crate::topics::taxonomy::{DatasetMap, LABELS};
use crate::topics::{Sample, TopicModel, TrainOptions};
use crate::{Error, Result};
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

fn options(a: &TrainArgs) -> TrainOptions {
    let mut o = TrainOptions::default();
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
    o
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
    let opts = options(&a);
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
        let tr = to_samples(&train, !a.no_unknown_labels)?;
        let dv = to_samples(&dev, !a.no_unknown_labels)?;
        eprintln!(
            "default recipe: {} training, {} calibration examples",
            tr.len(),
            dv.len()
        );
        let order: Vec<String> = LABELS.iter().map(|s| s.to_string()).collect();
        let mut m = TopicModel::train_samples(&tr, &dv, Some(&order), &opts)?;
        m.set_info(format!(
            "nutgraf built-in topics: BBC train ids (90%) + SIB-200 train (12 langs) + first halves of 10kGNAD and AG News test files; calibrated on BBC train ids (10%), SIB-200 dev, 10% of the halves. {:?}",
            opts
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
