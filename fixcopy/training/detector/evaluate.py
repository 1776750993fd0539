"""`fixcopy eval`: the shipped (or any exported) detector measured four ways.

1. Synthetic dev pairs (dev articles only): per category, detection precision / recall and
   the exact-fix rate (without and with the span rewriter, when one is shipped).
2. Clean dev news: false flags per 1,000 words, on the Reuters/BBC dev articles (used to
   pick the default threshold, see ``metrics.calibrate``) and, separately, on WMT + FLORES
   (never used for any choice).
3. MQM 2020 zh-en (real MT output; measurement only): precision = flags overlapping any
   rater-marked error span / all flags; recall over Fluency/* and Style/Awkward spans.
4. MLQE-PE dev MT output: word-level AUC against the post-editors' BAD tags.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from ...categories import CATEGORY_IDS
from ..garbles import dev_pairs
from .metrics import WithRewriter, ape_scores, clean_articles, false_flag_rates, mqm_scores, synthetic_scores


def _report_synthetic(det, pairs: list[dict], thr: float, out) -> dict:
    syn = synthetic_scores(det, pairs, thr)
    out(f"\n1. Synthetic dev pairs: {len(pairs)} sentences, {syn['tot']['gold']} garbles")
    out(f"{'category':<20}{'garbles':>8}{'flags':>7}{'det.P':>7}{'det.R':>7}{'cat.R':>7}{'exact-fix':>10}")
    for c in CATEGORY_IDS:
        d = syn["per"][c]
        p = d["flags_ok"] / d["flags"] if d["flags"] else float("nan")
        r = d["found"] / d["gold"] if d["gold"] else float("nan")
        rc = d["found_cat"] / d["gold"] if d["gold"] else float("nan")
        fx = d["exact"] / d["single"] if d["single"] else float("nan")
        out(f"{c:<20}{d['gold']:>8}{d['flags']:>7}{p:>7.2f}{r:>7.2f}{rc:>7.2f}{fx:>10.2f}")
    t = syn["tot"]
    out(
        f"{'all':<20}{t['gold']:>8}{t['flags']:>7}{t['flags_ok'] / max(t['flags'], 1):>7.2f}"
        f"{t['found'] / max(t['gold'], 1):>7.2f}{'':>7}{t['exact'] / max(t['single'], 1):>10.2f}"
    )
    out(f"untouched sentences flagged: {t['clean_flagged']}/{t['clean_sents']}")
    out(
        "(det.P: flags of that predicted category overlapping a garble; det.R: garbles overlapped by a flag;"
        " cat.R: ... by a flag of the right category;\n exact-fix: of the sentences with one garble of"
        " that category, the share the model's fixes turn back into the clean sentence; the detector's"
        " own fixes only, deletions)"
    )
    rw = det.rewriter()
    if rw is not None:  # the span rewriter's replacements on top (python -m fixcopy.training rewriter-eval)
        tr = synthetic_scores(WithRewriter(det, rw), pairs, thr)["tot"]
        out(
            f"exact-fix with the span rewriter: {tr['exact'] / max(tr['single'], 1):.2f} "
            f"(without: {t['exact'] / max(t['single'], 1):.2f})"
        )
    return t


def _report_clean(det, news: Path, thr: float, limit: int, out, res: dict) -> None:
    out("\n2. Clean dev news: false flags per 1,000 words")
    for which, label in (("calib", "Reuters+BBC dev (threshold chosen here)"), ("heldout", "WMT+FLORES (held out)")):
        docs = clean_articles(news, which, limit // 10 if limit else 0)
        rates = false_flag_rates(det, docs, (thr,))
        words = sum(d.word_count for d in docs)
        out(f"{label:<42} {rates[thr]:.3f}  ({len(docs)} articles, {words} words)")
        res[f"false_flags_{which}"] = rates[thr]


def _report_mqm(det, mqm: Path, thr: float, limit: int, out) -> dict:
    m = mqm_scores(det, mqm, thr, limit)
    out(
        f"\n3. MQM 2020 zh-en ({m['segments']} system outputs, {m['words']} words): "
        f"{m['flags']} flags ({m['flags_per_1000_words']:.1f} per 1,000 words)"
    )
    out(f"precision (flags overlapping any error span): {m['precision']:.3f}")
    out(
        f"word-level precision (flagged words inside an error span): {m['word_precision']:.3f}"
        f"  ({m['flagged_words']} words; flagging every word: {m['every_word_precision']:.3f})"
    )
    out(f"recall on Fluency/* + Style/Awkward spans:     {m['fluency_recall']:.3f}  ({m['fluency_spans']} spans)")
    out(f"recall on all error spans:                     {m['all_recall']:.3f}  ({m['all_spans']} spans)")
    out(f"word-level AUC (error-span words against the rest, threshold-free): {m['word_auc']:.3f}")
    return m


def _report_ape(det, ape: Path, thr: float, limit: int, out) -> dict:
    a = ape_scores(det, ape, thr, limit)
    out("\n4. MLQE-PE dev MT output: words the post-editors changed (BAD tags)")
    out(f"{'pairs':<12}{'words':>8}{'BAD':>7}{'AUC':>7}{'flagged':>9}{'prec.':>7}{'recall':>8}")
    for k, v in a.items():
        out(
            f"{k + '-en':<12}{v['words']:>8}{v['bad_rate']:>7.2f}{v['auc']:>7.3f}{v['flagged']:>9}"
            f"{v['flag_precision']:>7.2f}{v['flag_recall']:>8.3f}"
        )
    out("(AUC: the chance that a changed word scores above an unchanged one; 0.5 = chance)")
    return a


def run_eval(
    models: Path,
    corpora: Path,
    dev_pairs_path: str | None = None,
    threshold: float | None = None,
    limit: int = 0,
    out=print,
) -> dict:
    """Evaluate the detector of ``<models>/detector/`` (with ``<models>/rewriter/`` when there is
    one) on the corpora folder (news/, mqm/, ape/); print the report, return the figures."""
    from ...model.detector import ModelDetector

    t0 = time.time()
    det = ModelDetector(Path(models) / "detector")
    thr = det.threshold if threshold is None else threshold
    news = corpora / "news"
    out(f"model: {models} ({det.meta.get('parameters', 0) / 1e6:.2f}M parameters, int8), threshold {thr}")
    if dev_pairs_path:
        with open(dev_pairs_path, encoding="utf-8") as f:
            pairs = [json.loads(line) for line in f]
    else:
        pairs = dev_pairs(news)
    if limit:
        pairs = pairs[:limit]
    res = {"threshold": thr, "synthetic": {"tot": dict(_report_synthetic(det, pairs, thr, out))}}
    _report_clean(det, news, thr, limit, out, res)
    mqm = corpora / "mqm" / "mqm_2020_zhen.jsonl"
    if mqm.is_file():
        res["mqm"] = _report_mqm(det, mqm, thr, limit, out)
    ape = corpora / "ape"
    if ape.is_dir():
        res["ape"] = _report_ape(det, ape, thr, limit, out)
    out(f"\n({time.time() - t0:.0f}s)")
    return res
