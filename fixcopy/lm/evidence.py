"""The evidence the language model gives about each word: its *excess surprisal*, how much less
probable the LM finds it here than its unigram frequency would make it anywhere (SLOR, Lau et al.
2017, in nats), plus the excess of the word after it; and the words left untranslated. Pure: it
works on scores the judge has computed.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from ..document import Document
from .unknown import repeated, untranslated

LN10 = math.log(10)
WORD_RE = re.compile(r"\S+")
CORE_RE = re.compile(r"^[^\w]+|[^\w]+$")
LEAD_RE = re.compile(r"^[^\w]+")
ARTICLES = frozenset({"a", "an", "the"})
PREPOSITIONS = frozenset(
    "about above across after against along among around at before behind below beside between beyond by "
    "despite during for from in inside into near of off on onto out outside over past since through "
    "throughout to toward towards under until upon via with within without".split()
)


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of a lower-case word (log10 of occurrences per billion words); 0 for
    a word English does not have. A hyphenated compound counts as its parts in a row (the product of
    their frequencies): the LM must predict every part, and compounds are coined freely in news."""
    from .unigram import zipf_frequency

    zs = [zipf_frequency(p) for p in re.split(r"[-'’]", word) if p]
    if not zs or min(zs) == 0.0:
        return 0.0
    return zs[0] if len(zs) == 1 else 9.0 - sum(9.0 - z for z in zs)  # may go below 0


def name_like(core: str) -> bool:
    """Names, numbers, codes, handles: words whose probability says nothing about the copy."""
    if not core or not core.isascii():
        return True
    if any(c.isupper() or c.isdigit() for c in core):
        return True
    return not core.replace("-", "").replace("'", "").isalpha()


@dataclass
class Word:
    start: int  # the word's core (no surrounding punctuation), in document offsets
    end: int
    core: str
    sentence: int
    logprob: float  # sum of the log-probs of its letter-bearing tokens
    excess: float = 0.0
    flaggable: bool = False


def unigram_surprisal(core: str) -> float:
    """-log P_unigram(word) in nats; Zipf = log10(occurrences per billion words)."""
    return LN10 * (9.0 - zipf(core.lower()))


def excess_surprisal(logprob: float, core: str) -> float:
    """-log P(word | context) - (-log P_unigram(word)), in nats."""
    return -logprob - unigram_surprisal(core)


def words_of(doc: Document, region_start: int, scored) -> list[Word]:
    """The words of one scored prose region (``scored.text == doc.text[region_start:...]``), with the
    log-probability of each (tokens are assigned to the word holding their first non-space character)."""
    text = scored.text
    words: list[Word] = []
    bounds = []
    for m in WORD_RE.finditer(text):
        raw = m.group()
        lead = len(raw) - len(LEAD_RE.sub("", raw))
        core = CORE_RE.sub("", raw)
        if lead and raw[lead - 1] in "@#":  # a handle or a hashtag is a name: keep its sign (name_like)
            lead -= 1
            core = raw[lead] + core
        bounds.append((m.start(), m.end()))
        s = region_start + m.start() + lead
        words.append(Word(s, s + len(core), core, -1, 0.0))
    starts = [b[0] for b in bounds]
    for tok in scored.tokens:
        a = tok.start
        while a < tok.end and text[a].isspace():
            a += 1
        if a >= tok.end:
            continue
        k = bisect.bisect_right(starts, a) - 1
        if k < 0 or a >= bounds[k][1]:
            continue
        if any(ch.isalpha() for ch in text[a : tok.end]):
            words[k].logprob += tok.logprob
    prev: Word | None = None
    for w in words:
        sent = doc.sentence_at(w.start) if w.end > w.start else None
        w.sentence = sent.start if sent is not None else -1
        # A word right after a name is hard to predict whatever it is ("Yeutter the powers", "KENRO
        # revenues"): the LM has no idea what the name is, so its surprisal says nothing there.
        after_name = prev is not None and prev.sentence == w.sentence and bool(prev.core) and name_like(prev.core)
        w.flaggable = (
            bool(w.core) and w.sentence >= 0 and not name_like(w.core) and not after_name and not elided_after(prev, w)
        )
        if w.flaggable:
            w.excess = excess_surprisal(w.logprob, w.core)
        prev = w
    return words


POSSESSIVE = ("'s", "’s")
LINKS = PREPOSITIONS | {"and", "or", "but", "nor", "than", "as"}


def elided_after(prev: Word | None, w: Word) -> bool:
    """A preposition or conjunction right after a possessive whose noun English leaves out ("rules
    with the bloc's in exchange", "Britain's and France's"): the LM expects the noun there and is
    surprised by a word that is right. Never part of a bt-dev garble (2 such places, both clean); one
    was the only LM flag at 7 nats on the bundled clean stories. Likewise "and"/"or" right after a
    preposition, which shares its object with the next one ("at or above the county level", "on or
    before Friday"): flagged 8 times in 527k words of MQM zh-en MT, never on a rated error; bt-dev
    has 2 such places, both in clean sentences."""
    if prev is None or prev.sentence != w.sentence:
        return False
    low = w.core.lower()
    return (prev.core.lower().endswith(POSSESSIVE) and low in LINKS) or (
        low in ("and", "or") and prev.core.lower() in PREPOSITIONS
    )


