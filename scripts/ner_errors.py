"""Kinds of entity-tagger misses in a predictions file (error analysis for docs/german-ner.md).

Usage: python3 scripts/ner_errors.py PREDICTIONS.tsv [TOP]

PREDICTIONS.tsv holds ``token<TAB>gold<TAB>predicted`` lines (IOB2, blank line between
sentences), as written by ``nutgraf eval ner --predictions``. Every gold entity that the
tagger did not find exactly is a miss, classified by what happened (not found at all, found
with another type, found with other bounds) x its gold type x its shape (lowercase word,
hyphenated compound, acronym, one capitalized word, several words). Prints the TOP (default
10) most frequent kinds with counts and examples, then the spurious predictions by type.
"""

import collections
import sys


def spans(tags):
    """(start, end, label) entity spans of an IOB2 tag sequence."""
    out, start, label = [], None, None
    for i, t in enumerate(tags + ["O"]):
        inside = t.startswith("I-") and label == t[2:]
        if start is not None and not inside:
            out.append((start, i, label))
            start, label = None, None
        if t.startswith("B-") or (t.startswith("I-") and start is None):
            start, label = i, t[2:]
    return out


def shape(tokens):
    """A coarse shape class of an entity's tokens."""
    if len(tokens) > 1:
        return "several words"
    w = tokens[0]
    if w[:1].islower():
        return "lowercase word"
    if "-" in w.strip("-"):
        return "hyphenated"
    if sum(c.isupper() for c in w) >= 2 and w.upper() == w:
        return "acronym"
    return "one capitalized word"


def sentences(path):
    sent = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if sent:
                yield sent
            sent = []
            continue
        parts = line.split("\t")
        sent.append((parts[0], parts[1], parts[2]))
    if sent:
        yield sent


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    kinds = collections.Counter()
    examples = collections.defaultdict(list)
    spurious = collections.Counter()
    gold_total = 0
    for sent in sentences(path):
        toks = [t for t, _, _ in sent]
        gold = spans([g for _, g, _ in sent])
        pred = spans([p for _, _, p in sent])
        gold_total += len(gold)
        pset = set(pred)
        for s, e, lab in gold:
            if (s, e, lab) in pset:
                continue
            over = [p for p in pred if p[0] < e and s < p[1]]
            same = [p for p in over if p[0] == s and p[1] == e]
            if same:
                what = f"found as {same[0][2]}"
            elif over:
                what = "other bounds"
            else:
                what = "not found"
            kind = f"{lab}, {shape(toks[s:e])}: {what}"
            kinds[kind] += 1
            if len(examples[kind]) < 4:
                ctx = " ".join(toks[max(0, s - 3) : e + 2])
                examples[kind].append(f"{' '.join(toks[s:e])!r} in “{ctx}”")
        gset = set(gold)
        for p in pred:
            if p not in gset and not any(g[0] < p[1] and p[0] < g[1] for g in gold):
                spurious[p[2]] += 1
    misses = sum(kinds.values())
    print(f"{gold_total} gold entities, {misses} missed (recall {1 - misses / gold_total:.2%})")
    print("| # | kind of miss (gold type, shape: what the tagger did) | count | examples |")
    print("|---|---|---|---|")
    for i, (kind, n) in enumerate(kinds.most_common(top), 1):
        print(f"| {i} | {kind} | {n} | {'; '.join(examples[kind][:3])} |")
    print("spurious (no overlap with a gold entity):", dict(spurious.most_common()))


if __name__ == "__main__":
    main()
