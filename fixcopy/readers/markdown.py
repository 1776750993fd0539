"""Markdown (CommonMark with GFM tables and strikethrough; footnotes; YAML or TOML front
matter): the prose of paragraphs, headings, list items, block quotes, table cells, link text
and image alt text. Never code spans or blocks, URLs, link targets and titles, raw HTML,
front matter or footnote labels.

Parsed by markdown-it-py (CommonMark-compliant, the parser of MyST and Jupyter). Its block
tokens carry line maps only, so the offsets of the inline tokens are found here: each block's
inline source is located on its lines, then the tokens are walked along it in order, each one
where its own source text must be (a text token is its source's own characters, an escape or
an entity is the ``markup`` it was parsed from, a delimiter is its ``markup``, a code span is
its backtick run...). A block where one token is not where it must be is left out of the view
(not checked) rather than mapped wrongly.
"""

from __future__ import annotations

import bisect
import html
import re
from functools import lru_cache

from .base import Reading
from .view import ViewBuilder

FRONT_MATTER_RE = re.compile(r"\A(?:---[ \t]*\r?\n.*?^(?:---|\.\.\.)|\+\+\+[ \t]*\r?\n.*?^\+\+\+)[ \t]*$", re.M | re.S)
BARE_MARKUP_RE = re.compile(r"[*_~]+")  # emphasis: a flag may cross it without a fix
PROSE_BLOCKS = {"paragraph_open", "heading_open", "th_open", "td_open"}


def escape(text: str) -> str:
    """A replacement as Markdown text: characters that could start markup are backslash-escaped."""
    return re.sub(r"([\\`*_\[\]<&])", r"\\\1", text)


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    # text_join off: escapes and entities stay tokens of their own, with their source as markup
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin).disable("text_join")


class _Bad(Exception):
    pass


class MarkdownReading(Reading):
    def __init__(self, source: str) -> None:
        # markdown-it-py reads CRLF and CR as LF: parse a copy so, and map back
        norm = source.replace("\r\n", "\n")
        self._crlf = [m.start() - i for i, m in enumerate(re.finditer("\r\n", source))]
        norm = norm.replace("\r", "\n")
        m = FRONT_MATTER_RE.match(norm)
        if m:  # blank the front matter out (same length, same lines) so nothing in it is parsed
            norm = re.sub(r"[^\n]", " ", norm[: m.end()]) + norm[m.end() :]
        self._norm = norm
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", norm)]
        self.dropped_blocks = 0
        tokens = _parser().parse(norm)
        b = ViewBuilder(source)
        for block, inline, cell in self._prose_blocks(tokens):
            try:
                ops = self._block_ops(block, inline, cell)
            except _Bad:
                self.dropped_blocks += 1
                continue
            b.end_block()
            b.start_block()
            for op in ops:
                getattr(b, op[0])(*op[1:])
            b.end_block()
        view, segments = b.build()
        super().__init__(source, view, segments, "markdown", escape, BARE_MARKUP_RE)

    def unescape(self, text: str) -> str:
        return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", html.unescape(text))

    def _orig(self, i: int) -> int:
        """An index into the parsed (LF) copy -> an index into the source."""
        return i + bisect.bisect_left(self._crlf, i)

    # -- blocks ------------------------------------------------------------------------------
    def _prose_blocks(self, tokens):
        """(block token, inline token, cell number or None) for each block of prose, in
        source order (footnotes are parsed to the end)."""
        out = []
        cell = 0
        for i, t in enumerate(tokens):
            if t.type == "tr_open":
                cell = 0
            if t.type in PROSE_BLOCKS and i + 1 < len(tokens) and tokens[i + 1].type == "inline":
                inline = tokens[i + 1]
                if inline.map is None:
                    continue
                is_cell = t.type in ("th_open", "td_open")
                out.append((t, inline, cell if is_cell else None))
                cell += is_cell
        return sorted(out, key=lambda x: (x[1].map[0], x[2] or 0))

    def _content_lines(self, block, inline, cell) -> list[tuple[int, int]]:
        """For each line of the inline source: (its index in the content, its index in the parsed text)."""
        content = inline.content
        l0 = inline.map[0]
        lines = content.split("\n")
        out = []
        pos = 0
        for k, cl in enumerate(lines):
            ln = l0 + k
            if ln + 1 >= len(self._line_starts) + 1:
                raise _Bad
            start = self._line_starts[ln]
            end = self._line_starts[ln + 1] - 1 if ln + 1 < len(self._line_starts) else len(self._norm)
            line = self._norm[start:end]
            if cell is not None:  # the n-th cell of a table row: search after the previous ones
                j = _find_cell(line, cl, cell)
            elif block.type == "heading_open" and block.markup.startswith("#"):
                j = line.find(cl, line.index("#") + len(block.markup)) if cl else len(line)
            else:  # a paragraph's (or setext heading's) line ends with its content
                body = line.rstrip() if k == len(lines) - 1 else line
                j = len(body) - len(cl)
            if j < 0 or line[j : j + len(cl)] != cl:
                raise _Bad
            out.append((pos, start + j))
            pos += len(cl) + 1
        return out

    def _block_ops(self, block, inline, cell) -> list[tuple]:
        lines = self._content_lines(block, inline, cell)
        starts = [c for c, _ in lines]

        def at(c: int) -> int:
            k = bisect.bisect_right(starts, c) - 1
            return self._orig(lines[k][1] + c - lines[k][0])

        ops: list[tuple] = []
        _Walker(inline.content, at, ops).walk(inline.children or [])
        return ops


