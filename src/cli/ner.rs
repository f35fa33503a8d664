//! `nutgraf` subcommands for ner (placeholder until the ner work lands).

use crate::{Error, Result};

/// Arguments of `nutgraf train ner`.
#[derive(clap::Args, Debug)]
pub struct TrainArgs {}

/// Arguments of `nutgraf eval ner`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {}

pub fn train(_a: TrainArgs) -> Result<i32> {
    Err(Error::Config("not available yet".into()))
}

pub fn eval(_a: EvalArgs) -> Result<i32> {
    Err(Error::Config("not available yet".into()))
}

/// Arguments of `nutgraf tag`.
#[derive(clap::Args, Debug)]
pub struct TagArgs {}

pub fn tag(_a: TagArgs) -> Result<i32> {
    Err(Error::Config("not available yet".into()))
}
