"""`fixcopy serve`: the real server on a free loopback port, spoken to by the real
language-tool-python client and by plain HTTP (httpx)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time

import httpx
import language_tool_python
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixcopy.config import Config
from fixcopy.languagetool.offsets import code_point_index, utf16_index
from fixcopy.languagetool.request import AnnotatedText
from fixcopy.languagetool.server import create_app, running
from fixcopy.pipeline import check_text, fixes
from fixcopy.suggestion import Suggestion, apply

# Garbles after an emoji (two UTF-16 units) and curly quotes (one each), so that
# UTF-16 offsets and code-point offsets differ.
ARTICLE = (
    "ASTANA, Kazakhstan (AP) — The Germany said on Monday it signed a deal. with the union "
    "for for the first time. 🎉 “We are pleased,” the minister said.\n\n"
    "Officials 🇰🇿 said they could helped the talks , he said. 😀😀 It was decided to extending the "
    "plan with with the bank.\n"
)
EXPECTED = {  # span text -> (rule id, first replacement)
    "The ": ("FIXCOPY_ARTICLE", ""),
    "deal. with": ("FIXCOPY_STRAY_PUNCTUATION", "deal with"),
    "for for": ("FIXCOPY_DUPLICATED_WORD", "for"),
    "helped": ("FIXCOPY_VERB_FORM", "help"),
    " ,": ("FIXCOPY_PUNCTUATION", ","),
    "extending": ("FIXCOPY_VERB_FORM", "extend"),
    "with with": ("FIXCOPY_DUPLICATED_WORD", "with"),
}
RULES_ONLY = Config(model=False)


@pytest.fixture(scope="module")
def url():
    with running(create_app(RULES_ONLY, max_text_length=20_000)) as base:
        yield base


@pytest.fixture(scope="module")
def tool(url, tmp_path_factory):
    # Where language-tool-python would download LanguageTool: it must stay empty.
    os.environ["LTP_PATH"] = str(tmp_path_factory.mktemp("ltp"))
    t = language_tool_python.LanguageTool("en-US", remote_server=url)
    yield t
    t.close()
    assert not os.listdir(os.environ.pop("LTP_PATH")), "something was downloaded"


def post(url: str, **params) -> httpx.Response:
    return httpx.post(f"{url}/v2/check", data=params, timeout=30)


def utf16_slice(text: str, offset: int, length: int) -> str:
    return text.encode("utf-16-le")[2 * offset : 2 * (offset + length)].decode("utf-16-le")


# -- the real client ---------------------------------------------------------------


def test_client_check_finds_the_garbles_at_the_right_places(tool):
    matches = tool.check(ARTICLE)
    found = {ARTICLE[m.offset : m.offset + m.error_length]: (m.rule_id, m.replacements[0]) for m in matches}
    assert found == EXPECTED
    for m in matches:
        assert m.category == m.rule_id.removeprefix("FIXCOPY_")
        assert m.rule_issue_type in ("grammar", "typographical", "duplication")
        assert m.message


def test_client_correct_repairs_the_article(tool):
    fixed = tool.correct(ARTICLE)
    assert fixed == (
        "ASTANA, Kazakhstan (AP) — Germany said on Monday it signed a deal with the union "
        "for the first time. 🎉 “We are pleased,” the minister said.\n\n"
        "Officials 🇰🇿 said they could help the talks, he said. 😀😀 It was decided to extend the "
        "plan with the bank.\n"
    )
    # The same text `fixcopy fix` makes.
    assert fixed == apply(ARTICLE, fixes(check_text(ARTICLE, RULES_ONLY), 0.8))


def test_client_rule_and_category_switches(tool):
    try:
        tool.disabled_rules = {"FIXCOPY_DUPLICATED_WORD"}
        assert {m.rule_id for m in tool.check(ARTICLE)} == {r for r, _ in EXPECTED.values()} - {
            "FIXCOPY_DUPLICATED_WORD"
        }
        tool.disabled_rules = set()
        tool.disable_spellchecking()  # sends disabledCategories=TYPOS, which fixcopy does not have
        tool.disabled_categories |= {"PUNCTUATION", "STRAY_PUNCTUATION"}
        assert {m.category for m in tool.check(ARTICLE)} == {"ARTICLE", "DUPLICATED_WORD", "VERB_FORM"}
        tool.disabled_categories = set()
        tool.enabled_categories = {"VERB_FORM"}
        tool.enabled_rules = {"FIXCOPY_ARTICLE", "MORFOLOGIK_RULE_EN_US"}
        tool.enabled_rules_only = True
        assert sorted(m.rule_id for m in tool.check(ARTICLE)) == [
            "FIXCOPY_ARTICLE",
            "FIXCOPY_VERB_FORM",
            "FIXCOPY_VERB_FORM",
        ]
    finally:
        tool.disabled_rules, tool.disabled_categories = set(), set()
        tool.enabled_rules, tool.enabled_categories, tool.enabled_rules_only = set(), set(), False


def test_client_languages(url, tool):
    assert tool.language == "en-US"
    for code in ("en", "en-GB", "auto"):
        other = language_tool_python.LanguageTool(code, remote_server=url)
        assert other.check("They could helped.")[0].replacements == ["help"]
    with pytest.raises(ValueError):
        language_tool_python.LanguageTool("de-DE", remote_server=url)


# -- the protocol, byte for byte -----------------------------------------------------


def test_offsets_and_lengths_are_utf16_units(url):
    body = post(url, text=ARTICLE, language="en-US").json()
    assert [utf16_slice(ARTICLE, m["offset"], m["length"]) for m in body["matches"]] == list(EXPECTED)
    to_u16 = utf16_index(ARTICLE)
    pos = ARTICLE.index("helped")
    m = next(m for m in body["matches"] if m["rule"]["id"] == "FIXCOPY_VERB_FORM")
    assert m["offset"] == to_u16(pos) == pos + 3  # 🎉, and the flag 🇰🇿 is two astral characters
    m = next(m for m in body["matches"] if utf16_slice(ARTICLE, m["offset"], m["length"]) == "with with")
    assert m["offset"] == ARTICLE.index("with with") + 3 + 2  # and two more emoji
    for m in body["matches"]:
        ctx = m["context"]
        assert utf16_slice(ctx["text"], ctx["offset"], ctx["length"]) == utf16_slice(
            ARTICLE, m["offset"], m["length"]
        ).replace("\n", " ")
        assert ctx["length"] == m["length"]


def test_response_has_languagetools_shape(url):
    body = post(url, text=ARTICLE, language="en-GB").json()
    assert set(body) >= {"software", "warnings", "language", "matches", "sentenceRanges"}
    assert body["software"]["apiVersion"] == 1
    assert body["warnings"] == {"incompleteResults": False}
    assert body["language"]["code"] == "en-GB" and body["language"]["name"] == "English (GB)"
    m = next(m for m in body["matches"] if m["rule"]["id"] == "FIXCOPY_DUPLICATED_WORD")
    assert set(m) >= {
        "message",
        "shortMessage",
        "replacements",
        "offset",
        "length",
        "context",
        "sentence",
        "type",
        "rule",
    }
    assert m["rule"] == {
        "id": "FIXCOPY_DUPLICATED_WORD",
        "description": "A word comes out twice",
        "issueType": "duplication",
        "category": {"id": "DUPLICATED_WORD", "name": "A word comes out twice"},
    }
    assert m["replacements"] == [{"value": "for"}]
    assert m["sentence"].startswith("The Germany said on Monday it signed a deal. with the union for for the first")
    assert m["type"] == {"typeName": "Other"}
    assert m["fixcopy"]["source"] == "rule" and 0 < m["fixcopy"]["confidence"] <= 1
    for a, b in body["sentenceRanges"]:
        assert 0 <= a < b <= len(ARTICLE.encode("utf-16-le")) // 2


def test_get_check_and_auto_language(url):
    r = httpx.get(f"{url}/v2/check", params={"text": "They could helped.", "language": "auto"})
    assert r.status_code == 200
    assert r.json()["language"]["code"] == "en-US"
    assert [m["replacements"] for m in r.json()["matches"]] == [[{"value": "help"}]]


def test_annotated_data_offsets_point_into_the_markup(url):
    annotation = [
        {"markup": "<p>"},
        {"text": "The 🎉 talks went on for for hours."},
        {"markup": "</p>", "interpretAs": "\n\n"},
        {"markup": "<p>"},
        {"text": "They could "},
        {"markup": "<b>"},
        {"text": "helped"},
        {"markup": "</b>"},
        {"text": " the union."},
        {"markup": "</p>"},
    ]
    original = "".join(a.get("text", a.get("markup")) for a in annotation)
    body = post(url, data=json.dumps({"annotation": annotation}), language="en-US").json()
    spans = [utf16_slice(original, m["offset"], m["length"]) for m in body["matches"]]
    assert spans == ["for for", "helped"]
    assert body["matches"][1]["sentence"] == "They could helped the union."
    # data with plain "text" works too
    body = post(url, data=json.dumps({"text": "It was for for now."}), language="en").json()
    assert [m["offset"] for m in body["matches"]] == [7]


def test_languages_healthcheck_and_maxtextlength(url):
    langs = httpx.get(f"{url}/v2/languages").json()
    assert {"name": "English (US)", "code": "en", "longCode": "en-US"} in langs
    assert all(lang["code"] == "en" for lang in langs)
    r = httpx.get(f"{url}/v2/healthcheck")
    assert (r.status_code, r.text) == (200, "OK")
    assert httpx.get(f"{url}/v2/maxtextlength").text == "20000"


# -- bad requests ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, status, message",
    [
        ({"language": "en-US"}, 400, "Error: Missing 'text' or 'data' parameter"),
        ({"text": "Hello."}, 400, "Error: Missing 'language' parameter"),
        ({"text": "Hallo.", "language": "de-DE"}, 400, "Error: 'de-DE' is not a language code known to LanguageTool"),
        ({"text": "x", "data": "{}", "language": "en"}, 400, "Error: Set only 'text' or 'data' parameter, not both"),
        ({"data": "{not json", "language": "en"}, 400, "Error: Could not parse JSON from 'data' parameter"),
        (
            {"data": '{"annotation": [{"text": "a", "markup": "<b>"}]}', "language": "en"},
            400,
            "Error: Only either 'text' or 'markup'",
        ),
        (
            {"text": "x", "language": "en", "enabledOnly": "true"},
            400,
            "Error: You must specify enabled rules or categories when using enabledOnly=true",
        ),
        (
            {
                "text": "x",
                "language": "en",
                "enabledOnly": "true",
                "enabledRules": "FIXCOPY_ARTICLE",
                "disabledRules": "FIXCOPY_VERB_FORM",
            },
            400,
            "Error: You cannot specify disabled rules or categories",
        ),
        ({"text": "x", "language": "en", "enabled": "FIXCOPY_ARTICLE"}, 400, "Error: You specified 'enabled'"),
        (
            {"text": "x", "language": "en-US", "preferredVariants": "en-GB"},
            400,
            "Error: You specified 'preferredVariants'",
        ),
        (
            {"text": "x" * 20_001, "language": "en"},
            413,
            "Error: Your text exceeds the limit of 20000 characters (it's 20001 characters). Please submit a shorter text.",
        ),
    ],
)
def test_bad_parameters_get_languagetools_status_and_message(url, params, status, message):
    r = post(url, **params)
    assert r.status_code == status
    assert r.text.startswith(message)
    assert r.headers["content-type"].startswith("text/plain")
    assert "\n" not in r.text.strip()


def test_bad_requests(url):
    r = httpx.post(f"{url}/v2/check", json={"text": "x", "language": "en"})
    assert r.status_code == 400 and "form-encoded" in r.text
    r = httpx.post(
        f"{url}/v2/check",
        content=b"text=%ff%fe&language=en",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 400
    r = httpx.post(
        f"{url}/v2/check",
        content=b"language=en&text=" + b"x" * 300_000,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 413 and r.text.startswith("Error: ")
    assert httpx.get(f"{url}/v2/nothing").status_code == 404
    assert httpx.get(f"{url}/v1/check").status_code == 404
    assert httpx.put(f"{url}/v2/check").status_code == 405
    assert httpx.post(f"{url}/v2/languages").status_code == 405
    # the server is still fine
    assert post(url, text="for for", language="en").status_code == 200


def test_client_sees_errors_as_exceptions(tool):
    with pytest.raises(language_tool_python.exceptions.LanguageToolError, match="exceeds the limit"):
        tool.check("x" * 20_001)


# -- queueing and batching ----------------------------------------------------------------


class GatedDetector:
    """A detector that waits for a gate, and records the batches it is given."""

    name = "gated"

    def __init__(self):
        self.gate = threading.Event()
        self.batches: list[int] = []

    def detect(self, docs, config):
        self.gate.wait(20)
        self.batches.append(len(docs))
        return [[Suggestion(0, 3, d.text[:3], None, "mistranslation", "gated", 0.9, "model")] for d in docs]


def test_requests_are_queued_batched_and_bounded():
    det = GatedDetector()
    app = create_app(RULES_ONLY, detectors=[det], max_queue=3)
    with running(app) as base:
        results: list[httpx.Response] = []
        threads = [
            threading.Thread(target=lambda i=i: results.append(post(base, text=f"Text {i} here.", language="en")))
            for i in range(3)
        ]
        threads[0].start()
        deadline = time.time() + 10
        while app.state.queue.waiting < 1 and time.time() < deadline:
            time.sleep(0.01)
        for t in threads[1:]:
            t.start()
        while app.state.queue.waiting < 3 and time.time() < deadline:
            time.sleep(0.01)
        # the queue is full: LanguageTool's 503, and the healthcheck says so
        busy = post(base, text="One more.", language="en")
        assert busy.status_code == 503 and busy.text.startswith("Error: There are currently too many parallel")
        assert httpx.get(f"{base}/v2/healthcheck").status_code == 503
        det.gate.set()
        for t in threads:
            t.join(20)
        assert [r.status_code for r in results] == [200, 200, 200]
        assert det.batches == [1, 2]  # the two that waited ran as one batch
        assert all(r.json()["matches"][0]["fixcopy"]["source"] == "model" for r in results)
        assert httpx.get(f"{base}/v2/healthcheck").status_code == 200


def test_a_failing_detector_is_a_500_not_a_dead_server():
    class Broken:
        name = "broken"

        def detect(self, docs, config):
            raise RuntimeError("model file is corrupt")

    with running(create_app(RULES_ONLY, detectors=[Broken()])) as base:
        r = post(base, text="Hello.", language="en")
        assert r.status_code == 500 and r.text == "Error: Internal Error: model file is corrupt"
        assert httpx.get(f"{base}/v2/healthcheck").status_code == 200


# -- the command -------------------------------------------------------------------------


def test_serve_command_listens_on_loopback_and_stops_on_ctrl_c(tmp_path):
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "fixcopy", "serve", "--port", "0", "--no-model"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    try:
        line = proc.stderr.readline()
        m = re.search(r"at (http://127\.0\.0\.1:(\d+))/v2/ \(rules only\)", line)
        assert m, line
        r = post(m.group(1), text="They could helped.", language="en-US")
        assert r.json()["matches"][0]["replacements"] == [{"value": "help"}]
        # the same port again: a one-line error, exit 2
        again = subprocess.run(
            [sys.executable, "-m", "fixcopy", "serve", "--port", m.group(2)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=60,
        )
        assert again.returncode == 2
        assert again.stderr.startswith(f"fixcopy: error: cannot listen on 127.0.0.1:{m.group(2)}: ")
        assert len(again.stderr.strip().splitlines()) == 1
    finally:
        proc.send_signal(2)  # SIGINT, as Ctrl-C
        assert proc.wait(20) == 0


def test_check_format_languagetool_json(tmp_path, fixcopy_cmd):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    g = tmp_path / "b.txt"
    g.write_text("They could helped.\n", encoding="utf-8")
    r = fixcopy_cmd("check", "--no-model", "--format", "languagetool-json", str(f), str(g))
    assert r.returncode == 1
    lines = r.stdout.decode().splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["path"] == str(f)
    assert [utf16_slice(ARTICLE, m["offset"], m["length"]) for m in first["matches"]] == list(EXPECTED)
    assert json.loads(lines[1])["matches"][0]["rule"]["id"] == "FIXCOPY_VERB_FORM"


def test_auto_with_preferred_variants(url):
    r = post(url, text="It was for for now.", language="auto", preferredVariants="de-DE,en-GB")
    assert r.json()["language"]["code"] == "en-GB"
    assert post(url, text="x", language="auto", preferredVariants="en").status_code == 400


# -- the offset mapping of annotated text, for any annotation ------------------------------

_chars = st.sampled_from(list("ab .\n") + ["🎉", "“", "é"])
_piece = st.one_of(
    st.builds(lambda t: {"text": t}, st.text(_chars, max_size=6)),
    st.builds(lambda m: {"markup": m}, st.text(st.sampled_from(list("<>/b")), max_size=4)),
    st.builds(
        lambda m, i: {"markup": m, "interpretAs": i},
        st.text(st.sampled_from(list("<>/p")), max_size=4),
        st.sampled_from(["", "\n\n", " "]),
    ),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_piece, max_size=8))
def test_annotated_offsets_map_text_to_the_same_characters(annotation):
    a = AnnotatedText.from_annotation(annotation)
    assert a.original == "".join(p.get("text", p.get("markup")) for p in annotation)
    for ps, pe, _os, _oe, is_text in a.segments:
        for p in range(ps, pe):
            if is_text:
                assert a.original[a.original_offset(p)] == a.plain[p]
                assert a.original[a.original_offset(p + 1, is_end=True) - 1] == a.plain[p]
    for p in range(len(a.plain) + 1):
        assert 0 <= a.original_offset(p) <= len(a.original)
        assert a.original_offset(p, is_end=True) <= len(a.original)


@given(st.text(_chars, max_size=30))
def test_utf16_and_code_point_indexes_are_inverse(text):
    to_u16, to_cp = utf16_index(text), code_point_index(text)
    for i in range(len(text) + 1):
        assert to_u16(i) == len(text[:i].encode("utf-16-le")) // 2
        assert to_cp(to_u16(i)) == i
