"""`fixcopy eval`: the shipped (or any exported) detector measured three ways.

1. Synthetic dev pairs (dev articles only): per category, detection precision / recall and
   the exact-fix rate (without and with the span rewriter, when one is shipped).
2. Clean dev news: false flags per 1,000 words, on the Reuters/BBC dev articles (used to
   pick the default threshold, see ``calibrate``) and, separately, on WMT + FLORES (never
   used for any choice).
3. MQM 2020 zh-en (real MT output; measurement only): precision = flags overlapping any
   rater-marked error span / all flags; recall over Fluency/* and Style/Awkward spans.
"""

from __future__ import annotations

import json
import random
import time
from collections import defaultdict
from pathlib import Path

from ..categories import CATEGORY_IDS
from ..document import Document
from . import corpus as corpus_mod

THRESHOLD_GRID = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99)
TARGET_FALSE_FLAGS = 0.4  # per 1,000 words on the calibration articles (the bar is 0.5)


def _overlap(a0, a1, b0, b1) -> bool:
    return a0 < b1 and b0 < a1 or (b0 == b1 and a0 <= b0 <= a1)


def _sentences(docs: list[Document]) -> tuple[list[str], int]:
    texts = [d.text[s.start : s.end] for d in docs for s in d.sentences]
    return [t for t in texts if t.strip()], sum(d.word_count for d in docs)


def clean_articles(corpus: Path, which: str, limit: int = 0) -> list[Document]:
    """'calib' = Reuters/BBC dev articles; 'heldout' = WMT + FLORES (all dev-only)."""
    sources = corpus_mod.TRAIN_SOURCES if which == "calib" else corpus_mod.DEV_ONLY_SOURCES
    arts = [t for _, _, t in corpus_mod.iter_articles(corpus, "dev", sources)]
    random.Random(0).shuffle(arts)
    return [Document(t) for t in (arts[:limit] if limit else arts)]


def false_flag_rates(det, docs: list[Document], thresholds=THRESHOLD_GRID) -> dict[float, float]:
    texts, words = _sentences(docs)
    probs = det.piece_probs(texts)
    out = {}
    for thr in thresholds:
        n = sum(len(det.flags_from_probs(t, p, s, thr)) for t, (p, s) in zip(texts, probs))
        out[thr] = 1000.0 * n / max(words, 1)
    return out


def calibrate(det, corpus: Path, limit: int = 0) -> tuple[float, dict]:
    """The lowest threshold whose false-flag rate on the calibration articles is at most the target."""
    rates = false_flag_rates(det, clean_articles(corpus, "calib", limit))
    ok = [t for t, r in rates.items() if r <= TARGET_FALSE_FLAGS]
    return (min(ok) if ok else max(rates)), rates


def synthetic_scores(det, pairs: list[dict], thr: float) -> dict:
    per = {c: defaultdict(int) for c in CATEGORY_IDS}
    flags_all = det.flags([p["garbled"] for p in pairs], thr)
    tot = defaultdict(int)
    for p, flags in zip(pairs, flags_all):
        gold = [tuple(s) for s in p["spans"]]
        for g0, g1, cat in gold:
            per[cat]["gold"] += 1
            hit = [f for f in flags if _overlap(f.start, f.end, g0, g1)]
            if hit:
                per[cat]["found"] += 1
                if any(f.category == cat for f in hit):
                    per[cat]["found_cat"] += 1
        for f in flags:
            per[f.category]["flags"] += 1
            tot["flags"] += 1
            if any(_overlap(f.start, f.end, g0, g1) for g0, g1, _ in gold):
                per[f.category]["flags_ok"] += 1
                tot["flags_ok"] += 1
        if len(gold) == 1:  # exact fix: the fixes applied to the sentence give back the clean one
            cat = gold[0][2]
            per[cat]["single"] += 1
            fixed = _apply(p["garbled"], flags)
            per[cat]["exact"] += fixed == p["clean"]
            tot["single"] += 1
            tot["exact"] += fixed == p["clean"]
        if not gold:
            tot["clean_sents"] += 1
            tot["clean_flagged"] += bool(flags)
        tot["gold"] += len(gold)
        tot["found"] += sum(1 for g0, g1, _ in gold if any(_overlap(f.start, f.end, g0, g1) for f in flags))
    return {"per": per, "tot": tot}


