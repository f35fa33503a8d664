#!/usr/bin/env python3
"""Leave-one-language-out evaluation of the multilingual entity model (issue 17, part 3).

For each held-out language X: trains `nutgraf train ner --features ...` on the capped
training data of every other language, stops early on the capped dev data of the held-in
languages, and scores the model on X's test split (CoNLL scorer, `nutgraf eval ner`).
Also `--all` to train on every language: the same data and run as the recipe of the shipped
model, `nutgraf train ner --lang multi --features generic-prefix --min-count 2`
(`MULTI_RECIPE` in `src/ner/recipes.rs`, `models/ner-multi.md`). The capped files go to a
temporary folder (never into the repository).

    python3 scripts/lolo.py --hold-out es nl --cap 3000 --features generic
    python3 scripts/lolo.py --all --features generic-prefix --harvest --cap 10000 --min-count 2
"""

import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
import time

DATA = "../shared/data"
BIN = os.environ.get("NUTGRAF_BIN", "./target/release/nutgraf")

# lang: (train, dev, test, has MISC); paths below the data folder
CORPORA = {
    "en": (
        "conll2003-en/normalized/train.tsv",
        "conll2003-en/normalized/dev.tsv",
        "conll2003-en/normalized/test.tsv",
        True,
    ),
    "de": ("germeval2014/normalized/dev.tsv", None, "germeval2014/normalized/test.tsv", True),
    "es": (
        "conll2002-es/normalized/train.tsv",
        "conll2002-es/normalized/dev.tsv",
        "conll2002-es/normalized/test.tsv",
        True,
    ),
    "nl": (
        "conll2002-nl/normalized/train.tsv",
        "conll2002-nl/normalized/dev.tsv",
        "conll2002-nl/normalized/test.tsv",
        True,
    ),
    "it": (
        "kind-wikinews-it/normalized/train.tsv",
        "kind-wikinews-it/normalized/dev.tsv",
        "kind-wikinews-it/normalized/test.tsv",
        False,
    ),
    "pl": (
        "nkjp-pl/normalized/train.tsv.gz",
        "nkjp-pl/normalized/dev.tsv.gz",
        "nkjp-pl/normalized/test.tsv.gz",
        True,
    ),
    "cs": (
        "cnec2-cs/normalized/train.tsv",
        "cnec2-cs/normalized/dev.tsv",
        "cnec2-cs/normalized/test.tsv",
        True,
    ),
    "sv": ("swedish-ner-sv/normalized/train.tsv", None, "swedish-ner-sv/normalized/test.tsv", True),
    "da": (
        "danish-ner-da/normalized/train.tsv",
        "danish-ner-da/normalized/dev.tsv",
        "danish-ner-da/normalized/test.tsv",
        True,
    ),
    "fi": (
        "turku-ner-fi/normalized/train.tsv",
        "turku-ner-fi/normalized/dev.tsv",
        "turku-ner-fi/normalized/test.tsv",
        True,
    ),
    "nb": (
        "norne-nb/normalized/train.tsv",
        "norne-nb/normalized/dev.tsv",
        "norne-nb/normalized/test.tsv",
        True,
    ),
}


def sentences(path):
    """The sentences of a CoNLL-style file as lists of lines (document lines dropped)."""
    opener = gzip.open if path.endswith(".gz") else open
    out, cur = [], []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if cur:
                    out.append(cur)
                cur = []
            elif line.startswith("-DOCSTART-"):
                continue
            else:
                cur.append(line)
    if cur:
        out.append(cur)
    return out


# corpora whose MISC follows CoNLL-2003 (names of other kinds, nationality words); pl's MISC
# is only relational adjectives, cs's events/artifacts/products, fi's products/events
CONLL_MISC = {"en", "de", "es", "nl", "da", "sv", "nb"}

# WikiANN silver training files (entity strings for the gazetteer, `--gaz-wikiann`)
WIKIANN = ["de", "en", "fr", "nl", "pt"]


def misc_to_o(line):
    """A CoNLL line with a B-/I-MISC tag (last column) read as O."""
    sep = "\t" if "\t" in line else " "
    head, _, tag = line.rpartition(sep)
    return f"{head}{sep}O" if tag.endswith("-MISC") else line


def capped(lang, which, cap, tmp, drop_misc=False):
    """The first `cap` sentences (spread evenly over the file) written to `tmp`; with
    `drop_misc`, MISC tags read as O."""
    src = CORPORA[lang][0 if which == "train" else 1]
    sents = sentences(os.path.join(DATA, src))
    if len(sents) > cap:
        step = len(sents) / cap
        sents = [sents[int(i * step)] for i in range(cap)]
    path = os.path.join(tmp, f"{lang}.{which}.tsv")
    with open(path, "w", encoding="utf-8") as f:
        for s in sents:
            if drop_misc:
                s = [misc_to_o(x) for x in s]
            f.write("\n".join(s) + "\n\n")
    return path, len(sents)


def wikiann_train(lang):
    """The normalized WikiANN train file of a language."""
    return os.path.join(DATA, "wikiann", "normalized", lang, "train.tsv")


