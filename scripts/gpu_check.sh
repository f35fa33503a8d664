#!/usr/bin/env bash
# The transformer tier on a CUDA GPU: its tests on the device, then NER and summarization
# throughput of base-size random-initialized models on CPU and GPU (a Markdown table).
#
# Binaries: TEST_BIN (the tests/transformers.rs test binary) and BENCH_BIN (the
# transformer_bench example) when prebuilt, else they are built here with cargo.
# libtorch: the torch of TORCH_PYTHON (default python3) must be the one the binaries were built
# against. Built against the PyPI torch==2.4.0 wheel (tch 0.17), they do NOT load with torch
# >= 2.6 (C++11 string ABI and changed operator symbols; see the README).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${TORCH_PYTHON:-python3}"
TORCH_DIR=$("$PY" -c 'import os, torch; print(os.path.dirname(torch.__file__))')
"$PY" -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available())'
# torch's own libraries and the CUDA libraries of its nvidia-* packages
NV=$(find "$(dirname "$TORCH_DIR")/nvidia" -maxdepth 2 -name lib -type d 2>/dev/null | tr '\n' ':')
export LD_LIBRARY_PATH="$TORCH_DIR/lib:$NV${LD_LIBRARY_PATH:-}"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
if [ -z "${TEST_BIN:-}" ] || [ -z "${BENCH_BIN:-}" ]; then
  export LIBTORCH_USE_PYTORCH=1 PATH="$(dirname "$(command -v "$PY")"):$PATH"
  cargo build --release --features transformers --example transformer_bench
  TEST_BIN=$(cargo test --release --features transformers --test transformers --no-run \
    --message-format=json | "$PY" -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("executable") and m["target"]["name"] == "transformers": print(m["executable"])')
  BENCH_BIN=target/release/examples/transformer_bench
fi

echo "== tests on cuda"
NUTGRAF_TEST_DEVICE=cuda "$TEST_BIN" --test-threads 1

echo "== throughput (base-size random models)"
"$BENCH_BIN" --dir "${BENCH_DIR:-/tmp/nutgraf-base-models}" --devices cpu,cuda --docs "${DOCS:-16}"
