"""The tagger's flags weighed against the language model's evidence (fixcopy/lm/corroborate.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fixcopy.lm import corroborate
from fixcopy.lm.corroborate import CEILING, SUPPORT, TAGGER_FLOOR, confidence, support, weigh
from fixcopy.lm.detector import THRESHOLD
from fixcopy.lm.evidence import Evidence
from fixcopy.suggestion import Suggestion

TEXT = "The talks was held on Monday in the capital."


def _flag(word: str, conf: float) -> Suggestion:
    i = TEXT.index(word)
    return Suggestion(
        i, i + len(word), word, None, "agreement", "Reads like a garble: agreement (model)", conf, source="model"
    )


def _ev(word: str, score: float) -> Evidence:
    i = TEXT.index(word)
    return Evidence(i, i + len(word), score, False, word, 0, 0, 0)


def test_agreement_raises_a_weak_tagger_flag_to_a_flag():
    assert confidence(0.35, 6.0, THRESHOLD) >= 0.5
    assert confidence(TAGGER_FLOOR, SUPPORT, THRESHOLD) == 0.5


def test_without_support_a_tagger_flag_falls_below_the_default_bar():
    assert confidence(0.98, 0.0, THRESHOLD) == pytest.approx(0.49)
    assert confidence(0.98, SUPPORT - 0.1, THRESHOLD) < 0.5
    assert confidence(TAGGER_FLOOR - 0.01, THRESHOLD + 5, THRESHOLD) < 0.5


@given(st.floats(0, 1), st.floats(0, 40), st.floats(0, 1), st.floats(0, 40))
def test_confidence_is_a_flag_never_a_fix_and_grows_with_either_evidence(t, lm, dt, dlm):
    c = confidence(t, lm, THRESHOLD)
    assert 0.0 <= c <= CEILING
    assert confidence(min(1.0, t + dt), lm + dlm, THRESHOLD) >= c


def test_support_is_the_strongest_evidence_on_the_flagged_words():
    flag = _flag("was", 0.4)
    assert support(flag, [_ev("talks was", 7.0), _ev("Monday", 20.0)]) == 7.0
    assert support(flag, [_ev("was", 6.0), _ev("talks was held", 8.0)]) == 8.0
    assert support(flag, [_ev("talks", 9.0), _ev("held", 9.0)]) == 0.0  # the words either side are not its words
    assert support(flag, [_ev("capital", 30.0)]) == 0.0
    assert support(flag, []) == 0.0


def test_weigh_keeps_the_span_and_says_when_the_lm_agrees():
    backed, alone = weigh([_flag("was", 0.4), _flag("capital", 0.9)], [_ev("was", 9.0)], THRESHOLD)
    assert (backed.start, backed.end, backed.text) == (_flag("was", 0).start, _flag("was", 0).end, "was")
    assert backed.confidence >= 0.5 and backed.message.endswith("(model and language model)")
    assert alone.confidence == pytest.approx(0.45) and alone.message.endswith("(model)")
    assert corroborate.ALONE * 0.9 == pytest.approx(alone.confidence)


# -- with the real tagger and the real language model ---------------------------------------------

# The tagger alone puts "also" (moved before its verb's object) below its threshold; the LM finds
# the words improbable too, and the two together make it a flag.
WEAK = "Most analysts polled by Reuters had expected also a 50-basis-point rise in the main rate.\n"
# The tagger alone flags "seeing" after "look forward to"; the LM reads it as plain English.
STRONG_ALONE = "“We look forward to seeing stronger checks across the region,” the minister said.\n"


@pytest.fixture(scope="module")
def combined(lm_dir):
    from fixcopy.lm.detector import LMDetector
    from fixcopy.lm.judge import load_lm
    from fixcopy.model import shipped_detector

    return LMDetector(load_lm(lm_dir)).with_tagger(shipped_detector()), shipped_detector()


def _tagged(sugs, text, word):
    return [s for s in sugs if s.source == "model" and word in text[s.start : s.end]]


def test_the_lm_raises_a_tagger_flag_it_agrees_with(combined):
    from fixcopy.config import Config
    from fixcopy.document import Document

    both, tagger = combined
    [alone] = tagger.detect([Document(WEAK)], Config())
    assert not [s for s in _tagged(alone, WEAK, "also") if s.confidence >= 0.5]
    [sugs] = both.detect([Document(WEAK)], Config())
    [flag] = _tagged(sugs, WEAK, "also")
    assert 0.5 <= flag.confidence < 0.8 and flag.message.endswith("(model and language model)")
    assert WEAK[flag.start : flag.end] == flag.text


def test_a_tagger_flag_the_lm_does_not_back_falls_below_the_bar(combined):
    from fixcopy.config import Config
    from fixcopy.document import Document

    both, tagger = combined
    [alone] = tagger.detect([Document(STRONG_ALONE)], Config())
    assert [s.confidence >= 0.5 for s in _tagged(alone, STRONG_ALONE, "seeing")] == [True]
    [sugs] = both.detect([Document(STRONG_ALONE)], Config())
    assert [s.confidence < 0.5 for s in _tagged(sugs, STRONG_ALONE, "seeing")] == [True]


def test_the_pipeline_runs_the_lm_in_the_taggers_place(lm_dir, monkeypatch):
    from fixcopy.config import Config
    from fixcopy.detectors import detectors_for
    from fixcopy.lm.detector import LMDetector, shipped_lm_detector

    monkeypatch.setenv("FIXCOPY_MODEL_DIR", str(lm_dir.parent))
    shipped_lm_detector.cache_clear()
    try:
        [det] = detectors_for(Config())
        assert isinstance(det, LMDetector) and det.tagger is not None
        assert [d.name for d in detectors_for(Config(lm=False))] == ["model"]
    finally:
        shipped_lm_detector.cache_clear()
