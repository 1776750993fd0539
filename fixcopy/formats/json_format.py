"""JSON: ``{"version": "1", "files": [{"path": str, "suggestions": [Suggestion, ...]}]}``.

``version`` is the version of this schema; start/end are Python string indices into
the file's text as decoded from UTF-8 with a leading BOM removed.
"""

from __future__ import annotations

import json

from .base import FileResult, Formatter

SCHEMA_VERSION = "1"


class JsonFormatter(Formatter):
    def __init__(self, out, color=False):
        super().__init__(out, color)
        self.files: list[dict] = []

    def add(self, result: FileResult) -> None:
        self.files.append({"path": result.path, "suggestions": [s.to_dict() for s in result.suggestions]})

    def finish(self) -> None:
        json.dump({"version": SCHEMA_VERSION, "files": self.files}, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


FORMATTER = JsonFormatter
