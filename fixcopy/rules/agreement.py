"""Agreement: subject and verb, or determiner and noun, disagree.

The rule flags two shapes only, where English grammar leaves no doubt:

* "this" before a plural noun that a plural verb or a modal follows: "this measures have pushed
  costs up" -> "these measures" (not "this means prices rise": "means" is not only a plural);
* a sentence that opens with a plural noun phrase and a singular verb: "The two leaders was" ->
  "were", "Officials in both countries says" -> "say" (the head noun a plain plural in -s, not
  "The news is", "The data is", "The Philippines is"; at most three words of a prepositional
  phrase between).

The rest is the model's; this module also holds the look-alikes that veto the model's agreement
flags on good English.

* A plural verb after a compound subject: "A debate and vote are scheduled", "Prices and
  wages have risen". The flag is vetoed when the flagged word is a plural or past form of
  be/have/do and the clause before it (back to the last comma, semicolon, colon or the
  sentence start) has "and" between two of its words.
* The subjunctive "were": "if it were", "as if he were", "I wish she were".
* A plural verb after a collective noun or a company name, as British copy has it: "The
  government are", "The first group have", "Warner Inc are".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..document import Span
from ..suggestion import Suggestion
from .base import lemmas, match_case, suggestion, verb_lemma

CATEGORY = "agreement"
PLURAL_AUX = {"are", "were", "have", "do", "'re", "’re"}
SUBJUNCTIVE_BEFORE = re.compile(
    r"\b(?:if|as if|as though|wish|wished|suppose|supposing|even if)\s+(?:\w+\s+){0,3}$", re.IGNORECASE
)

# nouns for a group of people that British English takes with a plural verb
COLLECTIVE = set(
    """
army audience band bank board cabinet class club committee community company council couple crew
crowd department electorate family firm government group jury league management majority minority
navy opposition panel parliament party police press public regiment school side squad staff team
union
bbc fa inc plc ltd llc corp co nhs
""".split()
)
ADVERB_BETWEEN = {"also", "now", "still", "already", "all", "both", "themselves", "not", "often", "currently"}


PLURAL_VERBS = frozenset({"are", "were", "have", "do"}) | frozenset(
    "will would can could should must may might".split()
)
SINGULAR_TO_PLURAL = {"is": "are", "was": "were", "has": "have", "does": "do", "says": "say"}
OPENERS = frozenset({"the", "these", "those", "both", "many", "several", "most", "some", "all", "two", "three", "four"})
NUMBER_WORDS = frozenset("two three four five six seven eight nine ten both".split())
LINKING = frozenset({"in", "from", "at", "of", "for", "on"})
UNITS = frozenset("years months weeks days hours minutes seconds decades centuries miles kilometres dollars".split())
PRONOUNS = frozenset("it he she they we i you this that there".split())
CLAUSE_STARTS = frozenset("what which who whom whose how why when where whether that if".split())


def plural_noun(word: str) -> bool:
    """A plain plural in -s: "measures", "leaders"; not a word that is its own singular ("news",
    "series", "data", "statistics") and not a capitalised name."""
    if not word.islower() or not word.endswith("s"):
        return False
    nouns = lemmas(word).get("NOUN", ())
    return bool(nouns) and word not in nouns


THIS_PLURAL_RE = re.compile(rf"\b([Tt]his)[ ]+([a-z]+s)[ ]+(?:{'|'.join(sorted(PLURAL_VERBS))})\b")


def check(doc) -> Iterable[Suggestion]:
    for m in THIS_PLURAL_RE.finditer(doc.text):
        if plural_noun(m.group(2)):
            yield suggestion(
                doc,
                m.start(1),
                m.end(1),
                match_case(m.group(1), "these"),
                CATEGORY,
                f'"{m.group(1)}" does not go with the plural "{m.group(2)}"',
                0.85,
            )
    for sent in doc.sentences:
        # the opening noun phrase and its verb lie in the sentence's first few words
        toks = doc.tokens(Span(sent.start, min(sent.end, sent.start + 160)))
        yield from _opening_subject(doc, toks, [t.lower for t in toks])


def _opening_subject(doc, toks, words):
    """The sentence's first noun phrase is a plural, and its verb singular."""
    k = 0
    while k < len(toks) and not toks[k].is_word:
        k += 1  # an opening quotation mark
    if k + 1 >= len(toks):
        return
    j = k
    if words[j] in OPENERS:
        j += 1
        if j < len(toks) and words[j] in NUMBER_WORDS:
            j += 1
    if j + 1 >= len(toks) or words[j] in UNITS:
        return  # "Two years is a long time", "Three months was quoted at 313 stg"
    bare = j == k  # no determiner: "Officials in both countries says" (but not "Resorts has")
    head = words[j] if bare else toks[j].text
    if not plural_noun(head):
        return
    v = j + 1
    if words[v] in LINKING:
        # a short prepositional phrase of lower-case words: "in both countries", "of lost laptops"
        v += 1
        while v < len(toks) and words[v] not in SINGULAR_TO_PLURAL:
            if v > j + 4 or not toks[v].text.islower() or words[v] in CLAUSE_STARTS or words[v] in PRONOUNS:
                return  # longer, a name, a clause or a pronoun: the verb may be another subject's
            if verb_lemma(words[v]):
                return
            v += 1
    elif bare:
        return
    if v < len(toks) and words[v] in SINGULAR_TO_PLURAL:
        yield suggestion(
            doc,
            toks[v].start,
            toks[v].end,
            SINGULAR_TO_PLURAL[words[v]],
            CATEGORY,
            f'"{toks[v].text}" does not agree with the plural "{toks[j].text}"',
            0.85,
        )


def legitimate(doc, s) -> bool:
    """A model agreement flag on a plural verb after a compound subject, or on a subjunctive
    "were"."""
    word = doc.text[s.start : s.end].strip().lower()
    if word not in PLURAL_AUX:
        return False
    sent = doc.sentence_at(s.start)
    before = doc.text[sent.start if sent else max(0, s.start - 200) : s.start]
    if word == "were" and SUBJUNCTIVE_BEFORE.search(before):
        return True
    prev = [w.lower() for w in re.findall(r"[\w']+", before)[-3:]]
    while prev and (prev[-1] in ADVERB_BETWEEN or prev[-1].endswith("ly")):
        prev.pop()
    if prev and prev[-1] in COLLECTIVE:
        return True
    clause = re.split(r"[,;:]", before)[-1]
    # "and" between two words of the clause (a clause that starts with "and" joins clauses)
    return bool(re.search(r"\w\s+and\s+\w", clause.strip(), re.IGNORECASE))
