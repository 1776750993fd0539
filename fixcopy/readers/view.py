"""The prose of a marked-up file and the exact map from it back to the file's characters.

A reader turns a file's text (``source``) into a *view*: the prose a reader of the rendered
story sees, one block (paragraph, heading, list item, table cell) after another, separated
by blank lines. The detectors check a ``Document`` of the view. Every view character comes
from a *segment* of the map:

- ``text``: copied from the source one for one (the same characters, the same order);
- ``entity``: characters that stand for a whole stretch of source as one unit (``&amp;`` read
  as ``&``, a Markdown escape ``\\*`` read as ``*``). An edit may replace the whole unit, never part;
- ``space``: one space standing for a run of source whitespace (a line break and indentation
  inside an HTML paragraph); replaced as a whole or not at all;
- ``gap``: a space standing for markup (a Markdown soft break in a block quote, ``<br>``);
  never edited;
- ``opaque``: a placeholder for something inside a sentence that is not prose (an inline code
  span, an image); a suggestion that touches one is dropped;
- ``break``: the blank line between two blocks (no suggestion spans one: sentences end there).

Markup that reads as nothing (``<em>``, ``**``, a link's target) leaves no character in the
view: the source simply jumps between two ``text`` segments. Nothing here does I/O.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..document import Span

OPAQUE = "\ufffc"  # OBJECT REPLACEMENT CHARACTER: "something that is not prose stands here"
_WS_RUN_RE = re.compile(r"[ \t\n\r\f]{2,}|[\t\n\r\f]")  # whitespace that HTML and XML read as one space


def byte_to_char(source: str, data: bytes) -> Callable[[int], int]:
    """A function from a UTF-8 byte offset of ``data`` (``source`` encoded) to a string index.
    Raises ReadError for an offset inside a character."""
    if len(data) == len(source):
        return lambda i: i
    starts: list[int] = []  # byte offset just after each non-ASCII character
    extra: list[int] = []  # bytes beyond one, up to and including that character
    total = 0
    for m in _NON_ASCII_RE.finditer(source):
        total += len(m.group().encode("utf-8")) - 1
        starts.append(m.start() + total + 1)
        extra.append(total)

    def conv(i: int) -> int:
        k = bisect.bisect_right(starts, i)  # non-ASCII characters that end at or before i
        before = extra[k - 1] if k else 0
        if k < len(starts) and starts[k] - (extra[k] - before) - 1 < i:  # inside the next one
            raise ReadError(f"a parser offset ({i}) falls inside a character")
        return i - before

    return conv


_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


class ReadError(ValueError):
    """A file that does not parse as its format, or whose parse cannot be mapped back exactly."""


@dataclass(frozen=True, slots=True)
class Segment:
    view_start: int
    view_end: int
    src_start: int
    src_end: int
    kind: str


class ViewBuilder:
    """Collects view text and its map, block by block."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.segments: list[Segment] = []
        self.blocks: list[Span] = []
        self.length = 0
        self._block_start: int | None = None

    def _add(self, text: str, src_start: int, src_end: int, kind: str) -> None:
        if not text:
            return
        if self._block_start is None:
            self.start_block()
        self.parts.append(text)
        self.segments.append(Segment(self.length, self.length + len(text), src_start, src_end, kind))
        self.length += len(text)

    def text(self, src_start: int, src_end: int) -> None:
        """Source characters copied as they are (a space at a block's start is left out)."""
        if self.source[src_start:src_end] == " " and self._ends_with_space():
            return
        self._add(self.source[src_start:src_end], src_start, src_end, "text")

    def entity(self, chars: str, src_start: int, src_end: int) -> None:
        self._add(chars, src_start, src_end, "entity")

    def space(self, src_start: int, src_end: int) -> None:
        """One space for a run of source whitespace (none after a space already in the view:
        the space before it then stands for both runs, when nothing lies between them)."""
        if self._ends_with_space():
            self._absorb(src_start, src_end)
            return
        self._add(" ", src_start, src_end, "space")

    def _absorb(self, src_start: int, src_end: int) -> None:
        if self._block_start is None or self.length == self._block_start or not self.segments:
            return
        last = self.segments[-1]
        if last.src_end != src_start or last.kind not in ("space", "text") or self.parts[-1][-1:] != " ":
            return
        if last.kind == "text":  # its final space becomes a space unit over both runs
            self.segments[-1] = Segment(last.view_start, last.view_end - 1, last.src_start, last.src_end - 1, "text")
            self.parts[-1] = self.parts[-1][:-1]
            if last.view_end - 1 == last.view_start:
                self.segments.pop()
                self.parts.pop()
            self.parts.append(" ")
            self.segments.append(Segment(last.view_end - 1, last.view_end, last.src_end - 1, src_end, "space"))
        else:
            self.segments[-1] = Segment(last.view_start, last.view_end, last.src_start, src_end, "space")

    def gap(self, src_start: int, src_end: int) -> None:
        if self._ends_with_space():
            return
        self._add(" ", src_start, src_end, "gap")

    def opaque(self, src_start: int, src_end: int) -> None:
        self._add(OPAQUE, src_start, src_end, "opaque")

    def flow(self, src_start: int, src_end: int) -> None:
        """Source text whose whitespace runs collapse (HTML, XML): a run other than one plain
        space becomes one ``space`` segment; none at a block's start or after a space."""
        pos = src_start
        src = self.source
        for m in _WS_RUN_RE.finditer(src, src_start, src_end):
            if m.start() > pos:
                self._plain(pos, m.start())
            self.space(m.start(), m.end())
            pos = m.end()
        if pos < src_end:
            self._plain(pos, src_end)

    def _plain(self, start: int, end: int) -> None:
        """Text with single spaces only: copied, less a space where the view has one already."""
        if self.source[start] == " " and self._ends_with_space():
            self._absorb(start, start + 1)
            start += 1
        if start < end:
            self._add(self.source[start:end], start, end, "text")

    def _ends_with_space(self) -> bool:
        """True at a block's start (no leading space) and after a space."""
        if self._block_start is None or self.length == self._block_start:
            return True
        return self.parts[-1][-1:] == " "

    def start_block(self) -> None:
        if self._block_start is not None:
            return
        if self.parts:
            self.parts.append("\n\n")
            end = self.segments[-1].src_end if self.segments else 0
            self.segments.append(Segment(self.length, self.length + 2, end, end, "break"))
            self.length += 2
        self._block_start = self.length

    def end_block(self) -> None:
        if self._block_start is None:
            return
        start = self._block_start
        self._block_start = None
        while self.segments and self.length > start and self.segments[-1].kind in ("space", "gap"):
            seg = self.segments.pop()  # no trailing space in a block
            self.parts.pop()
            self.length = seg.view_start
        if self.length > start:
            self.blocks.append(Span(start, self.length, "block"))

    def build(self) -> tuple[str, list[Segment]]:
        self.end_block()
        return "".join(self.parts), self.segments
