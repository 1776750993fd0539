"""Reading article files safely and writing them back atomically."""

from __future__ import annotations

import fnmatch
import os
import sys
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .readers import Reading, ReadError, format_for_path, read

BOM = "\ufeff"
STDIN = "-"


class InputError(Exception):
    """A file that cannot be checked; str() is a one-line message naming it."""


@dataclass(frozen=True)
class Article:
    path: str  # as given on the command line ("-" for standard input)
    text: str  # decoded, BOM removed
    bom: bool
    format: str = "text"  # the input format (fixcopy.readers): text, markdown, html, xml, nitf, newsml

    def encode(self, text: str | None = None) -> bytes:
        return ((BOM if self.bom else "") + (self.text if text is None else text)).encode("utf-8")

    @cached_property
    def reading(self) -> Reading:
        """The text read in its format: the prose the detectors check and the map back."""
        return read(self.text, self.format)


FORMAT_NAMES = {"markdown": "Markdown", "html": "HTML", "xml": "XML", "nitf": "NITF", "newsml": "NewsML-G2"}


def with_format(article: Article, fmt: str) -> Article:
    """The article to be read as ``fmt``; raises InputError when it does not read as that format."""
    if fmt == "text":
        return article
    a = Article(article.path, article.text, article.bom, fmt)
    try:
        a.reading
    except (ReadError, ValueError, RecursionError, AssertionError) as e:
        name = "<stdin>" if a.path == STDIN else a.path
        raise InputError(f"{name}: cannot read as {FORMAT_NAMES.get(fmt, fmt)}: {e} "
                         f"(--input-format text checks it as plain text)") from None
    return a


def decode(data: bytes, name: str, fmt: str = "text") -> Article:
    """The article in ``data``; ``fmt`` is its input format (see fixcopy.readers)."""
    return with_format(_decode(data, name), fmt)


def _decode(data: bytes, name: str) -> Article:
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (contains NUL bytes), not an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(
            f"{name}: not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); convert it to UTF-8 first"
        ) from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    if not text.strip():
        raise InputError(f"{name}: file is empty")
    return Article(name, text, bom)


def read_article(path: str, max_bytes: int, input_format: str | None = None) -> Article:
    """Read an article file; its format is ``input_format`` unless that is None or "auto",
    else by the file's extension."""
    return with_format(_read_article(path, max_bytes), format_for_path(path, input_format))


def _read_article(path: str, max_bytes: int) -> Article:
    if path == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(f"<stdin>: input is larger than the {_mb(max_bytes)} limit (max-file-bytes)")
        return decode(data, STDIN)
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from None
    if not p.is_file():
        raise InputError(f"{path}: not a regular file")
    if st.st_size > max_bytes:
        raise InputError(
            f"{path}: file is too large ({_mb(st.st_size)}; the limit is {_mb(max_bytes)}, set max-file-bytes to raise it)"
        )
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from None
    return decode(data, path)


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def expand_paths(paths: list[str], globs: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Files to check and one-line errors: directories are searched (recursively, skipping
    hidden folders) for files matching the globs; files named directly are always taken."""
    files: list[str] = []
    errors: list[str] = []
    for path in paths:
        if path == STDIN:
            files.append(path)
            continue
        p = Path(path)
        if p.is_dir():
            found = []
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
                for n in sorted(names):
                    if any(fnmatch.fnmatch(n, g) for g in globs):
                        found.append(os.path.join(root, n))
            if not found:
                errors.append(f"{path}: no article files ({', '.join(globs)}) in this directory")
            files.extend(found)
        elif p.exists():
            files.append(path)
        else:
            errors.append(f"{path}: no such file or directory")
    return files, errors


def atomic_write(path: str, data: bytes) -> None:
    """Replace a file's content all at once: a temporary file in the same folder, fsync,
    the original permissions, then rename over it (a symlink's target is replaced)."""
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    mode = os.stat(target).st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=".fixcopy-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
