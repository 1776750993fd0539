"""Make the formatted samples (Markdown, HTML, NITF, NewsML-G2) from a garbled plain-text story.

Standalone, standard library only:  python corpora/formats/make_samples.py

Each sample holds the story's paragraphs, in the same words, with markup around them: a
headline, inline markup (emphasis, links) in the prose, some of it across a planted garble
("the <em>Moscow's</em>"), entities in HTML and XML, and around the story things that are not
prose and hold garbles of their own that must never be flagged: code, URLs, link titles,
attributes, front matter, metadata. It writes, beside this script:

- ``story.md``, ``story.html``, ``story.nitf.xml``, ``story.newsml.xml``;
- ``gold.jsonl``: the story's gold garbles (from ``../gold.jsonl``) at their offsets in each
  sample (the format of ``../gold.jsonl``; ``python corpora/verify_gold.py corpora/formats/gold.jsonl``);
- ``never.jsonl``: the planted garbles that are not prose (file, start, end, text, what);
- ``map.json``: for each sample, where each character of the plain story is (for the tests).
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORY = "garbled/politics-kazakhstan-talks.txt"
HEADLINE = "Kazakhstan and EU sign road map on critical raw materials"

# Inline markup put around a phrase of the story (its first occurrence): (phrase, open, close).
MD_INLINE = [
    ("Moscow's", "*", "*"),  # across the garble "the Moscow's"
    ("Astana on Sunday", "[", '](https://example.org/news/for-for-astana "the the city")'),
    ("European Investment Bank", "**", "**"),
    ("Bolat Iskakov", "_", "_"),  # just before the garble " ,"
    ("open|open. an", "[", "](https://example.org/open-open)"),  # across the garble "open. an"
]
HTML_INLINE = [
    ("Moscow's", "<em>", "</em>"),
    ("Astana on Sunday", '<a href="https://example.org/news/for-for-astana" title="the the city">', "</a>"),
    ("European Investment Bank", "<strong>", "</strong>"),
    ("Bolat Iskakov", '<span class="name" data-caption="a a caption">', "</span>"),
    ("open|open. an", '<a href="https://example.org/open-open">', "</a>"),
]
XML_INLINE = [
    ("Moscow's", "<em>", "</em>"),
    ("European Investment Bank", "<org>", "</org>"),
    ("Bolat Iskakov", '<person idsrc="example.org" value="the-the">', "</person>"),
]
NEWSML_INLINE = [
    ("Moscow's", "<em>", "</em>"),
    ("Astana on Sunday", '<a href="https://example.org/news/for-for-astana" title="the the city">', "</a>"),
    ("European Investment Bank", "<strong>", "</strong>"),
]


class Out:
    """Formatted text, with where each plain character went."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.parts: list[str] = []
        self.len = 0
        self.where: dict[int, tuple[int, int]] = {}  # plain index -> (start, end) in the sample
        self.never: list[dict] = []

    def m(self, s: str) -> None:
        self.parts.append(s)
        self.len += len(s)

    def never_in(self, s: str, planted: str, what: str) -> None:
        """Markup ``s`` holding a planted garble ``planted`` that must never be flagged."""
        i = s.index(planted)
        self.never.append(
            {
                "file": self.name,
                "start": self.len + i,
                "end": self.len + i + len(planted),
                "text": planted,
                "what": what,
            }
        )
        self.m(s)

    def p(self, plain: str, a: int, b: int, enc=None) -> None:
        for i in range(a, b):
            ch = plain[i]
            out = enc(ch) if enc else ch
            self.where[i] = (self.len, self.len + len(out))
            self.m(out)

    def text(self) -> str:
        return "".join(self.parts)


def html_enc(ch: str) -> str:
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\u2014": "&#8212;", "\u2019": "&#8217;"}.get(ch, ch)


def xml_enc(ch: str) -> str:
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\u2014": "&#x2014;"}.get(ch, ch)


def paragraph(out: Out, plain: str, a: int, b: int, inline, enc=None, wrap: int = 0) -> None:
    """Plain[a:b] with the inline markup around its phrases; ``wrap`` > 0 breaks long lines at
    spaces (a newline and that many spaces: whitespace that HTML and XML read as one space)."""
    cuts = []
    seg = plain[a:b]
    for phrase, op, cl in inline:
        phrase, _, context = phrase.partition("|")  # "word|context": the word where the context is
        i = seg.find(context) if context else seg.find(phrase)
        if i >= 0 and not any(x <= a + i < y or x < a + i + len(phrase) <= y for x, y, _, _ in cuts):
            cuts.append((a + i, a + i + len(phrase), op, cl))
    cuts.sort()
    pos = a
    col = 0
    for x, y, op, cl in cuts + [(b, b, "", "")]:
        pos, col = _run(out, plain, pos, x, enc, wrap, col)
        out.m(op)
        pos, col = _run(out, plain, x, y, enc, wrap, col)
        out.m(cl)
        pos = y


