//! Evaluation of nutgraf's models on labelled data, one file per task, as library functions
//! (the CLI's `nutgraf eval …` and the Python `nutgraf.evaluate_*` functions call these). Reads
//! datasets through [`crate::datasets`] and models through their modules; prints nothing.

pub mod ner;
pub mod rouge;
pub mod summary;
pub mod topics;
