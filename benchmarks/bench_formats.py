"""What reading a Markdown, HTML, NITF or NewsML-G2 file costs `fixcopy check`, against the
same story as plain text (the samples in corpora/formats are made from one garbled story).

For each file, the median CPU time of --runs (default 9), in this process after one warm-up:
  check   read the file, check it (rules and the shipped model, or --no-model), map the
          suggestions back: what `fixcopy check FILE` does after start-up;
  read    the reader alone (parse, view, map, the file's Document) and to_source.
The overhead is (check of the file - check of its twin) / check of its twin, where the twin is
the same prose (the reader's view of the file) in a plain-text file: the same story as text.
Also the cold `fixcopy check FILE` (a subprocess, start-up and model load included).

    python benchmarks/bench_formats.py [--runs 9] [--no-model] [--cold]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = [REPO / "corpora" / "formats" / n for n in ("story.md", "story.html", "story.nitf.xml", "story.newsml.xml")]


def timed(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def interleaved(fns, runs: int) -> list[float]:
    """Median CPU time (this process, all its threads) of each function, run in turn: on a
    shared machine wall time mostly measures the neighbours."""
    for fn in fns:
        fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for i, fn in enumerate(fns):
            t = time.process_time()
            fn()
            times[i].append(time.process_time() - t)
    return [statistics.median(t) for t in times]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--no-model", action="store_true", help="rules only")
    ap.add_argument("--cold", action="store_true", help="also time `fixcopy check FILE` in a subprocess")
    args = ap.parse_args()

    from fixcopy.checking import check_articles
    from fixcopy.config import Config
    from fixcopy.files import read_article
    from fixcopy.readers import format_for_path, read

    cfg = Config(model=not args.no_model)

    def check(path: Path):
        return lambda: check_articles([(read_article(str(path), cfg.max_file_bytes), cfg)])

    def reading(path: Path):
        text = path.read_text(encoding="utf-8")
        fmt = format_for_path(str(path))

        def go():
            r = read(text, fmt)
            r.to_source([])

        return go

    # The same story as plain text: the prose of each file (its reader's view) in a .txt file,
    # so that both checks run the detectors over exactly the same sentences.
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="bench-formats-"))
    pairs = []
    for p in SAMPLES:
        twin = tmp / (p.name + ".txt")
        twin.write_text(read(p.read_text(encoding="utf-8"), format_for_path(str(p))).view.text + "\n", encoding="utf-8")
        pairs.append((twin, p))
    files = [f for pair in pairs for f in pair]
    checks = dict(zip(files, interleaved([check(p) for p in files], args.runs)))
    reads = dict(zip(files, interleaved([reading(p) for p in files], args.runs)))
    what = "rules only" if args.no_model else "rules + shipped model"
    print(f"check, {what}: CPU time, median of {args.runs} runs, warm, in process, the files in turn each run")
    print(
        f"  {'file':<18}{'chars':>6}{'check ms':>10}{'as text ms':>12}{'overhead':>10}{'read+map ms':>13}{'as text':>9}"
    )
    for twin, p in pairs:
        t, base = checks[p], checks[twin]
        print(
            f"  {p.name:<18}{len(p.read_text()):>6}{t * 1000:>10.1f}{base * 1000:>12.1f}"
            f"{(t - base) / base * 100:>+9.1f}%{reads[p] * 1000:>13.2f}{reads[twin] * 1000:>9.2f}"
        )
    print("  as text: the same prose in a plain-text file; overhead: check of the file against that")
    shutil.rmtree(tmp)
    if args.cold:
        exe = Path(sys.executable).parent / "fixcopy"
        cmd = [str(exe)] if exe.exists() else [shutil.which("fixcopy") or "fixcopy"]
        extra = ["--no-model"] if args.no_model else []
        print(f"cold `fixcopy check {' '.join(extra)}FILE`, median of {args.runs}:")
        for p in SAMPLES:

            def run(p=p):
                subprocess.run(
                    [*cmd, "check", *extra, str(p)], capture_output=True, env={**os.environ, "NO_COLOR": "1"}
                )

            print(f"  {p.name:<22}{timed(run, args.runs) * 1000:>10.0f} ms")


if __name__ == "__main__":
    main()
