"""What the commands share of their command-line options: the typer options themselves, and the
frozen Options object (fixcopy.options) they make of them for the core. Its own module, so that
the command modules (review, preview, ...) never import back from cli.py."""

from __future__ import annotations

import typer

from .categories import CATEGORY_IDS
from .options import Options, Purpose
from .readers import INPUT_FORMAT_HELP, InputFormat

CONFIDENCE = dict(min=0.0, max=1.0)
NO_MODEL_HELP = "Rules only: do not run the shipped model."


def min_confidence_option(help: str):
    """--min-confidence, with what it means for the command."""
    return typer.Option(None, "--min-confidence", **CONFIDENCE, help=help)


def disable_option(what: str):
    """--disable (repeatable): "A category not to {what}"."""
    return typer.Option(None, "--disable", help=f"A category not to {what} (repeatable).")


def no_model_option():
    return typer.Option(False, "--no-model", help=NO_MODEL_HELP)


def input_format_option():
    return typer.Option(InputFormat.auto, "--input-format", help=INPUT_FORMAT_HELP)


def options(
    purpose: Purpose,
    min_confidence: float | None,
    no_model: bool,
    disable: list[str] | None = None,
    input_format: InputFormat | None = None,
) -> Options:
    """The Options of a command line; an unknown category is a usage error (--disable)."""
    if disable:
        unknown = set(disable) - set(CATEGORY_IDS)
        if unknown:
            raise typer.BadParameter(
                f"unknown categories: {', '.join(sorted(unknown))} (valid: {', '.join(CATEGORY_IDS)})",
                param_hint="--disable",
            )
    return Options(
        purpose=purpose,
        min_confidence=min_confidence,
        disable=frozenset(disable) if disable else None,
        model=False if no_model else None,
        input_format=input_format.value if input_format is not None and input_format.value != "auto" else None,
    )
