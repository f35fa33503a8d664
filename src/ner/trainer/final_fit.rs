//! The final fit: select the epochs of both stages on dev, then train again on train + dev
//! (+ extra data) with those epochs fixed. Reads no files; the caller saves the models.

use super::{train_selected, Selection, TrainDoc, TrainOptions};
use crate::error::{Error, Result};
use crate::ner::NerModel;
use std::collections::BTreeMap;

/// The final fit: first trains on `train_docs` with early stopping on `dev_docs` (the
/// dev-selected model), then trains again with those epoch counts fixed on `train_docs` +
/// `dev_docs` + `final_extra` (data used only in the final fit, e.g. another dev set),
/// jackknifed the same way. Returns the dev-selected model, the final model and the
/// selection. `dev_docs` must not be empty.
pub fn final_fit(
    opts: &TrainOptions,
    train_docs: &[TrainDoc],
    dev_docs: &[TrainDoc],
    final_extra: &[TrainDoc],
    external: &BTreeMap<String, u8>,
    log: &(dyn Fn(&str) + Sync),
) -> Result<(NerModel, NerModel, Selection)> {
    if dev_docs.iter().all(|d| d.sentences.is_empty()) {
        return Err(Error::Data(
            "the final fit needs a dev set to select the epochs".into(),
        ));
    }
    let sel_opts = TrainOptions {
        fixed_epochs: None,
        ..opts.clone()
    };
    let (selected, sel) = train_selected(&sel_opts, train_docs, dev_docs, external, log)?;
    log(&format!(
        "final fit: epochs {:?} selected on dev (dev F1 {:.2} / {:.2}); retraining on train + dev{}",
        sel.epochs,
        sel.dev_f1[0],
        sel.dev_f1[1],
        if final_extra.is_empty() { "" } else { " + extra" }
    ));
    let fit_opts = TrainOptions {
        fixed_epochs: Some(sel.epochs),
        description: format!(
            "{}; final fit: retrained on train + dev{} with the epochs selected on dev \
             (stage 1: {}, stage 2: {}; dev F1 of the dev-selected run {:.2} / {:.2})",
            opts.description,
            if final_extra.is_empty() {
                ""
            } else {
                " + final-fit extra data"
            },
            sel.epochs[0],
            sel.epochs[1],
            sel.dev_f1[0],
            sel.dev_f1[1]
        ),
        ..opts.clone()
    };
    let all: Vec<TrainDoc> = train_docs
        .iter()
        .chain(dev_docs)
        .chain(final_extra)
        .cloned()
        .collect();
    let (fitted, _) = train_selected(&fit_opts, &all, &[], external, log)?;
    Ok((selected, fitted, sel))
}
