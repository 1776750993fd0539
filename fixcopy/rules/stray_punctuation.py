"""stray-punctuation: a full stop or comma inside a clause, with a lowercase word after it.

"signed a deal. with the union" -> "signed a deal with the union";
"the, government said" -> "the government said".
"""

from __future__ import annotations

import re

from ..document import ABBREVIATIONS
from .base import suggestion

CATEGORY = "stray-punctuation"

# word + full stop + space(s) or one line break + a lowercase word.
PERIOD_RE = re.compile(r"(?<![.\w])([^\W\d_][\w'’\-]*)\.([ \t]+|[ \t]*\r?\n[ \t]*)([a-z][a-z'’\-]*)\b")
# A comma straight after a word that cannot end a phrase: an article or a possessive determiner.
COMMA_RE = re.compile(r"\b(the|a|an|its|their|our|my|your|The|A|An|Its|Their|Our|My|Your),([ \t]+)([a-z][a-z'’\-]*)\b")

# Lowercase words that legitimately follow a full stop: parts of names, units and
# abbreviations that end without a full stop of their own.
LOWERCASE_STARTS = frozenset({"de", "da", "di", "van", "von", "der", "del", "du", "la", "le", "bin", "al", "el", "ibn", "dos", "das"})
# Abbreviations a lowercase word commonly follows ("5 pct. rise", "approx. cost").
MORE_ABBREVIATIONS = frozenset({"pct", "approx", "min", "max", "sq", "lb", "lbs", "oz", "kg", "km", "cm", "mm",
                                "yr", "yrs", "mo", "hr", "hrs", "sec", "govt", "natl", "intl", "incl", "excl", "ref"})


def check(doc):
    text = doc.text
    for sent in doc.sentences:
        for m in PERIOD_RE.finditer(text, sent.start, sent.end):
            before, after = m.group(1), m.group(3)
            low = before.lower()
            if len(before) == 1 or low in ABBREVIATIONS or low in MORE_ABBREVIATIONS or "." in before:
                continue
            if before.isupper() and len(before) <= 5:  # "NATO." "INC." - too often an acronym or heading
                continue
            if after in LOWERCASE_STARTS:
                continue
            yield suggestion(doc, m.start(1), m.end(3), before + m.group(2) + after, CATEGORY,
                             f'full stop inside a sentence before "{after}"', 0.9)
        for m in COMMA_RE.finditer(text, sent.start, sent.end):
            yield suggestion(doc, m.start(1), m.end(3), m.group(1) + m.group(2) + m.group(3), CATEGORY,
                             f'comma after "{m.group(1)}" breaks the phrase', 0.9)
