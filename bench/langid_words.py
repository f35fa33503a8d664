"""Builds the word table of language identification (`models/langid-words.tsv.gz`): the most
frequent words of each language with their counts, which `src/text/lang.rs` adds to the
character n-gram scores of langid-rs on short texts; and the ending table
(`models/langid-suffixes.tsv.gz`): the last three letters of the other words.

    python bench/langid_words.py --lingua ~/.cargo/registry/src/index.crates.io-*/ \
        --out models/langid-words.tsv.gz --suffix-out models/langid-suffixes.tsv.gz

Text per language, the same amount for every language so that none is favoured for having
more: the first 500 lines of `testdata/sentences.txt` of the `lingua-<language>-language-model`
1.3.0 crates (Apache-2.0; unpacked crates, e.g. in the cargo registry after fetching lingua
1.8 with all its languages), and for the twelve SIB-200 languages also the SIB-200 **train**
split (CC BY-SA 4.0). The other 500 lines of lingua's sentences are the dev check of the
languages without SIB-200 data. Words are runs of letters, lowercased.

File format (gzip, no timestamp): for each language a line `#code<TAB>tokens<TAB>types`, then
up to `--top` lines `word<TAB>count`, most frequent first. The ending table has the same form,
counted over the tokens of the words outside the language's word table: the last three letters
of each (`^` and the whole word when it has three letters or fewer), up to `--suffix-top` of
them.
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
DEV_END = 1000
ENDING = 3


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


def lingua_lines(root: Path, name: str, part: str, lines: int = LINES) -> list[str]:
    """The first `lines` (`train`) or the others up to line 1,000 (`dev`) of a lingua crate's
    sentences."""
    path = root / f"lingua-{name}-language-model-1.3.0" / "testdata" / "sentences.txt"
    text = [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
    return text[:lines] if part == "train" else text[lines:DEV_END]


def counts(root: Path, lines: int = LINES, sib_text: str = "all") -> dict[str, collections.Counter]:
    """Word counts per language. `sib_text` (the twelve SIB-200 languages): `all` adds SIB-200
    train to the lingua lines; `none` leaves it out; `mix` (lingua and SIB-200 lines in turn)
    and `sibfirst` (SIB-200 train, then lingua lines) stop at the token count of the lingua
    lines alone, so that every language has the same amount of text."""
    sib_folder = {code: folder for folder, code in sib.LANGUAGES.items()}
    out = {}
    for name, code in sorted(LINGUA.items(), key=lambda kv: kv[1]):
        c = collections.Counter()
        ling = lingua_lines(root, name, "train", lines)
        if code in sib_folder and sib_text == "all":
            ling = ling + sib.sentences(sib_folder[code], "train")
        elif code in sib_folder and sib_text in ("mix", "sibfirst"):
            cap = sum(len(words(x)) for x in ling)
            other = sib.sentences(sib_folder[code], "train")
            if sib_text == "mix":
                ling = [x for pair in zip(ling, other) for x in pair]
            else:
                ling = other + ling
            kept, n = [], 0
            for x in ling:
                if n >= cap:
                    break
                kept.append(x)
                n += len(words(x))
            ling = kept
        for line in ling:
            c.update(words(line))
        out[code] = c
    return out


def ending(word: str) -> str:
    """The last `ENDING` letters of a word, or `^` and the word (as `src/text/lang_words.rs`)."""
    return word[-ENDING:] if len(word) > ENDING else "^" + word


def write_gz(path: Path, text: str) -> None:
    with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as z:
        z.write(text.encode("utf-8"))
    print(f"{path}: {path.stat().st_size} bytes")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lingua", type=Path, required=True, help="folder of the unpacked crates")
    ap.add_argument("--top", type=int, default=2000, help="words kept per language")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--suffix-top", type=int, default=3000, help="endings kept per language")
    ap.add_argument("--suffix-out", type=Path, help="the ending table")
    ap.add_argument("--lines", type=int, default=LINES, help="lingua lines of table text")
    ap.add_argument("--sib", choices=["all", "none", "mix", "sibfirst"], default="all")
    args = ap.parse_args()
    text, endings = io.StringIO(), io.StringIO()
    for code, c in counts(args.lingua, args.lines, args.sib).items():
        text.write(f"#{code}\t{sum(c.values())}\t{len(c)}\n")
        top = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[: args.top]
        for w, n in top:
            text.write(f"{w}\t{n}\n")
        listed = {w for w, _ in top}
        e = collections.Counter()
        for w, n in c.items():
            if w not in listed:
                e[ending(w)] += n
        endings.write(f"#{code}\t{sum(e.values())}\t{len(e)}\n")
        for x, n in sorted(e.items(), key=lambda kv: (-kv[1], kv[0]))[: args.suffix_top]:
            endings.write(f"{x}\t{n}\n")
    write_gz(args.out, text.getvalue())
    if args.suffix_out:
        write_gz(args.suffix_out, endings.getvalue())


if __name__ == "__main__":
    main()
