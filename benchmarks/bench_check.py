"""Speed and memory of `fixcopy check` with the shipped model, on a ~700-word article.

cold: process start to exit (`fixcopy check FILE` in a subprocess, model load included),
      median of --runs; also the rules-only path (--no-model) for comparison.
warm: the same check in this process after one warm-up run (model already loaded), median.
peak: the largest peak RSS of the cold child processes (resource.getrusage of children).

    python benchmarks/bench_check.py [--runs 7] [--article FILE]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def make_article(words: int = 700) -> str:
    """About `words` words of wire copy: the repo's garbled sample articles, concatenated."""
    paras: list[str] = []
    n = 0
    for f in sorted((REPO / "corpora" / "garbled").glob("*.txt")):
        for p in f.read_text(encoding="utf-8").split("\n\n"):
            if n >= words:
                break
            paras.append(p.strip())
            n += len(p.split())
    return "\n\n".join(paras) + "\n"


def fixcopy_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "fixcopy"
    return [str(exe)] if exe.exists() else [shutil.which("fixcopy") or "fixcopy"]


def cold(path: str, runs: int, extra: list[str]) -> list[float]:
    times = []
    env = {**os.environ, "NO_COLOR": "1"}
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run([*fixcopy_cmd(), "check", *extra, path], capture_output=True, env=env)
        times.append(time.perf_counter() - t)
        if r.returncode not in (0, 1):
            raise SystemExit(f"fixcopy check failed: {r.stderr.decode()[:500]}")
    return times


def warm(path: str, runs: int) -> tuple[list[float], int]:
    import io

    from fixcopy.options import Options
    from fixcopy.reporting import check_paths

    check_paths([path], Options(), out=io.StringIO(), err=io.StringIO())  # loads the model
    times = []
    for _ in range(runs):
        buf = io.StringIO()
        t = time.perf_counter()
        check_paths([path], Options(), out=buf, err=io.StringIO())
        times.append(time.perf_counter() - t)
    return times, buf.getvalue().count("\n")


def folder(n: int, d: str) -> tuple[float, int, float]:
    """`fixcopy check DIR` over n articles (the bundled samples, repeated) in one process:
    seconds, words, peak RSS in MB (of that one child)."""
    folder = Path(d) / "folder"
    folder.mkdir()
    samples = sorted((REPO / "corpora" / "garbled").glob("*.txt")) + sorted((REPO / "corpora" / "clean").glob("*.txt"))
    words = 0
    for i in range(n):
        text = samples[i % len(samples)].read_text(encoding="utf-8")
        words += len(text.split())
        (folder / f"a{i:04d}.txt").write_text(text, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    r = subprocess.run([*fixcopy_cmd(), "check", str(folder)], capture_output=True, env={**os.environ, "NO_COLOR": "1"})
    took = time.perf_counter() - t
    if r.returncode not in (0, 1):
        raise SystemExit(f"fixcopy check failed: {r.stderr.decode()[:500]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return took, words, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--article")
    ap.add_argument("--folder", type=int, default=200, help="articles in the one-process folder run (0: skip)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        path = a.article or os.path.join(d, "article.txt")
        if not a.article:
            Path(path).write_text(make_article(), encoding="utf-8")
        words = len(Path(path).read_text(encoding="utf-8").split())
        from fixcopy.model import shipped_detector

        t = time.perf_counter()
        det = shipped_detector()
        load = time.perf_counter() - t
        from fixcopy.lm import available, model_dir

        print(
            f"article: {words} words; shipped model: {'yes' if det else 'NO'} (load in-process {load:.3f}s); "
            f"language model: {model_dir() if available() else 'NOT installed'}"
        )
        c = cold(path, a.runs, [])
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        cn = cold(path, a.runs, ["--no-model"])
        w, lines = warm(path, a.runs)
        print(
            f"cold check (model):    median {statistics.median(c):.3f}s  (min {min(c):.3f}, max {max(c):.3f}, n={len(c)})"
        )
        print(f"cold check (--no-model): median {statistics.median(cn):.3f}s")
        print(
            f"warm check (model):    median {statistics.median(w):.3f}s  (min {min(w):.3f}, max {max(w):.3f}); {lines} output lines"
        )
        print(f"peak RSS of a cold check: {peak_kb / 1024:.0f} MB")
        if a.folder:
            took, fw, peak = folder(a.folder, d)
            print(
                f"folder of {a.folder} articles ({fw} words) in one process: {took:.1f}s = {a.folder / took:.2f} "
                f"articles/s; peak RSS {peak:.0f} MB"
            )


if __name__ == "__main__":
    main()
