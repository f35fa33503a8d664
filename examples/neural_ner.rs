//! Experiment driver of the small neural German entity tagger (issue 19, lever 4; feature
//! `neural`). Trains on the data of the shipped `de19c` recipe, selects the epoch on its dev
//! sets, scores them with nutgraf's conlleval scorer and measures tagging speed.
//!
//! ```text
//! cargo run --release --features neural --example neural_ner -- train OUT.safetensors \
//!     [--epochs N] [--hidden H] [--word-dim D] [--no-clusters] [--news-only] [--batch B] [--lr LR]
//! cargo run --release --features neural --example neural_ner -- eval MODEL.safetensors
//! RAYON_NUM_THREADS=1 cargo run --release --features neural --example neural_ner -- speed MODEL.safetensors FILE
//! ```
//! Data paths are relative to `../shared/data`; German LER is the capped sample
//! `/tmp/ler-4k.tsv` of `scripts/cap_ner.py` (see docs/german-ner.md).

use nutgraf::ner::clusters::Clusters;
use nutgraf::ner::conll::{read_labeled_file, LabeledSentence};
use nutgraf::ner::eval::Scorer;
use nutgraf::ner::neural::net::{train, Net, NetConfig, TrainOptions};
use nutgraf::ner::neural::{Example, Vocab};
use std::path::{Path, PathBuf};
use std::time::Instant;

const DATA: &str = "../shared/data";

fn load(path: &str) -> Vec<LabeledSentence> {
    let p = if path.starts_with('/') {
        PathBuf::from(path)
    } else {
        Path::new(DATA).join(path)
    };
    read_labeled_file(&p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .into_iter()
        .flatten()
        .collect()
}

fn examples(s: &[LabeledSentence], domain: u32, no_misc: bool) -> Vec<Example> {
    s.iter()
        .map(|x| Example::labeled(x, domain, no_misc))
        .collect()
}

/// The dev sets: GermEval dev held-out fifth, Europarl dev (news), WikiANN de dev (wiki).
fn dev_sets() -> [Vec<Example>; 3] {
    let ge = load("germeval2014/normalized/dev.tsv");
    let fifth: Vec<LabeledSentence> = ge
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 5 == 4)
        .map(|(_, s)| s.clone())
        .collect();
    [
        examples(&fifth, 0, false),
        examples(&load("europarl-ner-de/normalized/dev.tsv"), 0, false),
        examples(&load("wikiann/normalized/de/dev.tsv"), 1, true),
    ]
}

/// F1 of the three dev sets and the criterion (micro F1 of fifth + Europarl, averaged with
/// WikiANN dev, MISC ignored there), as in `nutgraf train ner`.
fn score(net: &Net, devs: &[Vec<Example>; 3]) -> [f64; 4] {
    let mut out = [0.0; 4];
    let mut news = Scorer::new(false);
    for (k, d) in devs.iter().enumerate() {
        let pred = net.tag(d, 64).expect("tagging");
        let mut s = Scorer::new(k == 2);
        for (e, p) in d.iter().zip(&pred) {
            s.add(&e.tags, p);
            if k < 2 {
                news.add(&e.tags, p);
            }
        }
        out[k] = s.total.f1();
    }
    out[3] = (news.total.f1() + out[2]) / 2.0;
    out
}

/// User + system CPU seconds of this process (the speed run is single-threaded with
/// `RAYON_NUM_THREADS=1`, so this is one core's time even on a loaded machine).
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

