"""stray-punctuation: a full stop or comma inside a clause, with a lowercase word after it.

"signed a deal. with the union" -> "signed a deal with the union";
"the, government said" -> "the government said".
"""

from __future__ import annotations

import re

from ..document import ABBREVIATIONS
from .base import CONJUNCTIONS, MODALS, PREPOSITIONS, inside_sentence, suggestion, verb_lemma

CATEGORY = "stray-punctuation"

# word + full stop + space(s) or one line break + a lowercase word.
PERIOD_RE = re.compile(r"(?<![.\w])([^\W\d_][\w'’\-]*)\.([ \t]+|[ \t]*\r?\n[ \t]*)([a-z][a-z'’\-]*)\b")
# A comma straight after a word that cannot end a phrase: an article or a possessive determiner.
# Not the end of a longer word ("Xi'an, a city", "Yan'an, the base", "S.A, a subsidiary"); a
# capitalised one only at the start of a sentence ("hemophilia A, the most common form").
COMMA_RE = re.compile(
    r"(?<![\w'’.\-])(the|a|an|its|their|our|my|your|The|A|An|Its|Their|Our|My|Your),([ \t]+)([a-z][a-z'’\-]*)\b"
)

RELATIVES = frozenset({"which", "who", "whom", "whose", "where", "when", "that"})

# Lowercase words that legitimately follow a full stop: parts of names, units and
# abbreviations that end without a full stop of their own.
LOWERCASE_STARTS = frozenset(
    {"de", "da", "di", "van", "von", "der", "del", "du", "la", "le", "bin", "al", "el", "ibn", "dos", "das"}
)
# Abbreviations a lowercase word commonly follows ("5 pct. rise", "approx. cost"), US state
# abbreviations ("its Racine, Wis. foundry"), and the wire's ("15 mln stg. v", "Maxwell House Div.").
MORE_ABBREVIATIONS = frozenset(
    """pct approx min max sq lb lbs oz kg km cm mm yr yrs mo hr hrs sec govt natl intl incl excl ref
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont neb
    nebr nev okla ore pa penn tenn tex va vt wash wis wisc wyo
    cos div stg dlr dlrs mln bln cts shr shrs avg qtr mths revs cub ehf hf""".split()
)
# Words that often open a sentence. After a full stop, one of them more likely starts a new
# sentence that lost its capital ("19.35 dlrs a barrel. the price move follows") than a clause
# cut by a stray full stop; that is flagged, not fixed (unless a verb that takes a clause
# comes before it: "The company said. it expected a loss").
SENTENCE_OPENERS = frozenset(
    """the he she they we i it there this these those if but however his her its their our my your
    some many most all one two three four five six seven eight nine ten unless although though
    because when while meanwhile overall""".split()
)
CLAUSE_TAKERS = frozenset(
    """say tell find add argue believe announce report expect agree claim insist warn show think know
    note state confirm deny suggest predict estimate fear hope decide rule conclude admit acknowledge
    explain indicate""".split()
)
REPORTING = frozenset({"said", "says", "say", "told", "reported", "added"})
_REST_OF_PARAGRAPH_RE = re.compile(r"(?:[^\w\n]|\^M)*(?:\n|\Z)")
_NEXT_WORD_RE = re.compile(r"[ \t]+([a-z]+)")


def _paragraph_start(doc, offset: int) -> int:
    for p in doc.paragraphs:
        if p.start <= offset < p.end:
            return p.start
    return 0


def _lowercase_copy(doc, offset: int) -> bool:
    """The paragraph does not capitalise its sentences (wire tables, all-lowercase reports)."""
    start = _paragraph_start(doc, offset)
    m = re.search(r"[^\W\d_]", doc.text[start : start + 200])
    return bool(m and m.group().islower())


