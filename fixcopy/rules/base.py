"""Small helpers shared by the rule modules."""

from __future__ import annotations

from ..document import Document
from ..lexical import (  # noqa: F401  (the rule modules import these from here)
    ARTICLES,
    AUX_ADVERBS,
    CONJUNCTIONS,
    DETERMINERS,
    DO_FORMS,
    HAVE_FORMS,
    MODALS,
    NEGATIVE_MODALS,
    PREPOSITIONS,
    inflection,
    lemmas,
    match_case,
    verb_forms,
    verb_lemma,
    verb_tags,
)
from ..suggestion import Suggestion
from . import lexicon

lexicon.install()  # lemminflect's tables searched in place: a cold check skips 0.3 s of parsing

# Where a sentence starts, for a regular expression: the text's or a line's start, or after a full
# stop, question or exclamation mark (and a closing quote) and a space.
SENTENCE_START = r"(?:^|(?<=[.!?][ ])|(?<=[.!?][\"”’][ ])|(?<=\n))"
FINITE_TAGS = frozenset({"VBD", "VBZ"})  # a past or third-person present form


def suggestion(
    doc: Document, start: int, end: int, replacement: str | None, category: str, message: str, confidence: float
) -> Suggestion:
    return Suggestion(start, end, doc.text[start:end], replacement, category, message, confidence, "rule")


def inside_sentence(text: str, start: int, at: int) -> bool:
    """Whether ``at`` is past the first word of the sentence that begins at ``start`` (quotes and
    brackets before that word apart): a capital there is no sentence's capital."""
    return bool(text[start:at].strip(" \t\"“‘'(["))
