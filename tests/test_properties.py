"""Properties of `check` and `fix` on arbitrary input (hypothesis), with and without the model.

Arbitrary Unicode, very long sentences and tokens, mixed line endings, BOMs, control characters
and emoji, at thresholds from 0 to 1: no exception; every suggestion's offsets lie inside the text
(text[start:end] == s.text); applying the fixes changes nothing outside the suggested spans; `fix`
is idempotent where its second run finds nothing new. Through the core API (many examples), the
real CLI (a few), the real server on 127.0.0.1 (offsets valid in UTF-16, never a 500) and
`check --staged` in a real git repository. Bounded to stay well under a minute.
"""

from __future__ import annotations

import json
import subprocess

import httpx
import pytest
from conftest import run_fixcopy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fixcopy.config import Config
from fixcopy.document import Document
from fixcopy.languagetool.server import create_app, running
from fixcopy.model import MODELS_DIR, shipped_detector
from fixcopy.pipeline import check_documents, fixes
from fixcopy.suggestion import apply

HAVE_MODEL = (MODELS_DIR / "detector" / "metadata.json").is_file()
QUICK = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

WORDS = [
    "the",
    "The",
    "a",
    "an",
    "for",
    "for",
    "with",
    "said",
    "on",
    "Monday",
    "officials",
    "minister",
    "deal.",
    "deal",
    "talks",
    "to",
    "extending",
    "helped",
    "could",
    "it",
    "was",
    "is",
    "that",
    "that",
    "Germany",
    "U.S.",
    "p.m.",
    "Mr.",
    "3-1",
    "1,200",
    "-based",
    ",",
    ".",
    "“",
    "”",
    "'s",
    "—",
    "(AP)",
]
ODD = [
    "😀",
    "🇰🇿",
    "👨\u200d👩\u200d👧",
    "\u200d",
    "\u200b",
    "\ufeff",
    "\u00a0",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\t",
    "\x00",
    "\x07",
    "\x1b",
    "\x0c",
    "\u2028",
    "\u2029",
    "e\u0301",
    "\U0001d400",
    "ﬁ",
    "İ",
    "ß",
    "\x85",
]
SEPS = [" ", " ", " ", "", "\n", ", ", ". ", "\r\n", "\r\n\r\n", "  "]

token = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS),
    st.sampled_from(ODD),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=8),
    st.text("0123456789abcdef", min_size=40, max_size=400),  # a hash
    st.text("абвгдежзийклмнопрстуфхцчшщыэюя", min_size=50, max_size=450),  # a long foreign token
)
pieces = st.lists(st.tuples(token, st.sampled_from(SEPS)), max_size=60).map(lambda xs: "".join(a + b for a, b in xs))
long_sentence = st.lists(st.sampled_from(WORDS[:30]), min_size=80, max_size=350).map(" ".join)
texts = st.tuples(st.booleans(), st.lists(st.one_of(pieces, pieces, long_sentence), min_size=1, max_size=3)).map(
    lambda t: ("\ufeff" if t[0] else "") + "\n\n".join(t[1])
)
thresholds = st.one_of(st.sampled_from([0.0, 0.5, 0.8, 1.0]), st.floats(0, 1))


@pytest.fixture(scope="module")
def model():
    """The shipped detector, loaded once (None without a shipped model)."""
    return shipped_detector() if HAVE_MODEL else None


def check(text: str, threshold: float, detectors) -> list:
    cfg = Config(min_confidence=threshold, model=bool(detectors))
    return check_documents([Document(text)], cfg, detectors)[0]


def assert_valid(text: str, sugs) -> None:
    for s in sugs:
        assert 0 <= s.start <= s.end <= len(text), s
        assert text[s.start : s.end] == s.text, s


def assert_only_spans_changed(text: str, edits, fixed: str) -> None:
    """Every character outside the edited spans is in ``fixed``, in place."""
    pos = out = 0
    for e in sorted(edits, key=lambda e: e.start):
        gap = text[pos : e.start]
        assert fixed[out : out + len(gap)] == gap
        out += len(gap) + len(e.replacement)
        pos = e.end
    assert fixed[out:] == text[pos:]


