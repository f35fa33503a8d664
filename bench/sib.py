"""SIB-200 for the benchmarks: its twelve languages (folder code → ISO 639-1) and the reader of
one split's sentences."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
LANGUAGES = {
    "ces": "cs",
    "dan": "da",
    "deu": "de",
    "eng": "en",
    "fin": "fi",
    "fra": "fr",
    "ita": "it",
    "nld": "nl",
    "pol": "pl",
    "por": "pt",
    "spa": "es",
    "swe": "sv",
}


def sentences(folder: str, split: str) -> list[str]:
    """The sentences (column `text`) of one language's split, e.g. ``sentences("deu", "test")``."""
    lines = (DATA / "sib200" / f"{folder}_Latn" / f"{split}.tsv").read_text("utf-8").splitlines()
    col = lines[0].split("\t").index("text")
    return [line.split("\t")[col] for line in lines[1:]]
