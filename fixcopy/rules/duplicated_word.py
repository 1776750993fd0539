"""duplicated-word: "talks with with the union" -> "talks with the union"; a phrase of two to four
words repeated ("a rise in the price in the price of onions", "it would it would open") -> once."""

from __future__ import annotations

import re

from .base import ARTICLES, CONJUNCTIONS, PREPOSITIONS, inside_sentence, lemmas, suggestion

CATEGORY = "duplicated-word"

# Doubles that English allows: "that that", "had had", "what it is is", "do do",
# reduplications, and interjections.
LEGITIMATE = frozenset(
    {
        "that",
        "had",
        "is",
        "do",
        "very",
        "really",
        "no",
        "so",
        "ha",
        "bye",
        "tsk",
        "knock",
        "chop",
        "boo",
        "yada",
        "blah",
        "bla",
        "la",
        "na",
        "pooh",
        "tut",
        "bang",
        "boom",
        "yeah",
        "ho",
        "hey",
        "go",
        "far",
        "more",
        "many",
        "much",
        "again",
        "over",
        "round",
        "on",
        "out",
        "long",
        "now",
        "well",
        # "south south east" (a compass point), "A plus plus" (a rating), "nil nil" (a score),
        # "ylang ylang", "bora bora"
        "north",
        "south",
        "east",
        "west",
        "plus",
        "minus",
        "nil",
        "ylang",
        "bora",
        "walla",
        "mahi",
        "chin",
        "tom",
    }
)
FUNCTION_WORDS = (
    ARTICLES
    | PREPOSITIONS
    | CONJUNCTIONS
    | frozenset(
        {
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "has",
            "have",
            "will",
            "would",
            "can",
            "could",
            "should",
            "it",
            "he",
            "she",
            "they",
            "we",
            "his",
            "her",
            "its",
            "their",
            "this",
            "these",
            "those",
            "not",
            "who",
        }
    )
)
NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+(?:['’][^\W\d_]+)?)\b")
WORD_PAIR = re.compile(r"\b([^\W\d_]+(?:['’][^\W\d_]+)?)([ \t]+|[ \t]*\r?\n[ \t]*)([^\W\d_]+(?:['’][^\W\d_]+)?)\b")


def check(doc):
    text = doc.text
    for sent in doc.sentences:
        pos = sent.start
        while True:
            m = WORD_PAIR.search(text, pos, sent.end)
            if not m:
                break
            pos = m.start(3)
            first, second = m.group(1), m.group(3)
            low = first.lower()
            if low != second.lower() or low in LEGITIMATE:
                continue
            # Names such as "Pago Pago" or "Sirhan Sirhan" double on purpose.
            if second[0].isupper() and low not in FUNCTION_WORDS:
                continue
            if (
                first[0].isupper()
                and second[0].islower()
                and low not in ARTICLES
                and (
                    inside_sentence(text, sent.start, m.start(1))
                    or (not lemmas(low) and not _again(text, m.end(3), low))
                )
            ):
                # a name, then the word: "Georg and Are are informed", "as Will will say"; a Latin
                # binomial at a sentence's start: "Rupicapra rupicapra tatrica", "Rattus rattus"
                continue
            # One of them belongs to a hyphenated compound: "a break-in in 1999", "in in-fighting",
            # "non-bank bank activities", "one one-hundredth", "Lazard Freres and Co co-managed".
            if (
                text[m.start(1) - 1 : m.start(1)] in "-‐"
                and m.start(1) > 0
                or text[m.end(3) : m.end(3) + 1] in ("-", "‐")
            ):
                continue
            if _tabular(doc, m.start(1)):
                continue  # cells of a table: "Over 20,000 tons nil nil", "May/Jul even even"
            conf = 0.96 if low in FUNCTION_WORDS else 0.8
            end = m.end(3)
            # the same word three times or more ("joint joint joint patrol") is one edit, or a fix
            # would leave a double behind
            while (nxt := NEXT_WORD.match(text, end)) and nxt.end() <= sent.end and nxt.group(1).lower() == low:
                if text[nxt.end() : nxt.end() + 1] in ("-", "‐"):
                    break
                end, pos = nxt.end(), nxt.start(1)
            yield suggestion(doc, m.start(1), end, first, CATEGORY, f'"{second}" is repeated', conf)
    yield from repeated_phrases(doc)


# two to four words, then the same words again (any number of times): a translation system's
# repetition, or an edit that pasted twice
PHRASE_RE = re.compile(
    r"(?<![\w'’\-])(?P<phrase>[^\W\d_]+(?:['’][^\W\d_]+)?(?:[ ][^\W\d_]+(?:['’][^\W\d_]+)?){1,3})(?P<again>(?:[ ](?P=phrase))+)(?![\w'’\-])"
)


# "X and X", "X to X": a reduplication ("more and more", "on and on and on", "back to back",
# "from house to house to", "Measure for Measure", "what makes a gadget a gadget") repeats two words
JOINERS = frozenset(("and", "or", "to", "for", "a", "an"))
FREE_RELATIVES = frozenset(("whatever", "whoever", "whichever", "wherever", "whenever", "what", "who"))


def _reduplication(words: list[str]) -> bool:
    """Two words that, repeated, read as "X and X" or "X to X": "and"/"or" with any word ("on and
    on"), "to"/"for"/"a" with a content word ("back to back", but not "was to was to", "to have to
    have", "to the to the")."""
    if len(words) != 2:
        return False
    a, b = (w.lower() for w in words)
    for joiner, x in ((b, a), (a, b)):
        if joiner in ("and", "or") or (joiner in JOINERS and x not in FUNCTION_WORDS):
            return True
    return False


def repeated_phrases(doc):
    for m in PHRASE_RE.finditer(doc.text):
        phrase = m.group("phrase")
        words = phrase.split()
        if all(w.lower() in LEGITIMATE for w in words) or _reduplication(words) or _tabular(doc, m.start()):
            continue  # "no quote no quote" in a table of prices
        before = doc.text[max(0, m.start() - 12) : m.start()].split()
        if before and before[-1].lower() in FREE_RELATIVES:
            continue  # a tautology: "whatever will be will be", "whoever has been there has been there"
        a, b = m.span("again")
        yield suggestion(doc, a, b, "", CATEGORY, f'"{phrase}" is repeated', 0.85)


def _again(text: str, at: int, low: str) -> bool:
    """Whether the word after ``at`` is ``low`` once more (a loop: "Eleven eleven eleven")."""
    nxt = NEXT_WORD.match(text, at)
    return bool(nxt) and nxt.group(1).lower() == low


def _tabular(doc, offset: int) -> bool:
    """The line is a row of a table: at least four cells that hold a figure or a slash
    ("2-1/2", "May/Jul", "0.10"), a quarter or more of its tokens."""
    line = doc.line_span(offset)
    tokens = doc.text[line.start : line.end].split()
    cells = sum(1 for t in tokens if any(c.isdigit() for c in t) or "/" in t)
    return cells >= 4 and cells * 4 >= len(tokens)


def legitimate(doc, s) -> bool:
    """A suggestion of this category from another detector (the model) that points at one of
    the doubles English allows ("that that", "had had"): the rules know these look-alikes."""
    sent = doc.sentence_at(s.start)
    if sent is None:
        return False
    toks = doc.tokens(sent)
    for i, t in enumerate(toks):
        if not (t.is_word and t.start < s.end and s.start < t.end):
            continue
        same = (i > 0 and toks[i - 1].lower == t.lower) or (i + 1 < len(toks) and toks[i + 1].lower == t.lower)
        if same and t.lower in LEGITIMATE:
            return True
    return False
