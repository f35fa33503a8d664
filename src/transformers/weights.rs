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

/// The tensors of a weights file without copies: `model.safetensors` is mapped into memory
/// (private pages, never written back) and each tensor is a view of its bytes; a `.ot` file
/// (or a tensor whose bytes are misaligned for its type) is read as [`read`] reads it.
/// The tensors must not outlive the map: both are kept in this one value.
pub struct Mapped {
    /// Tensors by the names of the file, tied names filled in.
    pub tensors: HashMap<String, Tensor>,
    // declared after `tensors`, so dropped after them
    _map: Option<memmap2::MmapMut>,
}

/// Maps `path` (see [`Mapped`]).
pub fn map(path: &Path) -> Result<Mapped> {
    if path.extension().and_then(|e| e.to_str()) != Some("safetensors") {
        return Ok(Mapped {
            tensors: read(path)?,
            _map: None,
        });
    }
    let err = |e: String| Error::Model(format!("{}: {e}", path.display()));
    let file = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
    // SAFETY: a private copy-on-write mapping: writes (there are none) would stay in this
    // process; the file changing under a running model is outside what we guard against.
    let mmap =
        unsafe { memmap2::MmapOptions::new().map_copy(&file) }.map_err(|e| err(e.to_string()))?;
    let st = safetensors::SafeTensors::deserialize(&mmap).map_err(|e| err(e.to_string()))?;
    let mut tensors = HashMap::new();
    for (name, view) in st.tensors() {
        let kind = match view.dtype() {
            safetensors::Dtype::F32 => tch::Kind::Float,
            safetensors::Dtype::F16 => tch::Kind::Half,
            safetensors::Dtype::BF16 => tch::Kind::BFloat16,
            safetensors::Dtype::F64 => tch::Kind::Double,
            safetensors::Dtype::I64 => tch::Kind::Int64,
            safetensors::Dtype::I32 => tch::Kind::Int,
            safetensors::Dtype::U8 => tch::Kind::Uint8,
            safetensors::Dtype::BOOL => tch::Kind::Bool,
            other => return Err(err(format!("tensor {name:?}: unsupported dtype {other:?}"))),
        };
        let size: Vec<i64> = view.shape().iter().map(|&d| d as i64).collect();
        let data = view.data();
        let width = kind.elt_size_in_bytes();
        let t = if (data.as_ptr() as usize) % width == 0 {
            let mut strides = vec![1i64; size.len()];
            for i in (0..size.len().saturating_sub(1)).rev() {
                strides[i] = strides[i + 1] * size[i + 1];
            }
            // SAFETY: the bytes lie in `mmap`, which this value keeps alive as long as the
            // tensors; they are aligned for `kind` and hold `size` elements (safetensors
            // checked the offsets against the shape and dtype).
            unsafe { Tensor::from_blob(data.as_ptr(), &size, &strides, kind, tch::Device::Cpu) }
        } else {
            Tensor::f_from_data_size(data, &size, kind).map_err(|e| err(e.to_string()))?
        };
        tensors.insert(name, t);
    }
    drop(st);
    for (name, sources) in TIED {
        if tensors.contains_key(*name) {
            continue;
        }
        if let Some(t) = sources.iter().find_map(|s| tensors.get(*s)) {
            let t = t.shallow_clone();
            tensors.insert((*name).to_string(), t);
        }
    }
    Ok(Mapped {
        tensors,
        _map: Some(mmap),
    })
}
