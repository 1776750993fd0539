"""The pair rule of the LM's evidence (fixcopy.lm.evidence.PAIR_BONUS, PAIR_FLOOR) against a single
threshold: LM flags alone, on bt-dev and on clean news, over a grid of bonuses and thresholds.

    python benchmarks/lm_pairs_sweep.py --corpora /path/to/corpora [--sets dev,wmt,train]
        [--bonus 0,2,2.5,3,3.5] [--threshold 8,7.5,7,6.5,6] [--floor 4.5] [--mqm 4,40]

One scoring pass per set (as the detector does it: paragraphs in context), then every point of
the grid on the same word scores. A word is flagged when its score reaches the threshold; with a
bonus B, a word of at least --floor nats (0: any) whose sentence has another such word that is not
its neighbour scores at least the weaker of the two plus B. bt-dev: the share of its gold regions
that a flagged word touches, and flagged words in its clean sentences per 1,000 of their words.
Clean sets (Reuters/BBC dev and train split, WMT articles not in bt-dev): runs of flagged words per
1,000 words, every one counted (read them with lm_clean_report.py to tell real errors of the
source from false flags). The figures differ a little from btdev_report.py, which runs every
detector and merges spans. With --mqm S,D: also real neural MT, the first S MT systems' outputs of
the first D documents of MQM 2020 zh-en (mqm/, never used to set anything), each document's segments
as paragraphs: fluency error spans (Fluency/*, Style/Awkward; not Neutral) touched, flags in
segments no rater marked, and the share of flagged words inside any rater's error span.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from lm_clean_report import dev_articles, wmt_articles

from fixcopy.document import Document
from fixcopy.lm.detector import shipped_lm_detector
from fixcopy.lm.evidence import Word, scores


def scored_words(det, texts: list[str]) -> list[list[Word]]:
    """Every word of each text, from the detector's one scoring pass (its regions in a row)."""
    out: list[list[Word]] = [[] for _ in texts]
    for k, words in det.scored_words([Document(t) for t in texts]):
        out[k] += words
    return out


def with_pairs(words: list[Word], bonus: float, floor: float) -> list[float]:
    """The score of every word under the pair rule with these parameters (-inf where the detector
    never flags: names, numbers, the word after a name)."""
    return [s if w.flaggable else float("-inf") for w, s in zip(words, scores(words, bonus, floor))]


def runs(scores: list[float], threshold: float) -> int:
    """Runs of consecutive flagged words (one flag each)."""
    n, prev = 0, -2
    for i, s in enumerate(scores):
        if s >= threshold:
            n += i > prev + 1
            prev = i
    return n


def mqm_documents(path: Path, systems: int, documents: int) -> list[tuple[str, list[tuple]]]:
    """(text, segments) per (MT system, document): each segment's (start, end, fluency spans,
    every error span, error-free) in the document's text."""
    recs: dict[tuple, list[dict]] = defaultdict(list)
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        recs[(r["system"], r["doc"], r["doc_seg"])].append(r)
    mt = sorted({k[0] for k in recs if not k[0].startswith("Human")})[:systems]
    docs = sorted({k[1] for k in recs})[:documents]
    out = []
    for system in mt:
        for doc in docs:
            parts, segs, pos = [], [], 0
            for key in sorted(k for k in recs if k[0] == system and k[1] == doc):
                rs = recs[key]
                t = rs[0]["target"]
                errs = [
                    (e, pos + e["start"], pos + e["end"])
                    for r in rs
                    for e in r["errors"]
                    if e["start"] is not None and e["end"] > e["start"] and e["severity"] != "Neutral"
                ]
                fluency = {
                    (a, b)
                    for e, a, b in errs
                    if e["category"].startswith("Fluency") or e["category"] == "Style/Awkward"
                }
                clean = not any(
                    e["severity"] != "Neutral" and e["category"] != "No-error" for r in rs for e in r["errors"]
                )
                segs.append((pos, pos + len(t), fluency, [(a, b) for _, a, b in errs], clean))
                parts.append(t)
                pos += len(t) + 2
            out.append(("\n\n".join(parts) + "\n", segs))
    return out


