"""Where the data corpora are. Nothing in fixcopy names a folder of any one machine.

The corpora folder (``news/``, ``mqm/``, ``ape/``, ... as in the project's shared corpora) is
given by a command's ``--corpora`` option or, by default, by the ``FIXCOPY_CORPORA`` environment
variable. Training configs name their corpora relative to that folder (``corpus = "news"``); a
folder given on the command line (``--corpus``) is an ordinary path. Model metadata records a
corpus by its name relative to the corpora folder, never by a path.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "FIXCOPY_CORPORA"
NEWS = "news"


class CorporaError(ValueError):
    """No corpora folder was given and FIXCOPY_CORPORA is not set."""


def corpora_root(given: str | Path | None = None) -> Path:
    """The corpora folder: ``given`` (a --corpora option), else $FIXCOPY_CORPORA."""
    root = given or os.environ.get(ENV_VAR)
    if not root:
        raise CorporaError(
            f"no corpora folder: give --corpora DIR or set {ENV_VAR} to the folder that holds news/, mqm/, ape/"
        )
    return Path(root)


def resolve(path: str | Path, corpora: str | Path | None = None) -> Path:
    """A corpus folder named in a config: absolute as it is, relative under the corpora folder."""
    p = Path(path)
    return p if p.is_absolute() else corpora_root(corpora) / p


def corpus_name(path: str | Path, corpora: str | Path | None = None) -> str:
    """How metadata records a corpus or file: relative to the corpora folder when it lies
    inside it (``news``), else its last part."""
    p = Path(path)
    if not p.is_absolute():
        return p.as_posix()
    try:
        root = corpora_root(corpora).resolve()
        return p.resolve().relative_to(root).as_posix()
    except (CorporaError, ValueError):
        return p.name


def portable(training: dict, corpora: str | Path | None = None) -> dict:
    """A run's config (as written to config.json) for a model's metadata.json: its folders and
    files as names (``corpus = "news"``), not paths of the machine it was trained on."""
    out = dict(training)
    for key in ("corpus", "real_mt"):
        if out.get(key):
            out[key] = corpus_name(out[key], corpora)
    for key in ("spm", "init_from", "run_dir"):
        if out.get(key) and Path(out[key]).is_absolute():
            out[key] = Path(out[key]).name
    return out


def default_corpus(name: str) -> Path | None:
    """``name`` under $FIXCOPY_CORPORA (a default for a script's option), or None when it is unset."""
    root = os.environ.get(ENV_VAR)
    return Path(root) / name if root else None
