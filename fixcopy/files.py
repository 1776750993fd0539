"""Reading article files safely and writing them back without losing anything of them."""

from __future__ import annotations

import difflib
import errno
import fnmatch
import os
import re
import stat
import sys
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .readers import ReadError, Reading, format_for_path, read

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
        _ = a.reading  # reading it here makes a bad file an input error, not a crash later
    except (ReadError, ValueError, RecursionError, AssertionError) as e:
        name = "<stdin>" if a.path == STDIN else a.path
        raise InputError(
            f"{name}: cannot read as {FORMAT_NAMES.get(fmt, fmt)}: {e} (--input-format text checks it as plain text)"
        ) from None
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


class _CannotReplace(Exception):
    """Replacing the file by a new one would lose something of it (owner, group, extended
    attributes), or the folder may not be written to."""


def write_back(path: str, data: bytes) -> str:
    """Write an article's new bytes, keeping everything about the file but its content: owner,
    group, mode, extended attributes (ACLs), inode and hard links.

    The file is replaced atomically (a temporary file in the same folder, fsync, then rename
    over it) when that keeps all of these: it has one link, and its owner and group can be
    given to the new file. Otherwise (a hard-linked file; a file of another user in a shared
    group folder; a folder the process may not write) it is rewritten in place: the space is
    reserved first, then the bytes are written and synced. A symlink's target is written.
    Returns "replaced" or "in place". Raises OSError when the file may not be written.
    """
    target = os.path.realpath(path)
    st = os.stat(target)
    if not os.access(target, os.W_OK):  # a read-only file stays so: a rename would get round it
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
    if st.st_nlink == 1:
        try:
            _replace(target, data, st)
            return "replaced"
        except _CannotReplace:
            pass
    _write_in_place(target, data, st)
    return "in place"


def _replace(target: str, data: bytes, st: os.stat_result) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=".fixcopy-", suffix=".tmp", dir=os.path.dirname(target))
    except PermissionError:
        raise _CannotReplace from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
            mine = os.fstat(f.fileno())
            try:
                if (mine.st_uid, mine.st_gid) != (st.st_uid, st.st_gid):
                    os.chown(f.fileno(), st.st_uid, st.st_gid)
                _copy_xattrs(target, f.fileno())
            except PermissionError:
                raise _CannotReplace from None
            os.chmod(f.fileno(), stat.S_IMODE(st.st_mode))  # after chown, which clears set-id bits
        try:
            os.replace(tmp, target)
        except PermissionError:  # a sticky folder: only the owner may replace the file
            raise _CannotReplace from None
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _copy_xattrs(src: str, fd: int) -> None:
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(src)
    except OSError:
        return  # a file system without extended attributes
    for name in names:
        try:
            os.setxattr(fd, name, os.getxattr(src, name))
        except OSError as e:
            raise PermissionError(str(e)) from None


def _write_in_place(target: str, data: bytes, st: os.stat_result) -> None:
    with open(target, "r+b") as f:
        if len(data) > st.st_size and hasattr(os, "posix_fallocate"):
            try:  # a full disk fails here, before a byte of the article is overwritten
                os.posix_fallocate(f.fileno(), 0, len(data))
            except OSError as e:
                if e.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
                    raise
        f.write(data)
        f.truncate()
        f.flush()
        os.fsync(f.fileno())


atomic_write = write_back  # the former name


_LINE_RE = re.compile(r"[^\n]*\n|[^\n]+")


def unified_diff(old: str, new: str, name: str) -> str:
    """A unified diff that git apply and patch accept: lines split at "\\n" only (a form
    feed or U+2028 is not a line break to them), and a last line without a newline marked
    "\\ No newline at end of file". Empty when the texts are equal."""
    out = []
    for line in difflib.unified_diff(_LINE_RE.findall(old), _LINE_RE.findall(new), f"a/{name}", f"b/{name}"):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)
