import pathlib

import nutgraf
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "examples" / "seed-article-de.txt"


@pytest.fixture(scope="session")
def nlp() -> nutgraf.Analyzer:
    return nutgraf.Analyzer()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def need(module: str):
    """Imports an optional dependency for a test. In CI (``CI`` set) or with
    ``NUTGRAF_TEST_EXTRAS=1`` a missing one fails the test; elsewhere it skips it."""
    import importlib
    import os

    if os.environ.get("CI") or os.environ.get("NUTGRAF_TEST_EXTRAS"):
        return importlib.import_module(module)
    return pytest.importorskip(module)
