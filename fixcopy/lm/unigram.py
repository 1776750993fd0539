"""English unigram frequencies on wordfreq's Zipf scale, read from a compact table.

wordfreq builds a Python dict of all its English words on first use; with its import that costs
about 0.28 s of every cold `check` with the language model. `fixcopy model install` writes the
lower-case ASCII words and their Zipf values, as the installed wordfreq gives them, to
``unigram-en.bin`` beside the model (built on the user's machine, never shipped). A lookup there
is a binary search over the file's bytes: loading it is a read of about 5 MB. Any other word, a
missing table, or one written by another wordfreq version: wordfreq itself, with the same result.
"""

from __future__ import annotations

import os
import re
import tempfile
from array import array
from functools import lru_cache
from pathlib import Path

FILE = "unigram-en.bin"
MAGIC = b"fixcopy-unigram 1\n"
ASCII_WORD = re.compile(r"[a-z]+")


def wordfreq_version() -> str:
    from importlib.metadata import version

    return version("wordfreq")


def build(folder: Path) -> Path:
    """Write the table into ``folder`` (atomically) from the installed wordfreq."""
    from wordfreq import get_frequency_dict, zipf_frequency

    words = sorted(w for w in get_frequency_dict("en", "best") if ASCII_WORD.fullmatch(w))
    offsets = array("I", [0])
    for w in words:
        offsets.append(offsets[-1] + len(w))
    values = array("H", (round(zipf_frequency(w, "en") * 100) for w in words))
    blob = "".join(words).encode("ascii")
    head = MAGIC + f"{wordfreq_version()}\n{len(words)}\n".encode("ascii")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{FILE}-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(head + offsets.tobytes() + values.tobytes() + blob)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide it from other users of a shared model folder
        os.replace(tmp, folder / FILE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return folder / FILE


def current(folder: Path) -> bool:
    """Whether ``folder`` holds a table written by the installed wordfreq."""
    return read(folder / FILE) is not None


class Table:
    def __init__(self, offsets: array, values: array, blob: bytes):
        self.offsets, self.values, self.blob = offsets, values, blob

    def zipf(self, word: str) -> float:
        key, off, blob = word.encode("ascii"), self.offsets, self.blob
        lo, hi = 0, len(self.values)
        while lo < hi:
            mid = (lo + hi) // 2
            w = blob[off[mid] : off[mid + 1]]
            if w < key:
                lo = mid + 1
            elif w > key:
                hi = mid
            else:
                return self.values[mid] / 100
        return 0.0


def read(path: Path) -> Table | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(MAGIC):
        return None
    try:
        version, count, _ = data[len(MAGIC) :].split(b"\n", 2)
        if version.decode("ascii") != wordfreq_version():
            return None
        n = int(count)
        start = len(MAGIC) + len(version) + len(count) + 2
        offsets, values = array("I"), array("H")
        offsets.frombytes(data[start : start + 4 * (n + 1)])
        start += 4 * (n + 1)
        values.frombytes(data[start : start + 2 * n])
        blob = data[start + 2 * n :]
    except (ValueError, UnicodeDecodeError):
        return None
    if len(blob) != offsets[-1]:
        return None
    return Table(offsets, values, blob)


@lru_cache(maxsize=1)
def _table() -> Table | None:
    from .paths import model_dir

    return read(model_dir() / FILE)


def zipf_frequency(word: str) -> float:
    """wordfreq's ``zipf_frequency(word, "en")``."""
    table = _table() if ASCII_WORD.fullmatch(word) else None
    if table is None:
        from wordfreq import zipf_frequency as wordfreq_zipf

        return wordfreq_zipf(word, "en")
    return table.zipf(word)
