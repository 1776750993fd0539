"""The names the run-time modules had in runner.py, for code that still imports them from here.

runner.py was the hub of every command; its jobs now have a module each:

- options.py: the frozen Options a command hands down, merged with each file's configuration;
- discovery.py: finding and reading the files, each with its settings (looked up once);
- detectors.py: which detectors run beside the rules;
- checking.py: the batch run (Checked, check_articles, iter_checked);
- reporting.py: reporting a run and `check` over paths (check_paths);
- blocking.py: the git hook's blocking policy; staged.py: `check --staged`;
- fixing.py: `fix`; exits.py: exit codes and the one-line reports.

Import from those; this module only re-exports them.
"""

from __future__ import annotations

from collections.abc import Mapping

from .blocking import BlockTally, blocks
from .checking import CHUNK_ARTICLES, Checked, check_articles, check_one, check_settled, iter_checked
from .config import Config
from .detectors import detectors_for, lm_detector
from .discovery import Found, find_files, not_english, read_files, settings_for, write_not_english_note
from .exits import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FOUND,
    EXIT_INTERNAL,
    REPORT_HINT,
    debug_enabled,
    display_path,
    exit_code,
    failure_line,
)
from .options import Options, block_threshold
from .reporting import PROGRESS_MIN_FILES, check_paths, report_blocking, report_stream
from .staged import check_staged, staged_articles, unknown_pathspecs

__all__ = [
    "CHUNK_ARTICLES",
    "EXIT_CLEAN",
    "EXIT_ERROR",
    "EXIT_FOUND",
    "EXIT_INTERNAL",
    "PROGRESS_MIN_FILES",
    "REPORT_HINT",
    "BlockTally",
    "Checked",
    "Found",
    "Options",
    "block_threshold",
    "blocks",
    "check_articles",
    "check_one",
    "check_paths",
    "check_settled",
    "check_staged",
    "config_for",
    "debug_enabled",
    "detectors_for",
    "display_path",
    "exit_code",
    "failure_line",
    "find_files",
    "iter_checked",
    "lm_detector",
    "not_english",
    "read_files",
    "report_blocking",
    "report_stream",
    "settings_for",
    "staged_articles",
    "unknown_pathspecs",
    "write_not_english_note",
]


def config_for(path: str, options: Options | Mapping | None = None) -> Config:
    """The configuration of ``path`` with the options merged in (discovery.settings_for). An
    old-style overrides mapping ({"min_confidence": 0.6, "model": False}, None: not given) is
    still taken, as `check` options; new code passes an Options."""
    if not isinstance(options, Options):
        options = Options(**{k: v for k, v in (options or {}).items() if v is not None})
    return settings_for(path, options).config
