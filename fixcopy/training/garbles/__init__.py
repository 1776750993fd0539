"""Synthetic garbles: clean news sentence -> (garbled sentence, clean sentence, spans).

Every category of GARBLES.md has a generator here (grammar.py: the garbles of grammar and
word choice; structure.py: those of form and word order). A sentence gets 0-3 garbles
(0 = left untouched, so that the model learns to leave clean text alone). Each garble
records its category and its character span in the garbled text; a deletion is recorded
on the word that follows the deletion point. Lexical resources: lemminflect (via
fixcopy.lexical) for inflections and part of speech, wordfreq for the vocabulary of
substitutions. Both models train on these pairs.
"""

from __future__ import annotations

import random
from pathlib import Path

from .grammar import g_agreement, g_article, g_mistranslation, g_preposition, g_verb_form
from .structure import (
    g_broken_compound,
    g_duplicated_word,
    g_literal_compound,
    g_number_date,
    g_punctuation,
    g_split_attribution,
    g_spurious_words,
    g_stray_punctuation,
    g_word_order,
)
from .tokens import Pair, detok, tokenize, typographic

__all__ = ["GARBLES", "WEIGHTS", "Pair", "dev_pairs", "garble", "generate"]

# Category -> relative weight (model categories weigh more than the ones rules catch).
WEIGHTS = {
    "duplicated-word": 3,
    "stray-punctuation": 3,
    "verb-form": 8,
    "agreement": 9,
    "article": 10,
    "broken-compound": 3,
    "literal-compound": 7,
    "spurious-words": 10,
    "split-attribution": 4,
    "preposition": 12,
    "mistranslation": 10,
    "word-order": 9,
    "punctuation": 5,
    "number-date": 4,
}

GARBLES = {
    "duplicated-word": g_duplicated_word,
    "stray-punctuation": g_stray_punctuation,
    "verb-form": g_verb_form,
    "agreement": g_agreement,
    "article": g_article,
    "broken-compound": g_broken_compound,
    "literal-compound": g_literal_compound,
    "spurious-words": g_spurious_words,
    "split-attribution": g_split_attribution,
    "preposition": g_preposition,
    "mistranslation": g_mistranslation,
    "word-order": g_word_order,
    "punctuation": g_punctuation,
    "number-date": g_number_date,
}


def garble(sentence: str, rng: random.Random, clean_rate: float = 0.35, typo_rate: float = 0.4) -> Pair:
    """One training pair. With probability clean_rate the sentence is left as it is."""
    if rng.random() < typo_rate:
        sentence = typographic(sentence)
    if rng.random() < clean_rate:
        return Pair(sentence, sentence, [])
    n = rng.choices((1, 2, 3), (0.6, 0.3, 0.1))[0]
    toks = tokenize(sentence)
    cats = list(WEIGHTS)
    weights = [WEIGHTS[c] for c in cats]
    done = 0
    for _ in range(n * 4):
        if done >= n:
            break
        cat = rng.choices(cats, weights)[0]
        if GARBLES[cat](toks, rng):
            done += 1
    text, spans = detok(toks)
    return Pair(text, sentence, spans)


def generate(sentences, seed: int = 0, clean_rate: float = 0.35):
    rng = random.Random(seed)
    for s in sentences:
        yield garble(s, rng, clean_rate)


def dev_pairs(corpus: Path, n: int = 3000, seed: int = 99991) -> list[dict]:
    """``n`` synthetic pairs (as dicts) from the dev sentences of a news corpus folder: what both
    models are evaluated and calibrated on."""
    from ..corpus import iter_sentences

    sents = [s for _, s in iter_sentences(corpus, "dev")]
    random.Random(seed).shuffle(sents)
    return [p.to_dict() for p in generate(sents[:n], seed=seed)]
