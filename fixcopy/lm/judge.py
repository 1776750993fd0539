"""The language-model judge: per-token log-probabilities of English text, with exact offsets.

No CLI and no I/O beyond loading the installed model. Typical use::

    from fixcopy.lm import load_lm
    lm = load_lm()                       # None when the model is not installed
    a, b = lm.logprob(["He could afford to ignore it.", "He could afford to ignoring it."])

Each text is scored on its own: the BOS token is prepended and every token gets
``log P(token | BOS + preceding tokens)``. Texts longer than the window are scored in
overlapping windows (each window starts with BOS and carries ``overlap`` tokens of context).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fixcopy.allocator import release_memory
from fixcopy.lm.paths import INSTALL_HINT, is_installed, model_dir

__all__ = ["INSTALL_HINT", "LanguageModel", "Scored", "Token", "available", "load_lm"]

DEFAULT_WINDOW = 512  # tokens per model call, BOS included; SmolLM2's own limit is 8192
DEFAULT_OVERLAP = 128  # tokens of context carried into the next window
DEFAULT_BATCH = 8
# At most this many tokens (rows x the longest row) in one model call, beyond a single row: the
# model's output is a 49,152-way log-softmax per position, 4 bytes each, so 512 tokens hold about
# 100 MB. Without a cap, eight 512-token windows of long stories took 800 MB on top of the weights
# (13 long WMT stories: peak 1,530 MB; 894 MB at 1,024 tokens, 758 MB at 512, about 5% slower).
DEFAULT_BATCH_TOKENS = 512
# float32 arithmetic on the int8 weights. int8 arithmetic is about 2-3 times faster but noisy:
# on the 95 garble/fix sentence pairs of corpora/gold.jsonl it moves log P(fix) - log P(garble)
# from a float32 model's by a median 1.15 nats (max 13.3: single tokens off by 10+ nats, e.g.
# " including" in an ordinary sentence) and flips 3 of the 95 preferences; float32 arithmetic on
# the same int8 weights: median 0.20, max 1.18, no flips. See benchmarks/bench_lm.py --precision.
DEFAULT_COMPUTE_TYPE = "float32"
START_TOKEN = "<|endoftext|>"
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``text[start:end]`` and ``log P(token | preceding)`` in nats.

    Spans tile the text: each token covers the characters whose first UTF-8 byte it holds, so a
    token made only of the trailing bytes of a character (emoji, CJK split by byte-level BPE) has
    an empty span at the end of that character (``start == end``)."""

    id: int
    start: int
    end: int
    logprob: float


@dataclass(frozen=True, slots=True)
class Scored:
    text: str
    tokens: tuple[Token, ...]

    @property
    def total(self) -> float:
        return float(sum(t.logprob for t in self.tokens))

    def span_logprob(self, start: int, end: int) -> float:
        """Sum of the log-probs of the tokens touching ``text[start:end]`` (an empty-span token
        at position p belongs to the character before p)."""
        s = 0.0
        for t in self.tokens:
            if t.start == t.end:
                if start < t.start <= end:
                    s += t.logprob
            elif t.start < end and t.end > start:
                s += t.logprob
        return s


