"""The language model on MLQE-PE dev (ro, ru, et -> en), for `fixcopy eval --lm`: a guard against
damage on fluent MT (a development check: nothing is trained or chosen from it).

1. Detection: word-level AUC of the LM detector's word score (excess surprisal of the word plus that
   of the next word; names and numbers score 0) against the words the post-editors changed.
2. Correction: `fix` at the default threshold with and without the LM: gain = share of the
   MT -> post-edit word edit distance removed, sentences improved and worsened, and changes per 100
   sentences that the post-editors left untouched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from ..config import Config
from ..document import Document
from .detector.metrics import roc_auc

PAIRS = ("ro-en", "ru-en", "et-en")
TOKEN_RE = re.compile(r"\w+|[^\w\s]")


def changed_spans(mt: str, pe: str) -> list[tuple[int, int]]:
    """Character spans of the MT tokens that the post-edit replaced or deleted (an insertion marks
    the token before and after it)."""
    mt_t, pe_t = list(TOKEN_RE.finditer(mt)), list(TOKEN_RE.finditer(pe))
    ops = SequenceMatcher(None, [m.group() for m in mt_t], [m.group() for m in pe_t], autojunk=False).get_opcodes()
    spans = []
    for tag, i1, i2, _, _ in ops:
        if tag == "equal":
            continue
        if i1 == i2:
            i1, i2 = max(0, i1 - 1), min(len(mt_t), i2 + 1)
        spans += [(mt_t[i].start(), mt_t[i].end()) for i in range(i1, i2)]
    return spans


def word_distance(a: str, b: str) -> int:
    x, y = a.split(), b.split()
    prev = list(range(len(y) + 1))
    for i, wx in enumerate(x, 1):
        cur = [i] + [0] * len(y)
        for j, wy in enumerate(y, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (wx != wy))
        prev = cur
    return prev[-1]


def word_scores(det, rows: list[dict], docs: list[Document]) -> tuple[list[float], list[float]]:
    """The LM word score of every word, split by whether the post-editor changed it."""
    from ..lm.evidence import scores, words_of

    pos: list[float] = []
    neg: list[float] = []
    regions = [(k, p.start, d.text[p.start : p.end]) for k, d in enumerate(docs) for p in d.prose]
    for (k, start, _), sc in zip(regions, det.lm.score([r[2] for r in regions])):
        changed = changed_spans(rows[k]["mt"], rows[k]["pe"])
        words = words_of(docs[k], start, sc)
        evidence_of = scores(words)
        for i, w in enumerate(words):
            if not w.core:
                continue
            bad = any(x < w.end and w.start < y for x, y in changed)
            (pos if bad else neg).append(evidence_of[i])
    return pos, neg


@dataclass
class FixFigures:
    gain: float
    improved: int
    worsened: int
    changed_untouched: int
    untouched: int

    def line(self) -> str:
        per100 = 100 * self.changed_untouched / max(1, self.untouched)
        return (
            f"gain {self.gain:+.4f}, improved {self.improved}, worsened {self.worsened}, changed "
            f"{self.changed_untouched} of {self.untouched} untouched sentences ({per100:.1f} per 100)"
        )


def fix_figures(rows: list[dict], docs: list[Document], cfg: Config, show: Callable[[str], None] | None) -> FixFigures:
    """`fix` over the MT sentences, measured against the post-edits."""
    from ..detectors import detectors_for
    from ..options import Options
    from ..pipeline import check_documents, fixes
    from ..suggestion import apply

    settings = Options(purpose="fix").settle(cfg)  # checked down to the fix threshold, as `fix` does
    results = check_documents(docs, settings.config, detectors_for(settings.config))
    f = FixFigures(0.0, 0, 0, 0, 0)
    before = after = 0
    for r, sugs in zip(rows, results):
        applied = fixes(sugs, settings.threshold)
        fixed = apply(r["mt"], applied)
        for s in applied if show else ():
            if s.source == "lm":
                show(f"    LM fix {s.text!r} -> {s.replacement!r} in {r['mt']!r}\n      post-edit: {r['pe']!r}")
        d0, d1 = word_distance(r["mt"], r["pe"]), word_distance(fixed, r["pe"])
        if show and d1 > d0:
            edits = ", ".join(f"{s.source} {s.text!r} -> {s.replacement!r}" for s in applied)
            show(f"    further from the post-edit ({edits}): {r['mt']!r}\n      post-edit: {r['pe']!r}")
        before, after = before + d0, after + d1
        f.improved += d1 < d0
        f.worsened += d1 > d0
        if r["mt"] == r["pe"]:
            f.untouched += 1
            f.changed_untouched += fixed != r["mt"]
    f.gain = 1 - after / max(1, before)
    return f


def mlqe_report(
    ape: Path, pairs=PAIRS, limit: int = 0, show: bool = False, out: Callable[[str], None] = print, split: str = "dev"
) -> None:
    """Print the LM's word AUC and the `fix` figures with and without it, per language pair (the
    dev split; ``split="train"`` reads a larger sample that no threshold was set on)."""
    from ..lm.detector import shipped_lm_detector

    det = shipped_lm_detector()
    if det is None:
        out("MLQE-PE / language model: skipped (not installed: run `fixcopy model install`)")
        return
    all_pos: list[float] = []
    all_neg: list[float] = []
    for pair in pairs:
        rows = [json.loads(line) for line in open(ape / f"mlqe_pe_{pair}_{split}.jsonl", encoding="utf-8")]
        rows = rows[:limit] if limit else rows
        docs = [Document(r["mt"]) for r in rows]
        pos, neg = word_scores(det, rows, docs)
        all_pos, all_neg = all_pos + pos, all_neg + neg
        auc = roc_auc(pos + neg, [True] * len(pos) + [False] * len(neg))
        out(f"{pair}: {len(rows)} sentences, {len(pos) + len(neg)} words, {len(pos)} changed: LM word AUC {auc:.3f}")
        for name, cfg in (("without LM", Config(lm=False)), ("with LM", Config())):
            out(f"  fix {name}: " + fix_figures(rows, docs, cfg, out if show and cfg.lm else None).line())
    auc = roc_auc(all_pos + all_neg, [True] * len(all_pos) + [False] * len(all_neg))
    out(f"all: LM word AUC {auc:.3f}")
