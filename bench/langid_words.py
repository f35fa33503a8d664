"""Builds the word table of language identification (`models/langid-words.tsv.gz`): the most
frequent words of each language with their counts, which `src/text/lang.rs` adds to the
character n-gram scores of langid-rs on short texts.

    python bench/langid_words.py --lingua ~/.cargo/registry/src/index.crates.io-*/ \
        --out models/langid-words.tsv.gz

Text per language, the same amount for every language so that none is favoured for having
more: the first 500 lines of `testdata/sentences.txt` of the `lingua-<language>-language-model`
1.3.0 crates (Apache-2.0; unpacked crates, e.g. in the cargo registry after fetching lingua
1.8 with all its languages), and for the twelve SIB-200 languages also the SIB-200 **train**
split (CC BY-SA 4.0). The other 500 lines of lingua's sentences are the dev check of the
languages without SIB-200 data. Words are runs of letters, lowercased.

File format (gzip, no timestamp): for each language a line `#code<TAB>tokens<TAB>types`, then
up to `--top` lines `word<TAB>count`, most frequent first.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import io
from pathlib import Path

import sib

# lingua crate name -> ISO 639-1 code of langid-rs (languages langid-rs knows)
LINGUA = {
    "afrikaans": "af",
    "albanian": "sq",
    "arabic": "ar",
    "basque": "eu",
    "belarusian": "be",
    "bokmal": "nb",
    "bosnian": "bs",
    "bulgarian": "bg",
    "catalan": "ca",
    "chinese": "zh",
    "croatian": "hr",
    "czech": "cs",
    "danish": "da",
    "dutch": "nl",
    "english": "en",
    "esperanto": "eo",
    "estonian": "et",
    "finnish": "fi",
    "french": "fr",
    "german": "de",
    "greek": "el",
    "hebrew": "he",
    "hindi": "hi",
    "hungarian": "hu",
    "icelandic": "is",
    "indonesian": "id",
    "irish": "ga",
    "italian": "it",
    "japanese": "ja",
    "korean": "ko",
    "latin": "la",
    "latvian": "lv",
    "lithuanian": "lt",
    "macedonian": "mk",
    "malay": "ms",
    "nynorsk": "nn",
    "persian": "fa",
    "polish": "pl",
    "portuguese": "pt",
    "romanian": "ro",
    "russian": "ru",
    "serbian": "sr",
    "slovak": "sk",
    "slovene": "sl",
    "spanish": "es",
    "swahili": "sw",
    "swedish": "sv",
    "tagalog": "tl",
    "turkish": "tr",
    "ukrainian": "uk",
    "vietnamese": "vi",
    "welsh": "cy",
}
LINES = 500


def words(text: str) -> list[str]:
    """Runs of letters, lowercased (as `src/text/lang.rs` reads them)."""
    out, cur = [], []
    for ch in text:
        if ch.isalpha():
            cur.append(ch)
        elif cur:
            out.append("".join(cur).lower())
            cur = []
    if cur:
        out.append("".join(cur).lower())
    return out


def lingua_lines(root: Path, name: str, part: str) -> list[str]:
    """The first (`train`) or the other (`dev`) 500 lines of a lingua crate's sentences."""
    path = root / f"lingua-{name}-language-model-1.3.0" / "testdata" / "sentences.txt"
    lines = [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
    return lines[:LINES] if part == "train" else lines[LINES:]


def counts(root: Path) -> dict[str, collections.Counter]:
    sib_folder = {code: folder for folder, code in sib.LANGUAGES.items()}
    out = {}
    for name, code in sorted(LINGUA.items(), key=lambda kv: kv[1]):
        c = collections.Counter()
        for line in lingua_lines(root, name, "train"):
            c.update(words(line))
        if code in sib_folder:
            for s in sib.sentences(sib_folder[code], "train"):
                c.update(words(s))
        out[code] = c
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lingua", type=Path, required=True, help="folder of the unpacked crates")
    ap.add_argument("--top", type=int, default=2000, help="words kept per language")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    text = io.StringIO()
    for code, c in counts(args.lingua).items():
        text.write(f"#{code}\t{sum(c.values())}\t{len(c)}\n")
        for w, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[: args.top]:
            text.write(f"{w}\t{n}\n")
    with open(args.out, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as z:
        z.write(text.getvalue().encode("utf-8"))
    print(f"{args.out}: {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
