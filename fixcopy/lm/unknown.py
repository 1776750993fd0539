"""Words left untranslated: a lower-case word that English does not have, is not a typo of a word
it has, and is not a compound of two words it has ("sekurecaj", "intertraktanta", "pandemia" are;
"mangagement", "soymeal" and "buydown" are not). Pure: wordfreq only (through unigram.py)."""

from __future__ import annotations

import re
from functools import lru_cache

LETTERS = "abcdefghijklmnopqrstuvwxyz"
TYPO_OF = 1.0  # Zipf of a word one edit away that makes an unknown word a typo of it
PART = 2.5  # Zipf of each part of a compound run together
STEM = 1.5  # Zipf of the word a prefix is put on ("dedramatise": dramatise)
SUFFIXES = ("s", "es", "er", "ers", "ier", "iest", "ed", "ing", "able", "ly")
PREFIXES = ("non", "un", "re", "de", "pre", "post", "anti", "mini", "micro", "mega", "euro", "over", "under", "multi")


def known(word: str, at_least: float = 0.0) -> bool:
    from .unigram import zipf_frequency

    z = zipf_frequency(word)
    return z > at_least


def _edits1(word: str):
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for a, b in splits:
        if b:
            yield a + b[1:]  # deletion
            for c in LETTERS:
                yield a + c + b[1:]  # substitution
        if len(b) > 1:
            yield a + b[1] + b[0] + b[2:]  # transposition
        for c in LETTERS:
            yield a + c + b  # insertion


def compound(word: str) -> bool:
    """Two English words run together ("soymeal", "writeoffs"), or a prefix on one ("nondurables")."""
    if any(word.startswith(p) and known(word[len(p) :], STEM) for p in PREFIXES):
        return True
    stems = [word[: -len(x)] for x in SUFFIXES if word.endswith(x)]
    if any(known(s, PART) or known(s + "e", PART) for s in stems):  # "chequable": cheque
        return True
    return any(known(word[:i], PART) and known(word[i:], PART) for i in range(3, len(word) - 2))


@lru_cache(maxsize=20_000)
def untranslated(word: str) -> bool:
    """Whether a lower-case word reads as left in another language (see the module's doc)."""
    if len(word) < 4 or not word.isalpha() or not word.islower() or known(word):
        return False
    if word.isascii() and (compound(word) or any(known(e, TYPO_OF) for e in _edits1(word))):
        return False
    return True


def repeated(word: str, text: str) -> bool:
    """A word a document uses more than once is its own term ("protocluster"), not a slip."""
    return len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE)) > 1
