//! Full-analysis throughput on ~500-word BBC News articles at 1 and 2 threads, and NER
//! tagger tokens per second on one thread: what `bench/throughput.sh` runs.
//!
//! `cargo run --release --example throughput -- [--seconds S] [--articles N]`, or
//! `-- --first-result [FILE]` for the load-to-first-result timing (one JSON line; run it in a
//! fresh process each time, as `bench/throughput.sh` does).
//! Articles of 450–550 words are taken as they are; shorter ones are extended with the
//! paragraphs of the next article until they reach 450 words (never past 550). Each
//! measurement repeats the batch for at least `S` seconds (default 8). Prints one JSON line.
use nutgraf::text::{prepare, InputFormat};
use nutgraf::Analyzer;
use std::io::BufRead;
use std::time::Instant;
// the allocator of the `nutgraf` binary and the Python module (default feature `mimalloc`)
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

/// Seconds since the process started (from /proc; NaN where unavailable).
fn since_process_start() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let uptime = std::fs::read_to_string("/proc/uptime").unwrap_or_default();
    // field 22 (starttime, clock ticks since boot) comes after the parenthesized name
    let after = stat.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let start: Option<f64> = after
        .split_whitespace()
        .nth(19)
        .and_then(|s| s.parse().ok());
    let up: Option<f64> = uptime
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok());
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    match (start, up) {
        (Some(s), Some(u)) if hz > 0.0 => u - s / hz,
        _ => f64::NAN,
    }
}

/// `--first-result [FILE]`: time from process start to the first analyzed article
/// (`Analyzer::builtin()`, i.e. model decoding, plus one `analyze` call) in wall-clock and
/// CPU seconds (all threads); the default text is the first article of [`articles`].
/// Run it in a fresh process: model decoding happens once per process.
fn first_result(text: &str) -> Result<(), Box<dyn std::error::Error>> {
    let (t0, c0) = (Instant::now(), cpu_seconds());
    let nlp = Analyzer::builtin()?;
    let (t1, c1) = (Instant::now(), cpu_seconds());
    let doc = nlp.analyze(text)?;
    let (t2, c2) = (Instant::now(), cpu_seconds());
    let start = since_process_start();
    // a second article shows the steady state (models decoded, caches warm)
    let doc2 = nlp.analyze(text)?;
    let t3 = Instant::now();
    println!(
        "{{\"words\": {}, \"entities\": {}, \"load_wall_s\": {:.4}, \"load_cpu_s\": {:.4}, \
         \"first_wall_s\": {:.4}, \"first_cpu_s\": {:.4}, \"load_to_first_wall_s\": {:.4}, \
         \"load_to_first_cpu_s\": {:.4}, \"process_start_to_first_wall_s\": {:.4}, \
         \"second_wall_s\": {:.4}}}",
        text.split_whitespace().count(),
        doc.entities.len().min(doc2.entities.len()),
        (t1 - t0).as_secs_f64(),
        c1 - c0,
        (t2 - t1).as_secs_f64(),
        c2 - c1,
        (t2 - t0).as_secs_f64(),
        c2 - c0,
        start,
        (t3 - t2).as_secs_f64(),
    );
    Ok(())
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
    if args.first().map(String::as_str) == Some("--first-result") {
        let text = match args.get(1) {
            Some(p) => std::fs::read_to_string(p)?,
            None => articles(1)?
                .pop()
                .ok_or("no BBC article of 450-550 words")?,
        };
        return first_result(&text);
    }
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
    let docs: Vec<Vec<Vec<&str>>> = prepared.iter().map(|p| p.sentence_words()).collect();
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
