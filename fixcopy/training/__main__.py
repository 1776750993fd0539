"""python -m fixcopy.training {train,export,eval,generate,rewriter-train,rewriter-export,rewriter-eval} ...
(needs the [train] extra)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_CONFIG = Path(__file__).resolve().parent / "configs" / "detector.toml"
REWRITER_CONFIG = Path(__file__).resolve().parent / "configs" / "rewriter.toml"
SHIPPED = Path(__file__).resolve().parent.parent / "models"


def set_calibrated_threshold(models: Path, corpus: Path, limit: int = 0) -> float:
    from ..model.detector import ModelDetector
    from .evaluate import calibrate

    thr, rates = calibrate(ModelDetector(models), corpus, limit)
    meta = json.loads((models / "metadata.json").read_text())
    meta["threshold"] = thr
    meta["calibration"] = {"false_flags_per_1000_words": {str(k): round(v, 3) for k, v in rates.items()},
                           "articles": "Reuters/BBC dev split"}
    (models / "metadata.json").write_text(json.dumps(meta, indent=1))
    print(f"threshold {thr} (false flags per 1,000 words: " +
          ", ".join(f"{k}: {v:.2f}" for k, v in rates.items()) + ")")
    return thr


def add_run_options(p: argparse.ArgumentParser, config: Path, export_help: str) -> None:
    """The options of a training command: its config file and the settings most often overridden."""
    p.add_argument("--config", default=str(config), help="TOML settings (default: %(default)s)")
    p.add_argument("--corpus", help="clean news folder (overrides the config)")
    p.add_argument("--run-dir", help="where checkpoints go; a run there is resumed")
    p.add_argument("--max-minutes", type=float, help="wall-clock budget over all sessions of the run")
    p.add_argument("--max-steps", type=int)
    p.add_argument("--export-to", help=export_help)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fixcopy.training")
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train", help="generate data, train the tokenizer and the detector, export")
    add_run_options(t, DEFAULT_CONFIG, "export the result here (e.g. fixcopy/models)")
    e = sub.add_parser("export", help="export a run (its latest checkpoint) to a model folder")
    e.add_argument("run_dir")
    e.add_argument("out_dir", nargs="?", default=str(SHIPPED))
    e.add_argument("--threshold", type=float, default=None,
                   help="fixed threshold; default: calibrated on the Reuters/BBC dev articles")
    e.add_argument("--corpus", default="/work/shared/corpora/news")
    v = sub.add_parser("eval", help="evaluate a model folder")
    v.add_argument("--models", default=str(SHIPPED))
    v.add_argument("--corpora", default="/work/shared/corpora")
    v.add_argument("--dev-pairs", help="synthetic dev pairs (jsonl); generated when absent")
    v.add_argument("--threshold", type=float)
    v.add_argument("--limit", type=int, default=0, help="at most this many items per set (0 = all)")
    g = sub.add_parser("generate", help="print synthetic pairs as JSON lines")
    g.add_argument("--corpus", default="/work/shared/corpora/news")
    g.add_argument("--split", default="train")
    g.add_argument("-n", type=int, default=20)
    g.add_argument("--seed", type=int, default=0)
    rt = sub.add_parser("rewriter-train", help="generate data and train the span rewriter (resumes a run)")
    add_run_options(rt, REWRITER_CONFIG, "export the result here (e.g. fixcopy/models/rewriter) and calibrate")
    rx = sub.add_parser("rewriter-export", help="export a rewriter run (its latest checkpoint), calibrate thresholds")
    rx.add_argument("run_dir")
    rx.add_argument("out_dir", nargs="?", default=str(SHIPPED / "rewriter"))
    rx.add_argument("--corpus", default="/work/shared/corpora/news")
    rx.add_argument("--target-precision", type=float, default=0.9)
    rv = sub.add_parser("rewriter-eval", help="evaluate the rewriter on synthetic dev pairs (and end to end)")
    rv.add_argument("--models", default=str(SHIPPED), help="model folder holding detector files and rewriter/")
    rv.add_argument("--corpus", default="/work/shared/corpora/news")
    rv.add_argument("-n", type=int, default=2000, help="synthetic dev sentences")
    a = ap.parse_args(argv)

    if a.cmd == "train":
        from .train import load_config, train

        cfg = load_config(a.config, corpus=a.corpus, run_dir=a.run_dir, max_minutes=a.max_minutes,
                          max_steps=a.max_steps)
        run = train(cfg, log=lambda m: print(m, flush=True))
        if a.export_to:
            from .export import export

            export(run, a.export_to)
            set_calibrated_threshold(Path(a.export_to), Path(cfg.corpus))
            print(f"exported to {a.export_to}")
    elif a.cmd == "export":
        from .export import export
        from .train import save_hf_from_checkpoint

        if (Path(a.run_dir) / "checkpoint.pt").is_file():
            save_hf_from_checkpoint(a.run_dir)
        export(a.run_dir, a.out_dir, threshold=a.threshold or 0.5)
        if a.threshold is None:
            set_calibrated_threshold(Path(a.out_dir), Path(a.corpus))
        print(f"exported to {a.out_dir}")
    elif a.cmd == "eval":
        from .evaluate import run_eval

        run_eval(Path(a.models), Path(a.corpora), a.dev_pairs, a.threshold, a.limit)
    elif a.cmd in ("rewriter-train", "rewriter-export"):
        from . import rewriter as rw

        if a.cmd == "rewriter-train":
            cfg = rw.load_config(a.config, corpus=a.corpus, run_dir=a.run_dir, max_minutes=a.max_minutes,
                                 max_steps=a.max_steps)
            run = rw.train(cfg, log=lambda m: print(m, flush=True))
            out, corpus, target = a.export_to, cfg.corpus, 0.9
        else:
            run, out, corpus, target = Path(a.run_dir), a.out_dir, a.corpus, a.target_precision
            if (run / "checkpoint.pt").is_file():
                rw.save_hf_from_checkpoint(run)
        if out:
            rw.export(run, out)
            rw.calibrate(Path(out), Path(corpus), target=target)
            print(f"exported to {out}")
    elif a.cmd == "rewriter-eval":
        from .rewriter import run_eval as rewriter_eval

        rewriter_eval(Path(a.models), Path(a.corpus), a.n)
    elif a.cmd == "generate":
        import itertools

        from .corpus import iter_sentences
        from .generator import generate

        sents = (s for _, s in iter_sentences(Path(a.corpus), a.split))
        for p in itertools.islice(generate(sents, a.seed), a.n):
            print(json.dumps(p.to_dict(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
