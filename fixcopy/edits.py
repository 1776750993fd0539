"""A person's decisions on suggestions -> the edits to apply. Shared by `review` and `preview`.

Both walk the same list (``review_items``): exactly the edits `fix --min-confidence T` would
apply at the same threshold, plus the flags without a replacement that touch none of them,
in document order. Accepting every item therefore gives the text `fix` gives; rejecting
every item gives no edits at all. Nothing here edits text but ``suggestion.apply``, and
nothing here reads or writes files (that is fixcopy.session).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from .document import Document
from .pipeline import fixes
from .suggestion import Suggestion, overlaps, select_non_overlapping

Action = Literal["accept", "reject", "edit"]
ACTIONS = ("accept", "reject", "edit")


@dataclass(frozen=True)
class Decision:
    action: Action
    text: str | None = None  # the editor's replacement, for "edit"

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown decision {self.action!r} (use accept, reject or edit)")
        if (self.action == "edit") != (self.text is not None):
            raise ValueError("an edit, and only an edit, carries a replacement text")


ACCEPT, REJECT = Decision("accept"), Decision("reject")


def edit(text: str) -> Decision:
    return Decision("edit", text)


def review_items(suggestions: Iterable[Suggestion], min_confidence: float) -> list[Suggestion]:
    """What an editor is asked about, in document order: the non-overlapping fixes `fix`
    applies at this threshold, and the flags (no replacement) that overlap none of them."""
    suggestions = list(suggestions)
    fixable = fixes(suggestions, min_confidence)
    flags = [
        s.with_replacement(None) if s.replacement is not None else s
        for s in suggestions
        if not s.fixable and s.confidence >= min_confidence and not any(overlaps(s, f) for f in fixable)
    ]
    return sorted(fixable + select_non_overlapping(flags), key=lambda s: (s.start, s.end))


def can_accept(item: Suggestion) -> bool:
    return item.replacement is not None


def check_decision(items: Sequence[Suggestion], i: int, decision: Decision) -> None:
    """Raise ValueError when ``decision`` cannot be made on item number ``i``."""
    if not 0 <= i < len(items):
        raise ValueError(f"no suggestion number {i}")
    if decision.action == "accept" and not can_accept(items[i]):
        raise ValueError(f"suggestion {i} has no replacement to accept; edit or reject it")


def chosen(
    items: Sequence[Suggestion], decisions: Mapping[int, Decision], text: str | None = None
) -> list[tuple[int, Suggestion]]:
    """The edits to give ``apply()``, each with the number of the item it decides, in text
    order: accepted items as proposed, edited items with the editor's text. Items without a
    decision are left alone (rejected). Given the document's ``text``, an editor's deletion of a
    word takes one space beside it along, so that no double space is left ("a -based order" ->
    "a order")."""
    out: list[tuple[int, Suggestion]] = []
    for i, d in decisions.items():
        check_decision(items, i, d)
        item = items[i]
        if d.action == "accept":
            out.append((i, item))
        elif d.action == "edit" and d.text != item.text:
            out.append((i, item.with_replacement(d.text)))
    out.sort(key=lambda p: (p[1].start, p[1].end))
    if text is not None:
        edits = [e for _, e in out]
        out = [(i, _take_a_space(text, e, edits) if e.replacement == "" else e) for i, e in out]
    return out


def chosen_edits(
    items: Sequence[Suggestion], decisions: Mapping[int, Decision], text: str | None = None
) -> list[Suggestion]:
    """The edits of ``chosen``, without their item numbers."""
    return [e for _, e in chosen(items, decisions, text)]


def _take_a_space(text: str, e: Suggestion, others: list[Suggestion]) -> Suggestion:
    """A deletion widened by the space before it (or, at the start of a line, after it) when
    it sits between a space and a space or a mark; unchanged if that would touch another edit."""
    before, after = text[e.start - 1 : e.start], text[e.end : e.end + 1]
    if before == " " and (after in (" ", "") or after in ',.;:!?)\r\n"”’'):
        start, end = e.start - 1, e.end
    elif after == " " and (e.start == 0 or before in '\n("“‘'):
        start, end = e.start, e.end + 1
    else:
        return e
    wider = dataclasses.replace(e, start=start, end=end, text=text[start:end])
    if any(o is not e and overlaps(wider, o) for o in others):
        return e
    return wider


@dataclass(frozen=True)
class Tally:
    accepted: int
    rejected: int
    edited: int
    undecided: int = 0

    def __str__(self) -> str:
        s = f"accepted {self.accepted}, rejected {self.rejected}, edited {self.edited}"
        return s + (f" ({self.undecided} not reviewed)" if self.undecided else "")


def tally(n_items: int, decisions: Mapping[int, Decision]) -> Tally:
    counts = {a: 0 for a in ACTIONS}
    for d in decisions.values():
        counts[d.action] += 1
    return Tally(counts["accept"], counts["reject"], counts["edit"], n_items - len(decisions))


# -- showing a change --------------------------------------------------------------------

_PIECE_RE = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
DiffOp = Literal["equal", "delete", "insert"]


def word_diff(old: str, new: str) -> list[tuple[DiffOp, str]]:
    """The change from ``old`` to ``new`` as runs of equal, deleted and inserted text, by
    words (and single punctuation marks), the way an editor marks up copy."""
    import difflib

    a, b = _PIECE_RE.findall(old), _PIECE_RE.findall(new)
    out: list[tuple[DiffOp, str]] = []

    def add(op: DiffOp, text: str) -> None:
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return out


def context_span(doc: Document, item: Suggestion, words: int = 12) -> tuple[int, int, bool, bool]:
    """Where to show an item: the sentence(s) it sits in, cut to about ``words`` words
    either side of it. Returns (start, end, cut_before, cut_after)."""
    sents = [s for s in doc.sentences if s.start <= item.end and item.start <= s.end]
    if not sents:  # outside prose (a flag on a dateline, say): its line
        sents = [doc.line_span(item.start), doc.line_span(max(item.start, item.end - 1))]
    start = min(s.start for s in sents)
    end = max(s.end for s in sents)
    start, end = min(start, item.start), max(end, item.end)
    text = doc.text
    before = list(re.finditer(r"\S+", text[start : item.start]))
    cut_before = len(before) > words
    if cut_before:
        start = start + before[-words].start()
    after = list(re.finditer(r"\S+", text[item.end : end]))
    cut_after = len(after) > words
    if cut_after:
        end = item.end + after[words - 1].end()
    return start, end, cut_before, cut_after
