"""Output formats for `fixcopy check`: one formatter a module, chosen by name."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import IO

from ..document import Document
from ..suggestion import Suggestion

FORMATS = {
    "text": "text",
    "json": "json_format",
    "github": "github",
    "sarif": "sarif",
    "languagetool-json": "languagetool_json",
}


@dataclass
class FileResult:
    path: str  # as shown to the user ("<stdin>" for standard input)
    doc: Document
    suggestions: list[Suggestion] = field(default_factory=list)


class Formatter:
    """Receives each file's result, then finish(); writes to ``out``."""

    def __init__(self, out: IO[str], color: bool = False) -> None:
        self.out = out
        self.color = color

    def add(self, result: FileResult) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def finish(self) -> None:
        pass


def get_formatter(name: str, out: IO[str], color: bool = False) -> Formatter:
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    return module.FORMATTER(out, color)
