//! Training drivers of topic models: the built-in model's recipe (the shared datasets mapped to
//! the taxonomy, source weights, per-source balance), word-cluster features from cluster files,
//! custom JSONL data and keyword seed files. The trainer itself is `crate::topics`; prints nothing.

use crate::datasets::{self as data, Labelled};
use crate::error::{Error, Result};
use crate::eval::topics::{evaluate, load_eval_set, TopicReport};
use crate::ner::clusters::Clusters;
use crate::topics::features::WordClusters;
use crate::topics::taxonomy::{DatasetMap, LABELS};
use crate::topics::{KeywordOptions, Sample, TopicModel, TrainOptions};
use std::collections::BTreeMap;
use std::path::Path;

/// The datasets whose `dev` split scores a model of the built-in recipe (never `test`).
pub const DEV_SETS: [&str; 4] = ["bbc", "sib200-all", "10kgnad", "agnews"];

/// Builds the word-cluster feature map from `PATH:LEVEL` specs (cluster files such as
/// `models/clusters-en.ngm`, level 0 = finest): each file's words with their cluster at that
/// level; the ids of later files are shifted past the earlier ones'. `weight` is the group weight.
pub fn load_clusters(specs: &[String], weight: f32) -> Result<WordClusters> {
    if !(weight.is_finite() && weight > 0.0) {
        return Err(Error::Config(format!(
            "--cluster-weight {weight}: must be positive"
        )));
    }
    let mut pairs: Vec<(String, u16)> = Vec::new();
    let mut offset = 0u32;
    for a in specs {
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

/// The source of the built-in recipe that a name (bbc, sib200, 10kgnad, agnews) means.
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

/// One source weight of the built-in recipe: the source `name` means (bbc, sib200, 10kgnad,
/// agnews) with its weight, which must be a non-negative number.
pub fn source_weight(name: &str, weight: f32) -> Result<(DatasetMap, f32)> {
    if !(weight.is_finite() && weight >= 0.0) {
        return Err(Error::Config(format!(
            "source weight {name}: {weight} is not a non-negative number"
        )));
    }
    Ok((source_of(name)?, weight))
}

/// Parses `SOURCE=WEIGHT` specs (SOURCE one of bbc, sib200, 10kgnad, agnews; WEIGHT ≥ 0).
pub fn parse_source_weights(specs: &[String]) -> Result<Vec<(DatasetMap, f32)>> {
    specs
        .iter()
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

/// Sets the example weights of the recipe's training samples (`pairs[i]` is the source of
/// `samples[i]`): with `balance` = `Some(e)`, each example of label `l` in source `s` gets
/// `(N_s / (L_s · count_s(l)))^e` (N_s examples and L_s labels in the source), then every
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

/// The text field of every line of a JSON Lines file (unlabeled texts).
pub fn read_texts(path: &Path, field: &str) -> Result<Vec<String>> {
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

/// Reads keyword seeds `{"label": ["term", ...], ...}` (a single term may be a string); the
/// labels come sorted by name.
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

/// Builds a keyword-seeded model from a seed file ([`read_keywords`]); with `unlabeled` (a JSON
/// Lines file and its text field) refined on those texts, keeping the `keep` most confident
/// fraction each label wins ([`TopicModel::from_keywords_and_texts`], trained with `opts`).
pub fn train_keywords(
    seeds: &Path,
    unlabeled: Option<(&Path, &str)>,
    o: &KeywordOptions,
    keep: f32,
    opts: &TrainOptions,
) -> Result<TopicModel> {
    let seeds = read_keywords(seeds)?;
    match unlabeled {
        None => TopicModel::from_keywords(&seeds, o),
        Some((path, field)) => {
            let texts = read_texts(path, field)?;
            let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
            TopicModel::from_keywords_and_texts(&seeds, &refs, o, keep, opts)
        }
    }
}

/// Trains a custom model from a JSON Lines file (see [`crate::topics::jsonl::read_examples`]).
pub fn train_jsonl(
    path: &Path,
    text_field: &str,
    labels_field: &str,
    opts: &TrainOptions,
) -> Result<TopicModel> {
    let (texts, labels) = crate::topics::jsonl::read_examples(path, text_field, labels_field)?;
    let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
    let mut m = TopicModel::train(&refs, &labels, opts)?;
    m.set_info(format!(
        "custom model from {} ({} examples), {:?}",
        path.display(),
        texts.len(),
        opts
    ));
    Ok(m)
}

/// Settings of the built-in recipe ([`train_builtin`]).
#[derive(Clone, Debug)]
pub struct RecipeOptions {
    /// Trainer settings.
    pub train: TrainOptions,
    /// Multiply the example weights of a source.
    pub source_weights: Vec<(DatasetMap, f32)>,
    /// Balance the labels within each source (exponent `train.class_balance`) instead of over
    /// the pooled data.
    pub per_source_balance: bool,
    /// Leave the taxonomy labels a dataset label cannot rule out (e.g. SIB-200 politics vs
    /// international) out of each example's loss.
    pub mask_unknown: bool,
}

impl Default for RecipeOptions {
    fn default() -> Self {
        RecipeOptions {
            train: TrainOptions::default(),
            source_weights: Vec::new(),
            per_source_balance: false,
            mask_unknown: true,
        }
    }
}

type Pairs = Vec<(DatasetMap, Labelled)>;

/// The recipe's training and calibration examples.
fn builtin_samples(data: &Path) -> Result<(Pairs, Pairs)> {
    let mut train = Vec::new();
    let mut dev = Vec::new();
    for name in DEV_SETS {
        for (split, to_dev) in [("train", false), ("dev", true)] {
            let s = load_eval_set(data, name, split)?;
            let target = if to_dev { &mut dev } else { &mut train };
            target.extend(s.items.into_iter().map(|x| (s.map, x)));
        }
    }
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

/// Trains a model with the built-in recipe from the datasets in `data` (laid out like
/// `../shared/data`): the `train` splits of BBC, SIB-200 (12 languages), 10kGNAD and AG News
/// mapped to the taxonomy ([`LABELS`], in that order), calibrated on their `dev` splits.
/// `on_data(training, calibration)` hears the example counts before the training starts.
pub fn train_builtin(
    data: &Path,
    opts: &RecipeOptions,
    on_data: impl FnOnce(usize, usize),
) -> Result<TopicModel> {
    let mut o = opts.train.clone();
    let (train, dev) = builtin_samples(data)?;
    let mut tr = to_samples(&train, opts.mask_unknown)?;
    let dv = to_samples(&dev, opts.mask_unknown)?;
    let balance = opts.per_source_balance.then_some(o.class_balance);
    weight_samples(&train, &mut tr, &opts.source_weights, balance);
    if opts.per_source_balance {
        o.class_balance = 0.0;
    }
    on_data(tr.len(), dv.len());
    let order: Vec<String> = LABELS.iter().map(|s| s.to_string()).collect();
    let mut m = TopicModel::train_samples(&tr, &dv, Some(&order), &o)?;
    m.set_info(format!(
        "nutgraf built-in topics: BBC train ids (90%) + SIB-200 train (12 langs) + first halves of 10kGNAD and AG News test files; calibrated on BBC train ids (10%), SIB-200 dev, 10% of the halves. {:?}; source weights {:?}; per-source balance {}",
        o, opts.source_weights, opts.per_source_balance
    ));
    Ok(m)
}

/// Scores a model on the `dev` split of each of [`DEV_SETS`] (never `test`), in that order.
pub fn dev_reports(model: &TopicModel, data: &Path) -> Result<Vec<TopicReport>> {
    DEV_SETS
        .iter()
        .map(|name| Ok(evaluate(model, &load_eval_set(data, name, "dev")?)))
        .collect()
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
        assert_eq!(
            source_weight("agnews", 0.0).unwrap(),
            (DatasetMap::AgNews, 0.0)
        );
        assert!(matches!(
            source_weight("agnews", -1.0),
            Err(Error::Config(_))
        ));
        assert!(matches!(source_weight("sib", 1.0), Err(Error::Config(_))));
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

    #[test]
    fn seed_and_text_files() {
        let dir = std::env::temp_dir().join(format!("nutgraf-train-topics-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let kw = dir.join("kw.json");
        std::fs::write(&kw, r#"{"sport": ["Tor", "match"], "economy": "Börse"}"#).unwrap();
        let seeds = read_keywords(&kw).unwrap();
        assert_eq!(seeds[0], ("economy".to_string(), vec!["Börse".to_string()]));
        assert_eq!(seeds[1].1, ["Tor", "match"]);
        std::fs::write(&kw, r#"{"sport": [1]}"#).unwrap();
        assert!(matches!(read_keywords(&kw), Err(Error::Data(_))));
        let texts = dir.join("t.jsonl");
        std::fs::write(&texts, "{\"body\": \"a\"}\n\n{\"body\": \"b\"}\n").unwrap();
        assert_eq!(read_texts(&texts, "body").unwrap(), ["a", "b"]);
        let e = read_texts(&texts, "text").unwrap_err().to_string();
        assert!(e.contains("t.jsonl:1: no string field \"text\""), "{e}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
