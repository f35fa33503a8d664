//! `nutgraf eval summary` (placeholder until the summary work lands).

use crate::{Error, Result};

/// Arguments of `nutgraf eval summary`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {}

pub fn eval(_a: EvalArgs) -> Result<i32> {
    Err(Error::Config("not available yet".into()))
}
