"""The language model on MLQE-PE dev (ro, ru, et -> en): a guard against damage on fluent MT.
The same report as `fixcopy eval --lm` (fixcopy/training/lm_eval.py), on its own.

    python benchmarks/lm_mlqe_report.py --ape /path/to/corpora/ape [--pairs ro-en,ru-en,et-en] [--limit N] [--show]
        [--split train]   (the train split: 7,000 sentences a pair that no threshold was set on, to read)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fixcopy.training.lm_eval import PAIRS, mlqe_report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ape", required=True, type=Path)
    ap.add_argument("--pairs", default=",".join(PAIRS))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", action="store_true", help="print every fix the LM itself makes, with the post-edit")
    ap.add_argument("--split", default="dev", choices=("dev", "train"))
    a = ap.parse_args()
    mlqe_report(a.ape, tuple(a.pairs.split(",")), a.limit, a.show, split=a.split)


if __name__ == "__main__":
    main()
