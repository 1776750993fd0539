"""punctuation: space before punctuation, doubled punctuation, unbalanced or foreign quotes.

"prices , he said" -> "prices, he said"; "said,, adding" -> "said, adding"; "U. S." -> "U.S.";
"Iran ’ s" -> "Iran’s"; "leave.Ningxia" -> "leave. Ningxia"; "«We agree»" and "„We agree“" ->
"“We agree”"; a detokeniser's space inside quotation marks ('"we will win. "', '“ Demio ”') is
closed up; a quote opened and never closed is flagged, and closed where its attribution follows
inside it ('"It is a sad day, Dijkstra said' -> '"It is a sad day," Dijkstra said').
"""

from __future__ import annotations

import re

from .base import suggestion

CATEGORY = "punctuation"

# A space before , ; : ? ! or a lone full stop (an ellipsis " ..." and ".5" are fine).
SPACE_BEFORE_RE = re.compile(r"(?<=[\w\"”’)])([ \t]+)([,;:?!]|\.(?![.\w]|[ ]\.))(?=[\s\"”’)]|$)")
DOUBLED_RE = re.compile(r"(?<![.,;])(,,|;;|(?<!\.)\.\.(?!\.))(?![.,;])")
# "U. S." for "U.S.": an MT system's detokeniser split the abbreviation (one MQM zh-en system, 39
# times; once in 3.6M words of clean news, an error there too). Not "U. S. Grant", a name's initials.
SPACED_ABBREVIATION_RE = re.compile(r"(?<![\w.])U\. ([SKN])\.(?=[\s,;:)\"”’]|$)(?![ ]Grant\b)")
# "Iran ’ s", "Iran’ s": the possessive split by a detokeniser (two MQM zh-en outputs, 39 times;
# never in 3.6M words of clean news)
SPACED_POSSESSIVE_RE = re.compile(r"(?<=[A-Za-z])(?:[ ]([’'])[ ]?|([’'])[ ])s\b(?=[\s,.;:!?“”\"]|$)")
# "take leave.Ningxia is": two sentences run together (MT output; ten times in 3.6M words of clean
# news, all errors of the source). Not "e.g.The" (one letter) nor "Amazon.com" (no capital after).
JOINED_SENTENCES_RE = re.compile(r"\b[a-z]{2,}([.!?])(?=[A-Z][a-z]{2,}\b)")
GUILLEMETS_RE = re.compile(r"«\s?([^«»\n]{1,400}?)\s?»|„\s?([^„“”\n]{1,400}?)\s?[“”]")
_NAME = r"[A-ZÀ-Þ][^\W\d_]+(?:['’\-][A-ZÀ-Þ]?[^\W\d_]+)*"
# the quote's punctuation, then its attribution: "..., Dijkstra said", "..., prosecutor Ana Ruiz told",
# "..., he said" (not "I said", "he said to me": the speaker's own words may report speech; not
# "Milburn said:", which opens the next quote: the lost mark may be further back)
ATTRIBUTION_RE = re.compile(
    rf"(?P<p>[,?!])[ ](?=(?:(?:[a-z]+[ ]){{0,2}}{_NAME}(?:[ ]{_NAME}){{0,2}}|he|she|they)[ ]"
    r"(?:said|says|told|added|asked)\b(?![ ]to[ ](?:me|us)\b|[ ](?:me|us)\b|:))"
)


