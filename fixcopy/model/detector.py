"""The model detector: a CTranslate2 int8 encoder tags each SentencePiece piece as clean or
as one GARBLES category; a linear head (numpy) sits on its output.

All prose sentences of all documents of a run go through the encoder in one batched call.
A doubled word and "the" before a proper noun get a deletion. Spurious words stay flags
without a fix (see flags.FLAG_ONLY). The other flags go, in one batched call over the whole run, to the span
rewriter (fixcopy/models/rewriter/, see rewriter.py) when it is shipped: where it is confident,
the flag gets its replacement; elsewhere it stays a flag (where the sentence reads wrong, and
which category the model thinks it is). Shaping the flags is flags.py; their confidence,
calibration.py.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..categories import CATEGORIES, is_category
from ..config import Config
from ..document import Document
from ..suggestion import Suggestion
from .calibration import DEFAULT_THRESHOLD, lowest_prob
from .calibration import confidence as calibrated
from .flags import NOT_REWRITTEN, Flag, flags_from_probs
from .pieces import Pieces

BATCH_SIZE = 64
# Sentences go through the encoder (and their flags through the rewriter) this many at a time,
# so that memory is bounded by the chunk, not by the length of a document.
DETECT_CHUNK = 2048


def _softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


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
        self.threshold: float = float(self.meta.get("threshold", DEFAULT_THRESHOLD))
        self.pieces = Pieces(self.folder / "spm.model")
        self.w = np.load(self.folder / "head_weight.npy")
        self.b = np.load(self.folder / "head_bias.npy")
        threads = int(os.environ.get("FIXCOPY_MODEL_THREADS", "0")) or min(4, os.cpu_count() or 1)
        self.encoder = ctranslate2.Encoder(str(self.folder), device="cpu", compute_type="int8", intra_threads=threads)

    @classmethod
    def load(cls, folder: Path) -> ModelDetector:
        return _load(str(Path(folder).resolve()))

    def rewriter(self):
        """The span rewriter beside this detector (loaded on first use, cached per process), or None."""
        from .rewriter import Rewriter

        folder = self.folder.parent / "rewriter"
        return Rewriter.load(folder) if (folder / "metadata.json").is_file() else None

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
        return flags_from_probs(text, probs, spans, thr, self.labels)

    def confidence(self, prob: float) -> float:
        """The garbled probability as a confidence: the model's threshold at the default
        min-confidence (calibration.py)."""
        return calibrated(prob, self.threshold)

    # -- the Detector protocol -------------------------------------------------------------
    def detect(self, docs: Sequence[Document], config: Config, floor: float | None = None) -> list[list[Suggestion]]:
        """Flags down to ``config.min_confidence``, or down to ``floor`` where that is lower (for a
        detector that weighs these flags against evidence of its own: fixcopy.lm.corroborate)."""
        items: list[tuple[int, int, int]] = []  # (doc index, sentence start, end)
        for di, doc in enumerate(docs):
            for s in doc.sentences:
                if not doc.text[s.start : s.end].isspace() and s.end > s.start:
                    items.append((di, s.start, s.end))
        results: list[list[Suggestion]] = [[] for _ in docs]
        # flag a little below the threshold so that a lower --min-confidence can show more
        bar = config.min_confidence if floor is None else min(floor, config.min_confidence)
        low = lowest_prob(bar, self.threshold)
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


@lru_cache(maxsize=4)
def _load(folder: str) -> ModelDetector:
    return ModelDetector(Path(folder))