def train(langs, args, tmp, output, log):
    cmd = [
        BIN,
        "train",
        "ner",
        "--lang",
        "multi",
        "--output",
        output,
        "--features",
        args.features,
        "--min-count",
        str(args.min_count),
    ]
    if not args.harvest:
        cmd.append("--no-harvest")
    with_misc, no_misc, dev = [], [], []
    for lang in langs:
        # --misc drop: MISC read as O everywhere (no corpus teaches MISC); --misc conll:
        # MISC only from the corpora whose MISC follows CoNLL, the others latent MISC
        drop = args.misc == "drop" or (args.misc == "conll" and lang not in CONLL_MISC)
        p, _ = capped(lang, "train", args.cap, tmp, drop)
        has_misc = CORPORA[lang][3] and (args.misc == "keep" or lang in CONLL_MISC)
        (with_misc if has_misc or args.misc == "drop" else no_misc).append(p)
        if CORPORA[lang][1] and CORPORA[lang][3] and lang in args.dev_langs:
            dev.append(capped(lang, "dev", args.dev_cap, tmp, args.misc == "drop")[0])
    gaz = []
    if args.gaz_wikiann:
        # never the held-out language's own (fr and pt are never held out)
        gaz += [wikiann_train(w) for w in WIKIANN if w in langs or w not in CORPORA]
    if args.gaz_train:
        gaz += [os.path.join(DATA, CORPORA[lang][0]) for lang in langs]
    if gaz:
        cmd += ["--gazetteer-conll"] + gaz
    dev_path = os.path.join(tmp, "dev.tsv")
    with open(dev_path, "w", encoding="utf-8") as f:
        for p in dev:
            f.write(open(p, encoding="utf-8").read())
    if with_misc:
        cmd += ["--train"] + with_misc
    if no_misc:
        cmd += ["--train-no-misc"] + no_misc
    cmd += ["--dev", dev_path] + args.extra
    t = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True)
    log.write(r.stderr)
    if r.returncode != 0:
        sys.exit(f"training failed: {r.stderr[-2000:]}")
    tail = r.stderr.split("saved model on dev")[-1]
    m = re.search(r"FB1:\s*([\d.]+)", tail)
    return time.time() - t, float(m.group(1)) if m else float("nan")


def evaluate(model, lang, split="test"):
    path = CORPORA[lang][2 if split == "test" else 1]
    if path is None:
        return "no dev split"
    test = os.path.join(DATA, path)
    cmd = [BIN, "eval", "ner", "--model", model, "--lang", lang, "--test", test]
    if not CORPORA[lang][3]:
        cmd.append("--no-misc")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    m = re.search(r"precision:\s*([\d.]+)%?;\s*recall:\s*([\d.]+)%?;\s*FB1:\s*([\d.]+)", out)
    if not m:
        return out
    return tuple(float(x) for x in m.groups())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hold-out", nargs="*", default=[])
    ap.add_argument("--langs", nargs="*", default=list(CORPORA))
    ap.add_argument("--dev-langs", nargs="*", default=list(CORPORA))
    ap.add_argument("--cap", type=int, default=3000, help="training sentences per language")
    ap.add_argument("--dev-cap", type=int, default=300, help="dev sentences per language")
    ap.add_argument("--features", default="generic")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--harvest", action="store_true", help="harvest entity strings")
    ap.add_argument(
        "--misc",
        default="keep",
        choices=["keep", "drop", "conll"],
        help="MISC in training: as annotated, read as O everywhere, or only from CONLL_MISC",
    )
    ap.add_argument(
        "--gaz-wikiann",
        action="store_true",
        help="entity strings of the held-in languages' WikiANN train files join the gazetteer",
    )
    ap.add_argument(
        "--gaz-train",
        action="store_true",
        help="entity strings of the held-in languages' whole train splits join the gazetteer",
    )
    ap.add_argument(
        "--score-on",
        default="test",
        choices=["test", "dev"],
        help="score the held-out language on its test or (choosing settings) dev split",
    )
    ap.add_argument("--all", action="store_true", help="train on every language")
    ap.add_argument("--output", default=None)
    ap.add_argument("--log", default="/tmp/lolo.log")
    ap.add_argument("extra", nargs="*", help="more options of `nutgraf train ner` (after --)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, open(args.log, "a") as log:
        if args.all:
            out = args.output or os.path.join(tmp, "multi.ngm")
            secs, dev = train(args.langs, args, tmp, out, log)
            print(f"trained on {' '.join(args.langs)} in {secs:.0f}s, dev F1 {dev:.2f} -> {out}")
            for lang in args.hold_out:
                print(lang, evaluate(out, lang), flush=True)
            return
        print(f"| held out | P | R | F1 ({args.score_on} of X) | dev F1 (held-in) | train s |")
        print("|---|---|---|---|---|---|")
        for x in args.hold_out:
            model = os.path.join(tmp, f"multi-no-{x}.ngm")
            langs = [lang for lang in args.langs if lang != x]
            args_x = argparse.Namespace(**vars(args))
            args_x.dev_langs = [lang for lang in args.dev_langs if lang != x]
            secs, dev = train(langs, args_x, tmp, model, log)
            r = evaluate(model, x, args.score_on)
            if isinstance(r, tuple):
                print(
                    f"| {x} | {r[0]:.2f} | {r[1]:.2f} | {r[2]:.2f} | {dev:.2f} | {secs:.0f} |",
                    flush=True,
                )
            else:
                print(x, r, flush=True)


if __name__ == "__main__":
    main()
