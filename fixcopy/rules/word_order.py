"""word-order: an adverb left after the verb it belongs before, in source-language order.

"had beaten never a top-flight team" -> "had never beaten a top-flight team";
"had expected also a 50-basis-point rise" -> "had also expected a 50-basis-point rise".

After an auxiliary and a past participle, English puts never/already/also/always/ever before
the participle, not between it and its object. Only flagged and fixed when an object follows at
once (an article or a possessive); "has happened already." and "has said often that" are good
English.
"""

from __future__ import annotations

import re

from .base import MODALS, lemmas, suggestion, verb_lemma, verb_tags

CATEGORY = "word-order"


def _participle(word: str) -> bool:
    """A past participle (also one that is an adjective too: after "has" it is the verb)."""
    lemma = lemmas(word).get("VERB", ("",))[0]
    return bool(lemma) and word != lemma and bool(verb_tags(word) & {"VBN", "VBD"})


# an auxiliary or modal, a word, a movable adverb and the start of an object: the places to check
PLACE_RE = re.compile(
    r"\b(has|have|had|having|is|are|was|were|be|being|will|would|can|could|should|must|may|might)[ ]+"
    r"([A-Za-z]+)[ ]+(never|already|also|always|ever)[ ]+(?=(?:an?|the|its|their|his|her|our|my|your|these|those)\b)",
    re.IGNORECASE,
)


def check(doc):
    for m in PLACE_RE.finditer(doc.text):
        aux, verb, adv = (g.lower() for g in m.groups())
        if aux in MODALS:
            if verb_lemma(verb) != verb or verb in {"be", "have"}:
                continue
        elif not _participle(verb) or verb == "been":
            continue
        v, a = m.group(2), m.group(3)
        yield suggestion(doc, m.start(2), m.end(3), f"{a} {v}", CATEGORY, f'"{a}" goes before "{v}"', 0.85)
