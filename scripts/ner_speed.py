"""Tagging speed of entity models, old vs new, in one run (docs/german-ner.md).

Usage:
  python3 scripts/ner_speed.py LANG TOKENS.tsv ROUNDS MODEL_A MODEL_B [...]
      Runs `nutgraf tag --model M TOKENS.tsv` on one thread (RAYON_NUM_THREADS=1), the models
      alternating, ROUNDS times each, and the same on a one-sentence file to measure the model
      load; prints per model the median CPU seconds (user + sys) of tagging without the load
      and the words/s, then each model's words/s relative to MODEL_A.
"""

import os
import resource
import statistics
import subprocess
import sys

BIN = "./target/release/nutgraf"


def cpu(lang, model, path):
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [BIN, "tag", "--lang", lang, "--model", model, path],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    lang, tokens, rounds, models = (
        sys.argv[1],
        sys.argv[2],
        int(sys.argv[3]),
        sys.argv[4:],
    )
    with open(tokens, encoding="utf-8") as f:
        words = sum(1 for line in f if line.strip())
    tiny = "/tmp/ner_speed_tiny.tsv"
    with open(tiny, "w", encoding="utf-8") as f:
        f.write("Angela\nMerkel\nbesucht\nParis\n.\n\n")
    full = {m: [] for m in models}
    load = {m: [] for m in models}
    for r in range(rounds):
        order = models if r % 2 == 0 else models[::-1]
        for m in order:
            load[m].append(cpu(lang, m, tiny))
            full[m].append(cpu(lang, m, tokens))
    print(f"{words} words, {rounds} rounds, load {os.getloadavg()[0]:.1f}")
    wps = {}
    for m in models:
        t = statistics.median(full[m]) - statistics.median(load[m])
        wps[m] = words / t
        runs = " ".join(f"{x:.2f}" for x in full[m])
        ld = statistics.median(load[m])
        print(f"{m}: tagging {t:.2f} s CPU ({runs}; load {ld:.2f}), {wps[m]:,.0f} words/s")
    for m in models[1:]:
        print(f"{m} / {models[0]}: {wps[m] / wps[models[0]]:.3f}x words/s")


if __name__ == "__main__":
    main()
