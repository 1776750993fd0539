"""Running fixcopy over files: discovery, reading, batching, reporting, exit codes.

Shared by the CLI, the git hook and the review tools; knows nothing of typer.
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Sequence

from .config import Config, ConfigError, load_config
from .document import Document
from .files import STDIN, Article, InputError, decode, expand_paths, read_article
from .formats import FileResult, get_formatter
from .git import REGULAR_MODES, GitError, blob_sizes, matches, read_blobs, repo_root, staged_files
from .pipeline import Detector, check_documents
from .suggestion import Suggestion

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


@dataclass
class Checked:
    article: Article
    doc: Document
    config: Config
    suggestions: list


@dataclass
class Run:
    checked: list[Checked] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.errors:
            return EXIT_ERROR
        return EXIT_FOUND if any(c.suggestions for c in self.checked) else EXIT_CLEAN


def config_for(path: str, overrides: dict) -> Config:
    base = load_config(Path.cwd() if path == STDIN else Path(path))
    return base.replace(**{k: v for k, v in overrides.items() if v is not None}) if overrides else base


def detectors_for(config: Config) -> list[Detector]:
    """The detectors beside the rules that this configuration asks for."""
    out: list[Detector] = []
    if config.model:
        from .model import shipped_detector

        det = shipped_detector()
        if det is not None:
            out.append(det)
        if config.lm:
            lm = lm_detector()
            if lm is not None:
                out.append(lm)
    if config.languagetool:
        from .languagetool import LanguageToolDetector

        out.append(LanguageToolDetector(config.languagetool))
    return out


LM_HINT_SHOWN = False


def lm_detector():
    """The language-model detector, or None (and a one-line hint, once a process) when the language
    model is not installed. Checks never download anything."""
    global LM_HINT_SHOWN
    from .lm import INSTALL_HINT, available

    if not available():
        if not LM_HINT_SHOWN:
            LM_HINT_SHOWN = True
            sys.stderr.write(f"fixcopy: note: {INSTALL_HINT}\n")
        return None
    from .lm.detector import shipped_lm_detector

    return shipped_lm_detector()


def find_files(paths: Sequence[str], overrides: dict) -> tuple[list[str], list[str]]:
    """Files named or found under the paths (directories by their configured globs), and errors."""
    errors: list[str] = []
    files: list[str] = []
    for p in paths:
        try:
            cfg = config_for(p, overrides)
        except ConfigError as e:
            errors.append(str(e))
            continue
        found, errs = expand_paths([p], cfg.globs)
        files.extend(found)
        errors.extend(errs)
    return files, errors


def read_files(files: Sequence[str], overrides: dict, progress: Callable[[], None] | None = None
               ) -> tuple[list[tuple[Article, Config]], list[str]]:
    """Each readable article with its configuration, and a one-line error for each other file."""
    articles: list[tuple[Article, Config]] = []
    errors: list[str] = []
    for f in files:
        try:
            cfg = config_for(f, overrides)
            articles.append((read_article(f, cfg.max_file_bytes), cfg))
        except (InputError, ConfigError) as e:
            errors.append(str(e))
        if progress:
            progress()
    return articles, errors


def check_articles(articles: Sequence[tuple[Article, Config]],
                   detectors: Callable[[Config], list[Detector]] = detectors_for,
                   progress: Callable[[int], None] | None = None) -> list[Checked]:
    """Check articles in batches of equal configuration (one model batch a group)."""
    groups: dict[Config, list[int]] = {}
    for i, (_, cfg) in enumerate(articles):
        groups.setdefault(cfg, []).append(i)
    out: list[Checked | None] = [None] * len(articles)
    for cfg, idx in groups.items():
        docs = [Document(articles[i][0].text) for i in idx]
        for i, doc, sugs in zip(idx, docs, check_documents(docs, cfg, detectors(cfg))):
            out[i] = Checked(articles[i][0], doc, cfg, sugs)
        if progress:
            progress(len(idx))
    return [c for c in out if c is not None]


def display_path(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def report(run: Run, fmt: str, out: IO[str], err: IO[str], color: bool = False) -> int:
    formatter = get_formatter(fmt, out, color)
    for c in run.checked:
        formatter.add(FileResult(display_path(c.article.path), c.doc, c.suggestions))
    formatter.finish()
    for e in run.errors:
        err.write(f"fixcopy: error: {e}\n")
    return run.exit_code


PROGRESS_MIN_FILES = 10


def check_paths(paths: Sequence[str], overrides: dict, fmt: str = "text", out: IO[str] = sys.stdout,
                err: IO[str] = sys.stderr, show_progress: bool = False, color: bool = False,
                block: bool = False) -> int:
    """Check files and directories. With ``block``, judge them by the git hook's blocking
    policy (see report_blocking) instead of reporting every suggestion."""
    if block:
        overrides = block_overrides(overrides)
        files, errors = find_files(paths, overrides)
        articles, read_errors = read_files(files, overrides)
        checked = check_articles(for_blocking(articles))
        return report_blocking(Run(checked, errors + read_errors), fmt, out, err, color)
    files, errors = find_files(paths, overrides)
    if show_progress and len(files) >= PROGRESS_MIN_FILES:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("check", total=len(files) * 2)
            articles, read_errors = read_files(files, overrides, lambda: bar.advance(task))
            checked = check_articles(articles, progress=lambda n: bar.advance(task, n))
    else:
        articles, read_errors = read_files(files, overrides)
        checked = check_articles(articles)
    return report(Run(checked, errors + read_errors), fmt, out, err, color)


# -- the git hook's blocking policy and `check --staged` ---------------------------------------

def block_threshold(config: Config) -> float:
    """The confidence at which a suggestion blocks a commit: block-min-confidence, or the fix threshold."""
    return config.fix_min_confidence if config.block_min_confidence is None else config.block_min_confidence


def blocks(s: Suggestion, config: Config) -> bool:
    """A suggestion blocks a commit when it carries a fix (or, with block-flags, is a flag without
    one) at or above the blocking threshold."""
    if s.confidence < block_threshold(config):
        return False
    return s.fixable or (config.block_flags and s.replacement is None)


def block_overrides(overrides: dict) -> dict:
    """In blocking mode --min-confidence sets the blocking threshold."""
    out = dict(overrides)
    threshold = out.pop("min_confidence", None)
    if threshold is not None:
        out["block_min_confidence"] = threshold
    return out


def for_blocking(articles: Sequence[tuple[Article, Config]]) -> list[tuple[Article, Config]]:
    """Check down to the blocking threshold even where it is below min-confidence (as `fix` does)."""
    return [(a, cfg.replace(min_confidence=min(cfg.min_confidence, block_threshold(cfg)))) for a, cfg in articles]


def staged_articles(overrides: dict, pathspecs: Sequence[str] = (), cwd: str | None = None
                    ) -> tuple[list[tuple[Article, Config]], list[str], list[str]]:
    """The staged content of the staged article files (by each file's configured globs), as
    articles named by their path relative to cwd; then one-line errors and notes (files skipped).

    Raises git.GitError when git cannot tell (not a repository, git missing).
    """
    here = os.path.abspath(cwd or os.getcwd())
    root = repo_root(here)
    errors: list[str] = []
    notes: list[str] = []
    wanted = []
    for f in staged_files(here, pathspecs):
        full = os.path.join(root, f.path)
        shown = _printable(os.path.relpath(full, here))
        if f.mode not in REGULAR_MODES:  # a symlink or a submodule: no article text of its own
            continue
        try:
            cfg = config_for(full, overrides)
        except ConfigError as e:
            errors.append(str(e))
            continue
        if matches(f.path, cfg.globs):
            wanted.append((f, cfg, shown))
    sizes = blob_sizes([f.blob for f, _, _ in wanted], here)
    small = []
    for f, cfg, shown in wanted:
        if sizes.get(f.blob, 0) > cfg.max_file_bytes:
            errors.append(f"{shown}: staged file is too large ({sizes[f.blob] / 1e6:.1f} MB; the limit is "
                          f"{cfg.max_file_bytes / 1e6:.1f} MB, set max-file-bytes to raise it)")
        else:
            small.append((f, cfg, shown))
    contents = read_blobs([f.blob for f, _, _ in small], here)
    articles: list[tuple[Article, Config]] = []
    for f, cfg, shown in small:
        data = contents[f.blob]
        if b"\0" in data:
            notes.append(f"{shown}: skipped: binary file, not an article")
            continue
        if not data.removeprefix(BOM_BYTES).strip():
            continue  # nothing to check in an empty file
        try:
            articles.append((decode(data, shown), cfg))
        except InputError as e:
            errors.append(f"{e} (staged content)")
    return articles, errors, notes


BOM_BYTES = b"\xef\xbb\xbf"


def _printable(path: str) -> str:
    """A path that can be printed: bytes of a non-UTF-8 file name become U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def check_staged(overrides: dict, pathspecs: Sequence[str] = (), fmt: str = "text", out: IO[str] = sys.stdout,
                 err: IO[str] = sys.stderr, color: bool = False, cwd: str | None = None) -> int:
    """`fixcopy check --staged`: judge what git is about to commit by the blocking policy."""
    overrides = block_overrides(overrides)
    try:
        articles, errors, notes = staged_articles(overrides, pathspecs, cwd)
    except (GitError, ConfigError) as e:
        err.write(f"fixcopy: error: {e}\n")
        return EXIT_ERROR
    for n in notes:
        err.write(f"fixcopy: {n}\n")
    checked = check_articles(for_blocking(articles))
    return report_blocking(Run(checked, errors), fmt, out, err, color, staged=True)


def report_blocking(run: Run, fmt: str, out: IO[str], err: IO[str], color: bool = False,
                    staged: bool = False) -> int:
    """Report only the suggestions that block a commit, then say what to do next (on ``err``).
    Exit 1 when something blocks, 2 on errors, else 0."""
    blocking = Run([Checked(c.article, c.doc, c.config, [s for s in c.suggestions if blocks(s, c.config)])
                    for c in run.checked], run.errors)
    code = report(blocking, fmt, out, err, color)
    out.flush()
    found = [c for c in blocking.checked if c.suggestions]
    where = "staged file" if staged else "file"
    if found:
        n = sum(len(c.suggestions) for c in found)
        thresholds = sorted({block_threshold(c.config) for c in found})
        what = "garble" + ("s" if n != 1 else "")
        if not any(c.config.block_flags for c in found):
            what += " with a fix"
        err.write(f"fixcopy: commit blocked: {n} {what} (confidence >= {thresholds[0]:g}) "
                  f"in {len(found)} {where}{'s' if len(found) != 1 else ''}.\n")
        for i, c in enumerate(found):
            lead = "  Fix them:       " if i == 0 else " " * 18
            err.write(f"{lead}fixcopy review {shlex.quote(display_path(c.article.path))}\n")
        err.write(" " * 18 + "then git add the fixed files and commit again.\n")
        err.write("  Commit anyway:  git commit --no-verify\n")
    else:
        others = sum(len(c.suggestions) for c in run.checked)
        if others:
            err.write(f"fixcopy: {others} suggestion{'s' if others != 1 else ''} below the blocking threshold "
                      f"in {where}s (not blocking); see them with fixcopy check PATH\n")
    return code
