"""Running fixcopy over files: discovery, reading, batching, reporting, exit codes.

Shared by the CLI, the git hook and the review tools; knows nothing of typer.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Sequence

from .config import Config, ConfigError, load_config
from .document import Document
from .files import STDIN, Article, InputError, expand_paths, read_article
from .formats import FileResult, get_formatter
from .pipeline import Detector, check_documents

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
    if config.languagetool:
        from .languagetool import LanguageToolDetector

        out.append(LanguageToolDetector(config.languagetool))
    return out


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
                err: IO[str] = sys.stderr, show_progress: bool = False, color: bool = False) -> int:
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
