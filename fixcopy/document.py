"""The text of one article with its structure as exact character spans. No I/O.

A Document never changes its text: every span is a pair of Python string indices
into ``Document.text`` (the file's text as decoded, BOM removed, line endings kept).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str = ""

    def __contains__(self, offset: int) -> bool:
        return self.start <= offset < self.end

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end or (start == end and self.start <= start < self.end)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def lower(self) -> str:
        return self.text.lower()


# A word (letters, digits, inner apostrophes), or one non-space character.
TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]|_", re.UNICODE)

# "ASTANA, Kazakhstan (AP) — ", "WASHINGTON (Reuters) - ", "SALVADOR, Feb 26 - ".
DATELINE_RE = re.compile(
    r"[A-ZÀ-Þ][A-ZÀ-Þ.'’\- ]+[A-ZÀ-Þ.](?:,[ ][\w.'’\- ]+){0,2}(?:[ ]\([\w .&]+\))?[ ]?(?:—|–|--|-)[ ]?"
)
BYLINE_RE = re.compile(
    r"(?i:by)[ ]+[A-ZÀ-Þ][\w.'’\-]*(?:[ ,&]+(?:and[ ]+)?[A-ZÀ-Þ][\w.'’\-]*){0,8}(?:,[ ][^\n.]{0,60})?"
)
SOURCE_RE = re.compile(r"(?i:source|sources)[ ]*:")
TRAILER_RE = re.compile(r"\((?:Reporting|Writing|Editing|Additional reporting|Compiled)[^()\n]*\)\s*$", re.I)
SUPPRESS_RE = re.compile(r"(?:<!--[ \t]*)?fixcopy:[ ]?ignore(?:\[([\w\-, ]+)\])?(?:[ \t]*-->)?")
FENCE_RE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$", re.M | re.S)
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n.*?^---[ \t]*$", re.M | re.S)
BLANK_LINE_RE = re.compile(r"(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)(?:[ \t]*(?:\r?\n|\r))*")
LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")

# Abbreviations after whose full stop a sentence does not end.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen sen rep gov lt col capt sgt cmdr adm maj gens sens reps st ste mt ft
    jr sr no nos vs v etc inc corp co ltd bros dept univ assn est approx jan feb mar apr jun jul aug
    sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun ave blvd rd fig figs vol pp
    rev msgr hon pres supt det insp cpl pvt sgts cf al ca op ed eds""".split()
)

SENTENCE_END_RE = re.compile(r"[.!?]+[\"”’')\]]*(?=\s)")
SENTENCE_START_RE = re.compile(r"\s+[\"“‘'(\[]?[A-Z0-9À-Þ]")
QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»"}


