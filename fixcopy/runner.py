"""Running fixcopy over files: discovery, reading, batching, reporting, exit codes.

Shared by the CLI, the git hook and the review tools; knows nothing of typer.
"""

from __future__ import annotations

import io
import os
import shlex
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .batching import Failure, isolate
from .config import Config, ConfigError, load_config
from .document import Document
from .files import STDIN, Article, InputError, decode, expand_paths, read_article
from .formats import FileResult, get_formatter
from .git import REGULAR_MODES, GitError, blob_sizes, git, matches, read_blobs, repo_root, staged_files
from .pipeline import Detector, check_documents
from .readers import format_for_path
from .suggestion import Suggestion

# Exit codes: 0 nothing found, 1 suggestions found (or, blocking, something blocks), 2 a usage or
# input error (a file that cannot be read, a bad config), 3 an internal error (a bug in fixcopy).
EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
REPORT_HINT = (
    "this is a bug in fixcopy: please report it with the input that caused it "
    "(rerun with --debug or FIXCOPY_DEBUG=1 for the traceback)"
)

# Files are read, checked and reported this many at a time (one model batch each), so that a
# run's memory is bounded by the chunk, not by the number of files.
CHUNK_ARTICLES = 64


@dataclass
class Checked:
    article: Article
    doc: Document | None  # None when the check failed
    config: Config
    suggestions: list
    failure: Failure | None = None  # the check of this article raised (an internal error)


@dataclass
class Run:
    checked: list[Checked] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return exit_code(
            any(c.suggestions for c in self.checked if c.failure is None),
            bool(self.errors),
            any(c.failure is not None for c in self.checked),
        )


def exit_code(found: bool, errors: bool, internal: bool) -> int:
    if internal:
        return EXIT_INTERNAL
    if errors:
        return EXIT_ERROR
    return EXIT_FOUND if found else EXIT_CLEAN


def debug_enabled() -> bool:
    return os.environ.get("FIXCOPY_DEBUG", "") not in ("", "0")


def failure_line(path: str, failure: Failure) -> str:
    """The one line that reports an article whose check failed."""
    return f"fixcopy: internal error: {display_path(path)}: {failure.message}; {REPORT_HINT}\n"


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
    return _once(files), errors


def _once(files: list[str]) -> list[str]:
    """Each file once, under the first name it was given by ("a.txt ./a.txt" is one file)."""
    seen: set[str] = set()
    out: list[str] = []
    for f in files:
        key = f if f == STDIN else os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def not_english(articles: Sequence[tuple[Article, Config]]) -> list[str]:
    """The (display) paths of the articles whose prose does not look like English."""
    from .language import looks_english

    # a file read in a markup format is judged by its prose (read already, by with_format)
    return [
        display_path(a.path)
        for a, _ in articles
        if not looks_english(a.text if a.format == "text" else a.reading.view.text)
    ]


def note_not_english(articles: Sequence[tuple[Article, Config]], err: IO[str]) -> None:
    """Say once, on one line, when some of the text does not look like English."""
    write_not_english_note(not_english(articles), err)


def write_not_english_note(odd: Sequence[str], err: IO[str]) -> None:
    if odd:
        what = odd[0] if len(odd) == 1 else f"{len(odd)} files ({', '.join(odd[:3])}{', ...' if len(odd) > 3 else ''})"
        err.write(f"fixcopy: note: the text of {what} does not look like English; fixcopy checks English copy only\n")


def read_files(
    files: Sequence[str], overrides: dict, progress: Callable[[], None] | None = None
) -> tuple[list[tuple[Article, Config]], list[str]]:
    """Each readable article with its configuration, and a one-line error for each other file."""
    articles: list[tuple[Article, Config]] = []
    errors: list[str] = []
    for f in files:
        try:
            cfg = config_for(f, overrides)
            articles.append((read_article(f, cfg.max_file_bytes, cfg.input_format), cfg))
        except (InputError, ConfigError) as e:
            errors.append(str(e))
        if progress:
            progress()
    return articles, errors


