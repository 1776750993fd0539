"""The vocabulary of the garbles: which words they double, swap, move or insert, and the
word classes (lemminflect, via fixcopy.lexical) and frequent words (wordfreq) they draw on."""

from __future__ import annotations

from functools import lru_cache

from ...lexical import HAVE_FORMS, MODALS, inflection, lemmas, sole_verb_lemma

# Words that duplicated-word doubles.
DOUBLED_WORDS = (
    "the",
    "a",
    "to",
    "of",
    "in",
    "for",
    "with",
    "on",
    "and",
    "that",
    "is",
    "was",
    "has",
    "be",
    "by",
    "at",
    "from",
    "as",
    "it",
    "its",
    "will",
    "have",
    "an",
    "are",
)
# The modals after which verb-form and agreement garble a verb ("cannot" is not among them).
GARBLE_MODALS = MODALS - {"cannot"}
HAVE = HAVE_FORMS
# Prepositions that source languages commonly carry over (weights of the substitute).
PREP_CONFUSION = {
    "in": ("at", "on", "to", "into", "of"),
    "at": ("in", "on", "to"),
    "on": ("in", "at", "about", "for"),
    "to": ("in", "for", "at", "into"),
    "for": ("to", "of", "at", "in"),
    "of": ("from", "for", "in", "about"),
    "with": ("to", "by", "at"),
    "by": ("from", "with", "through"),
    "from": ("of", "by", "since"),
    "into": ("in", "to"),
    "about": ("on", "of", "for"),
    "over": ("on", "about", "above"),
}
TIME_WORDS = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "tomorrow",
    "week",
    "month",
    "year",
}
ADVERBS = (
    "also",
    "already",
    "still",
    "now",
    "yesterday",
    "recently",
    "again",
    "however",
    "only",
    "never",
    "often",
    "currently",
    "previously",
    "later",
    "soon",
    "today",
)
SPURIOUS = (
    ("who", "have"),
    ("which", "is"),
    ("it", "is", "so", "that"),
    ("that",),
    ("itself",),
    ("also",),
    ("then",),
    ("so",),
    ("there",),
    ("of", "it"),
    ("as", "such"),
    ("in", "it"),
    ("them",),
    ("the", "one"),
    ("which",),
    ("it",),
    ("is",),
    ("being",),
    ("for", "it"),
    ("this",),
    ("such",),
    ("own",),
    ("very",),
    ("more",),
    ("to", "be"),
)
PRONOUNS = ("he", "she", "they")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sept",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
SAID = {"said", "says", "told", "added", "stated"}
AGREE_SWAP = {
    "is": "are",
    "are": "is",
    "was": "were",
    "were": "was",
    "has": "have",
    "have": "has",
    "this": "these",
    "these": "this",
    "those": "that",
    "does": "do",
    "do": "does",
}
ANTONYMS = {
    "rose": "fell",
    "fell": "rose",
    "increased": "decreased",
    "decreased": "increased",
    "began": "ended",
    "ended": "began",
    "won": "lost",
    "lost": "won",
    "higher": "lower",
    "lower": "higher",
    "bought": "sold",
    "sold": "bought",
    "opened": "closed",
    "closed": "opened",
    "up": "down",
    "down": "up",
    "rise": "fall",
    "fall": "rise",
    "before": "after",
    "after": "before",
}


def verb_tag(word: str) -> tuple[str, str] | None:
    """(lemma, Penn tag) for an unambiguous verb form."""
    w = word.lower()
    lemma = sole_verb_lemma(w)
    if not lemma:
        return None
    for tag in ("VBD", "VBN", "VBG", "VBZ", "VB"):
        if inflection(lemma, tag) == w:
            return lemma, tag
    return None


def word_class(word: str) -> tuple[str, str] | None:
    """(upos, Penn tag) of an unambiguous verb form, singular noun or adjective, or plural noun."""
    w = word.lower()
    lem = lemmas(w)
    if len(lem) != 1:
        return None
    upos, (lemma, *_) = next(iter(lem.items()))
    if upos == "VERB":
        vt = verb_tag(w)
        return ("VERB", vt[1]) if vt else None
    if upos in ("NOUN", "ADJ"):
        if w == lemma:
            return upos, "NN"
        if upos == "NOUN" and inflection(lemma, "NNS") == w:
            return upos, "NNS"
    return None


@lru_cache(maxsize=1)
def vocab_by_tag() -> dict[tuple[str, str], list[str]]:
    """Frequent content words grouped by (upos, Penn tag): the substitutes of mistranslation."""
    from wordfreq import top_n_list

    groups: dict[tuple[str, str], list[str]] = {}
    for w in top_n_list("en", 12000):
        if not w.isalpha() or len(w) < 3:
            continue
        wc = word_class(w)
        if wc:
            groups.setdefault(wc, []).append(w)
    return groups
