//! Full-analysis throughput on ~500-word BBC News articles at 1 and 2 threads, and NER
//! tagger tokens per second on one thread: what `bench/throughput.sh` runs.
//!
//! `cargo run --release --example throughput -- [--seconds S] [--articles N]`
//! Articles of 450–550 words are taken as they are; shorter ones are extended with the
//! paragraphs of the next article until they reach 450 words (never past 550). Each
//! measurement repeats the batch for at least `S` seconds (default 8). Prints one JSON line.
use nutgraf::text::{prepare, InputFormat};
use nutgraf::Analyzer;
use std::io::BufRead;
use std::time::Instant;

const BBC: &str = "../shared/data/bbc-news-summary/normalized/bbc_news_summary.jsonl.gz";

/// User + system CPU seconds of the process (all threads).
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage writes into the zeroed struct we pass and reads nothing else.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) } != 0 {
        return f64::NAN;
    }
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Articles of 450–550 words (shorter ones extended with paragraphs of the next article).
fn articles(n: usize) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let f = std::fs::File::open(BBC).map_err(|e| format!("{BBC}: {e}"))?;
    let mut all = Vec::new();
    for line in std::io::BufReader::new(flate2::read::GzDecoder::new(f)).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        all.push(v["text"].as_str().unwrap_or("").to_string());
    }
    let mut out = Vec::new();
    for (i, a) in all.iter().enumerate() {
        if out.len() == n {
            break;
        }
        let mut text = a.clone();
        let mut w = words(&text);
        if w > 550 {
            continue;
        }
        let next = &all[(i + 1) % all.len()];
        for para in next.split("\n\n") {
            if w >= 450 {
                break;
            }
            let pw = words(para);
            if w + pw > 550 {
                continue;
            }
            text.push_str("\n\n");
            text.push_str(para);
            w += pw;
        }
        if (450..=550).contains(&w) {
            out.push(text);
        }
    }
    Ok(out)
}

/// Runs `f` (one pass over `items` items) until `secs` have passed; returns
/// (items per wall second, items per CPU second).
fn rate(items: usize, secs: f64, mut f: impl FnMut()) -> (f64, f64) {
    f(); // warm-up
    let (t0, c0) = (Instant::now(), cpu_seconds());
    let mut n = 0;
    while n == 0 || t0.elapsed().as_secs_f64() < secs {
        f();
        n += items;
    }
    let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
    (n as f64 / wall, n as f64 / cpu)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut secs = 8.0;
    let mut n = 300;
    let args: Vec<String> = std::env::args().skip(1).collect();
    for w in args.chunks(2) {
        match (w[0].as_str(), w.get(1)) {
            ("--seconds", Some(v)) => secs = v.parse()?,
            ("--articles", Some(v)) => n = v.parse()?,
            _ => return Err(format!("unknown argument {:?}", w[0]).into()),
        }
    }
    let texts = articles(n)?;
    let mean_words =
        texts.iter().map(|t| words(t)).sum::<usize>() as f64 / texts.len().max(1) as f64;
    let nlp = Analyzer::builtin()?;
    let mut res = serde_json::Map::new();
    res.insert(
        "cores".into(),
        std::thread::available_parallelism()?.get().into(),
    );
    res.insert("articles".into(), texts.len().into());
    res.insert("mean_words".into(), mean_words.into());
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()?;
        let (wall, cpu) = rate(texts.len(), secs, || {
            let out = pool.install(|| nlp.analyze_batch(&texts, InputFormat::Text));
            assert!(out.iter().all(|r| r.is_ok()));
        });
        res.insert(format!("articles_per_s_{threads}t"), wall.into());
        res.insert(format!("articles_per_cpu_s_{threads}t"), cpu.into());
    }
    let scaling = res["articles_per_s_2t"].as_f64().unwrap_or(0.0)
        / res["articles_per_s_1t"].as_f64().unwrap_or(1.0);
    res.insert("scaling_1_to_2".into(), scaling.into());

    // NER tagger alone (tokens already split), one thread
    let ner = nutgraf::ner::builtin("en")?;
    let prepared: Vec<_> = texts
        .iter()
        .map(|t| prepare(t, InputFormat::Text, true, Some("en")))
        .collect::<Result<_, _>>()?;
    let docs: Vec<Vec<Vec<&str>>> = prepared
        .iter()
        .map(|p| {
            p.sentence_tokens
                .iter()
                .map(|r| {
                    p.tokens[r.clone()]
                        .iter()
                        .map(|s| &p.text[s.start..s.end])
                        .collect()
                })
                .collect()
        })
        .collect();
    let ntok: usize = prepared.iter().map(|p| p.tokens.len()).sum();
    let (wall, cpu) = rate(ntok, secs / 2.0, || {
        let k: usize = docs.iter().map(|d| ner.tag_document_tags(d).len()).sum();
        assert!(k > 0);
    });
    res.insert("ner_tokens_per_s".into(), wall.into());
    res.insert("ner_tokens_per_cpu_s".into(), cpu.into());
    println!("{}", serde_json::Value::Object(res));
    Ok(())
}
