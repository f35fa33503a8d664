"""Behaviour check: `nutgraf batch` on a fixed corpus, digested, so that a refactor can show
that the output did not change by a single byte.

The corpus is drawn from `../shared/data` the same way every time: the seed article, the first
200 BBC articles, 200 German SIB-200 test sentences, 200 sentences in ten other SIB-200
languages (20 each) and the first 50 pages of `web-pages-dev` (analyzed with `--html`).

    python scripts/behaviour.py run [--nutgraf target/release/nutgraf] [--out DIR]
    python scripts/behaviour.py check [--nutgraf ...]   # compares with scripts/behaviour.sha256
    python scripts/behaviour.py record [--nutgraf ...]  # writes scripts/behaviour.sha256

`run` writes each part's output (JSONL) to DIR (default target/behaviour) and prints its
SHA-256; `check` exits 1 and names the first differing record when a digest differs from the
recorded one. A change that is meant to change behaviour records the new digests in the same
commit.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SEED = ROOT.parent / "shared" / "examples" / "seed-article-de.txt"
DIGESTS = ROOT / "scripts" / "behaviour.sha256"
OTHER_SIB = ["ces", "dan", "fin", "fra", "ita", "nld", "pol", "por", "spa", "swe"]


def sib_sentences(lang: str, n: int) -> list[str]:
    """The first n test sentences of SIB-200 `lang` (column `text`)."""
    lines = (DATA / "sib200" / f"{lang}_Latn" / "test.tsv").read_text(encoding="utf-8").splitlines()
    col = lines[0].split("\t").index("text")
    return [line.split("\t")[col] for line in lines[1 : n + 1]]


def text_records() -> list[dict]:
    """The plain-text part of the corpus, in a fixed order."""
    records = [{"id": "seed", "text": SEED.read_text(encoding="utf-8")}]
    bbc = DATA / "bbc-news-summary" / "normalized" / "bbc_news_summary.jsonl.gz"
    with gzip.open(bbc, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i == 200:
                break
            row = json.loads(line)
            records.append({"id": f"bbc:{row['id']}", "text": f"{row['title']}\n\n{row['text']}"})
    for i, s in enumerate(sib_sentences("deu", 200)):
        records.append({"id": f"sib:deu:{i}", "text": s})
    for lang in OTHER_SIB:
        for i, s in enumerate(sib_sentences(lang, 20)):
            records.append({"id": f"sib:{lang}:{i}", "text": s})
    return records


def html_records(n: int = 50) -> list[dict]:
    """The first n pages of web-pages-dev (by file name), decoded as UTF-8 with replacement."""
    with tarfile.open(DATA / "web-pages-dev" / "pages.tar.gz") as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile()), key=lambda m: m.name)[:n]
        out = []
        for m in members:
            raw = tar.extractfile(m).read()
            out.append({"id": m.name, "text": raw.decode("utf-8", errors="replace")})
    return out


def run_part(nutgraf: str, name: str, records: list[dict], extra: list[str], out: Path) -> str:
    """Runs `nutgraf batch` on the records; returns the SHA-256 of its output."""
    inp = out / f"{name}.input.jsonl"
    res = out / f"{name}.jsonl"
    with open(inp, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    cmd = [nutgraf, "batch", "-i", str(inp), "-o", str(res), "--progress", "never", *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return hashlib.sha256(res.read_bytes()).hexdigest()


def run_all(nutgraf: str, out: Path) -> dict[str, str]:
    out.mkdir(parents=True, exist_ok=True)
    return {
        "text": run_part(nutgraf, "text", text_records(), [], out),
        "html": run_part(nutgraf, "html", html_records(), ["--html"], out),
    }


def first_difference(path: Path, expected_path: Path) -> str:
    if not expected_path.exists():
        return "(no earlier output kept to compare with)"
    for i, (a, b) in enumerate(zip(open(path), open(expected_path)), 1):
        if a != b:
            return f"line {i} differs:\n  now:    {a[:300]}\n  before: {b[:300]}"
    return "lengths differ"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["run", "check", "record"])
    ap.add_argument("--nutgraf", default=str(ROOT / "target" / "release" / "nutgraf"))
    ap.add_argument("--out", type=Path, default=ROOT / "target" / "behaviour")
    ap.add_argument("--before", type=Path, help="a directory of an earlier `run`, for diffs")
    args = ap.parse_args()
    digests = run_all(args.nutgraf, args.out)
    for name, d in digests.items():
        print(f"{d}  {name}")
    if args.mode == "record":
        DIGESTS.write_text("".join(f"{d}  {n}\n" for n, d in digests.items()))
    elif args.mode == "check":
        expected = dict(
            reversed(line.split()) for line in DIGESTS.read_text().splitlines() if line.strip()
        )
        bad = [n for n, d in digests.items() if expected.get(n) != d]
        for n in bad:
            before = (args.before or Path("-")) / f"{n}.jsonl"
            msg = first_difference(args.out / f"{n}.jsonl", before)
            print(f"{n}: output differs from {DIGESTS.name}; {msg}", file=sys.stderr)
        if bad:
            sys.exit(1)
        print("behaviour unchanged")


if __name__ == "__main__":
    main()
