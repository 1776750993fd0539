"""The model detector's flags: garbled pieces -> flagged spans of a sentence (whole words, at most
MAX_SPAN_WORDS each, checked against the category definitions), and the fixes that are certain
(a doubled word, an article before a proper noun). Pure: numpy arrays in, Flags out."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

# A flag is a span, at any threshold: at most this many words (longer runs of flagged pieces
# are cut into several flags), ...
MAX_SPAN_WORDS = 10
# ... cut where the garbled probability of a word is this many times lower (or higher) than the
# peak of the flag so far (at the default threshold every flagged piece is >= 0.94: no cut) ...
SPLIT_RATIO = 4.0
# ... and no piece below this garbled probability is ever flagged (confidence ~0.03: below it
# every piece of every sentence would be a flag, `--min-confidence 0` one flag a sentence).
MIN_FLAG_PROB = 0.05
# Abbreviations whose full stops are never stray (the training corpus has few of them).
ABBREV_RE = re.compile(r"\b(?:[ap]\.m|[ap]\.m\.|vs|Mr|Mrs|Ms|Dr|St|No|U\.S|U\.K|Jr|Sr|Inc|Corp|Co|Ltd|[A-Z])\.\s*$")


@dataclass
class Flag:
    """A flagged span of one sentence (offsets relative to the sentence)."""

    start: int
    end: int
    category: str
    prob: float
    replacement: str | None = None


# Categories whose model flags never carry a replacement, neither a deletion nor the
# rewriter's. On clean edited news (benchmarks/rules_report.py --model: 300 BBC + WMT
# articles) the model's spurious-word deletions were wrong ("the more the merrier", "half of
# it from", "perfect for it", "is so strong that"): the words it learned to see as inserted
# are also everyday English. A flag asks an editor to look; a deletion would rewrite the
# sentence, and `fix` would apply it.
FLAG_ONLY = frozenset({"spurious-words"})

# Flags the rewriter is not asked about: FLAG_ONLY, and a "doubled word" that does not stand
# twice (with_fix already deleted the ones that do; deleting a single word on the model's word
# removed good English on MLQE-PE dev: "legislated for in March" -> "legislated for March").
NOT_REWRITTEN = FLAG_ONLY | {"duplicated-word"}

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _doubled(text: str, f: Flag) -> bool:
    """The flagged span is one word that stands twice in a row (the deletion is then certain)."""
    flagged = text[f.start : f.end].strip()
    if not _WORD_RE.fullmatch(flagged):
        return False
    before = _WORD_RE.findall(text[max(0, f.start - 40) : f.start])
    after = _WORD_RE.findall(text[f.end : f.end + 40])
    word = flagged.lower()
    return bool(
        before
        and before[-1].lower() == word
        and text[f.start - 1 : f.start].isspace()
        or after
        and after[0].lower() == word
        and text[f.end : f.end + 1].isspace()
    )


def with_fix(text: str, f: Flag) -> Flag:
    """A doubled word (the second of the two) and an article before a proper noun are fixed by
    deleting them with the space before them; other flags stay flags."""
    flagged = text[f.start : f.end]
    deletable = f.category == "duplicated-word" and _doubled(text, f)
    if f.category == "article" and flagged.lower() in ("the", "a", "an"):
        rest = text[f.end :].lstrip()
        deletable = bool(rest[:1].isupper())
    if not deletable or f.start == 0 or not text[f.start - 1].isspace():
        return f
    return Flag(f.start - 1, f.end, f.category, f.prob, "")


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c in "'’-"


def flags_from_probs(
    text: str, probs: np.ndarray, spans: list[tuple[int, int]], thr: float, labels: list[str]
) -> list[Flag]:
    """The flags of one text: runs of pieces whose garbled probability (1 - P(clean)) reaches
    ``thr``, cut into spans, widened to whole words; ``labels`` name the columns of ``probs``."""
    garbled = 1.0 - probs[:, 0] if len(probs) else np.zeros(0)
    thr = max(thr, MIN_FLAG_PROB)
    found: list[Flag] = []
    cur: list[int] = []
    for k in range(len(spans) + 1):
        if k < len(spans) and garbled[k] >= thr and text[spans[k][0] : spans[k][1]].strip():
            cur.append(k)
            continue
        if cur:
            found.extend(
                _flag(text, spans, probs, garbled, seg, labels) for seg in _segments(text, spans, garbled, cur)
            )
            cur = []
    return [with_fix(text, _with_comma(text, f)) for f in _merge_flags(found) if _plausible(text, f)]


def _flag(text, spans, probs, garbled, ks, labels: list[str]) -> Flag:
    """The flag of one span of pieces: trimmed, widened to whole words, of its likeliest category."""
    a, b = spans[ks[0]][0], spans[ks[-1]][1]
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    # widen to whole words
    while a > 0 and _is_word_char(text[a - 1]) and _is_word_char(text[a]):
        a -= 1
    while b < len(text) and _is_word_char(text[b]) and _is_word_char(text[b - 1]):
        b += 1
    cat_scores = probs[ks, 1:].sum(axis=0)
    category = labels[1 + int(cat_scores.argmax())]
    return Flag(a, b, category, float(garbled[ks].max()))


def _segments(text: str, spans: list[tuple[int, int]], garbled: np.ndarray, run: list[int]) -> list[list[int]]:
    """A run of flagged pieces cut into spans: at most MAX_SPAN_WORDS words each, cut at a word
    whose probability is SPLIT_RATIO times lower or higher than the peak of the span so far.
    Cuts fall only where a word starts (a piece that begins with a space), so the flags, widened
    to whole words, never overlap."""
    words: list[list[int]] = []
    for k in run:
        a = spans[k][0]
        if not words or (a < len(text) and text[a].isspace()):
            words.append([k])
        else:
            words[-1].append(k)
    out: list[list[int]] = []
    peak = 0.0
    n = 0
    for w in words:
        p = float(garbled[w].max())
        if out and n < MAX_SPAN_WORDS and peak <= p * SPLIT_RATIO and p <= peak * SPLIT_RATIO:
            out[-1].extend(w)
            peak = max(peak, p)
            n += 1
        else:
            out.append(list(w))
            peak, n = p, 1
    return out


def _plausible(text: str, f: Flag) -> bool:
    """Structural checks on a flag, from the category definitions (GARBLES.md): a stray
    sentence break is inside a clause, so never the sentence's final punctuation, and never
    the full stop of an abbreviation such as "a.m." or "vs."."""
    if f.category != "stray-punctuation":
        return True
    flagged = text[f.start : f.end]
    if f.end >= len(text.rstrip().rstrip("\"”’')]")) and not any(c.isalnum() for c in flagged):
        return False
    around = text[max(0, f.start - 12) : f.end]
    if (
        ABBREV_RE.search(text[max(0, f.start - 12) : f.start])
        or ABBREV_RE.search(around)
        or re.search(r"\b[ap]\.m?$", text[max(0, f.start - 4) : f.start + 1])
    ):
        return False
    return True


def _with_comma(text: str, f: Flag) -> Flag:
    """A split attribution ("..., she said.") starts at its comma: the model tags the words, but
    the garble (and what the rewriter should delete) is ", she said"."""
    if f.category != "split-attribution":
        return f
    j = f.start
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j > 0 and text[j - 1] == ",":
        return Flag(j - 1, f.end, f.category, f.prob, f.replacement)
    return f


def _merge_flags(flags: list[Flag]) -> list[Flag]:
    out: list[Flag] = []
    for f in flags:
        if out and f.start <= out[-1].end:
            prev = out[-1]
            keep = prev if prev.prob >= f.prob else f
            out[-1] = Flag(prev.start, max(prev.end, f.end), keep.category, max(prev.prob, f.prob))
        else:
            out.append(f)
    return out
