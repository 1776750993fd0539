"""The language model as detector and as judge of fixes, with the real installed model."""

from __future__ import annotations

import math

import pytest
from conftest import CORPORA, run_fixcopy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fixcopy.config import Config
from fixcopy.document import Document
from fixcopy.lm.detector import LMDetector, confidence, lowest_score, name_like
from fixcopy.pipeline import check_documents
from fixcopy.suggestion import Suggestion


@pytest.fixture(scope="module")
def lm(lm_dir):
    from fixcopy.lm.judge import load_lm

    return load_lm(lm_dir)


@pytest.fixture(scope="module")
def detector(lm):
    return LMDetector(lm)


UNTRANSLATED = "Meanwhile, the trial in the malkonstrua tribunala case is expected to last until March.\n"


def test_untranslated_word_is_flagged(detector):
    [sugs] = detector.detect([Document(UNTRANSLATED)], Config())
    flagged = [UNTRANSLATED[s.start : s.end] for s in sugs if s.confidence >= 0.5]
    assert any("malkonstrua" in f for f in flagged), sugs
    assert all(s.replacement is None and s.source == "lm" for s in sugs)
    for s in sugs:
        assert UNTRANSLATED[s.start : s.end] == s.text


def test_names_and_numbers_are_not_flagged(detector):
    text = (
        "Kassym-Jomart Tokayev met Zhaksylykov and Tileuberdi in Astana on Tuesday, and the "
        "PTON.O shares rose 4.7% to $31.20, officials said.\n"
    )
    [sugs] = detector.detect([Document(text)], Config())
    assert [s for s in sugs if s.confidence >= 0.5] == []


def test_handles_and_hashtags_are_names(detector):
    """A quoted post's @handle or #hashtag is a name, however unlike English (WMT news: "@leondame")."""
    text = (
        'He added, "@leondame MURDERED the catwalk @maisonmargiela. Guess it is true what they say," '
        "and posted #blessedvibes to his fans.\n"
    )
    [sugs] = detector.detect([Document(text)], Config(min_confidence=0.3))
    assert sugs == [], [(s.text, s.confidence) for s in sugs]


def test_a_possessive_whose_noun_is_left_out_is_english(detector):
    """After "the bloc's" the LM expects a noun and finds "in" improbable (0.51 at the default
    threshold before the elided-possessive rule); English leaves the noun out there."""
    text = "Britain would align its food safety rules with the bloc's in exchange for scrapping most border checks.\n"
    [sugs] = detector.detect([Document(text)], Config(min_confidence=0.3))
    assert sugs == [], [(s.text, s.confidence) for s in sugs]


@pytest.mark.parametrize(
    "prev,word,elided",
    [
        ("bloc's", "in", True),  # the possessive's noun left out
        ("at", "or", True),  # "at or above the county level" (MQM zh-en: 8 flags, none on an error)
        ("on", "and", True),  # "on and off"
        ("bloc", "in", False),
        ("said", "or", False),
        ("at", "the", False),
    ],
)
def test_words_the_lm_expects_elsewhere_are_not_scored(prev, word, elided):
    from fixcopy.lm.evidence import Word, elided_after

    assert elided_after(Word(0, len(prev), prev, 0, -1.0), Word(len(prev) + 1, len(prev) + 4, word, 0, -9.0)) is elided
    assert not elided_after(Word(0, len(prev), prev, 0, -1.0), Word(len(prev) + 1, len(prev) + 4, word, 1, -9.0))


def test_a_preposition_after_an_ordinary_word_is_still_scored(detector):
    """The rule is about possessives only: the same doubled-preposition garble after a plain noun is
    a flag."""
    text = "Britain would align its food safety rules with the bloc in in exchange for scrapping border checks.\n"
    [sugs] = detector.detect([Document(text)], Config(min_confidence=0.3))
    assert any(s.start <= text.index(" in in") + 4 < s.end for s in sugs), [(s.text, s.confidence) for s in sugs]


@pytest.mark.parametrize("path", sorted((CORPORA / "clean").glob("*.txt")), ids=lambda p: p.stem)
def test_clean_samples_stay_clean_with_the_lm(detector, path):
    doc = Document(path.read_text(encoding="utf-8"))
    [sugs] = check_documents([doc], Config(), [detector])
    assert sugs == [], [(s.text, s.category, s.confidence) for s in sugs]


