"""Property tests of the readers: random Markdown, HTML and NITF documents with random prose
(garbles included) and garbles planted where they are not prose. Checked and fixed (rules, at
min-confidence 0): every suggestion is the file's own text at its offsets, none touches what
is not prose, and the fixed file parses to the same tree except the edited prose, with every
byte outside the edits unchanged. Bounded: about 5 s a format."""

from __future__ import annotations

import xml.parsers.expat as expat

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixcopy.checking import check_articles
from fixcopy.config import Config
from fixcopy.files import Article
from fixcopy.readers import read
from fixcopy.readers.html import tokens as html_tokens
from fixcopy.suggestion import apply

SETTINGS = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

WORDS = [
    "the",
    "the the",
    "for for",
    "a",
    "an",
    "said",
    "Russia",
    "government",
    "has",
    "had had",
    "that that",
    "minister",
    "could helped",
    "to extending",
    "arrived to",
    "1,2",
    "in",
    "talks",
    "of",
    "on Tuesday",
    "AT&T",
    "Zürich",
    "café",
    "“quoted”",
    "it's",
    "5",
    "percent",
    "open. an",
    "-based",
    "Moscow's",
]
GARBLE = ["for for", "the the", "a a", "to to"]

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
sentence = st.tuples(words, st.sampled_from([".", ".", "?", ""])).map(lambda t: t[0][0].upper() + t[0][1:] + t[1])


class Doc:
    """Source pieces, each marked prose or not (not: its text must never change)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.fixed_regions: list[tuple[int, int]] = []
        self.bare_regions: list[tuple[int, int]] = []
        self.n = 0

    def prose(self, s: str) -> None:
        self.parts.append(s)
        self.n += len(s)

    def markup(self, s: str) -> None:
        self.fixed_regions.append((self.n, self.n + len(s)))
        self.prose(s)

    def bare(self, s: str) -> None:
        """Bare inline markup (<em>, </em>, *): a flag without a fix may span it, an edit never."""
        self.bare_regions.append((self.n, self.n + len(s)))
        self.markup(s)

    def text(self) -> str:
        return "".join(self.parts)


def check_and_fix(text: str, fmt: str):
    art = Article("x", text, False, fmt)
    sugs = check_articles([(art, Config(model=False, min_confidence=0.0))])[0].suggestions
    for s in sugs:
        assert text[s.start : s.end] == s.text
    edits = []
    for s in sorted((s for s in sugs if s.fixable), key=lambda s: (-s.confidence, s.start)):
        if not any(e.start < s.end and s.start < e.end or e.start == s.start for e in edits):
            edits.append(s)
    return sugs, edits, apply(text, edits)


def untouched(doc: Doc, sugs, edits, fixed: str) -> None:
    """No suggestion touches a region that is not prose; each such region is in the fixed file,
    byte for byte, where the edits before it moved it."""
    edits = sorted(edits, key=lambda e: e.start)
    for a, b in doc.fixed_regions:
        for s in sugs:
            if s.replacement is None and (a, b) in doc.bare_regions:
                continue
            assert not (s.start < b and a < s.end), (s, doc.text()[a:b])
        shift = sum(len(e.replacement) - (e.end - e.start) for e in edits if e.end <= a)
        assert fixed[a + shift : b + shift] == doc.text()[a:b]


# -- Markdown -----------------------------------------------------------------------------------

md_inline = st.one_of(
    sentence.map(lambda s: ("prose", s)),
    st.tuples(words).map(lambda t: ("em", t[0])),
    st.tuples(words, st.sampled_from(GARBLE)).map(lambda t: ("link", t)),
    st.sampled_from(GARBLE).map(lambda g: ("code", g)),
)
md_block = st.one_of(
    st.lists(md_inline, min_size=1, max_size=4).map(lambda x: ("para", x)),
    sentence.map(lambda s: ("heading", s)),
    st.lists(sentence, min_size=1, max_size=3).map(lambda x: ("list", x)),
    st.sampled_from(GARBLE).map(lambda g: ("fence", g)),
    st.tuples(sentence, sentence).map(lambda x: ("table", x)),
    sentence.map(lambda s: ("quote", s)),
)


def md_doc(blocks, front: str) -> Doc:
    d = Doc()
    d.markup(f"---\ntitle: {front}\n---\n\n")
    for kind, x in blocks:
        if kind == "para":
            for i, (k, v) in enumerate(x):
                if i:
                    d.prose(" ")
                if k == "prose":
                    d.prose(_md_safe(v))
                elif k == "em":
                    d.bare("*")
                    d.prose(_md_safe(v))
                    d.bare("*")
                elif k == "link":
                    d.markup("[")
                    d.prose(_md_safe(v[0]))
                    d.markup(f'](https://example.org/{v[1].replace(" ", "-")} "{v[1]}")')
                else:
                    d.markup(f"`{v}`")
        elif kind == "heading":
            d.markup("## ")
            d.prose(_md_safe(x))
        elif kind == "list":
            for i, s in enumerate(x):
                d.markup("\n- " if i else "- ")
                d.prose(_md_safe(s))
        elif kind == "fence":
            d.markup(f"```\n{x}\n```")
        elif kind == "table":
            d.markup("| ")
            d.prose(_md_safe(x[0]))
            d.markup(" |\n|---|\n| ")
            d.prose(_md_safe(x[1]))
            d.markup(" |")
        else:
            d.markup("> ")
            d.prose(_md_safe(x))
        d.prose("\n\n")
    return d


def _md_safe(s: str) -> str:
    return s.replace("&", "and").replace("-based", "based").replace("1,2", "12").replace("5", "five")


def md_skeleton(text: str) -> list:
    """The Markdown tree less its prose: every token but text, with its attributes and markup."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    out = []

    def walk(tokens):
        for t in tokens:
            if t.type not in ("text", "text_special", "softbreak", "inline"):
                out.append(
                    (
                        t.type,
                        t.tag,
                        t.markup,
                        sorted((t.attrs or {}).items()),
                        t.content
                        if t.type in ("code_inline", "fence", "code_block", "html_block", "html_inline")
                        else "",
                    )
                )
            walk(t.children or [])

    walk(md.parse(text))
    return out


