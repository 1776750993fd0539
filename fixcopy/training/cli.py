"""python -m fixcopy.training {train,export,eval,generate,rewriter-train,rewriter-export,rewriter-eval} ...
(needs the [train] extra). `fixcopy train` and `fixcopy eval` run the train and eval commands here.

The corpora folder (news/, mqm/, ape/) is each command's --corpora option, by default the
FIXCOPY_CORPORA environment variable (see corpora.py); --corpus names a news folder directly.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .corpora import ENV_VAR, NEWS, CorporaError, corpora_root

CONFIGS = Path(__file__).resolve().parent / "configs"
DEFAULT_CONFIG = CONFIGS / "detector.toml"
REWRITER_CONFIG = CONFIGS / "rewriter.toml"
SHIPPED = Path(__file__).resolve().parent.parent / "models"
CORPORA_HELP = f"the corpora folder, holding news/, mqm/, ape/ (default: ${ENV_VAR})"


def add_run_options(p: argparse.ArgumentParser, config: Path, export_help: str) -> None:
    """The options of a training command: its config file and the settings most often overridden."""
    p.add_argument("--config", default=str(config), help="TOML settings (default: %(default)s)")
    p.add_argument("--corpora", help=CORPORA_HELP + "; the config's corpus folders are relative to it")
    p.add_argument("--corpus", help="clean news folder (overrides the config)")
    p.add_argument("--run-dir", help="where checkpoints go; a run there is resumed")
    p.add_argument("--max-minutes", type=float, help="wall-clock budget over all sessions of the run")
    p.add_argument("--max-steps", type=int)
    p.add_argument("--export-to", help=export_help)


def add_corpus_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpora", help=CORPORA_HELP)
    p.add_argument("--corpus", help="clean news folder (default: news/ of the corpora folder)")


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m fixcopy.training")
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train", help="generate data, train the tokenizer and the detector, export")
    add_run_options(t, DEFAULT_CONFIG, "export the result to this models folder (e.g. fixcopy/models)")
    e = sub.add_parser("export", help="export a run (its latest checkpoint) to <out_dir>/detector")
    e.add_argument("run_dir")
    e.add_argument("out_dir", nargs="?", default=str(SHIPPED))
    e.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="fixed threshold; default: calibrated on the Reuters/BBC dev articles",
    )
    add_corpus_options(e)
    v = sub.add_parser("eval", help="evaluate a models folder (its detector/, and rewriter/ when there is one)")
    v.add_argument("--models", default=str(SHIPPED))
    v.add_argument("--corpora", help=CORPORA_HELP)
    v.add_argument("--dev-pairs", help="synthetic dev pairs (jsonl); generated when absent")
    v.add_argument("--threshold", type=float)
    v.add_argument("--limit", type=int, default=0, help="at most this many items per set (0 = all)")
    v.add_argument(
        "--lm",
        action="store_true",
        help="also the language model on MLQE-PE dev (ape/ of the corpora): word AUC, fix with and without it",
    )
    g = sub.add_parser("generate", help="print synthetic pairs as JSON lines")
    add_corpus_options(g)
    g.add_argument("--split", default="train")
    g.add_argument("-n", type=int, default=20)
    g.add_argument("--seed", type=int, default=0)
    rt = sub.add_parser("rewriter-train", help="generate data and train the span rewriter (resumes a run)")
    add_run_options(rt, REWRITER_CONFIG, "export the result here (e.g. fixcopy/models/rewriter) and calibrate")
    rx = sub.add_parser("rewriter-export", help="export a rewriter run (its latest checkpoint), calibrate thresholds")
    rx.add_argument("run_dir")
    rx.add_argument("out_dir", nargs="?", default=str(SHIPPED / "rewriter"))
    add_corpus_options(rx)
    rx.add_argument("--target-precision", type=float, default=0.9)
    rv = sub.add_parser("rewriter-eval", help="evaluate the rewriter on synthetic dev pairs (and end to end)")
    rv.add_argument("--models", default=str(SHIPPED), help="models folder holding detector/ and rewriter/")
    add_corpus_options(rv)
    rv.add_argument("-n", type=int, default=2000, help="synthetic dev sentences")
    return ap


def _news(a) -> Path:
    """The news folder of a command: --corpus, else news/ of the corpora folder."""
    return Path(a.corpus) if a.corpus else corpora_root(a.corpora) / NEWS


def _log(m: str) -> None:
    print(m, flush=True)


def _train(a) -> None:
    from .detector.train import load_config, train

    cfg = load_config(
        a.config,
        corpora=a.corpora,
        corpus=a.corpus,
        run_dir=a.run_dir,
        max_minutes=a.max_minutes,
        max_steps=a.max_steps,
    )
    run = train(cfg, log=_log)
    if a.export_to:
        _export_detector(run, Path(a.export_to), None, Path(cfg.corpus))


def _export_detector(run: Path, out: Path, threshold: float | None, news: Path | None, latest: bool = False) -> None:
    """Export a run to <out>/detector (``latest``: its latest checkpoint), calibrate unless given a threshold."""
    from .detector.export import export, set_calibrated_threshold
    from .detector.train import save_hf_from_checkpoint

    if latest and (run / "checkpoint.pt").is_file():
        save_hf_from_checkpoint(run)
    export(run, out, threshold=threshold or 0.5)
    if threshold is None:
        set_calibrated_threshold(out, news)
    print(f"exported to {out}")


def _rewriter(a) -> None:
    from .rewriter import export as rx
    from .rewriter import train as rt

    if a.cmd == "rewriter-train":
        cfg = rt.load_config(
            a.config,
            corpora=a.corpora,
            corpus=a.corpus,
            run_dir=a.run_dir,
            max_minutes=a.max_minutes,
            max_steps=a.max_steps,
        )
        run = rt.train(cfg, log=_log)
        out, corpus, target = a.export_to, cfg.corpus, 0.9
    else:
        run, out, corpus, target = Path(a.run_dir), a.out_dir, _news(a), a.target_precision
        if (run / "checkpoint.pt").is_file():
            rt.save_hf_from_checkpoint(run)
    if out:
        rx.export(run, out)
        rx.calibrate(Path(out), Path(corpus), target=target)
        print(f"exported to {out}")


def _generate(a) -> None:
    import itertools

    from .corpus import iter_sentences
    from .garbles import generate

    sents = (s for _, s in iter_sentences(_news(a), a.split))
    for p in itertools.islice(generate(sents, a.seed), a.n):
        print(json.dumps(p.to_dict(), ensure_ascii=False))


def run(a) -> None:
    if a.cmd == "train":
        _train(a)
    elif a.cmd == "export":
        news = _news(a) if a.threshold is None else None
        _export_detector(Path(a.run_dir), Path(a.out_dir), a.threshold, news, latest=True)
    elif a.cmd == "eval":
        from .detector.evaluate import run_eval

        root = corpora_root(a.corpora)
        run_eval(Path(a.models), root, a.dev_pairs, a.threshold, a.limit)
        if a.lm:
            from .lm_eval import mlqe_report

            mlqe_report(root / "ape", limit=a.limit)
    elif a.cmd in ("rewriter-train", "rewriter-export"):
        _rewriter(a)
    elif a.cmd == "rewriter-eval":
        from .rewriter.evaluate import run_eval as rewriter_eval

        rewriter_eval(Path(a.models), _news(a), a.n)
    elif a.cmd == "generate":
        _generate(a)


def main(argv=None) -> int:
    a = parser().parse_args(argv)
    try:
        run(a)
    except CorporaError as e:
        print(f"fixcopy: error: {e}", file=sys.stderr)
        return 2
    return 0
