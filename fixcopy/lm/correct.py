"""The language model's repairs: at a place the LM detector flags, try the candidate edits of
``candidates`` and keep the one the LM prefers by a clear, frequency-normalised margin.

Only flagged places (and "X of Y" chains, see ``candidates.of_chains``) get candidates, and each
candidate is scored as its sentence, so the cost is a few short texts per place, not a pass per
candidate over the article.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..document import Document
from .candidates import REPAIR_KINDS, Candidate, Word, candidates, words_in


@dataclass(frozen=True, slots=True)
class Place:
    doc: int  # index of the document in the run
    start: int  # the flagged (or matched) span
    end: int
    kinds: tuple[str, ...] = REPAIR_KINDS


@dataclass(frozen=True, slots=True)
class Repair:
    candidate: Candidate
    gain: float  # nats: unigram-normalised log P(sentence with it) - log P(sentence without it)


# words of context scored on each side of a place: what lies further away in the sentence is the
# same in every candidate and hardly moves the comparison, but costs time in every one
CONTEXT_WORDS = 8
CONTEXT_CHARS = 120


def window(words: list[Word], sent_start: int, sent_end: int, first: int, last: int) -> tuple[int, int]:
    """The stretch of a sentence to score around its words ``first..last``: at most CONTEXT_WORDS
    words and CONTEXT_CHARS characters either side (a "word" of code or a URL can be long)."""
    a = sent_start if first - CONTEXT_WORDS <= 0 else words[first - CONTEXT_WORDS].start
    b = sent_end if last + CONTEXT_WORDS + 1 >= len(words) else words[last + CONTEXT_WORDS + 1].start
    lo, hi = words[first].start - CONTEXT_CHARS, words[last].end + CONTEXT_CHARS
    if a < lo:
        a = next((w.start for w in words[: first + 1] if w.start >= lo), words[first].start)
    if b > hi:
        b = next((w.end for w in reversed(words[last:]) if w.end <= hi), words[last].end)
    return a, b


def span_window(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The text to score for an edit of ``doc.text[start:end]``: its sentence (or line), at most
    CONTEXT_WORDS words either side of the edit, and always the whole edit."""
    sent = doc.sentence_at(start) or doc.line_span(start)
    a, b = min(sent.start, start), max(sent.end, end)
    words = words_in(doc.text, a, b)
    idx = [i for i, w in enumerate(words) if w.start < max(end, start + 1) and w.end > start]
    if not idx:
        return a, b
    wa, wb = window(words, a, b, idx[0], idx[-1])
    return min(wa, start), max(wb, end)


def positions(doc: Document, start: int, end: int) -> tuple[int, int, list, range] | None:
    """The stretch of text to score around ``doc.text[start:end]`` (see ``window``), the sentence's
    words, and the positions of the words to try repairs at: the flagged words and the one before
    them (a garble often shows in the word after it: "could afford to ignoring")."""
    sent = doc.sentence_at(start)
    if sent is None or sent.end < end:
        return None
    words = words_in(doc.text, sent.start, sent.end)
    idx = [i for i, w in enumerate(words) if w.start < end and w.end > start]
    if not idx:
        return None
    first, last = max(0, idx[0] - 1), idx[-1]
    a, b = window(words, sent.start, sent.end, first, last)
    return a, b, words, range(first, last + 1)


def best_repairs(
    logprob: Callable[[Sequence[str]], list[float]],
    unigram_logprob: Callable[[str], float],
    docs: Sequence[Document],
    places: Sequence[Place],
) -> list[Repair | None]:
    """For each place, the candidate repair with the highest gain (None when it has none). All
    candidates of the run are scored in one batch; a sentence is scored once however many places
    it holds."""
    jobs = []  # (place index, index of its sentence in texts, index of the candidate's text, candidate)
    sentence_index: dict[tuple[int, int, int], int] = {}
    texts: list[str] = []
    for n, pl in enumerate(places):
        doc = docs[pl.doc]
        p = positions(doc, pl.start, pl.end)
        if p is None:
            continue
        a, b, words, pos = p
        key = (pl.doc, a, b)
        if key not in sentence_index:
            sentence_index[key] = len(texts)
            texts.append(doc.text[a:b])
        for c in candidates(doc.text, words, pos, pl.kinds):
            if c.start < a or c.end > b:  # past the window (a long "word" capped it): not comparable
                continue
            jobs.append((n, sentence_index[key], len(texts), c))
            texts.append(doc.text[a : c.start] + c.replacement + doc.text[c.end : b])
    out: list[Repair | None] = [None] * len(places)
    if not jobs:
        return out
    scores = logprob(texts)
    for n, o, t, c in jobs:
        before = docs[places[n].doc].text[c.start : c.end]
        gain = (scores[t] - unigram_logprob(c.replacement)) - (scores[o] - unigram_logprob(before))
        if out[n] is None or gain > out[n].gain:
            out[n] = Repair(c, gain)
    return out
