#!/usr/bin/env bash
# Throughput and load time of the built-in tier on this machine, in one run (≤ 3 minutes):
#   * load to first result: a fresh process builds `Analyzer::builtin()` and analyzes one
#     ~500-word BBC article (Rust, median of 5 runs; Python `import nutgraf;
#     nutgraf.Analyzer()(text)` when the module is importable), wall and CPU seconds;
#   * full analysis (clean, language, entities, topics, summary, keyphrases) of 450–550-word
#     BBC articles at 1 and 2 threads, articles/s and the 1 → 2 thread scaling;
#   * NER tagger tokens/s on one thread.
# Usage (repository root): bench/throughput.sh [SECONDS_PER_MEASUREMENT (default 8)]
# Environment: PYTHON (default python3) for the Python load check, OUT (default
# bench/throughput.json). Needs ../shared/data (BBC News).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-8}
PY=${PYTHON:-python3}
OUT=${OUT:-bench/throughput.json}
TARGET=${CARGO_TARGET_DIR:-target}

cargo build --release --quiet --example throughput
echo "machine: $(nproc) cores online ($(getconf _NPROCESSORS_CONF) configured), $(uname -m), load average: $(cut -d' ' -f1-3 /proc/loadavg)"

runs=()
for _ in 1 2 3 4 5; do
    runs+=("$("$TARGET/release/examples/throughput" --first-result)")
done
load_json=$(printf '%s\n' "${runs[@]}" | "$PY" -c '
import json, statistics, sys
rs = [json.loads(l) for l in sys.stdin if l.strip()]
keys = ["load_to_first_wall_s", "load_to_first_cpu_s", "process_start_to_first_wall_s", "load_wall_s", "first_wall_s"]
print(json.dumps({k: statistics.median(r[k] for r in rs) for k in keys}))')

py_json=null
if "$PY" -c 'import nutgraf' 2>/dev/null; then
    py_json=$("$PY" - <<'PYEOF'
import gzip, json, resource, statistics, subprocess, sys
code = r'''
import time, resource
t0 = time.perf_counter()
import nutgraf, gzip, json, sys
text = sys.argv[1]
t1 = time.perf_counter()
doc = nutgraf.Analyzer()(text)
t2 = time.perf_counter()
r = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"import_s": t1 - t0, "analyzer_to_first_wall_s": t2 - t1,
                  "import_to_first_wall_s": t2 - t0, "process_cpu_s": r.ru_utime + r.ru_stime,
                  "entities": len(doc.entities)}))
'''
with gzip.open("../shared/data/bbc-news-summary/normalized/bbc_news_summary.jsonl.gz", "rt") as f:
    text = next(t for t in (json.loads(l)["text"] for l in f) if 450 <= len(t.split()) <= 550)
rs = [json.loads(subprocess.run([sys.executable, "-c", code, text], check=True,
                                capture_output=True, text=True).stdout) for _ in range(5)]
print(json.dumps({k: statistics.median(r[k] for r in rs) for k in rs[0] if k != "entities"}))
PYEOF
)
fi

tp_json=$("$TARGET/release/examples/throughput" --seconds "$SECS")

"$PY" - "$load_json" "$py_json" "$tp_json" "$OUT" <<'PYEOF'
import json, sys
load, py, tp, out = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
rows = [
    ("cores", f"{tp['cores']}", ""),
    ("articles (mean words)", f"{tp['articles']} ({tp['mean_words']:.0f})", ""),
    ("Rust: Analyzer::builtin() -> first result, wall / CPU s", f"{load['load_to_first_wall_s']:.3f} / {load['load_to_first_cpu_s']:.3f}", "<= 0.100 wall"),
    ("Rust: process start -> first result, wall s", f"{load['process_start_to_first_wall_s']:.3f}", ""),
]
if py:
    rows.append(("Python: Analyzer()(text) after import, wall s", f"{py['analyzer_to_first_wall_s']:.3f}", "<= 0.100"))
    rows.append(("Python: import + Analyzer()(text), wall / process CPU s", f"{py['import_to_first_wall_s']:.3f} / {py['process_cpu_s']:.3f}", ""))
rows += [
    ("full analysis, 1 thread, articles/s (per CPU-s)", f"{tp['articles_per_s_1t']:.0f} ({tp['articles_per_cpu_s_1t']:.0f})", ""),
    ("full analysis, 2 threads, articles/s (per CPU-s)", f"{tp['articles_per_s_2t']:.0f} ({tp['articles_per_cpu_s_2t']:.0f})", ">= 500"),
    ("scaling 1 -> 2 threads", f"{tp['scaling_1_to_2']:.2f}x", ">= 1.8x"),
    ("NER tagger, 1 thread, tokens/s (per CPU-s)", f"{tp['ner_tokens_per_s']/1e3:.0f} k ({tp['ner_tokens_per_cpu_s']/1e3:.0f} k)", ">= 200 k"),
]
w = max(len(r[0]) for r in rows)
print(f"{'metric':<{w}}  {'value':>16}  goal")
for name, val, goal in rows:
    print(f"{name:<{w}}  {val:>16}  {goal}")
res = {"throughput": tp, "load_rust": load, "load_python": py}
with open(out, "w") as f:
    json.dump(res, f, indent=1)
print(json.dumps(res))
PYEOF
