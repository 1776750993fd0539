"""IPTC NITF 3.x and NewsML-G2 news items: the headline (``hl1``/``hl2``, ``headline``), the
byline (``byline``, ``by``) and the body's paragraphs (NITF ``body.content``; NewsML-G2
``contentSet/inlineXML`` holding XHTML or NITF, or ``inlineData`` text). Metadata (``head``,
``docdata``, ``itemMeta``, ``contentMeta`` other than headline and byline), identifiers,
dates, the dateline and every attribute are never read.

Parsed by the standard library's expat (``xml.parsers.expat``), which gives each event's
byte offset (``CurrentByteIndex``). Each event ends where the next begins; every text event
is checked against its source bytes (the same text, or one character or entity reference
that decodes to it, or a CRLF read as LF). Internal DTD entities are not expanded (a
reference to one is a placeholder, and no "billion laughs"); no external entity is loaded.
"""

from __future__ import annotations

import html as _html
import xml.parsers.expat as expat

from .base import Reading
from .html import (
    BARE_TAGS_RE,
    escape,
)
from .html import (
    BLOCK as HTML_BLOCK,
)
from .html import (
    OPAQUE_ELEMENTS as HTML_OPAQUE,
)
from .html import (
    OPAQUE_VOID as HTML_OPAQUE_VOID,
)
from .html import (
    SKIP as HTML_SKIP,
)
from .view import ReadError, Segment, ViewBuilder, byte_to_char

XHTML_NS = "http://www.w3.org/1999/xhtml"
NEWSML_ROOTS = frozenset({"newsItem", "newsMessage", "packageItem", "knowledgeItem", "conceptItem", "planningItem"})

NITF_BLOCKS = frozenset("hl1 hl2 byline p li td th dt dd tagline media-caption caption credit".split())
NITF_SKIP = frozenset(
    "head dateline story.date distributor series pre media-metadata media-reference "
    "media-object media-producer doc-id docdata pubdata revision-history meta".split()
)
NITF_OPAQUE = frozenset("code".split())
NEWSML_BLOCKS = frozenset({"headline", "by"})


def _local(name: str) -> tuple[str, str]:
    ns, _, local = name.rpartition(" ")
    return ns, local


def xml_events(source: str) -> list[tuple]:
    """(kind, start, end, ns, local, data) for each event, offsets as string indices."""
    data = source.encode("utf-8")
    p = expat.ParserCreate(encoding="UTF-8", namespace_separator=" ")
    evs: list[list] = []

    def rec(kind):
        def h(*args):
            evs.append([p.CurrentByteIndex, kind, args])

        return h

    for k in (
        "StartElement",
        "EndElement",
        "CharacterData",
        "Comment",
        "ProcessingInstruction",
        "StartCdataSection",
        "EndCdataSection",
        "XmlDecl",
        "StartDoctypeDecl",
        "EndDoctypeDecl",
        "Default",
    ):
        setattr(p, k + "Handler", rec(k))
    try:
        p.Parse(data, True)
    except expat.ExpatError as e:
        raise ReadError(
            f"not well-formed XML: {expat.ErrorString(e.code)} (line {e.lineno}, column {e.offset + 1})"
        ) from None
    conv = byte_to_char(source, data)
    out = []
    for i, (start, kind, args) in enumerate(evs):
        end = evs[i + 1][0] if i + 1 < len(evs) else len(data)
        if start < 0 or end < start:
            raise ReadError("XML parser offsets out of order")
        raw = data[start:end].decode("utf-8")
        ns = local = ""
        text = None
        if kind in ("StartElement", "EndElement"):
            ns, local = _local(args[0])
            if not raw.startswith("<") and not (kind == "EndElement" and raw == ""):  # "" ends <empty/>
                raise ReadError(f"XML tag at byte {start} not where the parser says")
        elif kind == "CharacterData":
            text = args[0]
            if (
                raw != text
                and raw.replace("\r\n", "\n").replace("\r", "\n") != text
                and not (raw.startswith("&") and raw.endswith(";") and _html.unescape(raw) == text)
            ):
                raise ReadError(f"XML text at byte {start} does not match what the parser read")
        out.append((kind, conv(start), conv(end), ns, local, text))
    return out


def root_element(source: str) -> tuple[str, str]:
    """(namespace, local name) of the root element."""
    for kind, _s, _e, ns, local, _t in xml_events(source):
        if kind == "StartElement":
            return ns, local
    raise ReadError("no root element")


def vocabulary(ns: str, local: str) -> str | None:
    if local == "nitf":
        return "nitf"
    if local in NEWSML_ROOTS:
        return "newsml"
    if local == "html":
        return "xhtml"
    return None


def _root_vocabulary(events: list, expect: str | None) -> str:
    """The vocabulary of the document (nitf, newsml, xhtml) by its root element; ReadError for
    another root, or a root other than NITF's when ``expect`` is "nitf"."""
    root = next(((e[3], e[4]) for e in events if e[0] == "StartElement"), None)
    if root is None:
        raise ReadError("no root element")
    vocab = vocabulary(*root)
    if vocab is None:
        raise ReadError(
            f"the root element <{root[1]}> is not NITF (<nitf>) or NewsML-G2 (<newsItem>, "
            f"<newsMessage>, <packageItem>); fixcopy reads only those XML formats"
        )
    if expect == "nitf" and vocab != "nitf":
        raise ReadError(f"not NITF: the root element is <{root[1]}>, not <nitf>")
    return vocab