def _ellipsis_or_leader(doc, start: int, end: int) -> bool:
    """Two full stops that are not a doubled one: a short ellipsis ("individuals .. Must",
    "cyclical..But", "Apple.. a triumph") or the dot leaders of a table ("MAX TEMP..MIN TEMP",
    "7.50.. Wells Fargo....7.30")."""
    text = doc.text
    before, after = text[start - 1 : start], text[end : end + 2]
    if before.isspace() or after[:1].isalnum() or (after[:1] == " " and after[1:2].islower()):
        return True
    line = doc.line_span(start)
    return text.count("..", line.start, line.end) >= 2


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
            if m.group() == ".." and _ellipsis_or_leader(doc, m.start(), m.end()):
                continue
            yield suggestion(doc, m.start(), m.end(), m.group()[0], CATEGORY, f'"{m.group()}" is doubled', 0.9)
    for p in doc.prose:  # a quotation may hold several sentences
        for m in SPACED_ABBREVIATION_RE.finditer(text, p.start, p.end):
            fixed = f"U.{m.group(1)}."
            yield suggestion(doc, m.start(), m.end(), fixed, CATEGORY, f'"{fixed}" is one abbreviation', 0.85)
        for m in JOINED_SENTENCES_RE.finditer(text, p.start, p.end):
            mark = m.group(1)
            yield suggestion(doc, m.start(1), m.end(1), mark + " ", CATEGORY, f'a space after "{mark}"', 0.8)
        for m in SPACED_POSSESSIVE_RE.finditer(text, p.start, p.end):
            fixed = (m.group(1) or m.group(2)) + "s"
            yield suggestion(doc, m.start(), m.end(), fixed, CATEGORY, f'"{fixed}" takes no space', 0.85)
        for m in GUILLEMETS_RE.finditer(text, p.start, p.end):
            open_q, close_q = _quote_style(text)
            if text[m.start() - 1 : m.start()].isalnum():
                open_q = " " + open_q  # 'SA„ Falutex ”' -> 'SA “Falutex”'
            yield suggestion(
                doc,
                m.start(),
                m.end(),
                f"{open_q}{m.group(1) or m.group(2)}{close_q}",
                CATEGORY,
                f"{'guillemets' if m.group(1) else 'low quotation marks („)'} in English copy: use quotation marks",
                0.8,
            )
    yield from _unbalanced(doc)


# what an opening quotation mark may follow besides a space: a bracket or a dash
OPENS_AFTER = "([{—–-"


def _quote_marks(body: str):
    """(index, is_opening, kind) for each double quotation mark in a paragraph. A straight
    quote opens when it follows a space, a bracket or the paragraph start and precedes a
    non-space; it closes when it follows a non-space and precedes a space or punctuation.
    One with a space on both sides (or a space before and punctuation after) is neither:
    is_opening is None, and whether a quotation is open decides."""
    low_open = False  # „…“, German style: that “ closes („ is fixed apart, with the guillemets)
    for j, ch in enumerate(body):
        if ch == "„":
            low_open = True
        elif ch in "“”" and low_open:
            low_open = False
        elif ch in "“”":
            yield j, ch == "“", "curly"
        elif ch == '"':
            before = body[j - 1] if j else " "
            after = body[j + 1] if j + 1 < len(body) else " "
            if (before.isspace() or before in OPENS_AFTER) and not after.isspace():
                following = body[j + 2 : j + 3]
                if after in ",;:!?" or (after == "." and not (following == "." or following.isdigit())):
                    yield j, None, "straight"
                else:
                    yield j, True, "straight"
            elif not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-"):
                yield j, False, "straight"
            elif j and before.isspace():
                yield j, None, "straight"


def _spaced_close(doc, at: int):
    """A closing mark at `at` with a space before it ('no one will surpass us. "',
    '“enriched uranium ”.'): the space of a detokeniser that did not know the mark closed."""
    text = doc.text
    start = at
    while start and text[start - 1] in " \t":
        start -= 1
    after = text[at + 1 : at + 2]
    if (
        start == at
        or not start
        or text[start - 1] == "\n"
        or not (after == "" or after.isspace() or after in ".,;:!?)")
    ):
        return None
    mark = text[at]
    return suggestion(doc, start, at + 1, mark, CATEGORY, f"no space before the closing {mark}", 0.8)


CLOSING_STRAIGHT_RE = re.compile(r'(?<=\S)"(?=[\s.,;:!?)]|$)')


