"""Words/s of nutgraf's transformer NER tier against HF `transformers` on the same model folder.

    python bench/transformer_speed.py [--docs 40] [--threads 2] [--batch-sizes 1,8]
        [--device cpu|cuda] [--dtype float32|float16|bfloat16] [--out bench/transformer_speed.json]
        [--variant NAME=ENV=VALUE[;ENV=VALUE] ...]

Run it with the python of the transformer build (torch 2.4, transformers 4.46; `.ci/run`'s
transformer stage) and a `nutgraf` binary built with `--features transformers` (--nutgraf,
default target/release/nutgraf).

The model: a base-size BERT token-classification folder (12 layers, hidden 768, 9 IOB labels,
random weights from seed 0, `save_pretrained` as safetensors) with a WordPiece tokenizer.json
trained by the `tokenizers` package on German and English news sentences of ../shared/data
(vocabulary up to 30,000; about 1.4 tokens a word on the bench texts). It is written once
into --dir.

The documents: German (10kGNAD) and English (BBC) news articles of 100-700 words, the same
for both tools. nutgraf runs `nutgraf batch --ner-model DIR` with only entities (process start,
model load, cleaning, language detection, sentences and entity grouping counted in its time);
nutgraf is also run on the first two documents alone (start-up: process, model load, a first
batch); the difference of the two runs gives its words/s past start-up.
HF runs `pipeline("token-classification", aggregation_strategy="simple")` over the list of
texts (pipeline construction and a two-document warm-up not counted) with stride = 128
tokens so that, like nutgraf's windows, it reads all of every text (without a stride HF drops
everything past 512 tokens).
Every batch size of --batch-sizes is timed; HF's best counts. Both tools run in the same
process tree one after the other, each --rounds times (alternating), with the same thread count
(torch.set_num_threads / OMP_NUM_THREADS); the best round of each counts. The load average
of the machine is recorded before and after, and so is each tool's CPU time (nutgraf: the
difference of the two runs; HF: `time.process_time()` around the timed call); on a busy
machine the CPU-time ratio is the steadier one.

Each --variant runs nutgraf once more per round (start-up run and full run) with extra
environment variables, so that each speed lever is measured on its own in the same run:
`rust-bert=NUTGRAF_TF_FORWARD=rust-bert` (rust-bert's models, weights copied into a randomly
initialised VarStore: the tier before its own forward), `manual-attention=NUTGRAF_TF_SDPA=0`
(our forward with attention by hand instead of `scaled_dot_product_attention`),
`batch-1=NUTGRAF_TF_BATCH=1`, ... The JSON's "variants" holds words/s and the ratios to HF's
best for nutgraf and each variant.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
# the parity stage's news sources, label set and tokenizer recipe (scripts/tf_parity.py)
from tf_parity import LABELS, corpus, english_articles, german_articles, wordpiece  # noqa: E402

STRIDE = 128


def documents(n):
    """n news documents, German and English alternating (the first 500 of each source are
    the tokenizer's training text and are skipped)."""
    pick = []
    for src in (german_articles(), english_articles()):
        docs = []
        for i, t in enumerate(src):
            if i >= 500 and 100 <= len(t.split()) <= 700:
                docs.append(t)
            if len(docs) >= (n + 1) // 2:
                break
        pick.append(docs)
    out = [d for pair in zip(*pick) for d in pair]
    return out[:n]


def make_model(d):
    import torch

    import transformers as tf

    wp = wordpiece(corpus(4000), vocab_size=30000)
    tok = tf.BertTokenizerFast(tokenizer_object=wp, do_lower_case=False, model_max_length=512)
    id2label = dict(enumerate(LABELS))
    config = tf.BertConfig(
        vocab_size=len(wp.get_vocab()),
        id2label=id2label,
        label2id={v: k for k, v in id2label.items()},
    )
    torch.manual_seed(0)
    model = tf.BertForTokenClassification(config).eval()
    d.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(d)
    tok.save_pretrained(d)
    (d / "vocab.txt").unlink(missing_ok=True)


def run_hf(args):
    """One HF timing in this process: prints a JSON line."""
    import torch

    import transformers as tf

    tf.logging.set_verbosity_error()
    torch.set_num_threads(args.threads)
    docs = [json.loads(line)["text"] for line in open(args.docs_file, encoding="utf-8")]
    dtype = getattr(torch, args.dtype)
    model = tf.AutoModelForTokenClassification.from_pretrained(args.dir, torch_dtype=dtype)
    tok = tf.AutoTokenizer.from_pretrained(args.dir)
    device = 0 if args.device == "cuda" else -1
    pipe = tf.pipeline(
        "token-classification",
        model=model,
        tokenizer=tok,
        aggregation_strategy="simple",
        device=device,
        stride=STRIDE,
    )
    with torch.inference_mode():
        pipe(docs[:2], batch_size=args.batch_size)  # warm-up
        if args.device == "cuda":
            torch.cuda.synchronize()
        t, c = time.perf_counter(), time.process_time()
        out = pipe(docs, batch_size=args.batch_size)
        if args.device == "cuda":
            torch.cuda.synchronize()
        secs, cpu = time.perf_counter() - t, time.process_time() - c
    print(json.dumps({"seconds": secs, "cpu_seconds": cpu, "entities": sum(map(len, out))}))


def cpu_of_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd, env):
    c0, t0 = cpu_of_children(), time.perf_counter()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t0, cpu_of_children() - c0
    if p.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed:\n{p.stderr[-3000:]}")
    return wall, cpu, p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", nargs="?", default="bench", choices=["bench", "hf"])
    ap.add_argument("--dir", default="/tmp/nutgraf-speed/bert-base-ner")
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--docs-file")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch-sizes", default="1,8")
    ap.add_argument("--batch-size", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--dtype", default="float32", choices=["float32", "float16", "bfloat16"])
    ap.add_argument("--nutgraf", default=str(ROOT / "target/release/nutgraf"))
    ap.add_argument("--nutgraf-batch", type=int, default=0, help="NUTGRAF_TF_BATCH (0: default)")
    ap.add_argument("--out", default=str(ROOT / "bench/transformer_speed.json"))
    ap.add_argument(
        "--variant",
        action="append",
        default=[],
        help="NAME=ENV=VALUE[;ENV=VALUE]: nutgraf also run with these environment variables "
        "(each lever on its own, e.g. rust-bert=NUTGRAF_TF_FORWARD=rust-bert), same rounds",
    )
    args = ap.parse_args()
    if args.mode == "hf":
        return run_hf(args)

    d = Path(args.dir)
    if not (d / "model.safetensors").is_file():
        print(f"writing {d}", file=sys.stderr)
        make_model(d)
    work = d.parent
    docs = documents(args.docs)
    docs_file = work / f"docs-{len(docs)}.jsonl"
    with open(docs_file, "w", encoding="utf-8") as f:
        for i, t in enumerate(docs):
            f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
    words = sum(len(t.split()) for t in docs)
    from tokenizers import Tokenizer

    tk = Tokenizer.from_file(str(d / "tokenizer.json"))
    tokens = sum(len(e.ids) - 2 for e in tk.encode_batch(docs))
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads), MKL_NUM_THREADS=str(args.threads))
    env["TOKENIZERS_PARALLELISM"] = "false"
    if args.nutgraf_batch:
        env["NUTGRAF_TF_BATCH"] = str(args.nutgraf_batch)
    if args.dtype != "float32":
        env["NUTGRAF_TF_DTYPE"] = args.dtype
    load_before = os.getloadavg()
    nut_cmd = [
        args.nutgraf,
        "batch",
        "-i",
        str(docs_file),
        "-o",
        str(work / "nutgraf-out.jsonl"),
        "--ner-model",
        str(d),
        "--device",
        args.device,
        "--threads",
        str(args.threads),
        "--skip",
        "topics",
        "--skip",
        "summary",
        "--skip",
        "keyphrases",
        "--progress",
        "never",
    ]
    # the same command on the first two documents: process start, model load, warm-up
    warm_file = work / "docs-2.jsonl"
    warm_file.write_text("".join(open(docs_file, encoding="utf-8").readlines()[:2]))
    warm_words = sum(len(t.split()) for t in docs[:2])
    warm_cmd = list(nut_cmd)
    warm_cmd[warm_cmd.index(str(docs_file))] = str(warm_file)
    results = {"nutgraf": [], "nutgraf_start_2_docs": [], "hf": {}, "variants": {}}
    variants = [v.split("=", 1) for v in args.variant]
    sizes = [int(b) for b in args.batch_sizes.split(",")]
    for r in range(args.rounds):
        wall, cpu, _ = timed(warm_cmd, env)
        results["nutgraf_start_2_docs"].append({"seconds": wall, "cpu_seconds": cpu})
        wall, cpu, _ = timed(nut_cmd, env)
        results["nutgraf"].append({"seconds": wall, "cpu_seconds": cpu})
        print(f"round {r + 1}: nutgraf {words / wall:.0f} words/s ({wall:.1f} s)", file=sys.stderr)
        for name, settings in variants:
            venv = dict(env, **dict(kv.split("=", 1) for kv in settings.split(";") if kv))
            v = results["variants"].setdefault(name, {"env": settings, "start": [], "full": []})
            wall, cpu, _ = timed(warm_cmd, venv)
            v["start"].append({"seconds": wall, "cpu_seconds": cpu})
            wall, cpu, _ = timed(nut_cmd, venv)
            v["full"].append({"seconds": wall, "cpu_seconds": cpu})
            print(f"round {r + 1}: nutgraf {name} {words / wall:.0f} words/s", file=sys.stderr)
        for b in sizes:
            hf_cmd = [
                sys.executable,
                __file__,
                "hf",
                "--dir",
                str(d),
                "--docs-file",
                str(docs_file),
            ]
            hf_cmd += ["--threads", str(args.threads), "--batch-size", str(b)]
            hf_cmd += ["--device", args.device, "--dtype", args.dtype]
            wall, cpu, out = timed(hf_cmd, env)
            got = json.loads(out.strip().splitlines()[-1])
            secs = got["seconds"]
            results["hf"].setdefault(str(b), []).append(
                {
                    "seconds": secs,
                    "cpu_seconds": got["cpu_seconds"],
                    "process_seconds": wall,
                    "process_cpu_seconds": cpu,
                }
            )
            print(f"round {r + 1}: HF batch {b}: {words / secs:.0f} words/s", file=sys.stderr)
    load_after = os.getloadavg()
    nut = min(x["seconds"] for x in results["nutgraf"])
    start = min(x["seconds"] for x in results["nutgraf_start_2_docs"])
    # words/s past start-up: the run minus the run on the first two documents (HF's timing
    # likewise leaves out loading and a two-document warm-up)
    steady = (words - warm_words) / max(nut - start, 1e-9)
    if nut <= start:
        sys.exit("the start-up run took longer than the whole run: too few documents, rerun")
    # the same in CPU seconds (less at the mercy of other processes on a busy machine)
    nut_cpu = min(x["cpu_seconds"] for x in results["nutgraf"])
    start_cpu = min(x["cpu_seconds"] for x in results["nutgraf_start_2_docs"])
    steady_cpu = (words - warm_words) / max(nut_cpu - start_cpu, 1e-9)
    hf_cpu = {b: min(x["cpu_seconds"] for x in v) for b, v in results["hf"].items()}
    best_cpu_b = min(hf_cpu, key=hf_cpu.get)
    hf_best = {b: min(x["seconds"] for x in v) for b, v in results["hf"].items()}
    best_b = min(hf_best, key=hf_best.get)
    hf_wps = words / hf_best[best_b]
    hf_wpc = words / hf_cpu[best_cpu_b]

    def past_start(start, full, key):
        a = min(x[key] for x in full) - min(x[key] for x in start)
        return (words - warm_words) / max(a, 1e-9)

    lever = {"nutgraf": (results["nutgraf_start_2_docs"], results["nutgraf"])}
    lever.update({n: (v["start"], v["full"]) for n, v in results["variants"].items()})
    per_variant = {
        n: {
            "words_per_s": round(words / min(x["seconds"] for x in full), 1),
            "words_per_s_past_start": round(past_start(start, full, "seconds"), 1),
            "words_per_cpu_s_past_start": round(past_start(start, full, "cpu_seconds"), 1),
            "start_cpu_seconds": round(min(x["cpu_seconds"] for x in start), 2),
            "ratio": round(words / min(x["seconds"] for x in full) / hf_wps, 3),
            "ratio_past_start": round(past_start(start, full, "seconds") / hf_wps, 3),
            "ratio_cpu_past_start": round(past_start(start, full, "cpu_seconds") / hf_wpc, 3),
        }
        for n, (start, full) in lever.items()
    }
    summary = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "device": args.device,
        "dtype": args.dtype,
        "threads": args.threads,
        "cpu_count": os.cpu_count(),
        "load_before": load_before,
        "load_after": load_after,
        "docs": len(docs),
        "words": words,
        "tokens": tokens,
        "tokens_per_word": round(tokens / words, 3),
        "nutgraf_words_per_s": round(words / nut, 1),
        "nutgraf_words_per_s_past_start": round(steady, 1),
        "hf_words_per_s": {b: round(words / s, 1) for b, s in hf_best.items()},
        "hf_best_batch_size": int(best_b),
        "ratio": round(hf_best[best_b] / nut, 3),
        "ratio_past_start": round(steady / (words / hf_best[best_b]), 3),
        "nutgraf_words_per_cpu_s_past_start": round(steady_cpu, 1),
        "hf_words_per_cpu_s": {b: round(words / c, 1) for b, c in hf_cpu.items()},
        "ratio_cpu_past_start": round(steady_cpu / (words / hf_cpu[best_cpu_b]), 3),
        "variants": per_variant,
        "runs": results,
        "command": " ".join(sys.argv),
    }
    Path(args.out).write_text(json.dumps(summary, indent=1) + "\n")
    print(
        f"{len(docs)} docs, {words} words ({tokens / words:.2f} tokens/word), {args.threads} "
        f"threads, {args.device} {args.dtype}, load {load_before[0]:.1f} -> {load_after[0]:.1f}\n"
        f"nutgraf {words / nut:.0f} words/s end to end, {steady:.0f} past start-up; HF best "
        f"(batch {best_b}) {words / hf_best[best_b]:.0f} words/s; ratio "
        f"{hf_best[best_b] / nut:.2f} end to end, {steady / (words / hf_best[best_b]):.2f} "
        "past start-up\n"
        f"CPU time: nutgraf {steady_cpu:.0f} words/CPU-s past start-up, HF best (batch "
        f"{best_cpu_b}) {words / hf_cpu[best_cpu_b]:.0f}; ratio "
        f"{steady_cpu / (words / hf_cpu[best_cpu_b]):.2f}"
    )
    for n, v in per_variant.items():
        print(
            f"  {n}: {v['words_per_s']:.0f} words/s end to end (ratio {v['ratio']:.2f}), "
            f"{v['words_per_s_past_start']:.0f} past start-up ({v['ratio_past_start']:.2f}), "
            f"{v['words_per_cpu_s_past_start']:.0f} words/CPU-s past start-up "
            f"({v['ratio_cpu_past_start']:.2f}), start-up run {v['start_cpu_seconds']:.1f} CPU-s"
        )


if __name__ == "__main__":
    main()
