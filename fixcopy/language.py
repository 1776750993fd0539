"""Does a text look like English? A cheap guess, to say once that fixcopy is checking text it
was not made for (a German file, a Russian one): its rules and model know English only.

The guess is deliberately lenient: short texts, tables of figures, and English copy full of
foreign names and quotations all pass. A text fails when most of its letters are not ASCII,
or when, over enough words, the function words of the other common newsroom languages
outnumber English ones (names, figures and wire tables have few of either).
"""

from __future__ import annotations

import re

ENGLISH = frozenset(
    """the of and to a in is that for on was with said as at by it from he be has have are were will his an
    this not but its they or had which who their been after more would one new also up about than she her
    we you i been over into there could out when if can no all some two last year first says told what
    mln pct vs dlrs cts shr net revs qtr""".split()
)
# Function words of French, German, Spanish, Italian, Portuguese, Dutch and the Nordic languages
# that are not English words.
FOREIGN = frozenset(
    """le la les des du et est une dans pour sur pas qui que au aux avec sont ont été cette ces
    der die das und ist nicht mit den dem ein eine zu von sich auf für wird wurde auch sie es im
    el los las y en con por una del se lo como para su al más pero fue
    il di che della delle gli non per sono una nel alla
    o os da do dos das em com não uma ao pelo pela
    het een van niet zijn op voor met ook
    och att som inte är för med af og ikke er til på""".split()
)
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_LETTERS = 60
MIN_WORDS = 12


def looks_english(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 20:
        return True  # too short to tell
    ascii_share = sum(1 for c in letters if c.isascii()) / len(letters)
    if ascii_share < 0.5 or (ascii_share < 0.8 and len(letters) >= MIN_LETTERS):
        return False  # mostly another script (a Chinese, Russian or Greek text)
    words = [w.lower() for w in _WORD_RE.findall(text)]
    if len(words) < MIN_WORDS:
        return True
    english = sum(1 for w in words if w in ENGLISH)
    foreign = sum(1 for w in words if w in FOREIGN)
    return not (foreign > english and foreign >= 0.05 * len(words))
