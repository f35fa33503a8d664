"""The examples: the notebook is committed without outputs; the Python script runs."""

import json
import subprocess
import sys

from conftest import ROOT, SEED


def test_notebook_is_stripped():
    nb = json.loads((ROOT / "examples" / "quickstart.ipynb").read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    for cell in code:
        assert cell.get("outputs") == [] and cell.get("execution_count") is None


def test_python_example_runs():
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "analyze.py"), str(SEED)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "summary:" in out.stdout and "Ishiba" in out.stdout
