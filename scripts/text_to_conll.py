#!/usr/bin/env python3
"""Crude tokenizer for quick checks: plain text on stdin -> one token per line, blank line
between sentences (split after . ! ? followed by whitespace and an uppercase letter/quote)."""
import re
import sys

TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
for para in sys.stdin.read().split("\n"):
    para = para.strip()
    if not para:
        continue
    for sent in re.split(r"(?<=[.!?“])\s+(?=[A-ZÄÖÜ„\"])", para):
        toks = TOKEN.findall(sent)
        if toks:
            print("\n".join(toks) + "\n")
