"""The model detector's calibration: its garbled probability as a confidence.

The model's own threshold (``threshold`` in its metadata.json, chosen when it was exported) sits
at THRESHOLD_CONFIDENCE, the default min-confidence: a plain `fixcopy check` shows what the model
flags at its threshold. Above it the confidence rises linearly up to 1, below it linearly down to 0.
"""

from __future__ import annotations

# The confidence of a flag exactly at the model's threshold (config.DEFAULT_MIN_CONFIDENCE).
THRESHOLD_CONFIDENCE = 0.5
# The threshold of a model whose metadata.json names none.
DEFAULT_THRESHOLD = 0.5


def confidence(prob: float, threshold: float) -> float:
    """The confidence of a flag whose garbled probability is ``prob``, rounded to 4 places."""
    at = THRESHOLD_CONFIDENCE
    if prob >= threshold:
        c = at + (1 - at) * (prob - threshold) / max(1e-6, 1 - threshold)
    else:
        c = at * prob / max(1e-6, threshold)
    return round(min(1.0, max(0.0, c)), 4)


def lowest_prob(min_confidence: float, threshold: float) -> float:
    """The garbled probability to flag down to so that every flag of at least ``min_confidence``
    is found: the model's threshold, or below it for a min-confidence under THRESHOLD_CONFIDENCE."""
    if min_confidence < THRESHOLD_CONFIDENCE:
        return threshold * min(1.0, min_confidence / THRESHOLD_CONFIDENCE)
    return threshold
