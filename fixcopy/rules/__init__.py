"""Rule detectors, one module a garble category.

Each module defines ``CATEGORY`` and ``check(doc) -> Iterable[Suggestion]``; modules are
registered in ``RULE_MODULES`` and run by :func:`run_rules`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from ..document import Document
from ..suggestion import Suggestion

RULE_MODULES = (
    "duplicated_word",
    "stray_punctuation",
    "verb_form",
    "article",
    "broken_compound",
    "punctuation",
    "number_date",
    "agreement",
    "preposition",
    "word_order",
    "split_attribution",
    "spurious_words",
)


_RULES: list = []


def rules() -> list:
    """The rule modules, imported on first use."""
    if not _RULES:
        _RULES.extend(importlib.import_module(f"{__name__}.{name}") for name in RULE_MODULES)
    return _RULES


def run_rules(doc: Document, disabled: Iterable[str] = ()) -> list[Suggestion]:
    off = set(disabled)
    out: list[Suggestion] = []
    for rule in rules():
        if rule.CATEGORY in off:
            continue
        out.extend(s for s in rule.check(doc) if doc.is_prose(s.start, s.end))
    return out


def lookalike(doc: Document, s: Suggestion) -> bool:
    """True when a suggestion from another detector (the model, LanguageTool) points at a
    look-alike that the rule for its category knows to be good English ("that that",
    "look forward to seeing", "the Netherlands"). Rule modules that know such look-alikes
    define ``legitimate(doc, suggestion)``."""
    for rule in rules():
        if rule.CATEGORY == s.category:
            check = getattr(rule, "legitimate", None)
            return bool(check and check(doc, s))
    return False
