"""Silver entity data for self-training the German tagger (lever 3 of docs/german-ner.md).

Usage:
  python3 scripts/silver_ner.py tokens OUT.tsv [MAX_SENTENCES]
      German news text of 10kGNAD test (../shared/data/10kgnad/test.csv; text only, the
      topic labels are ignored) as one token per line, a blank line between sentences.
  python3 scripts/silver_ner.py agree A.tsv B.tsv OUT.tsv
      Keeps the sentences that two taggers (``nutgraf tag`` output of OUT.tsv of the first
      step, two different models) tag identically and that hold at least one entity: the
      agreement of two models is the confidence threshold.
"""

import csv
import re
import sys

DATA = "../shared/data"
TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*-?|[^\w\s]")
SENT_END = re.compile(r"(?<=[.!?])\s+(?=[\"„A-ZÄÖÜ])")


def tokens(out, limit):
    n = 0
    with open(f"{DATA}/10kgnad/test.csv", encoding="utf-8") as f, open(out, "w") as w:
        for row in csv.reader(f, delimiter=";", quotechar="'"):
            for sent in SENT_END.split(row[1]):
                toks = TOKEN.findall(sent)
                if len(toks) < 4 or len(toks) > 60:
                    continue
                w.write("\n".join(toks) + "\n\n")
                n += 1
                if n >= limit:
                    return n
    return n


def sentences(path):
    sent = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if sent:
                yield sent
            sent = []
        else:
            sent.append(line.split("\t"))
    if sent:
        yield sent


def agree(a, b, out):
    kept = total = 0
    with open(out, "w") as w:
        for sa, sb in zip(sentences(a), sentences(b)):
            total += 1
            if [x[-1] for x in sa] != [x[-1] for x in sb]:
                continue
            if all(x[-1] == "O" for x in sa):
                continue
            w.write("".join(f"{x[0]}\t{x[-1]}\n" for x in sa) + "\n")
            kept += 1
    return kept, total


def main():
    if sys.argv[1] == "tokens":
        limit = int(sys.argv[3]) if len(sys.argv) > 3 else 10**9
        print(tokens(sys.argv[2], limit), "sentences")
    elif sys.argv[1] == "agree":
        kept, total = agree(sys.argv[2], sys.argv[3], sys.argv[4])
        print(f"kept {kept} of {total} sentences")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
