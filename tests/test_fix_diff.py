"""`fixcopy fix --diff` prints a patch that real `git apply` and `patch` accept, and exits 1
when there is something to fix (so it can gate CI, like `black --check`)."""

from __future__ import annotations

import subprocess

import pytest
from conftest import run_fixcopy

GARBLED = "The Germany said on Monday it signed a deal. with the union for for the first time."
FIXED = "Germany said on Monday it signed a deal with the union for the first time."


def _apply_both_ways(tmp_path, name: str, original: bytes, expected: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(original)
    r = run_fixcopy("fix", "--no-model", "--diff", name, cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    patch_file = tmp_path / "fix.patch"
    patch_file.write_bytes(r.stdout)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    g = subprocess.run(["git", "apply", "--check", "-v", str(patch_file)], cwd=tmp_path, capture_output=True)
    assert g.returncode == 0, g.stderr.decode() + r.stdout.decode()
    p = subprocess.run(["patch", "--dry-run", "-p1", "-i", str(patch_file)], cwd=tmp_path, capture_output=True)
    assert p.returncode == 0, p.stdout.decode() + p.stderr.decode()
    g = subprocess.run(["git", "apply", str(patch_file)], cwd=tmp_path, capture_output=True)
    assert g.returncode == 0, g.stderr.decode()
    assert path.read_bytes() == expected


@pytest.mark.parametrize(
    "original,expected",
    [
        (GARBLED.encode(), FIXED.encode()),  # no final newline
        (("Intro line.\n\n" + GARBLED).encode(), ("Intro line.\n\n" + FIXED).encode()),
        ((GARBLED + "\n\nLast line, untouched").encode(), (FIXED + "\n\nLast line, untouched").encode()),
        ((GARBLED + "\n").encode(), (FIXED + "\n").encode()),  # with a final newline
        ((GARBLED + "\r\n\r\nSecond line.").encode(), (FIXED + "\r\n\r\nSecond line.").encode()),  # CRLF
        (("\ufeff" + GARBLED + "\n").encode(), ("\ufeff" + FIXED + "\n").encode()),  # a BOM
        # a line separator, a form feed and a vertical tab are not line breaks to git or patch
        (
            ("A line\u2028with a separator.\x0c\n" + GARBLED + "\x0b ok\n").encode(),
            ("A line\u2028with a separator.\x0c\n" + FIXED + "\x0b ok\n").encode(),
        ),
    ],
)
def test_diff_applies_with_git_and_patch(tmp_path, original, expected):
    _apply_both_ways(tmp_path, "story.txt", original, expected)


def test_diff_marks_the_missing_final_newline(tmp_path):
    (tmp_path / "s.txt").write_text(GARBLED)
    r = run_fixcopy("fix", "--no-model", "--diff", "s.txt", cwd=tmp_path)
    assert r.stdout.decode().endswith(f"+{FIXED}\n\\ No newline at end of file\n")


def test_diff_exits_0_when_nothing_to_fix(tmp_path):
    (tmp_path / "clean.txt").write_text("Germany said on Monday it would help.\n")
    r = run_fixcopy("fix", "--no-model", "--diff", "clean.txt", cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")


def test_fix_prints_and_write_exit_0(tmp_path):
    (tmp_path / "s.txt").write_text(GARBLED)
    r = run_fixcopy("fix", "--no-model", "s.txt", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, FIXED.encode())
    r = run_fixcopy("fix", "--no-model", "--write", "s.txt", cwd=tmp_path)
    assert r.returncode == 0
    assert (tmp_path / "s.txt").read_text() == FIXED


def test_fix_takes_a_folder_and_several_files(tmp_path):
    desk = tmp_path / "desk"
    (desk / "sub").mkdir(parents=True)
    (desk / "one.txt").write_text(GARBLED + "\n")
    (desk / "sub" / "two.md").write_text("Talks with with the union resumed.\n")
    (desk / "notes.csv").write_text("for for\n")
    other = tmp_path / "three.txt"
    other.write_text("They signed a deal. with the union.\n")
    r = run_fixcopy("fix", "--no-model", "--diff", "desk", "three.txt", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    out = r.stdout.decode()
    assert [ln for ln in out.splitlines() if ln.startswith("+++")] == [
        "+++ b/desk/one.txt",
        "+++ b/desk/sub/two.md",
        "+++ b/three.txt",
    ]
    r = run_fixcopy("fix", "--no-model", "--write", "desk", "three.txt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (desk / "one.txt").read_text() == FIXED + "\n"
    assert (desk / "sub" / "two.md").read_text() == "Talks with the union resumed.\n"
    assert (desk / "notes.csv").read_text() == "for for\n"
    assert other.read_text() == "They signed a deal with the union.\n"
    # printing the corrected text is for one file
    r = run_fixcopy("fix", "--no-model", "desk", cwd=tmp_path)
    assert r.returncode == 2 and b"give --write" in r.stderr


def test_fix_disable(tmp_path):
    (tmp_path / "s.txt").write_text(GARBLED)
    r = run_fixcopy("fix", "--no-model", "--disable", "duplicated-word", "--disable", "article", "s.txt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == GARBLED.replace("deal. with", "deal with")


def test_fix_reports_a_missing_file_and_fixes_the_others(tmp_path):
    (tmp_path / "s.txt").write_text(GARBLED)
    r = run_fixcopy("fix", "--no-model", "--write", "nothere.txt", "s.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert b"nothere.txt: no such file or directory" in r.stderr
    assert (tmp_path / "s.txt").read_text() == FIXED
