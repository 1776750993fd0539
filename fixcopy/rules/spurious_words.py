"""spurious-words: a pronoun the sentence cannot carry.

"The union, which represents most of the staff, it said it would fight the cuts" -> "The union,
which represents most of the staff, said ...": a subject, a relative clause set off by commas,
and then the subject again as a pronoun. Only when the sentence opens with the subject (so the
pronoun cannot start a clause of its own: "In the report, which was published on Monday, it
said" is left alone).

"Khloe It stayed heartbroken", "Bonsai It is not a species": a name and then a capitalised pronoun
with its verb, the subject said twice (machine translation from a language that drops its
pronouns). Only before a finite verb ("Faking It and", "You Can Do It to" are titles), not after a
function word ("But He said" is a capital typed by mistake) or a word that can be a verb ("the
show Faking It ran": an object in a title), and not "He", which ends Chinese names ("Admiral Zheng
He was sent").
"""

from __future__ import annotations

import re

from .base import FINITE_TAGS, SENTENCE_START, suggestion, verb_tags

CATEGORY = "spurious-words"

# sentence start: a subject ("The" and up to five words, or a name), ", which/who ...," then a
# pronoun and a verb
RESUMED_RE = re.compile(
    SENTENCE_START + r"(?P<subject>(?:The|A|An)(?:[ ][\w'’\-]+){1,5}|[A-ZÀ-Þ][\w'’\-]*(?:[ ][A-ZÀ-Þ][\w'’\-]*){0,3}),"
    r"[ ](?:which|who)[ ][^,.;:!?\"“”\n]{3,120},"
    r"[ ](?P<pron>it|he|she|they)[ ](?P<verb>[a-z]+)\b"
)

# a capitalised word (or two), a capitalised pronoun (not He: "Zheng He"), a lower-case word, all on one line
NAMED_RE = re.compile(
    r"(?<![\w'’.\-])(?P<subject>[A-ZÀ-Þ][a-zß-ÿ]+(?:[ ][A-ZÀ-Þ][a-zß-ÿ]+)?)[ ](?P<pron>It|She|They)[ ](?P<verb>[a-z]+)\b"
)
NOT_SUBJECTS = frozenset(
    """but and or so yet when while if as then because since after before until though although where why how
    what that this these those there here now also even still only just once""".split()
)


def _finite(word: str) -> bool:
    """A past or third-person present form of a verb ("said", "represents", "is")."""
    return word in ("is", "was", "has", "are", "were", "have") or bool(verb_tags(word) & FINITE_TAGS)


def check(doc):
    text = doc.text
    for m in RESUMED_RE.finditer(text):
        subject = m.group("subject")
        if subject.split()[0] in ("In", "At", "On", "For", "From", "By", "With", "After", "Before", "As", "When", "If"):
            continue  # an opening phrase, not a subject: "In the report, which ..., it said"
        if not _finite(m.group("verb")):
            continue
        a, b = m.span("pron")
        yield suggestion(doc, a, b + 1, "", CATEGORY, f'"{m.group("pron")}" repeats the subject "{subject}"', 0.8)
    for m in NAMED_RE.finditer(text):
        subject = m.group("subject")
        if subject.split()[0].lower() in NOT_SUBJECTS or verb_tags(subject.split()[-1].lower()):
            continue  # "But She said"; "the show Faking It ran": the pronoun is an object in a title
        if not _finite(m.group("verb")):
            continue
        a, b = m.span("pron")
        yield suggestion(doc, a - 1, b, "", CATEGORY, f'"{m.group("pron")}" repeats the subject "{subject}"', 0.8)
