"""One article file under review: read and checked the way `fix` does, then written back
atomically with the decided edits, and only if nobody changed it on disk meanwhile.
The file-handling shell that `review` and `preview` share; the decisions themselves are
fixcopy.edits."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .config import Config
from .document import Document
from .edits import Decision, chosen_edits, review_items
from .files import STDIN, Article, InputError, atomic_write, read_article
from .runner import check_one, config_for
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
        chosen = chosen_edits(self.items, decisions)
        reading = self.article.reading
        if reading.format == "text":
            return chosen
        # An editor's own text goes into Markdown, HTML or XML escaped, and never moves markup
        # (fixcopy.readers; ValueError when it would).
        proposed = {(s.start, s.end): s.replacement for s in self.items}
        out = []
        for e in chosen:
            if e.replacement != proposed.get((e.start, e.end)):
                a, b, rep = reading.encode_edit(e.start, e.end, e.replacement)
                e = dataclasses.replace(e, start=a, end=b, text=self.article.text[a:b], replacement=rep)
            out.append(e)
        return out

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
        atomic_write(self.path, self.article.encode(text))
        return True


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load(path: str, overrides: dict, min_confidence: float | None = None) -> Loaded:
    """Read and check one article file the way `fix` does; the threshold defaults to the
    configuration's min-confidence (what `check` reports). Raises InputError or ConfigError."""
    if path == STDIN:
        raise InputError("standard input cannot be reviewed and written back; give a file")
    cfg = config_for(path, {k: v for k, v in overrides.items() if k != "min_confidence"})
    article = read_article(path, cfg.max_file_bytes, cfg.input_format)
    threshold = cfg.min_confidence if min_confidence is None else min_confidence
    checked = check_one(article, cfg.replace(min_confidence=min(threshold, cfg.min_confidence)))
    return Loaded(path, article, checked.doc, cfg, threshold, review_items(checked.suggestions, threshold),
                  _digest(article.encode()))
