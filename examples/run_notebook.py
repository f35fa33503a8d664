"""Runs a notebook top to bottom headless and fails on the first error:
``python examples/run_notebook.py examples/quickstart.ipynb`` (needs nbclient and ipykernel).

The notebook runs in its own folder; the file in git is not changed.
"""

import sys
from pathlib import Path

import nbclient
import nbformat


def main(path: str) -> int:
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(Path(path).resolve().parent)}},
    )
    client.execute()
    views = sum(
        1
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if "nutgraf-doc-" in str(out.get("data", {}).get("text/html", ""))
    )
    print(f"{path}: {len(nb.cells)} cells ran, {views} Doc views")
    if views == 0:
        print("no HTML output: the Doc view did not render", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "examples/quickstart.ipynb"))
