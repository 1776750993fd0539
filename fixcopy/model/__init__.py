"""The shipped models: loading and running them. Each lives in a folder of its own under
fixcopy/models/ (``detector/``, ``rewriter/``) with its weights, vocabulary, SentencePiece
model and metadata.json. Without fixcopy/models/detector/metadata.json only the rules run.
Nothing here imports torch: the runtime needs ctranslate2, sentencepiece, numpy."""

from __future__ import annotations

from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
MODEL_NAMES = ("detector", "rewriter")


def load_model(name: str, root: Path | None = None):
    """The model ``name`` ("detector" or "rewriter") of ``root`` (default: the shipped models),
    loaded once per process; None when ``root/name`` holds no model."""
    if name not in MODEL_NAMES:
        raise ValueError(f"unknown model {name!r} (known: {', '.join(MODEL_NAMES)})")
    folder = Path(root or MODELS_DIR) / name
    if not (folder / "metadata.json").is_file():
        return None
    if name == "detector":
        from .detector import ModelDetector

        return ModelDetector.load(folder)
    from .rewriter import Rewriter

    return Rewriter.load(folder)


def shipped_detector():
    """The detector backed by the shipped model (cached per process), or None when no model is shipped."""
    return load_model("detector")
