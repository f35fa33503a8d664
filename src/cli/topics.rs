//! `nutgraf` subcommands for topics (placeholder until the topics work lands).

use crate::{Error, Result};

/// Arguments of `nutgraf train topics`.
#[derive(clap::Args, Debug)]
pub struct TrainArgs {}

/// Arguments of `nutgraf eval topics`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {}

pub fn train(_a: TrainArgs) -> Result<i32> {
    Err(Error::Config("not available yet".into()))
}

pub fn eval(_a: EvalArgs) -> Result<i32> {
    Err(Error::Config("not available yet".into()))
}
