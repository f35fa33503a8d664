"""Sentence splitting per language: wrong splits and missed boundaries on gold sentences.

Gold sentences come from the dev splits of the NER corpora (CoNLL style, one sentence per
block; detokenized here with simple rules) and from SIB-200 dev (FLORES sentences, untokenized).
Consecutive gold sentences are joined with a space into documents of 20 sentences and split
by `nutgraf batch` (language given, no cleaning, nothing but preparation). A predicted sentence
end that is not a gold sentence end is a *wrong split*; a gold sentence end after terminal
punctuation (`.`, `!`, `?`, `…`, then closing quotes or brackets) that is not predicted is a
*missed boundary* (gold sentences without terminal punctuation, such as CoNLL headlines, are
not counted: no splitter can find them inside running text). Several binaries can be compared
in one run (the first is the reference).

    python bench/sentence_split.py [--nutgraf target/release/nutgraf ...] [--json out.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import tempfile
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
DOC_SENTENCES = 20
MAX_SENTENCES = 4000

# (language, corpus name, path under ../shared/data); dev splits (Swedish has none: train)
NER = [
    ("en", "conll2003", "conll2003-en/normalized/dev.tsv"),
    ("de", "germeval2014", "germeval2014/normalized/dev.tsv"),
    ("de", "europarl", "europarl-ner-de/normalized/dev.tsv"),
    ("es", "conll2002", "conll2002-es/normalized/dev.tsv"),
    ("nl", "conll2002", "conll2002-nl/normalized/dev.tsv"),
    ("it", "kind", "kind-wikinews-it/normalized/dev.tsv"),
    ("pl", "nkjp", "nkjp-pl/normalized/dev.tsv.gz"),
    ("cs", "cnec2", "cnec2-cs/normalized/dev.tsv"),
    ("sv", "swedish-ner (train)", "swedish-ner-sv/normalized/train.tsv"),
    ("da", "dane", "danish-ner-da/normalized/dev.tsv"),
    ("fi", "turku", "turku-ner-fi/normalized/dev.tsv"),
    ("nb", "norne", "norne-nb/normalized/dev.tsv"),
    ("nn", "norne", "norne-nn/normalized/dev.tsv"),
]
SIB = {
    "ces_Latn": "cs",
    "dan_Latn": "da",
    "deu_Latn": "de",
    "eng_Latn": "en",
    "fin_Latn": "fi",
    "fra_Latn": "fr",
    "ita_Latn": "it",
    "nld_Latn": "nl",
    "pol_Latn": "pl",
    "por_Latn": "pt",
    "spa_Latn": "es",
    "swe_Latn": "sv",
}

NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "…", "...", "”", "’", "»"}
NO_SPACE_AFTER = {"(", "[", "{", "„", "“", "«", "¿", "¡", "‚"}
TERMINAL = ".!?…"
CLOSING = "\"'”’»)]}“«"


def read_conll(path: Path) -> list[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    sents: list[list[str]] = []
    cur: list[str] = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if cur:
                    sents.append(cur)
                cur = []
                continue
            tok = line.split("\t")[0].split(" ")[0]
            if tok != "-DOCSTART-":
                cur.append(tok)
    if cur:
        sents.append(cur)
    return sents


def detokenize(tokens: list[str], lang: str) -> str:
    out = ""
    open_quote = False
    no_space = True
    for tok in tokens:
        space = not no_space
        no_space = False
        if tok in NO_SPACE_BEFORE:
            space = False
        elif lang == "en" and (tok.lower() == "n't" or tok.startswith("'") and len(tok) > 1):
            space = False
        elif tok == '"':
            if open_quote:
                space = False
            else:
                no_space = True
            open_quote = not open_quote
        if tok in NO_SPACE_AFTER:
            no_space = True
        if len(tok) > 1 and tok[-1] in "'’" and tok[-2].isalpha() and lang != "en":
            no_space = True  # elision: l'insetto, dell'anno
        out += (" " if space and out else "") + tok
    return out


def ends_terminal(sentence: str) -> bool:
    s = sentence.rstrip(CLOSING)
    return bool(s) and s[-1] in TERMINAL


def documents(sentences: list[str]) -> list[list[str]]:
    sentences = [s for s in sentences[:MAX_SENTENCES] if s.strip()]
    return [sentences[i : i + DOC_SENTENCES] for i in range(0, len(sentences), DOC_SENTENCES)]


def corpora() -> list[tuple[str, str, list[list[str]]]]:
    out = []
    for lang, name, rel in NER:
        path = DATA / rel
        if path.exists():
            sents = [detokenize(s, lang) for s in read_conll(path)]
            out.append((lang, name, documents(sents)))
    for folder, lang in SIB.items():
        path = DATA / "sib200" / folder / "dev.tsv"
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()[1:]
            sents = [line.split("\t", 2)[2].strip() for line in lines]
            out.append((lang, "sib200", documents(sents)))
    return out


def split(binary: str, lang: str, docs: list[list[str]]) -> list[list[int]]:
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "in.jsonl"
        with inp.open("w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps({"text": " ".join(d)}, ensure_ascii=False) + "\n")
        skip = [a for t in ("entities", "topics", "summary", "keyphrases") for a in ("--skip", t)]
        cmd = [binary, "batch", "-i", str(inp), "-o", "-", "--language", lang, "--no-clean"]
        cmd += ["--progress", "never", *skip]
        res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    out = []
    for line in res.stdout.splitlines():
        a = json.loads(line)["analysis"]
        text = a["text"].encode("utf-8")
        # sentence ends as letter/digit counts: immune to the text normalization of nutgraf
        out.append([alnum_count(text[: s["end"]].decode("utf-8")) for s in a["sentences"]])
    return out


def alnum_count(s: str) -> int:
    return sum(c.isalnum() for c in unicodedata.normalize("NFC", s))


def score(docs: list[list[str]], predicted: list[list[int]]) -> dict:
    """Counts errors; positions are counts of letters and digits from the document start."""
    gold_n = wrong = missed = 0
    examples: list[str] = []
    for d, pred_ends in zip(docs, predicted):
        text = " ".join(d)
        ends, terminal, pos, where = set(), set(), 0, {}
        for s in d[:-1]:
            pos += alnum_count(s)
            ends.add(pos)
            if ends_terminal(s):
                terminal.add(pos)
        # character offset of each letter count (for the examples)
        n = 0
        for i, c in enumerate(text):
            if c.isalnum():
                n += 1
                where.setdefault(n, i + 1)
        pred = set(pred_ends[:-1])
        gold_n += len(terminal)
        for kind, errs in (("wrong", pred - ends), ("missed", terminal - pred)):
            for e in sorted(errs):
                if kind == "wrong":
                    wrong += 1
                else:
                    missed += 1
                if len(examples) < 8:
                    i = where.get(e, 0)
                    examples.append(f"{kind}: {text[max(0, i - 30) : i + 20]}")
    return {"boundaries": gold_n, "wrong": wrong, "missed": missed, "examples": examples}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nutgraf", action="append", help="nutgraf binaries to compare")
    ap.add_argument("--json", help="write the numbers here")
    ap.add_argument("--examples", action="store_true", help="print errors of the last binary")
    args = ap.parse_args()
    binaries = args.nutgraf or ["target/release/nutgraf"]
    results = []
    totals = [[0, 0] for _ in binaries]
    print(
        "| language | corpus | boundaries | "
        + " | ".join(f"wrong / missed ({b})" for b in binaries)
        + " |"
    )
    for lang, name, docs in corpora():
        row = {"language": lang, "corpus": name, "by_binary": {}}
        cells = []
        for i, b in enumerate(binaries):
            r = score(docs, split(b, lang, docs))
            row["boundaries"] = r["boundaries"]
            row["by_binary"][b] = {"wrong": r["wrong"], "missed": r["missed"]}
            totals[i][0] += r["wrong"]
            totals[i][1] += r["missed"]
            cells.append(f"{r['wrong']} / {r['missed']}")
        results.append(row)
        print(f"| {lang} | {name} | {row['boundaries']} | " + " | ".join(cells) + " |")
        if args.examples:
            for ex in r["examples"]:
                print("    " + ex.replace("\n", " "))
    print(
        "| all | | "
        + str(sum(r["boundaries"] for r in results))
        + " | "
        + " | ".join(f"{w} / {m}" for w, m in totals)
        + " |"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