def check_articles(
    articles: Sequence[tuple[Article, Config]],
    detectors: Callable[[Config], list[Detector]] = detectors_for,
    progress: Callable[[int], None] | None = None,
) -> list[Checked]:
    """Check articles in batches of equal configuration (one model batch a group). An article
    whose check raises costs only itself: the batch is run again without it (batching.isolate)
    and its Checked carries the failure."""
    groups: dict[Config, list[int]] = {}
    for i, (_, cfg) in enumerate(articles):
        groups.setdefault(cfg, []).append(i)
    out: list[Checked | None] = [None] * len(articles)
    for cfg, idx in groups.items():
        dets = detectors(cfg)

        def run(batch: Sequence[int], cfg: Config = cfg, dets: list[Detector] = dets) -> list:
            # Each file read in its format: the detectors check its prose (reading.view); their
            # suggestions are mapped back onto the file's own text (reading.to_source).
            readings = [articles[i][0].reading for i in batch]
            found = check_documents([r.view for r in readings], cfg, dets)
            return [(r.doc, r.to_source(sugs)) for r, sugs in zip(readings, found)]

        for i, res in zip(idx, isolate(run, idx)):
            if isinstance(res, Failure):
                out[i] = Checked(articles[i][0], None, cfg, [], failure=res)
            else:
                out[i] = Checked(articles[i][0], res[0], cfg, res[1])
        if progress:
            progress(len(idx))
    return [c for c in out if c is not None]


def check_one(article: Article, config: Config) -> Checked:
    """One article's check; an internal error is raised (for `fix`, `review`, `preview`)."""
    [checked] = check_articles([(article, config)])
    if checked.failure is not None:
        raise checked.failure.error
    return checked


def iter_checked(
    files: Sequence[str],
    overrides: dict,
    errors: list[str],
    block: bool = False,
    progress: Callable[[int], None] | None = None,
    err: IO[str] | None = None,
) -> Iterator[Checked]:
    """Read and check the files CHUNK_ARTICLES at a time, in order; read errors go to ``errors``.
    With ``block``, check down to the blocking threshold (for_blocking). With ``err``, say there
    once, after the last file, which files do not look like English (note_not_english)."""
    odd: list[str] = []
    for k in range(0, len(files), CHUNK_ARTICLES):
        articles, read_errors = read_files(
            files[k : k + CHUNK_ARTICLES], overrides, (lambda: progress(1)) if progress else None
        )
        errors.extend(read_errors)
        if err is not None:
            odd.extend(not_english(articles))
        yield from check_articles(for_blocking(articles) if block else articles, progress=progress)
    if err is not None:
        write_not_english_note(odd, err)


