"""The shipped model: loading and running it (see the model issue). Until a model is
shipped in fixcopy/models/, only the rules run."""

from __future__ import annotations

from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"


def shipped_detector():
    """The detector backed by the shipped model, or None when no model is shipped."""
    if not (MODELS_DIR / "metadata.json").is_file():
        return None
    from .detector import ModelDetector

    return ModelDetector.load(MODELS_DIR)
