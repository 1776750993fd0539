"""Issue 14, part A: nothing crashes, one bad input never spoils the rest.

Model inputs respect the model's limits by construction; a model flag is a span at any
threshold; one failing article (or HTTP request) costs only itself; an internal error
exits 3 with one line; checking many files streams.

Poisoned inputs: after the fixes here no real input makes the model path raise any more
(the inputs that did, long tokens, are tested below as real inputs). The isolation tests
therefore inject a failure through FIXCOPY_FAIL_MARKER (see fixcopy/batching.py): a document
containing the marker makes its detector batch raise, exactly where a model failure would.
"""

from __future__ import annotations

import logging
import random
import threading
from pathlib import Path

import httpx
import pytest
from conftest import CORPORA, run_fixcopy

from fixcopy.batching import FAIL_MARKER_ENV, Failure, isolate
from fixcopy.checking import check_articles
from fixcopy.config import Config
from fixcopy.document import Document
from fixcopy.exits import EXIT_INTERNAL
from fixcopy.files import Article
from fixcopy.languagetool.server import create_app, running
from fixcopy.model import MODELS_DIR
from fixcopy.pipeline import check_documents

HAVE_MODEL = (MODELS_DIR / "detector" / "metadata.json").is_file()
needs_model = pytest.mark.skipif(not HAVE_MODEL, reason="no shipped model")


def hex_story() -> str:
    rnd = random.Random(3)
    return (
        "The transaction hash was "
        + "".join(rnd.choice("0123456789abcdef") for _ in range(300))
        + " according to the exchange, officials said on Tuesday.\n"
    )


def cyrillic_story() -> str:
    rnd = random.Random(1)
    return (
        "Officials said the code "
        + "".join(rnd.choice("абвгдежзийклмнопрстуфхцчшщыэюя") for _ in range(400))
        + " was used to the attack.\n"
    )


def wire_story() -> str:
    """An ordinary wire story of about 700 words (two of the clean samples)."""
    files = sorted((CORPORA / "clean").glob("*.txt"))
    return files[0].read_text() + "\n" + LONG_SENTENCE + "\n\n" + files[1].read_text()


# An ordinary sentence of 66 words (the old rewriter input overran its 128 positions at 0).
LONG_SENTENCE = (
    "The finance ministry said on Tuesday that the government, which has been under pressure from "
    "opposition lawmakers, trade unions and several regional governors since the budget was first "
    "presented to parliament in late September, would review the proposed cuts to pensions, public "
    "sector wages and fuel subsidies before a final vote expected next month, although officials "
    "declined to say which of the measures might be dropped."
)


@pytest.fixture(scope="module")
def det():
    from fixcopy.model import shipped_detector

    return shipped_detector()


# -- 1. the models' position limits ------------------------------------------------------------


@needs_model
@pytest.mark.parametrize(
    "text,threshold",
    [(hex_story(), 0.3), (cyrillic_story(), 0.5), (wire_story(), 0.0)],
    ids=["hex-token", "cyrillic-token", "wire-story-at-0"],
)
def test_long_spans_and_tokens_never_overrun_the_models(det, text, threshold):
    doc = Document(text)
    [sugs] = check_documents([doc], Config(min_confidence=threshold), [det])
    for s in sugs:
        assert text[s.start : s.end] == s.text


@needs_model
def test_rewriter_inputs_fit_its_positions_by_construction(det):
    from fixcopy.model.rewriter import encode_source, make_input

    rw = det.rewriter()
    if rw is None:
        pytest.skip("no shipped rewriter")
    for text, (a, b) in [
        (hex_story(), (25, 325)),
        (cyrillic_story(), (24, 424)),
        (wire_story(), (0, 2000)),
        ("word " * 400, (1000, 1004)),
        ("x" * 5000, (0, 5000)),
    ]:
        ids = encode_source(rw.pieces, make_input(text, a, b, "word-order"), rw.max_src_pieces)
        assert 0 < len(ids) <= rw.max_src_pieces <= rw.max_positions
    # and a real call with a huge span: no replacement, no exception
    out = rw.rewrite([(hex_story(), 25, 325, "mistranslation"), (wire_story(), 0, 1500, "word-order")])
    assert [r.replacement for r in out] == [None, None]


