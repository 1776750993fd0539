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
from .readers import INPUT_FORMAT_HELP, InputFormat
from .runner import EXIT_ERROR, check_one, check_paths, check_staged, config_for
from .suggestion import apply

app = typer.Typer(
    name="fixcopy",
    help="Find and repair machine-translation garbles in English wire copy.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # main() reports errors: one line each (see main)
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
                                       help="Print the version and exit."),
          debug: bool = typer.Option(False, "--debug", help="On an internal error, print the traceback "
                                     "(as FIXCOPY_DEBUG=1 does).")) -> None:
    """Find and repair machine-translation garbles in English wire copy."""
    if debug:
        os.environ["FIXCOPY_DEBUG"] = "1"


def _overrides(min_confidence: Optional[float], no_model: bool, disable: Optional[List[str]] = None,
               input_format: Optional["InputFormat"] = None) -> dict:
    out: dict = {"min_confidence": min_confidence}
    if input_format is not None and input_format.value != "auto":
        out["input_format"] = input_format.value
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
    input_format: InputFormat = typer.Option(InputFormat.auto, "--input-format", help=INPUT_FORMAT_HELP),
) -> None:
    """Report suspicious spans. Exit 0: nothing found, 1: suggestions found (with --staged or --block:
    something blocks the commit), 2: usage or input error, 3: internal error (a bug in fixcopy)."""
    overrides = _overrides(min_confidence, no_model, disable, input_format)
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
    input_format: InputFormat = typer.Option(InputFormat.auto, "--input-format", help=INPUT_FORMAT_HELP),
) -> None:
    """Apply the suggestions that carry a replacement. Prints the corrected text unless --write or --diff."""
    if write and diff:
        _fail("--write and --diff cannot be used together")
    if write and path == STDIN:
        _fail("--write needs a file, not standard input")
    try:
        cfg = config_for(path, _overrides(None, no_model, None, input_format))
        article = read_article(path, cfg.max_file_bytes, cfg.input_format)
    except (InputError, ConfigError) as e:
        _fail(str(e))
    threshold = cfg.fix_min_confidence if min_confidence is None else min_confidence
    # Every suggestion the rules and model make is a candidate; the fix threshold decides.
    checked = check_one(article, cfg.replace(min_confidence=min(threshold, cfg.min_confidence)))
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
COMMAND_MODULES = ("review", "preview", "hook", "serve", "train_commands")


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"{__package__}.{name}").register(app)


_register_commands()


def main(argv: Optional[List[str]] = None) -> int:
    """Entry point of the `fixcopy` console script. Exit codes: 0 nothing found, 1 suggestions
    found, 2 usage or input error, 3 internal error (a bug: one line, the traceback with --debug or
    FIXCOPY_DEBUG=1)."""
    click_mods = _click_modules()
    no_args = tuple(getattr(m.exceptions, "NoArgsIsHelpError", ()) or m.exceptions.UsageError for m in click_mods)
    try:
        rv = app(args=argv, prog_name="fixcopy", standalone_mode=False)
    except no_args as e:
        if type(e).__name__ != "NoArgsIsHelpError":  # an old click: a plain usage error
            return _usage_error(e)
        help_text = e.format_message()  # plain `fixcopy`: the help (typer's rich help has printed itself)
        if help_text.strip():
            typer.echo(help_text)
        return EXIT_ERROR
    except tuple(m.exceptions.ClickException for m in click_mods) as e:
        return _usage_error(e)
    except tuple(_aborts(click_mods)):
        typer.echo("fixcopy: aborted", err=True)
        return 130
    except KeyboardInterrupt:
        typer.echo("fixcopy: interrupted", err=True)
        return 130
    except BrokenPipeError:  # the reader went away (fixcopy check ... | head): nothing more to say
        sys.stdout = click_mods[0].utils.PacifyFlushWrapper(sys.stdout)
        sys.stderr = click_mods[0].utils.PacifyFlushWrapper(sys.stderr)
        return 1
    except SystemExit as e:
        return int(e.code or 0) if not isinstance(e.code, str) else EXIT_ERROR
    except Exception as e:  # noqa: BLE001 - a bug: its own exit code, never 0 or 1
        return internal_error(e)
    return rv if isinstance(rv, int) else 0


def _click_modules() -> list:
    """click, and the copy of it that newer typer versions carry (typer._click)."""
    import click

    try:
        from typer import _click as typer_click
    except ImportError:
        return [click]
    return [typer_click, click]


def _aborts(click_mods: list) -> list[type]:
    """Abort (Ctrl-D at a prompt): click's, and typer's own where it has one."""
    import typer.exceptions

    found = [getattr(m, "Abort", None) or getattr(m.exceptions, "Abort", None) for m in click_mods]
    return [a for a in [*found, getattr(typer.exceptions, "Abort", None)] if isinstance(a, type)]


def _usage_error(e) -> int:
    """A usage error (click's): one `fixcopy: error:` line, as fixcopy's own errors; exit 2."""
    hint = ""
    if getattr(e, "ctx", None) is not None and type(e).__name__ != "ClickException":
        hint = f" (see {e.ctx.command_path} --help)"
    typer.echo(f"fixcopy: error: {' '.join(e.format_message().split())}{hint}", err=True)
    return EXIT_ERROR if e.exit_code in (1, 2) else e.exit_code


def internal_error(e: BaseException) -> int:
    """Report an internal error: one line (the traceback too with --debug / FIXCOPY_DEBUG=1); exit 3."""
    import traceback

    from .runner import EXIT_INTERNAL, REPORT_HINT, debug_enabled

    if debug_enabled():
        traceback.print_exception(e, file=sys.stderr)
    message = " ".join(str(e).split()) or "(no message)"
    typer.echo(f"fixcopy: internal error: {type(e).__name__}: {message}; {REPORT_HINT}", err=True)
    return EXIT_INTERNAL


def run() -> None:
    sys.exit(main())
