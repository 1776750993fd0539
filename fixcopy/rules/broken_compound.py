"""broken-compound: a hyphenated compound that lost one half or was split.

"long -term" -> "long-term"; "well- known" -> "well-known"; "the -based order" is
flagged without a fix (the missing half cannot be guessed by a rule).
"""

from __future__ import annotations

import re

from .base import ARTICLES, CONJUNCTIONS, DETERMINERS, PREPOSITIONS, suggestion

CATEGORY = "broken-compound"

# "long -term": a word, a space, then a hyphen glued to the next word.
SPLIT_BEFORE_RE = re.compile(r"\b([a-z]+)[ \t]+-([a-z]{2,})\b")
# "well- known": a hyphen glued to the word before, a space, then a word.
SPLIT_AFTER_RE = re.compile(r"\b([A-Za-z]+)-[ \t]+([a-z]{2,})\b")
# "-based order": a hyphen half with nothing before it.
ORPHAN_RE = re.compile(r"(?:(?<=^)|(?<=[\s(\"“]))-([a-z]{2,})\b", re.M)
# Suspended hyphens are legitimate: "long- and short-term", "pre- or post-war".
SUSPENDED = frozenset({"and", "or", "to", "nor", "as"})
ORPHAN_AFTER = ARTICLES | DETERMINERS | CONJUNCTIONS | PREPOSITIONS


def check(doc):
    text = doc.text
    for sent in doc.sentences:
        for m in SPLIT_BEFORE_RE.finditer(text, sent.start, sent.end):
            left = m.group(1)
            if left in ORPHAN_AFTER:
                continue  # "the -based order" is an orphan half, handled below
            yield suggestion(doc, m.start(), m.end(), f"{left}-{m.group(2)}", CATEGORY,
                             f'"{left}-{m.group(2)}" is one hyphenated word', 0.85)
        for m in SPLIT_AFTER_RE.finditer(text, sent.start, sent.end):
            if m.group(2) in SUSPENDED:
                continue
            yield suggestion(doc, m.start(), m.end(), f"{m.group(1)}-{m.group(2)}", CATEGORY,
                             f'"{m.group(1)}-{m.group(2)}" is one hyphenated word', 0.85)
        for m in ORPHAN_RE.finditer(text, sent.start, sent.end):
            before = text[max(sent.start, m.start() - 20) : m.start()].split()
            prev = before[-1].lower() if before else ""
            if prev and prev not in ORPHAN_AFTER and not prev.endswith((",", "(", '"', "“")):
                continue
            yield suggestion(doc, m.start(), m.end(), None, CATEGORY,
                             f'"-{m.group(1)}" has lost the first half of its compound', 0.8)
