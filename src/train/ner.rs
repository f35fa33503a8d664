//! Training driver of the entity tagger: the default recipes of the built-in languages, and
//! the assembly of training and dev data, gazetteers and word clusters for the trainer.
//! Reads data files and writes the model and card it is asked to save; prints nothing
//! (progress goes to `log`).

use crate::datasets::{parse_csv, read_text};
use crate::error::{Error, Result};
use crate::ner::clusters::Clusters;
use crate::ner::conll;
use crate::ner::gazetteer::{self, label_bit, G_COUNTRY, G_FIRSTNAME};
use crate::ner::recipes::{self, DataFile};
use crate::ner::trainer::{self, Selection, TrainDoc, TrainOptions};
use crate::ner::{domain_id, spans_from_iob, train_domain_id, FeatureSet, NerModel};
use crate::train::distill::{teacher_docs, TeacherReport};
use crate::types::{EntityLabel, Iob};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What to train on and how (the options of `nutgraf train ner`). Deserializes from a
/// JSON object of these fields (missing ones take the defaults, unknown ones are an error).
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NerTrainConfig {
    /// Language code of the model; selects the default recipe.
    pub language: String,
    /// Training files (CoNLL style, tag in the last column). With none here and in
    /// `train_no_misc`, the language's default recipe.
    pub train: Vec<PathBuf>,
    /// Training files without a MISC class (their O tokens may be MISC).
    pub train_no_misc: Vec<PathBuf>,
    /// Wikipedia-style training files without MISC: latent MISC, wiki-domain features.
    pub train_wiki: Vec<PathBuf>,
    /// Training files of other text domains (feature augmentation), each `NAME=PATH`,
    /// `NAME:no-misc=PATH` (no MISC class), `NAME:misc-o=PATH` (MISC names read as O) or
    /// `NAME:misc-o:no-misc=PATH` (both: MISC names untagged and latent), NAME one of [`crate::ner::DOMAINS`] or the training-only
    /// [`crate::ner::AUX_DOMAINS`] (e.g. `parl`, `en`).
    pub train_domain: Vec<String>,
    /// Dev file for early stopping (with the default recipe: added to its dev data).
    pub dev: Option<PathBuf>,
    /// Text domain of the dev file (a name of [`crate::ner::DOMAINS`]).
    pub dev_domain: String,
    /// The dev file has no MISC class.
    pub dev_no_misc: bool,
    /// Wikipedia-style dev file without MISC, added to the dev set in the wiki domain.
    pub dev_wiki: Option<PathBuf>,
    /// Data folder of the default recipes and gazetteers.
    pub data_dir: PathBuf,
    /// Maximum epochs per stage.
    pub epochs: usize,
    /// Early-stopping patience in epochs.
    pub patience: usize,
    /// Folds for jackknifing.
    pub folds: usize,
    /// Train the document-level second stage.
    pub stage2: bool,
    /// Harvest entity strings from the training data.
    pub harvest: bool,
    /// Use the country and first-name gazetteers of the data folder.
    pub gazetteers: bool,
    /// Drop weights below this absolute value.
    pub prune: f32,
    /// Drop features seen fewer times in training.
    pub min_count: u32,
    /// Shuffling seed.
    pub seed: u64,
    /// Word clusters file to use as features.
    pub clusters: Option<PathBuf>,
    /// Train each stage this many times with different seeds and average the weights.
    pub seed_runs: usize,
    /// Select the epochs on dev, then train again on train + dev with them fixed.
    pub final_fit: bool,
    /// Wikipedia-style files without MISC added only to the final fit's training data.
    pub final_train_wiki: Vec<PathBuf>,
    /// Labelled files whose entity strings join the gazetteer (their sentences do not).
    pub gazetteer_conll: Vec<PathBuf>,
    /// The feature set: a name of [`FeatureSet::NAMES`] (`full`, or `generic` /
    /// `generic-affixes` / `generic-names` for a language-independent model, whose country
    /// gazetteer takes the names of every language column, not only `language` and English).
    pub features: String,
    /// A transformer token-classification model (folder) that labels `unlabeled` texts for
    /// training (distillation, [`crate::train::distill`]); needs the transformer tier.
    pub teacher: Option<PathBuf>,
    /// Unlabeled texts for the teacher: JSONL, or CSV (`.csv`) with a header.
    pub unlabeled: Vec<PathBuf>,
    /// The field (CSV: column) of the unlabeled texts.
    pub text_field: String,
}