@needs_model
def test_detector_windows_fit_its_positions(det, monkeypatch):
    seen = []
    real = det.forward

    def spy(batch):
        seen.extend(len(ids) for ids in batch)
        return real(batch)

    monkeypatch.setattr(det, "forward", spy)
    texts = [cyrillic_story() * 5, "one two " * 700, ""]
    out = det.piece_probs(texts)
    assert seen and max(seen) <= det.max_positions
    for t, (probs, spans) in zip(texts, out):
        assert len(probs) == len(spans) and (not spans or spans[-1][1] <= len(t))


@needs_model
def test_cli_check_and_fix_on_a_long_token_do_not_crash(tmp_path):
    hexf = tmp_path / "hex.txt"
    hexf.write_text(hex_story())
    cyr = tmp_path / "cyr.txt"
    cyr.write_text(cyrillic_story())
    story = tmp_path / "story.txt"
    story.write_text(wire_story())
    for args in (
        ["check", "--min-confidence", "0.3", str(hexf)],
        ["check", str(cyr)],
        ["check", "--min-confidence", "0", str(story)],
        ["fix", "--min-confidence", "0", str(story)],
    ):
        r = run_fixcopy(*args)
        assert r.returncode in (0, 1), (args, r.stderr.decode())
        assert b"Traceback" not in r.stderr and b"RuntimeError" not in r.stderr


# -- 4. a span flag is a span, at any threshold -----------------------------------------------


@needs_model
def test_min_confidence_zero_gives_spans_not_sentences(det):
    from fixcopy.model.flags import MAX_SPAN_WORDS

    text = wire_story()
    doc = Document(text)
    sugs = det.detect([doc], Config(min_confidence=0.0))[0]
    assert sugs
    for s in sugs:
        assert len(s.text.split()) <= MAX_SPAN_WORDS, s.text
    # no flag is a whole sentence of more than MAX_SPAN_WORDS words (as one was before)
    long_sentences = {(s.start, s.end) for s in doc.sentences if len(text[s.start : s.end].split()) > MAX_SPAN_WORDS}
    assert not any((x.start, x.end) in long_sentences for x in sugs)
    assert all(0.0 <= x.confidence <= 1.0 for x in sugs)


# -- 2. one bad input costs only itself --------------------------------------------------------


def test_isolate_bisects_to_the_failing_items():
    calls = []

    def run(items):
        calls.append(list(items))
        if any(i in (3, 11) for i in items):
            raise ValueError(f"bad item in {items}")
        return [i * 10 for i in items]

    out = isolate(run, list(range(16)))
    assert [o for o in out if not isinstance(o, Failure)] == [i * 10 for i in range(16) if i not in (3, 11)]
    assert isinstance(out[3], Failure) and isinstance(out[11], Failure)
    assert "ValueError" in out[3].message
    assert len(calls) <= 1 + 2 * 2 * 4  # bisection, not one call per item


def articles_200(tmp_path: Path, poisoned: int = 3) -> tuple[list[Path], list[Path]]:
    """200 articles made from the sample stories (each paragraph shuffled into new stories),
    ``poisoned`` of them carrying the failure marker."""
    paras = []
    for f in sorted((CORPORA / "clean").glob("*.txt")) + sorted((CORPORA / "garbled").glob("*.txt")):
        paras += [p for p in f.read_text().split("\n\n") if p.strip()]
    rnd = random.Random(7)
    folder = tmp_path / "articles"
    folder.mkdir()
    files = []
    for i in range(200):
        path = folder / f"story-{i:03d}.txt"
        path.write_text("\n\n".join(rnd.sample(paras, 4)).strip() + "\n")
        files.append(path)
    bad = [files[17], files[101], files[188]][:poisoned]
    for p in bad:
        p.write_text(p.read_text() + "\nPOISON-PILL here.\n")
    return files, bad


