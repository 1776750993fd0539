"""Writing a fixed article back keeps what fixcopy does not own: the file's owner, group,
mode, inode and hard links. One write path (files.write_back) serves `fix --write` and the
review and preview saves (session.Loaded.write)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile

import pytest
from conftest import REPO, run_fixcopy

from fixcopy.edits import ACCEPT
from fixcopy.options import Options
from fixcopy.session import load

GARBLED = "The Germany said on Monday it signed a deal. with the union for for the first time.\n"
FIXED = "Germany said on Monday it signed a deal with the union for the first time.\n"

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give files to other users")


def test_fix_write_keeps_hard_links(tmp_path):
    a = tmp_path / "desk" / "story.txt"
    a.parent.mkdir()
    a.write_text(GARBLED)
    b = tmp_path / "archive.txt"
    os.link(a, b)
    inode = a.stat().st_ino
    r = run_fixcopy("fix", "--no-model", "--write", str(a))
    assert r.returncode == 0, r.stderr
    assert a.read_text() == FIXED and b.read_text() == FIXED
    assert a.stat().st_ino == inode == b.stat().st_ino and a.stat().st_nlink == 2
    assert sorted(p.name for p in a.parent.iterdir()) == ["story.txt"]  # no temporary file left


@root_only
def test_fix_write_keeps_owner_group_and_mode(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text(GARBLED)
    os.chown(p, 1234, 2345)
    os.chmod(p, 0o664)
    r = run_fixcopy("fix", "--no-model", "--write", str(p))
    assert r.returncode == 0, r.stderr
    st = p.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 2345, 0o664)
    assert p.read_text() == FIXED


@pytest.fixture
def shared_desk():
    """A desk folder shared through a group (2345, setgid, group-writable), owned by another
    reporter (uid 1234), as a newsroom sets one up; world-readable parents so that an
    unprivileged editor can reach it."""
    top = tempfile.mkdtemp(prefix="fixcopy-desk-")
    os.chmod(top, 0o755)
    desk = os.path.join(top, "desk")
    os.mkdir(desk)
    os.chown(desk, 1234, 2345)
    os.chmod(desk, 0o2775)
    story = os.path.join(desk, "story.txt")
    with open(story, "w") as f:
        f.write(GARBLED)
    os.chown(story, 1234, 2345)
    os.chmod(story, 0o664)
    yield story
    shutil.rmtree(top)


def _editor_python() -> list[str] | None:
    """A Python another user can run with fixcopy importable: this one, or (when this one sits
    in root's home, as a pyenv build does) the system's Python of the same version given this
    checkout and its installed packages on PYTHONPATH."""
    import site
    import sysconfig

    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    path = os.pathsep.join([str(REPO), sysconfig.get_paths()["purelib"], *site.getsitepackages()])
    for exe, extra in (
        (sys.executable, {}),
        (shutil.which(version, path="/usr/bin:/usr/local/bin"), {"PYTHONPATH": path}),
    ):
        if not exe:
            continue
        try:
            r = subprocess.run(
                [exe, "-m", "fixcopy", "--version"],
                capture_output=True,
                timeout=60,
                user=4321,
                group=4321,
                extra_groups=[2345],
                cwd="/",
                env={**os.environ, **extra},
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if r.returncode == 0:
            return [exe], extra
    return None


def _as_editor(*args: str) -> subprocess.CompletedProcess:
    """Run fixcopy as another user (uid 4321, own group 4321) who is in the desk's group 2345."""
    found = _editor_python()
    if found is None:
        pytest.skip("no Python that another user can run fixcopy with")
    exe, extra = found
    env = {**os.environ, "NO_COLOR": "1", "HOME": "/nonexistent", **extra}
    return subprocess.run(
        [*exe, "-m", "fixcopy", *args],
        capture_output=True,
        env=env,
        timeout=120,
        user=4321,
        group=4321,
        extra_groups=[2345],
        cwd="/",
    )


@root_only
def test_an_editor_in_the_desk_group_keeps_the_reporters_owner_and_group(shared_desk):
    r = _as_editor("fix", "--no-model", "--write", shared_desk)
    assert r.returncode == 0, r.stderr
    st = os.stat(shared_desk)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 2345, 0o664)
    assert open(shared_desk).read() == FIXED
    assert os.listdir(os.path.dirname(shared_desk)) == ["story.txt"]


@root_only
def test_an_editor_who_may_write_the_file_but_not_the_folder(shared_desk):
    os.chmod(os.path.dirname(shared_desk), 0o755)  # the folder is the reporter's alone
    r = _as_editor("fix", "--no-model", "--write", shared_desk)
    assert r.returncode == 0, r.stderr
    st = os.stat(shared_desk)
    assert (st.st_uid, st.st_gid) == (1234, 2345)
    assert open(shared_desk).read() == FIXED


def test_review_and_preview_saves_keep_hard_links_too(tmp_path):
    a = tmp_path / "story.txt"
    a.write_text(GARBLED)
    b = tmp_path / "copy.txt"
    os.link(a, b)
    loaded = load(str(a), Options(purpose="review", model=False))
    assert loaded.write({i: ACCEPT for i, it in enumerate(loaded.items) if it.replacement is not None})
    assert b.read_text() == a.read_text() == FIXED
    assert a.stat().st_ino == b.stat().st_ino


def test_a_read_only_file_is_refused_and_left_alone(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root may write any file")
    p = tmp_path / "story.txt"
    p.write_text(GARBLED)
    os.chmod(p, 0o444)
    r = run_fixcopy("fix", "--no-model", "--write", str(p))
    assert r.returncode == 2 and p.read_text() == GARBLED


@root_only
def test_an_editors_own_read_only_file_is_refused(shared_desk):
    os.chown(shared_desk, 4321, 2345)  # the editor's own file, made read-only to keep it as it is
    os.chmod(shared_desk, 0o444)
    r = _as_editor("fix", "--no-model", "--write", shared_desk)
    assert r.returncode == 2
    assert b"cannot write: Permission denied; file not changed" in r.stderr
    assert open(shared_desk).read() == GARBLED and stat.S_IMODE(os.stat(shared_desk).st_mode) == 0o444
