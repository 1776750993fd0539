"""lemminflect's look-up tables, searched in place instead of parsed whole.

lemminflect parses its two tables (about 120,000 CSV lines) into dictionaries on first use,
which costs a cold `fixcopy check` about 0.3 s, for the few hundred words an article holds.
Both tables are sorted by their first field, so this module keeps each as its list of
lines and finds a word's lines by binary search, parsing only those, with lemminflect's
own codecs. The result for every word is what lemminflect's loader gives (tests assert it
over the whole tables). ``install()`` hands the tables to lemminflect's singletons, which
look words up with ``.get(word, {})`` only.
"""

from __future__ import annotations

import bisect
import gzip

from lemminflect import config as lemminflect_config
from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
from lemminflect.core.Inflections import Inflections
from lemminflect.core.Lemmatizer import Lemmatizer
from lemminflect.core.LexicalUtils import categoryToUPos


def _key(line: str) -> str:
    return line[: line.find(",")]


class SortedTable:
    """A sorted CSV look-up table: ``get(word)`` merges the entries of the word's lines."""

    def __init__(self, path: str, entry, fixed: dict | None = None) -> None:
        with open(path, "rb") as f:
            self.lines = gzip.decompress(f.read()).decode().splitlines()
        self.entry = entry  # line -> dict to merge into the word's entry
        self.fixed = fixed or {}  # entries that replace the table's (lemminflect's own overrides)
        self.cache: dict[str, dict | None] = {}

    def get(self, word: str, default=None):
        if word in self.fixed:
            return self.fixed[word]
        if word not in self.cache:
            lines = self.lines
            i = bisect.bisect_left(lines, word, key=_key)
            found: dict | None = None
            while i < len(lines) and _key(lines[i]) == word:
                found = found or {}
                found.update(self.entry(lines[i]))
                i += 1
            self.cache[word] = found
        found = self.cache[word]
        return default if found is None else found

    def words(self) -> list[str]:
        return sorted({_key(line) for line in self.lines} | set(self.fixed))


def _lemma_entry(line: str) -> dict:
    _, category, forms = LemmaLUCodec.fromString(line)
    return {categoryToUPos(category): forms}


def _inflection_entry(line: str) -> dict:
    return InflectionLUCodec.fromString(line)[2]


def lemma_table() -> SortedTable:
    return SortedTable(lemminflect_config.lemma_lu_fn, _lemma_entry)


def inflection_table() -> SortedTable:
    # lemminflect hard-codes the modal and auxiliary verbs over its table
    return SortedTable(lemminflect_config.inflection_lu_fn, _inflection_entry, InflectionLUCodec.updateForAuxMod({}))


def install() -> None:
    """Give lemminflect the in-place tables, unless it has loaded its own already."""
    lem, infl = Lemmatizer(), Inflections()
    if not hasattr(lem, "lemma_dict"):
        lem.lemma_dict = lemma_table()
    if not hasattr(infl, "infl_dict"):
        infl.infl_dict = inflection_table()