def test_200_articles_with_3_poisoned_give_197_results_and_3_errors(tmp_path):
    files, bad = articles_200(tmp_path)
    r = run_fixcopy(
        "check", "--no-model", "-f", "json", str(tmp_path / "articles"), env={FAIL_MARKER_ENV: "POISON-PILL"}
    )
    import json

    assert r.returncode == EXIT_INTERNAL, r.stderr.decode()
    report = json.loads(r.stdout)
    paths = {f["path"] for f in report["files"]}
    assert len(paths) == 197 and not paths & {str(p) for p in bad}
    errs = r.stderr.decode().splitlines()
    internal = [e for e in errs if "internal error" in e]
    assert len(internal) == 3
    for p in bad:
        assert sum(str(p) in e for e in internal) == 1
    # the good ones got the same results as without the poisoned ones
    clean = run_fixcopy("check", "--no-model", "-f", "json", *[str(f) for f in files if f not in bad])
    assert json.loads(clean.stdout)["files"] == report["files"]


def test_check_articles_isolates_a_failing_detector_batch(monkeypatch):
    monkeypatch.setenv(FAIL_MARKER_ENV, "POISON")
    arts = [
        (
            Article(f"a{i}.txt", f"The talks went on for for hours {'POISON' if i == 2 else ''}.\n", False),
            Config(model=False),
        )
        for i in range(5)
    ]
    out = check_articles(arts)
    assert [c.article.path for c in out] == [f"a{i}.txt" for i in range(5)]
    assert [c.failure is not None for c in out] == [False, False, True, False, False]
    assert all(c.suggestions for c in out if c.failure is None)


@needs_model
def test_model_run_isolates_a_poisoned_article(tmp_path):
    files, bad = articles_200(tmp_path, poisoned=1)
    sub = tmp_path / "few"
    sub.mkdir()
    for f in files[10:20]:
        (sub / f.name).write_bytes(f.read_bytes())
    r = run_fixcopy("check", str(sub), env={FAIL_MARKER_ENV: "POISON-PILL"})
    assert r.returncode == EXIT_INTERNAL
    err = r.stderr.decode()
    assert err.count("internal error") == 1 and "story-017.txt" in err
    assert r.stdout.count(b"story-0") >= 5  # the others were reported


