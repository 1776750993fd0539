"""The real `fixcopy` command: check, fix, configuration, and every kind of bad input."""

from __future__ import annotations

import json
import os
import stat

import pytest
from conftest import CORPORA, run_fixcopy

GARBLED = (
    "ASTANA, Kazakhstan (AP) — The Germany said on Monday it signed a deal. with the union "
    "for for the first time.\n\n“It could helped ,” she said.\n"
)
FIXED = (
    "ASTANA, Kazakhstan (AP) — Germany said on Monday it signed a deal with the union "
    "for the first time.\n\n“It could help,” she said.\n"
)
CLEAN = "LONDON (Reuters) - Britain's economy grew 0.3% in the third quarter, data showed on Friday.\n"


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text(GARBLED, encoding="utf-8")
    return p


def test_check_text_output_and_exit_code(article):
    r = run_fixcopy("check", "--no-model", str(article))
    assert r.returncode == 1
    lines = r.stdout.decode().splitlines()
    assert lines[0] == f'{article}:1:27: article: "Germany" takes no article (delete "The ")'
    assert f'{article}:1:87: duplicated-word: "for" is repeated ("for for" -> "for")' in lines
    assert f'{article}:3:11: verb-form: after "could" the verb takes its base form ("helped" -> "help")' in lines
    assert r.stderr == b""


def test_check_json_is_exactly_the_documented_shape(article):
    r = run_fixcopy("check", "--no-model", "--format", "json", str(article))
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert set(data) == {"version", "files"} and isinstance(data["version"], str)
    [f] = data["files"]
    assert set(f) == {"path", "suggestions"} and f["path"] == str(article)
    text = article.read_text(encoding="utf-8")
    for s in f["suggestions"]:
        assert list(s) == ["start", "end", "text", "replacement", "category", "message", "confidence", "source"]
        assert text[s["start"] : s["end"]] == s["text"]
        assert s["source"] == "rule" and 0 <= s["confidence"] <= 1
    assert {s["category"] for s in f["suggestions"]} == {
        "article",
        "stray-punctuation",
        "duplicated-word",
        "verb-form",
        "punctuation",
    }


def test_clean_file_exits_zero(tmp_path):
    p = tmp_path / "clean.txt"
    p.write_text(CLEAN)
    r = run_fixcopy("check", "--no-model", str(p))
    assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")


def test_bundled_samples_are_clean_or_garbled():
    assert run_fixcopy("check", "--no-model", str(CORPORA / "clean")).returncode == 0
    r = run_fixcopy("check", "--no-model", "-f", "json", str(CORPORA / "garbled"))
    assert r.returncode == 1
    assert len(json.loads(r.stdout)["files"]) == len(list((CORPORA / "garbled").glob("*.txt")))


def test_clean_samples_pass_with_the_shipped_model():
    """The default path (rules + model) cries no wolf on the bundled clean stories, which hold
    look-alikes such as "that that" and "look forward to seeing" inside quotations."""
    r = run_fixcopy("check", str(CORPORA / "clean"))
    assert r.returncode == 0, r.stdout


def test_stdin_and_min_confidence(article):
    r = run_fixcopy("check", "--no-model", "-f", "json", "-", input=article.read_bytes())
    data = json.loads(r.stdout)
    assert data["files"][0]["path"] == "<stdin>" and r.returncode == 1
    r = run_fixcopy("check", "--no-model", "--min-confidence", "0.95", "-f", "json", "-", input=article.read_bytes())
    assert {s["category"] for s in json.loads(r.stdout)["files"][0]["suggestions"]} == {"duplicated-word"}


def test_directory_uses_configured_globs(tmp_path):
    (tmp_path / "a.txt").write_text(GARBLED)
    (tmp_path / "b.md").write_text(GARBLED)
    (tmp_path / "c.html").write_text(GARBLED)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text(GARBLED)
    r = run_fixcopy("check", "--no-model", "-f", "json", str(tmp_path))
    assert sorted(os.path.basename(f["path"]) for f in json.loads(r.stdout)["files"]) == ["a.txt", "b.md"]
    (tmp_path / "fixcopy.toml").write_text('globs = ["*.html"]\n')
    r = run_fixcopy("check", "--no-model", "-f", "json", str(tmp_path))
    assert [os.path.basename(f["path"]) for f in json.loads(r.stdout)["files"]] == ["c.html"]