@dataclass
class Document:
    text: str
    paragraphs: list[Span] = field(init=False)
    skipped: list[Span] = field(init=False)
    prose: list[Span] = field(init=False)
    sentences: list[Span] = field(init=False)
    quotes: list[Span] = field(init=False)
    suppressed: list[tuple[Span, frozenset[str] | None]] = field(init=False)

    def __post_init__(self) -> None:
        self._line_starts = [0] + [m.end() for m in LINE_BREAK_RE.finditer(self.text)]
        self.skipped = self._find_blocks_to_skip()
        self.paragraphs = self._find_paragraphs()
        self.skipped += self._find_non_prose_paragraph_parts()
        self.skipped.sort(key=lambda s: s.start)
        self.prose = self._find_prose()
        self.sentences = [s for p in self.prose for s in self._split_sentences(p)]
        self.quotes = [q for p in self.paragraphs for q in self._find_quotes(p)]
        self.suppressed = self._find_suppressed()

    @classmethod
    def from_structure(
        cls, text: str, paragraphs: list[Span], prose: list[Span], sentences: list[Span], quotes: list[Span] = ()
    ) -> Document:
        """A document whose structure was found elsewhere (a reader of Markdown, HTML or XML
        found it in the prose and mapped it onto ``text``, the file's own text). Its spans
        are used for reporting: line and column, a suggestion's sentence."""
        doc = cls.__new__(cls)
        doc.text = text
        doc._line_starts = [0] + [m.end() for m in LINE_BREAK_RE.finditer(text)]
        doc.paragraphs = list(paragraphs)
        doc.prose = list(prose)
        doc.sentences = list(sentences)
        doc.quotes = list(quotes)
        covered = sorted(prose, key=lambda s: s.start)
        doc.skipped = []
        pos = 0
        for p in covered:
            if p.start > pos:
                doc.skipped.append(Span(pos, p.start, "markup"))
            pos = max(pos, p.end)
        if pos < len(text):
            doc.skipped.append(Span(pos, len(text), "markup"))
        doc.suppressed = doc._find_suppressed()
        return doc

    # -- structure ---------------------------------------------------------
    def _find_blocks_to_skip(self) -> list[Span]:
        spans = [Span(m.start(), m.end(), "code") for m in FENCE_RE.finditer(self.text)]
        m = FRONT_MATTER_RE.match(self.text)
        if m:
            spans.append(Span(m.start(), m.end(), "front-matter"))
        # The suppression marker itself is not prose.
        spans += [Span(m.start(), m.end(), "marker") for m in SUPPRESS_RE.finditer(self.text)]
        return spans

    def _find_paragraphs(self) -> list[Span]:
        """Blocks separated by blank lines; a text without blank lines (one paragraph a
        line, as in JSON news dumps) has one paragraph a line."""
        sep = BLANK_LINE_RE if BLANK_LINE_RE.search(self.text) else LINE_BREAK_RE
        out: list[Span] = []
        pos = 0
        for m in [*sep.finditer(self.text), None]:
            end = m.start() if m else len(self.text)
            chunk = self.text[pos:end]
            stripped = chunk.strip()
            if stripped:
                lead = len(chunk) - len(chunk.lstrip())
                s = pos + lead
                span = Span(s, s + len(stripped), "paragraph")
                if not any(k.start <= span.start < k.end and k.kind != "marker" for k in self.skipped):
                    out.append(span)
            pos = m.end() if m else end
        return out

    def _find_non_prose_paragraph_parts(self) -> list[Span]:
        out: list[Span] = []
        last = len(self.paragraphs) - 1
        for i, p in enumerate(self.paragraphs):
            body = self.text[p.start : p.end]
            if len(body) <= 100 and "\n" not in body and BYLINE_RE.fullmatch(body):
                out.append(Span(p.start, p.end, "byline"))
            elif SOURCE_RE.match(body) and i >= last - 1:
                out.append(Span(p.start, p.end, "source"))
            elif TRAILER_RE.fullmatch(body):
                out.append(Span(p.start, p.end, "trailer"))
            else:
                m = DATELINE_RE.match(body)
                if m and i <= 3:
                    out.append(Span(p.start, p.start + m.end(), "dateline"))
        return out

    def _find_prose(self) -> list[Span]:
        out: list[Span] = []
        for p in self.paragraphs:
            start = p.start
            for k in self.skipped:
                if k.end <= start or k.start >= p.end:
                    continue
                if k.start > start:
                    out.append(Span(start, k.start, "prose"))
                start = max(start, k.end)
            if start < p.end and self.text[start : p.end].strip():
                out.append(Span(start, p.end, "prose"))
        return out

    def _split_sentences(self, region: Span) -> list[Span]:
        text = self.text
        out: list[Span] = []
        start = region.start
        for m in SENTENCE_END_RE.finditer(text, region.start, region.end):
            nxt = SENTENCE_START_RE.match(text, m.end(), region.end)
            if not nxt:
                continue
            if text[m.start()] == "." and m.group().rstrip("\"”’')]") == ".":
                word = re.search(r"([^\W\d_][\w.]*)$", text[max(start, m.start() - 30) : m.start()])
                if word:
                    w = word.group(1)
                    if w.lower() in ABBREVIATIONS or len(w) == 1 or "." in w:
                        continue
            out.append(Span(start, m.end(), "sentence"))
            start = nxt.end() - 1
        if start < region.end:
            out.append(Span(start, region.end, "sentence"))
        return out

    def _find_quotes(self, p: Span) -> list[Span]:
        """Direct quotations in a paragraph. An opening mark without a closing one runs
        to the paragraph's end (the wire convention for quotes over several paragraphs)."""
        text = self.text
        out: list[Span] = []
        i = p.start
        while i < p.end:
            ch = text[i]
            if ch in QUOTE_PAIRS:
                close = QUOTE_PAIRS[ch]
                j = text.find(close, i + 1, p.end)
                end = p.end if j < 0 else j + 1
                out.append(Span(i, end, "quote"))
                i = end
            else:
                i += 1
        return out

    def _find_suppressed(self) -> list[tuple[Span, frozenset[str] | None]]:
        out = []
        for m in SUPPRESS_RE.finditer(self.text):
            line = self.line_span(m.start())
            cats = frozenset(c.strip() for c in m.group(1).split(",") if c.strip()) if m.group(1) else None
            out.append((line, cats))
        return out

    # -- lookups -----------------------------------------------------------
    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a string index."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def line_span(self, offset: int) -> Span:
        line = bisect.bisect_right(self._line_starts, offset) - 1
        start = self._line_starts[line]
        nxt = self._line_starts[line + 1] if line + 1 < len(self._line_starts) else len(self.text)
        end = nxt
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return Span(start, end, "line")

    def tokens(self, span: Span) -> list[Token]:
        return [Token(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(self.text, span.start, span.end)]

    def sentence_at(self, offset: int) -> Span | None:
        """The sentence (of ``sentences``) that holds this offset, if any (a binary search: the
        language model asks this for every word of a run)."""
        key = (id(self.sentences), len(self.sentences))
        index = self.__dict__.get("_sentence_index")
        if index is None or index[0] != key:
            ordered = sorted(self.sentences, key=lambda s: s.start)
            index = (key, [s.start for s in ordered], ordered)
            self.__dict__["_sentence_index"] = index
        i = bisect.bisect_right(index[1], offset) - 1
        return index[2][i] if i >= 0 and offset < index[2][i].end else None

    def is_prose(self, start: int, end: int) -> bool:
        return any(p.start <= start and end <= p.end for p in self.prose)

    def is_suppressed(self, start: int, end: int, category: str) -> bool:
        for span, cats in self.suppressed:
            if span.overlaps(start, end) and (cats is None or category in cats):
                return True
        return False

    @cached_property
    def word_count(self) -> int:
        return sum(1 for s in self.prose for t in self.tokens(s) if t.is_word)
