"""The span rewriter: a small seq2seq model (BART-style, CTranslate2 int8) that reads a
sentence with one suspicious span marked and generates only the replacement of that span.

Input: ``"<category>: <span> | <left context>[[ <span> ]]<right context>"`` in the shipped SentencePiece
pieces; output: the replacement text (no pieces at all = delete the span). Beam search
(beam 4) proposes the best non-empty output; ``score_batch`` gives the log-probability of the
empty one (a deletion), which beam search cannot return. The confidence of a replacement is
the model's probability of the whole output sequence (end token included). Below the threshold stored in ``rewriter/metadata.json`` (measured on synthetic dev
pairs, per category) no replacement is offered and the flag stays a flag. A replacement identical to the
span is never offered. Nothing here imports torch.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .pieces import Pieces

OPEN, CLOSE = "[[", "]]"
LEFT_CHARS = 100  # context kept on each side of the span (cut at a word boundary)
RIGHT_CHARS = 60
MAX_SRC_PIECES = 80
MAX_DECODING_LENGTH = 16
BEAM_SIZE = 4
BATCH_SIZE = 32


def make_input(text: str, start: int, end: int, category: str) -> str:
    """The rewriter's source text for the span text[start:end]."""
    left = text[max(0, start - LEFT_CHARS) : start]
    if start > LEFT_CHARS and " " in left:
        left = left[left.index(" ") + 1 :]
    right = text[end : end + RIGHT_CHARS]
    if end + RIGHT_CHARS < len(text) and " " in right:
        right = right[: right.rindex(" ")]
    span = text[start:end]
    # the span comes first and, inside the sentence, between spaced markers, so that its words
    # are the same pieces ("▁word") as in a target: copying and editing them is easy to learn
    return f"{category}: {span} | {left}{OPEN} {span} {CLOSE}{right}"


def encode_source(pieces: Pieces, src: str) -> list[int]:
    """Piece ids of a source text, cut to MAX_SRC_PIECES around the span markers."""
    ids = pieces.sp.encode(src)
    if len(ids) <= MAX_SRC_PIECES:
        return ids
    # keep the category prefix and a window around the marked span
    h = src.index(" | ") + 3
    head = pieces.sp.encode(src[:h])
    k = src.index(OPEN, h)
    left = pieces.sp.encode(src[h:k])
    rest = pieces.sp.encode(src[k:])
    room = MAX_SRC_PIECES - len(head)
    keep_right = min(len(rest), max(room // 2, room - len(left)))
    keep_left = max(0, room - keep_right)
    return head + left[len(left) - keep_left :] + rest[:keep_right]


@dataclass
class Rewrite:
    replacement: str | None  # None: unsure (or no change); "": delete the span
    text: str  # the model's best output, even when unsure
    confidence: float


class Rewriter:
    def __init__(self, folder: Path, pieces: Pieces | None = None):
        import ctranslate2

        self.folder = Path(folder)
        self.meta = json.loads((self.folder / "metadata.json").read_text())
        self.threshold: float = float(self.meta.get("threshold", 0.9))
        # per category (measured on synthetic dev pairs); categories absent here use `threshold`
        self.thresholds: dict[str, float] = {k: float(v) for k, v in self.meta.get("thresholds", {}).items()}
        self.pieces = pieces or Pieces(self.folder / "spm.model")
        threads = int(os.environ.get("FIXCOPY_MODEL_THREADS", "0")) or min(4, os.cpu_count() or 1)
        self.translator = ctranslate2.Translator(str(self.folder), device="cpu", compute_type="int8",
                                                 intra_threads=threads)

    @classmethod
    def load(cls, folder: Path) -> "Rewriter":
        return _load(str(Path(folder).resolve()))

    def generate(self, items: Sequence[tuple[str, int, int, str]]) -> list[tuple[str, float]]:
        """(best output text, its sequence probability) for each (text, start, end, category)."""
        if not items:
            return []
        vocab = self.pieces.vocab
        srcs = [[vocab[i] for i in encode_source(self.pieces, make_input(*it))] for it in items]
        res = self.translator.translate_batch(
            srcs, beam_size=BEAM_SIZE, max_batch_size=BATCH_SIZE, return_scores=True,
            max_decoding_length=MAX_DECODING_LENGTH, length_penalty=0.0, batch_type="examples")
        # beam search never ends a hypothesis at the first step, so the empty output (a
        # deletion) is scored on its own: the log-probability of the end token right away
        empty = self.translator.score_batch(srcs, [[] for _ in srcs], max_batch_size=BATCH_SIZE,
                                            batch_type="examples")
        out = []
        for r, e in zip(res, empty):
            del_lp = float(sum(e.log_probs))
            if not r.hypotheses or del_lp >= r.scores[0]:
                out.append(("", math.exp(min(0.0, del_lp))))
                continue
            ids = [self.pieces.sp.piece_to_id(t) for t in r.hypotheses[0]]
            out.append((self.pieces.sp.decode(ids), math.exp(min(0.0, r.scores[0]))))
        return out

    def rewrite(self, items: Sequence[tuple[str, int, int, str]], threshold: float | None = None) -> list[Rewrite]:
        """A replacement for each (text, start, end, category), or None where the model is unsure
        or would leave the span as it is."""
        out = []
        for (text, start, end, cat), (hyp, conf) in zip(items, self.generate(items)):
            thr = self.thresholds.get(cat, self.threshold) if threshold is None else threshold
            span = text[start:end]
            ok = conf >= thr and hyp != span and hyp.strip() == hyp
            out.append(Rewrite(hyp if ok else None, hyp, conf))
        return out


def apply_span(text: str, start: int, end: int, replacement: str) -> tuple[int, int, str]:
    """The edit a rewrite makes: a deletion takes the space before the span with it."""
    if replacement == "" and start > 0 and text[start - 1].isspace():
        return start - 1, end, ""
    return start, end, replacement


@lru_cache(maxsize=4)
def _load(folder: str) -> Rewriter:
    return Rewriter(Path(folder))
