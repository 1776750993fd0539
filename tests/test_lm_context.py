"""Paragraphs scored with the ones before them as context (fixcopy/lm/context.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixcopy.document import Document
from fixcopy.lm import context
from fixcopy.lm.judge import Scored, Token

PARAS = ["First paragraph here.", "Second one, a little longer than that.", "Third."]
DOC = Document("\n\n".join(PARAS) + "\n")


def test_passages_run_over_consecutive_paragraphs_up_to_the_limit():
    regions = [(p.start, p.end) for p in DOC.prose]
    assert context.passages(DOC) == [regions]
    assert context.passages(DOC, limit=30) == [regions[:1], regions[1:2], regions[2:]]
    assert context.passages(DOC, limit=64) == [regions[:2], regions[2:]]
    assert context.joined(DOC, regions) == "\n\n".join(PARAS)


def _fake_scores(text: str) -> Scored:
    """One token a character, with its offset as its log-prob (to see where each one went)."""
    return Scored(text, tuple(Token(0, i, i + 1, -float(i)) for i in range(len(text))))


def test_split_gives_each_region_its_own_tokens_with_region_offsets():
    regions = [(p.start, p.end) for p in DOC.prose]
    text = context.joined(DOC, regions)
    parts = context.split(_fake_scores(text), DOC, regions)
    assert [p.text for p in parts] == PARAS
    off = 0
    for part, para in zip(parts, PARAS):
        assert [(t.start, t.end) for t in part.tokens] == [(i, i + 1) for i in range(len(para))]
        assert [t.logprob for t in part.tokens] == [-float(off + i) for i in range(len(para))]
        off += len(para) + 2


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="ab .,é😀", min_size=1, max_size=30).filter(str.strip), min_size=1, max_size=6))
def test_split_with_the_real_tokenizer_keeps_every_character(installed_lm, paras):
    doc = Document("\n\n".join(p.strip() for p in paras) + "\n")
    for regions in context.passages(doc, limit=40):
        text = context.joined(doc, regions)
        ids, spans = installed_lm.encode(text)
        scored = Scored(text, tuple(Token(i, a, b, -1.0) for i, (a, b) in zip(ids, spans)))
        for (a, b), part in zip(regions, context.split(scored, doc, regions)):
            assert part.text == doc.text[a:b]
            covered = {i for t in part.tokens for i in range(t.start, t.end)}
            assert covered == set(range(b - a)), (part.text, part.tokens)


@pytest.fixture(scope="module")
def installed_lm(lm_dir):
    from fixcopy.lm.judge import load_lm

    return load_lm(lm_dir)


def test_a_term_the_story_introduced_is_no_surprise_later(installed_lm):
    from fixcopy.lm.detector import LMDetector
    from fixcopy.lm.evidence import words_of

    first = "Traders said the market was in backwardation on Monday, with cash metal above the three-month price."
    second = "The backwardation widened to 40 dollars a tonne by the close."
    doc = Document(first + "\n\n" + second + "\n")
    [regions] = context.passages(doc)
    [together] = installed_lm.score([context.joined(doc, regions)])
    [alone] = installed_lm.score([second])
    in_context = context.split(together, doc, regions)[1]
    start = regions[1][0]
    assert in_context.total > alone.total + 10  # the second paragraph reads better after the first
    [w_ctx] = [w for w in words_of(doc, start, in_context) if w.core == "backwardation"]
    [w_alone] = [w for w in words_of(doc, start, alone) if w.core == "backwardation"]
    assert w_ctx.logprob > w_alone.logprob + 3
    # and the detector scores each paragraph that way
    from fixcopy.lm.evidence import evidence

    found = [(e.start, e.end, round(e.score, 3)) for _, e in LMDetector(installed_lm).evidence([doc], 0.5)]
    words = words_of(doc, regions[0][0], context.split(together, doc, regions)[0]) + words_of(doc, start, in_context)
    assert found and found == [(e.start, e.end, round(e.score, 3)) for e in evidence(words, 0.5)]