def test_server_gives_200_to_good_requests_beside_a_poisoned_one(monkeypatch, caplog):
    monkeypatch.setenv(FAIL_MARKER_ENV, "POISON")
    app = create_app(Config(model=False), detectors=[], max_batch=16)
    good = "The minister said on Monday that the talks went on for for hours."
    with running(app) as base, caplog.at_level(logging.ERROR, logger="fixcopy"):
        for _ in range(3):
            results: dict[int, httpx.Response] = {}

            def call(i: int, results: dict = results) -> None:
                text = "POISON in this one." if i == 6 else f"{good} ({i})"
                results[i] = httpx.post(f"{base}/v2/check", data={"text": text, "language": "en-US"}, timeout=30)

            threads = [threading.Thread(target=call, args=(i,)) for i in range(7)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            assert [results[i].status_code for i in range(6)] == [200] * 6
            assert all(results[i].json()["matches"] for i in range(6))
            assert results[6].status_code == 500
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged and all("POISON" in r.getMessage() or "injected" in r.getMessage() for r in logged)


# -- 3. exit codes -----------------------------------------------------------------------------


def test_internal_error_exits_3_with_one_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("One POISON here.\n")
    r = run_fixcopy("fix", "--no-model", str(path), env={FAIL_MARKER_ENV: "POISON"})
    assert r.returncode == EXIT_INTERNAL == 3
    lines = r.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("fixcopy: internal error: ") and "report" in lines[0]
    r = run_fixcopy("fix", "--no-model", str(path), env={FAIL_MARKER_ENV: "POISON", "FIXCOPY_DEBUG": "1"})
    assert r.returncode == 3 and b"Traceback" in r.stderr
    r = run_fixcopy("--debug", "fix", "--no-model", str(path), env={FAIL_MARKER_ENV: "POISON"})
    assert r.returncode == 3 and b"Traceback" in r.stderr


def test_a_crash_in_check_is_not_exit_1_and_leaves_no_sarif_that_passes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("One POISON here.\n")
    r = run_fixcopy("check", "--no-model", "-f", "sarif", str(path), env={FAIL_MARKER_ENV: "POISON"})
    assert r.returncode == 3
    assert b"internal error" in r.stderr and b"a.txt" in r.stderr


@pytest.mark.parametrize(
    "args,needle",
    [
        (["check", "--min-confidence", "7", "x.txt"], "--min-confidence"),
        (["check", "--bogus"], "--bogus"),
        (["nosuchcommand"], "nosuchcommand"),
        (["check", "--disable", "nonsense", "x.txt"], "nonsense"),
    ],
)
def test_usage_errors_are_one_fixcopy_error_line_exit_2(args, needle):
    r = run_fixcopy(*args)
    assert r.returncode == 2
    err = r.stderr.decode()
    first = err.splitlines()[0]
    assert first.startswith("fixcopy: error: ") and needle in first, err
    assert "╭" not in err and "│" not in err


def test_serve_command_logs_a_failed_request_on_stderr(tmp_path):
    import os
    import re
    import subprocess
    import sys

    env = {**os.environ, "NO_COLOR": "1", FAIL_MARKER_ENV: "POISON"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "fixcopy", "serve", "--port", "0", "--no-model"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    try:
        m = re.search(r"at (http://127\.0\.0\.1:\d+)/v2/", proc.stderr.readline())
        assert m
        bad = httpx.post(f"{m.group(1)}/v2/check", data={"text": "A POISON pill.", "language": "en-US"}, timeout=30)
        good = httpx.post(
            f"{m.group(1)}/v2/check", data={"text": "They could helped.", "language": "en-US"}, timeout=30
        )
        assert bad.status_code == 500 and good.status_code == 200
    finally:
        proc.send_signal(2)
        assert proc.wait(20) == 0
    log = proc.stderr.read()
    assert "check failed for a request" in log and "injected failure" in log


@needs_model
def test_server_with_the_model_answers_a_60_word_sentence_at_0(det):
    app = create_app(Config(min_confidence=0.0), detectors=[det])
    with running(app) as base:
        r = httpx.post(f"{base}/v2/check", data={"text": LONG_SENTENCE, "language": "en-US"}, timeout=60)
        assert r.status_code == 200, r.text


@needs_model
def test_staged_commit_with_min_confidence_0_in_the_config(tmp_path, isolated_git):
    import subprocess

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "fixcopy.toml").write_text("min-confidence = 0\nblock-min-confidence = 0\n")
    (tmp_path / "story.txt").write_text(wire_story())
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    r = run_fixcopy("check", "--staged", cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr.decode()
    assert b"internal error" not in r.stderr and b"Traceback" not in r.stderr


def test_block_mode_reports_the_others_and_exits_3(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The talks went on for for hours, officials said.\n")
    bad = tmp_path / "bad.txt"
    bad.write_text("A POISON pill.\n")
    r = run_fixcopy("check", "--block", "--no-model", str(tmp_path), env={FAIL_MARKER_ENV: "POISON"})
    assert r.returncode == EXIT_INTERNAL
    assert b"good.txt" in r.stdout and b"bad.txt" not in r.stdout
    err = r.stderr.decode()
    assert "internal error: " in err and "bad.txt" in err and "commit blocked: 1 garble" in err


@needs_model
def test_a_long_document_goes_through_the_model_in_chunks_with_the_same_results(det, monkeypatch):
    import fixcopy.model.detector as detector

    text = "\n\n".join(f.read_text() for f in sorted((CORPORA / "garbled").glob("*.txt"))[:3])
    docs = [Document(text), Document(wire_story())]
    whole = det.detect(docs, Config(min_confidence=0.3))
    calls = []
    real = det.flags

    def spy(texts, *a, **k):
        calls.append(len(texts))
        return real(texts, *a, **k)

    monkeypatch.setattr(detector, "DETECT_CHUNK", 7)
    monkeypatch.setattr(det, "flags", spy)

    def key(results):  # batch shapes may move a confidence in its last digit, not a span
        return [[(x.start, x.end, x.category, x.replacement) for x in r] for r in results]

    assert key(det.detect(docs, Config(min_confidence=0.3))) == key(whole)
    assert len(calls) > 3 and max(calls) == 7
