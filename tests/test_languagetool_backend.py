"""LanguageTool as an optional extra detector, tested against a real server that
speaks LanguageTool's protocol: fixcopy's own `serve`. Nothing is downloaded."""

from __future__ import annotations

import io
import json
import os
import socket

import pytest

from fixcopy.config import Config
from fixcopy.detectors import detectors_for
from fixcopy.document import Document
from fixcopy.languagetool.client import LanguageToolDetector
from fixcopy.languagetool.mapping import LtMatch, garble_category, to_suggestion
from fixcopy.languagetool.server import create_app, running
from fixcopy.options import Options
from fixcopy.pipeline import check_documents
from fixcopy.reporting import check_paths
from fixcopy.suggestion import Suggestion

TEXT = (
    "The 🎉 talks went on for for hours. 😀 “They could helped,” said the minister. "
    "Both of the ministers says the deal holds.\n"
)
RULES_ONLY = Config(model=False)


class PhraseDetector:
    """Stands in for what a remote fixcopy may find that the local rules do not
    (its model): one agreement garble."""

    name = "phrase"

    def detect(self, docs, config):
        out = []
        for d in docs:
            i = d.text.find("ministers says")
            out.append(
                []
                if i < 0
                else [Suggestion(i + 10, i + 14, "says", "say", "agreement", "subject and verb disagree", 0.9, "model")]
            )
        return out


@pytest.fixture(scope="module")
def server():
    with running(create_app(RULES_ONLY, detectors=[PhraseDetector()], max_text_length=500)) as url:
        yield url


@pytest.fixture(autouse=True)
def no_download(tmp_path, monkeypatch):
    """language-tool-python's download folder: must stay empty."""
    folder = tmp_path / "ltp"
    folder.mkdir()
    monkeypatch.setenv("LTP_PATH", str(folder))
    yield
    assert not any(folder.iterdir()), "something was downloaded"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_detector_gets_mapped_suggestions_from_a_languagetool_server(server):
    warnings: list[str] = []
    det = LanguageToolDetector(server, warn=warnings.append)
    [sugs] = det.detect([Document(TEXT)], RULES_ONLY)
    assert warnings == []
    got = {(s.text, s.replacement, s.category) for s in sugs}
    assert got == {("for for", "for", "duplicated-word"), ("helped", "help", "verb-form"), ("says", "say", "agreement")}
    for s in sugs:
        assert s.source == "languagetool"
        assert TEXT[s.start : s.end] == s.text  # code points again, after the emoji
        assert "(LanguageTool FIXCOPY_" in s.message
        assert s.confidence < Config().fix_min_confidence  # `fix` leaves them alone by default


def test_pipeline_merges_them_behind_the_rules(server):
    det = LanguageToolDetector(server, warn=pytest.fail)
    [sugs] = check_documents([Document(TEXT)], RULES_ONLY, [det])
    by_text = {s.text: s.source for s in sugs}
    assert by_text == {"for for": "rule", "helped": "rule", "says": "languagetool"}


def test_check_command_with_languagetool_configured(server, tmp_path):
    (tmp_path / "fixcopy.toml").write_text(f'languagetool = "{server}"\n')
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert check_paths([str(article)], Options(model=False), fmt="json", out=out, err=err) == 1
    assert err.getvalue() == ""
    sources = {(s["text"], s["source"]) for s in json.loads(out.getvalue())["files"][0]["suggestions"]}
    assert ("says", "languagetool") in sources and ("for for", "rule") in sources


def test_server_down_is_a_warning_not_a_crash(tmp_path, fixcopy_cmd):
    port = closed_port()
    (tmp_path / "fixcopy.toml").write_text(f'languagetool = "http://127.0.0.1:{port}"\n')
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    r = fixcopy_cmd("check", "--no-model", str(article), cwd=tmp_path, env={"LTP_PATH": os.environ["LTP_PATH"]})
    assert r.returncode == 1  # the rules still found the garbles
    assert r.stderr.decode() == (
        f"fixcopy: warning: cannot reach LanguageTool at http://127.0.0.1:{port}: "
        "[Errno 111] Connection refused; checked without LanguageTool\n"
    )
    assert b"duplicated-word" in r.stdout and b"verb-form" in r.stdout


def test_server_going_away_mid_run_warns_once():
    warnings: list[str] = []
    with running(create_app(RULES_ONLY)) as url:
        det = LanguageToolDetector(url, warn=warnings.append)
        assert det.detect([Document(TEXT)], RULES_ONLY)[0]
    docs = [Document(TEXT), Document("It was for for now.")]
    assert det.detect(docs, RULES_ONLY) == [[], []]
    assert det.detect(docs, RULES_ONLY) == [[], []]
    assert len(warnings) == 1 and warnings[0].startswith(f"cannot reach LanguageTool at {url}")


