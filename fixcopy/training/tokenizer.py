"""The SentencePiece model, trained on the clean news sentences.

Normalisation is off (``identity``, no whitespace folding) and byte fallback is on, so every
piece maps back to exact character offsets of the original text: curly quotes, dashes and
accented names survive untouched, and no NFKC rewrite can leak into the output.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

# Typographic characters that the (mostly ASCII) training corpus lacks but wire copy has.
TYPOGRAPHY = ("’", "‘", "“", "”", "—", "–", "…", "«", "»", "„")


def train_spm(
    sentences: Iterable[str],
    prefix: Path,
    vocab_size: int = 8000,
    model_type: str = "unigram",
    max_sentences: int = 400_000,
    seed: int = 0,
) -> Path:
    import sentencepiece as spm

    sents = list(sentences)
    random.Random(seed).shuffle(sents)
    sents = sents[:max_sentences]
    prefix = Path(prefix)
    prefix.parent.mkdir(parents=True, exist_ok=True)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sents),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        user_defined_symbols=list(TYPOGRAPHY),
        byte_fallback=True,
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        split_digits=True,
        pad_id=0,
        unk_id=1,
        bos_id=2,
        eos_id=3,
        input_sentence_size=max_sentences,
        shuffle_input_sentence=True,
        num_threads=1,
        minloglevel=2,
    )
    return prefix.with_suffix(".model")
