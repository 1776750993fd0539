"""What the git hook says about the suggestions that do not block: a flag without a fix is not
"below the threshold", and a blocked commit still mentions the flags."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from fixcopy.cli import main

pytestmark = pytest.mark.usefixtures("isolated_git")

GARBLED = "Germany said on Monday it signed a deal with the union for for the first time.\n"  # 0.96, a fix
FLAGGED = "Officials said the -based order held.\n"  # broken-compound, a flag without a fix, 0.8
WEAK = "Turnout rose 5 % on Sunday.\n"  # number-date: "5 %" -> "5%" at 0.75, below the 0.8 default


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    r = tmp_path / "newsroom"
    r.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=r, check=True)
    (r / "fixcopy.toml").write_text("model = false\n")
    monkeypatch.chdir(r)
    return r


def staged(repo: Path, capsys, *files: tuple[str, str], args: tuple[str, ...] = ()) -> tuple[int, str, str]:
    for name, text in files:
        (repo / name).write_text(text)
        subprocess.run(["git", "add", name], cwd=repo, check=True)
    code = main(["check", "--staged", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_flag_without_a_fix_is_not_called_below_the_threshold(repo, capsys):
    code, out, err = staged(repo, capsys, ("flag.txt", FLAGGED))
    assert (code, out) == (0, "")
    assert "below the blocking threshold" not in err
    assert "1 flag without a fix (not blocking: flags block only with block-flags = true)" in err
    assert "fixcopy check flag.txt" in err


def test_below_the_threshold_is_said_with_the_threshold(repo, capsys):
    code, out, err = staged(repo, capsys, ("story.txt", GARBLED), args=("--min-confidence", "0.97"))
    assert (code, out) == (0, "")
    assert "1 suggestion below the blocking threshold of 0.97 (not blocking)" in err
    assert "flag without a fix" not in err


def test_a_blocked_commit_mentions_the_flags_too(repo, capsys):
    code, out, err = staged(repo, capsys, ("story.txt", GARBLED), ("flag.txt", FLAGGED))
    assert code == 1
    assert "commit blocked: 1 garble with a fix (confidence >= 0.8) in 1 staged file" in err
    assert "Not blocking:   1 flag without a fix in flag.txt" in err
    assert "flag.txt" not in out  # the report lists what blocks


def test_both_kinds_counted_apart(repo, capsys):
    code, out, err = staged(repo, capsys, ("flag.txt", FLAGGED), ("weak.txt", WEAK))
    assert (code, out) == (0, "")
    assert "1 flag without a fix" in err
    assert "1 suggestion below the blocking threshold of 0.8 (not blocking)" in err
    assert "fixcopy check flag.txt weak.txt" in err
