"""The language model's repairs: candidate edits (pure) and the fixes the real installed model makes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixcopy.config import Config
from fixcopy.document import Document
from fixcopy.lm.candidates import ALL_KINDS, FUNCTION_WORDS, REPAIR_KINDS, candidates, of_chains, words_in
from fixcopy.pipeline import check_documents, fixes
from fixcopy.suggestion import apply


def _all(text: str, kinds=ALL_KINDS):
    words = words_in(text, 0, len(text))
    return candidates(text, words, range(len(words)), kinds)


def test_of_chains_are_two_content_words_joined_by_a_bare_of():
    text = (
        "The hearings of confirmation said the risks of health increased; a number of people, one of them, "
        "the state of emergency, a lot of money and the rule of law.\n"
    )
    assert [text[a:b] for a, b in of_chains(text, 0, len(text))] == ["hearings of confirmation", "risks of health"]


@pytest.mark.parametrize(
    "text",
    [
        # Y is the first of two modifiers
        "Net includes writedowns of oil and gas assets.\n",
        "It said output of gas or electricity was cut.\n",
        "Country movement of corn and soybeans increased.\n",
        # Y cannot be a noun
        "The offer was made to holders of preferred.\n",
        "The banks hold title to repayments of specified foreign loans.\n",
        "It delayed the opening of gambling at its casino.\n",
    ],
)
def test_no_of_chain_where_y_cannot_end_a_noun_compound(text):
    assert of_chains(text, 0, len(text)) == []


def test_candidates_of_each_kind():
    text = "The skiers now has risks of health at the team.\n"
    got = {(c.kind, text[c.start : c.end], c.replacement) for c in _all(text)}
    assert ("literal-compound", "risks of health", "health risks") in got
    assert ("preposition", "at", "for") in got
    assert ("preposition", "at ", "") in got
    assert ("article", "The skiers", "Skiers") in got  # the capital moves to the next word
    assert ("article", "the", "a") in got
    assert ("word-order", "now has", "has now") in got
    assert ("verb-form", "has", "have") in got
    assert ("agreement", "skiers", "skier") in got
    # only the kinds asked for
    assert {c.kind for c in _all(text, REPAIR_KINDS)} == set(REPAIR_KINDS)


def test_confusions_his_may_become_its_or_their_never_her():
    text = "His union said his members and her staff agreed at once.\n"
    got = {(text[c.start : c.end], c.start, c.replacement) for c in _all(text, ("confusion",))}
    assert got == {
        ("His", 0, "Its"),
        ("His", 0, "Their"),
        ("his", 15, "its"),
        ("his", 15, "their"),
        ("at", 48, "on"),
        ("at", 48, "in"),
    }


def test_what_may_become_which_only_as_a_relative_pronoun():
    """After a noun, a comma or a preposition "what" may stand for "which"; after a verb it is the
    verb's object and stays."""
    text = "The civilisation what built it, what it said, the state in what they live: ask what it is.\n"
    got = [(c.start, c.replacement) for c in _all(text, ("confusion",))]
    assert got == [(17, "which"), (32, "which"), (59, "which")], got
    assert [text[a : a + 4] for a, _ in got] == ["what"] * 3


def test_names_numbers_and_codes_get_no_candidates():
    text = "Tokayev met McDonald's 3M staff at 10.30 in NATO's HQ.\n"
    changed = {text[c.start : c.end].strip() for c in _all(text)}
    assert changed == {"met", "staff", "at", "in"}, changed


WORD = st.sampled_from(
    "the a an of in at to for with by on from about into over risks health members crew now also has have "
    "is are was said officials plan Monday Paris 3.5 NATO's his His her , . ; \u201c \u201d".split()
)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORD, min_size=1, max_size=14))
def test_no_candidate_deletes_or_replaces_a_content_word(words):
    """A candidate may drop or swap function words, inflect a word or reorder two words; it never
    removes a content word from the sentence (the trap of a log-probability corrector)."""
    text = " ".join(words) + "\n"
    for c in _all(text):
        new = text[: c.start] + c.replacement + text[c.end :]
        assert new != text
        before = [w.lower() for w in re.findall(r"\w+", text[c.start : c.end])]
        after = [w.lower() for w in re.findall(r"\w+", c.replacement)]
        lost = [w for w in before if w not in after and w not in FUNCTION_WORDS]
        if c.kind in ("verb-form", "agreement"):
            assert len(before) == len(after) == 1  # another form of the same word
        else:
            assert lost == [], (c, lost)


# -- with the real installed model ------------------------------------------------------------


@pytest.fixture(scope="module")
def detector(lm_dir):
    from fixcopy.lm.detector import LMDetector
    from fixcopy.lm.judge import load_lm

    return LMDetector(load_lm(lm_dir))


