"""Dev sets for language identification of short, name-heavy texts, and their scores: writes
`set<TAB>gold<TAB>text` lines for `examples/langid_dev.rs`, or scores its output.

    python bench/langid_dev.py sets > /tmp/dev.tsv
    cargo run --release --example langid_dev < /tmp/dev.tsv > /tmp/guesses.tsv
    python bench/langid_dev.py score /tmp/guesses.tsv [--before /tmp/guesses-before.tsv]

Sets (dev data only): SIB-200 dev, whole sentences and their first 2/3/4/6 words; the first
4/6/10 words of name-heavy NER dev sentences (two or more names, five or more tokens, at most
150 a language); lines 501-1,000 of lingua's test sentences of the 40 languages without
SIB-200 (the first 500 build the word table; `--lines 750`: lines 751-1,000), whole and first 4
words. `score` prints percent right and confident wrong guesses (confidence >= 0.5) a set, and
with `--before` every language that lost.
"""

from __future__ import annotations

import argparse
import collections
import glob
import sys
from pathlib import Path

import langid_words
import sib

NER = {
    "en": "conll2003-en",
    "de": "germeval2014",
    "es": "conll2002-es",
    "nl": "conll2002-nl",
    "it": "kind-wikinews-it",
    "fi": "turku-ner-fi",
    "cs": "cnec2-cs",
    "pl": "nkjp-pl",
    "da": "danish-ner-da",
    "nb": "norne-nb",
}


def ner_sentences(path: Path) -> list[list[tuple[str, str]]]:
    out, cur = [], []
    for line in path.read_text("utf-8").splitlines():
        if not line or line.startswith("-DOCSTART"):
            if cur:
                out.append(cur)
                cur = []
            continue
        cols = line.split("\t")
        cur.append((cols[0], cols[-1]))
    if cur:
        out.append(cur)
    return out


def sets(lines: int) -> None:
    def put(name: str, gold: str, text: str) -> None:
        text = text.replace("\t", " ").replace("\n", " ")
        print(f"{name}\t{gold}\t{text}")

    for folder, code in sib.LANGUAGES.items():
        for t in sib.sentences(folder, "dev"):
            put("sib_whole", code, t)
            for k in (2, 3, 4, 6):
                put(f"sib_p{k}", code, " ".join(t.split()[:k]))
    root = Path(glob.glob(str(Path.home() / ".cargo/registry/src/index.crates.io-*/"))[0])
    for name, code in langid_words.LINGUA.items():
        if code in sib.LANGUAGES.values():
            continue
        for t in langid_words.lingua_lines(root, name, "dev", lines):
            put("ling_whole", code, t)
            put("ling_p4", code, " ".join(t.split()[:4]))
    for code, folder in NER.items():
        path = sib.DATA / folder / "normalized" / "dev.tsv"
        if not path.exists():
            print(f"{path} missing: left out", file=sys.stderr)
            continue
        heavy = [
            s
            for s in ner_sentences(path)
            if len(s) >= 5 and sum(tag.startswith("B-") for _, tag in s) >= 2
        ]
        for s in heavy[:150]:
            for k in (4, 6, 10):
                put(f"names_p{k}", code, " ".join(w for w, _ in s[:k]))


def load(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text("utf-8").splitlines()]


def score(path: Path, before: Path | None) -> None:
    rows = load(path)
    per: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
    for name, gold, code, conf in rows:
        for key in (name, name.split("_")[0] + "_all"):
            per[key][0] += 1
            per[key][1] += code == gold
            per[key][2] += code != gold and float(conf) >= 0.5
    for key in sorted(per):
        n, right, wrong = per[key]
        print(f"{key:11s} {100 * right / n:6.2f} % right, {wrong:5d} confident wrong (of {n})")
    if before:
        count = collections.Counter()
        for rows_, sign in ((load(before), -1), (rows, 1)):
            for name, gold, code, _ in rows_:
                count[(name, gold)] += sign * (code == gold)
        for (name, gold), d in sorted(count.items()):
            if d < 0:
                print(f"lost: {name} {gold} {d}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["sets", "score"])
    ap.add_argument("guesses", nargs="?", type=Path)
    ap.add_argument("--before", type=Path)
    ap.add_argument(
        "--lines",
        type=int,
        default=langid_words.LINES,
        help="lingua lines of table text (the dev lines follow, up to 1,000)",
    )
    args = ap.parse_args()
    if args.mode == "sets":
        sets(args.lines)
    else:
        score(args.guesses, args.before)


if __name__ == "__main__":
    main()
