#!/usr/bin/env python3
"""Independent entity-level scorer (conlleval style, strict IOB2 spans, micro F1).

usage: conll_f1.py GOLD.tsv PRED.tsv [--no-misc]
Both files: token in the first column, tag in the last column, blank lines between
sentences; -DOCSTART- lines are skipped. Tokens must line up."""

import sys


def read(path):
    sents, cur = [], []
    for line in open(path, encoding="utf-8"):
        cols = line.split()
        if not cols:
            if cur:
                sents.append(cur)
                cur = []
            continue
        if cols[0] == "-DOCSTART-":
            continue
        cur.append((cols[0], cols[-1]))
    if cur:
        sents.append(cur)
    return sents


def spans(tags, no_misc):
    out, start, lab = set(), None, None
    for i, t in enumerate(list(tags) + ["O"]):
        if no_misc and t.endswith("MISC"):
            t = "O"
        b, _, label = t.partition("-")
        if start is not None and (b != "I" or label != lab):
            out.add((start, i, lab))
            start = None
        if b == "B" or (b == "I" and start is None):
            start, lab = i, label
    return out


def main():
    gold, pred = read(sys.argv[1]), read(sys.argv[2])
    no_misc = "--no-misc" in sys.argv
    assert len(gold) == len(pred), (len(gold), len(pred))
    c = p = g = 0
    per = {}
    for gs, ps in zip(gold, pred):
        assert [t for t, _ in gs] == [t for t, _ in ps], "token mismatch"
        G, P = spans([x for _, x in gs], no_misc), spans([x for _, x in ps], no_misc)
        for k in ("PER", "ORG", "LOC", "MISC"):
            cc = per.setdefault(k, [0, 0, 0])
            cc[0] += len({s for s in G & P if s[2] == k})
            cc[1] += len({s for s in P if s[2] == k})
            cc[2] += len({s for s in G if s[2] == k})
        c, p, g = c + len(G & P), p + len(P), g + len(G)

    def f(c, p, g):
        return 0.0 if c == 0 else 200.0 * c / (p + g)

    print(
        f"precision {100 * c / max(p, 1):.2f} recall {100 * c / max(g, 1):.2f} F1 {f(c, p, g):.2f}"
    )
    for k, (cc, pp, gg) in per.items():
        print(f"  {k}: F1 {f(cc, pp, gg):.2f}")


if __name__ == "__main__":
    main()
