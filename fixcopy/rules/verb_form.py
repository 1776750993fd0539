"""verb-form: the wrong inflection after to, a modal or an auxiliary.

"decided to extending" -> "decided to extend"; "could helped" -> "could help";
"has announce" -> "has announced"; "did not agreed" -> "did not agree".
Inflections come from lemminflect; a word is only corrected when it can be
nothing but a verb form (so "committed to solving", "access to funding",
"the will of the people" are left alone).
"""

from __future__ import annotations

from .base import (
    AUX_ADVERBS,
    DETERMINERS,
    DO_FORMS,
    HAVE_FORMS,
    MODALS,
    NEGATIVE_MODALS,
    inflection,
    lemmas,
    match_case,
    suggestion,
    verb_forms,
    verb_lemma,
)

CATEGORY = "verb-form"

# Verbs and adjectives that take a to-infinitive (after which "to" cannot be a preposition).
TO_INFINITIVE_TAKERS = frozenset(
    """agree plan want decide expect aim seek try refuse promise vow pledge threaten hope need fail manage
    intend attempt choose offer prepare wish deserve afford arrange dare hesitate learn neglect pretend
    proceed tend volunteer wait continue begin start appear seem able unable likely unlikely willing
    unwilling ready eager order""".split()
)
TIME_WORDS = frozenset(
    """on in at last this next monday tuesday wednesday thursday friday saturday sunday week month year
    yesterday today tonight principle again also finally unanimously""".split()
)
OBJECT_WORDS = DETERMINERS | frozenset({"him", "them", "us", "me", "it", "up", "out", "down", "off"})
NOT_AUX_VERBS = frozenset({"be", "have", "do"})
NON_BASE_TAGS = ("VBD", "VBN", "VBZ", "VBG")
# Verb bases that are adjectives as well: after "has" they modify a noun ("has complete faith",
# "has open access", "have clear evidence").
ADJECTIVE_BASES = frozenset(
    """complete perfect clean clear open free close slow quiet dry empty warm cool right wrong separate
    correct direct present total equal double secure level narrow smooth tidy calm steady""".split()
)


def _non_base_verb(
    word: str, allow_noun_if_object: bool = False, next_word: str = "", allow_adjective: bool = False
) -> str | None:
    """The lemma when ``word`` is an inflected (not base) verb form, else None."""
    low = word.lower()
    if low in MODALS:
        return None
    ls = lemmas(low)
    if "VERB" not in ls:
        return None
    lemma = ls["VERB"][0]
    if lemma in NOT_AUX_VERBS or low == lemma or low in ls["VERB"]:
        return None  # also the base form of another verb: "continued to found a think tank", "to wound"
    forms = verb_forms(lemma)
    tags = [t for t in NON_BASE_TAGS if low in forms.get(t, ())]
    if not tags or low in forms.get("VB", ()):
        return None
    others = set(ls) - {"VERB", "AUX"}
    if allow_adjective and others == {"ADJ"} and tags != ["VBG"]:
        others = set()  # "would informed": after a modal an -ed adjective reading cannot stand
    if others:
        # Also a noun or adjective ("funding", "limited"): only a verb when an object follows.
        if not (allow_noun_if_object and tags == ["VBG"] and next_word in OBJECT_WORDS):
            return None
    return lemma


# What one founds (a company, a party): after a modal, "found" before anything else is "find"
# lost its base form ("could not found an answer"), not the verb "found".
FOUNDABLE = frozenset(
    """company companies firm firms business businesses party parties group groups organisation
    organization organisations organizations movement movements school schools college university
    city cities town colony state nation dynasty church churches charity charities club clubs
    museum foundation institute society newspaper magazine journal bank banks band union league
    order religion empire kingdom republic hospital think tank startup start-up venture label""".split()
)
OBJECT_DETERMINERS = frozenset({"a", "an", "the", "any", "no", "some", "its", "their", "his", "her", "our", "my"})


def _found_as_find(words, j: int) -> str | None:
    """ "find" for "found" followed by an object that no one founds ("could not found an answer")."""
    if words[j] != "found" or j + 1 >= len(words) or words[j + 1] not in OBJECT_DETERMINERS:
        return None
    rest = words[j + 2 : j + 5]
    return None if not rest or any(w in FOUNDABLE for w in rest) else "find"


