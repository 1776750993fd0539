"""Which LanguageTool matches are garbles: a LanguageTool match (rule, category, issue type)
mapped to a fixcopy category, a confidence and whether LanguageTool's replacement is kept, and
made a Suggestion (offsets from UTF-16 units to code points). No I/O.

LanguageTool finds much that is not a garble: spelling, house style, casing,
typography. Only the matches that fit a garble category are kept (see
:func:`garble_category`), with ``source="languagetool"`` and a confidence below the
fix threshold, so ``fixcopy fix`` does not apply them unless told to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..suggestion import Suggestion
from .offsets import code_point_index
from .protocol import RULE_PREFIX, category_for_rule

# LanguageTool rule id -> (fixcopy category, confidence, keep LanguageTool's replacement)
RULES: dict[str, tuple[str, float, bool]] = {
    "ENGLISH_WORD_REPEAT_RULE": ("duplicated-word", 0.75, True),
    "DT_DT": ("article", 0.65, True),
    "EN_A_VS_AN": ("article", 0.7, True),
    # "signed a deal. with the union": LanguageTool would capitalise "with"; the
    # garble is the full stop before it, so this is a flag without LanguageTool's fix.
    "UPPERCASE_SENTENCE_START": ("stray-punctuation", 0.55, False),
    "COMMA_PARENTHESIS_WHITESPACE": ("punctuation", 0.7, True),
    "DOUBLE_PUNCTUATION": ("punctuation", 0.65, True),
    "UNPAIRED_BRACKETS": ("punctuation", 0.55, False),
}
# Keywords in the ids of LanguageTool's GRAMMAR rules, checked in this order.
GRAMMAR_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "verb-form",
        (
            "BASEFORM",
            "NON_BASE",
            "_PART_",
            "PARTICIPLE",
            "GERUND",
            "INFINITIVE",
            "VBD",
            "VBG",
            "VBN",
            "VBZ",
            "MD_",
            "TO_VB",
            "PAST_TENSE",
        ),
    ),
    ("agreement", ("AGREEMENT", "AGR", "NON3PRS", "3SG", "NNS", "SINGULAR", "PLURAL", "THIS_", "THESE_")),
    ("article", ("ARTICLE", "A_VS_AN", "DT_", "DETERMINER")),
    ("preposition", ("PREPOSITION", "PREP_", "_PREP")),
    ("word-order", ("WORD_ORDER",)),
    ("duplicated-word", ("REPEAT", "DUPLICATE")),
)
# Categories whose matches are word choice that fits the grammar but not the sense.
MEANING_CATEGORIES = {"CONFUSED_WORDS": 0.55, "SEMANTICS": 0.55, "FALSE_FRIENDS": 0.55}
# Never a garble: spelling, house style, casing, typography, register, regional spelling.
IGNORED_CATEGORIES = {
    "TYPOS",
    "CASING",
    "STYLE",
    "REDUNDANCY",
    "PLAIN_ENGLISH",
    "TYPOGRAPHY",
    "BRITISH_ENGLISH",
    "AMERICAN_ENGLISH",
    "WIKIPEDIA",
    "CREATIVE_WRITING",
    "TEXT_ANALYSIS",
    "GENDER_NEUTRALITY",
    "REPETITIONS_STYLE",
    "COLLOQUIALISMS",
    "NONSTANDARD_PHRASES",
}
IGNORED_ISSUE_TYPES = {
    "misspelling",
    "style",
    "register",
    "locale-violation",
    "typographical",
    "whitespace",
    "inconsistency",
    "terminology",
}
FIXCOPY_CONFIDENCE = 0.7  # a fixcopy server as the backend: its category is known


def garble_category(rule_id: str, category_id: str, issue_type: str) -> tuple[str, float, bool] | None:
    """The fixcopy category for a LanguageTool match, with a confidence and whether
    LanguageTool's replacement is kept; None for a match that is not a garble."""
    if rule_id in RULES:
        return RULES[rule_id]
    if rule_id.startswith(RULE_PREFIX):
        cat = category_for_rule(rule_id)
        return (cat, FIXCOPY_CONFIDENCE, True) if cat else None
    if category_id in IGNORED_CATEGORIES or issue_type in IGNORED_ISSUE_TYPES:
        return None
    if issue_type == "duplication":
        return ("duplicated-word", 0.7, True)
    if category_id == "GRAMMAR" or issue_type == "grammar":
        for cat, words in GRAMMAR_KEYWORDS:
            if any(w in rule_id for w in words):
                return (cat, 0.6, True)
    if category_id == "COLLOCATIONS" and any(w in rule_id for w in ("PREP", "_IN_", "_ON_", "_TO_", "_AT_")):
        return ("preposition", 0.55, True)
    if category_id in MEANING_CATEGORIES or issue_type == "mistranslation":
        return ("mistranslation", MEANING_CATEGORIES.get(category_id, 0.55), True)
    return None


@dataclass(frozen=True)
class LtMatch:
    """What fixcopy reads from one LanguageTool match; offset/length in UTF-16 units."""

    offset: int
    length: int
    rule_id: str
    category_id: str
    issue_type: str
    message: str
    replacements: tuple[str, ...] = ()


def to_suggestion(text: str, m: LtMatch, to_cp: Callable[[int], int] | None = None) -> Suggestion | None:
    """The Suggestion for a LanguageTool match on ``text``, or None if it is not a garble."""
    found = garble_category(m.rule_id, m.category_id, m.issue_type)
    if found is None:
        return None
    category, confidence, keep_fix = found
    to_cp = to_cp or code_point_index(text)
    start, end = to_cp(m.offset), to_cp(m.offset + m.length)
    if not 0 <= start <= end <= len(text):
        return None
    replacement = m.replacements[0] if keep_fix and m.replacements else None
    if replacement == text[start:end]:
        replacement = None
    message = m.message.strip() or category.replace("-", " ")
    return Suggestion(
        start,
        end,
        text[start:end],
        replacement,
        category,
        f"{message} (LanguageTool {m.rule_id})",
        confidence,
        "languagetool",
    )
