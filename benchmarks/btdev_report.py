"""Detection and fix figures on bt-dev (real back-translation garbles), scored by its own btscore.py.

    python benchmarks/btdev_report.py --set /path/to/corpora/bt-dev [--no-lm] [--sweep] [--min-confidence C]

Runs fixcopy in-process over every article (one batch, the default configuration), writes the
flags and the fixed articles to a temporary folder and runs the set's scorer on them. With
--sweep, also prints the LM flags' operating points over a range of thresholds (the
calibration of fixcopy.lm.detector.THRESHOLD; rule and model flags stay at the default).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

from fixcopy.config import Config
from fixcopy.detectors import detectors_for
from fixcopy.document import Document
from fixcopy.pipeline import check_documents, fixes
from fixcopy.suggestion import apply


def run(set_dir: Path, config: Config, sweep: bool) -> None:
    files = sorted((set_dir / "articles").glob("*.txt"))
    texts = [f.read_bytes().decode("utf-8") for f in files]
    docs = [Document(t) for t in texts]
    low = config.replace(min_confidence=0.2 if sweep else min(config.min_confidence, config.fix_min_confidence))
    cache = Path(os.environ["BTDEV_CACHE"]) if os.environ.get("BTDEV_CACHE") else None  # reuse a run's results
    if cache is not None and cache.is_file():
        results = pickle.loads(cache.read_bytes())
    else:
        results = check_documents(docs, low, detectors_for(low))
        if cache is not None:
            cache.write_bytes(pickle.dumps(results))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        scorer = [sys.executable, str(set_dir / "btscore.py")]

        def detect(min_lm: float, min_other: float) -> dict:
            out = {
                "files": [
                    {
                        "path": f.name,
                        "spans": [
                            {"start": s.start, "end": s.end}
                            for s in sugs
                            if s.confidence >= (min_lm if s.source == "lm" else min_other)
                        ],
                    }
                    for f, sugs in zip(files, results)
                ]
            }
            (tmp / "r.json").write_text(json.dumps(out))
            res = subprocess.run(
                scorer + ["detect", str(tmp / "r.json"), "--json"], capture_output=True, text=True, check=True
            )
            return json.loads(res.stdout)[0]

        if sweep:
            for c in [float(x) for x in os.environ.get("SWEEP", "0.3 0.35 0.4 0.45 0.5 0.55 0.6 0.65 0.7").split()]:
                r = detect(c, config.min_confidence)
                print(
                    json.dumps({"lm_min_confidence": c, **{k: r[k] for k in r if not isinstance(r[k], (dict, list))}})
                )
        print("detect:", json.dumps(detect(config.min_confidence, config.min_confidence)))
        fixed = tmp / "fixed"
        fixed.mkdir()
        n = 0
        for f, text, sugs in zip(files, texts, results):
            edits = fixes(sugs, config.fix_min_confidence)
            n += len(edits)
            (fixed / f.name).write_text(apply(text, edits), encoding="utf-8", newline="")
        res = subprocess.run(scorer + ["fix", str(fixed), "--json"], capture_output=True, text=True, check=True)
        print(f"fix ({n} edits):", res.stdout.strip())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", required=True, type=Path, help="the bt-dev folder (with btscore.py)")
    ap.add_argument("--no-lm", action="store_true", help="without the language model")
    ap.add_argument("--no-model", action="store_true", help="rules only")
    ap.add_argument("--sweep", action="store_true", help="LM flags at a range of thresholds")
    ap.add_argument("--min-confidence", type=float, default=None, help="every detector's bar (default: the default)")
    a = ap.parse_args()
    cfg = Config(lm=not a.no_lm, model=not a.no_model)
    if a.min_confidence is not None:
        cfg = Config(lm=not a.no_lm, model=not a.no_model, min_confidence=a.min_confidence)
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    run(a.set, cfg, a.sweep)


if __name__ == "__main__":
    main()
