"""fixcopy on real MT output: MLQE-PE dev (ape/*_dev.jsonl of the corpora folder, $FIXCOPY_CORPORA), English MT with
professional post-edits. A development check, never used for training or for choosing anything.

For each MT sentence, the words the post-editor changed are found by aligning the MT and the
post-edit (difflib over word and punctuation tokens). A suggestion is *confirmed* when its span
overlaps a changed word; a fix is *confirmed* when the MT with the fix applied is closer to the
post-edit (fewer differing tokens) than the MT without it. The base rate is the share of MT
words that were changed: what flagging words at random would score.

    python benchmarks/ape_report.py [--ape DIR] [--pairs ro-en,et-en,ru-en] [--no-model] [--show 10]
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from difflib import SequenceMatcher
from pathlib import Path

from fixcopy.config import Config
from fixcopy.detectors import detectors_for
from fixcopy.document import Document
from fixcopy.pipeline import check_documents
from fixcopy.suggestion import apply
from fixcopy.training.corpora import default_corpus
from fixcopy.training.lm_eval import changed_spans

REPO = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r"\w+|[^\w\s]")


def tokens(s: str) -> list[re.Match]:
    return list(TOKEN.finditer(s))


def distance(a: str, b: str) -> int:
    x, y = [m.group() for m in tokens(a)], [m.group() for m in tokens(b)]
    same = sum(bl.size for bl in SequenceMatcher(None, x, y, autojunk=False).get_matching_blocks())
    return len(x) + len(y) - 2 * same


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ape", type=Path, default=default_corpus("ape"), help="default: under $FIXCOPY_CORPORA")
    ap.add_argument("--pairs", default="ro-en,et-en,ru-en,ne-en,si-en")
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--show", type=int, default=10, help="print this many suggestions of each pair")
    args = ap.parse_args()
    if args.ape is None:
        ap.error("give --ape or set FIXCOPY_CORPORA to the corpora folder")
    config = Config(model=not args.no_model, min_confidence=0.5)
    dets = detectors_for(config)
    print(
        f"fixcopy on MLQE-PE dev MT output ({'rules only' if args.no_model else 'rules + model'}, "
        f"min-confidence {config.min_confidence}, fix at {config.fix_min_confidence})"
    )
    print(
        f"{'pair':6} {'sents':>5} {'words':>6} {'base':>5} {'flags':>5} {'/1k w':>6} {'conf.':>5} {'prec':>5} "
        f"{'fixes':>5} {'fix ok':>6}"
    )
    total = collections.Counter()
    by_cat = collections.defaultdict(collections.Counter)
    for pair in args.pairs.split(","):
        rows = [json.loads(line) for line in open(args.ape / f"mlqe_pe_{pair}_dev.jsonl", encoding="utf-8")]
        docs = [Document(r["mt"]) for r in rows]
        results = check_documents(docs, config, dets)
        c = collections.Counter()
        shown = 0
        for r, sugs in zip(rows, results):
            changed = changed_spans(r["mt"], r["pe"])
            n_words = len([m for m in tokens(r["mt"]) if m.group()[0].isalnum()])
            c["sents"] += 1
            c["words"] += n_words
            c["changed_words"] += sum(1 for a, b in changed if r["mt"][a].isalnum())
            for s in sugs:
                ok = any(a < s.end and s.start < b for a, b in changed) or (
                    s.start == s.end and any(a <= s.start <= b for a, b in changed)
                )
                c["flags"] += 1
                c["confirmed"] += ok
                by_cat[s.category]["flags"] += 1
                by_cat[s.category]["confirmed"] += ok
                if s.fixable and s.confidence >= config.fix_min_confidence:
                    better = distance(apply(r["mt"], [s]), r["pe"]) < distance(r["mt"], r["pe"])
                    c["fixes"] += 1
                    c["fix_ok"] += better
                    by_cat[s.category]["fixes"] += 1
                    by_cat[s.category]["fix_ok"] += better
                if shown < args.show:
                    shown += 1
                    print(
                        f"  {'+' if ok else '-'} {s.category} {s.source}: {s.text!r} -> {s.replacement!r} | "
                        f"{r['mt'][max(0, s.start - 40) : s.end + 40]!r}",
                        file=sys.stderr,
                    )
        total.update(c)
        _row(pair, c)
    _row("all", total)
    print("\nby category:  flags  confirmed  fixes  fixes closer to the post-edit")
    for cat, c in sorted(by_cat.items(), key=lambda kv: -kv[1]["flags"]):
        print(f"  {cat:20} {c['flags']:5} {c['confirmed']:10} {c['fixes']:6} {c['fix_ok']:6}")


def _row(name: str, c: collections.Counter) -> None:
    print(
        f"{name:6} {c['sents']:5} {c['words']:6} {c['changed_words'] / max(1, c['words']):5.2f} {c['flags']:5} "
        f"{1000 * c['flags'] / max(1, c['words']):6.2f} {c['confirmed']:5} "
        f"{c['confirmed'] / max(1, c['flags']):5.2f} "
        f"{c['fixes']:5} {c['fix_ok']:6}"
    )


if __name__ == "__main__":
    main()
