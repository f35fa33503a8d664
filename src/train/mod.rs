//! Training drivers of the built-in models, one file per model kind, as library functions
//! (the CLI's `nutgraf train …` and the Python `nutgraf.train_*` functions call these): they
//! assemble the training data of a recipe and run the model's trainer. Print nothing.

pub mod clusters;
pub mod distill;
pub mod ner;
pub mod topics;
