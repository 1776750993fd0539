"""broken-compound: a hyphenated compound that lost one half or was split.

"long -term" -> "long-term"; "well- known" -> "well-known"; "multi - party" -> "multi-party";
"the -based order" is flagged without a fix (the missing half cannot be guessed by a rule).
"""

from __future__ import annotations

import re

from .base import ARTICLES, CONJUNCTIONS, DETERMINERS, PREPOSITIONS, lemmas, suggestion

CATEGORY = "broken-compound"

# "long -term": a word, a space, then a hyphen glued to the next word.
SPLIT_BEFORE_RE = re.compile(r"\b([a-z]+)[ \t]+-([a-z]{2,})\b")
# "well- known": a hyphen glued to the word before, a space, then a word.
SPLIT_AFTER_RE = re.compile(r"\b([A-Za-z]+)-[ \t]+([a-z]{2,})\b")
# the word after a match, to tell a dash ("Sydney- nullified the need") from a compound
NEXT_WORD_RE = re.compile(r"[ \t]+([A-Za-z]+)\b")
# "multi - party", "Twenty - five": a tokeniser's spaces around the hyphen of a bound prefix or a
# compound number (MLQE-PE ne/si MT); a word before a spaced hyphen is otherwise a dash ("Co - will").
SPACED_HYPHEN_RE = re.compile(
    r"\b(pre|post|non|anti|semi|counter|hyper|multi|inter|intra|mid|self|sub|super)[ \t]+-[ \t]+([a-z]{2,})\b"
    r"|\b([Tt]wenty|[Tt]hirty|[Ff]orty|[Ff]ifty|[Ss]ixty|[Ss]eventy|[Ee]ighty|[Nn]inety)[ \t]+-[ \t]+"
    r"(one|two|three|four|five|six|seven|eight|nine)\b"
)
# "-based order": a hyphen half with nothing before it.
ORPHAN_RE = re.compile(r"(?:(?<=^)|(?<=[\s(\"“]))-([a-z]{2,})\b", re.M)
# Suspended hyphens are legitimate: "long- and short-term", "pre- or post-war", and in the
# names of German, French, Dutch and Nordic firms ("Berliner Handels- und Frankfurter Bank").
SUSPENDED = frozenset({"and", "or", "to", "nor", "as", "und", "oder", "bis", "et", "ou", "og", "och", "en"})
ORPHAN_AFTER = ARTICLES | DETERMINERS | CONJUNCTIONS | PREPOSITIONS
# After a dash typed as a hyphen ("cities- it's better", "the economy -which stagnated"), the
# next word is a function word; half of a compound never is.
DASH_FOLLOWERS = ORPHAN_AFTER | frozenset(
    """it he she they we i you who which that is are was were be been has have had will would can could
    may might must should there""".split()
)
ARABIC_NAME_PARTICLES = frozenset({"al", "el", "ul", "ash", "ad", "an", "as", "az", "bin", "ibn", "abu", "abd"})
PREFIXES = frozenset(
    """pre post non anti semi counter hyper under over extra vice co re sub super multi inter intra mid
    ex self cross""".split()
)


def check(doc):
    text = doc.text
    for sent in doc.sentences:
        before = list(SPLIT_BEFORE_RE.finditer(text, sent.start, sent.end))
        # " -which ... -may": this sentence types its dashes as hyphens; none of them is a compound.
        if not any(m.group(2) in DASH_FOLLOWERS for m in before):
            for m in before:
                left = m.group(1)
                if left in ORPHAN_AFTER:
                    continue  # "the -based order" is an orphan half, handled below
                yield suggestion(
                    doc,
                    m.start(),
                    m.end(),
                    f"{left}-{m.group(2)}",
                    CATEGORY,
                    f'"{left}-{m.group(2)}" is one hyphenated word',
                    0.85,
                )
        for m in SPLIT_AFTER_RE.finditer(text, sent.start, sent.end):
            yield from _split_after(doc, m)
        for m in SPACED_HYPHEN_RE.finditer(text, sent.start, sent.end):
            left, right = m.group(1) or m.group(3), m.group(2) or m.group(4)
            if right not in DASH_FOLLOWERS:
                msg = f'"{left}-{right}" is one hyphenated word'
                yield suggestion(doc, m.start(), m.end(), f"{left}-{right}", CATEGORY, msg, 0.85)
        for m in ORPHAN_RE.finditer(text, sent.start, sent.end):
            if _after_closing_quote(text, m.start()):
                continue  # the quote is the first half: 'the "seller"-oriented style', '"Me and China"-themed'
            before_words = text[max(sent.start, m.start() - 20) : m.start()].split()
            prev = before_words[-1].lower() if before_words else ""
            if prev and prev not in ORPHAN_AFTER and not prev.endswith((",", "(", '"', "“")):
                continue
            yield suggestion(
                doc, m.start(), m.end(), None, CATEGORY, f'"-{m.group(1)}" has lost the first half of its compound', 0.8
            )


def _after_closing_quote(text: str, i: int) -> bool:
    """Whether ``text[i]`` follows a closing quotation mark: a straight one glued to the word before."""
    if i < 1 or text[i - 1] not in '"\u201d':
        return False
    return text[i - 1] == "\u201d" or (i >= 2 and not text[i - 2].isspace() and text[i - 2] != "(")


def _split_after(doc, m):
    """ "well- known": a hyphenated word, or a word broken at a line end, or (no suggestion) a dash."""
    text = doc.text
    left, right = m.group(1), m.group(2)
    if right in SUSPENDED:
        return
    chained = text[m.start() - 1 : m.start()] == "-"  # "over-the- counter", "28-dlr- per-share"
    if not chained:
        if right in DASH_FOLLOWERS:
            return  # "Sucks to the cities- it's better out here"
        if right in ARABIC_NAME_PARTICLES and text[m.end() : m.end() + 1] == "-":
            return  # a dash before a name: "one key point- al-Qaeda attacks"
        joined = left + right
        if left.lower() not in PREFIXES and not lemmas(left.lower()) and lemmas(joined.lower()):
            # a word broken at the end of a line: "orga- nise" -> "organise"
            msg = f'"{joined}" is one word broken by a hyphen'
            yield suggestion(doc, m.start(), m.end(), joined, CATEGORY, msg, 0.85)
            return
        nxt = NEXT_WORD_RE.match(text, m.end())
        if nxt and nxt.group(1).lower() in ARTICLES | DETERMINERS:
            return  # a dash before a verb and its object: "rather than Sydney- nullified the need"
    if not chained and left.endswith("ing") and right.endswith("s"):
        # "smaller producing- nations": a participle before a plural noun is rarely one word
        yield suggestion(doc, m.start(), m.end(), None, CATEGORY, "a stray hyphen or a broken compound", 0.6)
    else:
        yield suggestion(
            doc, m.start(), m.end(), f"{left}-{right}", CATEGORY, f'"{left}-{right}" is one hyphenated word', 0.85
        )
