"""Shared test helpers: running the real `fixcopy` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO / "corpora"

# The language model, where `fixcopy model install` put it (CI installs it before the tests). Tests
# that use it ask for the `lm_dir` fixture and point FIXCOPY_MODEL_DIR at it; every other test runs
# without it, so that their expected output does not depend on whether a model is installed.
from fixcopy.lm.paths import model_dir as _lm_model_dir  # noqa: E402

INSTALLED_LM_DIR = Path(os.environ.get("FIXCOPY_TEST_LM_DIR") or _lm_model_dir())
os.environ["FIXCOPY_MODEL_DIR"] = str(Path(__file__).resolve().parent / "no-lm-here")


@pytest.fixture(scope="session")
def lm_dir() -> Path:
    """The installed language model's folder (skips when it is not installed)."""
    from fixcopy.lm.paths import is_installed

    if not is_installed(INSTALLED_LM_DIR):
        pytest.skip(f"the language model is not installed ({INSTALLED_LM_DIR}): run `fixcopy model install`")
    return INSTALLED_LM_DIR


def run_fixcopy(*args: str, input: bytes | None = None, cwd: Path | None = None, env: dict | None = None):
    """Run `python -m fixcopy ARGS` for real; returns the CompletedProcess (bytes)."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "fixcopy", *args], input=input, cwd=cwd, capture_output=True, env=full_env, timeout=120
    )


@pytest.fixture
def fixcopy_cmd():
    return run_fixcopy


# -- an article whose bytes must survive editing: BOM, CRLF line endings, curly quotes -------
# Used by the review and preview tests. Its garbles: "The Germany" (article), "deal. with"
# (stray-punctuation), "for for" twice (duplicated-word, once inside a curly quote) and
# "-based" (broken-compound, a flag without a fix).

CRLF_BOM_ARTICLE = (
    "\ufeffASTANA, Kazakhstan (AP) \u2014 The Germany said on Monday it signed a deal. with the union"
    " for for the first time.\r\n"
    "\r\n"
    "\u201cWe are not looking for for a single buyer,\u201d Zhaksylykov said. The two sides"
    " committed themselves to a -based order.\r\n"
).encode("utf-8")


@pytest.fixture
def crlf_bom_article(tmp_path) -> Path:
    """A fresh copy of CRLF_BOM_ARTICLE as tmp_path/article.txt."""
    path = tmp_path / "article.txt"
    path.write_bytes(CRLF_BOM_ARTICLE)
    return path


@pytest.fixture
def isolated_git(monkeypatch, tmp_path):
    """Real git with no global or system configuration (hooksPath, templates, signing) leaking
    in, and a fixed author. For the tests that make repositories in tmp_path."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path))
    for k, v in {
        "GIT_AUTHOR_NAME": "Desk",
        "GIT_AUTHOR_EMAIL": "desk@example.org",
        "GIT_COMMITTER_NAME": "Desk",
        "GIT_COMMITTER_EMAIL": "desk@example.org",
    }.items():
        monkeypatch.setenv(k, v)