@SETTINGS
@given(st.lists(md_block, min_size=1, max_size=6), st.sampled_from(GARBLE))
def test_markdown_random_documents(blocks, front):
    d = md_doc(blocks, front)
    text = d.text()
    sugs, edits, fixed = check_and_fix(text, "markdown")
    untouched(d, sugs, edits, fixed)
    assert md_skeleton(fixed) == md_skeleton(text)


# -- HTML ---------------------------------------------------------------------------------------

html_inline = st.one_of(
    sentence.map(lambda s: ("prose", s)),
    st.tuples(st.sampled_from(["em", "strong", "span", "b"]), words).map(lambda t: ("tag", t)),
    st.tuples(words, st.sampled_from(GARBLE)).map(lambda t: ("a", t)),
    st.sampled_from(GARBLE).map(lambda g: ("code", g)),
    st.sampled_from(["&amp;", "&#8217;", "&mdash;", "&nbsp;", "&lt;"]).map(lambda e: ("entity", e)),
)
html_block = st.tuples(
    st.sampled_from(["p", "li", "h2", "td", "blockquote", "pre", "script", "style"]),
    st.lists(html_inline, min_size=1, max_size=4),
    st.sampled_from(GARBLE),
    st.booleans(),
)


def html_doc(blocks) -> Doc:
    d = Doc()
    d.markup("<article>\n")
    for tag, inlines, garble, newline in blocks:
        if tag in ("pre", "script", "style"):
            d.markup(f"<{tag}>{garble} {garble}</{tag}>\n")
            continue
        d.markup(f'<{tag} data-caption="{garble} caption">')
        for i, (k, v) in enumerate(inlines):
            if i:
                d.prose("\n   " if newline else " ")
            if k == "prose":
                d.prose(_html_safe(v))
            elif k == "tag":
                d.bare(f"<{v[0]}>")
                d.prose(_html_safe(v[1]))
                d.bare(f"</{v[0]}>")
            elif k == "a":
                d.markup(f'<a href="https://example.org/{v[1].replace(" ", "-")}" title="{v[1]}">')
                d.prose(_html_safe(v[0]))
                d.bare("</a>")
            elif k == "code":
                d.markup(f"<code>{v}</code>")
            else:
                d.prose(v)
        d.markup(f"</{tag}>\n<!-- {garble} -->\n")
    d.markup("</article>\n")
    return d


