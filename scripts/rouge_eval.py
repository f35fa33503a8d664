#!/usr/bin/env python3
"""Recompute ROUGE for `nutgraf eval summary --predictions OUT.jsonl` with Google's rouge-score.

Each line of the JSONL has: id, lang, prediction, lead, reference (sentences joined by newlines).
Follows EVAL.md: English uses RougeScorer(use_stemmer=True) with its default tokenizer; other
languages use a tokenizer returning re.findall(r"\\w+", text.lower()) and no stemming.
ROUGE-Lsum gets one sentence per line.

    pip install rouge-score
    python scripts/rouge_eval.py OUT.jsonl
"""

import json
import re
import sys

from rouge_score import rouge_scorer


class WordTokenizer:
    def tokenize(self, text):
        return re.findall(r"\w+", text.lower())


def main(path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    if not rows:
        sys.exit("no predictions")
    types = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
    en = rouge_scorer.RougeScorer(types, use_stemmer=True)
    other = rouge_scorer.RougeScorer(types, use_stemmer=False, tokenizer=WordTokenizer())
    sums = {"prediction": [0.0] * 4, "lead": [0.0] * 4}
    for r in rows:
        scorer = en if r.get("lang", "en") == "en" else other
        for key in sums:
            s = scorer.score(r["reference"], r[key])
            for i, t in enumerate(types):
                sums[key][i] += s[t].fmeasure
    n = len(rows)
    print(f"{path}: n={n} (rouge-score, F1 x 100)")
    print("              R1     R2     RL   RLsum")
    for key, name in [("prediction", "nutgraf"), ("lead", "lead-k")]:
        v = [100 * x / n for x in sums[key]]
        print(f"{name:<10} {v[0]:6.2f} {v[1]:6.2f} {v[2]:6.2f} {v[3]:6.2f}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
