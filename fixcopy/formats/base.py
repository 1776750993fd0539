"""What every output format receives (a FileResult per file) and the Formatter it implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO

from ..document import Document
from ..suggestion import Suggestion


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
