"""Readers: a file's text -> the prose the detectors check, and the map back to the file.

``read(text, fmt)`` gives a ``Reading``: ``reading.view`` is the Document the detectors see,
``reading.doc`` the Document of the file's own text (for line and column, sentences),
``reading.to_source(suggestions)`` turns the view's suggestions into suggestions on the
file's text (the JSON contract's offsets), fixes escaped for the format.

Formats: ``text`` (plain, the default), ``markdown``, ``html``, ``nitf``, ``newsml`` (and
``xml``, which picks NITF or NewsML-G2 from the root element). The format of a file comes
from ``--input-format``, else from its extension (``format_for_path``).
"""

from __future__ import annotations

from enum import Enum

from .base import PlainReading, Reading
from .view import OPAQUE, ReadError, Segment

INPUT_FORMATS = ("auto", "text", "markdown", "html", "xml", "nitf", "newsml")
InputFormat = Enum("InputFormat", {name: name for name in INPUT_FORMATS}, type=str)  # the --input-format choices
INPUT_FORMAT_HELP = (
    "Read files as this format (default auto: by extension: .md/.markdown Markdown, .html/.htm HTML, "
    ".xml NITF or NewsML-G2 by its root element, .nitf NITF, anything else plain text)."
)

EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "xml",
    ".nitf": "nitf",
    ".newsml": "xml",
}


def format_for_path(path: str, override: str | None = None) -> str:
    """The input format of a file: the override unless it is None or "auto", else by extension."""
    if override and override != "auto":
        return override
    import os

    return EXTENSIONS.get(os.path.splitext(path)[1].lower(), "text")


def read(text: str, fmt: str = "text") -> Reading:
    """Read a file's text in a format. Raises ReadError when it does not parse or map."""
    if fmt == "text":
        return PlainReading(text)
    if fmt == "markdown":
        from .markdown import MarkdownReading

        return MarkdownReading(text)
    if fmt == "html":
        from .html import HTMLReading

        return HTMLReading(text)
    if fmt in ("xml", "nitf", "newsml"):
        from .xml import XMLReading

        return XMLReading(text, expect=fmt if fmt != "xml" else None)
    raise ValueError(f"unknown input format {fmt!r} (known: {', '.join(INPUT_FORMATS)})")


__all__ = [
    "INPUT_FORMATS",
    "INPUT_FORMAT_HELP",
    "InputFormat",
    "OPAQUE",
    "PlainReading",
    "Reading",
    "ReadError",
    "Segment",
    "format_for_path",
    "read",
]
