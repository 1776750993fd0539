"""The language model's repairs: at a place the LM detector flags, try the candidate edits of
``candidates`` and keep the one the LM prefers by a clear, frequency-normalised margin; a fix
above its kind's fix margin, a flag without a replacement between the flag and the fix margins
(``repair_suggestion``).

Only flagged places (and "X of Y" chains, see ``candidates.of_chains``) get candidates, and each
candidate is scored as its sentence, so the cost is a few short texts per place, not a pass per
candidate over the article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..document import Document, Span
from ..lexical import lemmas
from ..suggestion import Suggestion
from .candidates import FUNCTION_WORDS, REPAIR_KINDS, Candidate, Word, candidates, words_in
from .confusions import CONFUSIONS, MAN_RE
from .evidence import Word as ScoredWord
from .evidence import scores


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


def positions(doc: Document, start: int, end: int, back: bool = False) -> tuple[int, int, list, range] | None:
    """The stretch of text to score around ``doc.text[start:end]`` (see ``window``), the sentence's
    words, and the positions of the words to try repairs at: the flagged words and the one before
    them (a garble often shows in the word after it: "could afford to ignoring"). With ``back``,
    the stretch starts no later than the sentence before (``reach_back``)."""
    sent = doc.sentence_at(start)
    if sent is None or sent.end < end:
        return None
    words = words_in(doc.text, sent.start, sent.end)
    idx = [i for i, w in enumerate(words) if w.start < end and w.end > start]
    if not idx:
        return None
    first, last = max(0, idx[0] - 1), idx[-1]
    a, b = window(words, sent.start, sent.end, first, last)
    return (min(a, reach_back(doc, sent)) if back else a), b, words, range(first, last + 1)


# What a possessive refers to is often named before the 8 words of its window ("the horrors of the
# Pinochet dictatorship are not a mystery to anyone and that the whole world knows his victims"):
# the LM reads a possessive's alternatives with its sentence from the start and the sentence before
# it in its paragraph, where its owner usually is.
POSSESSIVES = frozenset({"his"})
BACK_CHARS = 600


def reach_back(doc: Document, sent: Span) -> int:
    """Where the sentence before ``sent`` in its prose region starts; where ``sent`` starts if it is
    the region's first."""
    region = next((p for p in doc.prose if p.start <= sent.start < p.end), None)
    if region is None:
        return sent.start
    a = max((s.start for s in doc.sentences if region.start <= s.start < sent.start), default=sent.start)
    if sent.start - a > BACK_CHARS:  # a run-on "sentence" (a table, a list): its last words, from a word's start
        space = doc.text.find(" ", sent.start - BACK_CHARS, sent.start)
        a = space + 1 if space >= 0 else sent.start
    return a


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
        back = pl.kinds == ("confusion",) and doc.text[pl.start : pl.end].lower() in POSSESSIVES
        p = positions(doc, pl.start, pl.end, back)
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


# Every "X of Y" chain (candidates.of_chains) gets its compound as a candidate, a fix when the LM
# prefers it by FIX_MARGINS nats (unigram-normalised). Calibrated with benchmarks/lm_repair_sweep.py
# on bt-dev and clean news (see candidates.REPAIR_KINDS for the kinds measured and left out): at 4
# nats, 29 right and 0 wrong on bt-dev, none on 119k words of Reuters/BBC dev, but 3 on 67k words of
# WMT news ("message of condolence", "chief inspector of constabulary"; gains 4.1-6.1); at 7, none.
# Over the whole clean news corpus (3.5M words, lm_repair_sweep.py --of-chains-news) 14 fixes at 7,
# 6 of them wrong ("press of business" -> "business press"); at 8, 6 fixes (3 wrong) but 3 of
# bt-dev's 17 right ones lost (docs/model-history.md, section 15).
FIX_MARGINS = {"literal-compound": 7.0}
# Between this and the fix margin, the place is flagged without a replacement (bt-dev: 11 more garbles
# found, none of its clean sentences flagged)
FLAG_MARGINS = {"literal-compound": 4.0}
# A function word machine translation puts for another ("his" for "its", confusions.CONFUSIONS),
# tried where the LM finds it at least CONFUSION_LOW nats improbable (its evidence, as for a flag).
# Calibrated with benchmarks/lm_pronoun_sweep.py: see README and docs/model-history.md, section 14.
FIX_MARGINS["confusion"] = 6.0
FLAG_MARGINS["confusion"] = 4.0
CONFUSION_LOW = 1.5
FLAG_CONFIDENCE = 0.6
REPAIR_CONFIDENCE = 0.85


# the GARBLES.md category and the message of each kind of repair
MESSAGES = {
    "literal-compound": ("literal-compound", '"{span}" reads as a compound rendered word for word (language model)'),
}


def repair_suggestion(doc: Document, rep: Repair) -> Suggestion | None:
    """The fix of a repair the LM prefers by its kind's fix margin; a flag without a replacement
    between the flag and the fix margins; None below."""
    c = rep.candidate
    span = doc.text[c.start : c.end]
    if rep.gain < FLAG_MARGINS.get(c.kind, FIX_MARGINS[c.kind]):
        return None
    if c.kind == "confusion":
        _, category, says = CONFUSIONS[span.lower()]
        message = f'"{span}" {says} (language model)'
    else:
        category, message = MESSAGES[c.kind]
        message = message.format(span=span)
    if rep.gain < FIX_MARGINS[c.kind]:
        return Suggestion(c.start, c.end, span, None, category, message, FLAG_CONFIDENCE, source="lm")
    return Suggestion(c.start, c.end, span, c.replacement, category, message, REPAIR_CONFIDENCE, source="lm")


def confusion_places(scored: Iterable[tuple[int, list[ScoredWord]]], docs: Sequence[Document]) -> list[Place]:
    """Every word of confusions.CONFUSIONS ("his", "any", ...) that the LM finds at least
    CONFUSION_LOW nats improbable: a place to try the words it may stand for."""
    out = []
    seen: set[int] = set()  # documents with a region before this one
    for k, words in scored:
        ev = scores(words)
        for i, w in enumerate(words):
            low = w.core.lower()
            if w.flaggable and low in CONFUSIONS and ev[i] >= CONFUSION_LOW:
                if low in POSSESSIVES and (
                    (k not in seen and not _owner_before(words, i)) or MAN_RE.search(docs[k].text, 0, w.start)
                ):
                    continue  # nothing it could refer to, or a man the LM may not see: nothing to judge
                out.append(Place(k, w.start, w.end, ("confusion",)))
        seen.add(k)
    return out


def _owner_before(words: Sequence[ScoredWord], i: int) -> bool:
    """Whether a word before ``words[i]`` may be what a possessive refers to: a name or a noun (the
    region's first word has the sentence's capital: a name there is a word lemminflect does not
    know). Not so in "According to his social insults, the minister ..." (MLQE-PE ne-en, one
    sentence alone: "his" -> "their")."""

    def owner(k: int) -> bool:
        low = words[k].core.lower()
        if low in FUNCTION_WORDS:
            return False
        ls = lemmas(low)
        return "NOUN" in ls or (words[k].core[:1].isupper() and (k > 0 or not ls))

    return any(owner(k) for k in range(i))
