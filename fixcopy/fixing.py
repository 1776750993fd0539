"""`fix`: the recipe (the replacements at or above the threshold, without overlaps, applied to the
text: ``fix_checked``, pure), and the run that reads, checks and fixes files a chunk at a time
and prints, diffs or writes back each (``fix_files``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Literal

from .checking import Checked, iter_checked
from .discovery import Found
from .exits import EXIT_ERROR, EXIT_INTERNAL, failure_lines
from .files import STDIN, Article, unified_diff, write_back
from .options import Options
from .pipeline import fixes
from .suggestion import Suggestion, apply

FixMode = Literal["print", "write", "diff"]
EXIT_DIFF = 1  # `fix --diff` found something to fix (black --check's convention)


@dataclass(frozen=True)
class Fixed:
    article: Article
    edits: list[Suggestion]
    text: str  # the article's text with the edits applied


def fix_checked(checked: Checked) -> Fixed:
    """The edits `fix` applies to a checked article (pipeline.fixes at its threshold), applied."""
    threshold = checked.config.fix_min_confidence if checked.threshold is None else checked.threshold
    edits = fixes(checked.suggestions, threshold)
    return Fixed(checked.article, edits, apply(checked.article.text, edits))


def fix_files(
    found: Sequence[Found], errors: list[str], options: Options, mode: FixMode, out: IO[str], err: IO[str]
) -> int:
    """Fix each file (``options`` with the purpose "fix"); an article whose check fails is left as
    it is and the others are fixed. Then the errors, one line each. Exit 0: done (diff: nothing to
    fix), 1: diff printed a non-empty diff, 2: errors, 3: an internal error."""
    changed = False
    failures: list[str] = []  # articles whose check raised (an internal error): one line each
    for c in iter_checked(found, options, errors, err=err):  # read, checked and written a chunk at a time
        if c.failure is not None:
            failures.extend(failure_lines(c.article.path, c.failure))
            continue
        changed = _emit(fix_checked(c), mode, out, err, errors) or changed
    for e in errors:
        _line(err, f"fixcopy: error: {e}")
    for f in failures:
        err.write(f)
    err.flush()
    if failures:
        return EXIT_INTERNAL
    if errors:
        return EXIT_ERROR
    return EXIT_DIFF if changed else 0


def _emit(fixed: Fixed, mode: FixMode, out: IO[str], err: IO[str], errors: list[str]) -> bool:
    """Write back, diff or print one fixed article; True when a diff was printed."""
    article, path = fixed.article, fixed.article.path
    if mode == "write":
        try:
            if fixed.edits:
                write_back(path, article.encode(fixed.text))
        except OSError as e:
            errors.append(f"{path}: cannot write: {e.strerror or e}; file not changed")
            return False
        n = len(fixed.edits)
        _line(err, f"{path}: {n} fix{'es' if n != 1 else ''} applied")
        return False
    if mode == "diff":
        name = "<stdin>" if path == STDIN else path.lstrip("/")  # as git prints an absolute path
        patch = unified_diff(article.encode().decode("utf-8"), article.encode(fixed.text).decode("utf-8"), name)
        _bytes(out, patch.encode("utf-8"))
        return bool(patch)
    _bytes(out, article.encode(fixed.text))
    return False


def _line(stream: IO[str], text: str) -> None:
    stream.write(text + "\n")
    stream.flush()


def _bytes(out: IO[str], data: bytes) -> None:
    out.flush()
    out.buffer.write(data)
    out.buffer.flush()
