"""Agreement: no rule flags it (the model does); this module holds the look-alikes that veto
the model's agreement flags on good English.

* A plural verb after a compound subject: "A debate and vote are scheduled", "Prices and
  wages have risen". The flag is vetoed when the flagged word is a plural or past form of
  be/have/do and the clause before it (back to the last comma, semicolon, colon or the
  sentence start) has "and" between two of its words.
* The subjunctive "were": "if it were", "as if he were", "I wish she were".
* A plural verb after a collective noun or a company name, as British copy has it: "The
  government are", "The first group have", "Warner Inc are".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..suggestion import Suggestion

CATEGORY = "agreement"
PLURAL_AUX = {"are", "were", "have", "do", "'re", "’re"}
SUBJUNCTIVE_BEFORE = re.compile(
    r"\b(?:if|as if|as though|wish|wished|suppose|supposing|even if)\s+(?:\w+\s+){0,3}$", re.IGNORECASE
)

# nouns for a group of people that British English takes with a plural verb
COLLECTIVE = set(
    """
army audience band bank board cabinet class club committee community company council couple crew
crowd department electorate family firm government group jury league management majority minority
navy opposition panel parliament party police press public regiment school side squad staff team
union
bbc fa inc plc ltd llc corp co nhs
""".split()
)
ADVERB_BETWEEN = {"also", "now", "still", "already", "all", "both", "themselves", "not", "often", "currently"}


def check(doc) -> Iterable[Suggestion]:
    return ()


def legitimate(doc, s) -> bool:
    """A model agreement flag on a plural verb after a compound subject, or on a subjunctive
    "were"."""
    word = doc.text[s.start : s.end].strip().lower()
    if word not in PLURAL_AUX:
        return False
    sent = doc.sentence_at(s.start)
    before = doc.text[sent.start if sent else max(0, s.start - 200) : s.start]
    if word == "were" and SUBJUNCTIVE_BEFORE.search(before):
        return True
    prev = [w.lower() for w in re.findall(r"[\w']+", before)[-3:]]
    while prev and (prev[-1] in ADVERB_BETWEEN or prev[-1].endswith("ly")):
        prev.pop()
    if prev and prev[-1] in COLLECTIVE:
        return True
    clause = re.split(r"[,;:]", before)[-1]
    # "and" between two words of the clause (a clause that starts with "and" joins clauses)
    return bool(re.search(r"\w\s+and\s+\w", clause.strip(), re.IGNORECASE))
