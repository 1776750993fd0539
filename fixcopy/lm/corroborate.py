"""The tagger's flags weighed against the language model's evidence. Pure: it works on suggestions
and evidence the detectors have computed.

The shipped tagger (fixcopy/model/detector.py) was trained on synthetic garbles; on real machine
translation its flags alone are mostly wrong (clean Reuters/BBC dev: 13 flags over 49,317 words at
its threshold, 11 of them false; bt-dev: 7 on a garble, 3 in clean sentences). Where the LM also
finds the same words improbable for what they are (SUPPORT nats of evidence, evidence.scores; its
own flags need 7.5), the two weak detectors agree, and that agreement is worth more than either
alone, even with the tagger well below its own threshold. Calibrated on bt-dev against its clean sentences and
on clean Reuters/BBC dev (benchmarks/btdev_report.py, benchmarks/lm_clean_report.py --all), the
tagger's flags on words the LM does not flag itself:

| tagger flags shown | on a bt-dev garble | bt-dev clean sentences | clean news (49k words) |
| --- | --- | --- | --- |
| alone, at its threshold (before) | 4 | 3 | 16 |
| confidence >= 0.3 and LM support >= 5 nats (now) | 12 | 1 | 3 |

(Neighbouring points move smoothly: 0.25 and 5 nats gave 15 / 1 / 3; 0.3 and 4 nats 14 / 4 / 8;
0.3 and 6 nats 7 / 1 / 2.) A flag the LM does not support keeps half its confidence: below the
default bar, shown from ``--min-confidence 0.45`` down.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..suggestion import Suggestion
from .evidence import Evidence

SUPPORT = 5.0  # nats of LM evidence (excess surprisal of a word plus the next) that back a tagger flag
TAGGER_FLOOR = 0.3  # the lowest tagger confidence the LM can raise to a flag
CEILING = 0.79  # a corroborated flag stays a flag: below the fix threshold
ALONE = 0.5  # a tagger flag without support keeps this share of its confidence


def support(s: Suggestion, evidence: Sequence[Evidence]) -> float:
    """The strongest LM evidence on the words of ``s`` (an evidence span that ends where ``s`` starts
    or starts where it ends counts too); 0 without any. An evidence span covers a word and, where
    most of the surprise falls there, the word after it."""
    return max((e.score for e in evidence if e.start <= s.end and s.start <= e.end), default=0.0)


def confidence(tagger: float, lm: float, threshold: float) -> float:
    """A tagger flag's confidence given the LM's support for it (``threshold``: the LM's own flag
    threshold, where the support counts in full)."""
    if tagger >= TAGGER_FLOOR and lm >= SUPPORT:
        a = (tagger - TAGGER_FLOOR) / (1.0 - TAGGER_FLOOR)
        b = min(1.0, (lm - SUPPORT) / max(1e-6, threshold - SUPPORT))
        return round(0.5 + (CEILING - 0.5) * max(a, b), 3)
    return round(ALONE * tagger, 3)


def weigh(flags: Sequence[Suggestion], evidence: Sequence[Evidence], threshold: float) -> list[Suggestion]:
    """The tagger's flags of one document, each with the confidence the LM's evidence gives it."""
    out = []
    for s in flags:
        lm = support(s, evidence)
        c = confidence(s.confidence, lm, threshold)
        if c >= 0.5:
            s = dataclasses.replace(s, message=s.message.removesuffix(" (model)") + " (model and language model)")
        out.append(dataclasses.replace(s, confidence=c))
    return out
