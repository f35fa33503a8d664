"""Dev halves for the final-fit simulation of issue 17 (models/ner-{fi,sv,da,cs}.md): early stopping
on one half of a dev set, scored on the other.

Usage:
  python3 scripts/dev_halves.py DEV.tsv OUTDIR
      Writes OUTDIR/A.tsv (the first half of the sentences) and OUTDIR/B.tsv (the rest).
  python3 scripts/dev_halves.py TRAIN.tsv OUTDIR --held-out 10
      For a corpus without a dev split (Swedish): sentences with index % 10 == 9 are the dev set
      (as `DataFile::hold_out` in src/ner/recipes.rs); writes OUTDIR/train.tsv (the others) and
      the halves of the held-out ones as A.tsv and B.tsv.

Halves of consecutive sentences, not alternate ones: the files keep no document breaks, and
alternate sentences put the neighbours of every scored sentence (the same article, the same
names) into the training data of the final fit.
"""

import argparse
from pathlib import Path


def sentences(path: Path) -> list[list[str]]:
    out, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            cur.append(line)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def write(path: Path, sents: list[list[str]]) -> None:
    path.write_text("".join("\n".join(s) + "\n\n" for s in sents), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input", type=Path)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--held-out", type=int, default=0)
    a = ap.parse_args()
    a.outdir.mkdir(parents=True, exist_ok=True)
    sents = sentences(a.input)
    if any(s[0].startswith("-DOCSTART-") for s in sents):
        raise SystemExit("document breaks in the input: split by documents instead")
    if a.held_out:
        n = a.held_out
        write(a.outdir / "train.tsv", [s for i, s in enumerate(sents) if i % n != n - 1])
        sents = [s for i, s in enumerate(sents) if i % n == n - 1]
    half = len(sents) // 2
    write(a.outdir / "A.tsv", sents[:half])
    write(a.outdir / "B.tsv", sents[half:])
    print(f"{len(sents)} dev sentences: A {half}, B {len(sents) - half}")


if __name__ == "__main__":
    main()
