"""Words left untranslated (fixcopy.lm.unknown): pure, no model."""

from __future__ import annotations

import pytest

from fixcopy.lm.unknown import repeated, untranslated


@pytest.mark.parametrize("word", ["sekurecaj", "intertraktanta", "petrolaj", "oficejode", "casualidad", "avergoñar"])
def test_words_left_in_another_language(word):
    assert untranslated(word)


@pytest.mark.parametrize(
    "word",
    [
        "management",  # English
        "mangagement",  # a typo of an English word is a typo, not a word left untranslated
        "asssets",
        "soymeal",  # two English words run together
        "writeoffs",
        "nondurables",  # a prefix on an English word
        "Sekurecaj",  # capitals: a name
        "x-ray",
        "abc",  # too short to tell
    ],
)
def test_not_left_untranslated(word):
    assert not untranslated(word)


def test_a_term_the_article_repeats_is_its_own():
    text = "The protocluster is large. Astronomers found the protocluster in 2019."
    assert repeated("protocluster", text)
    assert not repeated("protocluster", "The protocluster is large.")
