#!/usr/bin/env python3
"""nutgraf's summaries next to sumy's TextRank, LexRank and the lead, on the same articles.

Reads the file written by `nutgraf eval summary --predictions OUT.jsonl`: per article its
sentences as nutgraf split them, the reference, k, nutgraf's prediction and the time nutgraf
spent summarizing. Runs the peers on exactly those sentences and scores everything with the same
ROUGE (EVAL.md: Google's rouge-score; English with its tokenizer and stemming, other languages
with `re.findall(r"\\w+", text.lower())` and no stemming; ROUGE-Lsum with one sentence per line).

Peers see the same sentence split as nutgraf: sumy's own splitter needs NLTK's punkt data,
which cannot be downloaded here, and one split for all keeps the comparison about sentence
choice. Words for sumy come from a regex tokenizer (letters and digits, inner apostrophes),
with sumy's Snowball stemmer and sumy's stop-word list for the language.

Speed: nutgraf's time is the summarization step only, measured by `nutgraf eval summary` per
article (`summarize_us`); sumy's time covers building its document model and summarizing,
single process. Both exclude reading data and ROUGE.

    pip install sumy rouge-score
    nutgraf eval summary --dataset bbc --k-from-reference --predictions bbc-k.jsonl
    python scripts/summary_peers.py bbc-k.jsonl [--peers textrank,lexrank] [--jobs 2]
"""

import argparse
import json
import re
import sys
import time
from multiprocessing import Pool

from rouge_score import rouge_scorer

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
SUMY_LANG = {"en": "english", "de": "german"}


class WordTokenizer:
    """The EVAL.md tokenizer for non-English ROUGE."""

    def tokenize(self, text):
        return re.findall(r"\w+", text.lower())


class SumyWords:
    """A word tokenizer for sumy that needs no NLTK data."""

    WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

    def to_words(self, text):
        return self.WORD.findall(text)

    def to_sentences(self, text):  # not used: sentences come from nutgraf
        return [text]


def _summarizers(lang, names):
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    sl = SUMY_LANG.get(lang, "english")
    out = {}
    for name in names:
        cls = {"textrank": TextRankSummarizer, "lexrank": LexRankSummarizer}[name]
        s = cls(Stemmer(sl))
        s.stop_words = get_stop_words(sl)
        out[name] = s
    return out


def run_peers(args):
    """Sumy's summaries of one article: {peer: (sentences, seconds)}."""
    row, names = args
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tok = SumyWords()
    sums = _summarizers(row.get("lang", "en"), names)
    out = {}
    for name, summarizer in sums.items():
        t = time.perf_counter()
        doc = ObjectDocumentModel([Paragraph([Sentence(s, tok) for s in row["sentences"]])])
        picked = [str(s) for s in summarizer(doc, row["k"])]
        out[name] = (picked, time.perf_counter() - t)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("predictions", help="JSONL from nutgraf eval summary --predictions")
    ap.add_argument("--peers", default="textrank,lexrank", help="comma-separated")
    ap.add_argument("--jobs", type=int, default=1, help="processes for the peers")
    ap.add_argument("--limit", type=int, default=0, help="first N articles only")
    a = ap.parse_args()
    rows = [json.loads(x) for x in open(a.predictions, encoding="utf-8") if x.strip()]
    if a.limit:
        rows = rows[: a.limit]
    if not rows or "sentences" not in rows[0]:
        sys.exit("no predictions with sentences (rerun nutgraf eval summary --predictions)")
    names = [p for p in a.peers.split(",") if p]
    work = [(r, names) for r in rows]
    if a.jobs > 1:
        with Pool(a.jobs) as pool:
            peer_out = pool.map(run_peers, work, chunksize=4)
    else:
        peer_out = [run_peers(w) for w in work]

    en = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    other = rouge_scorer.RougeScorer(TYPES, use_stemmer=False, tokenizer=WordTokenizer())
    systems = ["nutgraf", "lead"] + names
    sums = {s: [0.0] * 4 for s in systems}
    secs = {s: 0.0 for s in names}
    nutgraf_secs = 0.0
    for r, po in zip(rows, peer_out):
        scorer = en if r.get("lang", "en") == "en" else other
        preds = {"nutgraf": r["prediction"], "lead": r["lead"]}
        for name in names:
            preds[name] = "\n".join(po[name][0])
            secs[name] += po[name][1]
        nutgraf_secs += r.get("summarize_us", 0.0) / 1e6
        for s in systems:
            sc = scorer.score(r["reference"], preds[s])
            for i, t in enumerate(TYPES):
                sums[s][i] += sc[t].fmeasure
    n = len(rows)
    ks = {r["k"] for r in rows}
    klabel = "k=reference" if len(ks) > 1 else f"k={ks.pop()}"
    print(f"{a.predictions}: n={n} {klabel} (rouge-score F1 x 100; same sentences for all)")
    print(f"{'system':<12} {'R1':>6} {'R2':>6} {'RL':>6} {'RLsum':>6}  articles/s")
    nut_rate = n / nutgraf_secs if nutgraf_secs > 0 else float("nan")
    for s in systems:
        v = [100 * x / n for x in sums[s]]
        if s == "nutgraf":
            speed = f"{nut_rate:10.0f}"
        elif s in secs:
            rate = n / secs[s]
            speed = f"{rate:10.1f}  (nutgraf {nut_rate / rate:.0f}x)"
        else:
            speed = ""
        label = f"sumy-{s}" if s in secs else s
        print(f"{label:<12} {v[0]:6.2f} {v[1]:6.2f} {v[2]:6.2f} {v[3]:6.2f}  {speed}")
    for name in names:
        d = [100 * (x - y) / n for x, y in zip(sums["nutgraf"], sums[name])]
        print(f"nutgraf - sumy-{name}: " + " ".join(f"{x:+.2f}" for x in d))


if __name__ == "__main__":
    main()