impl NerTrainConfig {
    /// The defaults of `nutgraf train ner --lang LANGUAGE` with the data folder `data_dir`.
    pub fn new(language: &str, data_dir: &Path) -> Self {
        NerTrainConfig {
            language: language.to_string(),
            train: Vec::new(),
            train_no_misc: Vec::new(),
            train_wiki: Vec::new(),
            train_domain: Vec::new(),
            dev: None,
            dev_domain: "news".into(),
            dev_no_misc: false,
            dev_wiki: None,
            data_dir: data_dir.to_path_buf(),
            epochs: 20,
            patience: 4,
            folds: 5,
            stage2: true,
            harvest: true,
            gazetteers: true,
            prune: 0.0,
            min_count: 1,
            seed: 1,
            clusters: None,
            seed_runs: 1,
            final_fit: false,
            final_train_wiki: Vec::new(),
            gazetteer_conll: Vec::new(),
            features: "full".into(),
            teacher: None,
            unlabeled: Vec::new(),
            text_field: "text".into(),
        }
    }
}

impl Default for NerTrainConfig {
    /// No language, the data folder `../shared/data`.
    fn default() -> Self {
        NerTrainConfig::new("", Path::new("../shared/data"))
    }
}

/// The result of [`train_ner`].
#[derive(Debug)]
pub struct NerTraining {
    /// The model to save: the dev-selected one, or with a final fit the one retrained on
    /// train + dev (which has seen the dev data).
    pub model: NerModel,
    /// With a final fit: the dev-selected model and the epochs selected on dev.
    pub selected: Option<(NerModel, Selection)>,
    /// The dev documents, each with its text domain (for [`crate::eval::ner::dev_scores`]).
    pub dev_docs: Vec<TrainDoc>,
    /// With a teacher: what it labelled (for [`crate::train::distill::card`]).
    pub teacher: Option<TeacherReport>,
}

impl NerTraining {
    /// Writes the model to `output` and, when a teacher labelled data, its model card next to
    /// it (`output` with the extension `.md`: teacher, data, `command`, dev scores); returns
    /// a line saying what was written.
    pub fn save(&self, output: &Path, command: &str) -> Result<String> {
        let write = |p: &Path, b: &[u8]| {
            std::fs::write(p, b).map_err(|e| Error::io(p.display().to_string(), e))
        };
        let bytes = self.model.to_bytes()?;
        write(output, &bytes)?;
        let (size, rows) = (bytes.len(), self.model.num_weights());
        let mut said = format!(
            "wrote {} ({size} bytes, {rows} weight rows)",
            output.display()
        );
        if let Some(report) = &self.teacher {
            let mut scores = String::new();
            if self.selected.is_none() {
                for (name, sc) in crate::eval::ner::dev_scores(&self.model, &self.dev_docs)? {
                    scores.push_str(&format!("{name}:\n{sc}\n"));
                }
            }
            let card =
                crate::train::distill::card(report, self.model.description(), command, &scores);
            let path = output.with_extension("md");
            write(&path, card.as_bytes())?;
            said.push_str(&format!(" and its card {}", path.display()));
        }
        Ok(said)
    }
}

/// Splits the sentences of documents into (train, held-out): every `n`-th sentence is held out.
fn split_every(docs: Vec<TrainDoc>, n: usize) -> (Vec<TrainDoc>, Vec<TrainDoc>) {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for d in docs {
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for (i, s) in d.sentences.into_iter().enumerate() {
            if i % n == n - 1 {
                y.push(s);
            } else {
                x.push(s);
            }
        }
        for (to, sentences) in [(&mut a, x), (&mut b, y)] {
            to.push(TrainDoc {
                sentences,
                no_misc: d.no_misc,
                domain: d.domain,
            });
        }
    }
    (a, b)
}

