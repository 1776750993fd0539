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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .pieces import Pieces

OPEN, CLOSE = "[[", "]]"
LEFT_CHARS = 100  # context kept on each side of the span (cut at a word boundary)
RIGHT_CHARS = 60
MAX_SRC_PIECES = 80
# Spans longer than this (in pieces) are not rewritten: no model call, the flag stays a flag.
# Targets are at most MAX_DECODING_LENGTH pieces; a span many times longer is no edit to propose.
MAX_SPAN_PIECES = 32
MAX_DECODING_LENGTH = 16
BEAM_SIZE = 4
BATCH_SIZE = 32


def make_parts(text: str, start: int, end: int, category: str) -> tuple[str, str, str, str]:
    """The rewriter's source for the span text[start:end] in four parts: the head (category and
    span), the left context, the marked span and the right context; make_input joins them."""
    left = text[max(0, start - LEFT_CHARS) : start]
    if start > LEFT_CHARS and " " in left:
        left = left[left.index(" ") + 1 :]
    right = text[end : end + RIGHT_CHARS]
    if end + RIGHT_CHARS < len(text) and " " in right:
        right = right[: right.rindex(" ")]
    span = text[start:end]
    # the span comes first and, inside the sentence, between spaced markers, so that its words
    # are the same pieces ("▁word") as in a target: copying and editing them is easy to learn
    return f"{category}: {span} | ", left, f"{OPEN} {span} {CLOSE}", right


def make_input(text: str, start: int, end: int, category: str) -> str:
    """The rewriter's source text for the span text[start:end]."""
    return "".join(make_parts(text, start, end, category))


def split_source(src: str) -> tuple[str, str, str, str]:
    """The parts of a source text made by make_input (for training pairs, which keep the text)."""
    h = src.index(" | ") + 3
    k = src.index(OPEN, h)
    c = src.rfind(CLOSE)
    c = len(src) if c < k else c + len(CLOSE)
    return src[:h], src[h:k], src[k:c], src[c:]


def encode_source(pieces: Pieces, src: str | tuple[str, str, str, str], limit: int = MAX_SRC_PIECES) -> list[int]:
    """Piece ids of a source text (or its parts), never more than ``limit``: a long source is
    cut around the marked span, keeping the category and the span; a span too long to keep
    whole is cut too (the rewriter is not asked about such spans: see Rewriter.fits)."""
    parts = split_source(src) if isinstance(src, str) else src
    sp = pieces.sp
    ids = sp.encode("".join(parts))
    if len(ids) <= limit:
        return ids
    head_s, left_s, marked_s, right_s = parts
    head, left = sp.encode(head_s), sp.encode(left_s)
    if len(head) <= limit // 2:
        rest = sp.encode(marked_s + right_s)  # the marked span and what follows, as one text
    else:  # a huge span: keep its start in the head and between the markers
        head = head[: limit // 3]
        marked = sp.encode(marked_s)
        if len(marked) > limit // 3:
            close = sp.encode(" " + CLOSE)
            marked = marked[: limit // 3 - len(close)] + close
        right = sp.encode(right_s)
        room = limit - len(head) - len(marked)
        keep_right = min(len(right), max(room // 2, room - len(left)))
        keep_left = max(0, min(len(left), room - keep_right))
        return head + left[len(left) - keep_left :] + marked + right[:keep_right]
    room = limit - len(head)
    keep_right = min(len(rest), max(room // 2, room - len(left)))
    keep_left = max(0, room - keep_right)
    return (head + left[len(left) - keep_left :] + rest[:keep_right])[:limit]


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
        # the model's position limit (source and target), from its training configuration
        self.max_positions: int = int(self.meta.get("training", {}).get("max_positions", 128))
        self.max_src_pieces = min(MAX_SRC_PIECES, self.max_positions)
        self.max_decoding_length = min(MAX_DECODING_LENGTH, self.max_positions - 1)
        threads = int(os.environ.get("FIXCOPY_MODEL_THREADS", "0")) or min(4, os.cpu_count() or 1)
        self.translator = ctranslate2.Translator(
            str(self.folder), device="cpu", compute_type="int8", intra_threads=threads
        )

    @classmethod
    def load(cls, folder: Path) -> Rewriter:
        return _load(str(Path(folder).resolve()))

    def fits(self, text: str, start: int, end: int) -> bool:
        """Whether the span is short enough to rewrite (MAX_SPAN_PIECES); longer ones are not asked about."""
        if end - start > MAX_SPAN_PIECES * 8:
            return False
        return len(self.pieces.sp.encode(text[start:end])) <= MAX_SPAN_PIECES

    def generate(self, items: Sequence[tuple[str, int, int, str]]) -> list[tuple[str, float]]:
        """(best output text, its sequence probability) for each (text, start, end, category)."""
        if not items:
            return []
        vocab = self.pieces.vocab
        srcs = [[vocab[i] for i in encode_source(self.pieces, make_parts(*it), self.max_src_pieces)] for it in items]
        assert all(len(s) <= self.max_src_pieces for s in srcs)
        res = self.translator.translate_batch(
            srcs,
            beam_size=BEAM_SIZE,
            max_batch_size=BATCH_SIZE,
            return_scores=True,
            max_decoding_length=self.max_decoding_length,
            length_penalty=0.0,
            batch_type="examples",
        )
        # beam search never ends a hypothesis at the first step, so the empty output (a
        # deletion) is scored on its own: the log-probability of the end token right away
        empty = self.translator.score_batch(srcs, [[] for _ in srcs], max_batch_size=BATCH_SIZE, batch_type="examples")
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
        ok_items = [it for it in items if self.fits(*it[:3])]
        made = iter(self.generate(ok_items))
        out = []
        for text, start, end, cat in items:
            if not self.fits(text, start, end):  # too long to rewrite: no model call, no replacement
                out.append(Rewrite(None, "", 0.0))
                continue
            hyp, conf = next(made)
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
