"""Page metadata on real web pages: nutgraf against trafilatura 2.0.0, same pages, same run.

    python3 -m venv bench/.venv-web
    bench/.venv-web/bin/pip install "trafilatura==2.0.0" lxml_html_clean
    bench/.venv-web/bin/pip install --no-deps target/wheels-test/nutgraf-*.whl
    bench/.venv-web/bin/python bench/web_metadata.py [--data ../shared/data/web-pages-dev]
        [--half even|odd] [--json out.json]

Both tools get the page's raw bytes and nothing else (no URL). Scores, over the pages whose
gold (`meta.json`) has the field: title exact match after whitespace normalization; date:
the first 10 characters (`YYYY-MM-DD`) equal; authors: the same set of names, where gold and
both tools' answers are split the same way (lists joined by ", ", then split at `,` `;` `&`
`/` " and " " und "; a leading "by"/"von" dropped; case ignored); and, over the pages whose
gold author is empty, the share with no author (none invented). `--half` keeps the pages whose
`md5(url)` is even or odd modulo 4 (a split of dev to check a rule chosen on the other half).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ws(s: str | None) -> str:
    return " ".join((s or "").split())


def names(a: str | list[str] | None) -> set[str]:
    """The set of author names in a gold or predicted author field."""
    if not a:
        return set()
    text = ws(", ".join(a) if isinstance(a, list) else a)
    out = set()
    for p in re.split(r"\s*(?:[,;&/|]|\band\b|\bund\b)\s*", text):
        p = re.sub(r"^(by|von|from)\s+", "", ws(p).lower())
        if p:
            out.add(p)
    return out


def nutgraf_metadata(pages: dict[str, bytes]) -> tuple[dict[str, dict], float]:
    import nutgraf

    nlp = nutgraf.Analyzer(entities=False, topics=False, summary=False, keyphrases=False)
    out, t = {}, time.perf_counter()
    for k, raw in pages.items():
        try:
            m = nlp.analyze_html(raw).metadata
            out[k] = {"title": m.title, "date": m.published, "author": m.authors}
        except nutgraf.NutgrafError as e:
            out[k] = {"error": str(e)}
    return out, time.perf_counter() - t


def trafilatura_metadata(pages: dict[str, bytes]) -> tuple[dict[str, dict], float]:
    import trafilatura

    out, t = {}, time.perf_counter()
    for k, raw in pages.items():
        d = trafilatura.bare_extraction(raw, with_metadata=True)
        d = d.as_dict() if d is not None and hasattr(d, "as_dict") else (d or {})
        out[k] = {"title": d.get("title"), "date": d.get("date"), "author": d.get("author")}
    return out, time.perf_counter() - t


def score(gold: dict[str, dict], pred: dict[str, dict]) -> dict[str, list[int]]:
    s = {"title": [0, 0], "date": [0, 0], "authors": [0, 0], "no_invented_author": [0, 0]}
    for k, g in gold.items():
        if "title" not in g:
            continue
        p = pred.get(k, {})
        if g["title"]:
            s["title"][1] += 1
            s["title"][0] += ws(p.get("title")) == ws(g["title"])
        if g["date"]:
            s["date"][1] += 1
            s["date"][0] += (p.get("date") or "")[:10] == g["date"]
        if g["author"]:
            s["authors"][1] += 1
            s["authors"][0] += names(p.get("author")) == names(g["author"])
        else:
            s["no_invented_author"][1] += 1
            s["no_invented_author"][0] += not names(p.get("author"))
    return s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/web-pages-dev")
    ap.add_argument("--half", choices=["even", "odd"])
    ap.add_argument("--json", type=Path, help="write the scores and predictions here")
    a = ap.parse_args()
    gold = json.loads((a.data / "meta.json").read_text(encoding="utf-8"))
    if a.half:
        want = 0 if a.half == "even" else 1
        gold = {
            k: g
            for k, g in gold.items()
            if int(hashlib.md5(g["url"].encode()).hexdigest(), 16) % 4 // 2 == want
        }
    pages = {}
    with tarfile.open(a.data / "pages.tar.gz") as tar:
        for member in tar.getmembers():
            k = Path(member.name).stem
            if member.isfile() and k in gold:
                pages[k] = tar.extractfile(member).read()
    pages = dict(sorted(pages.items()))
    results = {}
    for tool, run in [("nutgraf", nutgraf_metadata), ("trafilatura", trafilatura_metadata)]:
        pred, secs = run(pages)
        results[tool] = {"scores": score(gold, pred), "seconds": secs, "pred": pred}
    print(f"{len(pages)} pages ({a.data.name}{', half ' + a.half if a.half else ''})")
    print(f"{'':<20}{'nutgraf':>16}{'trafilatura':>16}")
    for field in ["title", "date", "authors", "no_invented_author"]:
        row = f"{field:<20}"
        for tool in results:
            ok, n = results[tool]["scores"][field]
            row += f"{ok:>7}/{n:<3} {ok / max(n, 1):.3f}"
        print(row)
    row = f"{'pages/s':<20}"
    for tool in results:
        row += f"{len(pages) / results[tool]['seconds']:>16.1f}"
    print(row + "   (whole HTML path: extraction + metadata, other tasks off)")
    if a.json:
        a.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