def _fix(text: str, old: str, new: str, source="model") -> Suggestion:
    i = text.index(old)
    return Suggestion(i, i + len(old), old, new, "mistranslation", "test", 0.9, source=source)


@pytest.mark.parametrize(
    "text,old,new",
    [
        ("The Moscow's decision was announced on Tuesday.\n", "The Moscow's", "Moscow's"),
        ("Growth slowed to 1,2 percent in the third quarter.\n", "1,2", "1.2"),
        # a doubled content word: its unigram cost is no argument against deleting it
        (
            "They work closely together to work together together and achieve the objectives of this work.\n",
            "together together",
            "together",
        ),
    ],
)
def test_judge_keeps_a_rule_fix_unless_it_reads_clearly_worse(detector, text, old, new):
    [[out]] = detector.judge([Document(text)], [[_fix(text, old, new, "rule")]])
    assert out.replacement == new


def test_judge_withdraws_a_rule_fix_that_reads_clearly_worse(detector):
    text = "The meeting began at 08:30 of March 3 in the capital.\n"
    [[out]] = detector.judge([Document(text)], [[_fix(text, "08:30 of March 3", "08:March 30 3", "rule")]])
    assert out.replacement is None and "reads it as worse" in out.message


def test_judge_keeps_a_fix_that_reads_better(detector):
    text = "The union signed the deal for for the first time on Friday.\n"
    s = _fix(text, "for for", "for", "rule")
    [[out]] = detector.judge([Document(text)], [[s]])
    assert out.replacement == "for"


@pytest.mark.parametrize(
    "text,old,new",
    [
        ("The armed forces of Nigeria said on Monday that 160,000 Turks had left the region.\n", "armed ", ""),
        ("The armed forces of Nigeria said on Monday that 160,000 Turks had left the region.\n", "160,000 ", ""),
        ("The meeting began at 08:30 of March 3 in the capital.\n", "08:30 of March 3", "08:March 30 3"),
    ],
)
def test_judge_withdraws_a_fix_that_deletes_content_or_reads_worse(detector, text, old, new):
    s = _fix(text, old, new)
    [[out]] = detector.judge([Document(text)], [[s]])
    assert out.replacement is None and out.start == s.start and out.end == s.end
    assert "language model" in out.message


@given(st.floats(min_value=0, max_value=60, allow_nan=False))
def test_confidence_is_monotonic_and_inverted_by_lowest_score(score):
    c = confidence(score)
    assert 0 <= c < 0.8  # an LM flag never reaches the fix threshold
    assert confidence(score + 1) >= c
    if 0 < c < 0.79:
        assert math.isclose(lowest_score(c), score, rel_tol=1e-6, abs_tol=1e-6)


@pytest.mark.parametrize(
    "word,expected",
    [
        ("Tokayev", True),
        ("4.7%", True),
        ("PTON.O", True),
        ("Zelenskyy", True),
        ("malkonstrua", False),
        ("the", False),
        ("long-term", False),
    ],
)
def test_name_like(word, expected):
    assert name_like(word) is expected


def test_cli_check_uses_the_installed_lm(lm_dir, tmp_path):
    art = tmp_path / "story.txt"
    art.write_text(UNTRANSLATED, encoding="utf-8")
    res = run_fixcopy("check", "--format", "json", str(art), env={"FIXCOPY_MODEL_DIR": str(lm_dir.parent)})
    assert res.returncode == 1, res.stderr
    assert b'"source": "lm"' in res.stdout and b"malkonstrua" in res.stdout


def test_cli_without_the_lm_says_how_to_install_it_once(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("The council met on Monday.\n", encoding="utf-8")
    res = run_fixcopy(
        "check", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), env={"FIXCOPY_MODEL_DIR": str(tmp_path / "none")}
    )
    assert res.returncode == 0
    assert res.stderr.decode().count("fixcopy model install") == 1


def test_no_model_means_no_lm(lm_dir, tmp_path):
    art = tmp_path / "story.txt"
    art.write_text(UNTRANSLATED, encoding="utf-8")
    res = run_fixcopy("check", "--no-model", str(art), env={"FIXCOPY_MODEL_DIR": str(lm_dir.parent)})
    assert res.returncode == 0 and b"model install" not in res.stderr


TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from(
            [
                "the",
                "Russia",
                "said",
                "for",
                "malkonstrua",
                "4.7%",
                "Xi'an",
                "“quote”",
                "é",
                "🙂",
                "\r\n",
                "\n\n",
                ".",
                ",",
                "\ufeff",
                "\x00",
                "co-operation",
                "PTON.O",
                "a" * 80,
                "中文",
                "\u0301",
                "  ",
            ]
        ),
        max_size=60,
    ).map(" ".join),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS, threshold=st.floats(min_value=0, max_value=1))
@example(text="\U00040000 and the talks", threshold=0.0)  # a byte the vocabulary has no token for
def test_lm_flags_and_judge_never_break_offsets(detector, text, threshold):
    doc = Document(text)
    [sugs] = check_documents([doc], Config(min_confidence=threshold), [detector])
    for s in sugs:
        assert 0 <= s.start <= s.end <= len(text) and text[s.start : s.end] == s.text


def test_a_flag_is_a_span_at_any_threshold(detector):
    # ten words English does not have, in a row: one flag covered all eleven words before the cap
    text = "Officials said the xqzvb brrktq pfflqz zzgrtv kwxxpq qqvltz trzzkw vvxqpl jjqrzt wqxxzv were ready.\n"
    [sugs] = detector.detect([Document(text)], Config(min_confidence=0.0))
    assert sugs
    for s in sugs:
        assert len(s.text.split()) <= 6, s.text


def _words(*excess_by_sentence: tuple[float, ...]):
    """Scored words with the given excess surprisals, one tuple per sentence."""
    from fixcopy.lm.evidence import Word

    out, pos = [], 0
    for sent, excesses in enumerate(excess_by_sentence):
        for x in excesses:
            out.append(Word(pos, pos + 4, "word", 100 * sent, 0.0, x, True))
            pos += 5
    return out


def test_two_improbable_words_of_a_sentence_back_each_other():
    from fixcopy.lm.evidence import PAIR_BONUS, PAIR_FLOOR, scores, word_score

    x = PAIR_FLOOR + 0.5
    words = _words((x, -9.0, -9.0, x, -9.0))  # not neighbours: each is the weaker, each gains
    own = [word_score(words, i) for i in range(len(words))]
    assert scores(words) == pytest.approx([x + PAIR_BONUS, own[1], own[2], x + PAIR_BONUS, own[4]])
    words = _words((x, -9.0, -9.0, 20.0, -9.0))  # the stronger keeps its own score
    assert scores(words)[0] == pytest.approx(x + PAIR_BONUS)
    assert scores(words)[3] == pytest.approx(20.0)


@pytest.mark.parametrize(
    "sentences",
    [
        ((5.0, -9.0, -9.0, 3.0, -9.0),),  # one of them under the floor
        ((5.0, -9.0, -9.0), (5.0, -9.0)),  # in two sentences
        ((-9.0, 5.0, 5.0, -9.0),),  # neighbours share the second word's surprisal: no pair
    ],
    ids=["under-floor", "two-sentences", "neighbours"],
)
def test_no_backing_without_two_separate_words_over_the_floor(sentences):
    from fixcopy.lm.evidence import PAIR_FLOOR, scores, word_score

    words = _words(*sentences)
    assert 3.0 < PAIR_FLOOR < 5.0
    assert scores(words) == [word_score(words, i) for i in range(len(words))]


def test_a_garble_is_flagged_when_its_sentence_has_another(detector):
    """ "appealed at voters" alone is under the LM's threshold; with a second garble elsewhere in the
    sentence ("how what passed"), the two back each other and both are found (the second is now
    repaired at "how" -> "as", a confusion of Spanish "como", instead of flagged)."""
    one = "The governor appealed at voters to stay at home, as happened at previous elections.\n"
    two = "The governor appealed at voters to stay at home, how what passed at previous elections.\n"
    at = one.index(" at voters") + 1
    [sugs] = detector.detect([Document(one)], Config())
    assert not any(s.start <= at < s.end for s in sugs), [(s.text, s.confidence) for s in sugs]
    [sugs] = detector.detect([Document(two)], Config())
    flagged = [(s.text, s.replacement) for s in sugs if s.confidence >= 0.5]
    assert any(s.start <= at < s.end for s in sugs), flagged
    assert any("what" in f or f == "how" for f, _ in flagged), flagged
