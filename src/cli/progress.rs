//! Progress display for long commands: a bar on a terminal, plain lines otherwise. Writes to
//! standard error only; never touches the output a command produces.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Progress of a batch over records.
pub struct Progress {
    bar: Option<ProgressBar>,
    plain: bool,
    total: Option<u64>,
    done: AtomicU64,
    started: Instant,
    last_print: AtomicU64,
}

impl Progress {
    /// `mode` is `auto` (a bar when standard error is a terminal), `always` or `never`.
    pub fn new(mode: &str, total: Option<u64>) -> Progress {
        let term = std::io::stderr().is_terminal();
        let show = match mode {
            "never" => false,
            "always" => true,
            _ => term,
        };
        let bar = (show && term).then(|| {
            let bar = match total {
                Some(t) => ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr()),
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
            };
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} records ({per_sec}, ETA {eta}) {msg}",
                )
                .expect("valid template"),
            );
            bar
        });
        Progress {
            bar,
            plain: show && !term,
            total,
            done: AtomicU64::new(0),
            started: Instant::now(),
            last_print: AtomicU64::new(0),
        }
    }

    /// Records `n` more records done, `errors` so far.
    pub fn advance(&self, n: u64, errors: u64) {
        let done = self.done.fetch_add(n, Ordering::Relaxed) + n;
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{errors} errors"));
            bar.inc(n);
        } else if self.plain {
            let secs = self.started.elapsed().as_secs();
            if secs > self.last_print.load(Ordering::Relaxed) || self.total == Some(done) {
                self.last_print.store(secs.max(1), Ordering::Relaxed);
                let rate = done as f64 / self.started.elapsed().as_secs_f64().max(1e-9);
                let total = self.total.map(|t| format!("/{t}")).unwrap_or_default();
                let eta = self
                    .total
                    .map(|t| {
                        format!(
                            ", ETA {:.0} s",
                            t.saturating_sub(done) as f64 / rate.max(1e-9)
                        )
                    })
                    .unwrap_or_default();
                eprintln!(
                    "progress: {done}{total} records ({rate:.0} records/s{eta}), {errors} errors"
                );
            }
        }
    }

    /// Ends the display.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish();
        }
    }
}
