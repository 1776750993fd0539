"""Reporting a run: each result to the output format as it comes, then the errors; the exit code.
`check_paths` is `fixcopy check` over files and directories."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO

from .blocking import BlockTally
from .checking import Checked, iter_checked
from .discovery import find_files
from .exits import display_path, exit_code, failure_lines
from .formats import FileResult, get_formatter
from .options import Options

PROGRESS_MIN_FILES = 10


def report_stream(
    checked: Iterable[Checked], errors: list[str], fmt: str, out: IO[str], err: IO[str], color: bool = False
) -> int:
    """Hand each result to the formatter as it comes (``checked`` may be a generator that adds
    to ``errors``), then the errors, one line each; returns the exit code."""
    formatter = get_formatter(fmt, out, color)
    found = False
    failures: list[str] = []
    for c in checked:
        if c.failure is not None:
            failures.extend(failure_lines(c.article.path, c.failure))
            continue
        found = found or bool(c.suggestions)
        formatter.add(FileResult(display_path(c.article.path), c.doc, c.suggestions))
    formatter.finish()
    out.flush()
    for e in errors:
        err.write(f"fixcopy: error: {e}\n")
    for f in failures:
        err.write(f)
    return exit_code(found, bool(errors), bool(failures))


def report_blocking(
    checked: Iterable[Checked],
    errors: list[str],
    fmt: str,
    out: IO[str],
    err: IO[str],
    color: bool = False,
    staged: bool = False,
) -> int:
    """Report only the suggestions that block a commit, then say what to do next (on ``err``).
    Exit 1 when something blocks, 2 on errors, 3 on an internal error, else 0. ``checked`` may be
    a generator (it is consumed once, as it comes)."""
    tally = BlockTally()
    code = report_stream(tally.sift(checked), errors, fmt, out, err, color)
    out.flush()
    err.write(tally.message(staged))
    return code


def check_paths(
    paths: Sequence[str],
    options: Options,
    fmt: str = "text",
    out: IO[str] = sys.stdout,
    err: IO[str] = sys.stderr,
    show_progress: bool = False,
    color: bool = False,
) -> int:
    """Check files and directories, CHUNK_ARTICLES files at a time: memory is bounded by the
    chunk. With the purpose "block", judge them by the git hook's blocking policy (blocking.py)
    instead of reporting every suggestion."""
    found, errors = find_files(paths, options)
    if options.purpose == "block":
        return report_blocking(iter_checked(found, options, errors, err=err), errors, fmt, out, err, color)
    if show_progress and len(found) >= PROGRESS_MIN_FILES:
        # the report goes to buffers while the bar shows (they hold output, not documents)
        out_buf, err_buf = io.StringIO(), io.StringIO()
        with progress_bar(len(found)) as advance:
            checked = iter_checked(found, options, errors, err=err_buf, progress=advance)
            code = report_stream(checked, errors, fmt, out_buf, err_buf, color)
        out.write(out_buf.getvalue())
        out.flush()
        err.write(err_buf.getvalue())
        return code
    return report_stream(iter_checked(found, options, errors, err=err), errors, fmt, out, err, color)


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[int], None]]:
    """A transient bar on standard error, one step a file: half when it is read, half when it
    is checked. Gives the function that advances it by n halves."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("check", total=total)
        yield lambda n: bar.advance(task, n / 2)
        bar.update(task, completed=total)
