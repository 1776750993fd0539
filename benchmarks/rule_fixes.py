"""Every fix the rules would apply to clean news: the list to read for rule damage.

The news corpus is edited, published copy, so a rule fix on it is a false fix unless the
original has a real typo. This runs the rules only (no model) over every article of every
``*.jsonl`` file in the corpus folder and prints each fix `fixcopy fix` would apply
(a replacement at or above the fix threshold, 0.8 by default), one a line, with its context.
With --model, everything runs as `fixcopy fix` runs by default (rules, the shipped model and the
language model when installed), and --source keeps the fixes of one source (rule, model, lm):

    python benchmarks/rule_fixes.py --corpus ../shared/corpora/news [--min-confidence 0.8]
        [--files bbc_news.jsonl ...] [--limit N] [--jsonl OUT] [--model [--source lm]] > fixes.txt

The summary (fixes by category and by rewrite) goes to standard error.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

from fixcopy.config import Config
from fixcopy.detectors import detectors_for
from fixcopy.document import Document
from fixcopy.pipeline import check_documents, fixes


def articles(corpus: Path, files: list[str] | None, limit: int | None):
    names = files or sorted(p.name for p in corpus.glob("*.jsonl"))
    for name in names:
        with open(corpus / name, encoding="utf-8") as f:
            for i, line in enumerate(f):
                if limit is not None and i >= limit:
                    break
                a = json.loads(line)
                if a.get("text"):
                    yield a


def context(text: str, start: int, end: int, width: int = 50) -> str:
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return (before + "[[" + text[start:end] + "]]" + after).replace("\n", " ⏎ ")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True, help="folder of *.jsonl news files")
    ap.add_argument("--files", nargs="*", help="only these files of the folder")
    ap.add_argument("--limit", type=int, help="at most this many articles a file")
    ap.add_argument("--min-confidence", type=float, default=Config().fix_min_confidence)
    ap.add_argument("--jsonl", type=Path, help="also write each fix as a JSON line here")
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--model", action="store_true", help="the default configuration: rules, model and LM")
    ap.add_argument("--source", choices=("rule", "model", "lm"), help="only the fixes of this source")
    args = ap.parse_args(argv)
    config = Config(model=args.model, min_confidence=min(args.min_confidence, Config().min_confidence))
    detectors = detectors_for(config)
    n_words = 0
    by_cat: collections.Counter = collections.Counter()
    by_change: collections.Counter = collections.Counter()
    n_articles = 0
    out_json = open(args.jsonl, "w", encoding="utf-8") if args.jsonl else None
    batch: list[dict] = []

    def flush() -> None:
        docs = [Document(a["text"]) for a in batch]
        for a, doc, sugs in zip(batch, docs, check_documents(docs, config, detectors)):
            for s in fixes(sugs, args.min_confidence):
                if args.source and s.source != args.source:
                    continue
                by_cat[s.category] += 1
                by_change[(s.category, s.text, s.replacement)] += 1
                print(
                    f"{a['id']}\t{s.source}\t{s.category}\t{s.confidence:.2f}\t{s.text!r} -> {s.replacement!r}\t"
                    f"{context(doc.text, s.start, s.end)}"
                )
                if out_json:
                    out_json.write(
                        json.dumps({"id": a["id"], **s.to_dict(), "context": context(doc.text, s.start, s.end)}) + "\n"
                    )
        batch.clear()

    for a in articles(args.corpus, args.files, args.limit):
        n_articles += 1
        n_words += len(a["text"].split())
        batch.append(a)
        if len(batch) >= args.batch:
            flush()
    flush()
    if out_json:
        out_json.close()
    total = sum(by_cat.values())
    print(
        f"{total} fixes in {n_articles} articles, {n_words:,} words ({'rules, model, LM' if args.model else 'rules only'}"
        f"{', source ' + args.source if args.source else ''}; confidence >= {args.min_confidence:g})",
        file=sys.stderr,
    )
    for cat, n in by_cat.most_common():
        print(f"  {cat}: {n}", file=sys.stderr)
    print("most frequent rewrites:", file=sys.stderr)
    for (cat, old, new), n in by_change.most_common(25):
        print(f"  {n:5d}  {cat}: {old!r} -> {new!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
