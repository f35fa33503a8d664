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
