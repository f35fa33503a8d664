#!/usr/bin/env bash
# Builds the transformer tier's test binary and throughput example against a NEWER libtorch
# than tch 0.17's 2.4 (e.g. the PyTorch 2.11 / CUDA 13 that a GPU machine ships), so they run
# there with that machine's own torch libraries. tch 0.17's C++ shim compiles against 2.11's
# headers except for three operator wrappers whose signatures changed (_scaled_mm,
# _scaled_mm_out, _scaled_dot_product_cudnn_attention_backward; none used by rust-bert): a
# patched copy of torch-sys replaces their bodies with a thrown error.
#
# Usage: scripts/gpu/build_for_torch.sh TORCH_DIR [OUT_DIR]
#   TORCH_DIR: an unpacked torch wheel of the target version (its include/ and lib/), e.g.
#     pip download torch==2.11.0 --no-deps -d /tmp/t && unzip -q /tmp/t/torch-*.whl 'torch/*' -d /tmp/t
#     scripts/gpu/build_for_torch.sh /tmp/t/torch
# Then on the GPU machine: LD_LIBRARY_PATH=<its torch>/lib NUTGRAF_TEST_DEVICE=cuda OUT_DIR/tf_tests
# --skip cli, and OUT_DIR/tf_bench --devices cuda,cpu (see scripts/gpu_check.sh for the table).
set -euo pipefail
cd "$(dirname "$0")/../.."
TORCH_DIR=$(cd "$1" && pwd)
OUT=${2:-target/gpu-bin}
PATCHED=${CARGO_TARGET_DIR:-target}/torch-sys-patched
src=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -maxdepth 1 -mindepth 1 -type d | head -1)
if [ ! -d "$src/torch-sys-0.17.0" ]; then cargo fetch; fi
rm -rf "$PATCHED" && cp -r "$src/torch-sys-0.17.0" "$PATCHED"
python3 - "$PATCHED/libtch/torch_api_generated.cpp" <<'PY'
import sys
path = sys.argv[1]
src = open(path).read()
for name in ("atg__scaled_dot_product_cudnn_attention_backward(", "atg__scaled_mm(",
             "atg__scaled_mm_out("):
    start = src.index("PROTECT(", src.index("void " + name))
    end = src.index("\n  )\n}", start)
    src = src[:start] + 'PROTECT(\n    throw std::invalid_argument("not in this libtorch build");' + src[end:]
open(path, "w").write(src)
PY
export LIBTORCH="$TORCH_DIR" LIBTORCH_BYPASS_VERSION_CHECK=1
patch="patch.crates-io.torch-sys.path=\"$(cd "$PATCHED" && pwd)\""
cargo build --release --features transformers --example transformer_bench --config "$patch"
tests=$(cargo test --release --features transformers --test transformers --no-run --config "$patch" \
  --message-format=json | python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("executable") and m["target"]["name"] == "transformers":
        print(m["executable"])')
mkdir -p "$OUT"
strip -o "$OUT/tf_tests" "$tests"
strip -o "$OUT/tf_bench" "${CARGO_TARGET_DIR:-target}/release/examples/transformer_bench"
ls -l "$OUT"
