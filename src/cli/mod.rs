//! The `nutgraf` command line: the subcommands, their dispatch and exit codes. The CLI only
//! parses arguments, reads and writes files and prints; analysis, evaluation and training are
//! library functions it calls.

use clap::{Parser, Subcommand};

mod analyze;
mod batch;
mod info;
mod ner;
mod progress;
mod summary;
mod topics;

pub use crate::batch::{output_line, parse_record, Record};

/// nutgraf: summaries, topics and named entities for news text.
#[derive(Parser, Debug)]
#[command(name = "nutgraf", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Analyze one document (pasted text or, with --html, a web page): language, story,
    /// summary, topics and entities.
    Analyze(analyze::AnalyzeArgs),
    /// Show the kept and the dropped blocks of an HTML page side by side (with the reasons).
    Render(analyze::RenderArgs),
    /// Analyze a JSONL file: one output line per input line, in order, with the analysis or an error.
    Batch(batch::BatchArgs),
    /// Tag CoNLL-style input (one token per line, blank line between sentences) with IOB2 entity tags.
    Tag(ner::TagArgs),
    /// Train a built-in model from data.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Evaluate a model on labelled data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Print the JSON Schema of the output (or write all schema files with --write DIR).
    Schema(info::SchemaArgs),
    /// List the built-in models: task, languages, size and the terms of their training data.
    Models(info::ModelsArgs),
}

#[derive(Subcommand, Debug)]
enum TrainCommand {
    /// Train a named-entity tagger.
    Ner(ner::TrainArgs),
    /// Train a topic classifier.
    Topics(topics::TrainArgs),
    /// Learn word clusters from unlabeled text (features for `train ner --clusters`).
    Clusters(ner::ClusterArgs),
}

#[derive(Subcommand, Debug)]
enum EvalCommand {
    /// Entity-level precision/recall/F1 (conlleval style).
    Ner(ner::EvalArgs),
    /// Topic accuracy and macro-F1.
    Topics(topics::EvalArgs),
    /// ROUGE of summaries, next to the lead baseline.
    Summary(summary::EvalArgs),
}

/// Runs the command line with the process arguments; returns the exit code.
///
/// Like other Unix tools, the process ends quietly when its output pipe closes
/// (`nutgraf schema | head`) instead of failing on the write.
pub fn main() -> i32 {
    default_sigpipe();
    run(std::env::args_os())
}

/// Rust starts programs with SIGPIPE ignored, so a write to a closed pipe returns an error and
/// `println!` panics; the default action ends the process as the reader intended.
fn default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any thread exists; SIG_DFL is a valid disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Runs the command line with the given arguments (the first is the program name);
/// returns the exit code (0 success, 1 some records failed, 2 error).
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let result = match cli.command {
        Command::Analyze(a) => analyze::analyze(a),
        Command::Batch(a) => batch::batch(a),
        Command::Render(a) => analyze::render(a),
        Command::Tag(a) => ner::tag(a),
        Command::Train(TrainCommand::Ner(a)) => ner::train(a),
        Command::Train(TrainCommand::Topics(a)) => topics::train(a),
        Command::Train(TrainCommand::Clusters(a)) => ner::train_clusters(a),
        Command::Eval(EvalCommand::Ner(a)) => ner::eval(a),
        Command::Eval(EvalCommand::Topics(a)) => topics::eval(a),
        Command::Eval(EvalCommand::Summary(a)) => summary::eval(a),
        Command::Schema(a) => info::schema(a),
        Command::Models(a) => info::models(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("nutgraf: error: {e}");
            2
        }
    }
}
