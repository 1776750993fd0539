"""The garbles of grammar and word choice: verb-form, agreement, article, preposition,
mistranslation. Each edits the tokens in place and returns True when it applied."""

from __future__ import annotations

from ...lexical import inflection, lemmas, match_case
from .tokens import Tok, free, is_word, lower_word
from .words import (
    AGREE_SWAP,
    ANTONYMS,
    GARBLE_MODALS,
    HAVE,
    PREP_CONFUSION,
    TIME_WORDS,
    verb_tag,
    vocab_by_tag,
    word_class,
)


def _verb_form_swap(toks: list[Tok], i: int, rng) -> str | None:
    """A wrong form for the verb at i after "to", a modal, have, do/not or be; None if it is none of those."""
    prev = toks[i - 1].text.lower()
    vt = verb_tag(toks[i].text)
    if not vt:
        return None
    lemma, tag = vt
    if prev == "to" and tag == "VB":
        return inflection(lemma, rng.choice(["VBG", "VBD", "VBZ"]))
    if prev in GARBLE_MODALS and tag == "VB":
        return inflection(lemma, rng.choice(["VBD", "VBZ", "VBG"]))
    if prev in HAVE and tag in ("VBN", "VBD"):
        return inflection(lemma, rng.choice(["VB", "VBG"]))
    if prev in ("did", "does", "not") and tag == "VB":
        return inflection(lemma, "VBD")
    if prev in ("is", "are", "was", "were") and tag == "VBG":
        return inflection(lemma, rng.choice(["VB", "VBZ"]))
    return None


def g_verb_form(toks, rng):
    cands = []
    for i in range(1, len(toks)):
        if free(toks, i) and lower_word(toks[i]) and verb_tag(toks[i].text):
            cands.append((i, _verb_form_swap(toks, i, rng)))
    cands = [(i, w) for i, w in cands if w and w != toks[i].text.lower()]
    if not cands:
        return False
    i, w = rng.choice(cands)
    toks[i].text = w
    toks[i].cat = "verb-form"
    return True


def _agreement_swap(toks: list[Tok], i: int) -> str | None:
    """The word at i with the other number (is/are, this/these, a noun, a verb after its subject)."""
    t = toks[i]
    w = t.text.lower()
    prev = toks[i - 1].text.lower() if i else ""
    if w in AGREE_SWAP and prev not in ("i", "you", "we", "they", "to") and i > 0:
        if w in ("have", "do") and not (is_word(toks[i - 1]) and prev not in GARBLE_MODALS):
            return None
        return match_case(t.text, AGREE_SWAP[w])
    if i > 0 and lower_word(t):
        vt = verb_tag(w)
        if vt and vt[1] == "VBZ" and is_word(toks[i - 1]) and prev not in ("he", "she", "it"):
            return inflection(vt[0], "VBP")
        if prev in ("a", "an", "one", "each", "every") and word_class(w) == ("NOUN", "NN"):
            return inflection(lemmas(w)["NOUN"][0], "NNS")
        if prev in ("several", "many", "two", "three", "these", "those") and word_class(w) == ("NOUN", "NNS"):
            return lemmas(w)["NOUN"][0]
    return None


def g_agreement(toks, rng):
    cands = [(i, _agreement_swap(toks, i)) for i in range(len(toks)) if free(toks, i)]
    cands = [(i, w) for i, w in cands if w and w.lower() != toks[i].text.lower()]
    if not cands:
        return False
    i, w = rng.choice(cands)
    toks[i].text = w
    toks[i].cat = "agreement"
    return True


def g_article(toks, rng):
    drops = [
        i
        for i in range(len(toks) - 1)
        if toks[i].text.lower() in ("the", "a", "an") and lower_word(toks[i + 1]) and free(toks, i, i + 1)
    ]
    adds = [
        i
        for i in range(1, len(toks))
        if toks[i].text[:1].isupper()
        and toks[i].text.isalpha()
        and toks[i - 1].text.lower() in ("in", "of", "to", "from", "with", "and", "by", "for", "on", "said")
        and free(toks, i)
    ]
    if not drops and not adds:
        return False
    if adds and (not drops or rng.random() < 0.4):
        i = rng.choice(adds)
        toks.insert(i, Tok("the", " ", "article"))
        return True
    i = rng.choice(drops)
    nxt = toks[i + 1]
    if i == 0:
        nxt.text = nxt.text[:1].upper() + nxt.text[1:]
    del toks[i]
    toks[i].cat = "article"
    return True


def g_preposition(toks, rng):
    cands = [i for i, t in enumerate(toks) if t.text in PREP_CONFUSION and i > 0 and free(toks, i)]
    time = [
        i
        for i in range(len(toks) - 1)
        if toks[i].text in ("last", "next", "this")
        and toks[i + 1].text.lower() in TIME_WORDS
        and i > 0
        and toks[i - 1].text not in PREP_CONFUSION
        and free(toks, i)
    ]
    if time and (not cands or rng.random() < 0.15):
        i = rng.choice(time)
        toks.insert(i, Tok(rng.choice(["on", "in", "at"]), " ", "preposition"))
        return True
    if not cands:
        return False
    i = rng.choice(cands)
    toks[i].text = rng.choice(PREP_CONFUSION[toks[i].text])
    toks[i].cat = "preposition"
    return True


def g_mistranslation(toks, rng):
    groups = vocab_by_tag()
    cands = []
    for i, t in enumerate(toks):
        if i == 0 or not lower_word(t) or not free(toks, i) or len(t.text) < 3:
            continue
        w = t.text
        if w in ANTONYMS:
            cands.append((i, ANTONYMS[w]))
            continue
        wc = word_class(w)
        if wc and groups.get(wc):
            cands.append((i, None))
    if not cands:
        return False
    i, new = rng.choice(cands)
    if new is None:
        pool = groups[word_class(toks[i].text)]
        new = pool[min(int(rng.expovariate(1 / 800)), len(pool) - 1)]
        if new == toks[i].text:
            return False
    toks[i].text = new
    toks[i].cat = "mistranslation"
    return True