def test_a_refused_text_is_skipped_with_a_warning(server):
    warnings: list[str] = []
    det = LanguageToolDetector(server, warn=warnings.append)
    long_doc = Document("It was for for now. " * 40)  # over the server's 500 characters
    got = det.detect([long_doc, Document(TEXT)], RULES_ONLY)
    assert got[0] == [] and len(got[1]) == 3
    assert warnings == [
        f"LanguageTool at {server} could not check a text: Error: Your text exceeds the limit "
        "of 500 characters (it's 800 characters). Please submit a shorter text."
    ]


def test_local_without_an_install_warns_and_downloads_nothing():
    warnings: list[str] = []
    det = LanguageToolDetector("local", warn=warnings.append)
    assert det.detect([Document(TEXT)], RULES_ONLY) == [[]]
    assert len(warnings) == 1 and warnings[0].startswith("no local LanguageTool install found")


def test_not_configured_means_no_languagetool():
    assert not any(d.name == "languagetool" for d in detectors_for(RULES_ONLY))
    assert [d.name for d in detectors_for(RULES_ONLY.replace(languagetool="http://127.0.0.1:1"))] == ["languagetool"]


# -- mapping LanguageTool's own rules ----------------------------------------------------


@pytest.mark.parametrize(
    "rule, category, issue, expected",
    [
        ("MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling", None),
        ("EN_QUOTES", "TYPOGRAPHY", "typographical", None),
        ("WHITESPACE_RULE", "TYPOGRAPHY", "whitespace", None),
        ("PASSIVE_VOICE", "STYLE", "style", None),
        ("EN_GB_SIMPLE_REPLACE", "BRITISH_ENGLISH", "locale-violation", None),
        ("SENTENCE_FRAGMENT", "GRAMMAR", "grammar", None),  # grammar, but no garble category fits
        ("ENGLISH_WORD_REPEAT_RULE", "MISC", "duplication", "duplicated-word"),
        ("MD_BASEFORM", "GRAMMAR", "grammar", "verb-form"),
        ("TO_NON_BASE", "GRAMMAR", "grammar", "verb-form"),
        ("HAVE_PART_AGREEMENT", "GRAMMAR", "grammar", "verb-form"),
        ("NON3PRS_VERB", "GRAMMAR", "grammar", "agreement"),
        ("THIS_NNS", "GRAMMAR", "grammar", "agreement"),
        ("EN_A_VS_AN", "MISC", "misspelling", "article"),
        ("COMMA_PARENTHESIS_WHITESPACE", "TYPOGRAPHY", "whitespace", "punctuation"),
        ("UPPERCASE_SENTENCE_START", "CASING", "typographical", "stray-punctuation"),
        ("CONFUSION_RULE_BREAK_BROKE", "CONFUSED_WORDS", "grammar", "mistranslation"),
        ("AFFECT_EFFECT", "CONFUSED_WORDS", "misspelling", None),
        ("THEIR_IS", "CONFUSED_WORDS", "uncategorized", "mistranslation"),
        ("FIXCOPY_WORD_ORDER", "WORD_ORDER", "grammar", "word-order"),
    ],
)
def test_garble_category(rule, category, issue, expected):
    found = garble_category(rule, category, issue)
    assert (found[0] if found else None) == expected


def test_to_suggestion_converts_utf16_offsets():
    text = "🎉🎉 They could helped. with me"
    # LanguageTool's offsets: each emoji is two UTF-16 units
    s = to_suggestion(text, LtMatch(16, 6, "MD_BASEFORM", "GRAMMAR", "grammar", "Use the base form.", ("help",)))
    assert (s.text, s.replacement, s.category, s.source) == ("helped", "help", "verb-form", "languagetool")
    flag = to_suggestion(
        text,
        LtMatch(
            24,
            4,
            "UPPERCASE_SENTENCE_START",
            "CASING",
            "typographical",
            "This sentence does not start with an uppercase letter.",
            ("With",),
        ),
    )
    assert (flag.text, flag.replacement, flag.category) == ("with", None, "stray-punctuation")
    assert to_suggestion(text, LtMatch(5, 4, "MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling", "Typo", ("Thy",))) is None
    assert to_suggestion(text, LtMatch(90, 4, "MD_BASEFORM", "GRAMMAR", "grammar", "x", ())) is None  # stale span
