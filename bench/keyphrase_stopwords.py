"""Stop words among nutgraf's top keyphrases, per SIB-200 language (test split).

Each language's 204 test sentences are analyzed with the language given; a keyphrase counts
as a stop word when it is one word and that word is on the language's stopwords-iso list
(the `stopwordsiso` package, independent of nutgraf's own lists), or when a longer phrase
begins or ends with such a word.

    pip install stopwordsiso target/wheels/nutgraf-*.whl
    python bench/keyphrase_stopwords.py [--top 3]
"""

from __future__ import annotations

import argparse

import nutgraf
import sib
import stopwordsiso


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=3, help="keyphrases per sentence")
    args = ap.parse_args()
    total_bad = 0
    for folder, code in sib.LANGUAGES.items():
        stop = stopwordsiso.stopwords(code)
        nlp = nutgraf.Analyzer(language=code, topics=False, summary=False, clean=False)
        phrases = bad = 0
        examples: list[str] = []
        for text in sib.sentences(folder, "test"):
            for k in nlp(text).keyphrases[: args.top]:
                words = k.text.lower().split()
                phrases += 1
                if words[0] in stop or words[-1] in stop:
                    bad += 1
                    if len(examples) < 5:
                        examples.append(k.text)
        total_bad += bad
        print(f"{code}: {bad} of {phrases} top-{args.top} keyphrases are stop words {examples}")
    print(f"all: {total_bad}")


if __name__ == "__main__":
    main()
