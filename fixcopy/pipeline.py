"""Document -> rules (+ other detectors) -> filtered, merged suggestions.

The one place that combines detectors. Other detectors (the model, LanguageTool)
take a batch of documents at once so that a whole run is one batch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Protocol

from .batching import injected_failure
from .config import Config
from .document import Document
from .rules import lookalike, run_rules
from .suggestion import Suggestion, overlaps, select_non_overlapping


class Detector(Protocol):
    name: str

    def detect(self, docs: Sequence[Document], config: Config) -> list[list[Suggestion]]:
        """Suggestions for each document, in the same order."""


@lru_cache(maxsize=64)
def _allow_re(allow: tuple[str, ...]) -> re.Pattern | None:
    if not allow:
        return None
    alts = sorted((re.escape(a) for a in allow if a.strip()), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)") if alts else None


def keep(doc: Document, s: Suggestion, config: Config, allowed: list[tuple[int, int]]) -> bool:
    if s.category in config.disable or s.confidence < config.min_confidence:
        return False
    if not doc.is_prose(s.start, s.end) or doc.is_suppressed(s.start, s.end, s.category):
        return False
    return not any(a < s.end and s.start < b or (s.start == s.end and a <= s.start < b) for a, b in allowed)


def merge(primary: Iterable[Suggestion], secondary: Iterable[Suggestion]) -> list[Suggestion]:
    """Primary (rule) suggestions win: a secondary one that overlaps a primary one is dropped.
    Where secondary ones of different detectors overlap, the more confident one wins (a model
    flag below the threshold must not hide the language model's flag on the same words). Exact
    duplicates are merged, keeping the higher confidence."""
    out: dict[tuple, Suggestion] = {}
    prim = list(primary)
    for s in prim:
        key = (s.start, s.end, s.replacement)
        if key not in out or out[key].confidence < s.confidence:
            out[key] = s
    taken: list[Suggestion] = []
    for s in sorted(secondary, key=lambda s: (-s.confidence, s.start, s.end)):
        key = (s.start, s.end, s.replacement)
        if key in out:
            if out[key].confidence < s.confidence:
                out[key] = s
            continue
        if any(overlaps(s, p) for p in prim) or any(t.source != s.source and overlaps(s, t) for t in taken):
            continue
        out[key] = s
        taken.append(s)
    return sorted(out.values(), key=lambda s: (s.start, s.end, s.category))


def check_documents(
    docs: Sequence[Document], config: Config, detectors: Sequence[Detector] = ()
) -> list[list[Suggestion]]:
    """All suggestions for each document, filtered by the configuration."""
    rules = [run_rules(d, config.disable) for d in docs]
    injected_failure([d.text for d in docs])  # a test seam; see batching.py
    extras: list[list[Suggestion]] = [[] for _ in docs]
    for det in detectors:
        for i, extra in enumerate(det.detect(docs, config)):
            # The rules' look-alikes hold for every detector: "that that" is not a doubled word.
            extras[i] += [s for s in extra if not lookalike(docs[i], s)]
    results = [merge(r, e) for r, e in zip(rules, extras)]
    out = []
    for doc, sugs in zip(docs, results):
        rx = _allow_re(config.allow)
        allowed = [(m.start(), m.end()) for m in rx.finditer(doc.text)] if rx else []
        kept = [s for s in merge(sugs, ()) if keep(doc, s, config, allowed)]
        out.append(kept)
    for det in detectors:  # a judge (the language model) may withdraw fixes it does not read as better
        judge = getattr(det, "judge", None)
        if judge is not None:
            out = judge(docs, out)
    return out


def check_text(text: str, config: Config | None = None, detectors: Sequence[Detector] = ()) -> list[Suggestion]:
    return check_documents([Document(text)], config or Config(), detectors)[0]


def fixes(suggestions: Iterable[Suggestion], min_confidence: float) -> list[Suggestion]:
    """The edits `fix` applies: a replacement, at least min_confidence, no overlaps."""
    return select_non_overlapping(s for s in suggestions if s.fixable and s.confidence >= min_confidence)
