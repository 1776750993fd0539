"""What the preview page shows of a loaded file: its text cut into segments with the suggestions
marked (``state``), and the text with the decided edits made (``preview``). Pure: the decisions
are checked and turned into edits by fixcopy.edits (through session.Loaded)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import Any

from ..edits import Decision, context_span, tally, word_diff
from ..session import Loaded
from ..suggestion import Suggestion


class Shown:
    """What the page shows of a file: its text, or for Markdown, HTML and XML its prose (the
    reader's view), with each suggestion or edit at its place there."""

    def __init__(self, ld: Loaded) -> None:
        self.reading = ld.article.reading
        self.plain = ld.article.format == "text"
        self.doc = ld.doc if self.plain else self.reading.view
        self.text = ld.article.text if self.plain else self.reading.view.text

    def item(self, s: Suggestion) -> Suggestion:
        if self.plain:
            return s
        a, b = self.reading.view_span(s.start, s.end)
        rep = None if s.replacement is None else self.reading.shown(s.replacement)
        return dataclasses.replace(s, start=a, end=b, text=self.text[a:b], replacement=rep)


def state(ld: Loaded) -> dict[str, Any]:
    """The file as the page shows it: segments of text, some of them an item, and the items."""
    shown = Shown(ld)
    text = shown.text
    segments: list[dict] = []
    pos = 0
    items = []
    for i, s in enumerate(ld.items):
        v = shown.item(s)
        if v.start >= pos:
            if v.start > pos:
                segments.append({"text": text[pos : v.start], "item": None})
            segments.append({"text": v.text, "item": i})
            pos = v.end
        items.append(_item(ld, shown, i, s, v))
    if pos < len(text):
        segments.append({"text": text[pos:], "item": None})
    return {
        "path": ld.path,
        "name": os.path.basename(ld.path),
        "digest": ld.digest,
        "threshold": ld.threshold,
        "bom": ld.article.bom,
        "crlf": "\r\n" in ld.article.text,
        "segments": segments,
        "items": items,
        "format": ld.article.reading.format,
    }


def _item(ld: Loaded, shown: Shown, i: int, s: Suggestion, v: Suggestion) -> dict[str, Any]:
    """One item as the page lists it (``v``: the suggestion ``s`` where the page shows it)."""
    text = shown.text
    line, col = ld.doc.line_col(s.start)
    c_start, c_end, cut_before, cut_after = context_span(shown.doc, v, words=8)
    return {
        "id": i,
        "start": s.start,
        "end": s.end,
        "text": v.text,
        "replacement": v.replacement,
        "category": s.category,
        "message": s.message,
        "confidence": s.confidence,
        "source": s.source,
        "line": line,
        "column": col,
        "fixable": s.replacement is not None,
        "diff": word_diff(v.text, v.replacement) if v.replacement is not None else [["flag", v.text]],
        "before": ("…" if cut_before else "") + text[c_start : v.start],
        "after": text[v.end : c_end] + ("…" if cut_after else ""),
    }


def preview(ld: Loaded, decisions: Mapping[int, Decision]) -> dict[str, Any]:
    """The text with the decided edits made, as segments (the changed ones name their item)."""
    chosen = ld.numbered_edits(decisions)  # (item, edit) pairs from fixcopy.edits, in text order
    corrected = ld.corrected(decisions)  # apply() makes the text; the segments only mark it
    shown = Shown(ld)
    text, pos, segments = shown.text, 0, []
    for item, e in chosen:
        v = shown.item(e)
        if v.start < pos:
            continue
        segments.append({"text": text[pos : v.start], "changed": False})
        segments.append({"text": v.replacement, "changed": True, "item": item})
        pos = v.end
    segments.append({"text": text[pos:], "changed": False})
    if ld.article.format == "text":
        assert "".join(s["text"] for s in segments) == corrected
    return {
        "segments": [s for s in segments if s["text"] or s["changed"]],
        "changes": len(chosen),
        "summary": str(tally(len(ld.items), decisions)),
    }
