"""A file read in its format (``Reading``): the view the detectors check, the map back to the
file (offset_map.py), and the suggestions and edits made on the view turned into suggestions and
edits on the file. How a view is built and what its segments are: view.py. Nothing here does I/O.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable

from ..document import Document, Span
from ..suggestion import Suggestion
from .offset_map import OffsetMap
from .view import Segment


class Reading(OffsetMap):
    """A file read in its format: the view the detectors check, and the way back."""

    format = "text"

    def __init__(
        self,
        source: str,
        view: str,
        segments: list[Segment],
        fmt: str,
        escape: Callable[[str], str] = lambda s: s,
        bare_markup: re.Pattern | None = None,
    ) -> None:
        self.source = source
        self.bare_markup = bare_markup
        self.format = fmt
        self.segments = segments
        self.escape = escape
        self._starts = [s.view_start for s in segments]
        self.view = Document(view)
        self.doc = self._source_document()
        self._check_map()

    # -- showing and editing ------------------------------------------------------------------
    def shown(self, text: str) -> str:
        """Source text (a replacement, say) as the reader of the rendered prose sees it."""
        return self.unescape(text)

    def unescape(self, text: str) -> str:
        return text

    def encode_edit(self, start: int, end: int, text: str) -> tuple[int, int, str]:
        """An editor's replacement for the source span start..end, as an edit of the source
        (start, end, replacement). On plain prose: the text escaped for the format (its
        entities may be typed either way). On a span that crosses markup (a flag over
        ``the <em>Russia</em>``): the text as typed when it is the source with its markup
        edited; else the text is read as prose and must change one stretch of prose only
        (ValueError otherwise: fixcopy will not guess where the markup should go)."""
        vs, ve = self.view_span(start, end)
        if self._editable(vs, ve) == (start, end) or start == end:
            return start, end, self.escape(self.unescape(text))
        if self._keeps_markup(start, end, text):
            return start, end, text
        old = self.view.text[vs:ve]
        for a, b, rep in _cores(old, text):
            span = self._editable(vs + a, vs + b)
            if span is not None:
                return span[0], span[1], self.escape(self.unescape(rep))
        raise ValueError(f"the change to {old!r} would cross markup in the file; make it in the file itself")

    def _keeps_markup(self, start: int, end: int, text: str) -> bool:
        """True when ``text`` still holds, in order, the markup between the span's stretches of prose."""
        segs = [g for g in self.segments if g.kind != "break" and g.src_end > start and g.src_start < end]
        pieces = [self.source[x.src_end : y.src_start] for x, y in zip(segs, segs[1:]) if x.src_end != y.src_start]
        pieces += [self.source[g.src_start : g.src_end] for g in segs if g.kind == "gap"]
        pos = 0
        for p in pieces:
            i = text.find(p, pos)
            if i < 0:
                return False
            pos = i + len(p)
        return bool(pieces)

    # -- suggestions --------------------------------------------------------------------------
    def to_source(self, suggestions: Iterable[Suggestion]) -> list[Suggestion]:
        """The view's suggestions as suggestions on the source text: a fix becomes the smallest
        edit of editable source that makes the same change (its replacement escaped for the
        format); a span that crosses markup becomes a flag over the whole stretch; a span that
        touches code or only part of an entity, or falls in a suppressed line, is dropped."""
        out: list[Suggestion] = []
        for s in suggestions:
            t = self._one(s)
            if t is not None and not self.doc.is_suppressed(t.start, t.end, t.category):
                out.append(t)
        return sorted(out, key=lambda s: (s.start, s.end, s.category))

    def _one(self, s: Suggestion) -> Suggestion | None:
        segs = self._covering(s.start, s.end)
        if any(g.kind in ("opaque", "break") for g in segs):
            return None
        if (
            s.start == s.end
            and s.start < len(self.view.text)
            and self.segments[self._seg_index(s.start)].kind == "opaque"
        ):
            return None
        span = self._editable(s.start, s.end)
        if span is not None:
            a, b = span
            rep = None if s.replacement is None else self.escape(s.replacement)
            return dataclasses.replace(s, start=a, end=b, text=self.source[a:b], replacement=rep)
        if s.replacement is not None and s.replacement != s.text:
            for a, b, rep in _cores(s.text, s.replacement):
                span = self._editable(s.start + a, s.start + b)
                if span is not None:
                    x, y = span
                    return dataclasses.replace(s, start=x, end=y, text=self.source[x:y], replacement=self.escape(rep))
        # No clean edit: a flag over the whole stretch, when both ends are clean and what it
        # crosses is bare inline markup (<em>, </a>, **), never a URL, an attribute or code.
        a, b = self.src_start(s.start), self.src_end(s.end)
        if a is None or b is None or b < a or self.bare_markup is None:
            return None
        for x, y in zip(segs, segs[1:]):
            if x.src_end != y.src_start and not self.bare_markup.fullmatch(self.source, x.src_end, y.src_start):
                return None
        return dataclasses.replace(s, start=a, end=b, text=self.source[a:b], replacement=None)

    def _source_document(self) -> Document:
        def mapped(spans: list[Span], kind: str) -> list[Span]:
            out = []
            for sp in spans:
                a = self._nearest_start(sp.start)
                b = self._nearest_end(sp.end)
                if a is not None and b is not None and a <= b:
                    out.append(Span(a, b, sp.kind or kind))
            return out

        v = self.view
        return Document.from_structure(
            self.source,
            paragraphs=mapped(v.paragraphs, "paragraph"),
            prose=mapped(v.prose, "prose"),
            sentences=mapped(v.sentences, "sentence"),
            quotes=mapped(v.quotes, "quote"),
        )


def _cores(old: str, new: str) -> list[tuple[int, int, str]]:
    """The changed part of old -> new, trimmed of a common prefix first and of a common suffix
    first (the two may differ: "the the" -> "the" is a deletion at either end). Each is
    (start, end, replacement) in ``old``."""
    out = []
    for prefix_first in (True, False):
        i, j, k = 0, len(old), len(new)
        if prefix_first:
            while i < j and i < k and old[i] == new[i]:
                i += 1
            while j > i and k > i and old[j - 1] == new[k - 1]:
                j, k = j - 1, k - 1
        else:
            while j > 0 and k > 0 and old[j - 1] == new[k - 1]:
                j, k = j - 1, k - 1
            while i < j and i < k and old[i] == new[i]:
                i += 1
        core = (i, j, new[i:k])
        if core not in out:
            out.append(core)
    return out


class PlainReading(Reading):
    """Plain text: the view is the file itself (today's behaviour, no map to apply)."""

    def __init__(self, source: str) -> None:  # super().__init__ not called: nothing to map
        self.source = source
        self.format = "text"
        self.segments = [Segment(0, len(source), 0, len(source), "text")]
        self._starts = [0]
        self.escape = lambda s: s
        self.view = self.doc = Document(source)

    def to_source(self, suggestions: Iterable[Suggestion]) -> list[Suggestion]:
        return list(suggestions)

    def encode_edit(self, start: int, end: int, text: str) -> tuple[int, int, str]:
        return start, end, text

    def view_span(self, start: int, end: int) -> tuple[int, int]:
        return start, end
