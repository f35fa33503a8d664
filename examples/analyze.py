"""Analyze texts with nutgraf from Python: ``python examples/analyze.py FILE [FILE ...]``."""

import sys

import nutgraf


def main(paths: list[str]) -> None:
    nlp = nutgraf.Analyzer(summary_sentences=2)
    texts = [open(p, encoding="utf-8").read() for p in paths]
    for path, doc in zip(paths, nlp.pipe(texts, errors="return")):
        if isinstance(doc, nutgraf.NutgrafError):
            print(f"{path}: {type(doc).__name__}: {doc}")
            continue
        print(f"{path}: {doc.language}, {doc.title!r}")
        print("  summary:", doc.summary_text)
        print("  topics: ", [(t.label, round(t.score, 3)) for t in doc.topics])
        print("  entities:", [(e.label, e.name, e.count) for e in doc.entities])


if __name__ == "__main__":
    main(sys.argv[1:] or ["../shared/examples/seed-article-de.txt"])
