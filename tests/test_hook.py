"""`fixcopy hook install|uninstall` and the hook itself, under real `git commit` in temporary repositories."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from fixcopy.cli import main

pytestmark = pytest.mark.usefixtures("isolated_git")

GARBLED = (
    "ASTANA, Kazakhstan (AP) — Germany said on Monday it signed a deal with the union "
    "for for the first time.\n\nThe talks will resume in March, officials said.\n"
)
CLEAN = GARBLED.replace("for for", "for")
# A hook that was there before: odd bytes, no final newline, an unusual mode.
PREVIOUS = b'#!/bin/sh\n# the desk\'s own hook \xe2\x80\x94 keep me\r\necho previous-ran >> "$(git rev-parse --git-dir)/previous.log"\nexit 0'


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def commit(repo: Path, message: str = "story", *args: str) -> subprocess.CompletedProcess:
    return git(repo, "commit", "-m", message, *args, check=False)


def head(repo: Path) -> str | None:
    proc = git(repo, "rev-parse", "-q", "--verify", "HEAD", check=False)
    return proc.stdout.strip() or None


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    r = tmp_path / "newsroom"
    r.mkdir()
    git(r, "init", "-q", "-b", "main")
    (r / "fixcopy.toml").write_text("model = false\n")
    git(r, "add", "fixcopy.toml")
    git(r, "commit", "-q", "-m", "config")
    monkeypatch.chdir(r)
    return r


@pytest.fixture
def fixcopy(capsys):
    """Run `fixcopy ARGS` in-process: (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def hook_path(repo: Path) -> Path:
    return repo / ".git" / "hooks" / "pre-commit"


def test_install_writes_a_posix_sh_hook_that_calls_this_python(repo, fixcopy):
    code, out, _ = fixcopy("hook", "install")
    assert code == 0
    hook = hook_path(repo)
    assert f"installed {hook}" in out
    text = hook.read_text()
    assert text.startswith("#!/bin/sh\n")
    assert f"FIXCOPY_PYTHON='{os.path.abspath(sys.executable)}'" in text
    assert '"$FIXCOPY_PYTHON" -m fixcopy check --staged' in text
    assert os.access(hook, os.X_OK)
    for shell in ("sh", "dash", "bash"):
        if shutil.which(shell):
            args = [shell, "-n", str(hook)] if shell != "bash" else [shell, "--posix", "-n", str(hook)]
            assert subprocess.run(args, capture_output=True).returncode == 0, shell


def test_garbled_staged_article_blocks_the_commit_and_a_clean_one_passes(repo, fixcopy):
    fixcopy("hook", "install")
    before = head(repo)
    (repo / "story.txt").write_text(GARBLED)
    git(repo, "add", "story.txt")
    proc = commit(repo)
    assert proc.returncode == 1
    assert head(repo) == before
    output = proc.stdout + proc.stderr
    assert 'story.txt:1:82: duplicated-word: "for" is repeated ("for for" -> "for")' in output
    assert "fixcopy review story.txt" in output and "git commit --no-verify" in output

    (repo / "story.txt").write_text(CLEAN)
    git(repo, "add", "story.txt")
    assert commit(repo).returncode == 0
    assert head(repo) != before


def test_garbled_file_that_is_not_staged_does_not_block(repo, fixcopy):
    fixcopy("hook", "install")
    (repo / "draft.txt").write_text(GARBLED)  # untracked
    (repo / "story.txt").write_text(CLEAN)
    git(repo, "add", "story.txt")
    proc = commit(repo)
    assert proc.returncode == 0, proc.stderr
    assert "draft.txt" not in proc.stdout + proc.stderr


def test_partial_staging_is_judged_by_the_index(repo, fixcopy):
    fixcopy("hook", "install")
    story = repo / "story.txt"
    story.write_text(GARBLED)
    git(repo, "add", "story.txt")
    story.write_text(CLEAN)  # fixed on disk but not staged: the garble would be committed
    assert commit(repo).returncode == 1
    git(repo, "add", "story.txt")
    story.write_text(GARBLED)  # garbled on disk, clean in the index
    proc = commit(repo)
    assert proc.returncode == 0, proc.stderr
    assert git(repo, "show", "HEAD:story.txt").stdout == CLEAN


def test_commit_a_and_commit_with_paths_are_judged_by_their_own_index(repo, fixcopy):
    """git points the hook at a temporary index (GIT_INDEX_FILE) for `commit -a` and `commit PATH`."""
    fixcopy("hook", "install")
    (repo / "story.txt").write_text(CLEAN)
    (repo / "other.txt").write_text(CLEAN)
    git(repo, "add", "-A")
    assert commit(repo).returncode == 0
    (repo / "story.txt").write_text(GARBLED)
    assert commit(repo, "all", "-a").returncode == 1  # the garble is only in the working tree

    git(repo, "add", "story.txt")  # staged garble, left out of a commit of other.txt only
    (repo / "other.txt").write_text(CLEAN + "Correction appended.\n")
    proc = commit(repo, "other only", "other.txt")
    assert proc.returncode == 0, proc.stderr
    assert git(repo, "show", "--name-only", "--format=", "HEAD").stdout.split() == ["other.txt"]


def test_existing_hook_is_chained_and_restored_byte_for_byte(repo, fixcopy):
    hook = hook_path(repo)
    hook.parent.mkdir(exist_ok=True)
    hook.write_bytes(PREVIOUS)
    os.chmod(hook, 0o750)
    log = repo / ".git" / "previous.log"

    code, out, _ = fixcopy("hook", "install")
    assert code == 0 and "kept the existing hook as" in out
    saved = hook.with_name("pre-commit.fixcopy-previous")
    assert saved.read_bytes() == PREVIOUS

    (repo / "story.txt").write_text(GARBLED)
    git(repo, "add", "story.txt")
    assert commit(repo).returncode == 1  # both run: the old hook passes, fixcopy blocks
    assert log.read_text() == "previous-ran\n"
    (repo / "story.txt").write_text(CLEAN)
    git(repo, "add", "story.txt")
    assert commit(repo).returncode == 0
    assert log.read_text() == "previous-ran\n" * 2

    saved.write_bytes(PREVIOUS.replace(b"exit 0", b"exit 3"))  # a failing earlier hook still blocks
    (repo / "more.txt").write_text(CLEAN)
    git(repo, "add", "more.txt")
    before = head(repo)
    assert commit(repo).returncode == 1  # git reports any failing hook as exit 1
    assert head(repo) == before and log.read_text() == "previous-ran\n" * 3
    saved.write_bytes(PREVIOUS)

    code, out, _ = fixcopy("hook", "uninstall")
    assert code == 0 and "put the earlier hook back" in out
    assert hook.read_bytes() == PREVIOUS
    assert stat.S_IMODE(hook.stat().st_mode) == 0o750
    assert not saved.exists()


def test_non_executable_previous_hook_is_not_run_and_keeps_its_mode(repo, fixcopy):
    hook = hook_path(repo)
    hook.parent.mkdir(exist_ok=True)
    hook.write_bytes(PREVIOUS)
    os.chmod(hook, 0o644)  # git itself ignores a hook that is not executable
    fixcopy("hook", "install")
    (repo / "story.txt").write_text(CLEAN)
    git(repo, "add", "story.txt")
    assert commit(repo).returncode == 0
    assert not (repo / ".git" / "previous.log").exists()
    fixcopy("hook", "uninstall")
    assert hook.read_bytes() == PREVIOUS
    assert stat.S_IMODE(hook.stat().st_mode) == 0o644


def test_symlinked_previous_hook_comes_back_as_the_same_symlink(repo, fixcopy):
    scripts = repo / "scripts"
    scripts.mkdir()
    (scripts / "check.sh").write_bytes(PREVIOUS)
    os.chmod(scripts / "check.sh", 0o755)
    hook = hook_path(repo)
    hook.parent.mkdir(exist_ok=True)
    os.symlink("../../scripts/check.sh", hook)
    fixcopy("hook", "install")
    (repo / "story.txt").write_text(CLEAN)
    git(repo, "add", "story.txt")
    assert commit(repo).returncode == 0
    assert (repo / ".git" / "previous.log").exists()
    fixcopy("hook", "uninstall")
    assert hook.is_symlink() and os.readlink(hook) == "../../scripts/check.sh"


def test_installing_twice_does_not_chain_the_hook_to_itself(repo, fixcopy):
    hook = hook_path(repo)
    hook.parent.mkdir(exist_ok=True)
    hook.write_bytes(PREVIOUS)
    os.chmod(hook, 0o755)
    fixcopy("hook", "install")
    code, out, _ = fixcopy("hook", "install")
    assert code == 0 and "updated" in out
    assert hook.with_name("pre-commit.fixcopy-previous").read_bytes() == PREVIOUS
    fixcopy("hook", "uninstall")
    assert hook.read_bytes() == PREVIOUS


def test_never_clobbers_without_force(repo, fixcopy):
    hook = hook_path(repo)
    hook.parent.mkdir(exist_ok=True)
    saved = hook.with_name("pre-commit.fixcopy-previous")
    saved.write_bytes(b"#!/bin/sh\nexit 0\n")  # left over, and a new foreign hook in place
    hook.write_bytes(PREVIOUS)
    code, _, err = fixcopy("hook", "install")
    assert code == 2 and "already taken" in err and "--force" in err
    assert hook.read_bytes() == PREVIOUS and saved.read_bytes() == b"#!/bin/sh\nexit 0\n"

    code, out, _ = fixcopy("hook", "install", "--force")
    assert code == 0 and "(--force)" in out
    assert b"fixcopy-hook" in hook.read_bytes() and not saved.exists()
    fixcopy("hook", "uninstall")
    assert not hook.exists()


def test_uninstall_leaves_other_hooks_alone(repo, fixcopy):
    code, out, _ = fixcopy("hook", "uninstall")
    assert code == 0 and "nothing to do" in out
    hook = hook_path(repo)
    hook.parent.mkdir(exist_ok=True)
    hook.write_bytes(PREVIOUS)
    code, _, err = fixcopy("hook", "uninstall")
    assert code == 2 and "not fixcopy's hook" in err
    assert hook.read_bytes() == PREVIOUS


def test_respects_core_hooks_path(repo, fixcopy, monkeypatch):
    git(repo, "config", "core.hooksPath", ".githooks")
    (repo / "desk").mkdir()
    monkeypatch.chdir(repo / "desk")  # installing from a subfolder still finds the right place
    code, out, _ = fixcopy("hook", "install")
    assert code == 0
    assert (repo / ".githooks" / "pre-commit").is_file()
    assert not hook_path(repo).exists()
    (repo / "desk" / "story.txt").write_text(GARBLED)
    git(repo, "add", "desk/story.txt")
    proc = commit(repo)
    assert proc.returncode == 1 and "desk/story.txt:1:82" in proc.stdout + proc.stderr
    fixcopy("hook", "uninstall")
    assert not (repo / ".githooks" / "pre-commit").exists()


def test_outside_a_repository(tmp_path, monkeypatch, fixcopy):
    monkeypatch.chdir(tmp_path)
    code, _, err = fixcopy("hook", "install")
    assert code == 2 and err.startswith("fixcopy: error: not inside a git repository")


def test_a_clear_message_when_the_python_is_gone(repo, tmp_path):
    """Install with a Python of its own (a venv that sees this one's packages), then take it away."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    pth = Path(site) / "fixcopy-test.pth"
    pth.write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n")
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "fixcopy", "hook", "install"], cwd=repo, check=True, capture_output=True)
    assert f"FIXCOPY_PYTHON='{python}'" in hook_path(repo).read_text()

    (repo / "story.txt").write_text(GARBLED)
    git(repo, "add", "story.txt")
    proc = commit(repo)
    assert proc.returncode == 1 and "duplicated-word" in proc.stdout + proc.stderr

    pth.unlink()  # the Python is there, fixcopy is not
    proc = commit(repo)
    assert proc.returncode == 1
    assert f"fixcopy is no longer installed for {python}" in proc.stderr

    shutil.rmtree(venv)  # the Python itself is gone
    proc = commit(repo)
    assert proc.returncode == 1
    assert f"fixcopy hook: {python} is gone" in proc.stderr
    assert "git commit --no-verify" in proc.stderr
    assert commit(repo, "anyway", "--no-verify").returncode == 0
