"""Issue 14, the smaller items: progress counts, duplicate paths, --staged with a path that is
not there, flag metavars, preview -p, model suggestions in text output, the category error,
the licence metadata, and the note on text that does not look like English."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib

import pexpect
import pytest
from conftest import CORPORA, REPO, run_fixcopy

from fixcopy.document import Document
from fixcopy.formats import FileResult
from fixcopy.formats.text import TextFormatter
from fixcopy.language import looks_english
from fixcopy.suggestion import Suggestion

GARBLED = "Germany said on Monday it signed a deal with the union for for the first time.\n"


def test_progress_counts_files_once(tmp_path):
    for i in range(12):
        (tmp_path / f"s{i:02d}.txt").write_text(GARBLED)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "fixcopy", "check", "--no-model", str(tmp_path)],
        env={**os.environ, "TERM": "xterm", "NO_COLOR": "1"},
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 200),
    )
    child.expect(pexpect.EOF)
    child.close()
    shown = child.before
    assert "/24" not in shown
    assert "12/12" in shown or "/12" in shown


def test_the_same_file_given_twice_is_reported_once(tmp_path):
    p = tmp_path / "s.txt"
    p.write_text(GARBLED)
    r = run_fixcopy("check", "--no-model", "s.txt", "./s.txt", str(p), "s.txt", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout.decode().count("duplicated-word") == 1


def test_staged_with_a_path_that_is_not_there_is_an_error(tmp_path, isolated_git):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "fixcopy.toml").write_text("model = false\n")
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "s.txt").write_text(GARBLED)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    r = run_fixcopy("check", "--staged", "nothere/", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.decode().startswith("fixcopy: error: nothere/: no such file or directory")
    assert run_fixcopy("check", "--staged", "desk/", cwd=tmp_path).returncode == 1


def test_flags_show_no_value_in_help():
    r = run_fixcopy("check", "--help", env={"COLUMNS": "160"})
    help_text = r.stdout.decode()
    assert "--no-model" in help_text and "<bool>" not in help_text


def test_preview_has_p_for_port():
    r = run_fixcopy("preview", "--help", env={"COLUMNS": "160"})
    assert "-p" in r.stdout.decode().split("--port")[1].split("\n")[0]


def test_unknown_category_lists_the_valid_ones(tmp_path):
    r = run_fixcopy("check", "--disable", "grammar", "-", input=GARBLED.encode())
    err = r.stderr.decode()
    assert r.returncode == 2
    assert "grammar" in err and "duplicated-word" in err and "word-order" in err


def _text_line(s: Suggestion, text: str) -> str:
    import io

    out = io.StringIO()
    f = TextFormatter(out, False)
    f.add(FileResult("story.txt", Document(text), [s]))
    f.finish()
    return out.getvalue()


def test_a_model_flag_quotes_its_words_and_a_model_fix_has_one_pair_of_brackets():
    text = "He went to the market for buy bread.\n"
    start = text.index("for buy")
    flag = Suggestion(
        start,
        start + 7,
        "for buy",
        None,
        "preposition",
        "Reads like a garble: a preposition carried over from the source language (model)",
        0.9,
        "model",
    )
    assert _text_line(flag, text) == (
        'story.txt:1:23: preposition: "for buy" reads like a garble: a preposition '
        "carried over from the source language (model)\n"
    )
    fix = flag.with_replacement("to buy")
    assert _text_line(fix, text) == (
        'story.txt:1:23: preposition: "for buy" reads like a garble: a preposition '
        'carried over from the source language (model: "for buy" -> "to buy")\n'
    )


def test_the_licence_is_an_spdx_string_and_builds_without_warnings(tmp_path):
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert meta["license"] == "MIT"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import setuptools.config.pyprojecttoml as p, warnings; "
            "warnings.simplefilter('error'); p.read_configuration('pyproject.toml')",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "license" not in done.stderr.lower()


# -- text that does not look like English -------------------------------------------------------

NOT_ENGLISH = [
    "Die Regierung hat am Montag angekündigt, dass die Gespräche mit der Gewerkschaft fortgesetzt werden, "
    "und der Minister sagte, man sei zuversichtlich.",
    "Le gouvernement a annoncé lundi que les discussions avec le syndicat reprendraient la semaine "
    "prochaine, a déclaré le ministre.",
    "El gobierno anunció el lunes que las conversaciones con el sindicato se reanudarán la próxima "
    "semana, dijo el ministro.",
    "Правительство в понедельник объявило, что переговоры с профсоюзом возобновятся на следующей неделе.",
    "政府は月曜日、労働組合との協議を来週再開すると発表した。",
]


@pytest.mark.parametrize("text", NOT_ENGLISH)
def test_foreign_text_is_not_english(text):
    assert not looks_english(text)


def test_every_sample_story_looks_english():
    for p in sorted(CORPORA.glob("*/*.txt")):
        assert looks_english(p.read_text(encoding="utf-8")), p


def test_short_english_with_names_and_quotes_looks_english():
    for text in [
        "“Wir schaffen das,” Merkel said.",
        "Xi Jinping met Lula da Silva in Brasília on Monday.",
        "Shr 25 cts vs 32 cts\nNet 1,234,000 vs 987,000\nRevs 12.5 mln vs 11.2 mln",
        "Ok.",
        "Zhaksylykov, Tokayev and Nazarbayev met in Astana.",
    ]:
        assert looks_english(text), text


NEWS = os.environ.get("FIXCOPY_NEWS") or next(
    (
        str(p)
        for p in (REPO.parent / "shared" / "corpora" / "news", REPO.parent.parent / "shared" / "corpora" / "news")
        if p.is_dir()
    ),
    "",
)


@pytest.mark.skipif(not os.path.isdir(NEWS), reason="the news corpus is not on this machine")
def test_a_sample_of_the_news_corpus_looks_english():
    import itertools

    misses = []
    for name in ("bbc_news.jsonl", "reuters21578.jsonl", "wmt_newstest.jsonl", "flores101_devtest.jsonl"):
        with open(os.path.join(NEWS, name), encoding="utf-8") as f:
            for line in itertools.islice(f, 0, None, 25):
                a = json.loads(line)
                if not looks_english(a["text"]):
                    misses.append(a["text"])
    # the only ones: texts in another script (a WMT reference that is in fact Russian)
    assert all(sum(c.isascii() for c in t) < len(t) / 2 for t in misses)


def test_check_says_once_that_the_text_does_not_look_english(tmp_path):
    for i, text in enumerate(NOT_ENGLISH[:3]):
        (tmp_path / f"f{i}.txt").write_text(text + "\n")
    (tmp_path / "en.txt").write_text(GARBLED)
    r = run_fixcopy("check", "--no-model", str(tmp_path))
    err = r.stderr.decode()
    assert err.count("\n") == 1 and "does not look like English" in err
    assert "3 files" in err
    r = run_fixcopy("check", "--no-model", "-", input=GARBLED.encode())
    assert r.stderr == b""
