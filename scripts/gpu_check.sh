#!/usr/bin/env bash
# The transformer tier on a CUDA GPU: its tests on the device, then NER and summarization
# throughput of base-size random-initialized models on CPU and GPU (a Markdown table).
#
# Needs libtorch 2.4 with CUDA (tch 0.17): a Python environment with the PyPI torch==2.4.0
# wheel (TORCH_PYTHON, default: python3 on PATH), cargo, and this repository. It does NOT work
# with another libtorch: a binary built against torch 2.4's wheel (pre-C++11 string ABI) cannot
# load torch >= 2.6's libraries (C++11 ABI, renamed operator symbols); see the README.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${TORCH_PYTHON:-python3}"
TORCH_DIR=$("$PY" -c 'import os, torch; print(os.path.dirname(torch.__file__))')
"$PY" -c 'import torch; v = torch.__version__; assert v.startswith("2.4."), v; print("torch", v, "cuda", torch.cuda.is_available())'
export LIBTORCH_USE_PYTORCH=1 PATH="$(dirname "$(command -v "$PY")"):$PATH"
export LD_LIBRARY_PATH="$TORCH_DIR/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true

echo "== tests on cuda"
NUTGRAF_TEST_DEVICE=cuda cargo test --release --features transformers --test transformers \
  pipelines_on_the_test_device -- --exact

echo "== throughput (base-size random models)"
cargo run --release --features transformers --example transformer_bench -- \
  --dir "${BENCH_DIR:-/tmp/nutgraf-base-models}" --devices cpu,cuda --docs "${DOCS:-16}"
