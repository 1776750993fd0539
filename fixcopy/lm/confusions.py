"""The function words that machine translation puts for others (``CONFUSIONS``), and the tests that
keep a right one from being taken for one (pure; no model, no I/O). ``candidates`` proposes their
alternatives, ``correct`` scores them.
"""

from __future__ import annotations

import re

# A function word and the ones machine translation put it for, each with the GARBLES.md category
# of the mistake and what the message says (benchmarks/lm_pronoun_sweep.py measured each). Never a
# gender swap: the LM's guess at a person's gender is a bias, not evidence ("meetings with her
# counterparts" -> "his", 5.9 nats, on clean news); nor "it" -> "he"/"she" ("it said" -> "she").
# Measured and left out: "of" -> "from" (a wrong fix at 6.5 nats on clean news), "in" -> "on",
# "by" <-> "for", "to" -> "at", "its" -> "their".
CONFUSIONS = {
    "his": (("its", "their"), "agreement", "does not agree with what it refers to"),
    "any": (("no",), "mistranslation", "reads as a negation lost in translation"),
    "since": (("from",), "preposition", "reads wrong here"),
    "what": (("which",), "mistranslation", "reads wrong as a relative pronoun"),
    "at": (("on", "in"), "preposition", "reads wrong here"),
    "like": (("as",), "mistranslation", "reads wrong here"),
    "how": (("as",), "mistranslation", "reads wrong here"),
}


# an auxiliary or modal in the words after "since" (before a punctuation mark) makes it the
# conjunction: "primary dealers in securities since other countries would meet the rule" (Reuters)
# had become "from other countries"; the "since" that stands for "from" heads a noun phrase
AUXILIARIES = frozenset(
    "is are was were be been has have had do does did will would can could shall should may might must".split()
)
CLAUSE_RE = re.compile(r"[^,.;:!?()\[\]\"“”—–-]{0,80}")


def opens_clause(text: str, end: int) -> bool:
    """Whether a verb's auxiliary follows ``text[end:]`` within 6 words and before a punctuation
    mark (so the word that ends at ``end``, "since", is a conjunction)."""
    return any(x.lower() in AUXILIARIES for x in CLAUSE_RE.match(text, end).group().split()[:6])


# A man named before "his" is what it most likely refers to, wherever he was named: "Gen Pinochet
# himself has never been put on trial ... the whole world knows his victims" and "Mr Jacobsen ...
# so that limited his activities" (BBC) were made "its" and "their" by the LM, which reads a few
# sentences at most. In bt-dev, none of the "his" that stand for "its" or "their" has one of these
# words before it in its paragraph, and 3 of 19 anywhere in the article before it.
MAN_RE = re.compile(r"\b(?:[Hh]e|HE|[Hh]im|HIM|[Hh]imself|HIMSELF|Mr|Sir)\b")
