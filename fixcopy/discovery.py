"""Finding and reading the files a command works on, each with its Settings: its configuration
looked up once (fixcopy.toml, see config.py) with the command's Options merged in."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, NamedTuple

from .config import ConfigError, load_config
from .exits import display_path
from .files import STDIN, Article, InputError, expand_paths, read_article
from .options import Options, Settings


class Found(NamedTuple):
    """A file to work on, with its settings when they are known already (a file named on the
    command line: looked up to expand the path); None for a file found in a folder."""

    path: str
    settings: Settings | None = None


def settings_for(path: str, options: Options) -> Settings:
    """The settings of a file or folder (standard input: of the current folder). Raises ConfigError."""
    return options.settle(load_config(Path.cwd() if path == STDIN else Path(path)))


def find_files(paths: Sequence[str], options: Options) -> tuple[list[Found], list[str]]:
    """Files named or found under the paths (directories by their configured globs), and errors."""
    errors: list[str] = []
    found: list[Found] = []
    for p in paths:
        try:
            settings = settings_for(p, options)
        except ConfigError as e:
            errors.append(str(e))
            continue
        files, errs = expand_paths([p], settings.config.globs)
        found.extend(Found(f, settings if f == p else None) for f in files)
        errors.extend(errs)
    return _once(found), errors


def _once(found: list[Found]) -> list[Found]:
    """Each file once, under the first name it was given by ("a.txt ./a.txt" is one file)."""
    seen: set[str] = set()
    out: list[Found] = []
    for f in found:
        key = f.path if f.path == STDIN else os.path.realpath(f.path)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def read_files(
    found: Sequence[Found], options: Options, progress: Callable[[], None] | None = None
) -> tuple[list[tuple[Article, Settings]], list[str]]:
    """Each readable article with its settings, and a one-line error for each other file."""
    articles: list[tuple[Article, Settings]] = []
    errors: list[str] = []
    for f in found:
        try:
            settings = f.settings or settings_for(f.path, options)
            cfg = settings.config
            articles.append((read_article(f.path, cfg.max_file_bytes, cfg.input_format), settings))
        except (InputError, ConfigError) as e:
            errors.append(str(e))
        if progress:
            progress()
    return articles, errors


def not_english(articles: Sequence[tuple[Article, object]]) -> list[str]:
    """The (display) paths of the articles whose prose does not look like English."""
    from .language import looks_english

    # a file read in a markup format is judged by its prose (read already, by with_format)
    return [
        display_path(a.path)
        for a, _ in articles
        if not looks_english(a.text if a.format == "text" else a.reading.view.text)
    ]


def write_not_english_note(odd: Sequence[str], err: IO[str]) -> None:
    """Say once, on one line, which files do not look like English."""
    if odd:
        what = odd[0] if len(odd) == 1 else f"{len(odd)} files ({', '.join(odd[:3])}{', ...' if len(odd) > 3 else ''})"
        err.write(f"fixcopy: note: the text of {what} does not look like English; fixcopy checks English copy only\n")
