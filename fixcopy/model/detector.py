"""The model detector: a CTranslate2 int8 encoder tags each SentencePiece piece as clean or
as one GARBLES category; a linear head (numpy) sits on its output.

All prose sentences of all documents of a run go through the encoder in one batched call.
A doubled word and "the" before a proper noun get a deletion. Spurious words stay flags
without a fix (see FLAG_ONLY). The other flags go, in one batched call over the whole run, to the span
rewriter (fixcopy/models/rewriter/, see rewriter.py) when it is shipped: where it is confident,
the flag gets its replacement; elsewhere it stays a flag (where the sentence reads wrong, and
which category the model thinks it is).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..categories import CATEGORIES, is_category
from ..config import Config
from ..document import Document
from ..suggestion import Suggestion
from .pieces import Pieces

BATCH_SIZE = 64
# A flag is a span, at any threshold: at most this many words (longer runs of flagged pieces
# are cut into several flags), ...
MAX_SPAN_WORDS = 10
# ... cut where the garbled probability of a word is this many times lower (or higher) than the
# peak of the flag so far (at the default threshold every flagged piece is >= 0.94: no cut) ...
SPLIT_RATIO = 4.0
# ... and no piece below this garbled probability is ever flagged (confidence ~0.03: below it
# every piece of every sentence would be a flag, `--min-confidence 0` one flag a sentence).
MIN_FLAG_PROB = 0.05
# Sentences go through the encoder (and their flags through the rewriter) this many at a time,
# so that memory is bounded by the chunk, not by the length of a document.
DETECT_CHUNK = 2048
# Abbreviations whose full stops are never stray (the training corpus has few of them).
ABBREV_RE = re.compile(r"\b(?:[ap]\.m|[ap]\.m\.|vs|Mr|Mrs|Ms|Dr|St|No|U\.S|U\.K|Jr|Sr|Inc|Corp|Co|Ltd|[A-Z])\.\s*$")


@dataclass
class Flag:
    """A flagged span of one sentence (offsets relative to the sentence)."""

    start: int
    end: int
    category: str
    prob: float
    replacement: str | None = None


# Categories whose model flags never carry a replacement, neither a deletion nor the
# rewriter's. On clean edited news (benchmarks/rules_report.py --model: 300 BBC + WMT
# articles) the model's spurious-word deletions were wrong ("the more the merrier", "half of
# it from", "perfect for it", "is so strong that"): the words it learned to see as inserted
# are also everyday English. A flag asks an editor to look; a deletion would rewrite the
# sentence, and `fix` would apply it.
FLAG_ONLY = frozenset({"spurious-words"})

# Flags the rewriter is not asked about: FLAG_ONLY, and a "doubled word" that does not stand
# twice (with_fix already deleted the ones that do; deleting a single word on the model's word
# removed good English on MLQE-PE dev: "legislated for in March" -> "legislated for March").
NOT_REWRITTEN = FLAG_ONLY | {"duplicated-word"}

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _doubled(text: str, f: Flag) -> bool:
    """The flagged span is one word that stands twice in a row (the deletion is then certain)."""
    flagged = text[f.start : f.end].strip()
    if not _WORD_RE.fullmatch(flagged):
        return False
    before = _WORD_RE.findall(text[max(0, f.start - 40) : f.start])
    after = _WORD_RE.findall(text[f.end : f.end + 40])
    word = flagged.lower()
    return bool(
        before
        and before[-1].lower() == word
        and text[f.start - 1 : f.start].isspace()
        or after
        and after[0].lower() == word
        and text[f.end : f.end + 1].isspace()
    )


def with_fix(text: str, f: Flag) -> Flag:
    """A doubled word (the second of the two) and an article before a proper noun are fixed by
    deleting them with the space before them; other flags stay flags."""
    flagged = text[f.start : f.end]
    deletable = f.category == "duplicated-word" and _doubled(text, f)
    if f.category == "article" and flagged.lower() in ("the", "a", "an"):
        rest = text[f.end :].lstrip()
        deletable = bool(rest[:1].isupper())
    if not deletable or f.start == 0 or not text[f.start - 1].isspace():
        return f
    return Flag(f.start - 1, f.end, f.category, f.prob, "")


def _softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c in "'’-"


class ModelDetector:
    name = "model"

    def __init__(self, folder: Path):
        import ctranslate2

        self.folder = Path(folder)
        self.meta = json.loads((self.folder / "metadata.json").read_text())
        self.labels: list[str] = self.meta["labels"]
        self.max_len: int = int(self.meta.get("max_len", 128))
        # the most pieces one encoder input may hold: every window is at most this long
        self.max_positions: int = self.max_len
        self.threshold: float = float(self.meta.get("threshold", 0.5))
        self.pieces = Pieces(self.folder / "spm.model")
        self.w = np.load(self.folder / "head_weight.npy")
        self.b = np.load(self.folder / "head_bias.npy")
        threads = int(os.environ.get("FIXCOPY_MODEL_THREADS", "0")) or min(4, os.cpu_count() or 1)
        self.encoder = ctranslate2.Encoder(str(self.folder), device="cpu", compute_type="int8", intra_threads=threads)

    @classmethod
    def load(cls, folder: Path) -> ModelDetector:
        return _load(str(Path(folder).resolve()))

    def rewriter(self):
        """The shipped span rewriter (loaded on first use, cached per process), or None."""
        from . import load_model

        return load_model("rewriter", self.folder.parent)  # the rewriter beside this detector

    def add_replacements(self, texts: Sequence[str], flags: list[list[Flag]], rewriter=None) -> list[list[Flag]]:
        """Replacements from the span rewriter for the flags that have none, in one batched call
        over all texts; flags the rewriter is unsure about stay as they are."""
        todo = [
            (ti, k)
            for ti, fl in enumerate(flags)
            for k, f in enumerate(fl)
            if f.replacement is None and f.category not in NOT_REWRITTEN
        ]
        if not todo:
            return flags
        rw = rewriter or self.rewriter()
        if rw is None:
            return flags
        from .rewriter import apply_span

        items = [(texts[ti], flags[ti][k].start, flags[ti][k].end, flags[ti][k].category) for ti, k in todo]
        out = [list(fl) for fl in flags]
        for (ti, k), r in zip(todo, rw.rewrite(items)):
            if r.replacement is None:
                continue
            f = out[ti][k]
            a, b, rep = apply_span(texts[ti], f.start, f.end, r.replacement)
            out[ti][k] = Flag(a, b, f.category, f.prob, rep)
        return out

    # -- scoring ---------------------------------------------------------------------------
    def piece_probs(self, texts: Sequence[str]) -> list[tuple[np.ndarray, list[tuple[int, int]]]]:
        """For each text: (pieces x labels probabilities, piece character spans)."""
        encoded = [self.pieces.encode(t) for t in texts]
        windows = self.windows([ids for ids, _ in encoded])
        probs = [np.zeros((len(ids), len(self.labels)), dtype=np.float32) for ids, _ in encoded]
        order = sorted(range(len(windows)), key=lambda i: len(windows[i][2]))
        for bs in range(0, len(order), BATCH_SIZE):
            batch = [windows[i] for i in order[bs : bs + BATCH_SIZE]]
            out = self.forward([w[2] for w in batch])
            hidden = np.asarray(out.last_hidden_state, dtype=np.float32)
            logits = hidden @ self.w.T + self.b
            p = _softmax(logits)
            for k, (ti, off, chunk) in enumerate(batch):
                probs[ti][off : off + len(chunk)] = p[k, : len(chunk)]
        return [(probs[i], encoded[i][1]) for i in range(len(texts))]

    def windows(self, encoded: Sequence[list[int]]) -> list[tuple[int, int, list[int]]]:
        """(text index, piece offset, ids) windows of at most max_positions pieces covering each text."""
        out: list[tuple[int, int, list[int]]] = []
        step = self.max_positions
        for ti, ids in enumerate(encoded):
            for off in range(0, len(ids), step):
                out.append((ti, off, ids[off : off + step]))
        return out

    def forward(self, batch: list[list[int]]):
        """The encoder on a batch of windows (each within max_positions, by construction)."""
        if any(len(ids) > self.max_positions for ids in batch):
            raise ValueError(f"an encoder input is longer than {self.max_positions} pieces")
        return self.encoder.forward_batch(batch)

    def flags(self, texts: Sequence[str], threshold: float | None = None) -> list[list[Flag]]:
        """Flagged spans of each text: runs of pieces whose garbled probability reaches the
        threshold, widened to whole words."""
        thr = self.threshold if threshold is None else threshold
        return [self.flags_from_probs(t, pr, sp, thr) for t, (pr, sp) in zip(texts, self.piece_probs(texts))]

    def flags_from_probs(self, text: str, probs: np.ndarray, spans: list[tuple[int, int]], thr: float) -> list[Flag]:
        garbled = 1.0 - probs[:, 0] if len(probs) else np.zeros(0)
        thr = max(thr, MIN_FLAG_PROB)
        found: list[Flag] = []
        cur: list[int] = []
        for k in range(len(spans) + 1):
            if k < len(spans) and garbled[k] >= thr and text[spans[k][0] : spans[k][1]].strip():
                cur.append(k)
                continue
            if cur:
                found.extend(
                    self._flag(text, spans, probs, garbled, seg) for seg in _segments(text, spans, garbled, cur)
                )
                cur = []
        return [with_fix(text, _with_comma(text, f)) for f in _merge_flags(found) if _plausible(text, f)]

    def _flag(self, text, spans, probs, garbled, ks) -> Flag:
        a, b = spans[ks[0]][0], spans[ks[-1]][1]
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        # widen to whole words
        while a > 0 and _is_word_char(text[a - 1]) and _is_word_char(text[a]):
            a -= 1
        while b < len(text) and _is_word_char(text[b]) and _is_word_char(text[b - 1]):
            b += 1
        cat_scores = probs[ks, 1:].sum(axis=0)
        category = self.labels[1 + int(cat_scores.argmax())]
        return Flag(a, b, category, float(garbled[ks].max()))

    def confidence(self, prob: float) -> float:
        """Map the garbled probability to 0..1 so that the model's threshold sits at 0.5 (the
        default min-confidence): above it, linearly up to 1."""
        thr = self.threshold
        if prob >= thr:
            c = 0.5 + 0.5 * (prob - thr) / max(1e-6, 1 - thr)
        else:
            c = 0.5 * prob / max(1e-6, thr)
        return round(min(1.0, max(0.0, c)), 4)

    # -- the Detector protocol -------------------------------------------------------------
    def detect(self, docs: Sequence[Document], config: Config) -> list[list[Suggestion]]:
        items: list[tuple[int, int, int]] = []  # (doc index, sentence start, end)
        for di, doc in enumerate(docs):
            for s in doc.sentences:
                if not doc.text[s.start : s.end].isspace() and s.end > s.start:
                    items.append((di, s.start, s.end))
        results: list[list[Suggestion]] = [[] for _ in docs]
        # flag a little below the threshold so that a lower --min-confidence can show more
        low = self.threshold * min(1.0, config.min_confidence / 0.5) if config.min_confidence < 0.5 else self.threshold
        for c in range(0, len(items), DETECT_CHUNK):  # memory bounded by the chunk (one batch each)
            chunk = [docs[di].text[a:b] for di, a, b in items[c : c + DETECT_CHUNK]]
            flags = self.add_replacements(chunk, self.flags(chunk, low))
            for (di, base, _), fl in zip(items[c : c + DETECT_CHUNK], flags):
                doc = docs[di]
                for f in fl:
                    start, end = base + f.start, base + f.end
                    if start >= end or not is_category(f.category):
                        continue
                    results[di].append(
                        Suggestion(
                            start=start,
                            end=end,
                            text=doc.text[start:end],
                            replacement=f.replacement,
                            category=f.category,
                            confidence=self.confidence(f.prob),
                            source="model",
                            message=f"Reads like a garble: {CATEGORIES[f.category][0].lower()} (model)",
                        )
                    )
        return results


def _segments(text: str, spans: list[tuple[int, int]], garbled: np.ndarray, run: list[int]) -> list[list[int]]:
    """A run of flagged pieces cut into spans: at most MAX_SPAN_WORDS words each, cut at a word
    whose probability is SPLIT_RATIO times lower or higher than the peak of the span so far.
    Cuts fall only where a word starts (a piece that begins with a space), so the flags, widened
    to whole words, never overlap."""
    words: list[list[int]] = []
    for k in run:
        a = spans[k][0]
        if not words or (a < len(text) and text[a].isspace()):
            words.append([k])
        else:
            words[-1].append(k)
    out: list[list[int]] = []
    peak = 0.0
    n = 0
    for w in words:
        p = float(garbled[w].max())
        if out and n < MAX_SPAN_WORDS and peak <= p * SPLIT_RATIO and p <= peak * SPLIT_RATIO:
            out[-1].extend(w)
            peak = max(peak, p)
            n += 1
        else:
            out.append(list(w))
            peak, n = p, 1
    return out


def _plausible(text: str, f: Flag) -> bool:
    """Structural checks on a flag, from the category definitions (GARBLES.md): a stray
    sentence break is inside a clause, so never the sentence's final punctuation, and never
    the full stop of an abbreviation such as "a.m." or "vs."."""
    if f.category != "stray-punctuation":
        return True
    flagged = text[f.start : f.end]
    if f.end >= len(text.rstrip().rstrip("\"”’')]")) and not any(c.isalnum() for c in flagged):
        return False
    around = text[max(0, f.start - 12) : f.end]
    if (
        ABBREV_RE.search(text[max(0, f.start - 12) : f.start])
        or ABBREV_RE.search(around)
        or re.search(r"\b[ap]\.m?$", text[max(0, f.start - 4) : f.start + 1])
    ):
        return False
    return True


def _with_comma(text: str, f: Flag) -> Flag:
    """A split attribution ("..., she said.") starts at its comma: the model tags the words, but
    the garble (and what the rewriter should delete) is ", she said"."""
    if f.category != "split-attribution":
        return f
    j = f.start
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j > 0 and text[j - 1] == ",":
        return Flag(j - 1, f.end, f.category, f.prob, f.replacement)
    return f


def _merge_flags(flags: list[Flag]) -> list[Flag]:
    out: list[Flag] = []
    for f in flags:
        if out and f.start <= out[-1].end:
            prev = out[-1]
            keep = prev if prev.prob >= f.prob else f
            out[-1] = Flag(prev.start, max(prev.end, f.end), keep.category, max(prev.prob, f.prob))
        else:
            out.append(f)
    return out


@lru_cache(maxsize=4)
def _load(folder: str) -> ModelDetector:
    return ModelDetector(Path(folder))
