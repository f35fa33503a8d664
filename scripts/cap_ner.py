"""A capped sample of a large, sparse CoNLL-style NER file (a training-only domain of
docs/german-ner.md, e.g. German LER as ``legal:no-misc``).

Usage:
  python3 scripts/cap_ner.py IN.tsv[.gz] OUT.tsv WITH [SEED]
      Drops duplicate sentences, then keeps WITH random sentences that hold at least one
      entity and as many random sentences without one (fewer where there are fewer), in
      their original order, as ``token<TAB>tag`` lines with a blank line between sentences.
"""

import gzip
import random
import sys


def sentences(path):
    opener = gzip.open if path.endswith(".gz") else open
    cur = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if cur:
                    yield cur
                cur = []
            elif not line.startswith("-DOCSTART-"):
                cur.append(line.split("\t"))
    if cur:
        yield cur


def main():
    src, out, n_with = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    seen, with_ent, without = set(), [], []
    for i, s in enumerate(sentences(src)):
        key = tuple(tuple(t) for t in s)
        if key in seen:
            continue
        seen.add(key)
        (with_ent if any(t[-1] != "O" for t in s) else without).append((i, s))
    a = rng.sample(with_ent, min(n_with, len(with_ent)))
    b = rng.sample(without, min(len(a), len(without)))
    keep = sorted(a + b, key=lambda x: x[0])
    with open(out, "w", encoding="utf-8") as w:
        for _, s in keep:
            w.write("".join(f"{t[0]}\t{t[-1]}\n" for t in s) + "\n")
    print(
        f"{len(seen)} distinct sentences, {len(with_ent)} with an entity; "
        f"kept {len(a)} with + {len(b)} without = {len(keep)} "
        f"({sum(len(s) for _, s in keep)} tokens)"
    )


if __name__ == "__main__":
    main()
