"""The garbles of form and word order: duplicated-word, stray-punctuation, broken-compound,
literal-compound, spurious-words, split-attribution, word-order, punctuation, number-date.
Each edits the tokens in place and returns True when it applied."""

from __future__ import annotations

import re

from ...lexical import match_case
from .tokens import Tok, free, is_word, lower_word
from .words import ADVERBS, DOUBLED_WORDS, MONTHS, PRONOUNS, SAID, SPURIOUS, word_class

_COUNTED_RE = re.compile(r"(\w+)-(year|month|day|week|hour|point|member|nation|party|storey|mile)(s?)")


def g_duplicated_word(toks, rng):
    cands = [i for i, t in enumerate(toks) if t.text.lower() in DOUBLED_WORDS and free(toks, i)]
    if not cands:
        return False
    i = rng.choice(cands)
    toks.insert(i + 1, Tok(toks[i].text.lower(), " ", "duplicated-word"))
    toks[i].ws = toks[i].ws or " "
    return True


def g_stray_punctuation(toks, rng):
    cands = [
        i
        for i in range(2, len(toks) - 2)
        if lower_word(toks[i]) and is_word(toks[i - 1]) and toks[i - 1].ws == " " and free(toks, i - 1, i)
    ]
    if not cands:
        return False
    i = rng.choice(cands)
    toks[i - 1].ws = ""
    toks.insert(i, Tok(rng.choice([".", ".", ","]), " ", "stray-punctuation"))
    toks[i + 1].cat = "stray-punctuation"
    return True


def g_broken_compound(toks, rng):
    cands = [i for i, t in enumerate(toks) if "-" in t.text and t.text[0].isalpha() and free(toks, i)]
    if not cands:
        return False
    i = rng.choice(cands)
    a, _, b = toks[i].text.partition("-")
    mode = rng.random()
    if mode < 0.4:
        toks[i].text = a + " -" + b
    elif mode < 0.7:
        toks[i].text = "-" + b
    elif mode < 0.85:
        toks[i].text = a + "- " + b
    else:
        toks[i].text = a + " " + b
    toks[i].cat = "broken-compound"
    return True


def _literal_compound_options(toks: list[Tok]) -> list[tuple[str, int, int]]:
    """("poss", i, j): "Japan's foreign minister" at toks[i:j]; ("num", i, i + 2): "a 10-year plan"."""
    opts = []
    for i in range(len(toks) - 3):
        if (
            toks[i].text[:1].isupper()
            and toks[i + 1].text in ("'", "’")
            and toks[i + 2].text == "s"
            and free(toks, i, i + 1, i + 2, i + 3)
        ):
            j = i + 3
            while j < len(toks) and j < i + 5 and lower_word(toks[j]):
                j += 1
            if j > i + 3:
                opts.append(("poss", i, j))
        if _COUNTED_RE.fullmatch(toks[i].text) and lower_word(toks[i + 1]) and free(toks, i, i + 1):
            opts.append(("num", i, i + 2))
    return opts


def g_literal_compound(toks, rng):
    # "Japan's foreign minister" -> "the foreign minister of Japan"; "10-year plan" -> "plan of 10 years"
    opts = _literal_compound_options(toks)
    if not opts:
        return False
    kind, i, j = rng.choice(opts)
    if kind == "poss":
        owner = toks[i].text
        head = [Tok(t.text, " ") for t in toks[i + 3 : j]]
        tail_ws = toks[j - 1].ws
        new = [Tok("the", " ")] + head + [Tok("of", " "), Tok(owner, tail_ws)]
        if i == 0:
            new[0].text = "The"
    else:
        m = re.fullmatch(r"(\w+)-(\w+?)(s?)", toks[i].text)
        num, unit = m.group(1), m.group(2)
        noun = toks[i + 1]
        plural = "" if num.lower() in ("one", "1") else "s"
        new = [Tok(noun.text, " "), Tok("of", " "), Tok(num, " "), Tok(unit + plural, noun.ws)]
    for t in new:
        t.cat = "literal-compound"
    toks[i:j] = new
    return True


def g_spurious_words(toks, rng):
    cands = [
        i
        for i in range(1, len(toks))
        if is_word(toks[i - 1]) and is_word(toks[i]) and toks[i - 1].ws == " " and free(toks, i - 1, i)
    ]
    if not cands:
        return False
    i = rng.choice(cands)
    words = rng.choice(SPURIOUS)
    toks[i:i] = [Tok(w, " ", "spurious-words") for w in words]
    return True


def g_split_attribution(toks, rng):
    # '..." Ortega said.' -> '..." she said. Ortega said.'  /  'X said.' -> 'X said, he said.'
    for i in range(len(toks) - 2):
        if toks[i].text in ('"', "”") and i > 0 and toks[i - 1].text in (",", ".", "?", "!") and free(toks, i + 1):
            if toks[i + 1].text[:1].isupper() and any(t.text in SAID for t in toks[i + 1 : i + 5]):
                pron = rng.choice(PRONOUNS)
                toks[i].ws = " "
                toks[i + 1 : i + 1] = [
                    Tok(pron, " ", "split-attribution"),
                    Tok("said", "", "split-attribution"),
                    Tok(".", " ", "split-attribution"),
                ]
                return True
    said = [
        i
        for i, t in enumerate(toks)
        if t.text in SAID
        and i + 1 < len(toks)
        and toks[i + 1].text == "."
        and i == len(toks) - 2
        and free(toks, i, i + 1)
    ]
    if said:
        i = said[0]
        toks[i].ws = ""
        toks.insert(i + 1, Tok(",", " ", "split-attribution"))
        toks.insert(i + 2, Tok(rng.choice(PRONOUNS), " ", "split-attribution"))
        toks.insert(i + 3, Tok("said", "", "split-attribution"))
        return True
    return False


