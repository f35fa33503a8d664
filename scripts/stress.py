"""Stress numbers for the reliability note: time and peak RSS per pathological input, and
peak RSS of `nutgraf batch` and `Analyzer.pipe` at two record counts (constant memory).

    python scripts/stress.py cases [--nutgraf target/release/nutgraf]
    python scripts/stress.py memory --records 10000 1000000 [--nutgraf ...] [--threads N]

Each case runs in its own process; peak RSS is that process's maximum resident set size
(getrusage of the child), time is wall-clock and CPU (user + system) seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_measured(cmd: list[str], stdin_path: str | None = None) -> tuple[int, float, float, int]:
    """Runs cmd; returns (exit code, wall s, cpu s, peak RSS KiB) of that child alone."""
    start = time.perf_counter()
    with open(stdin_path or os.devnull, "rb") as inp:
        proc = subprocess.Popen(cmd, stdin=inp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        print(f"   exit {proc.returncode}: {err.strip()[-300:]}", file=sys.stderr)
    return proc.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def pathological_cases() -> dict[str, tuple[str, bool]]:
    """name -> (content, is_html)."""
    nest = 100_000
    return {
        "10 MB line, no spaces": ("x" * 10_000_000, False),
        "1 MB of punctuation": ("!?.,;:" * 174_762, False),
        "10 MB of punctuation": ("!?.,;:" * 1_666_666, False),
        "1 M newlines": ("\n" * 1_000_000 + "Angela Merkel besuchte Paris.", False),
        "1 M short lines": ("Wort.\n" * 1_000_000, False),
        "100 k nested <div>": (
            "<html><body>" + "<div>" * nest + "Angela Merkel besuchte Paris." + "</div>" * nest,
            True,
        ),
        "100 k unclosed <b><i>": ("<html><body>" + "<b><i>" * nest + "Hallo Welt.", True),
        "mixed scripts, RTL, emoji (5 MB)": (
            "Merkel שלום עולם مرحبا بالعالم Привет мир 東京 😀🇩🇪 e\u0301 ﬁ İ \u200f. " * 60_000,
            False,
        ),
        "mixed scripts, RTL, emoji, one line (10 MB)": (
            "Merkel שלום עולם مرحبا بالعالم Привет мир 東京 😀🇩🇪 e\u0301 ﬁ İ \u200f " * 120_000,
            False,
        ),
        "NUL bytes in text (2 MB)": ("Angela Merkel\x00 besuchte Paris. " * 60_000, False),
        "one 2 MB word of digits and dots": ("1." * 1_000_000, False),
        "16 MiB + 1 (over the limit)": ("a" * ((16 << 20) + 1), False),
    }


def cmd_cases(args: argparse.Namespace) -> None:
    print(f"{'case':38} {'exit':>4} {'wall s':>8} {'cpu s':>8} {'peak RSS MiB':>13}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (content, html) in pathological_cases().items():
            path = Path(tmp) / "case.txt"
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
            cmd = [args.nutgraf, "analyze", "--format", "json", str(path)]
            if html:
                cmd.insert(2, "--html")
            code, wall, cpu, rss = run_measured(cmd)
            print(f"{name:38} {code:>4} {wall:8.2f} {cpu:8.2f} {rss / 1024:13.1f}", flush=True)


def write_records(path: Path, n: int) -> None:
    words = ["Berlin", "Paris", "Tokio", "Rom", "Madrid", "Wien", "Oslo", "Prag"]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            city = words[i % len(words)]
            f.write(json.dumps({"id": i, "text": f"Angela Merkel besuchte {city} am Tag {i}."}))
            f.write("\n")


PIPE_SCRIPT = """
import json, sys, nutgraf
nlp = nutgraf.Analyzer()
def texts():
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["text"]
n = 0
for doc in nlp.pipe(texts(), threads={threads}, batch_size=256, errors="return"):
    n += 1
assert n == int(sys.argv[2]), n
"""


def cmd_memory(args: argparse.Namespace) -> None:
    threads = args.threads or os.cpu_count() or 1
    print(f"threads: {threads}")
    print(f"{'path':8} {'records':>9} {'exit':>4} {'wall s':>8} {'rec/s':>8} {'peak RSS MiB':>13}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.records:
            inp = Path(tmp) / f"in{n}.jsonl"
            write_records(inp, n)
            out = Path(tmp) / "out.jsonl"
            runs = {
                "batch": [
                    args.nutgraf,
                    "batch",
                    "-i",
                    str(inp),
                    "-o",
                    str(out),
                    "--threads",
                    str(threads),
                    "--progress",
                    "never",
                ],
            }
            if not args.no_pipe:
                runs["pipe"] = [
                    sys.executable,
                    "-c",
                    PIPE_SCRIPT.format(threads=threads),
                    str(inp),
                    str(n),
                ]
            for name, cmd in runs.items():
                code, wall, _, rss = run_measured(cmd)
                print(
                    f"{name:8} {n:>9} {code:>4} {wall:8.1f} {n / wall:8.0f} {rss / 1024:13.1f}",
                    flush=True,
                )
            if out.exists():
                with out.open("rb") as f:
                    lines = sum(1 for _ in f)
                assert lines == n, f"batch wrote {lines} lines for {n} records"
            inp.unlink()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nutgraf", default="target/release/nutgraf")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("cases", help="pathological inputs through `nutgraf analyze`")
    m = sub.add_parser("memory", help="peak RSS of `nutgraf batch` and pipe by record count")
    m.add_argument("--records", type=int, nargs="+", default=[10_000, 1_000_000])
    m.add_argument("--threads", type=int, default=None)
    m.add_argument("--no-pipe", action="store_true", help="only the CLI")
    args = ap.parse_args()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    {"cases": cmd_cases, "memory": cmd_memory}[args.cmd](args)


if __name__ == "__main__":
    main()
