"""`fixcopy review`, driven in a real pseudo-terminal with pexpect (no functions called directly)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import CORPORA, CRLF_BOM_ARTICLE, run_fixcopy

PROMPT = r"Accept this change \[y,n,e,a,d,q,\?\]\? "
FLAG_PROMPT = r"edit or skip \[e,n,q,\?\]\? "
ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")
HEAD_RE = re.compile(r"\((\d+)/(\d+)\) ([a-z-]+)")


def plain(s: str) -> str:
    return ANSI_RE.sub("", s)


def spawn(path: Path, *args: str, env: dict | None = None, model: bool = False) -> pexpect.spawn:
    full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full_env.update({"TERM": "xterm-256color", **(env or {})})
    options = [] if model else ["--no-model"]
    return pexpect.spawn(
        sys.executable,
        ["-m", "fixcopy", "review", *options, *args, str(path)],
        env=full_env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 220),
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    """Ctrl-C as in a person's terminal: a test run started in the background (`pytest &`, a CI
    step under a non-interactive shell) ignores SIGINT, and an ignored signal stays ignored
    across exec, so the child would never see the Ctrl-C the tests send."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def walk(child: pexpect.spawn, answer) -> tuple[str, list[str]]:
    """Answer every prompt with answer(shown_text, is_flag) until the command ends.
    Returns everything shown (without colour codes) and the categories asked about."""
    shown: list[str] = []
    asked: list[str] = []
    while True:
        i = child.expect([PROMPT, FLAG_PROMPT, "Replacement: ", pexpect.EOF])
        before = plain(child.before)
        shown.append(before)
        if i == 3:
            break
        if i == 2:
            raise AssertionError("walk() does not answer replacement prompts")
        heads = HEAD_RE.findall(before)
        if heads:
            asked.append(heads[-1][2])
        reply = answer(before, i == 1)
        if isinstance(reply, tuple):  # ("e", "new text"): edit, clearing the prefilled line
            child.sendline("e")
            child.expect("Replacement: ")
            child.send("\x15" + reply[1] + "\r")
        else:
            child.sendline(reply)
    child.close()
    shown.append(plain(child.before or ""))
    return "".join(shown), asked


def fix_output(path: Path, model: bool = False) -> bytes:
    done = run_fixcopy("fix", *([] if model else ["--no-model"]), "--min-confidence", "0", str(path))
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_refuses_without_a_terminal(crlf_bom_article):
    command = [sys.executable, "-m", "fixcopy", "review", "--no-model", str(crlf_bom_article)]
    from_null = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    from_pipe = subprocess.run(command, input=b"y\ny\ny\ny\n", capture_output=True, timeout=60)
    for done in (from_null, from_pipe):
        assert done.returncode == 2
        err = done.stderr.decode()
        assert "needs a terminal" in err and "fixcopy fix" in err and "fixcopy check" in err
        assert err.count("\n") == 1
    assert crlf_bom_article.read_bytes() == CRLF_BOM_ARTICLE


def test_accept_all_gives_what_fix_gives(crlf_bom_article):
    expected = fix_output(crlf_bom_article)
    child = spawn(crlf_bom_article, "--min-confidence", "0")
    out, asked = walk(child, lambda shown, flag: "n" if flag else "a")
    assert child.exitstatus == 0
    assert asked == ["article", "broken-compound"]  # "a" answers every other fix; the flag is still asked
    assert "accepted 4, rejected 1, edited 0" in out
    assert crlf_bom_article.read_bytes() == expected
    data = crlf_bom_article.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 3 and "\u201cWe".encode() in data


def test_reject_everything_leaves_the_file_untouched(crlf_bom_article):
    before = os.stat(crlf_bom_article)
    child = spawn(crlf_bom_article, "--min-confidence", "0")
    out, asked = walk(child, lambda shown, flag: "n")
    assert child.exitstatus == 0
    assert asked == ["article", "stray-punctuation", "duplicated-word", "duplicated-word", "broken-compound"]
    assert "accepted 0, rejected 5, edited 0" in out and "not changed" in out
    assert crlf_bom_article.read_bytes() == CRLF_BOM_ARTICLE
    after = os.stat(crlf_bom_article)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_d_rejects_the_rest(crlf_bom_article):
    child = spawn(crlf_bom_article)
    out, asked = walk(child, lambda shown, flag: "y" if not asked_so_far(shown) else "d")
    assert child.exitstatus == 0
    assert "accepted 1, rejected 4, edited 0" in out
    assert crlf_bom_article.read_bytes() == CRLF_BOM_ARTICLE.replace(b"The Germany", b"Germany")


def asked_so_far(shown: str) -> int:
    return int(HEAD_RE.findall(shown)[-1][0]) - 1


