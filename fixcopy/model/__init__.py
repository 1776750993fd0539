"""The shipped model: loading and running it. Without fixcopy/models/metadata.json only the
rules run. Nothing here imports torch: the runtime needs ctranslate2, sentencepiece, numpy."""

from __future__ import annotations

from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"


def shipped_detector():
    """The detector backed by the shipped model (cached per process), or None when no model is shipped."""
    if not (MODELS_DIR / "metadata.json").is_file():
        return None
    from .detector import ModelDetector

    return ModelDetector.load(MODELS_DIR)
