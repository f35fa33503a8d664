//! Evaluation of topic models on the labelled news datasets: the splits of each dataset, the
//! map of the model's taxonomy labels to the dataset's classes, accuracy, macro-F1 and
//! calibration. Reads datasets through `crate::datasets`; prints nothing, writes no files.

use crate::datasets::{self as data, Labelled};
use crate::error::{Error, Result};
use crate::topics::model::sigmoid;
use crate::topics::taxonomy::DatasetMap;
use crate::topics::TopicModel;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::time::Instant;

/// The datasets [`load_eval_set`] knows.
pub const DATASETS: &str = "bbc, sib200-LANG, sib200-all, 10kgnad, agnews";

/// A labelled evaluation set with its dataset map.
pub struct EvalSet {
    /// `dataset/split`.
    pub name: String,
    /// How the dataset's labels relate to the taxonomy.
    pub map: DatasetMap,
    /// The texts with their dataset labels.
    pub items: Vec<Labelled>,
}

/// Loads one split of a dataset from `data` (laid out like `../shared/data`).
///
/// `dataset`: `bbc`, `sib200-LANG` (e.g. `sib200-deu`), `sib200-all`, `10kgnad` or `agnews`.
/// `split`: `test`, `dev` or `train` (the built-in recipe's calibration and training parts), or
/// `all` (not for SIB-200). 10kGNAD and AG News are test files: `test` is their held-out half,
/// `train`/`dev` the other half ([`data::train_half`]), `all` the whole file.
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
            "unknown dataset {dataset:?} ({DATASETS})"
        )));
    };
    Ok(EvalSet {
        name: format!("{dataset}/{split}"),
        map,
        items,
    })
}

/// F1 of one evaluation class.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassScore {
    /// The dataset class (merged classes joined by `+`, see [`DatasetMap::eval_class`]).
    pub class: String,
    /// F1 of the class, in [0, 1].
    pub f1: f64,
    /// Gold examples of the class.
    pub n: usize,
}

/// Calibration of the scores over every (example, taxonomy label) pair.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Calibration {
    /// Brier score (mean squared error of the scores).
    pub brier: f64,
    /// Expected calibration error (10 equal-width bins).
    pub ece: f64,
}

/// The result of [`evaluate`]: scores of the top label against the dataset's classes.
pub struct TopicReport {
    /// `dataset/split`.
    pub name: String,
    /// Number of examples.
    pub n: usize,
    /// Share of examples whose top label maps to their gold class, in [0, 1].
    pub accuracy: f64,
    /// Mean of the per-class F1.
    pub macro_f1: f64,
    /// F1 of each gold class, by class name.
    pub per_class: Vec<ClassScore>,
    /// `None` when the model's labels are not the taxonomy's.
    pub calibration: Option<Calibration>,
    /// The dataset class of each example's top label (`None`: the label has no equivalent).
    pub predicted: Vec<Option<&'static str>>,
    /// The model's labels, the columns of `scores`.
    pub labels: Vec<String>,
    /// Calibrated scores, one row per example.
    pub scores: ndarray::Array2<f32>,
    /// Seconds spent scoring.
    pub seconds: f64,
    /// Threads the scoring ran on.
    pub threads: usize,
}

/// Scores `model` on `set`: the top label of each example (by log-odds) against its class.
pub fn evaluate(model: &TopicModel, set: &EvalSet) -> TopicReport {
    let t0 = Instant::now();
    let texts: Vec<&str> = set.items.iter().map(|x| x.text.as_str()).collect();
    let z = model.log_odds_batch(&texts);
    let m = z.mapv(sigmoid);
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
        per_class.push(ClassScore {
            class: c.clone(),
            f1,
            n: tp + fnn,
        });
    }
    let seconds = t0.elapsed().as_secs_f64();
    let macro_f1 = per_class.iter().map(|x| x.f1).sum::<f64>() / per_class.len().max(1) as f64;
    let n = set.items.len();
    TopicReport {
        name: set.name.clone(),
        n,
        accuracy: correct as f64 / n.max(1) as f64,
        macro_f1,
        per_class,
        calibration: calibration(labels, set, &m),
        predicted,
        labels: labels.to_vec(),
        scores: m,
        seconds,
        threads: rayon::current_num_threads(),
    }
}

/// Calibration of the scores `m` against the gold taxonomy label of each item, over every
/// (item, label) pair: Brier score (mean squared error) and expected calibration error
/// (10 equal-width bins). `None` when the model's labels are not the taxonomy's.
fn calibration(labels: &[String], set: &EvalSet, m: &ndarray::Array2<f32>) -> Option<Calibration> {
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
    Some(Calibration {
        brier: brier / n as f64,
        ece,
    })
}

