"""`path:line:col: category: message (suggestion)`, coloured on a terminal."""

from __future__ import annotations

from ..suggestion import Suggestion
from .base import FileResult, Formatter

COLORS = {"category": "\x1b[1;33m", "path": "\x1b[1m", "fix": "\x1b[32m", "reset": "\x1b[0m"}


def describe_fix(s: Suggestion) -> str:
    if s.replacement is None:
        return ""
    if s.replacement == "":
        return f'delete "{s.text}"'
    return f'"{s.text}" -> "{s.replacement}"'


def quote_words(words: str, message: str) -> str:
    """A model's message with the words it flags in front: '"for buy" reads like a garble: ...'."""
    shown = " ".join(words.split())
    if len(shown) > 40:
        shown = shown[:39] + "…"
    if message[:1].isupper() and message[1:2].islower():
        message = message[0].lower() + message[1:]
    return f'"{shown}" {message}' if message.startswith("reads ") else f'"{shown}": {message}'


class TextFormatter(Formatter):
    def add(self, result: FileResult) -> None:
        c = COLORS if self.color else {k: "" for k in COLORS}
        for s in result.suggestions:
            line, col = result.doc.line_col(s.start)
            fix = describe_fix(s)
            message, source = s.message, ""
            tag = f"({s.source})"
            if s.source != "rule" and message.endswith(tag):
                # "... (model)" and the fix share one pair of brackets: (model: "a" -> "b")
                message, source = message[: -len(tag)].rstrip(), s.source
            if s.source != "rule" and s.text.strip() and f'"{s.text}"' not in message:
                message = quote_words(s.text, message)
            if source:
                tail = f" ({source}: {c['fix']}{fix}{c['reset']})" if fix else f" ({source})"
            else:
                tail = f" ({c['fix']}{fix}{c['reset']})" if fix else ""
            self.out.write(
                f"{c['path']}{result.path}:{line}:{col}{c['reset']}: {c['category']}{s.category}{c['reset']}: "
                f"{message}{tail}\n"
            )


FORMATTER = TextFormatter
