"""split-attribution: a quote's attribution doubled, or cut off from its quote.

Machine translation often renders a quote's attribution twice, once as a pronoun and once with
the name, or cuts it off into a sentence of its own:

* '..." she said. Ortega said after the vote.'  -> '..." Ortega said after the vote.'
* '..." said Kjaergaard, he told analysts.'     -> '..." Kjaergaard told analysts.'
* '..." Carrasco said, the striker told reporters.' -> '..." Carrasco told reporters.'
* '..." Kiprono told reporters, she said.'     -> '..." Kiprono told reporters.'
* '..." he said, said Ortega.'                  -> '..." said Ortega.'
* '..." said when asked.' (the speaker lost, as when the source language drops its subject):
  flagged, without a fix

Every pattern starts at a closing quotation mark, so only a quote's own attribution is read. The
cut-off sentence must be a bare attribution: a name, a reporting verb and at most a short object
or time and place ("told the news conference", "wrote on Telegram after the signing"); a
sentence that says something ("Smith said the plan failed", "Smith told the BBC: ...") is the
next speaker's, and is left alone.
"""

from __future__ import annotations

import re

from .base import FINITE_TAGS, suggestion, verb_lemma, verb_tags

CATEGORY = "split-attribution"

_CLOSE = r"(?<=[,.!?…][\"”'’])[ ]+"  # a closing quotation mark after the quote's own punctuation
_NAME = r"(?:[A-ZÀ-Þ][^\W\d_]*(?:['’\-][A-ZÀ-Þ]?[^\W\d_]+)*)(?:[ ][A-ZÀ-Þ][^\W\d_]*(?:['’\-][A-ZÀ-Þ]?[^\W\d_]+)*){0,2}"
_PRONOUN = r"(?:he|she|they)"
_REPORT = r"(?:said|says|told|added|wrote|tweeted)"

# '," she said. Lund-Hansen told the news conference.'
CUT_OFF_RE = re.compile(
    _CLOSE
    + rf"(?P<drop>{_PRONOUN}[ ](?:said|says|added)\.[ ]+)(?P<keep>(?P<name>{_NAME})[ ](?P<verb>{_REPORT}))\b"
    + r"(?P<tail>[^.!?\"“”'‘’:;\n]{0,80})\.(?=\s|$)"
)
# '," said Kjærgaard, he told analysts'
SAID_NAME_PRONOUN_RE = re.compile(_CLOSE + rf"(?P<all>said[ ](?P<name>{_NAME}),[ ]{_PRONOUN}[ ](?P<verb>{_REPORT}))\b")
# '," Carrasco said, the striker told reporters'
NAME_SAID_THE_RE = re.compile(
    _CLOSE + rf"(?P<all>(?P<name>{_NAME})[ ](?:said|says),[ ]the[ ][a-z]+(?:[ ][a-z]+)?[ ](?P<verb>told|said|added))\b"
)
# '," Kiprono told reporters, she said.'
TOLD_PRONOUN_SAID_RE = re.compile(
    _CLOSE + rf"{_NAME}[ ]told[ ][\w'’\-]+(?:[ ][\w'’\-]+){{0,2}}(?P<drop>,[ ]{_PRONOUN}[ ]said)(?=\.)"
)
# '," he said, said Ortega.'
PRONOUN_SAID_SAID_RE = re.compile(_CLOSE + rf"(?P<drop>{_PRONOUN}[ ](?:said|added),[ ])(?=(?:said|added)[ ][A-ZÀ-Þ])")
# '," said.' or '," said via Twitter.': no speaker (a quoted title before it may be the subject:
# 'the editorial "Dangerous Confrontation," said'). Double quotes only: inside a quote, "'ugly,' said"
# may report what others said.
NO_SPEAKER_RE = re.compile(
    r"(?<=[,.!?…][\"”])[ ]+(?P<verb>said|says|added|adds|wrote|continued|explained|insisted)"
    r"(?=[.,;:]|[ ](?:when|via|on|in|at|after|before|during|while|as|from|later|again|also|then)\b)"
)
OPENING_QUOTE_RE = re.compile(r"[\"“](?P<quote>[^\"“”\n]{1,200})$")
# ... or the speaker follows, after a time or place: '," said on Thursday the opposition leader Lotte
# Brouwer.' (source-language word order, not a speaker lost)
SPEAKER_AFTER_RE = re.compile(r"[^.;:!?\n\"“”]{0,60}?\b(?:the|a|an)[ ](?:[a-z]+[ ]){1,3}[A-Z]")

# Words that show the cut-off sentence says something of its own: a clause, not a bare attribution.
CLAUSE_WORDS = frozenset(
    """that what how why whether if because he she they it we i you is was were are has had have will
    would could can should may might must did does do not no nothing something""".split()
)
NOT_NAMES = frozenset("He She They It We I You The This That There Officials".split())
MESSAGE = "the quote's attribution is doubled or cut off from its quote"
CONFIDENCE = 0.85
NO_SPEAKER_CONFIDENCE = 0.7  # a flag: who spoke is not in the copy


def _finite_verb(word: str) -> bool:
    """A past or present-tense verb form that is not also a noun or an adjective ("failed", "rose")."""
    return verb_lemma(word) is not None and bool(verb_tags(word) & FINITE_TAGS)


def _bare(tail: str) -> bool:
    words = re.findall(r"[^\W\d_]+", tail)
    return len(words) <= 8 and not any(w.lower() in CLAUSE_WORDS or _finite_verb(w.lower()) for w in words)


def check(doc):
    text = doc.text
    for m in CUT_OFF_RE.finditer(text):
        if m.group("name").split()[0] in NOT_NAMES:
            continue  # '..." she said. He added.' is another sentence, not a name cut off
        if _bare(m.group("tail")):
            yield suggestion(doc, m.start("drop"), m.end("keep"), m.group("keep"), CATEGORY, MESSAGE, CONFIDENCE)
    for rx in (SAID_NAME_PRONOUN_RE, NAME_SAID_THE_RE):
        for m in rx.finditer(text):
            keep = f"{m.group('name')} {m.group('verb')}"
            yield suggestion(doc, m.start("all"), m.end("all"), keep, CATEGORY, MESSAGE, CONFIDENCE)
    for m in NO_SPEAKER_RE.finditer(text):
        opening = OPENING_QUOTE_RE.search(text, max(0, m.start() - 202), m.start() - 2)
        words = re.findall(r"[^\W\d_]+", opening.group("quote")) if opening else []
        if words and all(w[0].isupper() for w in words):
            continue  # a title: 'the publication "Global Crop News," said in its report'
        verb = m.group("verb")
        if SPEAKER_AFTER_RE.match(text, m.end()):
            category, msg = "word-order", f'"{verb}" comes before its speaker: source-language word order'
        else:
            category, msg = CATEGORY, f'"{verb}" has no speaker: the attribution lost its subject'
        yield suggestion(doc, m.start("verb"), m.end("verb"), None, category, msg, NO_SPEAKER_CONFIDENCE)
    for rx in (TOLD_PRONOUN_SAID_RE, PRONOUN_SAID_SAID_RE):
        for m in rx.finditer(text):
            yield suggestion(doc, m.start("drop"), m.end("drop"), "", CATEGORY, MESSAGE, CONFIDENCE)