def fix_twice(text: str, threshold: float, detectors) -> None:
    sugs = check(text, min(threshold, 0.5), detectors)
    assert_valid(text, sugs)
    edits = fixes(sugs, threshold)
    fixed = apply(text, edits)
    assert_only_spans_changed(text, edits, fixed)
    again = fixes(check(fixed, min(threshold, 0.5), detectors), threshold)
    if not again:  # nothing new to fix: a second run gives the same text
        assert apply(fixed, again) == fixed
    # what was fixed is not offered again at the same place
    applied = {(e.start, e.replacement) for e in edits}
    assert not any(e.text == e.replacement for e in again)
    assert len(applied) == len(edits)


@settings(QUICK, max_examples=100)
@given(texts, thresholds)
def test_rules_never_crash_and_keep_offsets(text, threshold):
    fix_twice(text, threshold, [])
    assert_valid(text, check(text, threshold, []))


@pytest.mark.skipif(not HAVE_MODEL, reason="no shipped model")
@settings(QUICK, max_examples=30)
@given(text=texts, threshold=thresholds)
def test_model_never_crashes_and_keeps_offsets(model, text, threshold):
    sugs = check(text, threshold, [model])
    assert_valid(text, sugs)
    fix_twice(text, threshold, [model])


# -- the real CLI ------------------------------------------------------------------------------


@settings(QUICK, max_examples=3)
@given(text=texts, threshold=thresholds, use_model=st.booleans())
def test_cli_check_and_fix(text, threshold, use_model):
    data = text.encode("utf-8")
    assume(data.strip() and b"\x00" not in data)  # empty and binary input are input errors (exit 2)
    extra = [] if use_model and HAVE_MODEL else ["--no-model"]
    r = run_fixcopy("check", "-f", "json", "--min-confidence", repr(threshold), *extra, "-", input=data)
    assert r.returncode in (0, 1), r.stderr.decode()
    body = text.removeprefix("\ufeff")
    [f] = json.loads(r.stdout)["files"]
    assert_valid(body, [type("S", (), s) for s in f["suggestions"]])
    once = run_fixcopy("fix", "--min-confidence", repr(threshold), *extra, "-", input=data)
    assert once.returncode == 0, once.stderr.decode()
    twice = run_fixcopy("fix", "--min-confidence", repr(threshold), *extra, "-", input=once.stdout)
    assert twice.returncode == 0
    if once.stdout == data:  # nothing was fixed: the output is the input, byte for byte
        assert twice.stdout == data


# -- the real server ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(model):
    app = create_app(Config(min_confidence=0.0), detectors=[model] if model else [], max_text_length=50_000)
    with running(app) as base:
        yield base


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


@settings(QUICK, max_examples=20)
@given(text=texts)
def test_serve_offsets_are_valid_utf16_and_never_500(server, text):
    r = httpx.post(f"{server}/v2/check", data={"text": text, "language": "en-US"}, timeout=60)
    assert r.status_code != 500, r.text
    assert r.status_code == 200, r.text
    units = text.encode("utf-16-le")
    for m in r.json()["matches"]:
        a, n = m["offset"], m["length"]
        assert 0 <= a and a + n <= utf16_len(text)
        units[2 * a : 2 * (a + n)].decode("utf-16-le")  # no surrogate pair cut in two
        units[: 2 * a].decode("utf-16-le")


# -- check --staged in a real git repository ---------------------------------------------------


@settings(QUICK, max_examples=3)
@given(text=texts)
def test_check_staged_in_a_real_repository(isolated_git_repo, text):
    repo = isolated_git_repo
    (repo / "story.txt").write_bytes(text.encode("utf-8"))
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, capture_output=True)
    r = run_fixcopy("check", "--staged", "--min-confidence", "0", cwd=repo)
    assert r.returncode in (0, 1, 2), r.stderr.decode()
    assert b"Traceback" not in r.stderr and b"internal error" not in r.stderr
    if r.returncode == 2:  # only an input error: the staged file is not an article
        assert b"\x00" in text.encode() or not text.strip() or b"fixcopy: error:" in r.stderr


@pytest.fixture(scope="module")
def isolated_git_repo(tmp_path_factory):
    import os

    repo = tmp_path_factory.mktemp("repo")
    env = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    yield repo
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
