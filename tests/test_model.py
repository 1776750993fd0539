"""The real shipped model (fixcopy/models/): loading, batching, offsets, detection, CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import run_fixcopy

from fixcopy.categories import is_category
from fixcopy.config import Config
from fixcopy.document import Document
from fixcopy.model import MODELS_DIR, load_model, shipped_detector
from fixcopy.model.flags import FLAG_ONLY
from fixcopy.pipeline import check_documents

pytestmark = pytest.mark.skipif(not (MODELS_DIR / "detector" / "metadata.json").is_file(), reason="no shipped model")

CLEAN = (
    "The central bank raised interest rates by a quarter of a percentage point on Tuesday, "
    "its third increase this year."
)
# Garbles the model should see (spurious words, a doubled attribution, a date in source format).
GARBLED = {
    "is so that": "It is so that the talks failed on Monday, the minister said.",
    "which is": "The company said it was which is planning to cut 500 jobs.",
    "Ortega said": "“We will not give up,” he said. Ortega said after the vote.",
}


@pytest.fixture(scope="module")
def det():
    d = shipped_detector()
    assert d is not None
    return d


def test_shipped_files_small_and_loadable(det):
    size = sum(f.stat().st_size for f in MODELS_DIR.rglob("*") if f.is_file())
    assert size <= 40 * 1024 * 1024
    meta = json.loads((MODELS_DIR / "detector" / "metadata.json").read_text())
    assert meta["labels"][0] == "O" and all(is_category(c) for c in meta["labels"][1:])
    assert det.name == "model" and shipped_detector() is det  # cached per process
    assert load_model("detector") is det and det.folder == MODELS_DIR / "detector"


def test_each_model_folder_is_self_contained(det, tmp_path):
    """A model's folder alone (weights, vocabulary, head, SentencePiece model, metadata) loads."""
    import shutil

    from fixcopy.model.detector import ModelDetector

    shutil.copytree(MODELS_DIR / "detector", tmp_path / "detector")
    alone = ModelDetector(tmp_path / "detector")
    text = "He signed a deal with the union for for the first time."
    assert [f.start for f in alone.flags([text])[0]] == [f.start for f in det.flags([text])[0]]
    assert alone.rewriter() is None and load_model("detector", tmp_path / "none") is None
    assert load_model("detector", tmp_path).folder == (tmp_path / "detector").resolve()
    if (MODELS_DIR / "rewriter" / "metadata.json").is_file():
        shutil.copytree(MODELS_DIR / "rewriter", tmp_path / "rewriter")
        rw = load_model("rewriter", tmp_path)
        assert rw.folder == (tmp_path / "rewriter").resolve() and alone.rewriter() is rw
        item = [(text, 36, 43, "duplicated-word")]
        assert rw.generate(item) == det.rewriter().generate(item)
    with pytest.raises(ValueError):
        load_model("tokenizer")


def test_clean_sentences_not_flagged(det):
    docs = [Document(CLEAN), Document("Shares in the company rose 3 percent in early trading in London.")]
    assert det.detect(docs, Config()) == [[], []]


def test_detects_garbles_with_exact_offsets(det):
    text = "\n\n".join(GARBLED.values()) + "\n"
    doc = Document(text)
    sugs = det.detect([doc], Config())[0]
    assert sugs, "the model flagged none of the garbled sentences"
    for s in sugs:
        assert text[s.start : s.end] == s.text and s.text.strip()
        if s.replacement is None:
            assert s.text == s.text.strip()
        elif s.replacement == "":  # a deletion takes the space before the deleted words with it
            assert s.text[0] == " " and s.category in ("duplicated-word", "article", "split-attribution")
        assert s.category not in FLAG_ONLY or s.replacement is None
        assert s.source == "model" and is_category(s.category)
        assert 0.5 <= s.confidence <= 1.0
        # whole words: a flag never starts or ends inside a word
        assert not (s.start > 0 and text[s.start - 1].isalnum() and text[s.start].isalnum())
        assert not (s.end < len(text) and text[s.end - 1].isalnum() and text[s.end].isalnum())
    hit = [
        key for key in GARBLED if any(s.start <= text.find(key) + len(key) and text.find(key) <= s.end for s in sugs)
    ]
    assert len(hit) >= 2, (hit, [(s.text, s.category, s.confidence) for s in sugs])


def test_one_batched_call_for_a_whole_run(det, monkeypatch):
    calls = []
    real = det.encoder.forward_batch

    def spy(batch, *a, **k):
        calls.append(len(batch))
        return real(batch, *a, **k)

    monkeypatch.setattr(det, "encoder", type("E", (), {"forward_batch": staticmethod(spy)})())
    docs = [Document(CLEAN + " " + g) for g in GARBLED.values()] + [Document("ASTANA, Kazakhstan (AP) — " + CLEAN)]
    out = det.detect(docs, Config())
    assert len(out) == len(docs)
    assert calls == [sum(len(d.sentences) for d in docs)]  # every sentence of every doc, one call


def test_offsets_survive_typography_and_accents(det):
    text = "“Zelenskyy’s deal — signed in São Paulo — is the best one,” Kassym-Jomart Tokayev said.\n"
    doc = Document(text)
    ((probs, spans),) = det.piece_probs([text])
    assert spans[-1][1] == len(text) and all(a <= b for a, b in spans)
    # the pieces tile the text: the byte pieces of one character share its span
    distinct = [sp for k, sp in enumerate(spans) if k == 0 or sp != spans[k - 1]]
    assert "".join(text[a:b] for a, b in distinct) == text
    for s in det.detect([doc], Config(min_confidence=0.0))[0]:
        assert text[s.start : s.end] == s.text


