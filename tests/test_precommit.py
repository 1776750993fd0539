"""The real pre-commit framework runs fixcopy from this repository's .pre-commit-hooks.yaml.

`pre-commit try-repo` installs fixcopy into a virtualenv of its own with pip (`language: python`),
so this test needs the package registry for fixcopy's dependencies (marked ``network``, and
skipped when a quick ``pip download`` probe fails; the first run takes some seconds, pip's cache
makes later ones quicker). It runs against a committed snapshot of this checkout's package files,
so it sees uncommitted work too and never runs git in the checkout itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GARBLED = (
    "ASTANA, Kazakhstan (AP) — Germany said on Monday it signed a deal with the union "
    "for for the first time.\n\nThe talks will resume in March, officials said.\n"
)
CLEAN = GARBLED.replace("for for", "for")
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def registry_unreachable() -> str | None:
    """Why pip cannot fetch fixcopy's first dependency from the configured index within a few
    seconds (the pip configuration decides where it looks), or None when it can."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        requirement = tomllib.load(f)["project"]["dependencies"][0]
    with tempfile.TemporaryDirectory() as dest:
        try:
            proc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--no-deps",
                    "--disable-pip-version-check",
                    "--timeout",
                    "3",
                    "--retries",
                    "0",
                    "--dest",
                    dest,
                    requirement,
                ],
                capture_output=True,
                text=True,
                timeout=30,
            )
        except subprocess.TimeoutExpired:
            return f"pip download {requirement!r} took over 30 s"
    if proc.returncode == 0:
        return None
    return f"pip download {requirement!r}: " + ((proc.stderr.strip().splitlines() or ["failed"])[-1])


@pytest.fixture(scope="module")
def registry() -> None:
    why = registry_unreachable()
    if why:
        pytest.skip(
            f"pre-commit installs fixcopy's dependencies with pip, and the package registry cannot be reached ({why})"
        )


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("home")
    # pip keeps its usual download cache (the HOME below is a temporary one).
    pip_cache = os.environ.get("PIP_CACHE_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "pip")
    return dict(
        os.environ,
        HOME=str(home),
        PIP_CACHE_DIR=pip_cache,
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(home / "pre-commit-cache"),
        PRE_COMMIT_COLOR="never",
        GIT_AUTHOR_NAME="Desk",
        GIT_AUTHOR_EMAIL="desk@example.org",
        GIT_COMMITTER_NAME="Desk",
        GIT_COMMITTER_EMAIL="desk@example.org",
    )


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, env) -> Path:
    """This checkout's package, as a git repository that pre-commit can clone."""
    src = tmp_path_factory.mktemp("fixcopy-src")
    for name in ("pyproject.toml", ".pre-commit-hooks.yaml", "README.md", "LICENSE"):
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, src / name)
    if not (src / "README.md").exists():  # pyproject.toml names it as the readme
        (src / "README.md").write_text("# fixcopy\n")
    shutil.copytree(ROOT / "fixcopy", src / "fixcopy", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    subprocess.run(["git", "init", "-q"], cwd=src, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=src, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "snapshot"], cwd=src, check=True, env=env)
    return src


def test_manifest_is_valid():
    proc = subprocess.run(
        [*PRE_COMMIT, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.network
def test_pre_commit_try_repo_blocks_a_garbled_article(registry, tmp_path, hook_repo, env):
    work = tmp_path / "newsroom"
    work.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, env=env)
    (work / "fixcopy.toml").write_text("model = false\n")
    (work / "story.txt").write_text(GARBLED)
    (work / "notes.py").write_text("# for for: not an article, pre-commit does not pass it\n")
    subprocess.run(["git", "add", "-A"], cwd=work, check=True, env=env)

    proc = subprocess.run(
        [*PRE_COMMIT, "try-repo", str(hook_repo), "fixcopy"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "fixcopy (machine-translation garbles)" in output and "Failed" in output
    assert 'story.txt:1:82: duplicated-word: "for" is repeated ("for for" -> "for")' in output
    assert "git commit --no-verify" in output
    assert "notes.py" not in output

    (work / "story.txt").write_text(CLEAN)  # the environment is reused: quick
    subprocess.run(["git", "add", "-A"], cwd=work, check=True, env=env)
    proc = subprocess.run(
        [*PRE_COMMIT, "try-repo", str(hook_repo), "fixcopy"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout
