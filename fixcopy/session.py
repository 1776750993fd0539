"""One article file under review: read and checked the way `fix` does, then written back
atomically with the decided edits, and only if nobody changed it on disk meanwhile.
The file-handling shell that `review` and `preview` share; the decisions themselves are
fixcopy.edits."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .config import Config
from .document import Document
from .edits import Decision, chosen_edits, review_items
from .files import STDIN, Article, InputError, read_article, write_back
from .runner import check_articles, config_for
from .suggestion import Suggestion, apply


class ChangedOnDiskError(Exception):
    """The file's bytes are no longer those that were loaded; writing would lose someone's edits."""


@dataclass
class Loaded:
    """An article read for review, its suggestions, and what is needed to write it back safely."""

    path: str
    article: Article
    doc: Document
    config: Config
    threshold: float
    items: list[Suggestion]
    digest: str  # sha256 of the file's bytes as loaded

    def edits(self, decisions: Mapping[int, Decision]) -> list[Suggestion]:
        return chosen_edits(self.items, decisions)

    def corrected(self, decisions: Mapping[int, Decision]) -> str:
        return apply(self.article.text, self.edits(decisions))

    def on_disk_unchanged(self) -> bool:
        try:
            return _digest(Path(self.path).read_bytes()) == self.digest
        except OSError:
            return False

    def write(self, decisions: Mapping[int, Decision]) -> bool:
        """Write the decided edits atomically; False (and nothing touched) when the text
        would not change. Raises ChangedOnDiskError when the file changed since loading."""
        text = self.corrected(decisions)
        if text == self.article.text:
            return False
        if not self.on_disk_unchanged():
            raise ChangedOnDiskError(f"{self.path}: the file changed on disk since it was loaded; nothing written")
        write_back(self.path, self.article.encode(text))
        return True


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load(path: str, overrides: dict, min_confidence: float | None = None) -> Loaded:
    """Read and check one article file the way `fix` does; the threshold defaults to the
    configuration's min-confidence (what `check` reports). Raises InputError or ConfigError."""
    if path == STDIN:
        raise InputError("standard input cannot be reviewed and written back; give a file")
    cfg = config_for(path, {k: v for k, v in overrides.items() if k != "min_confidence"})
    article = read_article(path, cfg.max_file_bytes)
    threshold = cfg.min_confidence if min_confidence is None else min_confidence
    checked = check_articles([(article, cfg.replace(min_confidence=min(threshold, cfg.min_confidence)))])[0]
    return Loaded(path, article, checked.doc, cfg, threshold, review_items(checked.suggestions, threshold),
                  _digest(article.encode()))
