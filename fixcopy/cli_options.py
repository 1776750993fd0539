"""What the commands share of their command-line options: the overrides they hand to the runner,
and the confidence range of --min-confidence. Its own module, so that the command modules
(review, preview, ...) never import back from cli.py."""

from __future__ import annotations

import typer

from .categories import CATEGORY_IDS
from .readers import InputFormat

CONFIDENCE = dict(min=0.0, max=1.0)


def overrides(
    min_confidence: float | None,
    no_model: bool,
    disable: list[str] | None = None,
    input_format: InputFormat | None = None,
) -> dict:
    out: dict = {"min_confidence": min_confidence}
    if input_format is not None and input_format.value != "auto":
        out["input_format"] = input_format.value
    if no_model:
        out["model"] = False
    if disable:
        unknown = set(disable) - set(CATEGORY_IDS)
        if unknown:
            raise typer.BadParameter(
                f"unknown categories: {', '.join(sorted(unknown))} (valid: {', '.join(CATEGORY_IDS)})",
                param_hint="--disable",
            )
        out["disable"] = frozenset(disable)
    return out
