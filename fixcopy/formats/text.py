"""`path:line:col: category: message (suggestion)`, coloured on a terminal."""

from __future__ import annotations

from . import FileResult, Formatter
from ..suggestion import Suggestion

COLORS = {"category": "\x1b[1;33m", "path": "\x1b[1m", "fix": "\x1b[32m", "reset": "\x1b[0m"}


def describe_fix(s: Suggestion) -> str:
    if s.replacement is None:
        return ""
    if s.replacement == "":
        return f'delete "{s.text}"'
    return f'"{s.text}" -> "{s.replacement}"'


class TextFormatter(Formatter):
    def add(self, result: FileResult) -> None:
        c = COLORS if self.color else {k: "" for k in COLORS}
        for s in result.suggestions:
            line, col = result.doc.line_col(s.start)
            fix = describe_fix(s)
            tail = f" ({c['fix']}{fix}{c['reset']})" if fix else ""
            self.out.write(
                f"{c['path']}{result.path}:{line}:{col}{c['reset']}: {c['category']}{s.category}{c['reset']}: "
                f"{s.message}{tail}\n"
            )


FORMATTER = TextFormatter
