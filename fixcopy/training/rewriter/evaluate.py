"""`python -m fixcopy.training rewriter-eval`: the span rewriter on the gold spans of synthetic
dev pairs, and the end-to-end exact-fix rate of detector plus rewriter."""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

from ...categories import CATEGORY_IDS
from ..detector.metrics import WithRewriter, synthetic_scores
from ..garbles import dev_pairs
from .targets import clean_counterparts, gold_items


def run_eval(models: Path, corpus: Path, n: int = 2000, out=print) -> dict:
    """Rewriter on gold spans of synthetic dev pairs (per category: exact match, coverage,
    precision of the confident ones) and the detector's end-to-end exact-fix rate without and
    with the rewriter."""
    from ...model.detector import ModelDetector
    from ...model.rewriter import Rewriter

    t0 = time.time()
    rw = Rewriter(models / "rewriter")
    pairs = dev_pairs(corpus, n)
    items = gold_items(pairs)
    t1 = time.time()
    rws = rw.rewrite([it[:4] for it in items])
    gen_s = time.time() - t1
    per = {c: defaultdict(int) for c in list(CATEGORY_IDS) + ["all"]}
    clean = clean_counterparts(items)
    for it, r in zip(clean, rw.rewrite(clean)):
        for c in (it[3], "all"):
            per[c]["clean"] += 1
            per[c]["false_fix"] += r.replacement is not None
    for it, r in zip(items, rws):
        for c in (it[3], "all"):
            d = per[c]
            d["n"] += 1
            d["exact"] += r.text == it[4]
            if r.replacement is not None:
                d["offered"] += 1
                d["offered_ok"] += r.replacement == it[4]
    out(
        f"rewriter: {models / 'rewriter'} (threshold {rw.threshold}); {len(pairs)} synthetic dev sentences, "
        f"{len(items)} gold spans ({gen_s:.1f}s, {1000 * gen_s / max(len(items), 1):.1f} ms/span)"
    )
    res = {"per_category": _category_table(per, out)}
    det = ModelDetector(models / "detector")
    before = synthetic_scores(det, pairs, det.threshold)["tot"]
    after = synthetic_scores(WithRewriter(det, rw), pairs, det.threshold)["tot"]
    eb, ea = before["exact"] / max(before["single"], 1), after["exact"] / max(after["single"], 1)
    out(
        f"end-to-end exact-fix (detector flags at threshold {det.threshold}, one-garble sentences, "
        f"n={before['single']}): without rewriter {eb:.3f}, with rewriter {ea:.3f}"
    )
    res.update({"exact_fix_before": eb, "exact_fix_after": ea, "single": before["single"]})
    out(f"({time.time() - t0:.0f}s)")
    return res


def _category_table(per: dict, out) -> dict:
    """Print the per-category table of the rewriter's counts; returns its figures by category."""
    out(f"{'category':<20}{'spans':>7}{'exact':>8}{'coverage':>10}{'precision':>11}{'false-fix':>11}")
    table = {}
    for c, d in per.items():
        if not d["n"]:
            continue
        ex, cov = d["exact"] / d["n"], d["offered"] / d["n"]
        pr = d["offered_ok"] / d["offered"] if d["offered"] else float("nan")
        ff = d["false_fix"] / d["clean"] if d["clean"] else float("nan")
        out(f"{c:<20}{d['n']:>7}{ex:>8.3f}{cov:>10.3f}{pr:>11.3f}{ff:>11.3f}")
        table[c] = {
            "spans": d["n"],
            "exact": ex,
            "coverage": cov,
            "precision": pr,
            "offered": d["offered"],
            "false_fix": ff,
        }
    out(
        "(exact: the best output equals the gold replacement; coverage: share given a confident"
        " replacement; precision: confident replacements equal to the gold one; false-fix: share of the"
        " same places in the repaired sentence, flagged under the same category, that get a change)"
    )
    return table
