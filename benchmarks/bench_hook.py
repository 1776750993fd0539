"""How much time the fixcopy pre-commit hook adds to a commit of three ~700-word articles.

Two temporary repositories, one with `fixcopy hook install` and one without, get the same commits,
interleaved: each run writes three new clean articles, stages them and times `git commit`. Every
hooked commit starts a new Python that loads fixcopy, the rules and (when one is shipped and the
configuration does not turn it off) the model from scratch: a cold start each time.

    .venv/bin/python benchmarks/bench_hook.py [--runs 7] [--no-model] [--words 700]

Prints the medians and exits 1 when the hook adds more than the budget (1 s).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S = 1.0

FALLBACK = [
    "The ministers met in the capital on Monday to discuss the budget for the coming year.",
    "Officials said the talks would resume in March after a short break for the holidays.",
    "The central bank kept its main interest rate unchanged, citing slowing inflation.",
    "Shares in the shipping group rose 3% in early trading after the results were published.",
    "Opposition lawmakers called for an inquiry into the contract, which was signed last year.",
    "The agreement still needs the approval of parliament, where the coalition holds a majority.",
]


def source_paragraphs() -> list[str]:
    """Paragraphs of the clean sample articles (or plain sentences when the corpus is absent)."""
    paras: list[str] = []
    for p in sorted((ROOT / "corpora" / "clean").glob("*.txt")):
        paras += [x.strip() for x in re.split(r"\n\s*\n", p.read_text("utf-8")) if len(x.split()) > 12]
    return paras or FALLBACK


def article(paras: list[str], start: int, words: int, tag: str) -> str:
    out: list[str] = []
    n = 0
    i = start
    while n < words:
        para = paras[i % len(paras)]
        out.append(para)
        n += len(para.split())
        i += 1
    out.append(f"This is item {tag}.")
    return "\n\n".join(out) + "\n"


def git(repo: Path, *args: str, env: dict) -> None:
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--words", type=int, default=700)
    ap.add_argument("--no-model", action="store_true", help="rules only (model = false in the repository)")
    args = ap.parse_args()

    from fixcopy.model import shipped_detector

    model = not args.no_model and shipped_detector() is not None
    paras = source_paragraphs()
    with tempfile.TemporaryDirectory(prefix="fixcopy-bench-") as tmp:
        env = dict(
            os.environ,
            HOME=tmp,
            GIT_CONFIG_GLOBAL=os.devnull,
            GIT_CONFIG_NOSYSTEM="1",
            GIT_AUTHOR_NAME="Bench",
            GIT_AUTHOR_EMAIL="bench@example.org",
            GIT_COMMITTER_NAME="Bench",
            GIT_COMMITTER_EMAIL="bench@example.org",
        )
        repos = {}
        for name in ("without", "with"):
            repo = Path(tmp) / name
            repo.mkdir()
            git(repo, "init", "-q", "-b", "main", env=env)
            (repo / "fixcopy.toml").write_text("model = false\n" if args.no_model else "")
            git(repo, "add", "-A", env=env)
            git(repo, "commit", "-q", "-m", "config", env=env)
            repos[name] = repo
        subprocess.run(
            [sys.executable, "-m", "fixcopy", "hook", "install"],
            cwd=repos["with"],
            env=env,
            check=True,
            capture_output=True,
        )

        times: dict[str, list[float]] = {"without": [], "with": []}
        words = []
        for run in range(args.runs):
            for name, repo in repos.items():
                for k in range(3):
                    text = article(paras, run * 3 + k * 5, args.words, f"{run}-{k}")
                    words.append(len(text.split()))
                    (repo / f"story-{run}-{k}.txt").write_text(text, "utf-8")
                git(repo, "add", "-A", env=env)
                t0 = time.perf_counter()
                proc = subprocess.run(
                    ["git", "commit", "-q", "-m", f"run {run}"], cwd=repo, env=env, capture_output=True, text=True
                )
                elapsed = time.perf_counter() - t0
                if proc.returncode != 0:
                    print(f"commit failed in the {name} repository:\n{proc.stdout}{proc.stderr}", file=sys.stderr)
                    return 2
                times[name].append(elapsed)

    med_without = statistics.median(times["without"])
    med_with = statistics.median(times["with"])
    added = med_with - med_without
    print(
        f"fixcopy hook benchmark: {args.runs} commits of 3 articles "
        f"({min(words)}-{max(words)} words each), {'rules and model' if model else 'rules only'}"
        f"{' (no model is shipped)' if not model and not args.no_model else ''}"
    )
    print(f"  git commit without the hook: median {med_without * 1000:.0f} ms")
    print(
        f"  git commit with the hook:    median {med_with * 1000:.0f} ms "
        f"(first {times['with'][0] * 1000:.0f} ms, max {max(times['with']) * 1000:.0f} ms)"
    )
    print(
        f"  added by the hook:           {added * 1000:.0f} ms (budget {BUDGET_S * 1000:.0f} ms): "
        f"{'OK' if added <= BUDGET_S else 'OVER BUDGET'}"
    )
    return 0 if added <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