fn clusters() -> Clusters {
    Clusters::load(Path::new("models/clusters-de.ngm")).expect("models/clusters-de.ngm")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |n: &str| args.iter().any(|a| a == n);
    let opt = |n: &str| {
        args.iter()
            .position(|a| a == n)
            .and_then(|i| args.get(i + 1))
            .map(|s| s.parse::<f64>().expect(n))
    };
    let cmd = args.first().map(String::as_str).unwrap_or("");
    let path = PathBuf::from(args.get(1).expect("model path"));
    match cmd {
        "train" => {
            let t0 = Instant::now();
            let ge = load("germeval2014/normalized/dev.tsv");
            let ge4: Vec<LabeledSentence> = ge
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 5 != 4)
                .map(|(_, s)| s.clone())
                .collect();
            let mut tr = examples(&ge4, 0, false);
            tr.extend(examples(&load("conll2003-de/normalized/dev.tsv"), 0, false));
            tr.extend(examples(&load("wikiann/normalized/de/train.tsv"), 1, true));
            if !flag("--news-only") {
                tr.extend(examples(
                    &load("europarl-ner-de/normalized/train.tsv"),
                    2,
                    false,
                ));
                tr.extend(examples(
                    &load("conll2003-en/normalized/train.tsv"),
                    3,
                    false,
                ));
                tr.extend(examples(
                    &load("conll2002-es/normalized/train.tsv"),
                    4,
                    false,
                ));
                tr.extend(examples(
                    &load("smartdata-corpus/normalized/train.tsv"),
                    5,
                    true,
                ));
                tr.extend(examples(&load("/tmp/ler-4k.tsv"), 6, true));
            }
            let cl = (!flag("--no-clusters")).then(clusters);
            let vocab = Vocab::build(&tr, 2, 5, cl, 7);
            let mut config = NetConfig::default();
            if let Some(h) = opt("--hidden") {
                config.hidden = h as usize;
            }
            if let Some(d) = opt("--word-dim") {
                config.word_dim = d as usize;
            }
            if flag("--no-clusters") {
                config.cluster_dim = 1;
            }
            let opts = TrainOptions {
                epochs: opt("--epochs").unwrap_or(10.0) as usize,
                batch: opt("--batch").unwrap_or(32.0) as usize,
                lr: opt("--lr").unwrap_or(2e-3),
                ..Default::default()
            };
            let tokens: usize = tr.iter().map(|e| e.tokens.len()).sum();
            let mut net = Net::new(config, vocab).expect("net");
            println!(
                "train: {} sentences, {tokens} tokens; {} words, {} chars; {} parameters",
                tr.len(),
                net.vocab.n_words(),
                net.vocab.n_chars(),
                net.n_params()
            );
            let devs = dev_sets();
            let (best_epoch, best) = train(
                &mut net,
                &tr,
                &opts,
                |n, epoch, loss| {
                    let s = score(n, &devs);
                    println!(
                        "epoch {epoch}: loss {loss:.4}; GermEval fifth {:.2}, Europarl dev {:.2}, \
                     WikiANN de dev {:.2}; criterion {:.2} ({:.0} s)",
                        s[0],
                        s[1],
                        s[2],
                        s[3],
                        t0.elapsed().as_secs_f64()
                    );
                    Ok(s[3])
                },
                |k, n, loss| {
                    eprintln!(
                        "  batch {k}/{n}: loss {loss:.4} ({:.0} s)",
                        t0.elapsed().as_secs_f64()
                    );
                },
            )
            .expect("training");
            let size = net.save(&path).expect("save");
            println!(
                "best epoch {best_epoch} (criterion {best:.2}); saved {} ({size} bytes, f16); {:.0} s",
                path.display(),
                t0.elapsed().as_secs_f64()
            );
        }
        "eval" => {
            let mut net = Net::load(&path).expect("load");
            net.vocab.set_clusters(Some(clusters()));
            let s = score(&net, &dev_sets());
            println!(
                "GermEval fifth {:.2}, Europarl dev {:.2}, WikiANN de dev {:.2}; criterion {:.2}",
                s[0], s[1], s[2], s[3]
            );
        }
        "speed" => {
            let mut net = Net::load(&path).expect("load");
            net.vocab.set_clusters(Some(clusters()));
            let file = args.get(2).expect("token file");
            let ex = examples(&load(file), 0, false);
            let tokens: usize = ex.iter().map(|e| e.tokens.len()).sum();
            let mut best = f64::INFINITY;
            for _ in 0..3 {
                let t = cpu_seconds();
                net.tag(&ex, 64).expect("tagging");
                best = best.min(cpu_seconds() - t);
            }
            println!(
                "{tokens} tokens in {best:.2} CPU s (best of 3): {:.0} words/s",
                tokens as f64 / best
            );
        }
        _ => eprintln!("usage: neural_ner train|eval|speed MODEL [...] (see the file's header)"),
    }
}