def _fixed(detector, text: str) -> str:
    doc = Document(text)
    [sugs] = check_documents([doc], Config(), [detector])
    return apply(text, fixes(sugs, Config().fix_min_confidence))


def test_an_of_chain_is_repaired(detector):
    text = "Officials said the hearings of confirmation would begin on Monday.\n"
    assert _fixed(detector, text) == text.replace("hearings of confirmation", "confirmation hearings")


def test_a_weak_preference_is_a_flag_without_a_fix(detector):
    """The LM prefers "health risks" here, but by less than the fix margin: a flag, no replacement."""
    text = "Doctors warned that the risks of health from the smoke were rising in the city.\n"
    assert _fixed(detector, text) == text
    [sugs] = check_documents([Document(text)], Config(), [detector])
    flags = [(s.text, s.replacement, s.category, s.source) for s in sugs]
    assert ("risks of health", None, "literal-compound", "lm") in flags, flags


def test_his_for_its_is_repaired(detector):
    """Spanish "su" rendered as "his": the union's members are its members."""
    text = "The union said that his members were angry about the news of the cuts.\n"
    assert _fixed(detector, text) == text.replace("his members", "its members")
    [sugs] = check_documents([Document(text)], Config(), [detector])
    assert ("his", "its", "agreement") in [(s.text, s.replacement, s.category) for s in sugs]


def test_his_is_read_with_the_sentence_before(detector):
    """What "his" refers to is often in the sentence before ("The shipping company ... The company
    at present ..."): the LM reads its alternatives with it (eight words of context made this a
    flag without a fix)."""
    text = (
        "The shipping company said on Monday that it was working with the port authorities. The company at"
        " present is making arrangements for the repatriation of his seafarers at the earliest possible date.\n"
    )
    assert _fixed(detector, text) == text.replace("his seafarers", "its seafarers")


def test_a_name_at_the_start_may_own_his(detector):
    """The first word of a text has a sentence's capital: a name there ("Greenpeace", unknown to
    lemminflect) may still be what "his" refers to, so the place is read (here a flag, no fix)."""
    text = "Greenpeace said that his members were angry about the news of the cuts.\n"
    [sugs] = check_documents([Document(text)], Config(), [detector])
    assert ("his", None, "lm") in [(s.text, s.replacement, s.source) for s in sugs]


@pytest.mark.parametrize(
    "text,wrong,right",
    [
        ("They visited the tombs of the same civilisation what built the city of Petra.\n", "what", "which"),
        ("If you are infected, there is any need to fear, the doctor said.\n", "any", "no"),
        ("The new rules are seen by many like a hard sell for tourists.\n", "like", "as"),
    ],
)
def test_a_function_word_put_for_another_is_repaired(detector, text, wrong, right):
    assert _fixed(detector, text) == text.replace(f" {wrong} ", f" {right} ")


@pytest.mark.parametrize(
    "text",
    [
        "The minister said his plan would cut taxes for families.\n",
        "The board said it has no plans to sell any assets this year.\n",
        "She has lived in Paris since 2019 and works at the embassy.\n",
        "It was not clear what the ministry would do next.\n",
        # an MLQE-PE ne-en sentence where the LM preferred "which" by 21 nats
        "I cannot ascertain what my duty is, and I am losing all my patience.\n",
        "She said the plan would work like a charm, and investors like it.\n",
        "Officials did not say how the money would be spent.\n",
        "The coach said his players had run out of ideas in the second half.\n",
        "Ortega thanked the union and said his members of staff were ready.\n",
        # "his" with nothing before it to refer to (one MLQE-PE ne-en sentence: "his" -> "their")
        "According to his social insults, the minister had a curse to his wife.\n",
        # "since" opening a clause, with an auxiliary after it (Reuters: "since" -> "from")
        "The Japanese banks will be named as primary dealers in U.S. government securities since other"
        " countries would meet the equal access rule.\n",
        # a man named before "his", out of the LM's sight (BBC: "limited his activities" -> "their")
        'Mr Jacobsen tried at least twice to hack the network, a company spokesman said. "We monitor for'
        ' suspicious activity so that limited his activities and we were able to take corrective action," he'
        " said.\n",
    ],
)
def test_right_function_words_are_left_alone(detector, text):
    assert _fixed(detector, text) == text


@pytest.mark.parametrize(
    "text",
    [
        "The minister of health said the cost of living had risen.\n",
        "He drank a cup of coffee and read the book of poems before the meeting of ministers.\n",
        "The freedom of speech and the rule of law are at stake, the head of state said.\n",
    ],
)
def test_english_of_phrases_are_left_alone(detector, text):
    assert _fixed(detector, text) == text