@dataclass
class Evidence:
    start: int
    end: int
    score: float
    unknown: bool  # a lower-case word English does not have (left untranslated?)
    word: str
    sentence: int = -1
    first: int = 0  # the indices of its first and last word in the region's words
    last: int = 0


# A flag is a span of at most this many words, at any threshold (--min-confidence 0 included).
MAX_SPAN_WORDS = 6


def next_excess(words: list[Word], i: int) -> float:
    """The excess surprisal of the word after ``words[i]`` in its sentence (0 when there is none or
    it is not scored)."""
    nxt = words[i + 1] if i + 1 < len(words) else None
    return nxt.excess if nxt is not None and nxt.flaggable and nxt.sentence == words[i].sentence else 0.0


def word_score(words: list[Word], i: int) -> float:
    """The LM's evidence on ``words[i]``: its excess surprisal plus the next word's when positive;
    0 for a word that is not scored (names, numbers, the word after a name)."""
    w = words[i]
    return w.excess + max(0.0, next_excess(words, i)) if w.flaggable else 0.0


# Two words of one sentence that are both improbable for what they are (PAIR_FLOOR nats each or more)
# and share no word's surprisal (neither is the other's neighbour: a word's score holds the next
# word's excess) back each other: the weaker gets PAIR_BONUS nats. A garbled sentence rarely has one
# bad word, and correct copy rarely has two. On the LM's words alone (benchmarks/lm_pairs_sweep.py),
# a threshold of 7.5 nats with pairs (4.5 + 3) finds two fifths more bt-dev garbles than a threshold
# of 7 without them (0.083 -> 0.115 of its regions) with no more flags on clean news (Reuters/BBC
# dev 0.52 -> 0.44, WMT 0.43 -> 0.43 LM flags per 1,000 words); on the Reuters/BBC train split,
# where nothing was set, 0.39 -> 0.48 (docs/model-history.md, section 12, reads them).
PAIR_FLOOR = 4.5
PAIR_BONUS = 3.0


def scores(words: list[Word], bonus: float = PAIR_BONUS, floor: float = PAIR_FLOOR) -> list[float]:
    """The LM's evidence on each word: its own (``word_score``), raised to the weaker of a pair plus
    ``bonus`` where another word of its sentence, not its neighbour, also has ``floor`` nats (the
    parameters for benchmarks/lm_pairs_sweep.py)."""
    out = [word_score(words, i) for i in range(len(words))]
    by_sentence: dict[int, list[int]] = {}
    for i, w in enumerate(words):
        if w.flaggable and out[i] >= floor:
            by_sentence.setdefault(w.sentence, []).append(i)
    for idx in by_sentence.values():
        if len(idx) < 2:
            continue
        own = {i: out[i] for i in idx}
        for i in idx:
            other = max((own[j] for j in idx if abs(j - i) > 1), default=None)
            if other is not None:
                out[i] = max(own[i], min(own[i], other) + bonus)
    return out


def evidence(words: list[Word], low: float) -> list[Evidence]:
    """Words whose evidence (``scores``) reaches ``low``; adjacent ones in the same sentence merged,
    up to MAX_SPAN_WORDS words a flag."""
    out: list[Evidence] = []
    evidence_of = scores(words)
    for i, w in enumerate(words):
        if not w.flaggable:
            continue
        score = evidence_of[i]
        if score < low:
            continue
        widen = next_excess(words, i) > w.excess  # the evidence lies mostly in the next word
        unknown = zipf(w.core.lower()) == 0.0 and w.core.isalpha()
        last = i + 1 if widen else i
        ev = Evidence(w.start, words[last].end, score, unknown, w.core, w.sentence, i, last)
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.end >= ev.start - 2
            and prev.sentence == ev.sentence
            and max(prev.last, ev.last) - prev.first < MAX_SPAN_WORDS
        ):
            out[-1] = Evidence(
                prev.start,
                max(prev.end, ev.end),
                max(prev.score, ev.score),
                prev.unknown or ev.unknown,
                prev.word,
                prev.sentence,
                prev.first,
                max(prev.last, ev.last),
            )
        else:
            out.append(ev)
    return out


def unigram_logprob(text: str) -> float:
    """Sum of the unigram log-probabilities (nats) of the words of a text (wordfreq; unknown = Zipf 0)."""
    return -sum(unigram_surprisal(c) for c in (CORE_RE.sub("", w) for w in text.split()) if c)


def with_untranslated(text: str, words: list[Word], found: list[Evidence], score: float) -> list[Evidence]:
    """``found`` with every word left untranslated (``unknown.untranslated``, used once in the
    document) scored at least ``score``: the LM's surprisal cannot show those, because a word
    English does not have is improbable everywhere and its excess is small."""
    out = list(found)
    for i, w in enumerate(words):
        if w.sentence < 0 or not untranslated(w.core) or repeated(w.core, text):
            continue
        hit = next((e for e in out if e.start <= w.start and w.end <= e.end), None)
        if hit is not None:
            hit.score, hit.unknown, hit.word = max(hit.score, score), True, w.core
        else:
            out.append(Evidence(w.start, w.end, score, True, w.core, w.sentence, i, i))
    return sorted(out, key=lambda e: e.start)
