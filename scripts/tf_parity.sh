#!/usr/bin/env bash
# Parity of the transformer tier with HF transformers (issue 20): genuine HF model folders made
# by scripts/tf_parity.py (tokenizers trained on ../shared/data, random tiny models, fixed
# seeds), nutgraf run on them, HF pipelines run on the same inputs, compared.
# Needs the transformer build environment (.ci/run's transformer stage sets it) and a python
# with torch, transformers and tokenizers (PYTHON, default python).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$PY" scripts/tf_parity.py make "$dir"
cargo run --release -q --features transformers --example transformer_parity -- "$dir"
"$PY" scripts/tf_parity.py check "$dir" 2>&1 | grep -v -e 'UserWarning' -e 'warnings.warn' -e 'Asking to truncate'
