"""Output formats for `fixcopy check`: one formatter a module, chosen by name."""

from __future__ import annotations

import importlib
from typing import IO

from .base import FileResult, Formatter

FORMATS = {
    "text": "text",
    "json": "json_format",
    "github": "github",
    "sarif": "sarif",
    "languagetool-json": "languagetool_json",
}


__all__ = ["FORMATS", "FileResult", "Formatter", "get_formatter"]


def get_formatter(name: str, out: IO[str], color: bool = False) -> Formatter:
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    return module.FORMATTER(out, color)
