//! Time from process start to the first analyzed article: `Analyzer::builtin()` (model
//! decoding) plus one `analyze` call, in wall-clock and CPU seconds (all threads).
//!
//! `cargo run --release --example first_result -- [FILE]` (default: the first BBC article
//! of 450–550 words from `../shared/data`). Prints one JSON line.
use nutgraf::Analyzer;
use std::io::BufRead;
use std::time::Instant;

const BBC: &str = "../shared/data/bbc-news-summary/normalized/bbc_news_summary.jsonl.gz";

/// User + system CPU seconds of the whole process (all threads) so far.
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

fn bbc_article() -> Result<String, Box<dyn std::error::Error>> {
    let f = std::fs::File::open(BBC)?;
    for line in std::io::BufReader::new(flate2::read::GzDecoder::new(f)).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let text = v["text"].as_str().unwrap_or("");
        let words = text.split_whitespace().count();
        if (450..=550).contains(&words) {
            return Ok(text.to_string());
        }
    }
    Err("no BBC article of 450-550 words".into())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = match std::env::args().nth(1) {
        Some(p) => std::fs::read_to_string(p)?,
        None => bbc_article()?,
    };
    let (t0, c0) = (Instant::now(), cpu_seconds());
    let nlp = Analyzer::builtin()?;
    let (t1, c1) = (Instant::now(), cpu_seconds());
    let doc = nlp.analyze(&text)?;
    let (t2, c2) = (Instant::now(), cpu_seconds());
    let start = since_process_start();
    // a second article shows the steady state (models decoded, caches warm)
    let doc2 = nlp.analyze(&text)?;
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
