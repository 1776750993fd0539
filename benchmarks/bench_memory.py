"""Peak memory of `fixcopy check` (with the shipped model) as the input grows: it must stream.

Runs the real command in a child process and reads that child's peak RSS (os.wait4):

  many:  `check DIR` over 200 and over 2,000 articles (made from the paragraphs of the sample
         stories in corpora/clean and corpora/garbled, 4 paragraphs each, shuffled); the peak for
         2,000 must stay within 1.5x the peak for 200 (memory bounded by the chunk of articles
         checked at once, checking.CHUNK_ARTICLES, not by the number of files).
  huge:  `check FILE` over one ~20 MB file (the same paragraphs repeated; max-file-bytes raised in
         a fixcopy.toml beside it); with --no-model too, for comparison.

    python benchmarks/bench_memory.py [--counts 200 2000] [--huge-mb 20] [--format text] [--skip-huge]

Exits 1 when the 2,000/200 ratio exceeds 1.5.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAX_RATIO = 1.5


def paragraphs() -> list[str]:
    out = []
    for folder in ("clean", "garbled"):
        for f in sorted((REPO / "corpora" / folder).glob("*.txt")):
            out += [p.strip() for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return out


def make_articles(folder: Path, n: int, seed: int = 7) -> None:
    paras = paragraphs()
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"story-{i:05d}.txt").write_text("\n\n".join(rnd.sample(paras, 4)) + "\n", encoding="utf-8")


def make_huge(folder: Path, mb: float) -> Path:
    paras = paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "huge.txt"
    target = int(mb * 1_000_000)
    rnd = random.Random(11)
    with path.open("w", encoding="utf-8") as f:
        size = 0
        while size < target:
            p = rnd.choice(paras) + "\n\n"
            f.write(p)
            size += len(p.encode("utf-8"))
    (folder / "fixcopy.toml").write_text(f"max-file-bytes = {target * 2}\n")
    return path


def fixcopy_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "fixcopy"
    return [str(exe)] if exe.exists() else [shutil.which("fixcopy") or "fixcopy"]


def peak(args: list[str], cwd: Path) -> tuple[float, float, float]:
    """(peak RSS in MB, wall seconds, CPU seconds) of `fixcopy ARGS` in a child process."""
    env = {**os.environ, "NO_COLOR": "1"}
    t = time.perf_counter()
    with open(os.devnull, "wb") as devnull, tempfile.TemporaryFile() as err:
        p = subprocess.Popen([*fixcopy_cmd(), *args], stdout=devnull, stderr=err, cwd=cwd, env=env)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        secs = time.perf_counter() - t
        if p.returncode not in (0, 1):
            err.seek(0)
            raise SystemExit(f"fixcopy {' '.join(args)} failed ({p.returncode}): {err.read().decode()[-800:]}")
    return usage.ru_maxrss / 1024, secs, usage.ru_utime + usage.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--counts", type=int, nargs=2, default=[200, 2000])
    ap.add_argument("--huge-mb", type=float, default=20.0)
    ap.add_argument("--format", default="text")
    ap.add_argument("--skip-huge", action="store_true")
    ap.add_argument("--skip-many", action="store_true")
    args = ap.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        results = {}
        for n in [] if args.skip_many else args.counts:
            make_articles(root / f"a{n}", n)
            mb, secs, cpu = peak(["check", "-f", args.format, str(root / f"a{n}")], root)
            results[n] = mb
            print(
                f"check -f {args.format} over {n:>5} articles: peak RSS {mb:7.1f} MB, {secs:6.1f} s ({cpu:.1f} s CPU)",
                flush=True,
            )
        if not args.skip_many:
            small, big = args.counts
            ratio = results[big] / results[small]
            ok = ratio <= MAX_RATIO
            print(f"peak ratio {big}/{small}: {ratio:.2f} (must be <= {MAX_RATIO}): {'ok' if ok else 'TOO HIGH'}")
        if not args.skip_huge:
            path = make_huge(root / "huge", args.huge_mb)
            size = path.stat().st_size / 1e6
            for extra in ([], ["--no-model"]):
                mb, secs, cpu = peak(["check", "-f", args.format, *extra, str(path)], root)
                print(
                    f"check -f {args.format} {' '.join(extra) or '(model)'} over one {size:.1f} MB file: "
                    f"peak RSS {mb:7.1f} MB, {secs:6.1f} s ({cpu:.1f} s CPU)",
                    flush=True,
                )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
