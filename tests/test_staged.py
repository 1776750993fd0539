"""`fixcopy check --staged` against real git repositories in temporary folders."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from fixcopy.cli import main

pytestmark = pytest.mark.usefixtures("isolated_git")

GARBLED = (
    "ASTANA, Kazakhstan (AP) — Germany said on Monday it signed a deal with the union "
    "for for the first time.\n\nThe talks will resume in March, officials said.\n"
)
CLEAN = GARBLED.replace("for for", "for")
FLAGGED = "Officials said the -based order held.\n"  # a flag without a fix (broken-compound, 0.8)


def git(repo: Path, *args: str, input: bytes | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, input=input, capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode()


@pytest.fixture
def repo(tmp_path) -> Path:
    r = tmp_path / "newsroom"
    r.mkdir()
    git(r, "init", "-q", "-b", "main")
    (r / "fixcopy.toml").write_text("model = false\n")
    return r


def write(repo: Path, name: str, text: str | bytes) -> Path:
    p = repo / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text.encode() if isinstance(text, str) else text)
    return p


def set_config(repo: Path, text: str) -> None:
    write(repo, "fixcopy.toml", text)
    from fixcopy import config

    config._load_file.cache_clear()  # configuration files are cached per process


def commit_all(repo: Path, message: str = "base") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)


@pytest.fixture
def staged(repo, monkeypatch, capsys):
    """Run `fixcopy check --staged ARGS` in a folder of the repository: (exit code, stdout, stderr)."""

    def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd or repo)
        code = main(["check", "--staged", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_garbled_staged_article_blocks_even_before_the_first_commit(repo, staged):
    write(repo, "story.txt", GARBLED)
    git(repo, "add", "story.txt")
    code, out, err = staged()
    assert code == 1
    assert out == 'story.txt:1:82: duplicated-word: "for" is repeated ("for for" -> "for")\n'
    assert "commit blocked: 1 garble with a fix (confidence >= 0.8) in 1 staged file" in err
    assert "fixcopy review story.txt" in err
    assert "git commit --no-verify" in err


def test_clean_staged_article_passes(repo, staged):
    write(repo, "story.txt", CLEAN)
    git(repo, "add", "story.txt")
    assert staged() == (0, "", "")


def test_garbled_files_that_are_not_staged_do_not_block(repo, staged):
    write(repo, "old.txt", CLEAN)
    commit_all(repo)
    write(repo, "old.txt", GARBLED)  # modified, not staged
    write(repo, "untracked.txt", GARBLED)  # never added
    write(repo, "new.txt", CLEAN)
    git(repo, "add", "new.txt")
    assert staged() == (0, "", "")


def test_the_index_is_judged_not_the_working_tree(repo, staged):
    story = write(repo, "story.txt", GARBLED)
    git(repo, "add", "story.txt")
    story.write_text(CLEAN)  # fixed on disk, but the garbled version is what is staged
    code, out, _ = staged()
    assert code == 1 and '"for for" -> "for"' in out

    git(repo, "add", "story.txt")
    story.write_text(GARBLED)  # garbled on disk, the clean version is staged
    assert staged()[0] == 0


def test_partial_staging_with_git_add_p_is_judged_by_what_is_staged(repo, staged):
    filler = "".join(f"Paragraph {i} of the story says nothing wrong at all.\n\n" for i in range(12))
    top = "ASTANA, Kazakhstan (AP) — Talks began on Monday.\n\n"
    bottom = "The union said it would meet again in March.\n"
    story = write(repo, "story.txt", top + filler + bottom)
    commit_all(repo)
    # Two hunks far apart: a clean edit at the top, a garble at the bottom.
    story.write_text(top.replace("Monday", "Tuesday") + filler + bottom.replace("meet again", "meet meet again"))
    git(repo, "add", "-p", "story.txt", input=b"y\nn\n")  # stage the first hunk only
    assert "meet meet" not in git(repo, "show", ":story.txt")
    assert staged() == (0, "", "")

    git(repo, "reset", "-q")
    git(repo, "add", "-p", "story.txt", input=b"n\ny\n")  # now the garbled hunk only
    code, out, _ = staged()
    assert code == 1
    assert out.startswith("story.txt:27:")  # the bottom line, in the staged text
    assert '"meet meet" -> "meet"' in out


def test_deleted_and_renamed_files(repo, staged):
    write(repo, "gone.txt", GARBLED)
    write(repo, "moved.txt", GARBLED)
    write(repo, "kept.txt", CLEAN)
    commit_all(repo)
    git(repo, "rm", "-q", "gone.txt")
    assert staged() == (0, "", "")  # a deletion has nothing to check

    git(repo, "mv", "moved.txt", "new name.txt")
    code, out, err = staged()
    assert code == 1
    assert out.startswith("new name.txt:1:82: duplicated-word")
    assert "moved.txt" not in out + err and "gone.txt" not in out + err
    assert "fixcopy review 'new name.txt'" in err


def test_odd_file_names_and_running_from_a_subfolder(repo, staged):
    names = ["desk/2024 june/Zürich – Ñuñoa.txt", "desk/it's here.md", 'desk/"quoted" name.txt']
    for n in names:
        write(repo, n, GARBLED)
    git(repo, "add", "-A")
    code, out, err = staged(cwd=repo / "desk")
    assert code == 1
    shown = sorted(line.split(":1:82:")[0] for line in out.splitlines())
    assert shown == sorted(['"quoted" name.txt', "2024 june/Zürich – Ñuñoa.txt", "it's here.md"])
    assert "fixcopy review '2024 june/Zürich – Ñuñoa.txt'" in err
    assert "fixcopy review 'it'\"'\"'s here.md'" in err  # quoted for the shell


def test_non_utf8_file_name(repo, staged):
    name = os.fsdecode(b"caf\xe9 report.txt")  # Latin-1 bytes in the name, not UTF-8
    (repo / name).write_text(GARBLED)
    git(repo, "add", "-A")
    code, out, _ = staged()
    assert code == 1
    assert out.startswith("caf\ufffd report.txt:1:82:")


def test_binary_empty_symlink_and_other_files_are_skipped(repo, staged):
    write(repo, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00 for for the first time")
    write(repo, "empty.md", "")
    write(repo, "bom-only.md", b"\xef\xbb\xbf\n")
    write(repo, "script.py", "# for for the first time\n")  # not an article by the globs
    os.symlink("script.py", repo / "link.txt")
    git(repo, "add", "-A")
    code, out, err = staged()
    assert (code, out) == (0, "")
    assert err == "fixcopy: photo.txt: skipped: binary file, not an article\n"


def test_staged_file_that_is_not_utf8_is_an_error(repo, staged):
    write(repo, "latin1.txt", "Ren\xe9 said for for.\n".encode("latin-1"))
    write(repo, "story.txt", GARBLED)
    git(repo, "add", "-A")
    code, out, err = staged()
    assert code == 2
    assert "story.txt:1:82" in out  # the other file is still reported
    assert "fixcopy: error: latin1.txt: not valid UTF-8 (byte 0xe9 at offset 3)" in err
    assert "(staged content)" in err


def test_checking_changes_neither_the_index_nor_the_working_tree(repo, staged):
    write(repo, "a.txt", CLEAN)
    commit_all(repo)
    write(repo, "a.txt", GARBLED)
    git(repo, "add", "a.txt")
    write(repo, "a.txt", CLEAN + "More.\n")
    write(repo, "b.txt", GARBLED)

    def snapshot():
        files = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}
        index = repo / ".git" / "index"
        return files, hashlib.sha256(index.read_bytes()).hexdigest(), index.stat().st_mtime_ns

    before = snapshot()
    assert staged()[0] == 1
    assert staged("--format", "json")[0] == 1
    assert snapshot() == before
    assert not list((repo / ".git").glob("*.lock"))


def test_outside_a_repository_is_a_one_line_error(tmp_path, staged):
    code, out, err = staged(cwd=tmp_path)
    assert code == 2 and out == ""
    assert err.startswith("fixcopy: error: not inside a git repository")
    assert err.count("\n") == 1


def test_blocking_threshold_and_flags_come_from_the_config(repo, staged):
    write(repo, "story.txt", GARBLED)  # duplicated-word at 0.96
    write(repo, "flag.txt", FLAGGED)  # a flag without a fix at 0.8
    git(repo, "add", "-A")
    code, out, err = staged()
    assert code == 1 and "flag.txt" not in out  # by default a flag does not block

    set_config(repo, "model = false\nblock-min-confidence = 0.97\n")
    code, out, err = staged()
    assert (code, out) == (0, "")
    assert "2 suggestions below the blocking threshold of 0.97 (not blocking) in staged files" in err

    set_config(repo, "model = false\n")
    assert staged("--min-confidence", "0.97")[0] == 0  # the option overrides the config

    set_config(repo, "model = false\nblock-flags = true\n")
    code, out, err = staged()
    assert code == 1
    assert "flag.txt:1:20: broken-compound" in out
    assert "2 garbles (confidence >= 0.8) in 2 staged files" in err


def test_globs_and_pathspecs_choose_the_files(repo, staged):
    write(repo, "desk/story.txt", GARBLED)
    write(repo, "wire/item.story", GARBLED)
    git(repo, "add", "-A")
    assert staged("wire")[0] == 0  # *.story is not an article by the default globs
    code, out, _ = staged("desk")
    assert code == 1 and out.startswith("desk/story.txt:")

    set_config(repo, 'model = false\nglobs = ["*.story"]\n')
    code, out, _ = staged()
    assert code == 1
    assert out.startswith("wire/item.story:") and "desk/story.txt" not in out


def test_config_error_in_the_repository(repo, staged):
    write(repo, "story.txt", GARBLED)
    git(repo, "add", "-A")
    set_config(repo, "colour = 'red'\n")
    code, _, err = staged()
    assert code == 2 and "unknown setting 'colour'" in err


def test_json_output_lists_only_what_blocks(repo, staged):
    write(repo, "story.txt", GARBLED)
    write(repo, "flag.txt", FLAGGED)
    git(repo, "add", "-A")
    code, out, err = staged("--format", "json")
    assert code == 1
    data = json.loads(out)  # stdout stays machine-readable; the next steps go to stderr
    found = {f["path"]: [s["category"] for s in f["suggestions"]] for f in data["files"]}
    assert found == {"flag.txt": [], "story.txt": ["duplicated-word"]}
    assert "git commit --no-verify" in err


def test_block_mode_on_named_files(repo, monkeypatch, capsys):
    write(repo, "story.txt", GARBLED)
    write(repo, "flag.txt", FLAGGED)
    monkeypatch.chdir(repo)
    assert main(["check", "--block", "story.txt", "flag.txt"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("story.txt:1:82:") and "flag.txt" not in out
    assert "in 1 file." in err
    assert main(["check", "--block", "flag.txt"]) == 0
    assert main(["check", "flag.txt"]) == 1  # without --block every suggestion counts


def test_check_without_paths_or_staged_is_a_usage_error(repo, monkeypatch, capsys):
    monkeypatch.chdir(repo)
    assert main(["check"]) == 2
    assert "give at least one file or directory" in capsys.readouterr().err
    assert main(["check", "--staged", "-"]) == 2


def test_cli_subprocess_end_to_end(repo):
    """The real console entry point, as the hook runs it."""
    import sys

    write(repo, "story.txt", GARBLED)
    git(repo, "add", "-A")
    proc = subprocess.run(
        [sys.executable, "-m", "fixcopy", "check", "--staged"], cwd=repo, capture_output=True, text=True
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("story.txt:1:82: duplicated-word")
    assert "commit blocked" in proc.stderr