def test_each_answer_and_the_exact_bytes(crlf_bom_article):
    """y, n, e (prefilled, replaced), an unknown key, ?, then q: the file holds exactly those edits."""
    child = spawn(crlf_bom_article)
    child.expect(PROMPT)
    first = plain(child.before)
    assert "(1/5) article" in first and "confidence 0.90" in first and "line 1, column 27" in first
    assert '"Germany" takes no article' in first
    child.sendline("y")
    child.expect(PROMPT)
    assert "(2/5) stray-punctuation" in plain(child.before)
    child.sendline("x")  # not an answer: says so, shows help, asks again
    child.expect(PROMPT)
    assert "please answer one of y,n,e,a,d,q,?" in plain(child.before)
    child.sendline("?")
    child.expect(PROMPT)
    help_text = plain(child.before)
    for line in (
        "y - accept",
        "n - reject",
        "e - edit",
        "a - accept this change and all",
        "d - reject this change and all",
        "q - quit",
        "? - print",
    ):
        assert line in help_text
    child.sendline("n")
    child.expect(PROMPT)
    assert "(3/5) duplicated-word" in plain(child.before)
    child.sendline("e")
    child.expect("Replacement: ")
    child.expect_exact("for")  # prefilled with the proposed replacement
    child.send("\x15" + "for the" + "\r")
    child.expect(PROMPT)
    assert "(4/5) duplicated-word" in plain(child.before)
    child.sendline("q")
    child.expect(pexpect.EOF)
    out = plain(child.before)
    child.close()
    assert child.exitstatus == 0
    assert "accepted 1, rejected 1, edited 1 (2 not reviewed)" in out
    assert "wrote" in out
    expected = CRLF_BOM_ARTICLE.replace(b"The Germany", b"Germany").replace(
        b"union for for the", b"union for the the", 1
    )
    assert crlf_bom_article.read_bytes() == expected


def test_a_flag_offers_edit_or_skip_only(crlf_bom_article):
    child = spawn(crlf_bom_article)

    def answer(shown, flag):
        if not flag:
            return "n"
        assert "no fix offered" in shown and "-based" in shown
        return ("e", "rules-based")

    child2_out, asked = walk(child, answer)
    assert asked[-1] == "broken-compound"
    assert "accepted 0, rejected 4, edited 1" in child2_out
    assert crlf_bom_article.read_bytes() == CRLF_BOM_ARTICLE.replace(b"a -based order", b"a rules-based order")


def test_a_flag_refuses_y(crlf_bom_article):
    child = spawn(crlf_bom_article)
    for _ in range(4):
        child.expect(PROMPT)
        child.sendline("n")
    child.expect(FLAG_PROMPT)
    child.sendline("y")
    child.expect(FLAG_PROMPT)
    assert "please answer one of e,n,q,?" in plain(child.before)
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert crlf_bom_article.read_bytes() == CRLF_BOM_ARTICLE


def test_shows_an_inline_word_diff_in_colour(crlf_bom_article):
    child = spawn(crlf_bom_article)
    child.expect(PROMPT)
    child.sendline("n")
    child.expect(PROMPT)
    shown = child.before
    # "deal. with" -> "deal with": the full stop struck through in red, the words around it plain.
    assert re.search(r"deal\x1b\[9;31m\.\x1b\[0m with the union", shown), shown
    child.sendline("n")
    child.expect(PROMPT)
    assert re.search(r"for\x1b\[9;31m for\x1b\[0m the first time", child.before)
    child.sendline("q")
    child.expect(pexpect.EOF)


def test_without_colour_the_diff_is_marked_in_text(crlf_bom_article):
    child = spawn(crlf_bom_article, env={"NO_COLOR": "1"})
    child.expect(PROMPT)
    assert "ASTANA" not in plain(child.before)  # the dateline is not part of the sentence
    assert "[-The -]Germany said on Monday" in plain(child.before)
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert crlf_bom_article.read_bytes() == CRLF_BOM_ARTICLE


def test_ctrl_c_writes_nothing(crlf_bom_article):
    child = spawn(crlf_bom_article)
    child.expect(PROMPT)
    child.sendline("y")
    child.expect(PROMPT)
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "not changed" in plain(child.before)
    assert crlf_bom_article.read_bytes() == CRLF_BOM_ARTICLE


