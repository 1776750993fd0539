"""Real MT errors as detector training pairs: MLQE-PE X-to-English (``corpora/ape/*_train``).

Each record has the NMT output (``mt``), its Moses tokens (``mt_tok``) with one OK/BAD tag per
token (from the post-edit's TER alignment), and the post-edit (``pe_tok``). A BAD token becomes a
garbled span in ``mt``; its GARBLES category comes from a word alignment of ``mt_tok`` with
``pe_tok`` (difflib): a deleted article is ``article``, a deleted repeat ``duplicated-word``, other
deletions ``spurious-words``; a one-for-one swap of prepositions ``preposition``, of forms of one
lemma ``verb-form``/``agreement``, of punctuation ``punctuation``, of numbers ``number-date``; a
reordering ``word-order``; anything else ``mistranslation``. An article the post-editor inserted is
put on the word after the gap. A BAD tag for a change of case only is left clean (the detector is
not a truecaser).

Only the dev splits are ever evaluated on, never trained on; ``pairs`` defaults to the language
pairs whose MT an English reader can repair (ro/et/ru-en; ne/si-en post-edits are mostly
retranslations), and ``max_hter`` drops sentences that were retranslated rather than edited.
"""

from __future__ import annotations

import difflib
import json
import string
from pathlib import Path

from ...lexical import ARTICLES, PREPOSITIONS, lemmas
from ..garbles import Pair

DEFAULT_PAIRS = ("ro-en", "et-en", "ru-en")
# One-for-one swaps among these are "preposition"; the others of PREPOSITIONS (after, before,
# behind, ...) stay "mistranslation", as in the data the shipped detector was trained on.
PREPS = PREPOSITIONS - {"after", "before", "behind", "beyond", "near", "via", "per", "amid", "despite"}


def _punct(t: str) -> bool:
    return all(c in string.punctuation or c in "“”‘’«»–—…" for c in t)


def _num(t: str) -> bool:
    return any(c.isdigit() for c in t)


def _same_lemma(a: str, b: str) -> str | None:
    """'verb-form' or 'agreement' when a and b are two forms of one lemma."""
    la, lb = lemmas(a.lower()), lemmas(b.lower())
    for pos in set(la) & set(lb):
        if set(la[pos]) & set(lb[pos]):
            return "verb-form" if pos in ("VERB", "AUX") else "agreement"
    return None


def _replace_category(mt: list[str], pe: list[str]) -> str:
    if sorted(w.lower() for w in mt) == sorted(w.lower() for w in pe):
        return "word-order"
    if len(mt) == len(pe) == 1:
        a, b = mt[0].lower(), pe[0].lower()
        if a in ARTICLES and b in ARTICLES:
            return "article"
        if a in PREPS and b in PREPS:
            return "preposition"
        if _punct(a) and _punct(b):
            return "punctuation"
        if _num(a) or _num(b):
            return "number-date"
        same = _same_lemma(a, b)
        if same:
            return same
    return "mistranslation"


def token_categories(mt: list[str], pe: list[str], tags: list[str]) -> list[str | None]:
    """A GARBLES category (or None = clean) for each MT token. The post-editor's tags decide
    which tokens are garbled; the alignment only names the category."""
    cats: list[str | None] = [None] * len(mt)
    low = [w.lower() for w in mt]
    pe_lower = [w.lower() for w in pe]
    gap_article: set[int] = set()
    sm = difflib.SequenceMatcher(a=low, b=pe_lower, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "delete":
            for i in range(i1, i2):
                w = low[i]
                twin = [k for k in (i - 1, i + 1) if 0 <= k < len(mt) and low[k] == w]
                if twin and not _punct(w):
                    for k in [i, *twin]:  # the tags say which of the two is the extra one
                        cats[k] = "duplicated-word"
                elif w in ARTICLES:
                    cats[i] = "article"
                elif _punct(w):
                    cats[i] = "stray-punctuation"
                elif w in pe_lower:
                    cats[i] = "word-order"
                else:
                    cats[i] = "spurious-words"
        elif op == "replace":
            cat = _replace_category(mt[i1:i2], pe[j1:j2])
            for i in range(i1, i2):
                cats[i] = cat
            if cat == "mistranslation" and i2 - i1 == j2 - j1 > 1:  # word for word: name each swap
                for i in range(i1, i2):
                    cats[i] = _replace_category([mt[i]], [pe[j1 + i - i1]])
        elif op == "insert":
            if i1 < len(mt) and j2 - j1 == 1 and pe_lower[j1] in ARTICLES:
                gap_article.add(i1)
        elif op == "equal":
            for i in range(i1, i2):
                if cats[i] is None:
                    cats[i] = "word-order"  # only kept where TER calls it BAD: a moved word
    out: list[str | None] = []
    for i, tag in enumerate(tags):
        if i in gap_article and cats[i] in (None, "word-order"):
            out.append("article")  # a missing article is put on the word after the gap
        elif tag == "BAD":
            case_only = any(mt[i] != w and low[i] == w.lower() for w in pe)
            out.append(None if case_only and cats[i] in ("mistranslation", "word-order") else cats[i])
        else:
            out.append(None)
    return out


def record_pair(rec: dict) -> Pair | None:
    """The (garbled = MT, clean = post-edit) pair of one MLQE-PE record, with character spans in
    ``mt``; None when the tokens cannot be placed in the text."""
    text = rec["mt"]
    toks = rec["mt_tok"].split()
    if len(toks) != len(rec["mt_tags"]):
        return None
    places = token_spans(text, toks)
    if places is None:
        return None
    cats = token_categories(toks, rec["pe_tok"].split(), rec["mt_tags"])
    spans: list[tuple[int, int, str]] = []
    for (a, b), cat in zip(places, cats):
        if cat:
            if spans and spans[-1][2] == cat and not text[spans[-1][1] : a].strip():
                spans[-1] = (spans[-1][0], b, cat)
            else:
                spans.append((a, b, cat))
    return Pair(text, rec["pe"], spans)


def token_spans(text: str, toks: list[str]) -> list[tuple[int, int]] | None:
    """Character spans of the Moses tokens in the untokenised text (the release guarantees that
    both have the same characters apart from spaces); None when a token is not found in place."""
    out = []
    pos = 0
    for tok in toks:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if text[pos : pos + len(tok)] != tok:
            return None
        out.append((pos, pos + len(tok)))
        pos += len(tok)
    return out


def load_pairs(ape_dir: str | Path, split: str = "train", pairs=DEFAULT_PAIRS, max_hter: float = 0.5) -> list[Pair]:
    """Training pairs from ``<ape_dir>/mlqe_pe_<lp>_<split>.jsonl``."""
    out: list[Pair] = []
    for lp in pairs:
        path = Path(ape_dir) / f"mlqe_pe_{lp}_{split}.jsonl"
        with path.open(encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                if rec["hter"] > max_hter:
                    continue
                p = record_pair(rec)
                if p is not None:
                    out.append(p)
    return out
