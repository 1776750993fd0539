"""The git hook's blocking policy (`check --staged`, `check --block`): which suggestions block a
commit, and what to tell the committer. Pure: the report itself is reporting.report_blocking."""

from __future__ import annotations

import dataclasses
import shlex
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .checking import Checked
from .config import Config
from .exits import display_path
from .options import block_threshold
from .suggestion import Suggestion

__all__ = ["BlockTally", "block_threshold", "blocks"]


def blocks(s: Suggestion, config: Config) -> bool:
    """A suggestion blocks a commit when it carries a fix (or, with block-flags, is a flag without
    one) at or above the blocking threshold."""
    if s.confidence < block_threshold(config):
        return False
    return s.fixable or (config.block_flags and s.replacement is None)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


@dataclass
class BlockTally:
    """What blocks and what does not, gathered as the results pass (``sift``); then ``message``."""

    found: list[tuple[str, Config, int]] = field(default_factory=list)  # files with blocking suggestions
    # What does not block, in two kinds: flags without a fix at or above the threshold (they block
    # only with block-flags), and suggestions below the threshold.
    flags: dict[str, int] = field(default_factory=dict)
    below: dict[float, int] = field(default_factory=dict)
    flag_files: list[str] = field(default_factory=list)
    with_suggestions: set[str] = field(default_factory=set)

    def sift(self, checked: Iterable[Checked]) -> Iterator[Checked]:
        """Each result with only its blocking suggestions, counting the others."""
        for c in checked:
            blocking = [s for s in c.suggestions if blocks(s, c.config)]
            if blocking:
                self.found.append((c.article.path, c.config, len(blocking)))
            if c.suggestions:
                self.with_suggestions.add(shlex.quote(display_path(c.article.path)))
            self._count_others(c)
            yield dataclasses.replace(c, suggestions=blocking)

    def _count_others(self, c: Checked) -> None:
        threshold = block_threshold(c.config)
        n_flags = 0
        for s in c.suggestions:
            if blocks(s, c.config):
                continue
            if s.confidence < threshold:
                self.below[threshold] = self.below.get(threshold, 0) + 1
            else:
                n_flags += 1
        if n_flags:
            self.flag_files.append(shlex.quote(display_path(c.article.path)))
            self.flags[c.article.path] = n_flags

    def message(self, staged: bool = False) -> str:
        """What to do next: the lines for the committer (empty when nothing was found)."""
        where = "staged file" if staged else "file"
        if self.found:
            return self._blocked(where)
        if self.flags or self.below:
            return self._not_blocking(where)
        return ""

    def _blocked(self, where: str) -> str:
        n = sum(k for _, _, k in self.found)
        threshold = min(block_threshold(cfg) for _, cfg, _ in self.found)
        what = "garble" + ("s" if n != 1 else "")
        if not any(cfg.block_flags for _, cfg, _ in self.found):
            what += " with a fix"
        files = len(self.found)
        lines = [f"fixcopy: commit blocked: {n} {what} (confidence >= {threshold:g}) in {plural(files, where)}.\n"]
        for i, (path, _, _) in enumerate(self.found):
            lead = "  Fix them:       " if i == 0 else " " * 18
            lines.append(f"{lead}fixcopy review {shlex.quote(display_path(path))}\n")
        lines.append(" " * 18 + "then git add the fixed files and commit again.\n")
        n_flags = sum(self.flags.values())
        if n_flags:
            lines.append(
                f"  Not blocking:   {plural(n_flags, 'flag')} without a fix in {' '.join(self.flag_files)} "
                "(review shows them too)\n"
            )
        lines.append("  Commit anyway:  git commit --no-verify\n")
        return "".join(lines)

    def _not_blocking(self, where: str) -> str:
        n_flags, n_below = sum(self.flags.values()), sum(self.below.values())
        parts = []
        if n_flags:
            parts.append(
                f"{plural(n_flags, 'flag')} without a fix (not blocking: flags block only with block-flags = true)"
            )
        if n_below:
            parts.append(
                f"{plural(n_below, 'suggestion')} below the blocking threshold of {min(self.below):g} (not blocking)"
            )
        return (
            f"fixcopy: {' and '.join(parts)} in {where}s; see them with fixcopy check "
            f"{' '.join(sorted(self.with_suggestions))}\n"
        )
