"""One frozen Options object: what a command asks for, carried unchanged from the command line
to the core, and the one place where a file's configuration (fixcopy.toml) merges into it.

An option left as None is not given: the file's configuration decides, and where that says
nothing, the default (config.py). ``--min-confidence`` means what the command decides at
(``purpose``): what `check` reports, what `check --block` blocks, what `fix` applies, what
`review` and `preview` ask about. Every purpose checks down to its threshold and never above
the configured min-confidence (the check *floor*): the detectors see the floor as the
Config's ``min_confidence`` (the Detector protocol); the command decides at ``threshold``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .config import Config

Purpose = Literal["check", "block", "fix", "review"]
PURPOSES: tuple[str, ...] = ("check", "block", "fix", "review")


@dataclass(frozen=True)
class Settings:
    """What one file is checked and judged with: its configuration with the options merged in
    (``config.min_confidence`` is the check floor), and the threshold the command decides at."""

    config: Config
    threshold: float


@dataclass(frozen=True)
class Options:
    purpose: Purpose = "check"
    min_confidence: float | None = None  # --min-confidence: the threshold of this purpose
    disable: frozenset[str] | None = None  # --disable: replaces the configuration's list
    model: bool | None = None  # False: --no-model (rules only)
    lm: bool | None = None  # the installed language model (with the model)
    input_format: str | None = None  # --input-format (None: auto, or the configuration's)

    def __post_init__(self) -> None:
        if self.purpose not in PURPOSES:
            raise ValueError(f"unknown purpose {self.purpose!r} (known: {', '.join(PURPOSES)})")
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise ValueError("min-confidence must be between 0 and 1")

    def settle(self, config: Config) -> Settings:
        """``config`` (a file's configuration) with these options merged in. Precedence: an
        option given here, then the configuration, then the default."""
        given = {"disable": self.disable, "model": self.model, "lm": self.lm, "input_format": self.input_format}
        changes = {k: v for k, v in given.items() if v is not None}
        if self.min_confidence is not None and self.purpose in ("check", "block"):
            # check: the threshold is min-confidence itself; block: the blocking threshold
            changes["min_confidence" if self.purpose == "check" else "block_min_confidence"] = self.min_confidence
        merged = config.replace(**changes) if changes else config
        threshold = self.threshold(merged)
        floor = min(threshold, merged.min_confidence)
        return Settings(merged if floor == merged.min_confidence else merged.replace(min_confidence=floor), threshold)

    def threshold(self, config: Config) -> float:
        """The confidence this purpose decides at, for a configuration the options are merged into."""
        if self.purpose == "check":
            return config.min_confidence
        if self.purpose == "block":
            return block_threshold(config)
        if self.min_confidence is not None:
            return self.min_confidence
        return config.fix_min_confidence if self.purpose == "fix" else config.min_confidence


def block_threshold(config: Config) -> float:
    """The confidence at which a suggestion blocks a commit: block-min-confidence, or the fix threshold."""
    return config.fix_min_confidence if config.block_min_confidence is None else config.block_min_confidence
