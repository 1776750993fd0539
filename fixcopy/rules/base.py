"""Small helpers shared by the rule modules."""

from __future__ import annotations

from functools import lru_cache

import lemminflect

from ..document import Document
from ..suggestion import Suggestion
from . import lexicon

lexicon.install()  # lemminflect's tables searched in place: a cold check skips 0.3 s of parsing

# Closed word classes (grammar, not vocabulary): enough to tell a phrase's shape.
ARTICLES = frozenset({"the", "a", "an"})
DETERMINERS = ARTICLES | frozenset(
    {"this", "that", "these", "those", "its", "their", "his", "her", "our", "my", "your", "some", "any",
     "no", "every", "each", "another", "such", "both", "all", "many", "several", "few"}
)
PREPOSITIONS = frozenset(
    {"of", "in", "on", "at", "to", "for", "with", "from", "by", "about", "into", "onto", "over", "under",
     "after", "before", "since", "during", "against", "between", "among", "through", "without", "within",
     "across", "behind", "beyond", "near", "toward", "towards", "upon", "via", "per", "amid", "despite"}
)
CONJUNCTIONS = frozenset({"and", "or", "but", "nor", "yet", "so", "while", "as", "if", "because", "when", "than"})
MODALS = frozenset({"can", "could", "will", "would", "shall", "should", "may", "might", "must", "cannot"})
NEGATIVE_MODALS = {"won't": "will", "wouldn't": "would", "can't": "can", "couldn't": "could",
                   "shouldn't": "should", "mustn't": "must", "didn't": "did", "doesn't": "does", "don't": "do"}
DO_FORMS = frozenset({"do", "does", "did"})
HAVE_FORMS = frozenset({"has", "have", "had"})
SUBJECT_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they", "who", "which", "that"})
# Adverbs that may stand between an auxiliary and its verb.
AUX_ADVERBS = frozenset(
    {"not", "also", "still", "never", "only", "soon", "probably", "likely", "then", "now", "just", "already",
     "ever", "even", "jointly", "eventually", "finally", "further", "again", "certainly", "definitely",
     "possibly", "immediately", "quickly", "really", "actually", "always", "usually", "once", "both", "all"}
)


@lru_cache(maxsize=65536)
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    return lemminflect.getAllLemmas(word)


def verb_lemma(word: str) -> str | None:
    """The verb lemma of a word that can only be a verb form (no noun, adjective or
    adverb reading), else None."""
    ls = lemmas(word.lower())
    if set(ls) - {"VERB", "AUX"} or "VERB" not in ls:
        return None
    return ls["VERB"][0]


@lru_cache(maxsize=65536)
def inflection(lemma: str, tag: str) -> str | None:
    forms = lemminflect.getInflection(lemma, tag)
    return forms[0] if forms else None


@lru_cache(maxsize=65536)
def verb_forms(lemma: str) -> dict[str, tuple[str, ...]]:
    return lemminflect.getAllInflections(lemma, upos="VERB")


def match_case(template: str, word: str) -> str:
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def suggestion(doc: Document, start: int, end: int, replacement: str | None, category: str,
               message: str, confidence: float) -> Suggestion:
    return Suggestion(start, end, doc.text[start:end], replacement, category, message, confidence, "rule")