def _spaced_open(doc, at: int, end: int):
    """An opening mark with a space after it, closed later in the paragraph: '“ external stem
    cell”' -> '“external stem cell”', 'the field of“ external' -> 'the field of “external', 'could
    be " very important" to' -> '"very important"'. Not where „ opens (German style: '„Puck“
    Puckerman', where “ closes)."""
    text = doc.text
    stop = at + 1
    while stop < end and text[stop] in " \t":
        stop += 1
    if stop == at + 1 or stop == end or not text[stop].isalnum():
        return
    if text[at] == '"':
        if not CLOSING_STRAIGHT_RE.search(text, stop, end):
            return
    elif "”" not in text[stop:end] or "„" in text[doc.line_span(at).start : end]:
        return
    before = text[at - 1 : at]
    mark = text[at]
    fixed = mark if not before or before.isspace() or before in OPENS_AFTER else " " + mark
    yield suggestion(doc, at, stop, fixed, CATEGORY, f"no space after the opening {mark}", 0.8)


def _spacing(doc, at: int, end: int, opening: bool | None, open_at: int | None, para_start: int):
    """The fixes for a stray space inside the quotation marks at ``text[at]``, and what the mark
    turns out to be. A spaced straight mark (``opening`` None) closes a quotation opened in its
    paragraph; it opens one where a later mark in the paragraph closes it; otherwise it closes a
    quotation still open from an earlier paragraph ('no one will surpass us. "' at the end of a
    quote that runs over lines), or stays unknown (None)."""
    text = doc.text
    if opening or (opening is None and (open_at is None or open_at < para_start)):
        opened = list(_spaced_open(doc, at, end))
        if opening or opened or open_at is None:
            return opened, True if opening or opened else None
    if open_at is not None and text[at - 1 : at].isspace():
        closed = _spaced_close(doc, at)
        return ([closed] if closed else []), False
    return [], opening


def _unbalanced(doc):
    """Quotation marks followed through the whole text (corpora and wire copy split one
    quote over several paragraphs or lines). Flagged: a closing mark when no quotation is
    open, and a quotation still open at the end of the text. A new opening mark inside an
    open quotation is the wire convention of re-opening a quote at each paragraph."""
    text = doc.text
    open_at: dict[str, int | None] = {"curly": None, "straight": None}

    def lost_close(kind: str, start: int, end: int):
        # a quotation still open where the paragraph ends or a new one opens, with its attribution
        # inside it: the closing mark was lost ('"This is a sad day, Dijkstra said in a statement')
        m = ATTRIBUTION_RE.search(text, start, end)
        if m:
            close = "”" if kind == "curly" else '"'
            yield suggestion(
                doc,
                m.start("p"),
                m.end("p"),
                m.group("p") + close,
                CATEGORY,
                "the quotation is not closed before its attribution",
                0.8,
            )

    for p in doc.paragraphs:
        body = text[p.start : p.end]
        for j, opening, kind in _quote_marks(body):
            at = open_at[kind]
            spaced, opening = _spacing(doc, p.start + j, p.end, opening, at, p.start)
            yield from spaced
            if opening is None:
                continue
            if opening:
                if at is not None and at >= p.start:
                    yield from lost_close(kind, at + 1, p.start + j)
                open_at[kind] = p.start + j
            elif at is None:
                yield suggestion(
                    doc,
                    p.start + j,
                    p.start + j + 1,
                    None,
                    CATEGORY,
                    "closing quotation mark without an opening one",
                    0.6,
                )
            else:
                open_at[kind] = None
        for kind, at in open_at.items():
            if at is not None and at >= p.start:
                found = list(lost_close(kind, at + 1, p.end))
                if found:
                    yield from found
                    open_at[kind] = None
    for at in open_at.values():
        if at is not None:
            yield suggestion(doc, at, at + 1, None, CATEGORY, "quotation opened here is never closed", 0.6)
