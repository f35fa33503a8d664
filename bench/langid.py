"""Language identification on SIB-200: nutgraf next to py3langid (and lingua, when installed),
in the same run, on whole sentences and on their first four words; and what language
identification costs inside nutgraf's analysis of BBC articles.

    python -m venv .venv-bench && .venv-bench/bin/pip install py3langid target/wheels/nutgraf-*.whl
    .venv-bench/bin/pip install lingua-language-detector   # optional third column
    .venv-bench/bin/python bench/langid.py --split test --out bench/langid.json

Accuracy is the share of texts whose detected ISO 639-1 code is the sentence's language;
`und` (too little text) counts as wrong. The per-language rows and the worst language are
printed for whole sentences and prefixes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

import nutgraf
import sib

DATA = sib.DATA


def sib_texts(split: str) -> list[tuple[str, str]]:
    """(ISO 639-1 code, sentence) for every SIB-200 sentence of the split."""
    return [
        (code, t) for folder, code in sib.LANGUAGES.items() for t in sib.sentences(folder, split)
    ]


def detectors() -> dict:
    """name -> function(text) -> ISO 639-1 code."""
    out = {"nutgraf": lambda t: nutgraf.detect_language(t).code}
    try:
        import py3langid

        out["py3langid"] = lambda t: py3langid.classify(t)[0]
    except ImportError:
        print("py3langid not installed: its column is left out")
    try:
        from lingua import LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_all_languages().build()

        def lingua_code(t: str) -> str:
            lang = lingua.detect_language_of(t)
            return lang.iso_code_639_1.name.lower() if lang else "und"

        out["lingua"] = lingua_code
    except ImportError:
        print("lingua not installed: its column is left out")
    return out


def accuracy(detect, items: list[tuple[str, str]]) -> tuple[float, dict[str, float], float]:
    """Overall accuracy (percent), per language, and seconds spent."""
    right: dict[str, int] = {}
    total: dict[str, int] = {}
    start = time.perf_counter()
    for code, text in items:
        total[code] = total.get(code, 0) + 1
        right[code] = right.get(code, 0) + (detect(text) == code)
    seconds = time.perf_counter() - start
    per = {c: 100.0 * right.get(c, 0) / n for c, n in total.items()}
    return 100.0 * sum(right.values()) / sum(total.values()), per, seconds


def langid_share(n: int = 300) -> dict:
    """Seconds of language identification vs. of the whole analysis on n BBC articles."""
    path = DATA / "bbc-news-summary" / "normalized" / "bbc_news_summary.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for _, line in zip(range(n), f)]
    nlp = nutgraf.Analyzer()
    nlp(texts[0])  # load the models first
    best = {"detect": float("inf"), "analyze": float("inf")}
    for _ in range(3):
        start = time.perf_counter()
        for t in texts:
            nutgraf.detect_language(t)
        best["detect"] = min(best["detect"], time.perf_counter() - start)
        start = time.perf_counter()
        for t in texts:
            nlp(t)
        best["analyze"] = min(best["analyze"], time.perf_counter() - start)
    # analysis identifies the language once or twice (before and after cleaning)
    return {
        "articles": n,
        "detect_seconds": best["detect"],
        "analyze_seconds": best["analyze"],
        "share_percent": 100.0 * best["detect"] / best["analyze"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=["dev", "test"])
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    items = sib_texts(args.split)
    prefixes = [(c, " ".join(t.split()[:4])) for c, t in items]
    result: dict = {"split": args.split, "sentences": len(items), "detectors": {}}
    for name, detect in detectors().items():
        whole, whole_per, secs = accuracy(detect, items)
        pre, pre_per, _ = accuracy(detect, prefixes)
        result["detectors"][name] = {
            "whole": whole,
            "prefix4": pre,
            "whole_per_language": whole_per,
            "prefix4_per_language": pre_per,
            "seconds_whole": secs,
        }
        worst = min(whole_per, key=whole_per.get)
        print(
            f"{name:10s} whole {whole:6.2f}  4-word prefix {pre:6.2f}  "
            f"worst whole {worst} {whole_per[worst]:.2f}  ({secs:.2f} s for {len(items)})"
        )
    names = list(result["detectors"])
    print("\nper language (whole / prefix): " + "  ".join(names))
    for code in sib.LANGUAGES.values():
        cells = [
            f"{result['detectors'][n]['whole_per_language'][code]:6.2f} / "
            f"{result['detectors'][n]['prefix4_per_language'][code]:6.2f}"
            for n in names
        ]
        print(f"  {code}  " + "   ".join(cells))
    result["bbc"] = langid_share()
    print(
        "\nBBC: language id {detect_seconds:.3f} s vs analysis {analyze_seconds:.3f} s of "
        "{articles} articles ({share_percent:.1f} %)".format(**result["bbc"])
    )
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