def test_pipeline_merges_rules_first(det):
    text = "The talks with with the union ended. It is so that the talks failed on Monday.\n"
    doc = Document(text)
    sugs = check_documents([doc], Config(), [det])[0]
    rule = [s for s in sugs if s.source == "rule"]
    assert any(s.category == "duplicated-word" for s in rule)
    assert any(s.source == "model" for s in sugs)
    for m in (s for s in sugs if s.source == "model"):
        assert not any(m.start < r.end and r.start < m.end for r in rule)


def test_cli_uses_model_and_no_model_skips_it(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("\n\n".join(GARBLED.values()) + "\n", encoding="utf-8")
    with_model = subprocess.run(
        [sys.executable, "-m", "fixcopy", "check", "--format", "json", str(f)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    without = subprocess.run(
        [sys.executable, "-m", "fixcopy", "check", "--no-model", "--format", "json", str(f)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert with_model.returncode in (0, 1) and without.returncode in (0, 1)
    assert '"model"' in with_model.stdout
    assert '"model"' not in without.stdout


ATTRIBUTION = (
    "“I knew at 30 kilometres that I could win, so I decided to go on the hill,” Kiprono told "
    "reporters, she said. “After that, I was only racing the clock.”\n"
)


def test_fix_applies_a_model_fix_and_keeps_unsure_flags_as_flags(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(
        ATTRIBUTION + "The bank said it are raising its lending rate from Monday.\n"
        "The company said it was which is planning to cut 500 jobs.\n",
        encoding="utf-8",
    )
    r = subprocess.run(
        [sys.executable, "-m", "fixcopy", "check", "--format", "json", str(f)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    sugs = {s["category"]: s for s in json.loads(r.stdout)["files"][0]["suggestions"] if s["source"] == "model"}
    # the split attribution is deleted with its comma; the agreement and the spurious words are
    # flags without a fix (the rewriter knows "is" but is not trusted with agreement: it flips
    # verbs that were right just as readily)
    assert sugs["split-attribution"]["text"] == ", she said" and sugs["split-attribution"]["replacement"] == ""
    assert sugs["agreement"]["text"] == "are" and sugs["agreement"]["replacement"] is None
    assert sugs["spurious-words"]["replacement"] is None
    r = subprocess.run(
        [sys.executable, "-m", "fixcopy", "fix", "--min-confidence", "0.5", str(f)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.stdout == (
        ATTRIBUTION.replace("reporters, she said.", "reporters.")
        + "The bank said it are raising its lending rate from Monday.\n"
        "The company said it was which is planning to cut 500 jobs.\n"
    ), (r.stdout, r.stderr)


def test_check_does_not_import_torch():
    code = (
        "import sys, io; from fixcopy.reporting import check_paths; from fixcopy.options import Options; "
        "import tempfile, os; p = tempfile.mktemp(suffix='.txt'); "
        "open(p, 'w').write('It said yesterday the minister.\\n'); "
        "check_paths([p], Options(), out=io.StringIO(), err=io.StringIO()); "
        "print('torch' in sys.modules, 'transformers' in sys.modules)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "False False", r.stderr


# Good English that the model took for inserted words (sentences of the same shape as the
# false flags it raised on clean BBC and WMT news).
EVERYDAY = (
    "The country's thirst for oil is so strong that it has pushed up prices, analysts said.\n\n"
    "The group raised 2 billion yen in fresh backing, half of it from other companies in the group.\n\n"
    '"He would be perfect for it," the coach told reporters.\n\n'
    '"The more the merrier," he says.\n'
)


def test_fix_never_deletes_words_the_model_takes_for_spurious(tmp_path):
    """Spurious-word flags carry no fix: `fix` leaves good English that looks like an
    insertion alone, whatever the model thinks of it."""
    path = tmp_path / "story.txt"
    path.write_text(EVERYDAY, encoding="utf-8")
    r = run_fixcopy("fix", "--min-confidence", "0", str(path))
    assert r.returncode == 0 and r.stdout.decode("utf-8") == EVERYDAY
    r = run_fixcopy("check", "-f", "json", "--min-confidence", "0", str(path))
    sugs = json.loads(r.stdout)["files"][0]["suggestions"]
    assert all(s["replacement"] is None for s in sugs if s["category"] == "spurious-words")


def test_a_doubled_word_flag_on_a_single_word_gets_no_fix(det):
    """A "duplicated-word" flag deletes only a word that stands twice; the rewriter is not asked
    to delete a lone word (it would: "legislated for in March" -> "legislated for March")."""
    from fixcopy.model.flags import Flag, with_fix

    text = "The tax was legislated for in March, officials said."
    i = text.index(" in ") + 1
    lone = with_fix(text, Flag(i, i + 2, "duplicated-word", 0.99))
    assert lone.replacement is None
    assert det.add_replacements([text], [[lone]]) == [[lone]]
    doubled = "The tax was legislated for for March, officials said."
    j = doubled.index("for for") + 4
    assert with_fix(doubled, Flag(j, j + 3, "duplicated-word", 0.99)).replacement == ""
