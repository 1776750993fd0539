"""Calibration of the language model's repairs (fixcopy.lm.correct): every LM evidence span at a low
bar gets candidates; the best candidate's gain is recorded with whether it moves the sentence
towards the original (bt-dev) or changes clean copy (clean news dev). Prints, per kind of edit
and margin, edits right / wrong / on clean copy.

    python benchmarks/lm_repair_sweep.py --corpora /path/to/corpora [--bar 6] [--limit 80] [--cache F]
    python benchmarks/lm_repair_sweep.py --corpora /path/to/corpora --of-chains-only N [--wmt]
    python benchmarks/lm_repair_sweep.py --corpora /path/to/corpora --of-chains-news
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import pickle
from pathlib import Path

from lm_clean_report import wmt_articles

from fixcopy.document import Document
from fixcopy.lm.candidates import ALL_KINDS, REPAIR_KINDS, of_chains
from fixcopy.lm.correct import Place, best_repairs
from fixcopy.lm.detector import shipped_lm_detector, unigram_logprob
from fixcopy.training.lm_eval import word_distance


def records(det, docs: list[Document], bar: float, kinds: tuple[str, ...]) -> list[list[tuple]]:
    """(start, end, evidence score, best repair) of every place the detector tries repairs at."""
    found = det.evidence(docs, bar)
    places = [Place(k, ev.start, ev.end, kinds) for k, ev in found]
    scores = [ev.score for _, ev in found]
    for k, doc in enumerate(docs):
        for p in doc.prose:
            for a, b in of_chains(doc.text, p.start, p.end):
                places.append(Place(k, a, b, ("literal-compound",)))
                scores.append(0.0)
    reps = best_repairs(det.lm.logprob, unigram_logprob, docs, places)
    out: list[list[tuple]] = [[] for _ in docs]
    for pl, sc, r in zip(places, scores, reps):
        out[pl.doc].append((pl.start, pl.end, sc, r))
    return out


def btdev(set_dir: Path):
    sents = collections.defaultdict(list)
    for line in open(set_dir / "sentences.jsonl", encoding="utf-8"):
        r = json.loads(line)
        sents[r["file"]].append(r)
    files = sorted((set_dir / "articles").glob("*.txt"))
    docs = [Document(f.read_bytes().decode("utf-8")) for f in files]
    return files, docs, sents


def judge_btdev(set_dir: Path, files, docs, sents, recs) -> list[tuple]:
    out = []  # (kind, gain, evidence score, outcome: +1 better, -1 worse, 0 same, 'clean')
    for f, doc, rs in zip(files, docs, recs):
        clean = (set_dir / "articles_clean" / f.name).read_bytes().decode("utf-8")
        for _, _, score, rep in rs:
            if rep is None:
                continue
            c = rep.candidate
            s = next((s for s in sents[f.name] if s["start"] <= c.start and c.end <= s["end"]), None)
            if s is None:
                continue
            old = doc.text[s["start"] : s["end"]]
            new = doc.text[s["start"] : c.start] + c.replacement + doc.text[c.end : s["end"]]
            ref = clean[s["clean_start"] : s["clean_end"]]
            if not s["garbled"]:
                outcome = "clean"
            else:
                d = word_distance(new, ref) - word_distance(old, ref)
                outcome = -1 if d > 0 else (1 if d < 0 else 0)
            out.append((c.kind, rep.gain, score, outcome, doc.text[c.start : c.end], c.replacement))
    return out


def of_chain_places(docs: list[Document]) -> list[Place]:
    return [
        Place(k, a, b, ("literal-compound",))
        for k, d in enumerate(docs)
        for p in d.prose
        for a, b in of_chains(d.text, p.start, p.end)
    ]


def of_chain_report(det, corpora: Path, limit: int, wmt: bool) -> None:
    """The of-chain repairs alone (cheap: no evidence pass): bt-dev outcomes by margin, and every
    repair at the shipped margin over clean news (damage)."""
    from lm_clean_report import dev_articles

    from fixcopy.lm.detector import FIX_MARGINS

    files, bdocs, sents = btdev(corpora / "bt-dev")
    places = of_chain_places(bdocs)
    reps = best_repairs(det.lm.logprob, unigram_logprob, bdocs, places)
    recs: list[list[tuple]] = [[] for _ in bdocs]
    for pl, r in zip(places, reps):
        recs[pl.doc].append((pl.start, pl.end, 0.0, r))
    bt = judge_btdev(corpora / "bt-dev", files, bdocs, sents, recs)
    print(f"bt-dev: {len(places)} of-chain places\nmargin right wrong same bt-clean")
    for m in (2, 3, 4, 5, 6, 7, 8):
        n = collections.Counter(r[3] for r in bt if r[1] >= m)
        print(f"  {m:>4} {n[1]:>5} {n[-1]:>5} {n[0]:>4} {n['clean']:>8}")
    margin = FIX_MARGINS["literal-compound"]
    for r in bt:
        if r[1] >= margin and r[3] != 1:
            print(f"  not right: {r[1]:5.1f} {r[4]!r} -> {r[5]!r} ({r[3]})")
    docs = [Document(t) for t in (wmt_articles(corpora)[:limit] if wmt else dev_articles(corpora, limit))]
    places = of_chain_places(docs)
    reps = best_repairs(det.lm.logprob, unigram_logprob, docs, places)
    words = sum(d.word_count for d in docs)
    hits = [(pl, r) for pl, r in zip(places, reps) if r is not None and r.gain >= margin]
    print(
        f"{len(docs)} clean articles, {words} words, {len(places)} of-chain places: {len(hits)} repairs at >= {margin}"
    )
    for pl, r in hits:
        t = docs[pl.doc].text
        print(
            f"  {r.gain:5.1f} {t[max(0, pl.start - 40) : pl.start]!r} [[{t[pl.start : pl.end]}]] -> {r.candidate.replacement!r}"
        )


def news_texts(corpora: Path) -> list[str]:
    """Every article of the clean news corpora (Reuters-21578, BBC, WMT newstest, FLORES), without
    the ones bt-dev is made of: the corpus rule_hits.py reads."""
    held = {json.loads(line)["doc"] for line in open(corpora / "bt-dev" / "articles.jsonl", encoding="utf-8")}
    out = []
    for name in ("reuters21578.jsonl", "bbc_news.jsonl", "wmt_newstest.jsonl", "flores101_devtest.jsonl"):
        for line in open(corpora / "news" / name, encoding="utf-8"):
            r = json.loads(line)
            if r.get("id") not in held:
                out.append(r["text"])
    return out


def of_chain_news(det, corpora: Path, chunk: int = 300) -> None:
    """Every of-chain the LM would fix or flag over the whole clean news corpus (about 3.5M words,
    15 minutes on 2 cores): each is a change to, or a flag on, correct copy."""
    from fixcopy.lm.detector import FIX_MARGINS, FLAG_MARGINS

    fix, flag = FIX_MARGINS["literal-compound"], FLAG_MARGINS["literal-compound"]
    texts = news_texts(corpora)
    words = n_places = n_fix = n_flag = 0
    for n in range(0, len(texts), chunk):
        docs = [Document(t) for t in texts[n : n + chunk]]
        places = of_chain_places(docs)
        words += sum(d.word_count for d in docs)
        n_places += len(places)
        for pl, r in zip(places, best_repairs(det.lm.logprob, unigram_logprob, docs, places)):
            if r is None or r.gain < flag:
                continue
            n_fix, n_flag = n_fix + (r.gain >= fix), n_flag + (r.gain < fix)
            t = docs[pl.doc].text
            print(
                f"  {'FIX ' if r.gain >= fix else 'flag'} {r.gain:5.1f} {t[max(0, pl.start - 40) : pl.start]!r} "
                f"[[{t[pl.start : pl.end]}]] {t[pl.end : pl.end + 20]!r} -> {r.candidate.replacement!r}",
                flush=True,
            )
    print(f"{len(texts)} clean articles, {words} words, {n_places} of-chain places: {n_fix} fixes, {n_flag} flags")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", required=True, type=Path)
    ap.add_argument("--bar", type=float, default=6.0, help="evidence score (nats) that gets candidates")
    ap.add_argument("--limit", type=int, default=80, help="clean news dev articles")
    ap.add_argument("--cache", type=Path)
    ap.add_argument(
        "--all-kinds", action="store_true", help=f"also try {', '.join(sorted(set(ALL_KINDS) - set(REPAIR_KINDS)))}"
    )
    ap.add_argument(
        "--of-chains-only",
        type=int,
        metavar="N",
        help="only list the of-chain repairs at or above the margin over N clean news dev articles (damage check)",
    )
    ap.add_argument("--wmt", action="store_true", help="with --of-chains-only: WMT newstest articles, not Reuters/BBC")
    ap.add_argument(
        "--of-chains-news", action="store_true", help="every of-chain fix and flag over the whole clean news corpus"
    )
    a = ap.parse_args()
    det = shipped_lm_detector()
    if a.of_chains_news:
        return of_chain_news(det, a.corpora)
    if a.of_chains_only:
        return of_chain_report(det, a.corpora, a.of_chains_only, a.wmt)
    kinds = ALL_KINDS if a.all_kinds else REPAIR_KINDS
    if a.cache and a.cache.is_file():
        bt, cl, clean_words = pickle.loads(a.cache.read_bytes())
    else:
        from lm_clean_report import dev_articles

        files, docs, sents = btdev(a.corpora / "bt-dev")
        bt = judge_btdev(a.corpora / "bt-dev", files, docs, sents, records(det, docs, a.bar, kinds))
        cdocs = [Document(t) for t in dev_articles(a.corpora, a.limit)]
        clean_words = sum(d.word_count for d in cdocs)
        cl = [
            (r.candidate.kind, r.gain, sc, "news", d.text[r.candidate.start : r.candidate.end], r.candidate.replacement)
            for d, rs in zip(cdocs, records(det, cdocs, a.bar, kinds))
            for _, _, sc, r in rs
            if r is not None
        ]
        if a.cache:
            a.cache.write_bytes(pickle.dumps((bt, cl, clean_words)))
    print(f"bt-dev candidates at bar {a.bar}: {len(bt)}; clean news: {len(cl)} over {clean_words} words")
    kinds = sorted({r[0] for r in bt + cl})
    for kind in kinds + ["all"]:
        print(f"\n{kind}: margin  right wrong same bt-clean news-clean")
        for m in (2, 3, 4, 5, 6, 8, 10, 12):
            sel = [r for r in bt if (kind == "all" or r[0] == kind) and r[1] >= m]
            news = [r for r in cl if (kind == "all" or r[0] == kind) and r[1] >= m]
            n = collections.Counter(r[3] for r in sel)
            print(f"  {m:>4} {n[1]:>6} {n[-1]:>5} {n[0]:>4} {n['clean']:>8} {len(news):>10}")
    if os.environ.get("SHOW"):
        m = float(os.environ["SHOW"])
        for r in sorted(bt + cl, key=lambda r: -r[1]):
            if r[1] >= m:
                print(f"  {r[0]:<16} {r[1]:5.1f} ev={r[2]:5.1f} {r[3]!s:>5}  {r[4]!r} -> {r[5]!r}")


if __name__ == "__main__":
    main()
