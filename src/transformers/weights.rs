//! Model weights as they lie in a folder (`model.safetensors` from `save_pretrained`, or a
//! converted `rust_model.ot`), read into tch tensors and renamed for rust-bert in memory.
//! It builds no model and never writes a converted file.
//!
//! `save_pretrained` leaves out tensors tied to others (the token embeddings of encoder and
//! decoder, the LM head: all the shared embedding): they are added back here under the names
//! rust-bert's models give them.

use crate::error::{Error, Result};
use rust_bert::pipelines::common::ModelResource;
use rust_bert::resources::BufferResource;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};
use tch::Tensor;

/// Names a tied tensor may be missing under, and the name of the tensor it is tied to.
const TIED: &[(&str, &[&str])] = &[
    (
        "model.encoder.embed_tokens.weight",
        &["model.shared.weight"],
    ),
    (
        "model.decoder.embed_tokens.weight",
        &["model.shared.weight"],
    ),
    ("encoder.embed_tokens.weight", &["shared.weight"]),
    ("decoder.embed_tokens.weight", &["shared.weight"]),
    ("lm_head.weight", &["model.shared.weight", "shared.weight"]),
    (
        "model.shared.weight",
        &["model.encoder.embed_tokens.weight"],
    ),
    ("shared.weight", &["encoder.embed_tokens.weight"]),
];

/// All named tensors of the weights file, tied names filled in.
pub fn read(path: &Path) -> Result<HashMap<String, Tensor>> {
    let err = |e: tch::TchError| Error::Model(format!("{}: {e}", path.display()));
    let list = match path.extension().and_then(|e| e.to_str()) {
        Some("safetensors") => Tensor::read_safetensors(path).map_err(err)?,
        _ => Tensor::load_multi(path).map_err(err)?,
    };
    let mut map: HashMap<String, Tensor> = list.into_iter().collect();
    for (name, sources) in TIED {
        if map.contains_key(*name) {
            continue;
        }
        if let Some(t) = sources.iter().find_map(|s| map.get(*s)) {
            let t = t.shallow_clone();
            map.insert((*name).to_string(), t);
        }
    }
    Ok(map)
}

/// Copies the tensors of `path` into every variable of `vs`; a variable the file lacks is an
/// error that names it and the file.
pub fn load_into(vs: &mut tch::nn::VarStore, path: &Path) -> Result<()> {
    let named = read(path)?;
    let mut vars = vs.variables();
    tch::no_grad(|| -> Result<()> {
        for (name, var) in vars.iter_mut() {
            let src = named.get(name).ok_or_else(|| {
                Error::Model(format!(
                    "{}: no tensor {name:?} (is this the right architecture in config.json?)",
                    path.display()
                ))
            })?;
            if src.size() != var.size() {
                return Err(Error::Model(format!(
                    "{}: tensor {name:?} has shape {:?}, the model expects {:?}",
                    path.display(),
                    src.size(),
                    var.size()
                )));
            }
            var.f_copy_(src)
                .map_err(|e| Error::Model(format!("{}: {name}: {e}", path.display())))?;
        }
        Ok(())
    })
}

/// The weights as a rust-bert resource: a `.ot` file as it is; `model.safetensors` read,
/// completed with its tied tensors and handed over as an in-memory buffer.
pub fn resource(path: &Path) -> Result<ModelResource> {
    if path.extension().and_then(|e| e.to_str()) != Some("safetensors") {
        return Ok(ModelResource::Torch(Box::new(
            rust_bert::resources::LocalResource {
                local_path: path.to_path_buf(),
            },
        )));
    }
    let named = read(path)?;
    let list: Vec<(String, Tensor)> = named
        .into_iter()
        .map(|(n, t)| {
            let t = if t.is_floating_point() {
                t.to_kind(tch::Kind::Float)
            } else {
                t
            };
            (n, t)
        })
        .collect();
    let mut buf: Vec<u8> = Vec::new();
    Tensor::save_multi_to_stream(&list, &mut buf)
        .map_err(|e| Error::Model(format!("{}: {e}", path.display())))?;
    Ok(ModelResource::Torch(Box::new(BufferResource {
        data: Arc::new(RwLock::new(buf)),
    })))
}