def _run(out: Out, plain: str, a: int, b: int, enc, wrap: int, col: int) -> tuple[int, int]:
    for i in range(a, b):
        if wrap and plain[i] == " " and col > 70:
            out.where[i] = (out.len, out.len + 1 + wrap)
            out.m("\n" + " " * wrap)
            col = 0
            continue
        out.p(plain, i, i + 1, enc)
        col += 1
    return b, col


def paragraphs(plain: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for chunk in plain.rstrip("\n").split("\n\n"):
        out.append((pos, pos + len(chunk)))
        pos += len(chunk) + 2
    return out


def markdown(plain: str) -> Out:
    o = Out("story.md")
    o.m("---\n")
    o.never_in('title: "Kazakhstan and EU agree to to extend raw materials deal"\n', "to to", "front matter")
    o.m("slug: kazakhstan-eu-raw-materials\ntags: [for for, minerals]\n---\n\n")
    o.m(f"# {HEADLINE}\n\n")
    for a, b in paragraphs(plain):
        paragraph(o, plain, a, b, MD_INLINE)
        o.m("\n\n")
    o.m("## The deal in brief\n\n")
    o.m("- A pledge of 1.2 billion euros in loans\n- An exchange program for geology students\n\n")
    o.m("| Deposit | Region |\n|---|---|\n| Tungsten | East Kazakhstan |\n\n")
    o.never_in(
        "The list is published as `deposits for for 2026.csv` on the ministry's site "
        "<https://example.org/the-the/deposits>",
        "for for",
        "code span",
    )
    o.m(".\n\n")
    o.never_in("```\nfor for in deposits: print(the the)\n```\n\n", "for for", "fenced code")
    o.never_in('<div class="note" data-caption="a a caption">An HTML block: for for</div>\n', "for for", "raw HTML")
    text = o.text()
    # the URL and link title garbles inside the story's own links
    for planted, what in (
        ("for-for-astana", "URL"),
        ("the the city", "link title"),
        ("open-open", "URL"),
        ("the-the/deposits", "URL"),
        ("a a caption", "attribute"),
    ):
        i = text.index(planted)
        o.never.append({"file": o.name, "start": i, "end": i + len(planted), "text": planted, "what": what})
    return o


def html(plain: str) -> Out:
    o = Out("story.html")
    o.m('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    o.never_in("<title>Kazakhstan and EU agree to to extend a deal</title>\n", "to to", "title (head)")
    o.never_in('<meta name="description" content="the the road map">\n', "the the", "attribute")
    o.never_in('<style>p.for-for::after { content: "for for"; }</style>\n', "for for", "style")
    o.never_in('<script>var caption = "for for";</script>\n', "for for", "script")
    o.m("</head>\n<body>\n")
    o.never_in('<article data-caption="a a caption">\n', "a a caption", "attribute")
    o.m(f"<h1>{HEADLINE}</h1>\n")
    for k, (a, b) in enumerate(paragraphs(plain)):
        o.m('<p class="byline">' if k == 0 else "<p>\n  " if k % 3 == 1 else "<p>")
        paragraph(o, plain, a, b, HTML_INLINE, html_enc, wrap=2 if k % 3 == 1 else 0)
        o.m("</p>\n")
    o.never_in("<!-- for for: a comment to the desk -->\n", "for for", "comment")
    o.m("<p>The list is published as ")
    o.never_in("<code>deposits for for.csv</code>", "for for", "code")
    o.m(" on the ministry&#8217;s site.</p>\n")
    o.never_in("<pre>for for in deposits: print(the the)</pre>\n", "for for", "pre")
    o.m("</article>\n</body>\n</html>\n")
    text = o.text()
    for planted, what in (("for-for-astana", "URL"), ("the the city", "attribute"), ("open-open", "URL")):
        i = text.index(planted)
        o.never.append({"file": o.name, "start": i, "end": i + len(planted), "text": planted, "what": what})
    return o


def nitf(plain: str) -> Out:
    o = Out("story.nitf.xml")
    o.m('<?xml version="1.0" encoding="UTF-8"?>\n')
    o.m(
        '<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/" version="-//IPTC//DTD NITF 3.6//EN" '
        'change.date="October 18, 2006" change.time="19:30" baselang="en-US">\n  <head>\n'
    )
    o.never_in("    <title>Kazakhstan and EU agree to to extend a deal</title>\n", "to to", "head title")
    o.never_in('    <meta name="keywords" content="the the minerals"/>\n', "the the", "attribute")
    o.m("    <docdata>\n")
    o.never_in('      <doc-id regsrc="EXAMPLE" id-string="for for-2026-0303"/>\n', "for for", "identifier")
    o.m('      <urgency ed-urg="4"/>\n      <date.issue norm="20260303T101500Z"/>\n')
    o.never_in('      <key-list><keyword key="for for"/></key-list>\n', "for for", "keyword")
    o.never_in('      <ed-msg info="for for"/>\n', "for for", "editor message")
    o.m("    </docdata>\n")
    o.m('    <pubdata type="web" position.section="World"/>\n  </head>\n  <body>\n    <body.head>\n')
    o.m(f"      <hedline><hl1>{HEADLINE}</hl1></hedline>\n")
    paras = paragraphs(plain)
    a, b = paras[0]
    o.m("      <byline>")
    paragraph(o, plain, a, b, [("Aigerim Nurlanova", "<person>", "</person>")], xml_enc)
    o.m("</byline>\n      <dateline><location>ASTANA, Kazakhstan</location> ")
    o.never_in('<story.date norm="20260303T000000">March 3 3, 2026</story.date>', "3 3", "date")
    o.m("</dateline>\n    </body.head>\n    <body.content>\n")
    for k, (a, b) in enumerate(paras[1:], 1):
        o.m("      <p>\n        " if k % 3 == 2 else "      <p>")
        paragraph(o, plain, a, b, XML_INLINE, xml_enc, wrap=8 if k % 3 == 2 else 0)
        o.m("</p>\n")
    o.m("    </body.content>\n    <body.end>\n")
    o.never_in('      <tagline><a href="https://example.org/for-for">example.org</a></tagline>\n', "for-for", "URL")
    o.m("    </body.end>\n  </body>\n</nitf>\n")
    return o


def newsml(plain: str) -> Out:
    o = Out("story.newsml.xml")
    o.m('<?xml version="1.0" encoding="UTF-8"?>\n')
    o.never_in(
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.org:20260303:for-for" '
        'version="1" standard="NewsML-G2" standardversion="2.33" conformance="power" xml:lang="en">\n',
        "for-for",
        "identifier",
    )
    o.m('  <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml"/>\n')
    o.m("  <rightsInfo>\n")
    o.never_in("    <copyrightNotice>Copyright 2026 the the Example Agency</copyrightNotice>\n", "the the", "rights")
    o.m(
        '  </rightsInfo>\n  <itemMeta>\n    <itemClass qcode="ninat:text"/>\n    <provider literal="Example Agency"/>\n'
        '    <versionCreated>2026-03-03T10:15:00Z</versionCreated>\n    <pubStatus qcode="stat:usable"/>\n'
    )
    o.never_in("    <edNote>for for: embargoed until 1100 GMT</edNote>\n", "for for", "editor's note")
    o.m(
        "  </itemMeta>\n  <contentMeta>\n    <contentCreated>2026-03-03T10:00:00Z</contentCreated>\n"
        '    <located literal="Astana"/>\n'
    )
    o.never_in(
        '    <subject type="cpnat:abstract" qcode="medtop:20000344"><name>for for minerals</name></subject>\n',
        "for for",
        "subject",
    )
    o.never_in("    <slugline>KAZAKHSTAN-EU/the the</slugline>\n", "the the", "slugline")
    o.m(f"    <headline>{HEADLINE}</headline>\n")
    paras = paragraphs(plain)
    a, b = paras[0]
    o.m("    <by>")
    paragraph(o, plain, a, b, [], xml_enc)
    o.m(
        '</by>\n  </contentMeta>\n  <contentSet>\n    <inlineXML contenttype="application/xhtml+xml">\n'
        '      <html xmlns="http://www.w3.org/1999/xhtml">\n        <head>'
    )
    o.never_in("<title>for for</title>", "for for", "XHTML head")
    o.m("</head>\n        <body>\n")
    for _k, (a, b) in enumerate(paras[1:], 1):
        o.m("          <p>")
        paragraph(o, plain, a, b, NEWSML_INLINE, xml_enc)
        o.m("</p>\n")
    o.never_in("          <pre>for for in deposits</pre>\n", "for for", "pre")
    o.m("        </body>\n      </html>\n    </inlineXML>\n  </contentSet>\n</newsItem>\n")
    text = o.text()
    for planted, what in (("for-for-astana", "URL"), ("the the city", "attribute")):
        i = text.index(planted)
        o.never.append({"file": o.name, "start": i, "end": i + len(planted), "text": planted, "what": what})
    return o


def main() -> None:
    corpora = HERE.parent
    plain = (corpora / STORY).read_text(encoding="utf-8")
    gold = [json.loads(line) for line in (corpora / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    gold = [g for g in gold if g["file"] == STORY]
    gold_out, never_out, maps = [], [], {}
    for make in (markdown, html, nitf, newsml):
        o = make(plain)
        text = o.text()
        (HERE / o.name).write_text(text, encoding="utf-8")
        for g in gold:
            s, e = o.where[g["start"]][0], o.where[g["end"] - 1][1]
            gold_out.append({**g, "file": o.name, "start": s, "end": e, "text": text[s:e]})
        never_out.extend(o.never)
        maps[o.name] = {"story": STORY, "where": [o.where.get(i) for i in range(len(plain))]}
    with (HERE / "gold.jsonl").open("w", encoding="utf-8") as f:
        for g in gold_out:
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
    with (HERE / "never.jsonl").open("w", encoding="utf-8") as f:
        for n in never_out:
            f.write(json.dumps(n, ensure_ascii=False) + "\n")
    (HERE / "map.json").write_text(json.dumps(maps) + "\n", encoding="utf-8")
    print(f"wrote {len(maps)} samples, {len(gold_out)} gold and {len(never_out)} never-flag spans to {HERE}")


if __name__ == "__main__":
    main()