def _html_safe(s: str) -> str:
    return s.replace("&", "&amp;")


def html_skeleton(text: str) -> list:
    return [(k, tag, text[a:b]) for k, a, b, tag in html_tokens(text) if k != "data"]


@SETTINGS
@given(st.lists(html_block, min_size=1, max_size=6))
def test_html_random_documents(blocks):
    d = html_doc(blocks)
    text = d.text()
    sugs, edits, fixed = check_and_fix(text, "html")
    untouched(d, sugs, edits, fixed)
    assert html_skeleton(fixed) == html_skeleton(text)
    for e in edits:  # entities are whole units: never half of one edited
        assert e.text.count("&") == e.text.count(";") or "&" not in e.text


# -- NITF ---------------------------------------------------------------------------------------

nitf_block = st.tuples(
    st.sampled_from(["p", "hl2", "p", "p"]), st.lists(html_inline, min_size=1, max_size=4), st.sampled_from(GARBLE)
)


def nitf_doc(head: str, blocks, garble: str) -> Doc:
    d = Doc()
    d.markup(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<nitf><head><title>{garble}</title><docdata>'
        f'<doc-id id-string="{garble}"/><date.issue norm="20260303"/></docdata></head>\n<body><body.head>'
        "<hedline><hl1>"
    )
    d.prose(_html_safe(head))
    d.markup(f"</hl1></hedline><dateline><story.date>{garble}</story.date></dateline></body.head>\n<body.content>")
    for tag, inlines, g in blocks:
        d.markup(f'<{tag} id="{g}">')
        for i, (k, v) in enumerate(inlines):
            if i:
                d.prose(" ")
            if k == "prose":
                d.prose(_html_safe(v))
            elif k in ("tag", "a"):
                name = v[0] if k == "tag" else "em"
                words_ = v[1] if k == "tag" else v[0]
                if k == "tag":
                    d.bare(f"<{name}>")
                else:
                    d.markup(f'<a href="https://example.org/{v[1].replace(" ", "-")}">')
                d.prose(_html_safe(words_))
                d.bare(f"</{name}>" if k == "tag" else "</a>")
            elif k == "code":
                d.markup(f"<code>{v}</code>")
            else:
                d.prose(v if v in ("&amp;", "&lt;") else "&#x2019;")
        d.markup(f"</{tag}>\n")
    d.markup("</body.content></body></nitf>\n")
    return d


def xml_skeleton(text: str) -> list:
    out = []
    p = expat.ParserCreate()
    p.StartElementHandler = lambda n, a: out.append(("start", n, sorted(a.items())))
    p.EndElementHandler = lambda n: out.append(("end", n))
    p.Parse(text.encode("utf-8"), True)
    return out


@SETTINGS
@given(sentence, st.lists(nitf_block, min_size=1, max_size=6), st.sampled_from(GARBLE))
def test_nitf_random_documents(head, blocks, garble):
    d = nitf_doc(head, blocks, garble)
    text = d.text()
    assert read(text, "xml").format == "nitf"
    sugs, edits, fixed = check_and_fix(text, "nitf")
    untouched(d, sugs, edits, fixed)
    assert xml_skeleton(fixed) == xml_skeleton(text)
