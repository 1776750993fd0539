"""Shared test helpers: running the real `fixcopy` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO / "corpora"


def run_fixcopy(*args: str, input: bytes | None = None, cwd: Path | None = None, env: dict | None = None):
    """Run `python -m fixcopy ARGS` for real; returns the CompletedProcess (bytes)."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    return subprocess.run([sys.executable, "-m", "fixcopy", *args], input=input, cwd=cwd,
                          capture_output=True, env=full_env, timeout=120)


@pytest.fixture
def fixcopy_cmd():
    return run_fixcopy
