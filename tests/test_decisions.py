"""fixcopy.edits: a person's decisions -> the edits, each with the number of the item it decides
(what preview marks), and the checks every caller (review, preview's API) shares."""

from __future__ import annotations

import pytest

from fixcopy.edits import ACCEPT, REJECT, check_decision, chosen, chosen_edits, edit
from fixcopy.suggestion import Suggestion, apply

TEXT = "A -based order came on Tuesday Tuesday, the the minister said."


def item(text: str, replacement: str | None, at: int = 0) -> Suggestion:
    start = TEXT.index(text, at)
    return Suggestion(start, start + len(text), text, replacement, "duplicated-word", "m", 0.9)


ITEMS = [
    item("-based", None),  # a flag: an editor may delete it
    item("Tuesday Tuesday", "Tuesday"),
    item("the the", "the"),
]


def test_each_edit_names_its_item_even_when_a_deletion_takes_a_space_along():
    decisions = {2: ACCEPT, 0: edit(""), 1: REJECT}
    pairs = chosen(ITEMS, decisions, TEXT)
    assert [i for i, _ in pairs] == [0, 2]  # in text order, rejected items left out
    deletion = pairs[0][1]
    assert TEXT[deletion.start : deletion.end] == " -based"  # widened by the space before it
    assert apply(TEXT, [e for _, e in pairs]) == "A order came on Tuesday Tuesday, the minister said."
    assert chosen_edits(ITEMS, decisions, TEXT) == [e for _, e in pairs]


def test_an_edit_that_keeps_the_text_is_no_edit():
    assert chosen(ITEMS, {1: edit("Tuesday Tuesday")}) == []


@pytest.mark.parametrize(
    ("i", "decision", "message"),
    [
        (3, ACCEPT, "no suggestion number 3"),
        (-1, REJECT, "no suggestion number -1"),
        (0, ACCEPT, "suggestion 0 has no replacement to accept; edit or reject it"),
    ],
)
def test_decisions_that_cannot_be_made(i, decision, message):
    with pytest.raises(ValueError, match=message):
        check_decision(ITEMS, i, decision)
    with pytest.raises(ValueError, match=message):
        chosen(ITEMS, {i: decision})


def test_decisions_that_can_be_made():
    for i, d in [(0, edit("based")), (0, REJECT), (1, ACCEPT), (2, edit(""))]:
        check_decision(ITEMS, i, d)  # no error
