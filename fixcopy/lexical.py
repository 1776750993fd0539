"""English word classes and lemminflect look-ups shared by the rules and the training data.

The closed word classes are grammar, not vocabulary: enough to tell a phrase's shape. The
look-ups are cached per process. ``fixcopy.rules.base`` swaps lemminflect's tables for a faster
in-place search (``rules/lexicon.py``) with the same results.
"""

from __future__ import annotations

from functools import lru_cache

import lemminflect

ARTICLES = frozenset({"the", "a", "an"})
DETERMINERS = ARTICLES | frozenset(
    {
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "my",
        "your",
        "some",
        "any",
        "no",
        "every",
        "each",
        "another",
        "such",
        "both",
        "all",
        "many",
        "several",
        "few",
    }
)
PREPOSITIONS = frozenset(
    {
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "from",
        "by",
        "about",
        "into",
        "onto",
        "over",
        "under",
        "after",
        "before",
        "since",
        "during",
        "against",
        "between",
        "among",
        "through",
        "without",
        "within",
        "across",
        "behind",
        "beyond",
        "near",
        "toward",
        "towards",
        "upon",
        "via",
        "per",
        "amid",
        "despite",
    }
)
CONJUNCTIONS = frozenset({"and", "or", "but", "nor", "yet", "so", "while", "as", "if", "because", "when", "than"})
MODALS = frozenset({"can", "could", "will", "would", "shall", "should", "may", "might", "must", "cannot"})
NEGATIVE_MODALS = {
    "won't": "will",
    "wouldn't": "would",
    "can't": "can",
    "couldn't": "could",
    "shouldn't": "should",
    "mustn't": "must",
    "didn't": "did",
    "doesn't": "does",
    "don't": "do",
}
DO_FORMS = frozenset({"do", "does", "did"})
HAVE_FORMS = frozenset({"has", "have", "had"})
# Adverbs that may stand between an auxiliary and its verb.
AUX_ADVERBS = frozenset(
    {
        "not",
        "also",
        "still",
        "never",
        "only",
        "soon",
        "probably",
        "likely",
        "then",
        "now",
        "just",
        "already",
        "ever",
        "even",
        "jointly",
        "eventually",
        "finally",
        "further",
        "again",
        "certainly",
        "definitely",
        "possibly",
        "immediately",
        "quickly",
        "really",
        "actually",
        "always",
        "usually",
        "once",
        "both",
        "all",
    }
)


@lru_cache(maxsize=65536)
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's lemmas of a word by universal part of speech (do not modify the result)."""
    return lemminflect.getAllLemmas(word)


def verb_lemma(word: str) -> str | None:
    """The verb lemma of a word that can only be a verb form (no noun, adjective or
    adverb reading; an auxiliary reading is allowed), else None."""
    ls = lemmas(word.lower())
    if set(ls) - {"VERB", "AUX"} or "VERB" not in ls:
        return None
    return ls["VERB"][0]


def sole_verb_lemma(word: str) -> str | None:
    """Stricter than ``verb_lemma``: the word's only reading is a (non-auxiliary) verb."""
    ls = lemmas(word.lower())
    return ls["VERB"][0] if "VERB" in ls and len(ls) == 1 else None


@lru_cache(maxsize=65536)
def inflection(lemma: str, tag: str) -> str | None:
    """The first form of ``lemma`` for a Penn tag (VBD, NNS, ...), or None."""
    forms = lemminflect.getInflection(lemma, tag)
    return forms[0] if forms else None


@lru_cache(maxsize=65536)
def verb_forms(lemma: str) -> dict[str, tuple[str, ...]]:
    return lemminflect.getAllInflections(lemma, upos="VERB")


def verb_tags(word: str) -> frozenset[str]:
    """The Penn tags (VB, VBD, VBN, VBZ, ...) under which a lower-case ``word`` is a form of its
    (first) verb lemma; empty without a verb reading. lemminflect lists a regular verb's
    participle under VBD only ("expected")."""
    lemma = lemmas(word).get("VERB", ("",))[0]
    if not lemma:
        return frozenset()
    return frozenset(tag for tag, forms in verb_forms(lemma).items() if word in forms)


def match_case(template: str, word: str) -> str:
    """``word`` in capitals when ``template`` is a word in capitals ("DO NOT HAPPENED" -> "HAPPEN"),
    else with a capital first letter when ``template`` has one."""
    if len(template) > 1 and template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
