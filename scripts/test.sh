#!/usr/bin/env bash
# The whole test suite: formatting and lints, Rust tests, then the Python package built
# as a wheel, installed into a virtual environment and tested with pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${NUTGRAF_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check "maturin>=1.5,<2" "pytest>=7" "ruff>=0.5"

echo "== cargo fmt / clippy"
cargo fmt --all -- --check
cargo clippy --release --all-targets -- -D warnings
cargo clippy --release --lib --features python -- -D warnings

echo "== cargo test"
cargo test --release

echo "== wheel"
rm -rf target/wheels-test
"$VENV/bin/maturin" build --release -q -o target/wheels-test
"$VENV/bin/pip" install -q --force-reinstall --no-deps target/wheels-test/nutgraf-*.whl

echo "== ruff"
"$VENV/bin/ruff" check python tests/python
"$VENV/bin/ruff" format --check python tests/python

echo "== pytest"
"$VENV/bin/python" -m pytest -q tests/python
