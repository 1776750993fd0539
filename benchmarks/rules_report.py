"""Quality report for the rule detector (issue: foundation).

1. False flags per 1,000 words on clean edited news from news/ of the corpora folder ($FIXCOPY_CORPORA)
   (BBC + WMT newstest; 300 articles by default, chosen by a seeded shuffle).
2. Recall per category (and overall precision) on the planted garbles of corpora/gold.jsonl,
   plus flags on corpora/clean/.

    python benchmarks/rules_report.py [--news DIR] [--articles 300] [--show 20] [--model]

With --model the shipped model runs beside the rules (as `fixcopy check` does by default), and
the report splits flags by source and counts those `fix` would apply (confidence >= 0.8).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
from pathlib import Path

from fixcopy.config import Config
from fixcopy.detectors import detectors_for
from fixcopy.document import Document
from fixcopy.pipeline import check_documents
from fixcopy.training.corpora import default_corpus

REPO = Path(__file__).resolve().parent.parent
RULES_ONLY = Config(model=False)


def clean_news(news_dir: Path, n: int, seed: int = 1) -> list[dict]:
    arts = []
    for name in ("bbc_news.jsonl", "wmt_newstest.jsonl"):
        with open(news_dir / name, encoding="utf-8") as f:
            arts += [json.loads(line) for line in f]
    random.Random(seed).shuffle(arts)
    return arts[:n]


def false_flags(news_dir: Path, n: int, show: int, config: Config = RULES_ONLY) -> dict:
    arts = clean_news(news_dir, n)
    docs = [Document(a["text"]) for a in arts]
    results = check_documents(docs, config, detectors_for(config))
    words = sum(d.word_count for d in docs)
    flags = [(a["id"], d, s) for a, d, sugs in zip(arts, docs, results) for s in sugs]
    by_cat = collections.Counter(s.category for _, _, s in flags)
    for aid, d, s in flags[:show]:
        ctx = d.text[max(0, s.start - 40) : s.end + 40].replace("\n", " ")
        print(f"  FLAG {aid} {s.category}: {s.text!r} -> {s.replacement!r} | ...{ctx}...", file=sys.stderr)
    by_source = collections.Counter(s.source for _, _, s in flags)
    applied = sum(1 for _, _, s in flags if s.fixable and s.confidence >= config.fix_min_confidence)
    return {
        "articles": len(arts),
        "words": words,
        "flags": len(flags),
        "per_1000_words": round(1000 * len(flags) / max(words, 1), 3),
        "by_category": dict(by_cat),
        "by_source": dict(by_source),
        "fixes_fix_would_apply": applied,
    }


def planted(config: Config = RULES_ONLY) -> dict:
    gold = [json.loads(line) for line in open(REPO / "corpora" / "gold.jsonl", encoding="utf-8")]
    by_file = collections.defaultdict(list)
    for g in gold:
        by_file[g["file"]].append(g)
    files = sorted(by_file)
    docs = [Document((REPO / "corpora" / f).read_text(encoding="utf-8")) for f in files]
    results = check_documents(docs, config, detectors_for(config))
    found = collections.Counter()
    fixed = collections.Counter()
    total = collections.Counter(g["category"] for g in gold)
    true_flags = false_flags_ = 0
    for f, sugs in zip(files, results):
        golds = by_file[f]
        for s in sugs:
            hit = [g for g in golds if g["start"] < s.end and s.start < g["end"]]
            if hit:
                true_flags += 1
            else:
                false_flags_ += 1
                print(f"  FALSE {f} {s.category}: {s.text!r} -> {s.replacement!r}", file=sys.stderr)
        for g in golds:
            hits = [s for s in sugs if g["start"] < s.end and s.start < g["end"]]
            if hits:
                found[g["category"]] += 1
            if g["fix"] is not None:
                for s in hits:
                    if s.replacement is not None:
                        t = docs[files.index(f)].text
                        lo, hi = min(s.start, g["start"]), max(s.end, g["end"])
                        ours = t[lo : s.start] + s.replacement + t[s.end : hi]
                        theirs = t[lo : g["start"]] + g["fix"] + t[g["end"] : hi]
                        if ours == theirs:
                            fixed[g["category"]] += 1
                            break
    clean_dir = REPO / "corpora" / "clean"
    clean_docs = [Document(p.read_text(encoding="utf-8")) for p in sorted(clean_dir.glob("*.txt"))]
    clean_flags = sum(len(r) for r in check_documents(clean_docs, config, detectors_for(config)))
    per_cat = {
        c: {"planted": total[c], "found": found[c], "recall": round(found[c] / total[c], 2), "exact_fix": fixed[c]}
        for c in sorted(total)
    }
    return {
        "per_category": per_cat,
        "flags_on_garbled": true_flags + false_flags_,
        "precision": round(true_flags / max(1, true_flags + false_flags_), 3),
        "flags_on_clean_samples": clean_flags,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--news", type=Path, default=default_corpus("news"), help="default: under $FIXCOPY_CORPORA")
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--show", type=int, default=20, help="print this many false flags on clean news")
    ap.add_argument("--model", action="store_true", help="run the shipped model as well as the rules")
    args = ap.parse_args()
    config = Config() if args.model else RULES_ONLY
    report = {"config": "rules + model" if args.model else "rules only", "planted": planted(config)}
    if args.news and args.news.is_dir():
        report["clean_news"] = false_flags(args.news, args.articles, args.show, config)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
