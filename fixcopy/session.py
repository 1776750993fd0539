"""One article file under review: read and checked the way `fix` does, then written back
atomically with the decided edits, and only if nobody changed it on disk meanwhile.
The file-handling shell that `review` and `preview` share; the decisions themselves are
fixcopy.edits."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .checking import check_one
from .config import Config
from .discovery import settings_for
from .document import Document
from .edits import Decision, chosen, review_items
from .files import STDIN, Article, InputError, read_article, unified_diff, write_back
from .options import Options
from .suggestion import Suggestion, apply, overlaps


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
        return [e for _, e in self.numbered_edits(decisions)]

    def numbered_edits(self, decisions: Mapping[int, Decision]) -> list[tuple[int, Suggestion]]:
        """The edits to make, each with the number of the item it decides (edits.chosen)."""
        reading = self.article.reading
        if reading.format == "text":
            # an editor's deletion of a word takes a space along (edits.chosen)
            return chosen(self.items, decisions, self.article.text)
        # Markup formats: no widening (a space beside the word may belong to the markup, and a
        # double space there does not show); an editor's own text goes into Markdown, HTML or
        # XML escaped, and never moves markup (fixcopy.readers; ValueError when it would).
        proposed = {(s.start, s.end): s.replacement for s in self.items}
        out = []
        for i, e in chosen(self.items, decisions):
            if e.replacement != proposed.get((e.start, e.end)):
                a, b, rep = reading.encode_edit(e.start, e.end, e.replacement)
                e = dataclasses.replace(e, start=a, end=b, text=self.article.text[a:b], replacement=rep)
            out.append((i, e))
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
        write_back(self.path, self.article.encode(text))
        return True

    # -- the file changed on disk during the review ---------------------------------------
    def reread(self, decisions: Mapping[int, Decision]) -> tuple[Article, list[Suggestion], list[Suggestion]]:
        """The file as it is on disk now, the decided edits moved onto its text, and the edits
        that could not be placed there (their words changed, or now occur more than once)."""
        article = read_article(self.path, self.config.max_file_bytes, self.article.format)
        moved, lost = relocate(self.article.text, article.text, self.edits(decisions))
        return article, moved, lost

    def write_onto(self, article: Article, edits: list[Suggestion]) -> None:
        """Write edits (from reread) onto that version of the file, if it is still on disk."""
        try:
            unchanged = _digest(Path(self.path).read_bytes()) == _digest(article.encode())
        except OSError:
            unchanged = False
        if not unchanged:
            raise ChangedOnDiskError(f"{self.path}: the file changed on disk again; nothing written")
        write_back(self.path, article.encode(apply(article.text, edits)))

    def save_patch(self, decisions: Mapping[int, Decision]) -> str:
        """The decisions as a patch against the version that was reviewed, saved beside the
        file (PATH.fixcopy-review.patch); `patch FILE PATCH` applies it. Returns its path."""
        name = os.path.basename(self.path)
        patch = unified_diff(
            self.article.encode().decode("utf-8"), self.article.encode(self.corrected(decisions)).decode("utf-8"), name
        )
        out = self.path + PATCH_SUFFIX
        with open(out, "wb") as f:
            f.write(patch.encode("utf-8"))
        return out


PATCH_SUFFIX = ".fixcopy-review.patch"


def relocate(old: str, new: str, edits: list[Suggestion]) -> tuple[list[Suggestion], list[Suggestion]]:
    """Each edit of ``old`` placed on ``new`` by its words and their surroundings (found once
    only); the edits that cannot be placed, or would then overlap, are returned apart."""
    moved: list[Suggestion] = []
    lost: list[Suggestion] = []
    for e in edits:
        for width in (40, 20, 8, 0):
            before, after = old[max(0, e.start - width) : e.start], old[e.end : e.end + width]
            needle = before + e.text + after
            first = new.find(needle) if needle else -1
            if first != -1 and new.find(needle, first + 1) == -1:
                at = first + len(before)
                moved.append(dataclasses.replace(e, start=at, end=at + len(e.text)))
                break
        else:
            lost.append(e)
    moved.sort(key=lambda s: (s.start, s.end))
    for a, b in zip(moved, moved[1:]):
        if overlaps(a, b):
            lost.append(b)
    return [m for m in moved if m not in lost], lost


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load(path: str, options: Options) -> Loaded:
    """Read and check one article file the way `fix` does, for the purpose "review": the
    threshold (--min-confidence) defaults to the configuration's min-confidence (what `check`
    reports). Raises InputError or ConfigError."""
    if path == STDIN:
        raise InputError("standard input cannot be reviewed and written back; give a file")
    settings = settings_for(path, dataclasses.replace(options, purpose="review"))
    cfg, threshold = settings.config, settings.threshold
    article = read_article(path, cfg.max_file_bytes, cfg.input_format)
    checked = check_one(article, cfg)
    return Loaded(
        path,
        article,
        checked.doc,
        cfg,
        threshold,
        review_items(checked.suggestions, threshold),
        _digest(article.encode()),
    )