def test_errors_are_one_line_and_exit_2(tmp_path):
    child = pexpect.spawn(
        sys.executable, ["-m", "fixcopy", "review", str(tmp_path / "missing.txt")], encoding="utf-8", timeout=30
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert plain(child.before).strip() == f"fixcopy: error: {tmp_path / 'missing.txt'}: no such file or directory"


def test_nothing_to_review(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_bytes(b"The minister said on Monday that the talks would resume in May.\n")
    child = spawn(clean)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "nothing to review" in plain(child.before)


SAMPLES = sorted((CORPORA / "garbled").glob("*.txt"))[:2]


@pytest.mark.skipif(not SAMPLES, reason="no bundled samples yet")
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_bundled_samples_accept_all_and_reject_all(tmp_path, sample):
    path = tmp_path / sample.name
    shutil.copyfile(sample, path)
    original = path.read_bytes()
    expected = fix_output(path)
    walk(spawn(path, "--min-confidence", "0"), lambda shown, flag: "n")
    assert path.read_bytes() == original
    child = spawn(path, "--min-confidence", "0")
    walk(child, lambda shown, flag: "a" if not flag else "n")
    assert child.exitstatus == 0
    assert path.read_bytes() == expected


@pytest.mark.skipif(not SAMPLES, reason="no bundled samples yet")
def test_accept_all_with_the_model_if_one_is_shipped(tmp_path):
    """With whatever detectors this install has (rules, and the model when shipped), accepting
    every fix gives `fix --min-confidence 0`; model flags overlapping a fix are not asked about."""
    path = tmp_path / SAMPLES[0].name
    shutil.copyfile(SAMPLES[0], path)
    expected = fix_output(path, model=True)
    child = spawn(path, "--min-confidence", "0", model=True)
    walk(child, lambda shown, flag: "a" if not flag else "n")
    assert child.exitstatus == 0
    assert path.read_bytes() == expected


# -- issue 14: deleting with e, "a" and the flags, a file changed during the review ------------


def test_deleting_a_span_with_e_leaves_no_double_space(crlf_bom_article):
    child = spawn(crlf_bom_article)
    out, asked = walk(child, lambda shown, flag: ("e", "") if flag else "n")
    assert child.exitstatus == 0
    assert asked[-1] == "broken-compound"
    assert crlf_bom_article.read_bytes() == CRLF_BOM_ARTICLE.replace(b"to a -based order", b"to a order")


def test_a_still_shows_and_asks_about_the_flags(crlf_bom_article):
    child = spawn(crlf_bom_article)
    out, asked = walk(child, lambda shown, flag: ("e", "rules-based") if flag else "a")
    assert child.exitstatus == 0
    assert asked == ["article", "broken-compound"]  # "a" answers the fixes; the flag is still asked
    assert "accepted 4, rejected 0, edited 1" in out
    expected = fix_output_bytes(CRLF_BOM_ARTICLE, crlf_bom_article.parent).replace(
        b"a -based order", b"a rules-based order"
    )
    assert crlf_bom_article.read_bytes() == expected


def fix_output_bytes(data: bytes, folder: Path) -> bytes:
    p = folder / "copy-for-fix.txt"
    p.write_bytes(data)
    out = fix_output(p)
    p.unlink()
    return out


def _review_while_someone_edits(path: Path, answer: str) -> tuple[pexpect.spawn, str, bytes]:
    child = spawn(path)
    child.expect(PROMPT)
    someone_else = CRLF_BOM_ARTICLE + b"A paragraph added by another editor.\r\n"
    path.write_bytes(someone_else)
    child.sendline("a")
    child.expect(FLAG_PROMPT)
    child.sendline("n")
    child.expect(r"Apply your 4 changes to the new version \[y,n\]\? ")
    assert "changed on disk" in plain(child.before)
    child.sendline(answer)
    child.expect(pexpect.EOF)
    out = plain(child.before)
    child.close()
    return child, out, someone_else


def test_a_file_changed_during_the_review_gets_the_decisions_reapplied(crlf_bom_article):
    child, out, someone_else = _review_while_someone_edits(crlf_bom_article, "y")
    assert child.exitstatus == 0, out
    expected = (
        someone_else.replace(b"The Germany", b"Germany")
        .replace(b"deal. with", b"deal with")
        .replace(b"for for", b"for")
    )
    assert crlf_bom_article.read_bytes() == expected
    assert "wrote" in out


def test_a_file_changed_during_the_review_keeps_the_decisions_in_a_patch(crlf_bom_article, tmp_path):
    child, out, someone_else = _review_while_someone_edits(crlf_bom_article, "n")
    assert child.exitstatus == 2
    assert crlf_bom_article.read_bytes() == someone_else  # not overwritten
    patch_file = Path(str(crlf_bom_article) + ".fixcopy-review.patch")
    assert patch_file.exists() and str(patch_file) in out.replace("\n", "")
    # the saved decisions apply to the version that was reviewed
    reviewed = tmp_path / "reviewed.txt"
    reviewed.write_bytes(CRLF_BOM_ARTICLE)
    done = subprocess.run(["patch", "--binary", str(reviewed), str(patch_file)], capture_output=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert reviewed.read_bytes() == fix_output_bytes(CRLF_BOM_ARTICLE, tmp_path)