def _apply(text: str, flags) -> str:
    for f in sorted((f for f in flags if f.replacement is not None), key=lambda f: -f.start):
        text = text[: f.start] + f.replacement + text[f.end :]
    return text


def is_fluency(category: str) -> bool:
    """An MQM category that the issue's fluency recall counts: Fluency/* and Style/Awkward."""
    return category.startswith("Fluency/") or category == "Style/Awkward"


def load_mqm(path: Path) -> list[dict]:
    """One item per (system, segment) of an MQM jsonl file: its target, system, all its error
    spans (``errors``, a set of (start, end)) and its distinct fluency spans (``fluency``,
    (start, end) -> the first category marked there). Ratings of a differing target are skipped."""
    segs: dict[tuple, dict] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            s = segs.setdefault((r["system"], r["seg"]),
                                {"target": r["target"], "system": r["system"], "errors": set(), "fluency": {}})
            if r["target"] != s["target"]:
                continue
            for e in r["errors"]:
                if e.get("start") is None:
                    continue
                sp = (e["start"], e["end"])
                s["errors"].add(sp)
                if is_fluency(e["category"]):
                    s["fluency"].setdefault(sp, e["category"])
    return list(segs.values())


def mqm_scores(det, path: Path, thr: float, limit: int = 0) -> dict:
    items = load_mqm(path)
    random.Random(0).shuffle(items)
    if limit:
        items = items[:limit]
    texts = [s["target"] for s in items]
    probs = det.piece_probs(texts)
    flags_all = [det.flags_from_probs(t, pr, sp, thr) for t, (pr, sp) in zip(texts, probs)]
    import re

    word_re = re.compile(r"\w+")
    n_flags = n_ok = n_flu = n_flu_hit = n_any = n_any_hit = n_w = n_w_ok = 0
    words = 0
    base_labels: list[bool] = []
    word_scores: list[float] = []
    for s, flags, (pr, sp) in zip(items, flags_all, probs):
        words += len(s["target"].split())
        ws = [(m.start(), m.end()) for m in word_re.finditer(s["target"])]
        word_scores += garbled_scores(pr, sp, ws)
        # is each word inside an error span (the flag-every-word baseline, and the AUC's labels)
        base_labels += [any(_overlap(a0, b0, a, b) for a, b in s["errors"]) for a0, b0 in ws]
        for f in flags:
            n_flags += 1
            n_ok += any(_overlap(f.start, f.end, a, b) for a, b in s["errors"])
            for m in word_re.finditer(s["target"], f.start, f.end):
                n_w += 1
                n_w_ok += any(_overlap(m.start(), m.end(), a, b) for a, b in s["errors"])
        for a, b in s["fluency"]:
            n_flu += 1
            n_flu_hit += any(_overlap(f.start, f.end, a, b) for f in flags)
        for a, b in s["errors"]:
            n_any += 1
            n_any_hit += any(_overlap(f.start, f.end, a, b) for f in flags)
    return {"segments": len(items), "words": words, "flags": n_flags, "precision": n_ok / max(n_flags, 1),
            "flagged_words": n_w, "every_word_precision": sum(base_labels) / max(len(base_labels), 1), "word_precision": n_w_ok / max(n_w, 1),
            "fluency_spans": n_flu, "fluency_recall": n_flu_hit / max(n_flu, 1),
            "all_spans": n_any, "all_recall": n_any_hit / max(n_any, 1),
            "flags_per_1000_words": 1000 * n_flags / max(words, 1),
            "word_auc": roc_auc(word_scores, base_labels)}