/// The default training recipe of a language: (train docs, dev docs, description).
pub fn recipe(lang: &str, dir: &Path) -> Result<(Vec<TrainDoc>, Vec<TrainDoc>, String)> {
    let load = |p: &str| TrainDoc::read(&dir.join(p), false);
    match lang {
        "en" => Ok((
            load("conll2003-en/original/eng.train")?,
            load("conll2003-en/original/eng.testa")?,
            "CoNLL-2003 en train (original, with document breaks); early stopping on CoNLL-2003 en dev (testa)".into(),
        )),
        "de" => {
            let (mut train, ge_dev) = split_every(load("germeval2014/normalized/dev.tsv")?, 5);
            train.extend(load("conll2003-de/normalized/dev.tsv")?);
            // SmartData train and WikiANN de train (no MISC; use --train-no-misc) were tried
            // and scored lower on the held-out GermEval dev part; see models/ner-de.md.
            Ok((
                train,
                ge_dev,
                "GermEval 2014 dev (4/5 of sentences) and CoNLL-2003 de dev; early stopping on the \
                 held-out 1/5 of GermEval 2014 dev (every 5th sentence)"
                    .into(),
            ))
        }
        "multi" => multi_recipe(dir),
        _ => table_recipe(lang, dir),
    }
}

/// At most `cap` sentences of `docs` as one document, spread evenly over them: sentence
/// `floor(i * n / cap)` for `i < cap` (as `scripts/lolo.py` picks them), all when `n <= cap`.
fn capped(docs: Vec<TrainDoc>, cap: usize, no_misc: bool) -> TrainDoc {
    let mut all: Vec<_> = docs.into_iter().flat_map(|d| d.sentences).collect();
    if all.len() > cap {
        let step = all.len() as f64 / cap as f64;
        let keep: Vec<usize> = (0..cap).map(|i| (i as f64 * step) as usize).collect();
        all = keep
            .into_iter()
            .map(|i| std::mem::take(&mut all[i]))
            .collect();
    }
    TrainDoc {
        sentences: all,
        no_misc,
        domain: 0,
    }
}

/// The multilingual fallback's recipe ([`recipes::MULTI_RECIPE`]): every language's capped
/// training file as one document, the capped dev splits together as one document (the files
/// and documents `scripts/lolo.py --all` hands to the trainer).
fn multi_recipe(dir: &Path) -> Result<(Vec<TrainDoc>, Vec<TrainDoc>, String)> {
    let r = &recipes::MULTI_RECIPE;
    let mut train = Vec::new();
    for f in r.train {
        let docs = TrainDoc::read(&dir.join(f.path), f.no_misc)?;
        train.push(capped(docs, recipes::MULTI_CAP, f.no_misc));
    }
    let mut dev = Vec::new();
    for f in r.dev {
        let docs = TrainDoc::read(&dir.join(f.path), false)?;
        dev.extend(capped(docs, recipes::MULTI_DEV_CAP, false).sentences);
    }
    let names = |fs: &[DataFile]| fs.iter().map(|f| f.what).collect::<Vec<_>>().join(", ");
    let desc = format!(
        "at most {} sentences each of {}; early stopping on at most {} sentences each of {}",
        recipes::MULTI_CAP,
        names(r.train),
        recipes::MULTI_DEV_CAP,
        names(r.dev)
    );
    let dev = TrainDoc {
        sentences: dev,
        no_misc: false,
        domain: 0,
    };
    Ok((train, vec![dev], desc))
}

/// A recipe of the table in [`crate::ner::recipes`] (es, fr, nl, pt, it, pl, cs, sv, da,
/// fi, nb, nn). The sentences a training file holds out ([`DataFile::hold_out`]) join the dev
/// data.
fn table_recipe(lang: &str, dir: &Path) -> Result<(Vec<TrainDoc>, Vec<TrainDoc>, String)> {
    let r = recipes::recipe(lang).ok_or_else(|| {
        Error::UnsupportedLanguage(format!(
            "no default ner training recipe for {lang:?}; pass --train/--dev"
        ))
    })?;
    let read = |fs: &[DataFile], held: &mut Vec<TrainDoc>| -> Result<Vec<TrainDoc>> {
        let mut docs = Vec::new();
        for f in fs {
            let d = TrainDoc::read(&dir.join(f.path), f.no_misc)?;
            if f.hold_out > 0 {
                let (t, h) = split_every(d, f.hold_out);
                docs.extend(t);
                held.extend(h);
            } else {
                docs.extend(d);
            }
        }
        Ok(docs)
    };
    let mut held = Vec::new();
    let train = read(r.train, &mut held)?;
    let mut dev = read(r.dev, &mut Vec::new())?;
    let names = |fs: &[DataFile]| fs.iter().map(|f| f.what).collect::<Vec<_>>().join(", ");
    let mut on = names(r.dev);
    for f in r.train.iter().filter(|f| f.hold_out > 0) {
        on = format!(
            "{on}{}every {}th sentence held out of {}",
            if on.is_empty() { "" } else { ", " },
            f.hold_out,
            f.path
        );
    }
    dev.extend(held);
    let desc = format!("{}; early stopping on {on}", names(r.train));
    Ok((train, dev, desc))
}

