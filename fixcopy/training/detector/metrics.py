"""The detector's measurements: false flags on clean news (and the threshold calibrated on
them), detection and exact-fix scores on synthetic pairs, precision and recall on MQM rater
spans, word-level AUC on MLQE-PE post-edit tags. ``evaluate.run_eval`` reports them."""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from pathlib import Path

from ...categories import CATEGORY_IDS
from ...document import Document
from .. import corpus as corpus_mod

DETECTOR_THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99)
TARGET_FALSE_FLAGS = 0.4  # per 1,000 words on the calibration articles (the bar is 0.5)
_WORD_RE = re.compile(r"\w+")


def overlap(a0, a1, b0, b1) -> bool:
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


def false_flag_rates(det, docs: list[Document], thresholds=DETECTOR_THRESHOLDS) -> dict[float, float]:
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
            hit = [f for f in flags if overlap(f.start, f.end, g0, g1)]
            if hit:
                per[cat]["found"] += 1
                if any(f.category == cat for f in hit):
                    per[cat]["found_cat"] += 1
        for f in flags:
            per[f.category]["flags"] += 1
            tot["flags"] += 1
            if any(overlap(f.start, f.end, g0, g1) for g0, g1, _ in gold):
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
        tot["found"] += sum(1 for g0, g1, _ in gold if any(overlap(f.start, f.end, g0, g1) for f in flags))
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
            s = segs.setdefault(
                (r["system"], r["seg"]), {"target": r["target"], "system": r["system"], "errors": set(), "fluency": {}}
            )
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
    n_flags = n_ok = n_flu = n_flu_hit = n_any = n_any_hit = n_w = n_w_ok = 0
    words = 0
    base_labels: list[bool] = []
    word_scores: list[float] = []
    for s, flags, (pr, sp) in zip(items, flags_all, probs):
        words += len(s["target"].split())
        ws = [(m.start(), m.end()) for m in _WORD_RE.finditer(s["target"])]
        word_scores += garbled_scores(pr, sp, ws)
        # is each word inside an error span (the flag-every-word baseline, and the AUC's labels)
        base_labels += [any(overlap(a0, b0, a, b) for a, b in s["errors"]) for a0, b0 in ws]
        for f in flags:
            n_flags += 1
            n_ok += any(overlap(f.start, f.end, a, b) for a, b in s["errors"])
            for m in _WORD_RE.finditer(s["target"], f.start, f.end):
                n_w += 1
                n_w_ok += any(overlap(m.start(), m.end(), a, b) for a, b in s["errors"])
        for a, b in s["fluency"]:
            n_flu += 1
            n_flu_hit += any(overlap(f.start, f.end, a, b) for f in flags)
        for a, b in s["errors"]:
            n_any += 1
            n_any_hit += any(overlap(f.start, f.end, a, b) for f in flags)
    return {
        "segments": len(items),
        "words": words,
        "flags": n_flags,
        "precision": n_ok / max(n_flags, 1),
        "flagged_words": n_w,
        "every_word_precision": sum(base_labels) / max(len(base_labels), 1),
        "word_precision": n_w_ok / max(n_w, 1),
        "fluency_spans": n_flu,
        "fluency_recall": n_flu_hit / max(n_flu, 1),
        "all_spans": n_any,
        "all_recall": n_any_hit / max(n_any, 1),
        "flags_per_1000_words": 1000 * n_flags / max(words, 1),
        "word_auc": roc_auc(word_scores, base_labels),
    }


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
                    recs += [json.loads(line) for line in f][: (limit // 5 if limit else None)]
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
            "sentences": len(recs),
            "words": len(labels),
            "bad_rate": sum(labels) / max(len(labels), 1),
            "auc": roc_auc(scores, labels),
            "flagged": len(flagged),
            "flag_precision": sum(flagged) / max(len(flagged), 1),
            "flag_recall": sum(flagged) / max(sum(labels), 1),
        }
    return res


class WithRewriter:
    """A detector whose flags() also gets the rewriter's replacements (for synthetic_scores)."""

    def __init__(self, det, rw):
        self.det, self.rw = det, rw

    def flags(self, texts, thr=None):
        fl = self.det.flags(texts, thr)
        return self.det.add_replacements(texts, fl, self.rw)
