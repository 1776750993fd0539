"""Open-ended repairs of the LM's flags (issue 13, item 4), measured, not shipped. Two sources:

- ``continuations`` (default): generate from the prefix with the LM itself (beam search), put the
  first n-1, n or n+1 generated words in place of the flagged n words (or of those and the word
  before);
- ``rewriter``: the shipped span rewriter's n-best replacements of the flagged span (beam 4, 4
  hypotheses; deletions left out: a content word is never deleted).

Each candidate is rescored in its window with the suffix (fixcopy.lm.correct.window) and the best
kept by the judge's unigram-normalised gain. Prints, per margin, how often the best candidate moves
a bt-dev sentence towards its original words (right), away from them (wrong), neither (same), or
touches one of bt-dev's clean sentences or clean Reuters/BBC dev news.

    python benchmarks/lm_continuations.py --corpora /path/to/corpora [--source rewriter] [--bar 7] [--limit 60]
"""

from __future__ import annotations

import argparse
import collections
import re
import time
from pathlib import Path

from lm_clean_report import dev_articles
from lm_repair_sweep import btdev

from fixcopy.document import Document
from fixcopy.lm.candidates import words_in
from fixcopy.lm.correct import window
from fixcopy.lm.detector import shipped_lm_detector, to_suggestion, unigram_logprob
from fixcopy.training.lm_eval import word_distance

BEAM = 6
MAX_TOKENS = 12
TRAILING = re.compile(r"[^\w'’-]+$")


def generate(lm, prefixes: list[str]) -> list[list[str]]:
    """BEAM continuations of each prefix (beam search, the model's own greedy-most-probable texts)."""
    out = []
    for s in range(0, len(prefixes), 16):
        prompts = []
        for p in prefixes[s : s + 16]:
            ids, _ = lm.encode(p)
            prompts.append([lm.bos] + [lm._id_to_str[i] for i in ids])
        res = lm._gen.generate_batch(
            prompts, max_length=MAX_TOKENS, beam_size=BEAM, num_hypotheses=BEAM, include_prompt_in_result=False
        )
        out += [[lm._tok.decode([lm._tok.token_to_id(t) for t in seq]) for seq in r.sequences] for r in res]
    return out


def continuation_candidates(det, docs: list[Document], bar: float) -> tuple[list[tuple], float]:
    """(doc, evidence, window start, window end, span start, span end, replacements) of each place,
    and the seconds spent generating."""
    meta, prefixes = [], []
    for k, ev in det.evidence(docs, bar):
        doc = docs[k]
        sent = doc.sentence_at(ev.start)
        if ev.unknown or sent is None or sent.end < ev.end:
            continue
        words = words_in(doc.text, sent.start, sent.end)
        idx = [i for i, w in enumerate(words) if w.start < ev.end and w.end > ev.start]
        if not idx or idx[0] == 0:  # nothing to continue from inside the sentence
            continue
        for first in sorted({idx[0], max(1, idx[0] - 1)}):
            a, b = window(words, sent.start, sent.end, first, idx[-1])
            meta.append((k, ev, a, b, words[first].start, words[idx[-1]].end, idx[-1] - first + 1))
            prefixes.append(doc.text[a : words[first - 1].end])
    t = time.perf_counter()
    hyps = generate(det.lm, prefixes)
    took = time.perf_counter() - t
    out = []
    for (k, ev, a, b, ss, se, n), hs in zip(meta, hyps):
        reps = []
        for h in hs:
            ws = [TRAILING.sub("", w) for w in h.split()]
            reps += [" ".join(ws[:m]) for m in (n - 1, n, n + 1) if 1 <= m <= len(ws) and all(ws[:m])]
        out.append((k, ev, a, b, ss, se, reps))
    return out, took


def rewriter_candidates(det, docs: list[Document], bar: float) -> tuple[list[tuple], float]:
    """The same places' candidates from the shipped span rewriter's n-best."""
    from fixcopy.model import load_model
    from fixcopy.model.rewriter import BEAM_SIZE, encode_source, make_parts

    rw = load_model("rewriter")
    meta, srcs = [], []
    for k, ev in det.evidence(docs, bar):
        doc = docs[k]
        sent = doc.sentence_at(ev.start)
        if ev.unknown or sent is None or sent.end < ev.end or not rw.fits(doc.text, ev.start, ev.end):
            continue
        words = words_in(doc.text, sent.start, sent.end)
        idx = [i for i, w in enumerate(words) if w.start < ev.end and w.end > ev.start]
        if not idx:
            continue
        a, b = window(words, sent.start, sent.end, idx[0], idx[-1])
        cat = to_suggestion(doc, ev, det.threshold).category
        meta.append((k, ev, a, b, ev.start, ev.end))
        ids = encode_source(rw.pieces, make_parts(doc.text, ev.start, ev.end, cat), rw.max_src_pieces)
        srcs.append([rw.pieces.vocab[i] for i in ids])
    t = time.perf_counter()
    res = rw.translator.translate_batch(
        srcs,
        beam_size=BEAM_SIZE,
        num_hypotheses=BEAM_SIZE,
        max_decoding_length=rw.max_decoding_length,
        length_penalty=0.0,
    )
    took = time.perf_counter() - t
    out = []
    for m, r in zip(meta, res):
        reps = [rw.pieces.sp.decode([rw.pieces.sp.piece_to_id(p) for p in h]) for h in r.hypotheses]
        out.append((*m, [x for x in reps if x.strip()]))
    return out, took