def garbled_scores(probs, spans: list[tuple[int, int]], words: list[tuple[int, int]]) -> list[float]:
    """For each word (character span), the highest garbled probability of a piece inside it."""
    out = []
    k = 0
    for a, b in words:
        while k < len(spans) and spans[k][1] <= a:
            k += 1
        best, j = 0.0, k
        while j < len(spans) and spans[j][0] < b:
            if spans[j][1] > a:
                best = max(best, 1.0 - float(probs[j, 0]))
            j += 1
        out.append(best)
    return out


def roc_auc(scores: list[float], labels: list[bool]) -> float:
    """Area under the ROC curve (ties count half): the chance that a random error word scores
    above a random good one. 0.5 = no better than chance; threshold-free."""
    import numpy as np

    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=bool)
    npos, nneg = int(y.sum()), int((~y).sum())
    if not npos or not nneg:
        return float("nan")
    order = s.argsort(kind="mergesort")
    ss = s[order]
    starts = np.r_[0, np.flatnonzero(np.diff(ss)) + 1]
    ends = np.r_[starts[1:], len(ss)]
    ranks = np.empty(len(s))
    ranks[order] = np.repeat((starts + 1 + ends) / 2, ends - starts)  # tied scores share their mean rank
    return float((ranks[y].sum() - npos * (npos + 1) / 2) / (npos * nneg))