def display_path(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def report(run: Run, fmt: str, out: IO[str], err: IO[str], color: bool = False) -> int:
    return report_stream(run.checked, run.errors, fmt, out, err, color)


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
            failures.append(failure_line(c.article.path, c.failure))
            if debug_enabled():
                failures.append(c.failure.trace)
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


PROGRESS_MIN_FILES = 10


def check_paths(
    paths: Sequence[str],
    overrides: dict,
    fmt: str = "text",
    out: IO[str] = sys.stdout,
    err: IO[str] = sys.stderr,
    show_progress: bool = False,
    color: bool = False,
    block: bool = False,
) -> int:
    """Check files and directories, CHUNK_ARTICLES files at a time: memory is bounded by the
    chunk. With ``block``, judge them by the git hook's blocking policy (see report_blocking)
    instead of reporting every suggestion."""
    if block:
        overrides = block_overrides(overrides)
        files, errors = find_files(paths, overrides)
        return report_blocking(
            iter_checked(files, overrides, errors, block=True, err=err), errors, fmt, out, err, color
        )
    files, errors = find_files(paths, overrides)
    if show_progress and len(files) >= PROGRESS_MIN_FILES:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("checking"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        ) as bar:
            # One step a file: half when it is read, half when it is checked.
            task = bar.add_task("check", total=len(files))
            # the report goes to buffers while the bar shows (they hold output, not documents)
            out_buf, err_buf = io.StringIO(), io.StringIO()
            code = report_stream(
                iter_checked(files, overrides, errors, err=err_buf, progress=lambda n: bar.advance(task, n / 2)),
                errors,
                fmt,
                out_buf,
                err_buf,
                color,
            )
            bar.update(task, completed=len(files))
        out.write(out_buf.getvalue())
        out.flush()
        err.write(err_buf.getvalue())
        return code
    return report_stream(iter_checked(files, overrides, errors, err=err), errors, fmt, out, err, color)


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


def staged_articles(
    overrides: dict, pathspecs: Sequence[str] = (), cwd: str | None = None
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
            errors.append(
                f"{shown}: staged file is too large ({sizes[f.blob] / 1e6:.1f} MB; the limit is "
                f"{cfg.max_file_bytes / 1e6:.1f} MB, set max-file-bytes to raise it)"
            )
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
            articles.append((decode(data, shown, format_for_path(f.path, cfg.input_format)), cfg))
        except InputError as e:
            errors.append(f"{e} (staged content)")
    return articles, errors, notes


BOM_BYTES = b"\xef\xbb\xbf"


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
    overrides: dict,
    pathspecs: Sequence[str] = (),
    fmt: str = "text",
    out: IO[str] = sys.stdout,
    err: IO[str] = sys.stderr,
    color: bool = False,
    cwd: str | None = None,
) -> int:
    """`fixcopy check --staged`: judge what git is about to commit by the blocking policy."""
    overrides = block_overrides(overrides)
    try:
        articles, errors, notes = staged_articles(overrides, pathspecs, cwd)
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
        for c in check_articles(for_blocking(articles[k : k + CHUNK_ARTICLES]))
    )
    return report_blocking(checked, errors, fmt, out, err, color, staged=True)


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
    found: list[Checked] = []  # the articles with blocking suggestions (only those suggestions)
    # What does not block, in two kinds: flags without a fix at or above the threshold (they block
    # only with block-flags), and suggestions below the threshold.
    flags: dict[str, int] = {}
    below: dict[float, int] = {}
    flag_files: list[str] = []
    with_suggestions: set[str] = set()

    def blocking() -> Iterator[Checked]:
        for c in checked:
            b = Checked(c.article, c.doc, c.config, [s for s in c.suggestions if blocks(s, c.config)], c.failure)
            if b.suggestions:
                found.append(Checked(c.article, None, c.config, b.suggestions))
            if c.suggestions:
                with_suggestions.add(shlex.quote(display_path(c.article.path)))
            threshold = block_threshold(c.config)
            n_flags = 0
            for s in c.suggestions:
                if blocks(s, c.config):
                    continue
                if s.confidence < threshold:
                    below[threshold] = below.get(threshold, 0) + 1
                else:
                    n_flags += 1
            if n_flags:
                flag_files.append(shlex.quote(display_path(c.article.path)))
                flags[c.article.path] = n_flags
            yield b

    code = report_stream(blocking(), errors, fmt, out, err, color)
    out.flush()
    where = "staged file" if staged else "file"

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'s' if n != 1 else ''}"

    n_flags, n_below = sum(flags.values()), sum(below.values())
    below_text = (
        (f"{plural(n_below, 'suggestion')} below the blocking threshold of {min(below, default=0):g}")
        if n_below
        else ""
    )
    if found:
        n = sum(len(c.suggestions) for c in found)
        thresholds = sorted({block_threshold(c.config) for c in found})
        what = "garble" + ("s" if n != 1 else "")
        if not any(c.config.block_flags for c in found):
            what += " with a fix"
        err.write(
            f"fixcopy: commit blocked: {n} {what} (confidence >= {thresholds[0]:g}) "
            f"in {len(found)} {where}{'s' if len(found) != 1 else ''}.\n"
        )
        for i, c in enumerate(found):
            lead = "  Fix them:       " if i == 0 else " " * 18
            err.write(f"{lead}fixcopy review {shlex.quote(display_path(c.article.path))}\n")
        err.write(" " * 18 + "then git add the fixed files and commit again.\n")
        if n_flags:
            err.write(
                f"  Not blocking:   {plural(n_flags, 'flag')} without a fix in {' '.join(flag_files)} "
                "(review shows them too)\n"
            )
        err.write("  Commit anyway:  git commit --no-verify\n")
    elif n_flags or n_below:
        parts = []
        if n_flags:
            parts.append(
                f"{plural(n_flags, 'flag')} without a fix (not blocking: flags block only with block-flags = true)"
            )
        if n_below:
            parts.append(below_text + " (not blocking)")
        err.write(
            f"fixcopy: {' and '.join(parts)} in {where}s; see them with fixcopy check "
            f"{' '.join(sorted(with_suggestions))}\n"
        )
    return code
