"""Topic scores of short texts: SIB-200 sentences (12 languages) cut to their first n words,
scored by a topic model; how confident the top topic is against how often it is right.

    python bench/topics_short.py --split dev                      # the built-in model
    python bench/topics_short.py --split test --model old.ngm     # another model file

Per cut: top-1 accuracy, the mean score of the top topic, the expected calibration error of the
top topic (10 equal-width bins of its score against its being right) and, over every (text,
label) pair with the sentence's mapped label as the only positive, the Brier score and the
log-loss. `international` is left out of a politics sentence's pairs (SIB-200 does not tell the
two apart) but counts as a wrong top topic. Needs the nutgraf package (a wheel of this tree).
"""

from __future__ import annotations

import argparse
import csv
import math
from pathlib import Path

import nutgraf

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "sib200"
LABELS = {
    "science/technology": "science_technology",
    "travel": "travel",
    "politics": "politics",
    "sports": "sports",
    "health": "health",
    "entertainment": "entertainment_culture",
    "geography": "environment",
}
CUTS = [1, 2, 3, 5, 8, 13, 0]  # 0: the whole sentence


def sentences(split: str) -> list[tuple[str, str]]:
    """(text, taxonomy label) of every SIB-200 sentence of the split, languages in order."""
    rows = []
    for path in sorted(DATA.glob(f"*/{split}.tsv")):
        with path.open(encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                rows.append((r["text"], LABELS[r["category"]]))
    return rows


def report(model: nutgraf.TopicModel, rows: list[tuple[str, str]], n: int) -> str:
    labels = model.labels
    texts = [" ".join(t.split()[:n]) if n else t for t, _ in rows]
    right = top_sum = brier = nll = 0.0
    pairs = 0
    bins = [[0, 0.0, 0.0] for _ in range(10)]
    for scores, (_, gold) in zip(model.scores(texts), rows):
        k = max(range(len(scores)), key=scores.__getitem__)
        ok = labels[k] == gold
        right += ok
        top_sum += scores[k]
        b = bins[min(int(scores[k] * 10), 9)]
        b[0] += 1
        b[1] += scores[k]
        b[2] += ok
        for label, p in zip(labels, scores):
            if gold == "politics" and label == "international":
                continue
            y = 1.0 if label == gold else 0.0
            brier += (p - y) ** 2
            p = min(max(p, 1e-7), 1 - 1e-7)
            nll -= y * math.log(p) + (1 - y) * math.log(1 - p)
            pairs += 1
    total = len(rows)
    ece = sum(abs(b[1] - b[2]) for b in bins) / total
    return (
        f"{n or 'whole':>5} | {right / total:.3f} | {top_sum / total:.3f} | {ece:.3f} | "
        f"{brier / pairs:.4f} | {nll / pairs:.4f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=["dev", "test"], default="dev")
    ap.add_argument("--model", help="a topic model file (default: the built-in model)")
    a = ap.parse_args()
    model = nutgraf.TopicModel.load(a.model) if a.model else nutgraf.TopicModel.builtin()
    rows = sentences(a.split)
    print(f"SIB-200 {a.split}: {len(rows)} sentences")
    print("words | top-1 right | mean top score | top-1 ECE | Brier per pair | log-loss per pair")
    for n in CUTS:
        print(report(model, rows, n))


if __name__ == "__main__":
    main()
