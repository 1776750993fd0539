"""Sentences as tokens that the garbles edit in place, and back to text with the garbled spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|[^\w\s]|_")
_STRAIGHT_QUOTES_RE = re.compile(r'"([^"]*)"')


@dataclass
class Tok:
    text: str
    ws: str  # whitespace after
    cat: str | None = None


@dataclass
class Pair:
    garbled: str
    clean: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # in the garbled text

    @property
    def categories(self) -> list[str]:
        return sorted({c for _, _, c in self.spans})

    def to_dict(self) -> dict:
        return {"garbled": self.garbled, "clean": self.clean, "spans": self.spans, "categories": self.categories}


def tokenize(s: str) -> list[Tok]:
    out: list[Tok] = []
    ms = list(WORD_RE.finditer(s))
    for i, m in enumerate(ms):
        end = ms[i + 1].start() if i + 1 < len(ms) else len(s)
        out.append(Tok(m.group(), s[m.end() : end]))
    return out


def detok(toks: list[Tok]) -> tuple[str, list[tuple[int, int, str]]]:
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for t in toks:
        if t.cat:
            if spans and spans[-1][2] == t.cat and spans[-1][1] >= pos - 1:
                spans[-1] = (spans[-1][0], pos + len(t.text), t.cat)
            else:
                spans.append((pos, pos + len(t.text), t.cat))
        parts.append(t.text + t.ws)
        pos += len(t.text) + len(t.ws)
    return "".join(parts), spans


def is_word(t: Tok) -> bool:
    return t.text[:1].isalpha()


def lower_word(t: Tok) -> bool:
    return t.text[:1].islower() and t.text.isalpha()


def free(toks: list[Tok], *idx: int) -> bool:
    """All these positions exist and no garble has touched them yet."""
    return all(0 <= i < len(toks) and toks[i].cat is None for i in idx)


def typographic(s: str) -> str:
    """Curly quotes, apostrophes and dashes, as in modern wire copy (the corpus is mostly ASCII)."""
    s = _STRAIGHT_QUOTES_RE.sub(lambda m: "\u201c" + m.group(1) + "\u201d", s)
    if s.count('"') == 1:
        s = s.replace('"', "\u201d" if s.rstrip().endswith('"') or s.index('"') > len(s) // 2 else "\u201c")
    s = re.sub(r"(?<=\w)'(?=\w)|(?<=s)'(?=\s)", "\u2019", s)
    return s.replace(" - ", " \u2014 ").replace(" -- ", " \u2014 ")
