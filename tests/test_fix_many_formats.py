"""`fix` after the merge of the formats, reliab-a and reliab-b branches: several files and folders,
each read in its format, a file whose check fails left alone (exit 3, one line) while the others
are fixed, and the review's widened deletion kept to plain text."""

from __future__ import annotations

import shutil
import subprocess

from conftest import CORPORA, run_fixcopy

from fixcopy.batching import FAIL_MARKER_ENV
from fixcopy.config import Config
from fixcopy.edits import edit
from fixcopy.files import Article
from fixcopy.readers import read
from fixcopy.session import Loaded
from fixcopy.suggestion import Suggestion

FORMATS = CORPORA / "formats"
GARBLED = "Germany said on Monday it signed a deal with the union for for the first time.\n"


def test_fix_write_takes_a_folder_and_reads_each_file_in_its_format(tmp_path):
    shutil.copyfile(FORMATS / "story.md", tmp_path / "story.md")
    shutil.copyfile(FORMATS / "story.html", tmp_path / "story.html")
    (tmp_path / "plain.txt").write_text(GARBLED, encoding="utf-8")
    (tmp_path / "fixcopy.toml").write_text('globs = ["*.md", "*.html", "*.txt"]\n')
    single = {
        name: run_fixcopy("fix", "--no-model", str(tmp_path / name)).stdout
        for name in ("story.md", "story.html", "plain.txt")
    }
    r = run_fixcopy("fix", "--no-model", "--write", str(tmp_path))
    assert r.returncode == 0, r.stderr
    for name, expected in single.items():
        assert (tmp_path / name).read_bytes() == expected, name
    assert b"for for" not in (tmp_path / "plain.txt").read_bytes()
    # the markup is still there: the files read as before in their format
    assert read((tmp_path / "story.html").read_text(encoding="utf-8"), "html").view.text


def test_fix_diff_of_several_files_with_input_format_applies_with_git(tmp_path):
    for name in ("a.page", "b.page"):
        (tmp_path / name).write_text("<p>He said the the <i>deal</i> was signed.</p>\n", encoding="utf-8")
    r = run_fixcopy("fix", "--no-model", "--input-format", "html", "--diff", "a.page", "b.page", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert r.stdout.count(b"+++ b/") == 2
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "apply", "-"], input=r.stdout, cwd=tmp_path, check=True)
    for name in ("a.page", "b.page"):
        assert (tmp_path / name).read_text(encoding="utf-8") == "<p>He said the <i>deal</i> was signed.</p>\n"


def test_fix_write_leaves_a_file_whose_check_fails_and_fixes_the_others(tmp_path):
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text("One POISON here, for for sure.\n")
    good.write_text(GARBLED)
    r = run_fixcopy("fix", "--no-model", "--write", str(bad), str(good), env={FAIL_MARKER_ENV: "POISON"})
    assert r.returncode == 3
    lines = r.stderr.decode().splitlines()
    internal = [x for x in lines if x.startswith("fixcopy: internal error: ")]
    assert len(internal) == 1 and "bad.txt" in internal[0]
    assert bad.read_text() == "One POISON here, for for sure.\n"
    assert "for for" not in good.read_text()


def test_an_editors_deletion_takes_a_space_in_plain_text_only():
    text = "The talks began with a -based order on Monday.\n"
    start = text.index("-based")
    item = Suggestion(start, start + 6, "-based", None, "broken-compound", "a compound lost a word", 0.9)
    expected = {
        "text": "The talks began with a order on Monday.\n",
        # Markdown: the space is left (a double space does not show there)
        "markdown": "The talks began with a  order on Monday.\n",
    }
    for fmt, want in expected.items():
        article = Article("s", text, False, fmt)
        ld = Loaded("s", article, article.reading.doc, Config(model=False), 0.5, [item], "")
        assert ld.corrected({0: edit("")}) == want, fmt