URL_RE = re.compile(r"(?:https?://|www\.)[^\s<]*[^\s<?!.,:;*_~)\]'\"]")


def _split_urls(text: str) -> list[tuple[int, int, bool]]:
    out, pos = [], 0
    for m in URL_RE.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start(), False))
        out.append((m.start(), m.end(), True))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text), False))
    return out


def _find_cell(line: str, content: str, n: int) -> int:
    """Where the n-th cell's content starts on a table row line."""
    cells = [m.end() for m in re.finditer(r"(?<!\\)\|", line)]
    bounds = ([0] if not line.lstrip().startswith("|") else []) + cells
    if n >= len(bounds):
        return -1
    return line.find(content, bounds[n]) if content else bounds[n]


class _Walker:
    """The inline tokens of one block, walked along its inline source ``src``."""

    def __init__(self, src: str, at, ops: list) -> None:
        self.src, self.at, self.ops = src, at, ops
        self.pos = 0

    def expect(self, s: str) -> None:
        if not s or not self.src.startswith(s, self.pos):
            raise _Bad
        self.pos += len(s)

    def op(self, kind: str, *args) -> None:
        self.ops.append((kind, *args))

    def walk(self, tokens, until: str | None = None) -> int:
        i = 0
        while i < len(tokens):
            t = tokens[i]
            kind = t.type
            if until and kind == until:
                return i
            if kind == "text":
                self.text(t)
            elif kind == "text_special":
                a = self.pos
                self.expect(t.markup or t.content)
                self.op("entity", t.content, self.at(a), self.at(self.pos))
            elif kind in ("softbreak", "hardbreak"):
                self.line_break(kind)
            elif kind in ("em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"):
                self.expect(t.markup)
            elif kind == "code_inline":
                self.code(t)
            elif kind == "html_inline":
                a = self.pos
                self.expect(t.content)
                if re.match(r"<br\b", t.content, re.I):
                    self.op("gap", self.at(a), self.at(self.pos))
            elif kind == "link_open" and t.markup in ("autolink", "linkify"):
                i = self.autolink(tokens, i)
            elif kind == "link_open":
                self.expect("[")
            elif kind == "link_close":
                self.link_end()
            elif kind == "image":
                self.expect("![")
                self.walk(t.children or [])
                self.link_end()
            elif kind == "footnote_ref":
                end = self.src.find("]", self.pos) + 1
                if not self.src.startswith("[^", self.pos) or end <= 0:
                    raise _Bad
                self.pos = end
            else:
                raise _Bad
            i += 1
        return i

    def text(self, t) -> None:
        a = self.pos
        if t.content:
            self.expect(t.content)
            for x, y, url in _split_urls(t.content):  # a bare URL (a GFM autolink) is no prose
                self.op("opaque" if url else "text", self.at(a + x), self.at(a + y))

    def line_break(self, kind: str) -> None:
        a = self.pos
        m = re.compile(r"[ \t]*\\?\n[ \t]*").match(self.src, self.pos)
        if not m:
            raise _Bad
        self.pos = m.end()
        # a line break in a block quote or a list crosses markup (">", indentation)
        s, e = self.at(a), self.at(self.pos)
        self.op("space" if kind == "softbreak" and e - s == self.pos - a else "gap", s, e)

    def code(self, t) -> None:
        a = self.pos
        self.expect(t.markup)
        m = re.compile(r"(?<!`)" + re.escape(t.markup) + r"(?!`)").search(self.src, self.pos)
        if not m:
            raise _Bad
        self.pos = m.end()
        self.op("opaque", self.at(a), self.at(self.pos))

    def autolink(self, tokens, i: int) -> int:
        """An autolink (<https://...>) or a linkified URL: one opaque unit. Returns the index of
        its link_close token."""
        a = self.pos
        end = self.src.find(">", self.pos) + 1 if tokens[i].markup == "autolink" else -1
        if end <= 0:
            raise _Bad
        self.pos = end
        self.op("opaque", self.at(a), self.at(self.pos))
        j = next((k for k in range(i + 1, len(tokens)) if tokens[k].type == "link_close"), None)
        if j is None:
            raise _Bad
        return j

    def link_end(self) -> None:
        """After a link's text: "]" and its target: "(url "title")", "[label]", "[]" or nothing."""
        from markdown_it.helpers import parseLinkDestination, parseLinkTitle

        self.expect("]")
        src, n = self.src, len(self.src)
        if src.startswith("(", self.pos):
            p = self.pos + 1
            while p < n and src[p] in " \t\n":
                p += 1
            if p < n and src[p] == ")":
                self.pos = p + 1
                return
            d = parseLinkDestination(src, p, n)
            if d.ok:
                p = d.pos
                q = p
                while q < n and src[q] in " \t\n":
                    q += 1
                if q < n and q != p:
                    t = parseLinkTitle(src, q, n)
                    if t.ok:
                        p = t.pos
                while p < n and src[p] in " \t\n":
                    p += 1
                if p < n and src[p] == ")":
                    self.pos = p + 1
                    return
        if src.startswith("[", self.pos):
            end = src.find("]", self.pos)
            if end >= 0:
                self.pos = end + 1
