"""`fixcopy check --staged`: what git is about to commit, judged by the blocking policy."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Sequence
from typing import IO

from .checking import CHUNK_ARTICLES, check_settled
from .config import ConfigError
from .discovery import settings_for
from .exits import EXIT_ERROR
from .files import Article, InputError, decode
from .git import REGULAR_MODES, GitError, blob_sizes, git, matches, read_blobs, repo_root, staged_files
from .options import Options, Settings
from .readers import format_for_path
from .reporting import report_blocking

BOM_BYTES = b"\xef\xbb\xbf"


def staged_articles(
    options: Options, pathspecs: Sequence[str] = (), cwd: str | None = None
) -> tuple[list[tuple[Article, Settings]], list[str], list[str]]:
    """The staged content of the staged article files (by each file's configured globs), as
    articles named by their path relative to cwd; then one-line errors and notes (files skipped).

    Raises git.GitError when git cannot tell (not a repository, git missing).
    """
    here = os.path.abspath(cwd or os.getcwd())
    errors: list[str] = []
    wanted = _wanted(options, pathspecs, here, errors)
    sizes = blob_sizes([f.blob for f, _, _ in wanted], here)
    small = []
    for f, settings, shown in wanted:
        limit = settings.config.max_file_bytes
        if sizes.get(f.blob, 0) > limit:
            errors.append(
                f"{shown}: staged file is too large ({sizes[f.blob] / 1e6:.1f} MB; the limit is "
                f"{limit / 1e6:.1f} MB, set max-file-bytes to raise it)"
            )
        else:
            small.append((f, settings, shown))
    articles, notes = _decoded(small, read_blobs([f.blob for f, _, _ in small], here), errors)
    return articles, errors, notes


def _wanted(options: Options, pathspecs: Sequence[str], here: str, errors: list[str]) -> list[tuple]:
    """The staged regular files that their configured globs take: (file, settings, shown name)."""
    root = repo_root(here)
    wanted = []
    for f in staged_files(here, pathspecs):
        full = os.path.join(root, f.path)
        shown = _printable(os.path.relpath(full, here))
        if f.mode not in REGULAR_MODES:  # a symlink or a submodule: no article text of its own
            continue
        try:
            settings = settings_for(full, options)
        except ConfigError as e:
            errors.append(str(e))
            continue
        if matches(f.path, settings.config.globs):
            wanted.append((f, settings, shown))
    return wanted


def _decoded(
    small: list[tuple], contents: dict[str, bytes], errors: list[str]
) -> tuple[list[tuple[Article, Settings]], list[str]]:
    """The articles in the staged blobs; notes for the files skipped (binary files)."""
    articles: list[tuple[Article, Settings]] = []
    notes: list[str] = []
    for f, settings, shown in small:
        data = contents[f.blob]
        if b"\0" in data:
            notes.append(f"{shown}: skipped: binary file, not an article")
            continue
        if not data.removeprefix(BOM_BYTES).strip():
            continue  # nothing to check in an empty file
        try:
            articles.append((decode(data, shown, format_for_path(f.path, settings.config.input_format)), settings))
        except InputError as e:
            errors.append(f"{e} (staged content)")
    return articles, notes


def unknown_pathspecs(pathspecs: Sequence[str], cwd: str | None = None) -> list[str]:
    """The paths given to --staged that are neither on disk nor in git's index (a typo)."""
    here = os.path.abspath(cwd or os.getcwd())
    out = []
    for p in pathspecs:
        if os.path.lexists(os.path.join(here, p)):
            continue
        if not git(["ls-files", "-z", "--", p], here):
            out.append(p)
    return out


def _printable(path: str) -> str:
    """A path that can be printed: bytes of a non-UTF-8 file name become U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def check_staged(
    options: Options,
    pathspecs: Sequence[str] = (),
    fmt: str = "text",
    out: IO[str] = sys.stdout,
    err: IO[str] = sys.stderr,
    color: bool = False,
    cwd: str | None = None,
) -> int:
    """`fixcopy check --staged`: judge what git is about to commit by the blocking policy."""
    options = dataclasses.replace(options, purpose="block")
    try:
        articles, errors, notes = staged_articles(options, pathspecs, cwd)
        missing = unknown_pathspecs(pathspecs, cwd)
    except (GitError, ConfigError) as e:
        err.write(f"fixcopy: error: {e}\n")
        return EXIT_ERROR
    if missing:
        err.write(f"fixcopy: error: {missing[0]}: no such file or directory, and nothing in git's index is there\n")
        return EXIT_ERROR
    for n in notes:
        err.write(f"fixcopy: {n}\n")
    checked = (
        c
        for k in range(0, len(articles), CHUNK_ARTICLES)  # one model batch a chunk
        for c in check_settled(articles[k : k + CHUNK_ARTICLES])
    )
    return report_blocking(checked, errors, fmt, out, err, color, staged=True)