/// Documents of files without MISC, in the wiki domain.
fn wiki_docs(paths: &[PathBuf]) -> Result<Vec<TrainDoc>> {
    let wiki = domain_id("wiki")?;
    let mut docs = Vec::new();
    for p in paths {
        docs.extend(
            TrainDoc::read(p, true)?
                .into_iter()
                .map(|d| TrainDoc { domain: wiki, ..d }),
        );
    }
    Ok(docs)
}

/// `doc` with its MISC names untagged (O): for a file with MISC trained into a model whose
/// own data has no MISC class and does not tag such names at all (KIND: nationalities,
/// events and works are O).
fn without_misc(mut doc: TrainDoc) -> TrainDoc {
    for s in &mut doc.sentences {
        for t in &mut s.tags {
            if matches!(t, Iob::B(EntityLabel::MISC) | Iob::I(EntityLabel::MISC)) {
                *t = Iob::O;
            }
        }
    }
    doc
}

/// Documents of `NAME[:no-misc][:misc-o]=PATH` specs (see [`NerTrainConfig::train_domain`]).
fn domain_docs(specs: &[String]) -> Result<Vec<TrainDoc>> {
    let mut docs = Vec::new();
    for spec in specs {
        let (name, path) = spec.split_once('=').ok_or_else(|| {
            Error::InvalidInput(format!("training domain file {spec:?}: expected NAME=PATH"))
        })?;
        // NAME, then any of `:no-misc` and `:misc-o` (both: MISC untagged and latent)
        let mut parts = name.split(':');
        let name = parts.next().unwrap_or_default();
        let (mut no_misc, mut misc_o) = (false, false);
        for flag in parts {
            match flag {
                "no-misc" => no_misc = true,
                "misc-o" => misc_o = true,
                _ => {
                    return Err(Error::InvalidInput(format!(
                        "training domain file {spec:?}: unknown flag {flag:?} (no-misc, misc-o)"
                    )))
                }
            }
        }
        let domain = train_domain_id(name)?;
        docs.extend(
            TrainDoc::read(Path::new(path), no_misc)?
                .into_iter()
                .map(|d| TrainDoc { domain, ..d })
                .map(|d| if misc_o { without_misc(d) } else { d }),
        );
    }
    Ok(docs)
}

/// Country names (in `lang` and English) and subdivision names from the
/// `gazetteer-countries` folder.
fn load_countries(
    dir: &Path,
    lang: Option<&str>,
    entries: &mut BTreeMap<String, u8>,
) -> Result<()> {
    for file in ["world_combined.csv", "countries_combined.csv"] {
        let rows = parse_csv(&read_text(&dir.join(file))?, ',', '"');
        let Some((header, rows)) = rows.split_first() else {
            continue;
        };
        let cols: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, h)| match lang {
                Some(lang) => h.as_str() == lang || h.as_str() == "en",
                // every language column (the first ones are codes and numbers)
                None => h.len() == 2 && h.chars().all(|c| c.is_ascii_lowercase()),
            })
            .map(|(i, _)| i)
            .collect();
        for f in rows {
            for name in cols.iter().filter_map(|&c| f.get(c)) {
                gazetteer::add(entries, name, G_COUNTRY);
            }
        }
    }
    let rows = parse_csv(&read_text(&dir.join("subdivisions.csv"))?, ',', '"');
    for f in rows.iter().skip(1) {
        for name in [2, 3].iter().filter_map(|&c| f.get(c)) {
            gazetteer::add(entries, name, G_COUNTRY);
        }
    }
    Ok(())
}