# After these a participle has no object: "will used to fund",
# "will paid to the exporter", "would bought out by a group" lost the "be" of a passive as often
# as "will retired at the meeting" has the wrong form. Flagged, without a fix.
NO_OBJECT_AFTER = frozenset(
    """to by in at on for from with into onto out up down off over under through as than locally again
    back later soon now there here""".split()
)


def _passive_reading(words, j: int, lemma: str) -> bool:
    """The past participle at token j could be a passive that lost its "be": a preposition, a
    particle or an -ly adverb follows it, not an object. (At a clause's end it is taken as the
    wrong form: "They could helped.")"""
    forms = verb_forms(lemma)
    w = words[j]
    participle = w in forms.get("VBN", ()) or ("VBN" not in forms and w in forms.get("VBD", ()))
    nxt = words[j + 1] if j + 1 < len(words) else ""
    return participle and (nxt in NO_OBJECT_AFTER or nxt.endswith("ly"))


def _base_form_after(doc, toks, words, j: int, where: str, passive: bool = True):
    """The base form for the verb at token j (past adverbs such as "not" or "also"). With
    ``passive`` (after a modal, not after "did not"), a participle without an object is flagged."""
    while j < len(toks) and words[j] in AUX_ADVERBS:
        j += 1
    if j < len(toks) and toks[j].is_word:
        lemma = _non_base_verb(toks[j].text, allow_adjective=True) or _found_as_find(words, j)
        if lemma and passive and _passive_reading(words, j, lemma):
            yield suggestion(
                doc,
                toks[j].start,
                toks[j].end,
                None,
                CATEGORY,
                f'{where} the verb takes its base form, or "be" and this participle (a passive)',
                0.7,
            )
        elif lemma:
            # An -ing form after a modal is as often a gerund ("as will making Messenger
            # available", "should buying support fail", "may, depending on"): flagged, not fixed.
            ing = words[j] in verb_forms(lemma).get("VBG", ())
            if ing and words[j - 1] == "can":
                return  # the noun: "a beverage can manufacturing plant", "metal can making"
            if words[j] == "according":
                return  # "will" the noun ("come from human will according to reason"): "accord to" is no verb
            yield suggestion(
                doc,
                toks[j].start,
                toks[j].end,
                match_case(toks[j].text, lemma),
                CATEGORY,
                f"{where} the verb takes its base form",
                0.6 if ing else 0.9,
            )


def check(doc):
    for sent in doc.sentences:
        toks = doc.tokens(sent)
        words = [t.lower for t in toks]
        n = len(toks)
        for i, tok in enumerate(toks):
            w = words[i]
            if w in MODALS or w in NEGATIVE_MODALS:
                yield from _after_modal(doc, toks, words, i)
            elif w in DO_FORMS and i + 1 < n and words[i + 1] == "not":
                yield from _base_form_after(doc, toks, words, i + 2, f'after "{tok.text} not"', passive=False)
            elif w in HAVE_FORMS:
                yield from _after_have(doc, toks, words, i)
            elif w == "to" and i >= 1 and i + 1 < n and toks[i + 1].is_word:
                yield from _after_to(doc, toks, words, i)


def _after_modal(doc, toks, words, i: int):
    """A modal (or its negative, "won't", "didn't"): the verb after it takes its base form."""
    tok, w = toks[i], words[i]
    # A capitalised modal inside a sentence is a name ("American Can earned", "Continental
    # Can said"); "May" is a month or a name ("May closed 2 cents higher", "May said").
    if tok.text[0].isupper() and (i > 0 or w == "may"):
        return
    if i > 0 and words[i - 1] in DETERMINERS:
        return  # "the will", "a must"
    if i == 0 and tok.text[0].isupper():
        return  # an inversion, whose subject follows: "Will wearing blackface hurt him?", "Should buying fail"
    yield from _base_form_after(doc, toks, words, i + 1, f'after "{tok.text}"')


