"""number-date: numbers and dates in a source language's format.

"2,5 million" -> "2.5 million"; "1.200.000" -> "1,200,000"; "on 3 of March" -> "on March 3";
"14.30 hours" -> "2:30 p.m."; "5 %" -> "5%"; "$ 5 million" -> "$5 million".
"""

from __future__ import annotations

import re

from .base import lemmas, suggestion

CATEGORY = "number-date"

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
UNITS = (
    r"million|billion|trillion|percent|per[ ]cent|%|km|kilometres|kilometers|kg|kilograms|metres|meters"
    r"|miles|points|degrees|times|hours|tonnes|tons|litres|liters|seconds|minutes"
)
# A decimal comma: one or two digits after the comma (a thousands group always has three),
# after a currency sign or before a unit.
DECIMAL_COMMA_RE = re.compile(
    rf"(?:(?<=[$€£¥])(\d+),(\d{{1,2}})(?![\d,])|(?<![\d.,])(\d+),(\d{{1,2}})(?=[ \u00a0]?(?:{UNITS})\b|%))"
)
# Thousands separated by full stops, two groups or more: 1.200.000
DOTTED_THOUSANDS_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d.,])")
# One group: "1.800 people" (a count of things cannot have three decimals).
DOTTED_COUNT_RE = re.compile(r"(?<![\d.,])(\d{1,3})\.(\d{3})(?![\d.,])(?=[ ]([a-z]+)\b)")
# "3 of March", but not a number that is part of another one ("08:30 of March 3", "2/3 of
# March sales", "1.5 of"), nor "1 of April 8" (an issue number: the day follows the month).
DAY_OF_MONTH_RE = re.compile(rf"(?<![\d:.,/\-])\b(\d{{1,2}}) of ({MONTHS})\b(?![ \u00a0]*\d)")
HOURS_RE = re.compile(r"\b([01]?\d|2[0-3])[.:h]([0-5]\d)[ ]?(?:hours|hrs|h)\b")
PERCENT_SPACE_RE = re.compile(r"(?<=\d)[ \u00a0]%")
# "$ 493 million", "US$ 198.0 billion" (MLQE-PE ne/si and MQM zh-en MT; never in 3.6M words of clean news)
CURRENCY_SPACE_RE = re.compile(r"(?<![\w$£€¥])((?:US|A|C|HK|NZ|S)?[$£€¥])[ \u00a0](?=\d)")


def _ap_time(hour: int, minute: int) -> str:
    if hour == 0 and minute == 0:
        return "midnight"
    if hour == 12 and minute == 0:
        return "noon"
    suffix = "a.m." if hour < 12 else "p.m."
    h = hour % 12 or 12
    return f"{h} {suffix}" if minute == 0 else f"{h}:{minute:02d} {suffix}"


def check(doc):
    text = doc.text
    for sent in doc.sentences:
        for m in DECIMAL_COMMA_RE.finditer(text, sent.start, sent.end):
            whole, frac = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            if frac == "00" and len(whole) >= 2:
                # "$110,00": a thousands group that lost a digit as often as a decimal comma
                yield suggestion(
                    doc, m.start(), m.end(), None, CATEGORY, "decimal comma, or a thousands group missing a digit", 0.6
                )
                continue
            yield suggestion(
                doc, m.start(), m.end(), f"{whole}.{frac}", CATEGORY, "decimal comma: English uses a decimal point", 0.9
            )
        for m in DOTTED_THOUSANDS_RE.finditer(text, sent.start, sent.end):
            yield suggestion(
                doc,
                m.start(),
                m.end(),
                m.group().replace(".", ","),
                CATEGORY,
                "thousands separated by full stops: English uses commas",
                0.85,
            )
        for m in DOTTED_COUNT_RE.finditer(text, sent.start, sent.end):
            noun = m.group(3)
            if re.fullmatch(UNITS, noun) or "NOUN" not in lemmas(noun):
                continue
            yield suggestion(
                doc,
                m.start(),
                m.end(),
                f"{m.group(1)},{m.group(2)}",
                CATEGORY,
                "thousands separated by a full stop: English uses a comma",
                0.75,
            )
        for m in DAY_OF_MONTH_RE.finditer(text, sent.start, sent.end):
            yield suggestion(
                doc,
                m.start(),
                m.end(),
                f"{m.group(2)} {int(m.group(1))}",
                CATEGORY,
                f'write the date as "{m.group(2)} {int(m.group(1))}"',
                0.9,
            )
        for m in HOURS_RE.finditer(text, sent.start, sent.end):
            t = _ap_time(int(m.group(1)), int(m.group(2)))
            end = m.end()
            if t.endswith(".") and text[end : end + 1] == ".":
                end += 1  # "at 2:30 p.m." ends the sentence with one full stop
            yield suggestion(doc, m.start(), end, t, CATEGORY, f'24-hour time: write "{t}"', 0.85)
        for m in PERCENT_SPACE_RE.finditer(text, sent.start, sent.end):
            yield suggestion(doc, m.start(), m.end(), "%", CATEGORY, 'no space before "%"', 0.75)
        for m in CURRENCY_SPACE_RE.finditer(text, sent.start, sent.end):
            sign = m.group(1)
            yield suggestion(doc, m.start(), m.end(), sign, CATEGORY, f'no space after "{sign}"', 0.75)


_ANY_DAY_OF_MONTH_RE = re.compile(rf"\d{{1,2}} of (?:{MONTHS})\b")


def legitimate(doc, s) -> bool:
    """A suggestion of this category from another detector (the model) on an "N of Month" that
    is no date: the number belongs to a time, a fraction or a score ("at 08:30 of March 3",
    "2/3 of March sales"), or the day follows the month ("Freights 1 of April 8")."""
    text = doc.text
    lo, hi = max(0, s.start - 12), min(len(text), s.end + 12)
    for m in _ANY_DAY_OF_MONTH_RE.finditer(text, lo, hi):
        if m.start() < max(s.end, s.start + 1) and s.start < m.end() and not DAY_OF_MONTH_RE.match(text, m.start()):
            return True
    return False