def mqm_line(words: list[list[Word]], scored: list[list[float]], docs, threshold: float) -> str:
    hit = spans_all = false = flagged = on_error = 0
    clean_words = sum(len(t[a:b].split()) for t, segs in docs for a, b, _, _, c in segs if c)
    for ws, sc, (_, segs) in zip(words, scored, docs):
        flags = [(w.start, w.end) for w, s in zip(ws, sc) if s >= threshold]
        flagged += len(flags)
        errors = [e for seg in segs for e in seg[3]]
        on_error += sum(1 for f0, f1 in flags if any(a < f1 and f0 < b for a, b in errors))
        for a, b, fluency, _, clean in segs:
            spans_all += len(fluency)
            hit += sum(1 for g0, g1 in fluency if any(f0 < g1 and g0 < f1 for f0, f1 in flags))
            if clean:
                false += sum(1 for f0, _ in flags if a <= f0 < b)
    return (
        f" | mqm {hit}/{spans_all} fluency spans, {1000 * false / max(1, clean_words):.2f}/1k in error-free segments,"
        f" {on_error}/{flagged} flagged words on an error"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", required=True, type=Path)
    ap.add_argument("--sets", default="dev,wmt,train")
    ap.add_argument("--bonus", default="0,2,2.5,3,3.5")
    ap.add_argument("--threshold", default="8,7.5,7,6.5,6")
    ap.add_argument("--floor", type=float, default=4.5, help="nats each word of a pair needs (0: any)")
    ap.add_argument("--mqm", default="", help="S,D: MQM 2020 zh-en, S MT systems x D documents")
    a = ap.parse_args()
    det = shipped_lm_detector()
    if det is None:
        raise SystemExit("the language model is not installed: run `fixcopy model install`")
    bt = a.corpora / "bt-dev"
    files = sorted((bt / "articles").glob("*.txt"))
    bt_texts = [f.read_bytes().decode("utf-8") for f in files]
    gold: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for line in open(bt / "gold.jsonl", encoding="utf-8"):
        r = json.loads(line)
        gold[r["file"]].append((r["start"], r["end"]))
    clean_sents: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for line in open(bt / "sentences.jsonl", encoding="utf-8"):
        r = json.loads(line)
        if not r["garbled"]:
            clean_sents[r["file"]].append((r["start"], r["end"]))
    clean_words = sum(len(t[s:e].split()) for f, t in zip(files, bt_texts) for s, e in clean_sents[f.name])
    regions = sum(len(v) for v in gold.values())
    bt_words = scored_words(det, bt_texts)
    sources = {"dev": lambda: dev_articles(a.corpora, 150), "wmt": lambda: wmt_articles(a.corpora)[:80]}
    sources["train"] = lambda: dev_articles(a.corpora, 150, "train")
    clean = {}
    for name in a.sets.split(","):
        texts = sources[name]()
        clean[name] = (sum(len(t.split()) for t in texts), scored_words(det, texts))
    mqm = []
    if a.mqm:
        n_sys, n_docs = (int(x) for x in a.mqm.split(","))
        mqm = mqm_documents(a.corpora / "mqm" / "mqm_2020_zhen.jsonl", n_sys, n_docs)
        mqm_words = scored_words(det, [t for t, _ in mqm])
    print(f"bt-dev: {regions} regions, {clean_words} words in clean sentences; clean sets (words): ", end="")
    print(", ".join(f"{k} {v[0]}" for k, v in clean.items()))
    print("bonus threshold | bt-dev recall, clean-sentence flags/1k | clean sets: LM flags/1k")
    for bonus in (float(x) for x in a.bonus.split(",")):
        bt_scores = [with_pairs(ws, bonus, a.floor) for ws in bt_words]
        clean_scores = {k: [with_pairs(ws, bonus, a.floor) for ws in v[1]] for k, v in clean.items()}
        for t in (float(x) for x in a.threshold.split(",")):
            hit = false = 0
            for f, ws, sc in zip(files, bt_words, bt_scores):
                spans = [(w.start, w.end) for w, s in zip(ws, sc) if s >= t]
                hit += sum(1 for g0, g1 in gold[f.name] if any(s0 < g1 and g0 < s1 for s0, s1 in spans))
                false += sum(1 for s0, _ in spans if any(c0 <= s0 < c1 for c0, c1 in clean_sents[f.name]))
            line = f"{bonus:5.1f} {t:5.2f} | {hit / regions:.3f}, {1000 * false / clean_words:.2f} |"
            for k, (words, _) in clean.items():
                line += f" {k} {1000 * sum(runs(s, t) for s in clean_scores[k]) / words:.2f}"
            if mqm:
                line += mqm_line(mqm_words, [with_pairs(ws, bonus, a.floor) for ws in mqm_words], mqm, t)
            print(line)


if __name__ == "__main__":
    main()
