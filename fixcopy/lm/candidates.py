"""Candidate repairs of a flagged place: the small, closed classes of edit that machine translation
gets wrong and that a language model can judge by comparison (pure; no model, no I/O).

Each candidate replaces one stretch of the document's text. Only these kinds are proposed:

- ``inflection``: another form of the same word (lemminflect: "ignoring" -> "ignore", "is" -> "are");
- ``article``: a/an/the swapped, or dropped ("The skiers" -> "Skiers");
- ``preposition``: one of the common prepositions for another, or dropped;
- ``literal-compound``: a noun compound that came out as an "of" chain ("risks of health" ->
  "health risks");
- ``word-order``: an adverb moved past its neighbour ("now has" -> "has now");
- ``confusion``: a function word that machine translation puts for another, from a short table
  (``CONFUSIONS``): "his" for "its"/"their" (Spanish "su", which does not mark its owner's gender or
  number: "the group said that his members"), "any" for "no", "since" for "from", "what" for
  "which", "at" for "on"/"in", "like" and "how" for "as" (Spanish "como").

Content words are never deleted or replaced by other words: a bare log-probability gain always
favours a shorter, commoner sentence, and that is the trap a language-model corrector falls into.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexical import lemmas, match_case
from .confusions import CONFUSIONS, opens_clause

ARTICLES = ("a", "an", "the")
# the prepositions a round trip swaps most; each may replace another
PREPOSITIONS = ("in", "on", "at", "to", "for", "of", "with", "by", "from", "about", "into", "over")
# adverbs that source-language word order puts on the wrong side of a verb
MOVABLE_ADVERBS = frozenset(
    "also now still already initially only just even never often then currently recently previously "
    "again soon always usually finally".split()
)
FUNCTION_WORDS = frozenset(
    ARTICLES
    + PREPOSITIONS
    + tuple(
        "and or but nor so yet as than that which who whom whose what this these those it its he she they "
        "we you i his her their our my your is are was were be been being has have had do does did not no "
        "will would can could may might must shall should there here him them us me one two three some many "
        "most all each both few several any none".split()
    )
)
# heads of "X of Y" that English writes that way ("a number of people", "the rest of it")
OF_HEADS = frozenset(
    "lot lots kind kinds sort sorts type types number numbers couple series range group groups variety amount "
    "majority minority rest half third quarter percent per end top middle side part parts piece pieces cup "
    "glass bottle state rule freedom ministry minister member members head chief director board department "
    "secretary president university institute bank city capital".split()
)
CORE_RE = re.compile(r"^[^\w]*(.*?)[^\w]*$", re.S)


@dataclass(frozen=True, slots=True)
class Word:
    start: int  # the core's offsets in the document (no surrounding punctuation)
    end: int
    core: str


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int  # document offsets of the stretch replaced
    end: int
    replacement: str
    kind: str  # a GARBLES.md category id


def words_in(text: str, start: int, end: int) -> list[Word]:
    """The whitespace words of ``text[start:end]`` by their cores (punctuation stripped)."""
    out = []
    for m in re.finditer(r"\S+", text[start:end]):
        c = CORE_RE.match(m.group())
        if c and c.group(1):
            a = start + m.start() + c.start(1)
            out.append(Word(a, a + len(c.group(1)), c.group(1)))
    return out


def plain(word: str) -> bool:
    """A lower-case (or sentence-initial capitalised) alphabetic word: no names, numbers or codes."""
    return word.isascii() and word.isalpha() and (word.islower() or (word[0].isupper() and word[1:].islower()))


def _inflections(w: Word) -> list[Candidate]:
    from lemminflect import getAllInflections

    low = w.core.lower()
    if not plain(w.core) or low in ARTICLES or low in PREPOSITIONS:
        return []
    forms: dict[str, str] = {}
    for upos, lems in lemmas(low).items():
        if upos not in ("VERB", "AUX", "NOUN"):
            continue
        kind = "agreement" if upos == "NOUN" else "verb-form"  # a noun's number, a verb's form
        for lem in lems:
            for tag_forms in getAllInflections(lem, upos="VERB" if upos == "AUX" else upos).values():
                for f in tag_forms:
                    forms.setdefault(f, kind)
    forms.pop(low, None)
    return [Candidate(w.start, w.end, match_case(w.core, f), k) for f, k in sorted(forms.items()) if f.isalpha()]


def _drop(text: str, w: Word) -> tuple[int, int]:
    """The stretch that deleting word ``w`` removes: the word and the space after it (or before it,
    at the end of a clause)."""
    end = w.end
    while end < len(text) and text[end] == " ":
        end += 1
    if end > w.end and end < len(text) and not text[end].isspace():
        return w.start, end
    start = w.start
    while start > 0 and text[start - 1] == " ":
        start -= 1
    return start, w.end


def _closed_class(text: str, w: Word, nxt: Word | None) -> list[Candidate]:
    low = w.core.lower()
    if w.core not in (low, low.capitalize()):
        return []
    if low in ARTICLES:
        kind, others = "article", ARTICLES
    elif low in PREPOSITIONS:
        kind, others = "preposition", PREPOSITIONS
    else:
        return []
    out = [Candidate(w.start, w.end, match_case(w.core, o), kind) for o in others if o != low]
    if w.core[0].isupper():
        # a sentence-initial word dropped hands its capital to the next word ("The skiers" -> "Skiers")
        if nxt is not None and text[w.end : nxt.start] == " " and nxt.core.islower() and plain(nxt.core):
            out.append(Candidate(w.start, nxt.end, match_case(w.core, nxt.core), kind))
    else:
        a, b = _drop(text, w)
        out.append(Candidate(a, b, "", kind))
    return out


def _confusion(text: str, w: Word, prev: Word | None) -> list[Candidate]:
    low = w.core.lower()
    if low not in CONFUSIONS or w.core not in (low, low.capitalize()):
        return []
    if low == "what" and not _relative_place(text, w, prev):
        return []
    if low == "since" and opens_clause(text, w.end):
        return []
    return [Candidate(w.start, w.end, match_case(w.core, o), "confusion") for o in CONFUSIONS[low][0]]


def _relative_place(text: str, w: Word, prev: Word | None) -> bool:
    """Whether "which" could stand at ``w`` as a relative pronoun: after a comma, a preposition or a
    word that may be a noun ("the civilisation what built", "a situation in what"), not after a verb,
    whose object "what" is ("could not ascertain what my duty is": the LM once preferred "which" there
    by 21 nats, on an MLQE-PE ne-en sentence)."""
    if prev is None:
        return False
    if "," in text[prev.end : w.start]:
        return True
    low = prev.core.lower()
    return low in PREPOSITIONS or (low not in FUNCTION_WORDS and maybe_noun(low))


def _of_chain(text: str, words: list[Word], j: int) -> list[Candidate]:
    """ "risks of health" -> "health risks"."""
    if j + 2 >= len(words) or words[j + 1].core != "of":
        return []
    x, y = words[j], words[j + 2]
    if not is_of_chain(text, x.start, x.end, y.start, y.end):
        return []
    return [Candidate(x.start, y.end, f"{y.core} {x.core}", "literal-compound")]


def is_of_chain(text: str, xs: int, xe: int, ys: int, ye: int) -> bool:
    """Whether ``text[xs:ye]`` may be a noun compound rendered as an "of" chain: a lower-case
    content word X, a bare "of", and a lower-case content word Y that can be a noun and ends the noun
    phrase ("risks of health", but not "the cost of living", "shares of common stock" or "output of
    gas and electricity"). A name for Y ("police of Sacramento") was measured too: no right repair
    on bt-dev, and "reintroduction of Vioxx" -> "Vioxx reintroduction" on clean news."""
    x, y = text[xs:xe], text[ys:ye]
    if text[xe:ys] != " of " or len(x) < 3 or not (plain(x) and x.islower()):
        return False
    if x in FUNCTION_WORDS or x in OF_HEADS:
        return False
    if not (y.islower() and len(y) >= 3 and plain(y)) or y in FUNCTION_WORDS or not maybe_noun(y):
        return False
    return ends_phrase(text, ye)


def maybe_noun(word: str) -> bool:
    """Whether ``word`` can be a noun (or is unknown to the lexicon): not "holders of preferred",
    "repayments of specified", "opening of gambling"."""
    found = lemmas(word)
    return not found or "NOUN" in found


def _swap(text: str, words: list[Word], j: int) -> list[Candidate]:
    if j + 1 >= len(words):
        return []
    x, y = words[j], words[j + 1]
    if text[x.end : y.start] != " " or not (plain(x.core) and plain(y.core)):
        return []
    if x.core.lower() not in MOVABLE_ADVERBS and y.core.lower() not in MOVABLE_ADVERBS:
        return []
    if not y.core.islower() or not (x.core.islower() or x.core[0].isupper()):
        return []
    first, second = (match_case(x.core, y.core), x.core.lower()) if x.core[0].isupper() else (y.core, x.core)
    return [Candidate(x.start, y.end, f"{first} {second}", "word-order")]


# The kinds the LM repairs, measured with benchmarks/lm_repair_sweep.py on bt-dev, clean news and
# MLQE-PE: of-chains only (bt-dev: 34 right, 0 wrong at a 4-nat margin; none on 119k words of clean
# news). The others were measured at LM-flagged places and left out: other inflections and articles
# are as often wrong as right (bt-dev: 2 right, 15 wrong verb forms at a 2-nat margin), and
# prepositions, right twice on bt-dev at a 10-nat margin, made two MLQE-PE ro sentences worse.
REPAIR_KINDS = ("literal-compound",)
ALL_KINDS = ("verb-form", "agreement", "article", "preposition", "literal-compound", "word-order", "confusion")


def candidates(text: str, words: list[Word], positions: range, kinds=REPAIR_KINDS) -> list[Candidate]:
    """Every candidate repair of the words at ``positions`` (indices into ``words``, the words of
    one sentence) of the given kinds, without duplicates."""
    out: dict[tuple[int, int, str], Candidate] = {}
    for j in positions:
        if not 0 <= j < len(words):
            continue
        w = words[j]
        nxt = words[j + 1] if j + 1 < len(words) else None
        found = _closed_class(text, w, nxt) + _of_chain(text, words, j)
        if "verb-form" in kinds or "agreement" in kinds:
            found += _inflections(w)
        if "word-order" in kinds:
            found += _swap(text, words, j)
        if "confusion" in kinds:
            found += _confusion(text, w, words[j - 1] if j > 0 else None)
        for c in found:
            if c.kind in kinds and text[c.start : c.end] != c.replacement:
                out.setdefault((c.start, c.end, c.replacement), c)
    return list(out.values())


# words that may follow a noun phrase (and so end "X of Y" there)
PHRASE_BOUNDARY = FUNCTION_WORDS | frozenset(
    "after before during since until as because while when where if though although despite against among "
    "between through under without within across including".split()
)
NEXT_WORD_RE = re.compile(r"\s*(\w*)")
# after Y, the noun phrase may go on as a coordination: "writedowns of oil and gas assets"
COORDINATORS = frozenset(("and", "or", "nor"))


def ends_phrase(text: str, end: int) -> bool:
    """Whether a noun phrase can end at ``end``: punctuation, a name, a function word or a word that
    cannot be a noun follows, not a word that may be its head ("shares of common stock") nor a
    coordinator ("oil and gas assets")."""
    nxt = NEXT_WORD_RE.match(text, end).group(1)
    if nxt in COORDINATORS:
        return False
    return not nxt or not nxt.islower() or nxt in PHRASE_BOUNDARY or "NOUN" not in lemmas(nxt)


OF_CHAIN_RE = re.compile(r"\b([a-z]+) of ([a-z]+)\b")


def of_chains(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Places that look like a noun compound rendered as an "of" chain ("risks of health"): two
    lower-case content words joined by a bare "of". Candidates for the LM to judge, not flags."""
    return [
        (m.start(), m.end())
        for m in OF_CHAIN_RE.finditer(text, start, end)
        if is_of_chain(text, m.start(1), m.end(1), m.start(2), m.end(2))
    ]
