"""The rewriter's examples: for each garble span of a synthetic pair, the replacement that
repairs it.

The replacement is found by aligning the garbled and the clean sentence (difflib on word /
space / punctuation tokens); the marked span is widened to cover the whole edit. A share of
the examples marks an untouched word of a clean sentence with itself as the target, so that
the model learns to leave good text alone (such outputs are never offered at runtime).
"""

from __future__ import annotations

import random
import re
from bisect import bisect_right
from difflib import SequenceMatcher

from ...categories import CATEGORY_IDS
from ...model.rewriter import make_input

_TOK_RE = re.compile(r"\w+|\s+|[^\w\s]")
_WORDS_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


class _Alignment:
    """The token alignment of a garbled sentence with its clean one."""

    def __init__(self, garbled: str, clean: str) -> None:
        gt = [(m.start(), m.end()) for m in _TOK_RE.finditer(garbled)]
        ct = [(m.start(), m.end()) for m in _TOK_RE.finditer(clean)]
        self.garbled, self.clean = garbled, clean
        self.gs = [garbled[a:b] for a, b in gt]
        self.ops = SequenceMatcher(None, self.gs, [clean[a:b] for a, b in ct], autojunk=False).get_opcodes()
        self.starts = [a for a, _ in gt]
        self.gpos = self.starts + [len(garbled)]
        self.cpos = [a for a, _ in ct] + [len(clean)]

    def edit_tokens(self, s: int, e: int) -> tuple[int, int] | None:
        """The garbled tokens [ts, te) of the characters s..e widened to the edits that touch
        them (or only a space away from them: an insertion before the space); None: no edit."""
        gs = self.gs
        ts = max(0, bisect_right(self.starts, s) - 1)
        te = bisect_right(self.starts, e - 1)
        ts_m = ts - 1 if ts > 0 and gs[ts - 1].isspace() else ts
        te_m = te + 1 if te < len(gs) and gs[te].isspace() else te
        changes = [
            op
            for op in self.ops
            if op[0] != "equal" and ((op[1] < te and op[2] > ts) or (op[1] == op[2] and ts_m <= op[1] <= te_m))
        ]
        if not changes:
            return None
        return min(ts, min(op[1] for op in changes)), max(te, max(op[2] for op in changes))

    def clean_tokens(self, ts: int, te: int) -> tuple[int, int]:
        """The clean tokens [c0, c1) aligned with the garbled tokens [ts, te)."""
        ops = self.ops
        c0 = min(
            [j1 + (ts - i1) for tag, i1, i2, j1, _ in ops if i1 <= ts < i2 and tag == "equal"]
            + [j1 for _, i1, _, j1, _ in ops if i1 == ts]
            + [j2 for _, _, i2, _, j2 in ops if i2 == ts]
        )
        c1 = max(
            [j1 + (te - i1) for tag, i1, i2, j1, _ in ops if i1 < te < i2 and tag == "equal"]
            + [j2 for _, _, i2, _, j2 in ops if i2 == te]
            + [j1 for _, i1, _, j1, _ in ops if i1 == te]
        )
        return c0, c1

    def target(self, s: int, e: int) -> tuple[int, int, str] | None:
        """(start, end, replacement) in the garbled text for the garble at s..e, or None."""
        edit = self.edit_tokens(s, e)
        if edit is None:
            return None
        c0, c1 = self.clean_tokens(*edit)
        a, b = self.gpos[edit[0]], self.gpos[edit[1]]
        seg, rep = self.garbled[a:b], self.clean[self.cpos[c0] : self.cpos[c1]]
        while seg and seg[0].isspace():  # the spaces at both ends stay, and leave the replacement
            if rep[:1] == seg[0]:
                rep = rep[1:]
            seg, a = seg[1:], a + 1
        while seg and seg[-1].isspace():
            if rep[-1:] == seg[-1]:
                rep = rep[:-1]
            seg, b = seg[:-1], b - 1
        if not rep.strip():
            rep = ""
        if not seg or rep != rep.strip() or rep == seg:
            return None
        return a, b, rep


def span_targets(garbled: str, clean: str, spans) -> list[tuple[int, int, str, str]]:
    """(start, end, category, replacement) for each garble span, in the garbled text. The span
    is widened to the whole edit it belongs to; replacement "" = delete the span (and the
    space before it)."""
    al = _Alignment(garbled, clean)
    out = []
    for s, e, cat in spans:
        if not al.starts or s >= e:
            continue
        t = al.target(s, e)
        if t is not None:
            out.append((t[0], t[1], cat, t[2]))
    return out


def identity_target(text: str, rng: random.Random) -> tuple[int, int, str, str] | None:
    words = list(_WORDS_RE.finditer(text))
    if len(words) < 3:
        return None
    k = rng.randrange(len(words))
    n = 1 if rng.random() < 0.75 else 2
    a, b = words[k].start(), words[min(len(words) - 1, k + n - 1)].end()
    return a, b, rng.choice(CATEGORY_IDS), text[a:b]


def gold_items(pairs: list[dict]) -> list[tuple[str, int, int, str, str]]:
    """(text, start, end, category, gold replacement) for each garble of the dev pairs."""
    out = []
    for p in pairs:
        for a, b, cat, rep in span_targets(p["garbled"], p["clean"], [tuple(s) for s in p["spans"]]):
            out.append((p["garbled"], a, b, cat, rep))
    return out


def clean_counterparts(items: list[tuple[str, int, int, str, str]]) -> list[tuple[str, int, int, str]]:
    """For each gold item with a non-empty replacement, the same place in the repaired sentence
    under the same category: a false flag, where the right answer is to change nothing. (The
    rewriter learns antonyms for mistranslation; asked about a correct "rose" it answers "fell".)"""
    out = []
    for text, a, b, cat, rep in items:
        if rep.strip():
            out.append((text[:a] + rep + text[b:], a, a + len(rep), cat))
    return out


def examples_from_pairs(pairs, rng: random.Random, identity_rate: float, counterpart_rate: float = 0.0):
    """(source text, target text, category, span) examples."""
    out = []
    for p in pairs:
        for a, b, cat, rep in span_targets(p.garbled, p.clean, p.spans):
            out.append((make_input(p.garbled, a, b, cat), rep, cat, p.garbled[a:b]))
            if rep and rng.random() < counterpart_rate:
                ((text, c0, c1, _),) = clean_counterparts([(p.garbled, a, b, cat, rep)])
                out.append((make_input(text, c0, c1, cat), rep, "counterpart", rep))
        if rng.random() < identity_rate * (1 + len(p.spans)):
            t = identity_target(p.garbled, rng)
            if t and not any(t[0] < e and s < t[1] for s, e, _ in p.spans):
                out.append((make_input(p.garbled, t[0], t[1], t[2]), t[3], "identity", t[3]))
    return out
