"""Main text of real web pages: nutgraf next to trafilatura 2.0.0, scored and timed in one run.

Data: ``../shared/data/web-pages-dev`` (474 pages, see its SOURCE.md). Each page has ``with``
snippets the extracted text must contain and ``without`` snippets it must not contain; after
whitespace normalization a ``with`` snippet found is a true positive (missed: false negative),
a ``without`` snippet found a false positive (absent: true negative). Precision, recall, F1
and accuracy are over all snippets, overall, per language group (de, en, other: the page's
declared ``<html lang>``, else nutgraf's detected language) and per half of the pages (by
md5 of the url, to check that a rule chosen on one half also helps on the other).

Both tools get the same decoded text of each page (BOM, declared charset, else UTF-8, else
windows-1252). nutgraf runs as ``nutgraf batch --html`` with everything switched on (entities,
topics, summary, keyphrases; the default cleaning, and once more with ``--no-clean``);
trafilatura runs ``extract()`` with its default settings in one Python process. Pages/s is the
wall time of each run over the same pages (nutgraf's includes loading its models); nutgraf runs
on all cores and on one thread, so the per-core ratio is there too.

Only the main text is scored here: the page metadata (title, authors, dates) has its own
benchmark, written with the metadata work, not by this script.

trafilatura lives in this script's own virtual environment, never in the package's:

    python3 -m venv bench/.venv-web
    bench/.venv-web/bin/pip install "trafilatura==2.0.0" lxml_html_clean
    cargo build --release
    bench/.venv-web/bin/python bench/web_pages.py --out bench/web_pages.json
"""

from __future__ import annotations

import argparse
import codecs
import hashlib
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

DATA = Path("../shared/data/web-pages-dev")
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
HTML_LANG = re.compile(r"""<html[^>]*?\slang\s*=\s*["']?\s*([A-Za-z]{2,3})""", re.I)