/// First names from the `gazetteer-firstnames` folder.
fn load_firstnames(dir: &Path, entries: &mut BTreeMap<String, u8>) -> Result<()> {
    let text = read_text(&dir.join("firstnames.csv.gz"))?;
    for line in text.lines().skip(1) {
        if let Some(name) = line.split(';').next() {
            // Entries like "Jean+Pierre" mark hyphen/space variants; keep simple names only.
            if !name.contains('+') && name.chars().count() > 1 {
                gazetteer::add(entries, name, G_FIRSTNAME);
            }
        }
    }
    Ok(())
}

/// The external gazetteer: the country and first-name lists (with `cfg.gazetteers`) and the
/// entity strings of `cfg.gazetteer_conll`. Appends its sources to `description`.
fn external_gazetteer(
    cfg: &NerTrainConfig,
    features: FeatureSet,
    description: &mut String,
    log: &(dyn Fn(&str) + Sync),
) -> Result<BTreeMap<String, u8>> {
    let mut external = BTreeMap::new();
    if cfg.gazetteers {
        let dir = &cfg.data_dir;
        load_countries(
            &dir.join("gazetteer-countries"),
            features
                .words()
                .then(|| recipes::country_column(&cfg.language)),
            &mut external,
        )?;
        load_firstnames(&dir.join("gazetteer-firstnames"), &mut external)?;
        description.push_str(
            "; gazetteers: gazetteer-countries (CC BY-SA 4.0), gazetteer-firstnames (GFDL 1.2+)",
        );
    }
    for p in &cfg.gazetteer_conll {
        let before = external.len();
        for d in conll::read_labeled(&read_text(p)?, &p.display().to_string())? {
            for s in &d {
                for (i, j, l) in spans_from_iob(&s.tags) {
                    gazetteer::add(&mut external, &s.tokens[i..j].join(" "), label_bit(l));
                }
            }
        }
        let new = external.len() - before;
        log(&format!("{}: {new} new gazetteer phrases", p.display()));
    }
    if !cfg.gazetteer_conll.is_empty() {
        description.push_str(&format!(
            "; gazetteer entries from the entity strings of {:?}",
            cfg.gazetteer_conll
        ));
    }
    Ok(external)
}

