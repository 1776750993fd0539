"""The language model on MLQE-PE dev (ro, ru, et -> en): a guard against damage on fluent MT.

    python benchmarks/lm_mlqe_report.py --ape /path/to/corpora/ape [--pairs ro-en,ru-en,et-en] [--limit N]

1. Detection: word-level AUC of the LM detector's word score (excess surprisal of the word plus that
   of the next word; names and numbers score 0) against the words the post-editors changed.
2. Correction: `fix` at the default threshold with and without the LM judge: gain = share of the
   MT -> post-edit word edit distance removed, sentences improved and worsened, and changes per 100
   sentences that the post-editors left untouched.
A development check: nothing is trained or chosen from it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ape_report import changed_spans  # noqa: E402

from fixcopy.config import Config  # noqa: E402
from fixcopy.detectors import detectors_for  # noqa: E402
from fixcopy.document import Document  # noqa: E402
from fixcopy.lm.detector import shipped_lm_detector, words_of  # noqa: E402
from fixcopy.pipeline import check_documents, fixes  # noqa: E402
from fixcopy.suggestion import apply  # noqa: E402
from fixcopy.training.detector.metrics import roc_auc  # noqa: E402


def word_distance(a: str, b: str) -> int:
    x, y = a.split(), b.split()
    prev = list(range(len(y) + 1))
    for i, wx in enumerate(x, 1):
        cur = [i] + [0] * len(y)
        for j, wy in enumerate(y, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (wx != wy))
        prev = cur
    return prev[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ape", required=True, type=Path)
    ap.add_argument("--pairs", default="ro-en,ru-en,et-en")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", action="store_true", help="print every fix the LM itself makes, with the post-edit")
    a = ap.parse_args()
    det = shipped_lm_detector()
    if det is None:
        raise SystemExit("the language model is not installed: run `fixcopy model install`")
    with_lm, without_lm = Config(), Config(lm=False)
    dets_with, dets_without = detectors_for(with_lm), detectors_for(without_lm)
    all_pos, all_neg = [], []
    for pair in a.pairs.split(","):
        rows = [json.loads(line) for line in open(a.ape / f"mlqe_pe_{pair}_dev.jsonl", encoding="utf-8")]
        rows = rows[: a.limit] if a.limit else rows
        docs = [Document(r["mt"]) for r in rows]
        pos, neg = [], []
        regions = [(k, p.start, d.text[p.start : p.end]) for k, d in enumerate(docs) for p in d.prose]
        for (k, start, _), sc in zip(regions, det.lm.score([r[2] for r in regions])):
            changed = changed_spans(rows[k]["mt"], rows[k]["pe"])
            words = words_of(docs[k], start, sc)
            for i, w in enumerate(words):
                if not w.core:
                    continue
                nxt = words[i + 1] if i + 1 < len(words) else None
                follow = nxt.excess if nxt is not None and nxt.flaggable and nxt.sentence == w.sentence else 0.0
                score = w.excess + max(0.0, follow) if w.flaggable else 0.0
                bad = any(x < w.end and w.start < y for x, y in changed)
                (pos if bad else neg).append(score)
        all_pos += pos
        all_neg += neg
        print(
            f"{pair}: {len(rows)} sentences, {len(pos) + len(neg)} words, {len(pos)} changed: LM word AUC "
            f"{roc_auc(pos + neg, [True] * len(pos) + [False] * len(neg)):.3f}"
        )
        for name, cfg, dets in (("without LM", without_lm, dets_without), ("with LM", with_lm, dets_with)):
            low = cfg.replace(min_confidence=min(cfg.min_confidence, cfg.fix_min_confidence))
            results = check_documents(docs, low, dets)
            before = after = improved = worsened = changes_untouched = untouched = 0
            for r, sugs in zip(rows, results):
                applied = fixes(sugs, cfg.fix_min_confidence)
                fixed = apply(r["mt"], applied)
                for s in applied if a.show else ():
                    if s.source == "lm":
                        print(
                            f"    LM fix {s.text!r} -> {s.replacement!r} in {r['mt']!r}\n      post-edit: {r['pe']!r}"
                        )
                d0, d1 = word_distance(r["mt"], r["pe"]), word_distance(fixed, r["pe"])
                before, after = before + d0, after + d1
                improved += d1 < d0
                worsened += d1 > d0
                if r["mt"] == r["pe"]:
                    untouched += 1
                    changes_untouched += fixed != r["mt"]
            print(
                f"  fix {name}: gain {1 - after / max(1, before):+.4f}, improved {improved}, worsened {worsened}, "
                f"changed {changes_untouched} of {untouched} untouched sentences "
                f"({100 * changes_untouched / max(1, untouched):.1f} per 100)"
            )
    print(f"all: LM word AUC {roc_auc(all_pos + all_neg, [True] * len(all_pos) + [False] * len(all_neg)):.3f}")


if __name__ == "__main__":
    main()
