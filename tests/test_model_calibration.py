"""The model detector's confidence scale (fixcopy/model/calibration.py): one named point, the
model's own threshold at the default min-confidence, and the same numbers as before."""

from __future__ import annotations

import pytest

from fixcopy.config import DEFAULT_MIN_CONFIDENCE
from fixcopy.model.calibration import THRESHOLD_CONFIDENCE, confidence, lowest_prob


def test_the_threshold_sits_at_the_default_min_confidence():
    assert THRESHOLD_CONFIDENCE == DEFAULT_MIN_CONFIDENCE
    assert confidence(0.94, 0.94) == THRESHOLD_CONFIDENCE


@pytest.mark.parametrize(
    ("prob", "expected"),
    [(0.0, 0.0), (0.47, 0.25), (0.94, 0.5), (0.97, 0.75), (1.0, 1.0), (0.9999, 0.9992)],
)
def test_confidence_is_linear_either_side_of_the_threshold(prob, expected):
    assert confidence(prob, 0.94) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("min_confidence", [0.0, 0.1, 0.25, 0.4, 0.4999])
def test_lowest_prob_finds_every_flag_a_lower_min_confidence_shows(min_confidence):
    low = lowest_prob(min_confidence, 0.94)
    assert low == pytest.approx(0.94 * min_confidence / 0.5)
    assert confidence(low, 0.94) == pytest.approx(min_confidence, abs=1e-4)


def test_at_or_above_the_default_the_model_flags_at_its_threshold():
    assert lowest_prob(0.5, 0.94) == lowest_prob(0.9, 0.94) == 0.94