/// Trains an entity tagger as `cfg` says: reads the training and dev data (the default
/// recipe when no training files are given), the gazetteers and the word clusters, and runs
/// the trainer (and the final fit). Errors on unreadable or malformed data, an unknown
/// language without training files, or an empty dev set for the final fit.
pub fn train_ner(cfg: &NerTrainConfig, log: &(dyn Fn(&str) + Sync)) -> Result<NerTraining> {
    let (mut train_docs, mut dev_docs, mut description) =
        if cfg.train.is_empty() && cfg.train_no_misc.is_empty() {
            let (t, mut d, mut desc) = recipe(&cfg.language, &cfg.data_dir)?;
            if let Some(p) = &cfg.dev {
                let domain = domain_id(&cfg.dev_domain)?;
                let docs = TrainDoc::read(p, cfg.dev_no_misc)?;
                d.extend(docs.into_iter().map(|x| TrainDoc { domain, ..x }));
                desc.push_str(&format!("; more dev data: {}", p.display()));
            }
            (t, d, desc)
        } else {
            let mut t = Vec::new();
            for p in &cfg.train {
                t.extend(TrainDoc::read(p, false)?);
            }
            for p in &cfg.train_no_misc {
                t.extend(TrainDoc::read(p, true)?);
            }
            let dev_domain = domain_id(&cfg.dev_domain)?;
            let d = match &cfg.dev {
                Some(p) => TrainDoc::read(p, cfg.dev_no_misc)?
                    .into_iter()
                    .map(|d| TrainDoc {
                        domain: dev_domain,
                        ..d
                    })
                    .collect(),
                None => Vec::new(),
            };
            let desc = format!(
                "train: {:?} {:?}; dev: {:?}",
                cfg.train, cfg.train_no_misc, cfg.dev
            );
            (t, d, desc)
        };
    let teacher = match &cfg.teacher {
        Some(dir) => {
            if cfg.unlabeled.is_empty() {
                return Err(Error::InvalidInput(
                    "a teacher needs unlabeled texts (--unlabeled FILE)".into(),
                ));
            }
            let (docs, report) =
                teacher_docs(dir, &cfg.unlabeled, &cfg.text_field, &cfg.language, log)?;
            description.push_str(&format!(
                "; teacher {} labelled {} texts of {:?} ({} sentences)",
                dir.display(),
                report.texts - report.skipped,
                cfg.unlabeled,
                report.sentences
            ));
            train_docs.extend(docs);
            Some(report)
        }
        None => None,
    };
    train_docs.extend(wiki_docs(&cfg.train_wiki)?);
    train_docs.extend(domain_docs(&cfg.train_domain)?);
    if !cfg.train_domain.is_empty() {
        description.push_str(&format!(
            "; more domains (domain feature copies): {:?}",
            cfg.train_domain
        ));
    }
    if !cfg.train_wiki.is_empty() {
        description.push_str(&format!(
            "; wiki domain (latent MISC, domain feature copies): {:?}",
            cfg.train_wiki
        ));
    }
    if let Some(p) = &cfg.dev_wiki {
        dev_docs.extend(wiki_docs(std::slice::from_ref(p))?);
        description.push_str(&format!(
            "; wiki dev (early stopping on the mean F1 of news and wiki dev): {}",
            p.display()
        ));
    }
    let final_extra = wiki_docs(&cfg.final_train_wiki)?;
    if !cfg.final_train_wiki.is_empty() {
        description.push_str(&format!(
            "; final fit only, wiki domain: {:?}",
            cfg.final_train_wiki
        ));
    }
    let features = FeatureSet::from_name(&cfg.features).ok_or_else(|| {
        Error::InvalidInput(format!(
            "unknown feature set {:?} (known: {})",
            cfg.features,
            FeatureSet::NAMES.join(", ")
        ))
    })?;
    if features != FeatureSet::Full {
        description.push_str(&format!("; feature set: {}", features.name()));
    }
    let external = external_gazetteer(cfg, features, &mut description, log)?;
    let clusters = match &cfg.clusters {
        Some(p) => {
            let c = Clusters::load(p)?;
            description.push_str(&format!(
                "; word clusters: {} ({} words, levels {:?})",
                p.display(),
                c.len(),
                c.levels()
            ));
            Some(Arc::new(c))
        }
        None => None,
    };
    let opts = TrainOptions {
        language: cfg.language.clone(),
        epochs: cfg.epochs,
        patience: cfg.patience,
        folds: cfg.folds,
        two_stage: cfg.stage2,
        harvest: cfg.harvest,
        min_count: cfg.min_count,
        prune: cfg.prune,
        seed: cfg.seed,
        description,
        clusters,
        seed_runs: cfg.seed_runs,
        fixed_epochs: None,
        features,
    };
    let (model, selected) = if cfg.final_fit {
        let (selected, fitted, sel) =
            trainer::final_fit(&opts, &train_docs, &dev_docs, &final_extra, &external, log)?;
        (fitted, Some((selected, sel)))
    } else {
        let model = trainer::train(&opts, &train_docs, &dev_docs, &external, log)?;
        (model, None)
    };
    Ok(NerTraining {
        model,
        selected,
        dev_docs,
        teacher,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_specs_take_flags() {
        let p = std::env::temp_dir().join(format!("nutgraf-domain-{}.tsv", std::process::id()));
        std::fs::write(&p, "Roma\tB-LOC\nè\tO\nitaliana\tB-MISC\n\n").unwrap();
        let spec = |s: &str| vec![format!("{s}={}", p.display())];
        let tags = |docs: &[TrainDoc]| docs[0].sentences[0].tags.clone();
        let misc = Iob::B(EntityLabel::MISC);
        let d = domain_docs(&spec("es")).unwrap();
        assert_eq!(d[0].domain, train_domain_id("es").unwrap());
        assert!(tags(&d).contains(&misc) && !d[0].no_misc);
        let d = domain_docs(&spec("sv:misc-o")).unwrap();
        assert_eq!(d[0].domain, train_domain_id("sv").unwrap());
        assert_eq!(tags(&d), vec![Iob::B(EntityLabel::LOC), Iob::O, Iob::O]);
        assert!(!d[0].no_misc);
        let d = domain_docs(&spec("pl:misc-o:no-misc")).unwrap();
        assert!(!tags(&d).contains(&misc) && d[0].no_misc);
        assert!(domain_docs(&spec("pl:nomisc")).is_err());
        assert!(domain_docs(&spec("xx")).is_err());
        std::fs::remove_file(&p).unwrap();
    }
}
