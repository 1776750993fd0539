"""The Suggestion record and apply(): the only code in fixcopy that edits text."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .categories import is_category

Source = Literal["rule", "model", "languagetool", "lm"]
SOURCES = ("rule", "model", "languagetool", "lm")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One flagged span of a document's text.

    ``start``/``end`` are Python string indices into the decoded text (BOM removed);
    ``text`` is ``document_text[start:end]``. ``replacement`` is None for a flag
    without a fix. ``confidence`` is in 0..1.
    """

    start: int
    end: int
    text: str
    replacement: str | None
    category: str
    message: str
    confidence: float
    source: Source = "rule"

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError("text does not match the span length")
        if not is_category(self.category):
            raise ValueError(f"unknown category {self.category!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside 0..1")
        if self.source not in SOURCES:
            raise ValueError(f"unknown source {self.source!r}")

    @property
    def fixable(self) -> bool:
        return self.replacement is not None and self.replacement != self.text

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Suggestion:
        return cls(**{f.name: d[f.name] for f in dataclasses.fields(cls) if f.name in d})

    def with_replacement(self, replacement: str | None) -> Suggestion:
        return dataclasses.replace(self, replacement=replacement)


class OverlapError(ValueError):
    """Two edits given to apply() touch the same characters."""


class StaleSuggestionError(ValueError):
    """A suggestion's text no longer matches the document at its span."""


def overlaps(a: Suggestion, b: Suggestion) -> bool:
    """True when two spans share a character, or are insertions at the same point
    as each other or at an edge the other one rewrites (their order would be ambiguous)."""
    if a.start < b.end and b.start < a.end:
        return True
    if a.start == a.end or b.start == b.end:
        return (
            a.start == b.start
            or (a.start == a.end and b.start < a.start < b.end)
            or (b.start == b.end and a.start < b.start < a.end)
        )
    return False


def apply(text: str, edits: Iterable[Suggestion]) -> str:
    """Return ``text`` with each edit's span replaced by its replacement.

    Refuses overlapping edits (OverlapError) and edits whose ``text`` does not match
    the document (StaleSuggestionError). Flags without a replacement are ignored.
    Characters outside the edited spans are copied unchanged.
    """
    chosen = sorted((e for e in edits if e.replacement is not None), key=lambda e: (e.start, e.end))
    for prev, cur in zip(chosen, chosen[1:]):
        if overlaps(prev, cur):
            raise OverlapError(f"edits at {prev.start}..{prev.end} and {cur.start}..{cur.end} overlap")
    out: list[str] = []
    pos = 0
    for e in chosen:
        if e.end > len(text) or text[e.start : e.end] != e.text:
            raise StaleSuggestionError(f"text at {e.start}..{e.end} is not {e.text!r}")
        out.append(text[pos : e.start])
        out.append(e.replacement)  # type: ignore[arg-type]
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def select_non_overlapping(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """Greedy choice of a non-overlapping subset: higher confidence first, then rules
    before models, then earlier spans. Returned in document order."""
    rank = {"rule": 0, "languagetool": 1, "model": 2, "lm": 3}
    kept: list[Suggestion] = []
    for s in sorted(suggestions, key=lambda s: (-s.confidence, rank[s.source], s.start, s.end)):
        if not any(overlaps(s, k) for k in kept):
            kept.append(s)
    return sorted(kept, key=lambda s: (s.start, s.end))
