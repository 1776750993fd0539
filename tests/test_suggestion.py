"""Suggestion and apply(): the only code that edits text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixcopy.suggestion import OverlapError, StaleSuggestionError, Suggestion, apply, select_non_overlapping


def edit(text, start, end, replacement, confidence=0.9):
    return Suggestion(start, end, text[start:end], replacement, "duplicated-word", "m", confidence)


def test_apply_replaces_only_the_spans():
    text = "a b c d"
    assert apply(text, [edit(text, 2, 3, "B"), edit(text, 6, 7, "")]) == "a B c "


def test_apply_refuses_overlaps_and_stale_edits():
    text = "abcdef"
    with pytest.raises(OverlapError):
        apply(text, [edit(text, 0, 3, "x"), edit(text, 2, 4, "y")])
    with pytest.raises(OverlapError):
        apply(text, [edit(text, 2, 2, "x"), edit(text, 2, 2, "y")])
    with pytest.raises(StaleSuggestionError):
        apply("zzzzzz", [edit(text, 0, 2, "x")])


def test_flags_without_replacement_are_not_applied():
    text = "abc"
    assert apply(text, [edit(text, 0, 1, None)]) == text


def test_record_is_validated():
    with pytest.raises(ValueError):
        Suggestion(0, 1, "a", None, "not-a-category", "m", 0.5)
    with pytest.raises(ValueError):
        Suggestion(0, 1, "a", None, "article", "m", 1.5)
    with pytest.raises(ValueError):
        Suggestion(0, 2, "a", None, "article", "m", 0.5)
    s = Suggestion(0, 1, "a", "b", "article", "m", 0.5, "model")
    assert Suggestion.from_dict(s.to_dict()) == s
    assert list(s.to_dict()) == ["start", "end", "text", "replacement", "category", "message", "confidence", "source"]


def test_select_non_overlapping_prefers_confidence():
    text = "abcdef"
    a, b, c = edit(text, 0, 3, "x", 0.6), edit(text, 2, 4, "y", 0.9), edit(text, 4, 6, "z", 0.5)
    assert select_non_overlapping([a, b, c]) == [b, c]


TEXT = st.text(alphabet=st.sampled_from(list("ab \r\n“”é🎉\u0301\ufeff")), min_size=0, max_size=60)


@st.composite
def text_and_edits(draw):
    text = draw(TEXT)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    edits, pos = [], 0
    for i in range(0, len(cuts) - 1, 2):
        start, end = max(cuts[i], pos), cuts[i + 1]
        if start > end or (edits and start == edits[-1].end and start == end):
            continue
        edits.append(edit(text, start, end, draw(st.text(alphabet="xyz\n", max_size=4))))
        pos = end + 1
    return text, edits


@settings(max_examples=400, deadline=None)
@given(text_and_edits())
def test_apply_changes_only_the_edited_spans(case):
    text, edits = case
    out = apply(text, edits)
    # Walk the output: every character outside the edits is the original character.
    pos_in, pos_out = 0, 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        gap = text[pos_in : e.start]
        assert out[pos_out : pos_out + len(gap)] == gap
        pos_out += len(gap)
        assert out[pos_out : pos_out + len(e.replacement)] == e.replacement
        pos_out += len(e.replacement)
        pos_in = e.end
    assert out[pos_out:] == text[pos_in:]
    # And through bytes: the UTF-8 of untouched text survives unchanged.
    if not edits:
        assert out.encode("utf-8") == text.encode("utf-8")
