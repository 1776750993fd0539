"""punctuation: space before punctuation, doubled punctuation, unbalanced or foreign quotes.

"prices , he said" -> "prices, he said"; "said,, adding" -> "said, adding";
"«We agree»" -> "“We agree”"; a quote opened and never closed is flagged.
"""

from __future__ import annotations

import re

from .base import suggestion

CATEGORY = "punctuation"

# A space before , ; : ? ! or a lone full stop (an ellipsis " ..." and ".5" are fine).
SPACE_BEFORE_RE = re.compile(r"(?<=[\w\"”’)])([ \t]+)([,;:?!]|\.(?![.\w]))(?=[\s\"”’)]|$)")
DOUBLED_RE = re.compile(r"(?<![.,;])(,,|;;|(?<!\.)\.\.(?!\.))(?![.,;])")
GUILLEMETS_RE = re.compile(r"«\s?([^«»\n]{1,400}?)\s?»")


def _quote_style(text: str) -> tuple[str, str]:
    return ("“", "”") if text.count("“") >= text.count('"') // 2 and "“" in text else ('"', '"')


def check(doc):
    text = doc.text
    for sent in doc.sentences:
        for m in SPACE_BEFORE_RE.finditer(text, sent.start, sent.end):
            mark = m.group(2)
            if mark == ":" and text[m.end() : m.end() + 1] != " ":
                continue
            yield suggestion(doc, m.start(1), m.end(2), mark, CATEGORY, f'no space before "{mark}"', 0.9)
        for m in DOUBLED_RE.finditer(text, sent.start, sent.end):
            yield suggestion(doc, m.start(), m.end(), m.group()[0], CATEGORY, f'"{m.group()}" is doubled', 0.9)
        for m in GUILLEMETS_RE.finditer(text, sent.start, sent.end):
            open_q, close_q = _quote_style(text)
            yield suggestion(doc, m.start(), m.end(), f"{open_q}{m.group(1)}{close_q}", CATEGORY,
                             "guillemets in English copy: use quotation marks", 0.8)
    yield from _unbalanced(doc)


def _unbalanced(doc):
    """A quotation opened in a paragraph and never closed is fine when the next paragraph
    opens with a quotation mark (a quote running over paragraphs); otherwise it is flagged.
    A closing curly quote with no opening one is flagged too."""
    text = doc.text
    paras = doc.paragraphs
    for i, p in enumerate(paras):
        body = text[p.start : p.end]
        nxt = text[paras[i + 1].start] if i + 1 < len(paras) else ""
        for q in doc.quotes:
            if not (p.start <= q.start < p.end) or q.end != p.end:
                continue
            opening = text[q.start]
            closing = {"“": "”", '"': '"', "«": "»"}[opening]
            if text[q.end - 1] == closing and q.end - q.start > 1:
                continue
            if nxt == opening:
                continue
            yield suggestion(doc, q.start, q.start + 1, None, CATEGORY,
                             "quotation opened here is never closed", 0.7)
        depth = 0
        for j, ch in enumerate(body):
            if ch == "“":
                depth += 1
            elif ch == "”":
                if depth == 0:
                    yield suggestion(doc, p.start + j, p.start + j + 1, None, CATEGORY,
                                     "closing quotation mark without an opening one", 0.7)
                else:
                    depth -= 1