def _after_have(doc, toks, words, i: int):
    """has/have/had + a base form: the verb takes its past participle."""
    n = len(toks)
    j = i + 1
    while j < n and words[j] in AUX_ADVERBS:
        j += 1
    if not (j < n and toks[j].is_word):
        return
    cand = words[j]
    lemma = verb_lemma(cand)
    if cand in MODALS or not (lemma and cand == lemma and lemma not in NOT_AUX_VERBS and cand not in ADJECTIVE_BASES):
        return  # a modal has no participle ("has may have" is a typo of another kind, not "has might")
    forms = verb_forms(lemma)
    if cand in forms.get("VBN", ()) or cand in forms.get("VBD", ()):
        return
    vbn = inflection(lemma, "VBN")
    if vbn and vbn != cand:
        yield suggestion(
            doc,
            toks[j].start,
            toks[j].end,
            match_case(toks[j].text, vbn),
            CATEGORY,
            f'after "{toks[i].text}" the verb takes its past participle',
            0.85,
        )


def _after_to(doc, toks, words, i: int):
    """A to-infinitive after a verb or adjective that takes one: the verb after "to" takes its
    base form."""
    n = len(toks)
    k = i - 1
    if words[k] == "not" and k >= 1:
        k -= 1
    # "agreed on Tuesday to ...": skip a short time phrase between verb and "to".
    while k >= 1 and i - k <= 3 and words[k] in TIME_WORDS:
        k -= 1
    prev = lemmas(words[k])
    prev_lemmas = {v[0] for v in prev.values()} | {words[k]}
    if not (prev_lemmas & TO_INFINITIVE_TAKERS):
        return
    if words[k] == "order" and (k == 0 or words[k - 1] != "in"):
        return
    if k >= 1 and words[k].endswith("s") and (words[k - 1] in DETERMINERS or words[k - 1].endswith("ing")):
        return  # the taker is a noun: "some disappointing starts to growing seasons"
    if toks[i + 1].text[0].isupper():
        return  # a name: "expected to Fed"
    nxt = words[i + 2] if i + 2 < n else ""
    lemma = _non_base_verb(toks[i + 1].text, allow_noun_if_object=True, next_word=nxt)
    if lemma and nxt and set(lemmas(nxt)) == {"NOUN"} and words[i + 1] not in verb_forms(lemma).get("VBG", ()):
        return  # a participle before a noun is an adjective: "pledged to secured creditors"
    if lemma and _passive_reading(words, i + 1, lemma):
        yield suggestion(
            doc,
            toks[i + 1].start,
            toks[i + 1].end,
            None,
            CATEGORY,
            f'"{toks[k].text} to" takes the base form of the verb, or "be" and this participle (a passive)',
            0.7,
        )
    elif lemma:
        # "agree to" also takes a noun or a gerund ("agreed to setting up a panel"):
        # flagged, not fixed.
        gerund_ok = "agree" in prev_lemmas and words[i + 1] in verb_forms(lemma).get("VBG", ())
        yield suggestion(
            doc,
            toks[i + 1].start,
            toks[i + 1].end,
            match_case(toks[i + 1].text, lemma),
            CATEGORY,
            f'"{toks[k].text} to" takes the base form of the verb',
            0.6 if gerund_ok else 0.85,
        )


def legitimate(doc, s) -> bool:
    """A suggestion of this category from another detector (the model) on an -ing form after
    "to" where "to" is a preposition ("look forward to seeing", "committed to solving"): only a
    verb or adjective that takes a to-infinitive makes that -ing form wrong."""
    sent = doc.sentence_at(s.start)
    if sent is None:
        return False
    toks = doc.tokens(sent)
    words = [t.lower for t in toks]
    for i, t in enumerate(toks):
        if not (t.is_word and t.start < s.end and s.start < t.end) or i < 2 or words[i - 1] != "to":
            continue
        ls = lemmas(words[i])
        if "VERB" not in ls or words[i] not in verb_forms(ls["VERB"][0]).get("VBG", ()):
            continue
        k = i - 2
        if words[k] == "not" and k >= 1:
            k -= 1
        while k >= 1 and i - 1 - k <= 3 and words[k] in TIME_WORDS:
            k -= 1
        prev_lemmas = {v[0] for v in lemmas(words[k]).values()} | {words[k]}
        if not prev_lemmas & TO_INFINITIVE_TAKERS:
            return True
    return False
