"""HTML documents and fragments: the text nodes, a block element (``<p>``, ``<li>``, a heading,
``<td>``, ``<blockquote>``...) a block of its own, inline elements (``<a>``, ``<em>``,
``<span>``...) inside the sentence. Never ``<script>``, ``<style>``, ``<pre>``, ``<code>``,
attributes or comments. Entities are read as their characters and stay as written.

Tokenized by the standard library's ``html.parser`` (an HTML5-style tokenizer; no tree is
needed, only where tags open and close). It reports where each token starts (``getpos``);
each token ends where the next one starts, and each is checked against the source: a start
tag is the parser's own ``get_starttag_text()``, a text run decodes to the parser's own data.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .base import Reading
from .view import ReadError, ViewBuilder

BLOCK = frozenset(
    """p h1 h2 h3 h4 h5 h6 li td th blockquote div section article header footer aside nav main
figure figcaption caption dd dt dl ul ol table tr tbody thead tfoot hr address details summary body html
form fieldset legend center hgroup menu""".split()
)
SKIP = frozenset(
    "script style template head title svg math noscript textarea iframe object canvas select pre button".split()
)
OPAQUE_ELEMENTS = frozenset("code kbd samp var tt".split())
OPAQUE_VOID = frozenset("img input video audio picture embed".split())
VOID = frozenset("area base br col embed hr img input link meta source track wbr param keygen".split())

# Tags without attributes: a flag may cross these (and only these) without a fix.
BARE_TAGS_RE = re.compile(r"(?:\s*</?[A-Za-z][\w.:-]*\s*/?>\s*)+")
CHARREF_RE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


def escape(text: str) -> str:
    """A replacement as HTML or XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []  # (line, col, kind, tag, text)

    def _ev(self, kind: str, tag: str = "", text: str | None = None) -> None:
        line, col = self.getpos()
        self.events.append((line, col, kind, tag, text))

    def handle_starttag(self, tag, attrs):
        self._ev("start", tag, self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self._ev("startend", tag, self.get_starttag_text())

    def handle_endtag(self, tag):
        self._ev("end", tag)

    def handle_data(self, data):
        self._ev("data", "", data)

    def handle_comment(self, data):
        self._ev("markup")

    def handle_decl(self, decl):
        self._ev("markup")

    def handle_pi(self, data):
        self._ev("markup")

    def unknown_decl(self, data):
        self._ev("markup")


def tokens(source: str) -> list[tuple[str, int, int, str]]:
    """(kind, start, end, tag) for every token of the source, checked against it."""
    p = _Tokens()
    try:
        p.feed(source)
        p.close()
    except AssertionError as e:  # html.parser's word for malformed markup ("<![x")
        raise ReadError(f"malformed markup: {e}") from None
    line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
    evs = p.events
    out = []
    for i, (line, col, kind, tag, text) in enumerate(evs):
        start = line_starts[line - 1] + col
        if i + 1 < len(evs):
            nl, nc = evs[i + 1][0], evs[i + 1][1]
            end = line_starts[nl - 1] + nc
        else:
            end = len(source)
        raw = source[start:end]
        if kind in ("start", "startend"):
            if raw != text:
                raise ReadError(f"HTML tag at offset {start} not where the parser says")
        elif kind == "end":
            if not raw.startswith("</"):
                raise ReadError(f"HTML end tag at offset {start} not where the parser says")
        elif kind == "data":
            if CHARREF_RE.sub(lambda m: html.unescape(m.group()), raw) != text:
                raise ReadError(f"HTML text at offset {start} does not decode to what the parser read")
        out.append((kind, start, end, tag))
    if out and out[0][1] != 0 and source[: out[0][1]].strip():
        raise ReadError("HTML source before the first token")
    return out


def add_text(b: ViewBuilder, source: str, start: int, end: int) -> None:
    """A text run: entities as units, whitespace collapsed, the rest copied."""
    pos = start
    for m in CHARREF_RE.finditer(source, start, end):
        chars = html.unescape(m.group())
        if chars == m.group():
            continue
        if m.start() > pos:
            b.flow(pos, m.start())
        b.entity(chars, m.start(), m.end())
        pos = m.end()
    if pos < end:
        b.flow(pos, end)


class HTMLReading(Reading):
    def __init__(self, source: str) -> None:
        b = ViewBuilder(source)
        skip: list[str] = []  # open elements whose content is not prose
        opaque_start: int | None = None
        opaque_depth = 0
        for kind, start, end, tag in tokens(source):
            if skip:
                if kind == "end" and tag == skip[-1]:
                    skip.pop()
                elif kind == "start" and tag == skip[-1]:
                    skip.append(tag)
                elif kind == "start" and skip[-1] == "head" and tag == "body":
                    skip.pop()
                continue
            if opaque_start is not None:
                if kind == "start" and tag in OPAQUE_ELEMENTS:
                    opaque_depth += 1
                elif kind == "end" and tag in OPAQUE_ELEMENTS:
                    opaque_depth -= 1
                    if opaque_depth == 0:
                        b.opaque(opaque_start, end)
                        opaque_start = None
                elif kind in ("start", "end") and tag in BLOCK:  # an unclosed <code>: close it here
                    b.opaque(opaque_start, start)
                    opaque_start, opaque_depth = None, 0
                    b.end_block()
                continue
            if kind == "data":
                add_text(b, source, start, end)
            elif kind in ("start", "startend", "end"):
                if tag in SKIP and kind == "start":
                    skip.append(tag)
                elif tag in OPAQUE_ELEMENTS and kind == "start":
                    opaque_start, opaque_depth = start, 1
                elif tag in OPAQUE_VOID and kind != "end":
                    b.opaque(start, end)
                elif tag == "br" and kind != "end":
                    b.gap(start, end)
                elif tag in BLOCK:
                    b.end_block()
        if opaque_start is not None:
            b.opaque(opaque_start, len(source))
        view, segments = b.build()
        super().__init__(source, view, segments, "html", escape, BARE_TAGS_RE)

    def unescape(self, text: str) -> str:
        return html.unescape(text)