def test_fix_prints_corrected_text(article):
    r = run_fixcopy("fix", "--no-model", str(article))
    assert r.returncode == 0
    assert r.stdout.decode("utf-8") == FIXED
    assert article.read_text(encoding="utf-8") == GARBLED


def test_fix_diff(article):
    r = run_fixcopy("fix", "--no-model", "--diff", str(article))
    out = r.stdout.decode()
    assert r.returncode == 1  # a non-empty diff: something to fix (see test_fix_diff.py)
    assert "-“It could helped ,” she said.\n+“It could help,” she said.\n" in out
    name = str(article).lstrip("/")  # an absolute path shows as git shows it: a/tmp/...
    assert out.startswith(f"--- a/{name}\n+++ b/{name}\n")


def test_fix_write_keeps_every_other_byte_bom_crlf_and_mode(tmp_path):
    p = tmp_path / "story.txt"
    original = ("\ufeff" + GARBLED.replace("\n", "\r\n")).encode("utf-8")
    p.write_bytes(original)
    os.chmod(p, 0o640)
    r = run_fixcopy("fix", "--no-model", "--write", str(p))
    assert r.returncode == 0, r.stderr
    assert p.read_bytes() == ("\ufeff" + FIXED.replace("\n", "\r\n")).encode("utf-8")
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert [x.name for x in tmp_path.iterdir()] == ["story.txt"]  # no temporary file left behind
    # A second run finds nothing to fix and leaves the file alone.
    before = p.stat().st_mtime_ns
    assert run_fixcopy("fix", "--no-model", "--write", str(p)).returncode == 0
    assert p.stat().st_mtime_ns == before


def test_fix_write_through_a_symlink_keeps_the_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text(GARBLED)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert run_fixcopy("fix", "--no-model", "-w", str(link)).returncode == 0
    assert link.is_symlink() and real.read_text() == FIXED


def test_fix_threshold(article):
    r = run_fixcopy("fix", "--no-model", "--min-confidence", "0.95", str(article))
    assert r.stdout.decode() == GARBLED.replace("for for", "for")


def test_fix_refuses_write_with_diff(article):
    r = run_fixcopy("fix", "--write", "--diff", str(article))
    assert r.returncode == 2 and b"cannot be used together" in r.stderr
    assert article.read_text() == GARBLED


# -- configuration -----------------------------------------------------------------


def test_pyproject_config_allow_list_and_disable(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "desk"\n\n[tool.fixcopy]\nallow = ["for for"]\ndisable = ["article"]\n'
    )
    sub = tmp_path / "stories"
    sub.mkdir()
    (sub / "s.txt").write_text(GARBLED)
    r = run_fixcopy("check", "--no-model", "-f", "json", str(sub / "s.txt"))
    cats = [s["category"] for s in json.loads(r.stdout)["files"][0]["suggestions"]]
    assert "duplicated-word" not in cats and "article" not in cats and "verb-form" in cats


def test_fixcopy_toml_beats_pyproject_and_sets_thresholds(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.fixcopy]\nmin-confidence = 0.1\n")
    (tmp_path / "fixcopy.toml").write_text("min-confidence = 0.95\nfix-min-confidence = 0.95\n")
    (tmp_path / "s.txt").write_text(GARBLED)
    r = run_fixcopy("check", "--no-model", "-f", "json", str(tmp_path / "s.txt"))
    assert {s["category"] for s in json.loads(r.stdout)["files"][0]["suggestions"]} == {"duplicated-word"}
    assert run_fixcopy("fix", "--no-model", str(tmp_path / "s.txt")).stdout.decode() == GARBLED.replace(
        "for for", "for"
    )