def ape_scores(det, ape_dir: Path, thr: float, limit: int = 0) -> dict:
    """MLQE-PE *dev* MT output (never trained on): per group of language pairs, the word-level
    AUC of the garbled probability against the post-editors' BAD tags, and the precision and
    recall of the words flagged at the threshold."""
    from .realmt import token_spans

    res = {}
    for group in (("ro-en", "et-en", "ru-en"), ("ne-en", "si-en")):
        recs = []
        for lp in group:
            path = ape_dir / f"mlqe_pe_{lp}_dev.jsonl"
            if path.is_file():
                with path.open(encoding="utf-8") as f:
                    recs += [json.loads(l) for l in f][: (limit // 5 if limit else None)]
        if not recs:
            continue
        texts = [r["mt"] for r in recs]
        scores: list[float] = []
        labels: list[bool] = []
        for r, (pr, sp) in zip(recs, det.piece_probs(texts)):
            places = token_spans(r["mt"], r["mt_tok"].split())
            if places is None or len(places) != len(r["mt_tags"]):
                continue
            scores += garbled_scores(pr, sp, places)
            labels += [t == "BAD" for t in r["mt_tags"]]
        flagged = [y for s, y in zip(scores, labels) if s >= thr]
        res["/".join(lp.split("-")[0] for lp in group)] = {
            "sentences": len(recs), "words": len(labels), "bad_rate": sum(labels) / max(len(labels), 1),
            "auc": roc_auc(scores, labels), "flagged": len(flagged),
            "flag_precision": sum(flagged) / max(len(flagged), 1),
            "flag_recall": sum(flagged) / max(sum(labels), 1)}
    return res


def dev_pairs(corpus: Path, n: int = 3000, seed: int = 99991) -> list[dict]:
    from .generator import generate

    sents = [s for _, s in corpus_mod.iter_sentences(corpus, "dev")]
    random.Random(seed).shuffle(sents)
    return [p.to_dict() for p in generate(sents[:n], seed=seed)]


def run_eval(models: Path, corpora: Path, dev_pairs_path: str | None = None, threshold: float | None = None,
             limit: int = 0, out=print) -> dict:
    from ..model.detector import ModelDetector

    t0 = time.time()
    det = ModelDetector(models)
    thr = det.threshold if threshold is None else threshold
    news = corpora / "news"
    out(f"model: {models} ({det.meta.get('parameters', 0) / 1e6:.2f}M parameters, int8), threshold {thr}")
    if dev_pairs_path:
        pairs = [json.loads(l) for l in open(dev_pairs_path, encoding="utf-8")]
    else:
        pairs = dev_pairs(news)
    if limit:
        pairs = pairs[:limit]
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
    out(f"{'all':<20}{t['gold']:>8}{t['flags']:>7}{t['flags_ok'] / max(t['flags'], 1):>7.2f}"
        f"{t['found'] / max(t['gold'], 1):>7.2f}{'':>7}{t['exact'] / max(t['single'], 1):>10.2f}")
    out(f"untouched sentences flagged: {t['clean_flagged']}/{t['clean_sents']}")
    out("(det.P: flags of that predicted category overlapping a garble; det.R: garbles overlapped by a flag;"
        " cat.R: ... by a flag of the right category;\n exact-fix: of the sentences with one garble of"
        " that category, the share the model's fixes turn back into the clean sentence; the detector's"
        " own fixes only, deletions)")
    rw = det.rewriter()
    if rw is not None:  # the span rewriter's replacements on top (python -m fixcopy.training rewriter-eval)
        from .rewriter import _WithRewriter

        tr = synthetic_scores(_WithRewriter(det, rw), pairs, thr)["tot"]
        out(f"exact-fix with the span rewriter: {tr['exact'] / max(tr['single'], 1):.2f} "
            f"(without: {t['exact'] / max(t['single'], 1):.2f})")

    res = {"threshold": thr, "synthetic": {"tot": dict(t)}}
    out("\n2. Clean dev news: false flags per 1,000 words")
    for which, label in (("calib", "Reuters+BBC dev (threshold chosen here)"), ("heldout", "WMT+FLORES (held out)")):
        docs = clean_articles(news, which, limit // 10 if limit else 0)
        rates = false_flag_rates(det, docs, (thr,))
        words = sum(d.word_count for d in docs)
        out(f"{label:<42} {rates[thr]:.3f}  ({len(docs)} articles, {words} words)")
        res[f"false_flags_{which}"] = rates[thr]

    mqm = corpora / "mqm" / "mqm_2020_zhen.jsonl"
    if mqm.is_file():
        m = mqm_scores(det, mqm, thr, limit)
        out(f"\n3. MQM 2020 zh-en ({m['segments']} system outputs, {m['words']} words): "
            f"{m['flags']} flags ({m['flags_per_1000_words']:.1f} per 1,000 words)")
        out(f"precision (flags overlapping any error span): {m['precision']:.3f}")
        out(f"word-level precision (flagged words inside an error span): {m['word_precision']:.3f}"
            f"  ({m['flagged_words']} words; flagging every word: {m['every_word_precision']:.3f})")
        out(f"recall on Fluency/* + Style/Awkward spans:     {m['fluency_recall']:.3f}  ({m['fluency_spans']} spans)")
        out(f"recall on all error spans:                     {m['all_recall']:.3f}  ({m['all_spans']} spans)")
        out(f"word-level AUC (error-span words against the rest, threshold-free): {m['word_auc']:.3f}")
        res["mqm"] = m
    ape = corpora / "ape"
    if ape.is_dir():
        a = ape_scores(det, ape, thr, limit)
        out("\n4. MLQE-PE dev MT output: words the post-editors changed (BAD tags)")
        out(f"{'pairs':<12}{'words':>8}{'BAD':>7}{'AUC':>7}{'flagged':>9}{'prec.':>7}{'recall':>8}")
        for k, v in a.items():
            out(f"{k + '-en':<12}{v['words']:>8}{v['bad_rate']:>7.2f}{v['auc']:>7.3f}{v['flagged']:>9}"
                f"{v['flag_precision']:>7.2f}{v['flag_recall']:>8.3f}")
        out("(AUC: the chance that a changed word scores above an unchanged one; 0.5 = chance)")
        res["ape"] = a
    out(f"\n({time.time() - t0:.0f}s)")
    return res