def _word_order_options(toks: list[Tok]) -> list[tuple[str, int]]:
    """("adv", i): a movable adverb; ("said", i): "Ortega said"; ("adjn", i): adjective + noun."""
    opts = []
    for i in range(1, len(toks) - 1):
        t = toks[i]
        if t.text.lower() in ADVERBS and free(toks, i):
            opts.append(("adv", i))
        if (
            t.text in SAID
            and i >= 1
            and free(toks, i - 1, i)
            and toks[i - 1].text[:1].isupper()
            and toks[i - 1].text.isalpha()
        ):
            opts.append(("said", i))
        if (
            lower_word(t)
            and lower_word(toks[i + 1])
            and word_class(t.text) == ("ADJ", "NN")
            and word_class(toks[i + 1].text) in (("NOUN", "NN"), ("NOUN", "NNS"))
            and free(toks, i, i + 1)
        ):
            opts.append(("adjn", i))
    return opts


def _move_adverb(toks: list[Tok], i: int, rng) -> bool:
    adv = toks.pop(i)
    lo, hi = max(1, i - 3), min(len(toks) - 1, i + 3)
    positions = [j for j in range(lo, hi + 1) if j != i and is_word(toks[j - 1]) and toks[j - 1].ws == " "]
    if not positions:
        toks.insert(i, adv)
        return False
    j = rng.choice(positions)
    adv.text = adv.text.lower() if j else match_case("A", adv.text)
    adv.ws = " "
    adv.cat = "word-order"
    toks.insert(j, adv)
    return True


def g_word_order(toks, rng):
    opts = _word_order_options(toks)
    if not opts:
        return False
    kind, i = rng.choice(opts)
    if kind == "adv":
        return _move_adverb(toks, i, rng)
    if kind == "said":
        # "Ortega said on Monday" -> "said Ortega on Monday" / "said on Monday Ortega"
        subj, said = toks[i - 1], toks[i]
        said.ws, subj.ws = subj.ws, said.ws
        toks[i - 1], toks[i] = said, subj
        if i - 1 == 0:
            said.text = match_case("A", said.text)
        said.cat = subj.cat = "word-order"
        return True
    a, b = toks[i], toks[i + 1]
    a.text, b.text = b.text, a.text
    a.cat = b.cat = "word-order"
    return True


def g_punctuation(toks, rng):
    opts = []
    for i in range(1, len(toks)):
        t = toks[i]
        if t.text in (",", ".", ":", ";") and toks[i - 1].ws == "" and free(toks, i):
            opts.append(("space", i))
            if t.text == "," and i + 1 < len(toks) and free(toks, i + 1):
                opts.append(("drop", i))
        if t.text in ('"', "“", "”") and free(toks, i):
            opts.append(("quote", i))
    if not opts:
        return False
    kind, i = rng.choice(opts)
    if kind == "space":
        toks[i - 1].ws = " "
        toks[i].cat = "punctuation"
    elif kind == "drop":
        toks[i - 1].ws = toks[i].ws
        del toks[i]
        toks[i].cat = "punctuation"
    else:
        t = toks[i]
        opening = t.text == "“" or (t.text == '"' and toks[i - 1].ws != "")
        t.text = rng.choice(["«", "„"]) if opening else rng.choice(["»", "“"])
        t.cat = "punctuation"
    return True


def g_number_date(toks, rng):
    opts = []
    for i, t in enumerate(toks):
        if not free(toks, i):
            continue
        if (
            t.text.isdigit()
            and i + 2 < len(toks)
            and toks[i + 1].text in (".", ",")
            and toks[i].ws == ""
            and toks[i + 1].ws == ""
            and toks[i + 2].text.isdigit()
            and free(toks, i + 1, i + 2)
        ):
            opts.append(("dec", i))
        if (
            t.text in MONTHS
            and i + 1 < len(toks)
            and toks[i + 1].text.isdigit()
            and len(toks[i + 1].text) <= 2
            and free(toks, i + 1)
        ):
            opts.append(("date", i))
    if not opts:
        return False
    kind, i = rng.choice(opts)
    if kind == "dec":
        toks[i + 1].text = "," if toks[i + 1].text == "." else "."
        for j in (i, i + 1, i + 2):
            toks[j].cat = "number-date"
        return True
    month, day = toks[i], toks[i + 1]
    ws = day.ws
    new = [Tok(day.text, " ", "number-date"), Tok("of", " ", "number-date"), Tok(month.text, ws, "number-date")]
    toks[i : i + 2] = new
    return True
