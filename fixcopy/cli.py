"""The `fixcopy` command line: a thin typer shell. Each command makes one frozen Options of its
flags (cli_options) and hands it to the core: reporting.check_paths, staged.check_staged,
fixing.fix_files; the other commands register themselves from their own modules."""

from __future__ import annotations

import os
import sys
from enum import Enum

import typer

from . import __version__
from .allocator import limit_arenas
from .cli_options import disable_option, input_format_option, min_confidence_option, no_model_option, options
from .discovery import find_files
from .exits import EXIT_ERROR, EXIT_INTERNAL, REPORT_HINT, debug_enabled
from .files import STDIN
from .fixing import fix_files
from .formats import FORMATS
from .readers import InputFormat
from .reporting import check_paths
from .staged import check_staged

app = typer.Typer(
    name="fixcopy",
    help="Find and repair machine-translation garbles in English wire copy.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # main() reports errors: one line each (see main)
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _flag_type(self, ctx):
    """typer prints "<bool>" beside an on/off flag, as if it took a value (it does not)."""
    return None if getattr(self, "is_flag", False) else _typer_option_type(self, ctx)


_typer_option_type = typer.core.TyperOption.display_type_rich
typer.core.TyperOption.display_type_rich = _flag_type


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
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    debug: bool = typer.Option(
        False, "--debug", help="On an internal error, print the traceback (as FIXCOPY_DEBUG=1 does)."
    ),
) -> None:
    """Find and repair machine-translation garbles in English wire copy."""
    if debug:
        os.environ["FIXCOPY_DEBUG"] = "1"


def _fail(message: str) -> None:
    typer.echo(f"fixcopy: error: {message}", err=True)
    raise typer.Exit(EXIT_ERROR)


@app.command()
def check(
    paths: list[str] | None = typer.Argument(
        None,
        help="Article files, directories (searched by the configured globs), or - for standard input. With --staged: limit to these paths.",
    ),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    min_confidence: float | None = min_confidence_option(
        "Report suggestions at or above this confidence (default: 0.5, or the config's min-confidence). With --staged or --block: block at or above this confidence instead."
    ),
    disable: list[str] | None = disable_option("report"),
    no_model: bool = no_model_option(),
    staged: bool = typer.Option(
        False,
        "--staged",
        help="Check what git is about to commit: the staged content of the staged article files. Implies --block.",
    ),
    block: bool = typer.Option(
        False,
        "--block",
        help="Judge by the git hook's blocking policy: report only garbles with a fix at block-min-confidence (default: the fix threshold, 0.8); exit 1 if there are any.",
    ),
    input_format: InputFormat = input_format_option(),
) -> None:
    """Report suspicious spans. Exit 0: nothing found, 1: suggestions found (with --staged or --block:
    something blocks the commit), 2: usage or input error, 3: internal error (a bug in fixcopy)."""
    opts = options("block" if staged or block else "check", min_confidence, no_model, disable, input_format)
    if staged:
        if paths and STDIN in paths:
            _fail("--staged reads from git's index, not standard input")
        code = check_staged(opts, paths or (), fmt=format.value, out=sys.stdout, err=sys.stderr, color=_color())
    elif not paths:
        _fail("give at least one file or directory to check (or --staged)")
    else:
        show_progress = sys.stderr.isatty() and not block
        code = check_paths(paths, opts, format.value, sys.stdout, sys.stderr, show_progress, _color())
    raise typer.Exit(code)


@app.command()
def fix(
    paths: list[str] = typer.Argument(
        ..., help="Article files, directories (searched by the configured globs), or - for standard input."
    ),
    min_confidence: float | None = min_confidence_option(
        "Apply fixes at or above this confidence (default: 0.8, or the config's fix-min-confidence)."
    ),
    write: bool = typer.Option(
        False, "--write", "-w", help="Rewrite the files (owner, group, mode and hard links kept)."
    ),
    diff: bool = typer.Option(
        False, "--diff", "-d", help="Print a unified diff instead of the corrected text; exit 1 when it is not empty."
    ),
    disable: list[str] | None = disable_option("fix"),
    no_model: bool = no_model_option(),
    input_format: InputFormat = input_format_option(),
) -> None:
    """Apply the suggestions that carry a replacement. Prints the corrected text (of one file)
    unless --write or --diff. Exit 0: done (--diff: nothing to fix), 1: --diff printed a
    non-empty diff, 2: usage or input error, 3: internal error (a bug in fixcopy; that file is
    left unchanged)."""
    if write and diff:
        _fail("--write and --diff cannot be used together")
    if STDIN in paths and (write or len(paths) > 1):
        _fail("--write needs a file, not standard input" if write else "- (standard input) cannot be mixed with files")
    opts = options("fix", min_confidence, no_model, disable, input_format)
    found, errors = find_files(paths, opts)
    if not write and not diff and len(found) > 1:
        _fail(
            f"{len(found)} files to fix: give --write to rewrite them or --diff to see the changes "
            "(the corrected text is printed for one file only)"
        )
    mode = "write" if write else "diff" if diff else "print"
    raise typer.Exit(fix_files(found, errors, opts, mode, sys.stdout, sys.stderr))


# The other commands live in their own modules and register themselves here (none imports cli).
from . import hook, preview, review, serve, train_commands  # noqa: E402
from .lm import cli as lm_cli  # noqa: E402

for _module in (review, preview, hook, serve, train_commands, lm_cli):
    _module.register(app)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `fixcopy` console script. Exit codes: 0 nothing found, 1 suggestions
    found, 2 usage or input error, 3 internal error (a bug: one line, the traceback with --debug or
    FIXCOPY_DEBUG=1)."""
    limit_arenas()
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

    if debug_enabled():
        traceback.print_exception(e, file=sys.stderr)
    message = " ".join(str(e).split()) or "(no message)"
    typer.echo(f"fixcopy: internal error: {type(e).__name__}: {message}; {REPORT_HINT}", err=True)
    return EXIT_INTERNAL


def run() -> None:
    sys.exit(main())
