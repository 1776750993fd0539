"""The map between a reading's view and its source: where a view offset lies in the source
file, which source stretch a view span is, and whether it can be edited (view.py says what
each kind of segment stands for). No I/O."""

from __future__ import annotations

import bisect

from ..document import Document
from .view import ReadError, Segment

EDITABLE = ("text", "entity", "space")


class OffsetMap:
    """Offsets between ``view`` (a Document) and ``source``, by ``segments``; the reading sets
    all four (``_starts``: each segment's view start)."""

    source: str
    view: Document
    segments: list[Segment]
    _starts: list[int]

    def _check_map(self) -> None:
        """The map agrees with the source: every ``text`` segment is the source's own characters,
        the segments follow the view without holes and the source in order."""
        view, src = self.view.text, self.source
        pos = 0
        last_src = 0
        for s in self.segments:
            if s.view_start != pos:
                raise ReadError(f"map hole at view offset {pos}")
            pos = s.view_end
            if not (0 <= s.src_start <= s.src_end <= len(src)) or s.src_start < last_src:
                raise ReadError(f"map out of order at source offset {s.src_start}")
            last_src = s.src_end if s.kind != "break" else s.src_start
            if s.kind == "text" and view[s.view_start : s.view_end] != src[s.src_start : s.src_end]:
                raise ReadError(f"view and source differ at source offset {s.src_start}")
        if pos != len(view):
            raise ReadError("map does not cover the view")

    def _seg_index(self, offset: int) -> int:
        """The segment holding view offset ``offset`` (the last one for the end)."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def src_start(self, offset: int) -> int | None:
        """Where a span starting at view ``offset`` starts in the source; None inside a unit."""
        if offset >= len(self.view.text):
            return len(self.source) if not self.segments else self.segments[-1].src_end
        seg = self.segments[self._seg_index(offset)]
        if seg.kind == "text":
            return seg.src_start + offset - seg.view_start
        return seg.src_start if offset == seg.view_start else None

    def src_end(self, offset: int) -> int | None:
        """Where a span ending at view ``offset`` ends in the source; None inside a unit."""
        if offset == 0:
            return self.segments[0].src_start if self.segments else 0
        seg = self.segments[self._seg_index(offset - 1)]
        if seg.kind == "text":
            return seg.src_start + offset - seg.view_start
        return seg.src_end if offset == seg.view_end else None

    def view_span(self, start: int, end: int) -> tuple[int, int]:
        """The view span of a source span (to show a suggestion in the rendered prose): from
        the first view character at or after ``start`` to the last one before ``end``."""
        segs = [g for g in self.segments if g.kind != "break"]
        vs = ve = None
        for g in segs:
            if g.src_end > start or (start == end and g.src_end >= start):
                vs = g.view_start + (start - g.src_start if g.kind == "text" and g.src_start <= start else 0)
                break
        if vs is None:
            return len(self.view.text), len(self.view.text)
        if start == end:
            return vs, vs
        for g in reversed(segs):
            if g.src_start < end:
                ve = g.view_start + (end - g.src_start) if g.kind == "text" and g.src_end >= end else g.view_end
                break
        return vs, max(vs, ve if ve is not None else vs)

    def _covering(self, a: int, b: int) -> list[Segment]:
        if a == b:
            return []
        i, j = self._seg_index(a), self._seg_index(b - 1)
        return self.segments[i : j + 1]

    def _editable(self, a: int, b: int) -> tuple[int, int] | None:
        """The source span of view span a..b when it is one stretch of editable source (text,
        whole entities and whole whitespace runs, nothing skipped between them)."""
        s, e = self.src_start(a), self.src_end(b)
        if s is None or e is None:
            return None
        segs = self._covering(a, b)
        for x, y in zip(segs, segs[1:]):
            if x.src_end != y.src_start:
                return None
        if any(g.kind not in EDITABLE for g in segs):
            return None
        if a == b:  # an insertion: after the character before it, unless that is a block's start
            if a > 0 and self.view.text[a - 1 : a] not in ("\n", ""):
                prev = self.segments[self._seg_index(a - 1)]
                if prev.kind not in EDITABLE:
                    return None
                e2 = self.src_end(a)
                return (e2, e2) if e2 is not None else None
            return (s, s)
        return s, e

    def _nearest_start(self, offset: int) -> int | None:
        if not self.segments:
            return None
        i = self._seg_index(offset)
        seg = self.segments[i]
        if seg.kind == "text":
            return seg.src_start + offset - seg.view_start
        return seg.src_start

    def _nearest_end(self, offset: int) -> int | None:
        if not self.segments:
            return None
        i = self._seg_index(max(0, offset - 1))
        seg = self.segments[i]
        if seg.kind == "text":
            return seg.src_start + offset - seg.view_start
        return seg.src_end
