"""The `fixcopy` command line: a thin typer shell over runner, pipeline and files."""

from __future__ import annotations

import difflib
import os
import sys
from enum import Enum
from typing import List, Optional

import typer

from . import __version__
from .categories import CATEGORY_IDS
from .config import ConfigError
from .files import STDIN, InputError, atomic_write, read_article
from .formats import FORMATS
from .pipeline import fixes
from .runner import EXIT_ERROR, check_articles, check_paths, check_staged, config_for
from .suggestion import apply

app = typer.Typer(
    name="fixcopy",
    help="Find and repair machine-translation garbles in English wire copy.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# The --format choices: every formatter registered in formats.FORMATS.
Format = Enum("Format", {name: name for name in FORMATS}, type=str)


def _color() -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fixcopy {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Find and repair machine-translation garbles in English wire copy."""


def _overrides(min_confidence: Optional[float], no_model: bool, disable: Optional[List[str]] = None) -> dict:
    out: dict = {"min_confidence": min_confidence}
    if no_model:
        out["model"] = False
    if disable:
        unknown = set(disable) - set(CATEGORY_IDS)
        if unknown:
            raise typer.BadParameter(f"unknown categories: {', '.join(sorted(unknown))}", param_hint="--disable")
        out["disable"] = frozenset(disable)
    return out


def _fail(message: str) -> None:
    typer.echo(f"fixcopy: error: {message}", err=True)
    raise typer.Exit(EXIT_ERROR)


CONFIDENCE = dict(min=0.0, max=1.0)


@app.command()
def check(
    paths: Optional[List[str]] = typer.Argument(None, help="Article files, directories (searched by the configured globs), or - for standard input. With --staged: limit to these paths."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    min_confidence: Optional[float] = typer.Option(None, "--min-confidence", **CONFIDENCE,
                                                   help="Report suggestions at or above this confidence (default: 0.5, or the config's min-confidence). With --staged or --block: block at or above this confidence instead."),
    disable: Optional[List[str]] = typer.Option(None, "--disable", help="A category not to report (repeatable)."),
    no_model: bool = typer.Option(False, "--no-model", help="Rules only: do not run the shipped model."),
    staged: bool = typer.Option(False, "--staged", help="Check what git is about to commit: the staged content of the staged article files. Implies --block."),
    block: bool = typer.Option(False, "--block", help="Judge by the git hook's blocking policy: report only garbles with a fix at block-min-confidence (default: the fix threshold, 0.8); exit 1 if there are any."),
) -> None:
    """Report suspicious spans. Exit 0: nothing found, 1: suggestions found (with --staged or --block:
    something blocks the commit), 2: usage or input error."""
    overrides = _overrides(min_confidence, no_model, disable)
    if staged:
        if paths and STDIN in paths:
            _fail("--staged reads from git's index, not standard input")
        code = check_staged(overrides, paths or (), fmt=format.value, out=sys.stdout, err=sys.stderr,
                            color=_color())
    elif not paths:
        _fail("give at least one file or directory to check (or --staged)")
    else:
        code = check_paths(paths, overrides, fmt=format.value, out=sys.stdout, err=sys.stderr,
                           show_progress=sys.stderr.isatty() and not block, color=_color(), block=block)
    raise typer.Exit(code)


@app.command()
def fix(
    path: str = typer.Argument(..., help="An article file, or - for standard input."),
    min_confidence: Optional[float] = typer.Option(None, "--min-confidence", **CONFIDENCE,
                                                   help="Apply fixes at or above this confidence (default: 0.8, or the config's fix-min-confidence)."),
    write: bool = typer.Option(False, "--write", "-w", help="Rewrite the file in place (atomically)."),
    diff: bool = typer.Option(False, "--diff", "-d", help="Print a unified diff instead of the corrected text."),
    no_model: bool = typer.Option(False, "--no-model", help="Rules only: do not run the shipped model."),
) -> None:
    """Apply the suggestions that carry a replacement. Prints the corrected text unless --write or --diff."""
    if write and diff:
        _fail("--write and --diff cannot be used together")
    if write and path == STDIN:
        _fail("--write needs a file, not standard input")
    try:
        cfg = config_for(path, _overrides(None, no_model))
        article = read_article(path, cfg.max_file_bytes)
    except (InputError, ConfigError) as e:
        _fail(str(e))
    threshold = cfg.fix_min_confidence if min_confidence is None else min_confidence
    # Every suggestion the rules and model make is a candidate; the fix threshold decides.
    checked = check_articles([(article, cfg.replace(min_confidence=min(threshold, cfg.min_confidence)))])[0]
    edits = fixes(checked.suggestions, threshold)
    fixed = apply(article.text, edits)
    if write:
        if edits:
            atomic_write(path, article.encode(fixed))
        typer.echo(f"{path}: {len(edits)} fix{'es' if len(edits) != 1 else ''} applied", err=True)
    elif diff:
        name = "<stdin>" if path == STDIN else path.lstrip("/")  # as git prints an absolute path
        lines = difflib.unified_diff(article.text.splitlines(keepends=True), fixed.splitlines(keepends=True),
                                     f"a/{name}", f"b/{name}")
        sys.stdout.writelines(lines)
        sys.stdout.flush()
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(article.encode(fixed))
        sys.stdout.buffer.flush()


# Each further command group lives in its own module and registers itself here.
COMMAND_MODULES = ("review", "preview", "hook", "serve", "training.commands", "lm.cli")


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"{__package__}.{name}").register(app)


_register_commands()


def main(argv: Optional[List[str]] = None) -> int:
    """Entry point of the `fixcopy` console script."""
    try:
        app(args=argv, prog_name="fixcopy", standalone_mode=True)
    except SystemExit as e:
        return int(e.code or 0) if not isinstance(e.code, str) else EXIT_ERROR
    return 0


def run() -> None:
    sys.exit(main())
