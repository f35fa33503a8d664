#!/usr/bin/env bash
# nutgraf's transformer NER tier against HF transformers on a CUDA GPU (issue 20): the same
# base-size BERT token-classification folder and the same news documents as
# bench/transformer_speed.py on CPU, timed in float32 and in float16 and bfloat16 (HF:
# torch_dtype; nutgraf: NUTGRAF_TF_DTYPE casts its weights), printing the ratio of each.
# One run takes under 5 minutes on an H100 (model folder about 1 minute, then 3 x 2 tools).
#
#   TORCH_PYTHON=python3 NUTGRAF_BIN=target/release/nutgraf scripts/gpu_speed.sh
#
# TORCH_PYTHON: a python with torch (CUDA), transformers and tokenizers. NUTGRAF_BIN: a
# `nutgraf` built with `--features transformers` against that torch (built here with cargo
# when absent; tch 0.17 binaries built against torch 2.4 do not load with torch >= 2.6, see
# scripts/gpu/build_for_torch.sh). DOCS (default 200), DTYPES (default
# "float32 float16 bfloat16"), BATCH_SIZES for HF (default 1,8,32), NUTGRAF_TF_BATCH (windows
# per nutgraf batch, default 8). Results: target/gpu-speed-<dtype>.json.
# DRY_RUN=1 runs the same steps on the CPU with float32 only and 4 documents (no GPU needed).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${TORCH_PYTHON:-python3}"
TORCH_DIR=$("$PY" -c 'import os, torch; print(os.path.dirname(torch.__file__))')
"$PY" -c 'import torch, transformers; print("torch", torch.__version__, "transformers",
transformers.__version__, "cuda", torch.cuda.is_available())'
NV=$(find "$(dirname "$TORCH_DIR")/nvidia" -maxdepth 2 -name lib -type d 2>/dev/null | tr '\n' ':')
export LD_LIBRARY_PATH="$TORCH_DIR/lib:$NV${LD_LIBRARY_PATH:-}"
if [ -z "${NUTGRAF_BIN:-}" ]; then
  PATH="$(dirname "$(command -v "$PY")"):$PATH" LIBTORCH_USE_PYTORCH=1 \
    cargo build --release --features transformers --bin nutgraf
  NUTGRAF_BIN=target/release/nutgraf
fi
device=cuda docs=${DOCS:-200} dtypes=${DTYPES:-"float32 float16 bfloat16"}
if [ "${DRY_RUN:-0}" = 1 ]; then device=cpu docs=4 dtypes=float32; fi
[ "$device" = cpu ] || nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
threads=$(nproc)
mkdir -p target
for dtype in $dtypes; do
  echo "== $device $dtype"
  extra=()
  [ -n "${NUTGRAF_TF_BATCH:-}" ] && extra=(--nutgraf-batch "$NUTGRAF_TF_BATCH")
  timeout 240 "$PY" bench/transformer_speed.py --device "$device" --dtype "$dtype" \
    --docs "$docs" --threads "$threads" --batch-sizes "${BATCH_SIZES:-1,8,32}" \
    --nutgraf "$NUTGRAF_BIN" --dir "${BENCH_DIR:-/tmp/nutgraf-speed}/bert-base-ner" \
    --out "target/gpu-speed-$dtype.json" "${extra[@]}" 2>&1 | grep -v -e Warning -e warn
done
