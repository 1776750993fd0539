"""fixcopy's pretrained English language model (SmolLM2-135M-Instruct, converted to CTranslate2).

Kept out of the rules' import path; nothing here imports ctranslate2 or tokenizers until a model
is loaded. See ``fixcopy.lm.judge`` for the scoring API and ``fixcopy.lm.install`` for installing.
"""

from __future__ import annotations

from fixcopy.lm.paths import INSTALL_HINT, model_dir


def available() -> bool:
    from fixcopy.lm.paths import is_installed

    return is_installed()


def load_lm(path=None, **kw):
    from fixcopy.lm.judge import load_lm as _load

    return _load(path, **kw)


__all__ = ["INSTALL_HINT", "available", "load_lm", "model_dir"]