# Words that carry a clause on and so mark a full stop before them as stray ("a deal. with the
# union", "a stable. or a falling price", "found. that he had"). After a noun or an adjective the
# full stop is as often a new sentence that lost its capital ("he said. cash flow from ...", "the
# central bank said. gold reserves were ..."): flagged, not fixed.
CONTINUERS = (
    PREPOSITIONS
    | CONJUNCTIONS
    | MODALS
    | frozenset("that which who whom whose not a an was were is are has have had did does do".split())
)


def _continues(word: str) -> bool:
    return word in CONTINUERS or verb_lemma(word) is not None


def check(doc):
    text = doc.text
    for sent in doc.sentences:
        for m in PERIOD_RE.finditer(text, sent.start, sent.end):
            before, after = m.group(1), m.group(3)
            low = before.lower()
            if len(before) == 1 or low in ABBREVIATIONS or low in MORE_ABBREVIATIONS or "." in before:
                continue
            if before.isupper() and len(before) <= 5:  # "NATO." "INC." - too often an acronym or heading
                continue
            if after in LOWERCASE_STARTS or low.rsplit("-", 1)[-1] in MORE_ABBREVIATIONS:
                continue
            if len(after) == 1 and after != "a":  # a legend or list letter: "bales. y - in mln cwts"
                continue
            if _REST_OF_PARAGRAPH_RE.match(text, m.end(3)):
                continue  # a sign-off or marker ending the paragraph: "the Navy said. reuter", "more"
            if _lowercase_copy(doc, m.start()):
                continue  # "sows - up 1.00 dlr. us 1-3 500-650 lbs"
            nxt = _NEXT_WORD_RE.match(text, m.end(3))
            lemma = verb_lemma(low) or low
            if after in SENTENCE_OPENERS:  # "it", "the", "there": only after "said", "argued" ...
                new_sentence = lemma not in CLAUSE_TAKERS
            else:
                new_sentence = not _continues(after)
            if new_sentence or (nxt and nxt.group(1) in REPORTING):
                yield suggestion(
                    doc,
                    m.start(1),
                    m.end(3),
                    None,
                    CATEGORY,
                    f'full stop before a lowercase "{after}": a stray full stop, or a new '
                    "sentence that lost its capital",
                    0.6,
                )
                continue
            yield suggestion(
                doc,
                m.start(1),
                m.end(3),
                before + m.group(2) + after,
                CATEGORY,
                f'full stop inside a sentence before "{after}"',
                0.9,
            )
        for m in COMMA_RE.finditer(text, sent.start, sent.end):
            if m.group(1)[0].isupper() and inside_sentence(text, sent.start, m.start(1)):
                continue  # a capital inside a sentence: a label or a name ("Series A, due 1996")
            after = m.group(3)
            if after in PREPOSITIONS and "," in text[m.end(3) : sent.end]:
                continue  # an aside: "Their, in some cases quite small, infantry units"
            # before a relative pronoun the noun itself was lost ("he won a, which was"): no fix
            fixed = None if after in RELATIVES else m.group(1) + m.group(2) + after
            yield suggestion(
                doc, m.start(1), m.end(3), fixed, CATEGORY, f'comma after "{m.group(1)}" breaks the phrase', 0.9
            )


_APOSTROPHE_NAME_RE = re.compile(r"[^\W\d_]+['’][^\W\d_]+$")


def legitimate(doc, s) -> bool:
    """A suggestion of this category from another detector (the model) on the comma or full
    stop after a name with an apostrophe ("Xi'an, a city", "Qur'an, the book", "O'Neill. He")
    or after an abbreviation ("Racine, Wis. for"): the rules know these look-alikes."""
    text = doc.text
    lo = max(0, s.start - 3)  # a span may hold only the word after the mark: "Wis. [for]"
    for m in re.finditer(r"[,.]", text[lo : s.end + 1]):
        at = lo + m.start()
        word = re.search(r"[\w'’\-]+$", text[max(0, at - 40) : at])
        if word and (_APOSTROPHE_NAME_RE.search(word.group()) or word.group().lower() in MORE_ABBREVIATIONS):
            return True
    return False
