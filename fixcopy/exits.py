"""Exit codes and the one-line reports every command shares (no typer, no I/O of its own)."""

from __future__ import annotations

import os

from .batching import Failure
from .files import STDIN

# Exit codes: 0 nothing found, 1 suggestions found (or, blocking, something blocks), 2 a usage or
# input error (a file that cannot be read, a bad config), 3 an internal error (a bug in fixcopy).
EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
REPORT_HINT = (
    "this is a bug in fixcopy: please report it with the input that caused it "
    "(rerun with --debug or FIXCOPY_DEBUG=1 for the traceback)"
)


def exit_code(found: bool, errors: bool, internal: bool) -> int:
    if internal:
        return EXIT_INTERNAL
    if errors:
        return EXIT_ERROR
    return EXIT_FOUND if found else EXIT_CLEAN


def debug_enabled() -> bool:
    return os.environ.get("FIXCOPY_DEBUG", "") not in ("", "0")


def display_path(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def failure_line(path: str, failure: Failure) -> str:
    """The one line that reports an article whose check failed."""
    return f"fixcopy: internal error: {display_path(path)}: {failure.message}; {REPORT_HINT}\n"


def failure_lines(path: str, failure: Failure) -> list[str]:
    """failure_line, and the traceback too with --debug (FIXCOPY_DEBUG=1)."""
    return [failure_line(path, failure), *([failure.trace] if debug_enabled() else [])]
