"""`fixcopy eval --lm`: the language model on MLQE-style MT with post-edits (fixcopy/training/lm_eval.py)."""

from __future__ import annotations

import json

import pytest

from fixcopy.training.lm_eval import changed_spans, mlqe_report, word_distance

ROWS = [
    {
        "mt": "Officials said the hearings of confirmation would begin on Monday.",
        "pe": "Officials said the confirmation hearings would begin on Monday.",
    },
    {"mt": "The talks ended on Friday.", "pe": "The talks ended on Friday."},
    {"mt": "He arrived to the city late.", "pe": "He arrived in the city late."},
]


def test_changed_spans_and_distance():
    mt, pe = ROWS[2]["mt"], ROWS[2]["pe"]
    assert [mt[a:b] for a, b in changed_spans(mt, pe)] == ["to"]
    assert word_distance(mt, pe) == 1
    assert changed_spans(ROWS[1]["mt"], ROWS[1]["pe"]) == []


@pytest.fixture
def ape(tmp_path):
    (tmp_path / "mlqe_pe_ro-en_dev.jsonl").write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    return tmp_path


def test_without_the_model_the_report_says_so(ape):
    lines: list[str] = []
    mlqe_report(ape, ("ro-en",), out=lines.append)
    assert lines == ["MLQE-PE / language model: skipped (not installed: run `fixcopy model install`)"]


def test_the_report_with_the_real_model(ape, lm_dir, monkeypatch):
    from fixcopy.lm.detector import shipped_lm_detector

    monkeypatch.setenv("FIXCOPY_MODEL_DIR", str(lm_dir.parent))
    shipped_lm_detector.cache_clear()
    try:
        lines: list[str] = []
        mlqe_report(ape, ("ro-en",), show=True, out=lines.append)
    finally:
        shipped_lm_detector.cache_clear()
    text = "\n".join(lines)
    assert lines[0].startswith("ro-en: 3 sentences, 21 words, ") and "LM word AUC" in lines[0], text
    without = next(x for x in lines if "fix without LM" in x)
    with_lm = next(x for x in lines if "fix with LM" in x)
    assert "changed 0 of 1 untouched sentences" in without and "changed 0 of 1 untouched" in with_lm, text
    # the LM repairs the of-chain, and says so with the post-edit beside it
    assert "LM fix 'hearings of confirmation' -> 'confirmation hearings'" in text, text
    assert "improved 1" in with_lm or "improved 2" in with_lm, text
    assert lines[-1].startswith("all: LM word AUC ")