def test_bad_config_is_a_clear_error(tmp_path):
    (tmp_path / "fixcopy.toml").write_text('min-confidence = 0.5\ncolour = "red"\n')
    (tmp_path / "s.txt").write_text(GARBLED)
    r = run_fixcopy("check", "--no-model", str(tmp_path / "s.txt"))
    assert r.returncode == 2
    assert b"unknown setting 'colour'" in r.stderr and len(r.stderr.decode().strip().splitlines()) == 1


def test_unknown_category_option_is_a_usage_error(article):
    r = run_fixcopy("check", "--disable", "spelling", str(article))
    assert r.returncode == 2 and b"unknown categories: spelling" in r.stderr


# -- bad input: one line naming the file, exit 2, the other files still checked ------

BAD = {
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    "latin1.txt": ("Caf\u00e9 for for you.\n".encode("latin-1"), "not valid UTF-8 (byte 0xe9 at offset 3)"),
    "empty.txt": (b"", "file is empty"),
    "blank.txt": ("\ufeff  \n\n".encode("utf-8"), "file is empty"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_file_is_one_line_error_and_others_are_still_checked(tmp_path, name):
    data, message = BAD[name]
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(GARBLED)
    r = run_fixcopy("check", "--no-model", "-f", "json", str(bad), str(good))
    assert r.returncode == 2
    err = r.stderr.decode().strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"fixcopy: error: {bad}: {message}")
    assert [f["path"] for f in json.loads(r.stdout)["files"]] == [str(good)]
    before = bad.read_bytes()
    r = run_fixcopy("fix", "--no-model", "--write", str(bad))
    assert r.returncode == 2 and bad.read_bytes() == before


def test_missing_path_and_empty_directory(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.html").write_text("x")
    r = run_fixcopy("check", "--no-model", str(tmp_path / "nope.txt"), str(empty))
    assert r.returncode == 2
    err = r.stderr.decode().splitlines()
    assert err == [
        f"fixcopy: error: {tmp_path / 'nope.txt'}: no such file or directory",
        f"fixcopy: error: {empty}: no article files (*.txt, *.md) in this directory",
    ]


def test_huge_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.write(b"for for the record. " * (50_000_000 // 20))
    r = run_fixcopy("check", "--no-model", str(big))
    assert r.returncode == 2
    assert r.stderr.decode() == (
        f"fixcopy: error: {big}: file is too large (50.0 MB; the limit is 10.0 MB, set max-file-bytes to raise it)\n"
    )
    r = run_fixcopy("fix", "--no-model", "--write", str(big))
    assert r.returncode == 2 and big.stat().st_size == 50_000_000


def test_version_and_help():
    assert run_fixcopy("--version").stdout.decode().startswith("fixcopy ")
    r = run_fixcopy("check", "--help")
    assert r.returncode == 0 and b"--min-confidence" in r.stdout


@pytest.mark.parametrize("no_color", [False, True])
def test_check_colours_on_a_terminal_unless_no_color(article, no_color):
    """On a real terminal the text output is coloured; NO_COLOR turns that off; piped output
    (every other test here) never carries escape codes."""
    import sys

    import pexpect

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm-256color"
    if no_color:
        env["NO_COLOR"] = "1"
    child = pexpect.spawn(
        sys.executable,
        ["-m", "fixcopy", "check", "--no-model", str(article)],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 220),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "duplicated-word" in child.before
    assert ("\x1b[" in child.before) is not no_color


def test_malloc_arenas_are_limited_unless_the_user_sets_them(monkeypatch):
    """The CLI caps glibc's malloc arenas (the LM's threads otherwise hold freed memory in arenas of
    their own); a MALLOC_ARENA_MAX in the environment is the user's choice and is left alone."""
    import platform
    import sys

    from fixcopy.allocator import limit_arenas

    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert limit_arenas() is False
    monkeypatch.delenv("MALLOC_ARENA_MAX")
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert limit_arenas() is glibc
