"""Markdown (CommonMark with GFM tables, strikethrough, autolinks and task lists; footnotes;
YAML or TOML front matter): the prose of paragraphs, headings, list items, block quotes,
table cells, link text and image alt text.

Parsed by markdown-it-pyrs (the Rust markdown-it, CommonMark-compliant) because it gives every
node, inline ones too, its byte range in the source. Those ranges are not taken on trust:
every text node must be its source's own characters, every escape or entity must decode from
its source; a block where one does not is left out of the view (not checked) rather than
mapped wrongly.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from .base import Reading, ReadError, ViewBuilder, byte_to_char

FRONT_MATTER_RE = re.compile(r"\A(?:---[ \t]*\r?\n.*?^(?:---|\.\.\.)|\+\+\+[ \t]*\r?\n.*?^\+\+\+)[ \t]*$", re.M | re.S)

# Block nodes whose inline content is prose; containers whose children are looked at.
PROSE_BLOCKS = {"paragraph", "heading", "lheading", "tcell", "th", "td"}
CONTAINERS = {"root", "blockquote", "bullet_list", "ordered_list", "list_item", "table", "thead", "tbody",
              "trow", "tr", "footnote_container", "footnote_def", "footnote_block"}
INLINE_CONTAINERS = {"em", "strong", "strikethrough", "link", "image", "s", "del"}
SKIP_INLINE = {"footnote_ref", "footnote_ref_anchor", "footnote_anchor", "task_list_item_checkbox", "checkbox"}
BARE_MARKUP_RE = re.compile(r"[*_~]+")  # emphasis: a flag may cross it without a fix
PLUGINS = ("table", "strikethrough", "footnote", "autolink_ext", "tasklist")


def escape(text: str) -> str:
    """A replacement as Markdown text: characters that could start markup are backslash-escaped."""
    return re.sub(r"([\\`*_\[\]<&])", r"\\\1", text)


@lru_cache(maxsize=1)
def _parser():
    import markdown_it_pyrs

    md = markdown_it_pyrs.MarkdownIt("commonmark")
    available = set(md.list_plugins())
    md.enable_many([p for p in PLUGINS if p in available])
    return md


class _Bad(Exception):
    pass


class MarkdownReading(Reading):
    def __init__(self, source: str) -> None:
        data = source.encode("utf-8")
        m = FRONT_MATTER_RE.match(source)
        parse = data
        if m:  # blank the front matter out (same bytes, same lines) so nothing in it is parsed
            n = len(source[: m.end()].encode("utf-8"))
            parse = re.sub(rb"[^\n]", b" ", data[:n]) + data[n:]
        self._b2c = byte_to_char(source, data)
        self._data = data
        b = ViewBuilder(source)
        tree = _parser().tree(parse.decode("utf-8"))
        self.dropped_blocks = 0
        self._walk(tree, b)
        view, segments = b.build()
        super().__init__(source, view, segments, "markdown", escape, BARE_MARKUP_RE)

    def unescape(self, text: str) -> str:
        return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", html.unescape(text))

    # -- the tree ------------------------------------------------------------------------
    def _walk(self, node, b: ViewBuilder) -> None:
        inline: list = []
        children = list(node.children)
        if node.name == "root":  # footnotes are parsed to the end: put them back where they are
            children = [c for ch in children for c in (ch.children if ch.name == "footnote_container" else [ch])]
            children.sort(key=lambda c: c.srcmap[0] if c.srcmap else 0)
        for child in children:
            name = child.name
            if name in PROSE_BLOCKS:
                self._flush(inline, b)
                self._block(child.children, b)
            elif name in CONTAINERS:
                self._flush(inline, b)
                self._walk(child, b)
            elif _is_inline(name):
                inline.append(child)  # a tight list item's text
            else:  # code, fences, HTML blocks, front matter, link definitions, rules: not prose
                self._flush(inline, b)
        self._flush(inline, b)

    def _flush(self, inline: list, b: ViewBuilder) -> None:
        if inline:
            self._block(list(inline), b)
            inline.clear()

    def _block(self, nodes, b: ViewBuilder) -> None:
        ops: list[tuple] = []
        try:
            self._inline(nodes, ops)
        except (_Bad, ReadError):
            self.dropped_blocks += 1
            return
        b.end_block()
        b.start_block()
        for op in ops:
            getattr(b, op[0])(*op[1:])
        b.end_block()

    def _span(self, node) -> tuple[int, int]:
        sm = node.srcmap
        if sm is None:
            raise _Bad
        a, e = sm
        if not (0 <= a <= e <= len(self._data)):
            if 0 <= a <= len(self._data):
                return a, -1
            raise _Bad
        return a, e

    def _inline(self, nodes, ops: list) -> None:
        data, c = self._data, self._b2c
        for n in nodes:
            name = n.name
            if name == "text":
                content = n.meta.get("content", "").encode("utf-8")
                a, e = self._span(n)
                if e < 0 or data[a:e] != content:  # a range the parser got wrong: trust the start only
                    if data[a : a + len(content)] != content:
                        raise _Bad
                    e = a + len(content)
                if content:
                    ops.append(("text", c(a), c(e)))
            elif name == "text_special":
                a, e = self._span(n)
                content = n.meta.get("content", "")
                raw = data[a:e].decode("utf-8", "replace")
                if n.meta.get("info") == "autolink":
                    ops.append(("opaque", c(a), c(e)))
                elif raw == "\\" + content or (raw.startswith("&") and html.unescape(raw) == content):
                    ops.append(("entity", content, c(a), c(e)))
                else:
                    raise _Bad
            elif name in ("softbreak", "hardbreak"):
                a, e = self._span(n)
                raw = data[a:e]
                if e < 0:
                    raise _Bad
                ops.append(("space" if name == "softbreak" and not raw.strip() else "gap", c(a), c(e)))
            elif name in INLINE_CONTAINERS:
                self._inline(n.children, ops)
            elif name == "html_inline":
                a, e = self._span(n)
                if re.match(rb"<br\b", data[a:e], re.I):
                    ops.append(("gap", c(a), c(e)))
            elif name in SKIP_INLINE:
                continue
            else:  # code spans, autolinks, math, anything unknown: a placeholder
                a, e = self._span(n)
                if e < 0:
                    raise _Bad
                ops.append(("opaque", c(a), c(e)))
        last = -1
        for op in ops:  # in source order, never backwards
            s = op[-2]
            if s < last:
                raise _Bad
            last = op[-1]


def _is_inline(name: str) -> bool:
    return name in ("text", "text_special", "softbreak", "hardbreak", "code_inline", "html_inline", "autolink") \
        or name in INLINE_CONTAINERS or name in SKIP_INLINE
