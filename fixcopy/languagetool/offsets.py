"""Offsets as LanguageTool counts them: in UTF-16 code units, as Java strings do (a Suggestion
counts code points). A character outside the Basic Multilingual Plane is one code point and
two UTF-16 units."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


def utf16_index(text: str) -> Callable[[int], int]:
    """A function from a code-point index of ``text`` to its UTF-16 code-unit index."""
    astral = [m.start() for m in _ASTRAL_RE.finditer(text)]
    if not astral:
        return lambda i: i
    return lambda i: i + bisect.bisect_left(astral, i)


def code_point_index(text: str) -> Callable[[int], int]:
    """The inverse of utf16_index: a UTF-16 index of ``text`` to a code-point index
    (an index inside a surrogate pair maps to its character's start)."""
    astral_u16 = [m.start() + k for k, m in enumerate(_ASTRAL_RE.finditer(text))]
    if not astral_u16:
        return lambda u: u
    return lambda u: u - bisect.bisect_left(astral_u16, u)


def utf16_len(text: str) -> int:
    return len(text) + len(_ASTRAL_RE.findall(text))
