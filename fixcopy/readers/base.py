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
import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..document import Document, Span
from ..suggestion import Suggestion

OPAQUE = "\ufffc"  # OBJECT REPLACEMENT CHARACTER: "something that is not prose stands here"
EDITABLE = ("text", "entity", "space")
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


class Reading:
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

    # -- the map -----------------------------------------------------------------------------
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