def best_repairs(det, docs: list[Document], bar: float, source: str) -> list[tuple]:
    """(doc, start, end, replacement, gain, evidence score) of the best candidate at each place."""
    propose = rewriter_candidates if source == "rewriter" else continuation_candidates
    places, took = propose(det, docs, bar)
    texts, jobs, base = [], [], {}
    for k, ev, a, b, ss, se, reps in places:
        text = docs[k].text
        if (k, a, b) not in base:
            base[k, a, b] = len(texts)
            texts.append(text[a:b])
        seen = {text[ss:se]}
        for rep in reps:
            if rep not in seen:
                seen.add(rep)
                jobs.append((k, ev, base[k, a, b], len(texts), ss, se, rep))
                texts.append(text[a:ss] + rep + text[se:b])
    scores = det.lm.logprob(texts)
    print(f"  {len(places)} places, candidates made in {took:.1f}s; {len(texts)} texts scored")
    best: dict[tuple[int, int], tuple] = {}
    for k, ev, o, t, ss, se, rep in jobs:
        gain = (scores[t] - unigram_logprob(rep)) - (scores[o] - unigram_logprob(docs[k].text[ss:se]))
        if (k, ev.start) not in best or gain > best[k, ev.start][4]:
            best[k, ev.start] = (k, ss, se, rep, gain, ev.score)
    return list(best.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", required=True, type=Path)
    ap.add_argument("--source", choices=("continuations", "rewriter"), default="continuations")
    ap.add_argument("--bar", type=float, default=7.0, help="evidence score (nats) of the places tried")
    ap.add_argument("--limit", type=int, default=60, help="clean news dev articles")
    ap.add_argument("--show", type=int, default=40, help="list the best candidates, highest gain first")
    a = ap.parse_args()
    det = shipped_lm_detector()
    if det is None:
        raise SystemExit("the language model is not installed: run `fixcopy model install`")
    set_dir = a.corpora / "bt-dev"
    files, docs, sents = btdev(set_dir)
    rows = []  # (gain, outcome, before, after)
    for k, ss, se, rep, gain, _ in best_repairs(det, docs, a.bar, a.source):
        f, text = files[k], docs[k].text
        s = next((s for s in sents[f.name] if s["start"] <= ss and se <= s["end"]), None)
        if s is None:
            continue
        if not s["garbled"]:
            outcome = "clean"
        else:
            ref = (set_dir / "articles_clean" / f.name).read_bytes().decode("utf-8")[s["clean_start"] : s["clean_end"]]
            old, new = text[s["start"] : s["end"]], text[s["start"] : ss] + rep + text[se : s["end"]]
            d = word_distance(new, ref) - word_distance(old, ref)
            outcome = "wrong" if d > 0 else ("right" if d < 0 else "same")
        rows.append((gain, outcome, text[ss:se], rep))
    news = [Document(t) for t in dev_articles(a.corpora, a.limit)]
    words = sum(d.word_count for d in news)
    rows += [(g, "news", news[k].text[ss:se], rep) for k, ss, se, rep, g, _ in best_repairs(det, news, a.bar, a.source)]
    print(f"places at {a.bar} nats; clean news: {len(news)} articles, {words} words")
    print("margin  right wrong  same  bt-clean  news")
    for m in (0, 4, 8, 12, 15, 20):
        n = collections.Counter(r[1] for r in rows if r[0] >= m)
        print(f"  {m:>4} {n['right']:>6} {n['wrong']:>5} {n['same']:>5} {n['clean']:>9} {n['news']:>5}")
    for g, outcome, before, after in sorted(rows, key=lambda r: -r[0])[: a.show]:
        print(f"  {g:6.1f} {outcome:>5}  {before!r} -> {after!r}")


if __name__ == "__main__":
    main()