def decode(raw: bytes) -> str:
    """The page as text: BOM, then the declared charset, then UTF-8, then windows-1252."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if raw.startswith(bom):
            return raw[len(bom) :].decode(enc, errors="replace")
    m = CHARSET.search(raw[:8192])
    if m:
        try:
            enc = codecs.lookup(m.group(1).decode("ascii")).name
            if enc not in ("utf-16-le", "utf-16-be", "utf-16"):
                return raw.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def norm(s: str) -> str:
    return " ".join(s.split())


def score_page(text: str, page: dict) -> dict:
    t = norm(text)
    c = {"tp": 0, "fn": 0, "fp": 0, "tn": 0, "missed": [], "leaked": []}
    for s in page["with"]:
        if norm(s) in t:
            c["tp"] += 1
        else:
            c["fn"] += 1
            c["missed"].append(s)
    for s in page["without"]:
        if norm(s) in t:
            c["fp"] += 1
            c["leaked"].append(s)
        else:
            c["tn"] += 1
    return c


def prf(counts: list[dict]) -> dict:
    tp, fn, fp, tn = (sum(c[k] for c in counts) for k in ("tp", "fn", "fp", "tn"))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    acc = (tp + tn) / (tp + fn + fp + tn) if counts else 0.0
    return {
        "pages": len(counts),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "accuracy": round(acc, 4),
    }


def group_of(lang: str | None) -> str:
    lang = (lang or "").lower()[:2]
    return lang if lang in ("de", "en") else "other"


def half_of(url: str) -> str:
    """Half A or B of the pages, by a bit of md5(url) other than the one that made dev."""
    return "AB"[(int(hashlib.md5(url.encode()).hexdigest(), 16) >> 1) & 1]


def cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def run_nutgraf(binary: str, pages: dict, html: dict, work: Path, extra: list[str]) -> dict:
    src = work / "in.jsonl"
    out = work / "out.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for pid in pages:
            f.write(json.dumps({"id": pid, "text": html[pid]}, ensure_ascii=False) + "\n")
    cmd = [binary, "batch", "--html", "-i", str(src), "-o", str(out), "--progress", "never"]
    t0, c0 = time.perf_counter(), cpu(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd + extra, check=False, stderr=subprocess.DEVNULL)
    secs, cpu_s = time.perf_counter() - t0, cpu(resource.RUSAGE_CHILDREN) - c0
    texts, langs = {}, {}
    for line in out.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        a = rec.get("analysis") or rec
        texts[str(rec["id"])] = a.get("text", "") or ""
        langs[str(rec["id"])] = a.get("language")
    return {"texts": texts, "langs": langs, "seconds": secs, "cpu": cpu_s}


def run_trafilatura(pages: dict, html: dict) -> dict:
    import trafilatura

    texts = {}
    t0, c0 = time.perf_counter(), cpu(resource.RUSAGE_SELF)
    for pid in pages:
        try:
            texts[pid] = trafilatura.extract(html[pid]) or ""
        except Exception:  # noqa: BLE001 - a failed page scores as empty text
            texts[pid] = ""
    return {
        "texts": texts,
        "seconds": time.perf_counter() - t0,
        "cpu": cpu(resource.RUSAGE_SELF) - c0,
        "version": trafilatura.__version__,
    }


def report(name: str, texts: dict, pages: dict, groups: dict, halves: dict) -> dict:
    counts = {pid: score_page(texts.get(pid, ""), pages[pid]) for pid in pages}
    res = {"all": prf(list(counts.values()))}
    for key, by in (("group", groups), ("half", halves)):
        for g in sorted(set(by.values())):
            res[f"{key}:{g}"] = prf([c for pid, c in counts.items() if by[pid] == g])
    res["per_page"] = {
        pid: {"missed": c["missed"], "leaked": c["leaked"]}
        for pid, c in counts.items()
        if c["missed"] or c["leaked"]
    }
    return res


def timed_rounds(runs: dict, args, pages: dict, html: dict, work: Path) -> None:
    """Times both tools `args.rounds - 1` more times, alternating, and keeps the median
    wall and CPU seconds of each (the texts stay those of the first runs)."""
    nut, traf = runs["nutgraf"], runs["trafilatura"]
    times = {
        "nutgraf": [(nut["seconds"], nut["cpu"])],
        "trafilatura": [(traf["seconds"], traf["cpu"])],
    }
    for _ in range(args.rounds - 1):
        r = run_nutgraf(args.nutgraf, pages, html, work, args.args.split())
        times["nutgraf"].append((r["seconds"], r["cpu"]))
        r = run_trafilatura(pages, html)
        times["trafilatura"].append((r["seconds"], r["cpu"]))
    if args.rounds > 1:
        ratios = [t / n for (n, _), (t, _) in zip(times["nutgraf"], times["trafilatura"])]
        print("wall-time ratio of each round:", " ".join(f"{x:.2f}" for x in ratios))
        for name, ts in times.items():
            runs[name]["seconds"] = statistics.median(t for t, _ in ts)
            runs[name]["cpu"] = statistics.median(c for _, c in ts)
        runs["trafilatura"]["round_ratios"] = [round(x, 2) for x in ratios]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--nutgraf", default="target/release/nutgraf")
    ap.add_argument("--out", type=Path, help="write the scores (JSON) here")
    ap.add_argument("--no-trafilatura", action="store_true", help="score nutgraf only")
    ap.add_argument(
        "--quick", action="store_true", help="default nutgraf run only (no timing runs)"
    )
    ap.add_argument("--args", default="", help="extra arguments of the first nutgraf run")
    ap.add_argument("--dump", type=Path, help="write each tool's text per page into this folder")
    ap.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="time nutgraf and trafilatura this many times, alternating, and report the median"
        " of each (the machine's noise moves one run by up to a fifth)",
    )
    args = ap.parse_args()

    pages = json.loads((args.data / "meta.json").read_text(encoding="utf-8"))
    html = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with tarfile.open(args.data / "pages.tar.gz") as tar:
            tar.extractall(work, filter="data")
        for pid in pages:
            html[pid] = decode((work / "pages" / f"{pid}.html").read_bytes())

        runs = {"nutgraf": run_nutgraf(args.nutgraf, pages, html, work, args.args.split())}
        if not args.quick:
            runs["nutgraf --no-clean"] = run_nutgraf(
                args.nutgraf, pages, html, work, ["--no-clean"]
            )
            runs["nutgraf (1 thread)"] = run_nutgraf(
                args.nutgraf, pages, html, work, ["--threads", "1"]
            )
            if not args.no_trafilatura:
                runs["trafilatura"] = run_trafilatura(pages, html)
                timed_rounds(runs, args, pages, html, work)

    detected = runs["nutgraf"]["langs"]
    groups = {}
    for pid in pages:
        m = HTML_LANG.search(html[pid][:20000])
        groups[pid] = group_of(m.group(1) if m else detected.get(pid))
    halves = {pid: half_of(p["url"]) for pid, p in pages.items()}

    results = {"data": str(args.data), "pages": len(pages), "runs": {}}
    cols = ["all", "group:de", "group:en", "group:other", "half:A", "half:B"]
    print(f"{'run':<22} {'pages/s':>8}  " + "  ".join(f"{c:>18}" for c in cols))
    print(f"{'':<22} {'':>8}  " + "  ".join(f"{'P    R    F1':>18}" for _ in cols))
    for name, run in runs.items():
        res = report(name, run["texts"], pages, groups, halves)
        res["pages_per_s"] = round(len(pages) / run["seconds"], 1)
        res["seconds"] = round(run["seconds"], 2)
        res["pages_per_cpu_s"] = round(len(pages) / max(run["cpu"], 1e-9), 1)
        if "version" in run:
            res["version"] = run["version"]
        results["runs"][name] = res
        cells = "  ".join(
            f"{res[c]['precision']:.3f} {res[c]['recall']:.3f} {res[c]['f1']:.3f}"
            if c in res
            else f"{'-':>18}"
            for c in cols
        )
        print(f"{name:<22} {res['pages_per_s']:>8.1f}  {cells}")
        if args.dump:
            d = args.dump / re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            d.mkdir(parents=True, exist_ok=True)
            for pid, t in run["texts"].items():
                (d / f"{pid}.txt").write_text(t, encoding="utf-8")
    sizes = {g: sum(1 for v in groups.values() if v == g) for g in ("de", "en", "other")}
    print(
        "pages per group:", sizes, " per half:", {h: list(halves.values()).count(h) for h in "AB"}
    )
    if "trafilatura" in runs:
        r = results["runs"]
        for key, what in (("pages_per_s", "wall"), ("pages_per_cpu_s", "CPU")):
            ratio = r["nutgraf"][key] / r["trafilatura"][key]
            print(f"speed ({what} time): nutgraf / trafilatura = {ratio:.1f}x")
            results[f"speed_ratio_{what.lower()}"] = round(ratio, 2)
        print(f"(nutgraf on {os.cpu_count()} cores, trafilatura on one; both with every step on)")
        if args.rounds > 1:
            print(
                f"(pages/s of nutgraf and trafilatura: medians of {args.rounds} alternating runs)"
            )
    results["groups"] = sizes
    if args.out:
        if not args.dump:  # the missed and leaked snippets of each page only with --dump
            for r in results["runs"].values():
                r.pop("per_page", None)
        args.out.write_text(
            json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