def _byte_decoder() -> dict[str, int]:
    """Inverse of GPT-2's bytes_to_unicode table."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(bs, cs)}


def default_threads() -> int:
    env = os.environ.get("FIXCOPY_LM_THREADS")
    if env:
        return max(1, int(env))
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(n, 4))


class LanguageModel:
    def __init__(
        self,
        path: str | Path,
        compute_type: str = DEFAULT_COMPUTE_TYPE,
        intra_threads: int | None = None,
        window: int = DEFAULT_WINDOW,
        overlap: int = DEFAULT_OVERLAP,
        batch_size: int = DEFAULT_BATCH,
        batch_tokens: int = DEFAULT_BATCH_TOKENS,
        pad: bool | None = None,
    ):
        import ctranslate2
        from tokenizers import Tokenizer

        if not 0 <= overlap < window - 1:
            raise ValueError("overlap must be smaller than window - 1")
        self.path = Path(path)
        self.compute_type = compute_type
        self.window = window
        self.overlap = overlap
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens
        # padded batches only where padding leaves the numbers alone (float32: within 1e-5)
        self.pad = (compute_type == "float32") if pad is None else pad
        self.intra_threads = intra_threads or default_threads()
        self._gen = ctranslate2.Generator(
            str(self.path), device="cpu", compute_type=compute_type, intra_threads=self.intra_threads
        )
        self._tok = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        vocab = self._tok.get_vocab(with_added_tokens=True)
        self._id_to_str = [""] * (max(vocab.values()) + 1)
        for s, i in vocab.items():
            self._id_to_str[i] = s
        specials = {t.content for t in self._tok.get_added_tokens_decoder().values() if t.special}
        dec = _byte_decoder()
        # byte length of each token as it appears in the text: a byte-level token has one character
        # per byte (a regex over the byte alphabet tests that at C speed, half the load's table time)
        byte_level = re.compile("[" + "".join(re.escape(c) for c in dec) + "]*")
        self._nbytes = [
            len(s) if s not in specials and byte_level.fullmatch(s) else len(s.encode("utf-8")) for s in self._id_to_str
        ]
        # The token every window starts with. The GGUF names <|im_start|> as BOS (the chat
        # format's); SmolLM2 was pretrained on documents separated by <|endoftext|>, and starting
        # plain text with it scores news better (6 bt-dev articles: 3.039 vs 3.054 nats/token,
        # first 20 tokens 5.08 vs 5.82).
        self.bos = START_TOKEN
        self._lock = threading.Lock()
        self._missing_bytes = frozenset(b for c, b in dec.items() if c not in vocab)

    # -- tokenisation with exact offsets -------------------------------------------------
    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Token ids and character spans that tile ``text``."""
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: score U+FFFD in their place (same offsets)
            text = _SURROGATE.sub("\ufffd", text)
            raw = text.encode("utf-8")
        if self._missing_bytes and not self._missing_bytes.isdisjoint(raw):
            # A byte the vocabulary has no token for (the lead bytes of planes 1-16 beyond the
            # emoji, e.g. U+40000): the tokenizer would drop it. Score U+FFFD in its place.
            text = "".join("\ufffd" if not self._missing_bytes.isdisjoint(c.encode("utf-8")) else c for c in text)
            raw = text.encode("utf-8")
        ids = self._tok.encode(text, add_special_tokens=False).ids
        # char index of each byte offset: position of the first char starting at or after it
        starts = bytearray(len(raw) + 1)  # 1 where a character starts
        for i, b in enumerate(raw):
            if b & 0xC0 != 0x80:
                starts[i] = 1
        starts[len(raw)] = 1
        char_at = [0] * (len(raw) + 1)  # number of characters starting before byte offset b
        c = 0
        for b in range(len(raw) + 1):
            char_at[b] = c
            if b < len(raw) and starts[b]:
                c += 1
        spans = []
        pos = 0
        for i in ids:
            n = self._nbytes[i]
            spans.append((char_at[pos], char_at[pos + n]))
            pos += n
        if pos != len(raw):
            raise RuntimeError("token bytes do not add up to the text (tokenizer mismatch)")
        return ids, spans

    # -- scoring ---------------------------------------------------------------------------
    def _windows(self, n: int) -> list[tuple[int, int, int]]:
        """(context start, first scored, end) over token positions 0..n, each at most window-1 long."""
        room = self.window - 1
        if n <= room:
            return [(0, 0, n)]
        out = []
        scored = 0
        while scored < n:
            # at least `overlap` tokens of context; the last window takes all the room it has
            ctx = max(0, min(scored - self.overlap, n - room)) if scored else 0
            end = min(n, ctx + room)
            out.append((ctx, scored, end))
            scored = end
        return out

    def _batches(self, jobs: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
        """Jobs grouped into batches, shortest first, at most ``batch_size`` rows and (beyond one
        row) ``batch_tokens`` tokens, counting each row as long as the longest. Without ``pad``,
        only inputs of the same length share a batch: with int8, a padded row's log-probs differ
        from the same row scored alone (by up to ~1.4 nats a sentence), and a text's score must not
        depend on its neighbours."""
        jobs = sorted((j for j in jobs if j[3] > j[1]), key=lambda j: j[3] - j[1])
        out: list[list[tuple[int, int, int, int]]] = []
        for j in jobs:
            last = out[-1] if out else None
            if (
                last is not None
                and len(last) < self.batch_size
                and (len(last) + 1) * (j[3] - j[1] + 1) <= self.batch_tokens
                and (self.pad or last[0][3] - last[0][1] == j[3] - j[1])
            ):
                last.append(j)
            else:
                out.append([j])
        return out

    def score(self, texts: Sequence[str]) -> list[Scored]:
        """Per-token log-probabilities for each text (each text scored on its own)."""
        encoded = [self.encode(t) for t in texts]
        jobs = []  # (text index, ctx, first, end)
        for k, (ids, _) in enumerate(encoded):
            for ctx, first, end in self._windows(len(ids)):
                jobs.append((k, ctx, first, end))
        logprobs: list[list[float]] = [[0.0] * len(ids) for ids, _ in encoded]
        for chunk in self._batches(jobs):
            batch = [[self.bos] + [self._id_to_str[i] for i in encoded[k][0][ctx:end]] for k, ctx, _, end in chunk]
            with self._lock:
                results = self._gen.score_batch(batch, max_input_length=0)
            for (k, ctx, first, end), res in zip(chunk, results):
                logprobs[k][first:end] = res.log_probs[first - ctx :]
        release_memory()
        out = []
        for text, (ids, spans), lps in zip(texts, encoded, logprobs):
            out.append(Scored(text, tuple(Token(i, a, z, float(p)) for i, (a, z), p in zip(ids, spans, lps))))
        return out

    def logprob(self, texts: Sequence[str]) -> list[float]:
        """Total log-probability (nats) of each text."""
        return [s.total for s in self.score(texts)]


_cache: dict[tuple, LanguageModel] = {}
_cache_lock = threading.Lock()


def available(path: str | Path | None = None) -> bool:
    return is_installed(Path(path) if path is not None else model_dir())


def load_lm(path: str | Path | None = None, compute_type: str = DEFAULT_COMPUTE_TYPE, **kw) -> LanguageModel | None:
    """The installed language model (cached per process), or None when it is not installed."""
    d = Path(path) if path is not None else model_dir()
    if not is_installed(d) and not (path is not None and (d / "model.bin").is_file()):
        return None
    key = (str(d.resolve()), compute_type, tuple(sorted(kw.items())))
    with _cache_lock:
        lm = _cache.get(key)
        if lm is None:
            lm = _cache[key] = LanguageModel(d, compute_type=compute_type, **kw)
        return lm