def _character_data(b: ViewBuilder, source: str, start: int, end: int, text: str, plain: bool, newlines: int) -> int:
    """Text inside a prose element, into the view. Returns how many line breaks in a row the
    view has ended with (in inlineData, ``plain``, a blank line ends a paragraph)."""
    if text != source[start:end] and source[start:end].startswith("&"):
        b.entity(text, start, end)
        return 0
    if plain and not text.strip():  # inlineData: a blank line ends a paragraph
        newlines += text.count("\n")
        if newlines >= 2:
            b.end_block()
        else:
            b.space(start, end)
        return newlines
    b.flow(start, end)
    return 0


class XMLReading(Reading):
    def __init__(self, source: str, expect: str | None = None) -> None:
        events = xml_events(source)
        vocab = _root_vocabulary(events, expect)
        view, segments = self._view(source, events, vocab)
        super().__init__(source, view, segments, vocab, escape, BARE_TAGS_RE)

    def _view(self, source: str, events: list, vocab: str) -> tuple[str, list[Segment]]:
        """The prose of the elements whose role (see _role) makes it prose, and its map."""
        b = ViewBuilder(source)
        # Each open element: (local, mode, role). mode: the vocabulary that rules its children.
        stack: list[tuple[str, str, str]] = []
        opaque_start: int | None = None
        opaque_depth = 0
        newlines = 0
        for kind, start, end, ns, local, text in events:
            mode = stack[-1][1] if stack else vocab
            skipping = any(r == "skip" for _l, _m, r in stack)
            prose = any(r in ("block", "flow", "plain") for _l, _m, r in stack)
            if kind == "StartElement":
                if opaque_start is not None:
                    opaque_depth += 1
                    stack.append((local, mode, "inline"))
                    continue
                child_mode, role = self._role(mode, ns, local, stack)
                stack.append((local, child_mode, role))
                if skipping:
                    continue
                if role == "block":
                    b.end_block()
                elif role == "opaque" and prose:
                    opaque_start, opaque_depth = start, 1
                elif role == "gap" and prose:
                    b.gap(start, end)
            elif kind == "EndElement":
                if not stack:
                    raise ReadError("unbalanced XML")
                _l, _m, role = stack.pop()
                if opaque_start is not None:
                    opaque_depth -= 1
                    if opaque_depth == 0:
                        b.opaque(opaque_start, end)
                        opaque_start = None
                    continue
                if not skipping and role in ("block", "plain", "flow"):
                    b.end_block()
            elif kind == "CharacterData":
                if skipping or not prose or opaque_start is not None:
                    continue
                newlines = _character_data(b, source, start, end, text, stack[-1][2] == "plain", newlines)
            elif kind == "Default" and source[start:end].startswith("&") and prose and not skipping:
                b.opaque(start, end)  # a DTD entity: not expanded, not prose
        return b.build()

    def unescape(self, text: str) -> str:
        return _html.unescape(text)

    def _role(self, mode: str, ns: str, local: str, stack) -> tuple[str, str]:
        """(mode for the children, role) of an element: block (a prose block), flow (prose
        flows in it), plain (inlineData), inline, opaque, gap, skip, or none (not prose, but
        look inside)."""
        if mode in ("xhtml", "html"):
            if local in HTML_SKIP:
                return mode, "skip"
            if local in HTML_OPAQUE or local in HTML_OPAQUE_VOID:
                return mode, "opaque"
            if local == "br":
                return mode, "gap"
            if local in HTML_BLOCK:
                return mode, "block"
            return mode, "inline"
        if mode == "nitf":
            inside_body = any(name == "body" for name, _m, _r in stack)
            if local in NITF_SKIP:
                return mode, "skip"
            if not inside_body:
                return mode, "none"
            if local in NITF_BLOCKS:
                return mode, "block"
            if local in NITF_OPAQUE:
                return mode, "opaque"
            if local == "br":
                return mode, "gap"
            in_block = any(r == "block" for _l, _m, r in stack)
            return mode, ("inline" if in_block else "none")
        if mode == "newsml":
            if local == "inlineXML":
                return "embedded", "none"
            if local == "inlineData":
                return mode, "plain"
            if local in NEWSML_BLOCKS and any(name == "contentMeta" for name, _m, _r in stack):
                return mode, "block"
            if local in (
                "itemMeta",
                "rightsInfo",
                "catalogRef",
                "catalog",
                "header",
                "remoteContent",
                "partMeta",
                "assert",
                "inlineRef",
                "derivedFrom",
                "subject",
                "genre",
            ):
                return mode, "skip"
            in_block = any(r == "block" for _l, _m, r in stack)
            return mode, ("inline" if in_block else "none")
        if mode == "embedded":  # the first element inside inlineXML names the vocabulary
            if local == "nitf":
                return self._role("nitf", ns, local, stack)
            if local == "html" or ns == XHTML_NS:
                sub = self._role("xhtml", ns, local, stack)
                return "xhtml", sub[1]
            return mode, "skip"
        return mode, "none"
