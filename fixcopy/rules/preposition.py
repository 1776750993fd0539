"""preposition: a preposition carried over from the source language.

Only pairings that English does not have, each with the one it uses instead:

* "interested for/on joining" -> "interested in"; "accused for fraud" -> "accused of";
  "responsible of" -> "responsible for"; "aware about" -> "aware of"; "depends of" -> "depends on";
* "qualified to the final" -> "qualified for"; "reached to an agreement" -> "reached an agreement";
  "discussed about the plan" -> "discussed the plan";
* "on last week", "in next month" -> "last week", "next month";
* "since two years" -> "for two years";
* "in July 19." -> "on July 19."; "at Thursday against" -> "on Thursday against"; "in a Saturday," ->
  "on a Saturday," (a day takes "on"; not "in Tuesday morning trading", "in the Sunday Times",
  "at December 31" of accounts, "In January 25 people");
* "arrived to Nairobi" -> "arrived in Nairobi" (a country or large city; any other place is flagged
  without a replacement: "arrived at the airport", "arrived in the capital").

Each pattern leaves the English it resembles alone: "interested for years", "accused for the
first time of", "qualified to vote", "arrived to cheers", "since two years ago", "on last week's
figures".
"""

from __future__ import annotations

import re

from .base import lemmas, match_case, suggestion

CATEGORY = "preposition"

_TIME = r"(?:years?|months?|weeks?|days?|decades?|hours?|a[ ]long[ ]time|some[ ]time|the[ ](?:past|last|first|second|third)|so[ ]long|long|now|more[ ]than|over|nearly|almost|about|several|many|two|three|four|five|six|seven|eight|nine|ten|\d+)\b"
# words before "on last year" that make it a comparison ("up 5% on last year")
COMPARED = frozenset("up down unchanged higher lower better worse pct percent cent".split())
_NUMBER = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|several|many|\d{1,3})"

# (pattern, the group to replace, its replacement (None: flag only), confidence)
WRONG = (
    # "interested for joining": not "interested for years", "interested for the first time in"
    (rf"\binterested[ ](?P<p>for|on|about)[ ](?!{_TIME})(?=[a-z])", "in", 0.85),
    (rf"\baccused[ ](?P<p>for)[ ](?!{_TIME}|the[ ]first)(?=[a-z])", "of", 0.85),
    (r"\b(?:was|were|is|are|be|been|being|not|held|hold|holds|deemed)[ ]responsible[ ](?P<p>of)\b", "for", 0.85),
    (r"\b(?:was|were|is|are|be|been|being|not|fully|well|very|made|become|became)[ ]aware[ ](?P<p>about)\b", "of", 0.8),
    (r"\bdepend(?:s|ed|ing)?[ ](?P<p>of)\b", "on", 0.85),
    (r"\bqualif(?:y|ies|ied|ying)[ ](?P<p>to)(?=[ ](?:the|a|this|next|their|its|his|her)[ ])", "for", 0.85),
    (
        r"\breach(?:es|ed|ing)?(?P<p>[ ]to)(?=[ ](?:an?|the)[ ](?:agreement|deal|consensus|compromise|decision"
        r"|settlement|conclusion|understanding|accord)\b)",
        "",
        0.85,
    ),
    (r"\bdiscuss(?:es|ed|ing)?(?P<p>[ ]about)(?=[ ][a-z])", "", 0.85),
    # "in prison since two years." (not "since two years ago", "since four weeks notice is required")
    (rf"\b(?P<p>[Ss]ince)(?=[ ]{_NUMBER}[ ](?:years|months|weeks|days|decades)(?:[ ]now)?[,.;])", "for", 0.8),
)
WRONG_RES = tuple((re.compile(p), r, c) for p, r, c in WRONG)
# "on last week": a bare last/next + unit takes no preposition (not "on last week's")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
LAST_NEXT_RE = re.compile(
    rf"(?<![\w'’])(?P<p>[Oo]n[ ]|[Ii]n[ ])(?=(?:last|next)[ ](?:week|month|year|weekend|{_WEEKDAY}"
    r"|summer|winter|spring|autumn|season)\b(?!['’]))"
)
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# what may follow a day for "in"/"at" before it to be wrong: punctuation or a word that starts a
# new phrase, never a noun the day modifies ("in Tuesday morning trading", "at Monday's meeting")
_DAY_END = r"(?=[,.;:!?)]|[ ](?:and|or|but|to|when|after|before|as|at|in|with|for|from|against|it|he|she|they|we)\b|$)"
DAY_RE = re.compile(
    rf"(?<![\w'’])(?P<p>[Ii]n|[Aa]t)(?=[ ](?:an?[ ])?{_WEEKDAY}(?:[ ](?:morning|afternoon|evening|night))?{_DAY_END})"
    rf"|(?<![\w'’])(?P<q>[Ii]n)(?=[ ]{_MONTH}[ ](?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?![.,]?\d)(?:,[ ]\d{{4}})?{_DAY_END})",
    re.M,
)
ARRIVED_TO_RE = re.compile(r"\barriv(?:e|es|ed|ing)[ ](?P<p>to)[ ](?P<next>(?:the[ ])?[A-Za-zÀ-Þ][\w'’\-]*)")


def _verb(word: str) -> bool:
    """Only a verb form ("phased", "flow"): "in"/"on" after it is a particle."""
    ls = lemmas(word)
    return bool(ls) and set(ls) <= {"VERB", "AUX"}


def _place(name: str) -> bool:
    from .article import gazetteer

    return name in gazetteer()


def check(doc):
    text = doc.text
    for rx, repl, conf in WRONG_RES:
        for m in rx.finditer(text):
            a, b = m.span("p")
            old = text[a:b]
            new = match_case(old.strip(), repl) if repl else ""
            if repl and old.endswith(" "):
                new += " "
            msg = f'English does not use "{old.strip()}" here' + (f': "{repl}"' if repl else "")
            yield suggestion(doc, a, b, new, CATEGORY, msg, conf)
    for m in LAST_NEXT_RE.finditer(text):
        prev = re.findall(r"[\w%£$€]+", text[max(0, m.start() - 40) : m.start()])
        before = prev[-1].lower() if prev else ""
        if before in COMPARED or any(c.isdigit() or c in "%£$€" for c in before) or _verb(before):
            # "up 2.5 pct on last year", "phased in next month", "the exhibition it will put on next year"
            continue
        a, b = m.span("p")
        # below the fix threshold: "on" also ends a clause ("which it stopped paying interest on last month")
        yield suggestion(doc, a, b, "", CATEGORY, f'"{text[a:b].strip()} last/next ..." takes no preposition', 0.7)
    for m in DAY_RE.finditer(text):
        g = "p" if m.group("p") else "q"
        a, b = m.span(g)
        yield suggestion(doc, a, b, match_case(m.group(g), "on"), CATEGORY, 'a day takes "on"', 0.85)
    for m in ARRIVED_TO_RE.finditer(text):
        nxt = m.group("next")
        if nxt[0].islower() and not nxt.startswith("the "):
            continue  # "arrived to find", "arrived to cheers"
        a, b = m.span("p")
        if _place(nxt):
            yield suggestion(doc, a, b, "in", CATEGORY, '"arrive" takes "in" before a country or city', 0.85)
        else:
            yield suggestion(doc, a, b, None, CATEGORY, '"arrive" takes "in" or "at", not "to"', 0.6)