impl TopicReport {
    /// One JSON object per example of `set` (the set this report was made from): `id`, `gold`
    /// (its class), `predicted` (class or null) and `topics` (every label's score, highest first).
    pub fn prediction_records(&self, set: &EvalSet) -> Vec<serde_json::Value> {
        set.items
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let mut topics: Vec<(&str, f32)> = self
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(k, l)| (l.as_str(), self.scores[[i, k]]))
                    .collect();
                topics.sort_by(|a, b| b.1.total_cmp(&a.1));
                serde_json::json!({
                    "id": x.id,
                    "gold": set.map.eval_class(&x.label),
                    "predicted": self.predicted[i],
                    "topics": topics.iter().map(|(l, s)| serde_json::json!({"label": l, "score": s})).collect::<Vec<_>>(),
                })
            })
            .collect()
    }
}

/// The report as `nutgraf eval topics` prints it (throughput, calibration, per-class F1).
impl fmt::Display for TopicReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: n={} accuracy={:.2}% macro-F1={:.2}%  ({:.0} texts/s, {} threads)",
            self.name,
            self.n,
            100.0 * self.accuracy,
            100.0 * self.macro_f1,
            self.n as f64 / self.seconds.max(1e-9),
            self.threads
        )?;
        if let Some(c) = &self.calibration {
            writeln!(
                f,
                "  calibration over all labels: Brier={:.4} ECE={:.4}",
                c.brier, c.ece
            )?;
        }
        for c in &self.per_class {
            writeln!(f, "  {:<20} F1={:.2}% (n={})", c.class, 100.0 * c.f1, c.n)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A data folder with a small AG News test file (3 examples of each class).
    fn agnews_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("nutgraf-eval-{name}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("ag-news")).unwrap();
        let rows = [
            (
                1,
                "Leaders meet at summit",
                "Presidents and prime ministers discuss the war.",
            ),
            (
                2,
                "Team wins the final",
                "The striker scored twice in the league match.",
            ),
            (
                3,
                "Shares fall",
                "Stocks dropped as the bank reported lower profits.",
            ),
            (
                4,
                "New chip unveiled",
                "The software company released a faster processor.",
            ),
        ];
        let mut csv = String::from("label,title,description\n");
        for _ in 0..3 {
            for (k, t, d) in rows {
                csv.push_str(&format!("{k},\"{t}\",\"{d}\"\n"));
            }
        }
        std::fs::write(dir.join("ag-news/test.csv"), csv).unwrap();
        dir
    }

    #[test]
    fn splits_and_report_agree_with_the_predictions() {
        let dir = agnews_dir("report");
        let all = load_eval_set(&dir, "agnews", "all").unwrap();
        assert_eq!((all.name.as_str(), all.items.len()), ("agnews/all", 12));
        // within each class: items 0 and 2 are the training half, item 1 the test half
        assert_eq!(
            load_eval_set(&dir, "agnews", "test").unwrap().items.len(),
            4
        );
        let model = crate::topics::builtin().unwrap();
        let r = evaluate(&model, &all);
        assert_eq!((r.n, r.predicted.len(), r.scores.nrows()), (12, 12, 12));
        let gold: Vec<String> = all.items.iter().map(|x| x.label.clone()).collect();
        let hits = r
            .predicted
            .iter()
            .zip(&gold)
            .filter(|(p, g)| **p == Some(g.as_str()))
            .count();
        assert_eq!(r.accuracy, hits as f64 / 12.0);
        assert!(r.accuracy > 0.5, "{r}");
        let mean = r.per_class.iter().map(|c| c.f1).sum::<f64>() / r.per_class.len() as f64;
        assert_eq!(r.macro_f1, mean);
        assert!(r.per_class.iter().all(|c| c.n == 3));
        let c = r.calibration.unwrap();
        assert!((0.0..=1.0).contains(&c.brier) && (0.0..=1.0).contains(&c.ece));
        let recs = r.prediction_records(&all);
        assert_eq!(recs.len(), 12);
        assert_eq!(recs[1]["gold"], "Sports");
        let text = r.to_string();
        assert!(text.starts_with("agnews/all: n=12 accuracy="), "{text}");
        assert!(text.contains("  Sports               F1="), "{text}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn unknown_names_are_config_errors() {
        let dir = agnews_dir("names");
        for (ds, split, msg) in [
            ("nope", "test", "unknown dataset \"nope\""),
            ("agnews", "nope", "unknown split \"nope\" for agnews"),
            ("sib200-deu", "all", "unknown split \"all\" for sib200-deu"),
        ] {
            match load_eval_set(&dir, ds, split) {
                Err(Error::Config(m)) => assert!(m.contains(msg), "{m}"),
                other => panic!("{ds}/{split}: {:?}", other.err()),
            }
        }
        assert!(matches!(
            load_eval_set(&dir, "bbc", "test"),
            Err(Error::Io { .. })
        ));
        std::fs::remove_dir_all(&dir).ok();
    }
}
