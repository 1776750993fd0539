"""The language model as a detector: flag words that the LM finds improbable *for what they are*.

One scoring pass over the prose of every document of a run (batched, windowed by the judge).
A word's evidence is its *excess surprisal*: how much less probable the LM finds it here than its
unigram frequency would make it anywhere (SLOR, Lau et al. 2017, in nats), plus the excess of the
word after it, because a garble also makes the next word improbable ("leans six tongues": "six"
and "tongues" are surprising after "leans"). Names, numbers, codes and words with capitals are
never flagged on their own: a rare name is rare everywhere, and the LM cannot tell a right one
from a wrong one. The threshold is calibrated on the development set of real back-translation
garbles (bt-dev) against its clean sentences (see README, "The language model").

These flags carry no replacement: the evidence says where the sentence stops reading as English,
not what it should say. Words left untranslated are flagged as such (``unknown.py``), and two kinds
of garble get a fix of the LM's own, where it prefers the fix by a clear margin (``candidates.py``,
``correct.py``): a noun compound rendered as an "of" chain, and a function word put for another
("his" for "its", "any" for "no": ``confusions.CONFUSIONS``) where the word itself is improbable.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from ..config import Config
from ..document import Document
from ..suggestion import Suggestion
from . import context, corroborate
from .candidates import REPAIR_KINDS, of_chains
from .correct import (  # noqa: F401  (FIX_MARGINS and FLAG_MARGINS re-exported for the benchmarks)
    FIX_MARGINS,
    FLAG_MARGINS,
    Place,
    best_repairs,
    confusion_places,
    repair_suggestion,
    span_window,
)
from .evidence import (  # noqa: F401  (re-exported: the detector's vocabulary)
    ARTICLES,
    PREPOSITIONS,
    Evidence,
    Word,
    evidence,
    name_like,
    unigram_logprob,
    with_untranslated,
    words_of,
    zipf,
)

# Excess surprisal (nats) of a word plus that of the next word, each paragraph scored after the ones
# before it (context.py), at which a flag has confidence 0.5 (the default min-confidence); two words
# of a sentence that are each 4.5 nats improbable back each other up to it (evidence.PAIR_BONUS). Set
# by the clean-news bar (at most 0.5 false flags per 1,000 words, every detector included), read flag
# by flag (benchmarks/lm_clean_report.py --all) on clean Reuters/BBC dev (never trained on; 49,317
# words) and WMT news not in bt-dev (25,351 words). Without pairs: at 8 nats 0.24 and 0.28 false
# flags per 1,000 words; at 7, 0.39 and 0.47; at 6.5, 0.43 and 0.63; at 6, 0.59 and 0.71. With pairs
# at 7.5: 0.28 and 0.47 (0.39 if two flags on a parenthetical missing its comma count as real). On the
# Reuters/BBC train split, where no threshold was ever set (47,460 words, LM flags only): 0.32 false
# flags per 1,000 words at 7 without pairs, 0.40 at 7.5 with them. bt-dev, every detector at the
# default: recall 0.096 at 8 nats, 0.120 at 7, 0.151 at 7.5 with pairs (precision 0.874, 0.881,
# 0.886; 0.70, 0.75, 0.93 flags per 1,000 words of its clean sentences); benchmarks/btdev_report.py
# --sweep shows the other points; --min-confidence 0.4 shows the flags down to 0.8 x THRESHOLD
# (bt-dev: recall 0.179).
THRESHOLD = 7.5
# Confidence rises from 0.5 at THRESHOLD towards CEILING; LM flags never reach the fix threshold.
CEILING = 0.79
SCALE = 8.0  # nats over the threshold for about two thirds of the way to CEILING


def confidence(score: float, threshold: float = THRESHOLD) -> float:
    if score < threshold:
        return max(0.0, 0.5 * score / threshold)
    return min(CEILING, 0.5 + (CEILING - 0.5) * (1.0 - math.exp(-(score - threshold) / SCALE)))


def lowest_score(min_confidence: float, threshold: float = THRESHOLD) -> float:
    """The score at which a flag reaches ``min_confidence`` (inverse of confidence())."""
    if min_confidence <= 0.5:
        return max(0.0, threshold * min_confidence / 0.5)
    if min_confidence >= CEILING:
        return math.inf
    return threshold - SCALE * math.log(1.0 - (min_confidence - 0.5) / (CEILING - 0.5))


def to_suggestion(doc: Document, ev: Evidence, threshold: float) -> Suggestion:
    span = doc.text[ev.start : ev.end]
    first = ev.word.lower()
    if ev.unknown:
        category, message = "mistranslation", f'"{ev.word}" is not an English word (left untranslated?)'
    elif first in ARTICLES and ev.end - ev.start == len(ev.word):
        category, message = "article", f'"{span}" reads wrong here (language model)'
    elif first in PREPOSITIONS and ev.end - ev.start == len(ev.word):
        category, message = "preposition", f'"{span}" reads wrong here (language model)'
    else:
        category, message = "mistranslation", f'"{span}" does not read as English here (language model)'
    return Suggestion(
        ev.start, ev.end, span, None, category, message, round(confidence(ev.score, threshold), 3), source="lm"
    )


# A model's fix must make its sentence more probable by this much (nats, unigram-normalised) for the
# LM to let it stand (int8 arithmetic moves the difference between two candidates by a median 1.1
# nats; float32, the default, by 0.2). A rule's fix stands unless the LM reads the sentence as clearly
# worse with it (by RULE_VETO nats of plain log-probability: a rule's deletion is of a word that
# should not be there, so its unigram cost is no argument against it; "work together together and"
# lost its fix that way on MLQE-PE): the rules are exact about their classes (7 wrong of 503 fixes
# over 22,282 clean news articles), and the LM is no judge of a decimal comma or "the Moscow's".
FIX_MARGIN = 1.5
RULE_VETO = 3.0


PASSAGES_PER_CALL = 64  # passages of about 400 tokens (context.py)

# A word left untranslated scores this much over the threshold (confidence about 0.6)
UNTRANSLATED = 4.0


class LMDetector:
    """A pipeline Detector backed by the installed language model. With ``tagger`` (the shipped
    model detector), it also runs the tagger and weighs each of its flags against the LM's evidence
    (corroborate.py): the pipeline then runs this detector in the tagger's place."""

    name = "lm"

    def __init__(self, lm, threshold: float = THRESHOLD, tagger=None):
        self.lm = lm
        self.threshold = threshold
        self.tagger = tagger

    def with_tagger(self, tagger) -> LMDetector:
        return LMDetector(self.lm, self.threshold, tagger)

    def detect(self, docs: Sequence[Document], config: Config) -> list[list[Suggestion]]:
        low = lowest_score(config.min_confidence, self.threshold)
        scored = list(self.scored_words(docs))
        if self.tagger is None:
            found, backing = evidence_of(scored, docs, (low,), self.threshold)[0], []
        else:
            found, backing = evidence_of(scored, docs, (low, min(low, corroborate.SUPPORT)), self.threshold)
        places = [
            Place(k, a, b, REPAIR_KINDS)
            for k, doc in enumerate(docs)
            for p in doc.prose
            for a, b in of_chains(doc.text, p.start, p.end)
        ] + confusion_places(scored, docs)
        repairs = best_repairs(self.lm.logprob, unigram_logprob, docs, places)
        out: list[list[Suggestion]] = [[] for _ in docs]
        # a confusion's flag without a fix gives way to the LM's own flag where they overlap (it
        # covers one word of a garble that the LM's flag may show whole: "how what passed")
        later: list[tuple[int, Suggestion]] = []
        for pl, rep in zip(places, repairs):
            s = repair_suggestion(docs[pl.doc], rep) if rep is not None else None
            if s is not None and s.replacement is None and rep.candidate.kind == "confusion":
                later.append((pl.doc, s))
            elif s is not None and free(out[pl.doc], s.start, s.end):
                out[pl.doc].append(s)
        for k, ev in found:  # the flags of the places the LM could not repair
            if free(out[k], ev.start, ev.end):
                out[k].append(to_suggestion(docs[k], ev, self.threshold))
        for k, s in later:
            if free(out[k], s.start, s.end):
                out[k].append(s)
        if self.tagger is not None:
            tagged = self.tagger.detect(docs, config, floor=corroborate.TAGGER_FLOOR)
            by_doc: list[list[Evidence]] = [[] for _ in docs]
            for k, ev in backing:
                by_doc[k].append(ev)
            for k, flags in enumerate(tagged):
                out[k] += corroborate.weigh(flags, by_doc[k], self.threshold)
        return [sorted(o, key=lambda s: (s.start, s.end)) for o in out]

    def evidence(self, docs: Sequence[Document], low: float) -> list[tuple[int, Evidence]]:
        """(document index, evidence) of every place whose score reaches ``low``."""
        return self.evidence_at(docs, (low,))[0]

    def evidence_at(self, docs: Sequence[Document], lows: Sequence[float]) -> list[list[tuple[int, Evidence]]]:
        """For each bar of ``lows``, (document index, evidence) of every place whose score reaches it
        (adjacent words above a bar merge, so each bar has its own places); one scoring pass, each
        paragraph with the ones before it in its passage as context (context.py)."""
        return evidence_of(self.scored_words(docs), docs, lows, self.threshold)

    def scored_words(self, docs: Sequence[Document]) -> Iterator[tuple[int, list[Word]]]:
        """(document index, words with their log-probabilities) of every prose region, from one
        scoring pass, each paragraph with the ones before it in its passage as context."""
        units = [(k, regions) for k, doc in enumerate(docs) for regions in context.passages(doc)]
        # PASSAGES_PER_CALL passages at a time: memory bounded by that, not by the run
        for n in range(0, len(units), PASSAGES_PER_CALL):
            chunk = units[n : n + PASSAGES_PER_CALL]
            scored = self.lm.score([context.joined(docs[k], regions) for k, regions in chunk])
            for (k, regions), sc in zip(chunk, scored):
                for (start, _), part in zip(regions, context.split(sc, docs[k], regions)):
                    yield k, words_of(docs[k], start, part)

    def judge(self, docs: Sequence[Document], results: list[list[Suggestion]]) -> list[list[Suggestion]]:
        """Let a model's fix stand only where the LM reads its sentence as better English: the sentence
        with the fix must gain FIX_MARGIN nats over the sentence without it, after normalising both for
        the unigram frequency of their words (so that dropping a rare word is no gain in itself). A
        rule's fix stands unless the plain log-probability falls by more than RULE_VETO. A fix that
        fails keeps its flag, without the replacement."""
        jobs = []  # (doc, index, text before, after): the edit in its window of the sentence
        for k, (doc, sugs) in enumerate(zip(docs, results)):
            for i, s in enumerate(sugs):
                if not s.fixable or s.source == "lm":
                    continue
                a, b = span_window(doc, s.start, s.end)
                before = doc.text[a:b]
                after = doc.text[a : s.start] + s.replacement + doc.text[s.end : b]
                jobs.append((k, i, before, after))
        if not jobs:
            return results
        texts = sorted({t for j in jobs for t in (j[2], j[3])})
        scored = dict(zip(texts, self.lm.logprob(texts)))
        scores = [scored[t] for j in jobs for t in (j[2], j[3])]
        out = [list(r) for r in results]
        for n, (k, i, before, after) in enumerate(jobs):
            s = out[k][i]
            gain = scores[2 * n + 1] - scores[2 * n]
            if s.source != "rule":
                gain += unigram_logprob(before) - unigram_logprob(after)
            if gain < (-RULE_VETO if s.source == "rule" else FIX_MARGIN):
                why = "reads it as worse" if s.source == "rule" else "does not read it as better"
                out[k][i] = dataclasses.replace(
                    s, replacement=None, message=f"{s.message} (no fix: the language model {why})"
                )
        return out


def free(sugs: Sequence[Suggestion], start: int, end: int) -> bool:
    """Whether no suggestion of ``sugs`` overlaps ``start:end``."""
    return not any(o.start < end and start < o.end for o in sugs)


def evidence_of(
    scored: Iterable[tuple[int, list[Word]]], docs: Sequence[Document], lows: Sequence[float], threshold: float
) -> list[list[tuple[int, Evidence]]]:
    """For each bar of ``lows``, (document index, evidence) of every place of ``scored`` (document
    index, scored words) whose score reaches it."""
    found: list[list[tuple[int, Evidence]]] = [[] for _ in lows]
    for k, words in scored:
        for bar, into in zip(lows, found):
            evs = evidence(words, bar)
            evs = with_untranslated(docs[k].text, words, evs, threshold + UNTRANSLATED)
            into.extend((k, ev) for ev in evs)
    return found


@lru_cache(maxsize=1)
def shipped_lm_detector() -> LMDetector | None:
    """The detector backed by the installed language model (cached per process)."""
    from . import load_lm

    lm = load_lm()
    return LMDetector(lm) if lm is not None else None
